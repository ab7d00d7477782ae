"""Rule options: each declared once, by the rule (or rule family) that uses it.

An `Option` says where a user sets it (`[tool.fmlint.<table>] <key>`), its default as written in
TOML, how a written value is checked and converted, and a line of help. A rule module lists the
options it reads in `OPTIONS`; the configuration, `fmlint config`, `fmlint rule CODE` and
docs/rules.md are all built from those lists, so a new option is one declaration.

Rules read a value with `context.options.value(OPTION)`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any


class BadValue(ValueError):
    """A written value an option does not accept; the message completes "'<table>'.<key> ..."."""


class Option:
    """One option: where users set it, its default, its check, its meaning.

    A plain class (not a dataclass: cheaper to define at start-up), compared and hashed by
    identity, which makes it a fast dictionary key on the rules' hot path.
    """

    __slots__ = ("convert", "default", "help", "key", "table", "value")

    def __init__(
        self, table: str, key: str, default: Any, convert: Callable[[Any], Any], help: str
    ) -> None:
        self.table = table  # `[tool.fmlint.<table>]`
        self.key = key  # as the user writes it: `published-heat`
        self.default = default  # as the user would write it in TOML
        self.convert = convert  # a written value -> the value rules use; raises BadValue
        self.help = help  # one line: what the option means
        self.value = convert(default)  # the default, converted

    def __repr__(self) -> str:
        return f"Option({self.name!r})"

    @property
    def name(self) -> str:
        """`consistency.published-heat`: the dotted key, as `fmlint config` shows it."""
        return f"{self.table}.{self.key}"


def toml(value: Any) -> str:
    """A written value in TOML: `70`, `0.1`, `1995-01-01`, `"text"`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, str):
        import json

        return json.dumps(value)
    return repr(value)


# Converters: a value as TOML gives it -> the value a rule uses.


def positive_number(value: Any) -> float:
    """A finite number above 0 (TOML's `nan` and `inf` are numbers no limit can use)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not value > 0
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        raise BadValue(f"must be a positive number, not {value!r}")
    return value


def positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise BadValue(f"must be a positive integer, not {value!r}")
    return value


def non_negative_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadValue(f"must be an integer of 0 or more, not {value!r}")
    return value


MAX_HOURS = 87_600  # ten years: more is no skew a date could mean, and timedelta overflows


def hours(value: Any) -> timedelta:
    count = non_negative_int(value)
    if count > MAX_HOURS:
        raise BadValue(f"must be at most {MAX_HOURS:,} hours (ten years), not {count!r}")
    return timedelta(hours=count)


def utc_date(value: Any) -> datetime:
    """A TOML date or date-time as an aware datetime (a date is its midnight, UTC)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    raise BadValue("must be a date, like 1995-01-01 (unquoted)")


class RuleOptions:
    """The options' values, as written in the configuration, and the clock.

    `RuleOptions({"published-heat": 100}, now=...)`: keys are `Option`s or their config keys
    (`published-heat`, or `consistency.published-heat`); values are as a user writes them and are
    checked as the configuration checks them. Options not given keep their defaults. Treat it as
    immutable: `with_written` makes a changed copy.
    """

    __slots__ = ("_values", "now", "written")

    def __init__(self, written: Any = (), now: datetime | None = None) -> None:
        items = written.items() if isinstance(written, Mapping) else written
        self.written = tuple(
            (find(key) if isinstance(key, str) else key, raw) for key, raw in items
        )
        self.now = now  # None: the real clock; tests inject a fixed time
        self._values = {option: option.convert(raw) for option, raw in self.written}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleOptions):
            return NotImplemented
        return (self.written, self.now) == (other.written, other.now)

    def __hash__(self) -> int:
        return hash((self.written, self.now))

    def __repr__(self) -> str:
        given = ", ".join(f"{option.name!r}: {raw!r}" for option, raw in self.written)
        return f"RuleOptions({{{given}}}, now={self.now!r})"

    def value(self, option: Option) -> Any:
        """The value a rule uses: as configured, else the option's default."""
        return self._values.get(option, option.value)

    def raw(self, option: Option) -> Any:
        """The value as written in the configuration, else the default as TOML would write it."""
        return dict(self.written).get(option, option.default)

    def with_written(self, changes: Mapping[Option, Any]) -> RuleOptions:
        return RuleOptions({**dict(self.written), **changes}, now=self.now)

    def clock(self) -> datetime:
        return self.now or datetime.now(timezone.utc)


# Where `find` gets every declared option: the rules package (which finds the rule modules that
# declare them) hands its `all_options` over when it is imported, which is always before this
# module is. The rule modules import this one, so it must not import them, or the package, back.
_all_options: Callable[[], tuple[Option, ...]] = tuple


def provide(all_options: Callable[[], tuple[Option, ...]]) -> None:
    """Tell `find` where every declared option comes from (called by `validator.rules`)."""
    global _all_options
    _all_options = all_options


def find(key: str) -> Option:
    """The option a config key names (`published-heat` or `consistency.published-heat`)."""
    all_options = _all_options
    matches = [o for o in all_options() if key in (o.key, o.name)]
    if len(matches) != 1:
        known = ", ".join(o.name for o in all_options())
        what = "names several options" if matches else "is not an option"
        raise KeyError(f"{key!r} {what} (known: {known})")
    return matches[0]
