"""Shared by the date rules (FM3xx): how to read a date, how to write it (where dates are is
the record walk's business: `record.Walk.dates`).

Dates reach the rules as source text. The schema checks the RFC 3339 shape; these helpers read a
value the schema accepted (`parse`), and explain a value that is almost right (`style`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

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


def parse(text: object) -> datetime | None:
    """The instant an RFC 3339 date-time names (time-zone aware), or None if it is not one.

    `datetime.fromisoformat` of Python 3.10 accepts neither `Z` nor fractions of other than 3 or 6
    digits, so both are normalised first.
    """
    if not isinstance(text, str):
        return None
    match = _RFC3339.fullmatch(text)
    if match is None:
        return None
    fraction, zone = match.groups()
    base = text[:19]
    if fraction:
        base += "." + (fraction + "000000")[:6]
    base += "+00:00" if zone == "Z" else zone
    try:
        return datetime.fromisoformat(base)
    except ValueError:  # no such day, hour or offset
        return None


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
    """(path, text, datetime) for every date the schema accepted and that parses."""
    for path, value in context.record(record).dates:
        if context.rejected(path):
            continue
        moment = parse(value)
        if moment is not None:
            yield path, value, moment
