"""`Value`: a frozen value class, as `@dataclass(frozen=True)` makes one, for the start-up path.

`dataclasses` imports `inspect` (with `ast`, `dis` and `tokenize`): ~8 ms of a one-file run, and
it writes each class's methods with `exec`, ~0.4 ms a class; a one-file run defines about twenty.
A `Value` lists its fields in `FIELDS` (with `__slots__ = FIELDS`) and gets what those classes
relied on, with no code generated: construction by position or keyword with defaults (the class
keywords `defaults=`, and `factories=` for mutable ones), `==` and `hash` over its fields but
those in `not_compared=`, ordering too with `ordered=True`, a dataclass-like `repr` (without the
`hidden=` fields), `replace`, pickling (to worker processes), and no assignment once built:

    class Span(Value, defaults={"end": None}):
        FIELDS = ("start", "end")
        __slots__ = FIELDS
"""

from __future__ import annotations

from operator import attrgetter

__all__ = ["Value", "replace"]


def _key_of(names: tuple[str, ...]):
    """A function giving an instance's compared fields as a tuple."""
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda value: (get(value),)
    if not names:
        return lambda value: ()
    return attrgetter(*names)


class Value:
    """Base of frozen value classes; see the module's docstring."""

    __slots__ = ()
    FIELDS: tuple[str, ...] = ()  # every field, in order (`__slots__` is the same tuple)
    _defaults: dict
    _factories: dict
    _shown: tuple[str, ...]

    def __init_subclass__(
        cls,
        defaults: dict | None = None,
        factories: dict | None = None,
        not_compared: tuple[str, ...] = (),
        hidden: tuple[str, ...] = (),
        ordered: bool = False,
        **kwargs,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if "FIELDS" not in cls.__dict__:  # a subclass adding no field (`runner.RunResults`)
            return
        if cls.__dict__.get("__slots__") is not cls.FIELDS:
            raise TypeError(f"{cls.__name__}: write `__slots__ = FIELDS`")
        cls._defaults = dict(defaults or {})
        cls._factories = dict(factories or {})
        cls._key = staticmethod(_key_of(tuple(n for n in cls.FIELDS if n not in not_compared)))
        cls._shown = tuple(name for name in cls.FIELDS if name not in hidden)
        if ordered:
            cls.__lt__ = _compare(lambda a, b: a < b)
            cls.__le__ = _compare(lambda a, b: a <= b)
            cls.__gt__ = _compare(lambda a, b: a > b)
            cls.__ge__ = _compare(lambda a, b: a >= b)

    def __init__(self, *args, **kwargs) -> None:
        names = self.FIELDS
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}() takes {len(names)} values, not {len(args)}")
        given = dict(zip(names, args, strict=False))
        for name, value in kwargs.items():
            if name in given or name not in names:
                raise TypeError(f"{type(self).__name__}() got an unexpected or repeated {name!r}")
            given[name] = value
        put = object.__setattr__
        for name in names:
            if name in given:
                value = given[name]
            elif name in self._defaults:
                value = self._defaults[name]
            elif name in self._factories:
                value = self._factories[name]()
            else:
                raise TypeError(f"{type(self).__name__}() is missing {name!r}")
            put(self, name, value)

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is frozen")

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key(self) == other._key(other)

    def __hash__(self) -> int:
        return hash(self._key(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{type(self).__qualname__}({shown})"

    def __reduce__(self):
        values = tuple(getattr(self, name) for name in self.FIELDS)
        return (type(self), values, getattr(self, "__dict__", None) or None)

    @staticmethod
    def _key(value) -> tuple:  # replaced in each subclass
        return ()


def _compare(test):
    def method(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return test(self._key(self), other._key(other))

    return method


def replace(value: Value, **changes) -> Value:
    """A copy of `value` with some fields changed (`dataclasses.replace`)."""
    for name in changes:
        if name not in value.FIELDS:
            raise TypeError(f"{type(value).__name__} has no field {name!r}")
    values = {name: getattr(value, name) for name in value.FIELDS}
    values.update(changes)
    return type(value)(**values)
