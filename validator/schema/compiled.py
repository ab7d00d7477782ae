"""A small pure-Python JSON Schema (2020-12) validator that only answers "valid or not".

`compile_schema(schema)` turns a schema into nested closures once per process; calling the result
on a value gives the same verdict as jsonschema, the reference, for the keywords it implements.
Any other keyword raises `Unsupported`, and the caller falls back to another engine. Importing this
module is cheap: the two format libraries are imported only when a schema uses those formats.

Every check mirrors the reference's own code (jsonschema's `_keywords`, `_types`, `_utils` and
`_format`), including its quirks: `1.0` is an integer, `True` is neither an integer nor equal to
`1`, patterns are ECMA-262 (validator.schema.ecma), formats are validator.schema.formats' checks.

`compile_parts(schema)` also gives the verdict of every subschema on its own (`Parts.passes`), so
an explanation can walk only into the parts of a value that fail (validator/schema/explain.py).

One module past 400 lines, on purpose: one compiler, a keyword a function, whose closures share
the compile-time context; split, each keyword would take it as an argument on the hot path.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

Check = Callable[[object], bool]

DRAFT_2020_12 = {
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2020-12/schema#",
}
# Keywords that never change the verdict. `$defs` is reached only through `$ref`.
_IGNORED = {"title", "description", "examples", "$comment", "default", "$defs", "$schema", "$id"}
_TYPES = ("string", "integer", "number", "boolean", "object", "array", "null")


class Unsupported(Exception):
    """The schema uses something this engine does not implement; use another engine."""


def compile_schema(schema: Any) -> Check:
    """A function value -> bool agreeing with jsonschema's Draft 2020-12 validator on `schema`."""
    return compile_parts(schema).check


def compile_parts(schema: Any, *, formats: bool = True) -> Parts:
    """`compile_schema`, keeping the check of every subschema it compiled (see `Parts`)."""
    if isinstance(schema, dict):
        dialect = schema.get("$schema")
        if dialect is not None and (not isinstance(dialect, str) or dialect not in DRAFT_2020_12):
            raise Unsupported(f"$schema {dialect!r}")
        if "$id" in schema and not isinstance(schema["$id"], str):
            raise Unsupported("$id")
    compiler = _Compiler(schema, formats)
    return Parts(compiler.compile(schema, top=True), compiler.parts)


class Parts:
    """The verdict on a whole schema (`check`) and on each of its subschemas (`passes`).

    `passes(subschema, value)` answers for a subschema object of the compiled schema (the very
    object, as a walk of the schema meets it, `$ref` targets included): True only when `value`
    is surely valid against it. For anything else (a subschema it does not know, a `false`
    one, a value it cannot take) it says False: "look closer", never a wrong "valid".
    """

    __slots__ = ("_parts", "check")

    def __init__(self, check: Check, parts: dict[int, tuple[Any, Check]]):
        self.check = check
        self._parts = parts

    def __call__(self, value: Any) -> bool:
        return self.check(value)

    def passes(self, subschema: Any, value: Any) -> bool:
        if subschema is True:
            return True
        part = self._parts.get(id(subschema))
        if part is None or part[0] is not subschema:
            return False
        try:
            return part[1](value)
        except (ValueError, TypeError, OverflowError, RecursionError):
            return False


class _Compiler:
    def __init__(self, root: Any, formats: bool = True):
        self.root = root
        self.formats = formats  # False: `format` is an annotation
        self.refs: dict[str, Check | None] = {}
        # id(subschema) -> (subschema, its check); the subschema is kept so an id is never reused
        self.parts: dict[int, tuple[Any, Check]] = {}

    def compile(self, schema: Any, *, top: bool = False) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise Unsupported(f"a schema that is a {type(schema).__name__}")
        if not top and "$id" in schema and schema is not self.root:
            raise Unsupported("$id below the top level")
        checks: list[Check] = []
        for keyword, argument in schema.items():
            if keyword in _IGNORED or keyword in ("then", "else") or keyword.startswith("x-"):
                continue  # `then`/`else` are compiled with `if`; `x-...` are annotations
            # `$ref` -> `k__ref`; a keyword with its own "_" could only reach a wrong method
            name = "k_" + keyword.replace("$", "_")
            build = None if "_" in keyword else getattr(self, name, None)
            if build is None:
                raise Unsupported(keyword)
            check = build(argument, schema)
            if check is not None:
                checks.append(check)
        compiled = _all_of(checks)
        self.parts[id(schema)] = (schema, compiled)
        return compiled

    # -- applicators ---------------------------------------------------------------------------

    def k__ref(self, ref: Any, schema: dict) -> Check:
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise Unsupported(f"$ref {ref!r}")
        refs = self.refs
        if ref not in refs:
            refs[ref] = None  # in progress: a recursive $ref looks it up when called
            refs[ref] = self.compile(self._resolve(ref))
        target = refs[ref]
        if target is not None:
            return target

        def recursive(value: Any) -> bool:
            return refs[ref](value)  # type: ignore[misc]

        return recursive

    def _resolve(self, ref: str) -> Any:
        from .pointer import Unresolvable, resolve_ref  # only a schema with a $ref

        try:
            node = resolve_ref(self.root, ref)
        except Unresolvable as error:
            raise Unsupported(str(error)) from None
        if isinstance(node, dict) and "$id" in node and node is not self.root:
            raise Unsupported(f"$ref {ref!r} into another resource")
        return node

    def k_allOf(self, schemas: list, schema: dict) -> Check:
        return _all_of([self.compile(s) for s in schemas])

    def k_anyOf(self, schemas: list, schema: dict) -> Check:
        checks = [self.compile(s) for s in schemas]
        return lambda value: any(check(value) for check in checks)

    def k_oneOf(self, schemas: list, schema: dict) -> Check:
        checks = [self.compile(s) for s in schemas]

        def one_of(value: Any) -> bool:
            return sum(1 for check in checks if check(value)) == 1

        return one_of

    def k_not(self, subschema: Any, schema: dict) -> Check:
        check = self.compile(subschema)
        return lambda value: not check(value)

    def k_if(self, subschema: Any, schema: dict) -> Check:
        condition = self.compile(subschema)
        then = self.compile(schema["then"]) if "then" in schema else _always
        otherwise = self.compile(schema["else"]) if "else" in schema else _always
        return lambda value: then(value) if condition(value) else otherwise(value)

    def k_properties(self, properties: dict, schema: dict) -> Check:
        checks = [(name, self.compile(sub)) for name, sub in properties.items()]

        def check_properties(value: Any) -> bool:
            if isinstance(value, dict):
                for name, check in checks:
                    if name in value and not check(value[name]):
                        return False
            return True

        return check_properties

    def k_patternProperties(self, patterns: dict, schema: dict) -> Check:
        checks = [(_searcher(p), self.compile(sub)) for p, sub in patterns.items()]

        def check_patterns(value: Any) -> bool:
            if isinstance(value, dict):
                for search, check in checks:
                    for key, item in value.items():
                        if search(key) and not check(item):
                            return False
            return True

        return check_patterns

    def k_additionalProperties(self, subschema: Any, schema: dict) -> Check | None:
        if subschema is True:
            return None
        known = frozenset(schema.get("properties", {}))
        searches = [_searcher(p) for p in schema.get("patternProperties", {})]
        check = self.compile(subschema)

        def check_additional(value: Any) -> bool:
            if isinstance(value, dict):
                for key, item in value.items():
                    if key in known or any(search(key) for search in searches):
                        continue
                    if not check(item):
                        return False
            return True

        return check_additional

    def k_items(self, subschema: Any, schema: dict) -> Check | None:
        if not isinstance(subschema, (dict, bool)):
            raise Unsupported("items that is not a schema")
        if subschema is True:
            return None
        check = self.compile(subschema)

        def check_items(value: Any) -> bool:
            if isinstance(value, list):
                for item in value:
                    if not check(item):
                        return False
            return True

        return check_items

    # -- assertions ----------------------------------------------------------------------------

    def k_type(self, types: Any, schema: dict) -> Check:
        names = [types] if isinstance(types, str) else list(types)
        if any(name not in _TYPES for name in names):
            raise Unsupported(f"type {types!r}")
        tests = [_TYPE_TESTS[name] for name in dict.fromkeys(names)]
        if len(tests) == 1:
            return tests[0]
        return lambda value: any(test(value) for test in tests)

    def k_enum(self, allowed: list, schema: dict) -> Check:
        if allowed and all(type(item) is str for item in allowed):
            strings = frozenset(allowed)
            return lambda value: isinstance(value, str) and value in strings
        items = list(allowed)
        return lambda value: any(_equal(item, value) for item in items)

    def k_const(self, expected: Any, schema: dict) -> Check:
        return lambda value: _equal(value, expected)

    def k_required(self, names: list, schema: dict) -> Check:
        names = list(names)

        def check_required(value: Any) -> bool:
            if isinstance(value, dict):
                for name in names:
                    if name not in value:
                        return False
            return True

        return check_required

    def k_minItems(self, limit: int, schema: dict) -> Check:
        return lambda value: not isinstance(value, list) or len(value) >= limit

    def k_maxItems(self, limit: int, schema: dict) -> Check:
        return lambda value: not isinstance(value, list) or len(value) <= limit

    def k_uniqueItems(self, unique: bool, schema: dict) -> Check | None:
        if not unique:
            return None
        return lambda value: not isinstance(value, list) or _uniq(value)

    def k_minLength(self, limit: int, schema: dict) -> Check:
        return lambda value: not isinstance(value, str) or len(value) >= limit

    def k_maxLength(self, limit: int, schema: dict) -> Check:
        return lambda value: not isinstance(value, str) or len(value) <= limit

    def k_pattern(self, pattern: str, schema: dict) -> Check:
        search = _searcher(pattern)
        return lambda value: not isinstance(value, str) or search(value)

    def k_minimum(self, limit: Any, schema: dict) -> Check:
        return lambda value: not _is_number(value) or not value < limit

    def k_maximum(self, limit: Any, schema: dict) -> Check:
        return lambda value: not _is_number(value) or not value > limit

    def k_exclusiveMinimum(self, limit: Any, schema: dict) -> Check:
        return lambda value: not _is_number(value) or not value <= limit

    def k_exclusiveMaximum(self, limit: Any, schema: dict) -> Check:
        return lambda value: not _is_number(value) or not value >= limit

    def k_format(self, name: str, schema: dict) -> Check | None:
        if not self.formats:
            return None
        from .formats import CHECKERS  # validator.schema gives jsonschema the same checks

        test = CHECKERS.get(name)
        if test is None:
            return None  # an unknown format is an annotation, for every engine
        return lambda value: not isinstance(value, str) or test(value)


def _searcher(pattern: str) -> Check:
    """An ECMA-262 `pattern` search (`ecma`, which `checker` uses too)."""
    from .ecma import BadPattern, searcher  # regress and RE2: only a schema with a pattern

    try:
        return searcher(pattern)
    except BadPattern:
        raise Unsupported(f"pattern {pattern!r}") from None


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    checks = tuple(checks)

    def every(value: Any) -> bool:
        for check in checks:  # noqa: SIM110 - a plain loop is faster than all() on a generator
            if not check(value):
                return False
        return True

    return every


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False


def _is_number(value: Any) -> bool:
    kind = type(value)
    if kind is int or kind is float:
        return True
    if isinstance(value, bool):
        return False
    import numbers

    return isinstance(value, numbers.Number)


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_TYPE_TESTS: dict[str, Check] = {
    "string": lambda value: isinstance(value, str),
    "integer": _is_integer,
    "number": _is_number,
    "boolean": lambda value: isinstance(value, bool),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "null": lambda value: value is None,
}


# JSON equality, copied from jsonschema._utils so that both engines agree on enum, const and
# uniqueItems: `True` is not `1`, and sequences and mappings compare item by item.


def _equal(one: Any, two: Any) -> bool:
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(_equal(i, j) for i, j in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and _equal(value, two[key]) for key, value in one.items()
        )
    return _unbool(one) == _unbool(two)


_TRUE, _FALSE = object(), object()


def _unbool(element: Any) -> Any:
    if element is True:
        return _TRUE
    if element is False:
        return _FALSE
    return element


def _uniq(container: list) -> bool:
    try:
        sort = sorted(_unbool(i) for i in container)
        for i, j in zip(sort, itertools.islice(sort, 1, None), strict=False):
            if _equal(i, j):
                return False
    except (NotImplementedError, TypeError):
        seen: list = []
        for e in container:
            e = _unbool(e)
            for i in seen:
                if _equal(i, e):
                    return False
            seen.append(e)
    return True
