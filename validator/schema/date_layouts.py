"""The layouts a front-matter date is written in, by the names schemas give them.

A schema says which layouts a date field accepts with `"x-fmlint-date-layouts"`: a list of
`rfc3339` (2023-01-20T10:00:00+01:00, `Z`, fractions), `local` (2023-01-20T10:00:00, no offset),
`date` (2023-01-20) and `space` (2023-01-20 10:00:00, optionally fractions and an offset written
`+01:00`, `-0800` or `Z`: Jekyll's, Hugo's and Ruby's layout). Each names a real calendar day and
time of day; `fmlint infer` writes the layouts a site uses.
"""

from __future__ import annotations

import re

from .formats import is_date, is_date_time

DATE_LAYOUTS = "x-fmlint-date-layouts"
LAYOUTS = ("rfc3339", "local", "date", "space")

_CLOCK = r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?"
_LOCAL = re.compile(rf"([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})[Tt]{_CLOCK}").fullmatch
_SPACE = re.compile(
    rf"([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}) {_CLOCK}(?: ?(?:[zZ]|[+-](?:[0-9]{{2}}):?[0-9]{{2}}))?"
).fullmatch


def layout_of(text: str) -> str | None:
    """The layout `text` is written in, or None (not a date, or no real day and time)."""
    if len(text) > 40:
        return None
    if is_date(text):
        return "date"
    if is_date_time(text):
        return "rfc3339"
    for name, match in (("local", _LOCAL(text)), ("space", _SPACE(text))):
        if match is not None and is_date(match[1]) and _real_clock(*match.group(2, 3, 4)):
            return name
    return None


def _real_clock(hours: str, minutes: str, seconds: str) -> bool:
    return int(hours) < 24 and int(minutes) < 60 and int(seconds) < 61
