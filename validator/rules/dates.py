"""Shared by the date rules (FM3xx): how to read a date in each layout a generator reads, how to
write it (where dates are is the record walk's business: `record.Walk.dates`, with the layouts
each accepts in `Walk.date_layouts`).

Dates reach the rules as source text. A schema names the layouts a date may be written in
(`x-fmlint-date-layouts`, else what its `format` implies: `date-time` is `rfc3339`, `date` is
`date`): `rfc3339` (2023-01-20T10:00:00+01:00), `local` (no offset), `date` (a day alone) and
`space` (2023-01-20 10:00:00 -0800, Jekyll's, Hugo's and Ruby's layout, the offset optional).
`read` tells which layout a value is in and whether its day and time exist; `span` gives the
instants it may name (a value without an offset is some time zone's: a day and a half wide at
most); `style` explains a value that is almost RFC 3339.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import cache, lru_cache

# The schema's own pattern: upper-case T, seconds, and a Z or ±hh:mm zone.
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-5][0-9]:[0-5][0-9]"
    r"(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})"
)
# What people write instead: a date alone, a space or a lower-case t, a one-digit hour, no
# seconds, a lower-case z, a zone after a space, an offset without its colon, or no zone at all.
_LOOSE = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:([Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]+)?)?"
    r"([ \t]*)([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)
_OFFSET = re.compile(r"[+-][0-9]{2}:[0-9]{2}")

# Each layout's shape, its parts as groups: year, month, day, then hour, minute, second,
# fraction and offset where it has them. The digits are ASCII (`\d` would take any digit).
_DAY = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
_CLOCK = r"([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
_SHAPES = {
    "rfc3339": rf"{_DAY}T{_CLOCK}(Z|[+-][0-9]{{2}}:[0-9]{{2}})",
    "local": rf"{_DAY}T{_CLOCK}()",
    "date": rf"{_DAY}()()()()()",
    "space": rf"{_DAY} {_CLOCK}(?: ?([Zz]|[+-][0-9]{{2}}:?[0-9]{{2}}))?",
}
LAYOUTS = tuple(_SHAPES)  # the names `x-fmlint-date-layouts` may use


@cache
def shape(layout: str):
    """The layout's `fullmatch`, compiled on first use (most runs read RFC 3339 alone)."""
    return re.compile(_SHAPES[layout]).fullmatch


EXAMPLES = {
    "rfc3339": "2023-01-20T10:00:00+01:00",
    "local": "2023-01-20T10:00:00",
    "date": "2023-01-20",
    "space": "2023-01-20 10:00:00 +01:00",
}
_EAST, _WEST = timedelta(hours=14), timedelta(hours=12)  # the widest offsets: UTC+14, UTC-12
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August")
_MONTH_NAMES += ("September", "October", "November", "December")
_LONGEST = 64  # longer than any date in any layout (`space` with nine digits of fraction: 36)


@lru_cache(maxsize=4096)  # FM301-FM304 read the same dates: each once
def read(text: str, layouts: tuple) -> tuple[str | None, str | None]:
    """(the layout `text` is written in, or None; why that day or time does not exist, or None).

    The accepted `layouts` are tried first, then the others, so a value in a layout the field
    does not accept is still named."""
    if len(text) > _LONGEST:
        return None, None
    for layout in layouts:
        match = shape(layout)(text)
        if match is not None:
            return layout, _impossible(*match.groups())
    for layout in LAYOUTS:
        match = None if layout in layouts else shape(layout)(text)
        if match is not None:
            return layout, _impossible(*match.groups())
    return None, None


def _impossible(year, month, day, hour, minute, second, _fraction, offset) -> str | None:
    """Why a day, time of day or offset written in a layout does not exist, or None."""
    y, m, d = int(year), int(month), int(day)
    if not 1 <= m <= 12:
        return f"there is no month {month}"
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = 29 if m == 2 and leap else _MONTH_DAYS[m]
    if not 1 <= d <= days:
        return f"{_MONTH_NAMES[m]} {year} has {days} days" if d else "there is no day 00"
    if hour:
        h, n, s = int(hour), int(minute), int(second)
        if h > 23:
            return f"there is no hour {hour}"
        if n > 59:
            return f"there is no minute {minute}"
        if s > 60 or (s == 60 and (h, n) != (23, 59)):
            return f"there is no second {second} at {hour}:{minute}"
    if offset and offset not in "Zz":
        digits = offset[1:].replace(":", "")
        if int(digits[:2]) > 23 or int(digits[2:]) > 59:
            return f"the offset {offset} is no time zone"
    return None


def span(text: object, layouts: tuple = ("rfc3339",)) -> tuple[datetime, datetime] | None:
    """The earliest and latest instant (time-zone aware) a date in an accepted layout may name,
    or None: not such a date, or no real day and time. An RFC 3339 value, or one with an
    offset, names one instant; a value without an offset names its clock time in some time zone
    (UTC-12 to UTC+14), and a day alone the whole of that day in one."""
    if not isinstance(text, str) or len(text) > _LONGEST:
        return None
    return _span_of(text, layouts)


@lru_cache(maxsize=4096)  # FM301 and FM302 read the same dates
def _span_of(text: str, layouts: tuple) -> tuple[datetime, datetime] | None:
    exact = _RFC3339.fullmatch(text) if "rfc3339" in layouts else None
    if exact is not None:  # the usual date, read the quick way
        fraction, zone = exact.groups()
        base = text[:19] + ("." + (fraction + "000000")[:6] if fraction else "")
        try:
            moment = datetime.fromisoformat(base + ("+00:00" if zone == "Z" else zone))
        except ValueError:  # no such day, hour or offset
            return None
        return moment, moment
    layout, impossible = read(text, layouts)
    if layout not in layouts or impossible:
        return None
    try:
        return _span(*shape(layout)(text).groups())
    except ValueError:  # year 0000, which a datetime does not have
        return None


def _span(year, month, day, hour, minute, second, fraction, offset):
    if not hour:  # a day alone: all of it, in some time zone
        start = datetime(int(year), int(month), int(day), tzinfo=timezone.utc)
        return _shifted(start, -_EAST), _shifted(start, timedelta(days=1) + _WEST)
    leap = second == "60"  # 23:59:60, which a datetime has not: the next minute's first instant
    clock = f"{year}-{month}-{day}T{hour}:{minute}:{'59' if leap else second}"
    if fraction:
        clock += "." + (fraction[1:] + "000000")[:6]
    if not offset or offset in "Zz":
        zone = "+00:00"
    else:
        digits = offset[1:].replace(":", "")
        zone = f"{offset[0]}{digits[:2]}:{digits[2:]}"
    moment = datetime.fromisoformat(clock + zone)
    if leap:
        moment = _shifted(moment, timedelta(seconds=1) - timedelta(microseconds=moment.microsecond))
    if offset:
        return moment, moment
    return _shifted(moment, -_EAST), _shifted(moment, _WEST)


def _shifted(moment: datetime, by: timedelta) -> datetime:
    """`moment + by`, held within the years a datetime has (0001-01-01 is still that early)."""
    try:
        return moment + by
    except OverflowError:
        limit = datetime.min if by < timedelta(0) else datetime.max
        return limit.replace(tzinfo=timezone.utc)


def parse(text: object) -> datetime | None:
    """The instant an RFC 3339 date-time names (time-zone aware), or None if it is not one.

    `datetime.fromisoformat` of Python 3.10 accepts neither `Z` nor fractions of other than 3 or 6
    digits, so both are normalised first (`span`)."""
    if not isinstance(text, str) or _RFC3339.fullmatch(text) is None:
        return None
    found = span(text)
    return None if found is None else found[0]


def layouts_text(layouts: tuple) -> str:
    """`space (2023-01-20 10:00:00 +01:00) or date (2023-01-20)`: the layouts, as a message
    names them."""
    named = [f"{name} ({EXAMPLES[name]})" for name in layouts]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"


def aware(moment: datetime) -> datetime:
    """A configured instant without a zone is taken as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def show(moment: datetime) -> str:
    """An instant as RFC 3339 in UTC, like 2023-11-27T16:07:00Z."""
    moment = aware(moment).astimezone(timezone.utc)
    fraction = f".{moment.microsecond:06d}".rstrip("0") if moment.microsecond else ""
    return f"{moment:%Y-%m-%dT%H:%M:%S}{fraction}Z"


def show_span(span: timedelta) -> str:
    """`timedelta(days=1)` -> `1 day`; `timedelta(hours=36)` -> `1 day 12 hours`."""
    seconds = int(span.total_seconds())
    if seconds <= 0:
        return "0 seconds"
    parts = []
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {unit}{'s' if count != 1 else ''}")
    return " ".join(parts)


def style(text: object) -> tuple[str, str | None] | None:
    """How to write a date-time that is almost RFC 3339, and its rewrite when that is certain.

    Returns None for values that are already RFC 3339 in form (right or wrong as dates: a
    30 February is the schema's to report) and for values too far off to guess at.
    """
    if not isinstance(text, str) or _RFC3339.fullmatch(text):
        return None
    match = _LOOSE.fullmatch(text)
    if match is None:
        return None
    day, separator, hour, minute, second, fraction, gap, zone = match.groups()
    if separator is None:
        if parse(f"{day}T00:00:00Z") is None:
            return None
        return (
            "is a date without a time; write the time and the time zone too, "
            f"for example {day}T00:00:00Z",
            None,
        )
    written = f"{day}T{int(hour):02d}:{minute}:{second or '00'}{fraction or ''}"
    if zone is None:
        if parse(written + "Z") is None:
            return None
        slips = _slips(separator, hour, second, "", zone)
        rewrite = f"write {written} and " if slips else ""
        return (
            f"has {_join([*slips, 'no time zone'])}; {rewrite}add the time zone, "
            f"e.g. Z for UTC: {written}Z",
            None,
        )
    if zone in ("Z", "z"):
        fixed_zone = "Z"
    else:
        digits = zone[1:].replace(":", "")
        fixed_zone = f"{zone[0]}{digits[:2]}:{digits[2:] or '00'}"
    fixed = written + fixed_zone
    if parse(fixed) is None:
        return None
    slips = _slips(separator, hour, second, gap, zone)
    return f"has {_join(slips)}; write {fixed}", fixed


def slip(value: object, layouts: tuple) -> tuple[str, str | None] | None:
    """`style`'s advice for a value where RFC 3339 is accepted and that is in no layout that is
    (FM303's finding); None for any other."""
    if "rfc3339" not in layouts or not isinstance(value, str) or _RFC3339.fullmatch(value):
        return None
    layout, _ = read(value, layouts)
    return None if layout in layouts else style(value)


def _slips(separator: str, hour: str, second: str | None, gap: str, zone: str | None) -> list:
    slips = []
    if separator == "t":
        slips.append("a lower-case 't'")
    elif separator != "T":
        slips.append("a space instead of 'T'")
    if len(hour) == 1:
        slips.append("a one-digit hour")
    if second is None:
        slips.append("no seconds")
    if gap:
        slips.append("a space before the time zone")
    if zone == "z":
        slips.append("a lower-case 'z'")
    elif zone is not None and zone not in ("Z", "z") and not _OFFSET.fullmatch(zone):
        slips.append("an offset not written as ±hh:mm")
    return slips


def _join(parts: list) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def moments(record: dict, context):
    """(path, text, earliest, latest) for every publication date (the article's role
    `publication-date`) the schema accepted and that is a real date in a layout it accepts."""
    walk = context.record(record)
    for base, item in walk.items:
        for path, value in walk.in_item(base, item, "publication-date"):
            if context.rejected(path):
                continue
            found = span(value, walk.date_layouts.get(path) or ("rfc3339",))
            if found is not None:
                yield path, value, *found
