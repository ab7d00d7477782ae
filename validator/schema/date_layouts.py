"""The layouts a front-matter date is written in, by the names schemas give them: one definition,
read by the date rules (FM301-FM304, through `rules.dates`) and by `infer` (which writes the
layouts a site's values use, or through `init` those its generator reads every date in: Jekyll's
`ruby`, Hugo's and Zola's four exact ones).

A schema says which layouts a date field accepts with `"x-fmlint-date-layouts"`, a list of:

- `rfc3339`: 2023-01-20T10:00:00+01:00 (upper-case `T` and `Z`, fractions allowed);
- `local`: 2023-01-20T10:00:00, no offset;
- `date`: 2023-01-20;
- `space`: 2023-01-20 10:00:00, fractions and an offset (`+01:00`, `-0800`, `Z`) optional:
  Hugo's and Jekyll's usual way;
- `ruby`: what Jekyll reads, Ruby's `Time.parse` (`ruby_dates`): the others and much more
  (`2023-01-29 18:30:22 2023 -0800`, `29/01/2023`, `Sun, 29 Jan 2023 10:00:00 +0000`).

`read` tells which layout a value is in and why its day, time or offset does not exist (30
February is no day in any layout, though Ruby rolls it over to 2 March without a word); `parts`
gives its year, month, day, time and offset, for the rules' reckoning of instants.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .ruby_dates import ruby_parts

DATE_LAYOUTS = "x-fmlint-date-layouts"
LAYOUTS = ("rfc3339", "local", "date", "space", "ruby")  # the names a schema may use
EXACT = LAYOUTS[:4]  # one shape each; `ruby` reads all of them, and more
EXAMPLES = {
    "rfc3339": "2023-01-20T10:00:00+01:00",
    "local": "2023-01-20T10:00:00",
    "date": "2023-01-20",
    "space": "2023-01-20 10:00:00 +01:00",
    "ruby": "2023-01-20 10:00:00 +0100",
}
# longer than any date in an exact layout (`space` with nine digits of fraction: 36); a longer
# text is no date in any layout, and a bounded one keeps `ruby`'s reading quick
LONGEST = 64

# Each exact layout's shape, its parts as groups: year, month, day, then hour, minute, second,
# fraction (with its dot) and offset where it has them. ASCII digits only (`\d` takes any).
_DAY = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
_CLOCK = r"([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
_SHAPES = {
    "rfc3339": rf"{_DAY}T{_CLOCK}(Z|[+-][0-9]{{2}}:[0-9]{{2}})",
    "local": rf"{_DAY}T{_CLOCK}()",
    "date": rf"{_DAY}()()()()()",
    "space": rf"{_DAY} {_CLOCK}(?: ?([Zz]|[+-][0-9]{{2}}:?[0-9]{{2}}))?",
}
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August")
_MONTH_NAMES += ("September", "October", "November", "December")


@cache
def shape(layout: str):
    """An exact layout's `fullmatch`, compiled on first use (most runs read RFC 3339 alone)."""
    return re.compile(_SHAPES[layout]).fullmatch


def parts(text: str, layout: str) -> tuple | None:
    """(year, month, day, hour, minute, second, fraction, offset) of `text` read in `layout`, as
    text (the time, fraction and offset empty or None where it has none), or None: not in it."""
    if len(text) > LONGEST:
        return None
    if layout == "ruby":
        return ruby_parts(text)
    if layout not in _SHAPES:
        return None
    match = shape(layout)(text)
    return None if match is None else match.groups()


@lru_cache(maxsize=4096)  # FM301-FM304 read the same dates: each once
def read(text: str, layouts: tuple) -> tuple[str | None, str | None]:
    """(the layout `text` is written in, or None; why that day or time does not exist, or None).

    The accepted `layouts` are tried first, then the exact others, so a value in a layout the
    field does not accept is still named (`ruby`, which reads nearly anything with a day in it,
    names nothing)."""
    if len(text) > LONGEST:
        return None, None
    for layout in (*layouts, *(name for name in EXACT if name not in layouts)):
        found = parts(text, layout)
        if found is not None:
            return layout, impossible(*found)
    return None, None


def layout_of(text: str) -> str | None:
    """The exact layout `text` is written in, for `infer`: None when it is in none, or names no
    real day and time."""
    layout, why = read(text, EXACT)
    return layout if why is None else None


def impossible(year, month, day, hour, minute, second, _fraction, offset) -> str | None:
    """Why a day, time of day or offset does not exist, or None."""
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
        hours, minutes = offset_digits(offset)
        if int(hours) > 23 or int(minutes) > 59:
            return f"the offset {offset} is no time zone"
    return None


def offset_digits(offset: str) -> tuple[str, str]:
    """The hours and minutes of an offset written `+01:00`, `+0100` or `+01`."""
    digits = offset[1:].replace(":", "")
    return digits[:2], digits[2:4] or "00"
