"""Shared by the date rules (FM3xx): the instants a date names, and how to write it (where dates
are is the record walk's business: `record.Walk.dates`, with the layouts each accepts in
`Walk.date_layouts`).

Dates reach the rules as source text. A schema names the layouts a date may be written in
(`x-fmlint-date-layouts`, else what its `format` implies: `date-time` is `rfc3339`, `date` is
`date`); what each layout reads, and whether a day and time exist, is `schema.date_layouts`, the
one definition `infer` writes by too. `span` gives the instants a date may name (a value without
an offset is some time zone's: a day and a half wide at most); `style` explains a value that is
almost RFC 3339.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from ..schema.date_layouts import EXAMPLES, LONGEST, offset_digits, parts, read, shape

# What people write instead of RFC 3339: a date alone, a space or a lower-case t, a one-digit
# hour, no seconds, a lower-case z, a zone after a space, an offset without its colon, or no zone.
_LOOSE = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:([Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]+)?)?"
    r"([ \t]*)([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)
_OFFSET = re.compile(r"[+-][0-9]{2}:[0-9]{2}")
_EAST, _WEST = timedelta(hours=14), timedelta(hours=12)  # the widest offsets: UTC+14, UTC-12


def span(text: object, layouts: tuple = ("rfc3339",)) -> tuple[datetime, datetime] | None:
    """The earliest and latest instant (time-zone aware) a date in an accepted layout may name,
    or None: not such a date, or no real day and time. An RFC 3339 value, or one with an
    offset, names one instant; a value without an offset names its clock time in some time zone
    (UTC-12 to UTC+14), and a day alone the whole of that day in one."""
    if not isinstance(text, str) or len(text) > LONGEST:
        return None
    return _span_of(text, layouts)


@lru_cache(maxsize=4096)  # FM301 and FM302 read the same dates
def _span_of(text: str, layouts: tuple) -> tuple[datetime, datetime] | None:
    exact = shape("rfc3339")(text) if "rfc3339" in layouts else None
    if exact is not None:  # the usual date, read the quick way
        fraction, zone = exact.group(7, 8)
        base = text[:19] + ("." + (fraction[1:] + "000000")[:6] if fraction else "")
        try:
            moment = datetime.fromisoformat(base + ("+00:00" if zone == "Z" else zone))
        except ValueError:  # no such day, hour or offset
            return None
        return moment, moment
    layout, impossible = read(text, layouts)
    if layout not in layouts or impossible:
        return None
    try:
        return _span(*parts(text, layout))
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
        hours, minutes = offset_digits(offset)
        zone = f"{offset[0]}{hours}:{minutes}"
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
    if not isinstance(text, str) or shape("rfc3339")(text) is None:
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
    if not isinstance(text, str) or shape("rfc3339")(text):
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
    if "rfc3339" not in layouts or not isinstance(value, str) or shape("rfc3339")(value):
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
