"""How Jekyll reads a date: Ruby's `Time.parse` (`Date._parse`, then `Time.local` or `Time.utc`),
the `ruby` date layout.

Ruby's reader looks for a day and a time anywhere in the text and ignores the rest:
`2023-01-29 18:30:22 2023 -0800` is 29 January 2023, 18:30:22 local time (the `-0800` follows
the year, not the time, so it is no zone). Values it reads in ways that are not certain are left
out of the layout; what it reads for certain is:

- the day: `2023-01-29` (`2023-1-5`), `2023/01/29`, `2023.01.29`; `29/01/2023` and `29.01.2023`
  (with the year last, Ruby reads day/month/year: `23/01/2023` is 23 January, and `01/23/2023`
  month 23, which fails the build); `29 Jan 2023` and `January 29, 2023` (an English month,
  its name or its first three letters); a day's name before any of them (RFC 2822's
  `Sun, 29 Jan 2023 10:00:00 +0000`);
- then a time after `T` or spaces: `18:30`, `18:30:22`, a fraction, `am` or `pm`;
- then a zone right after the time: an offset (`Z`, `+01:00`, `-0800`, `+01`) or a word (`UTC`,
  `PST`, `America/New_York`); an offset or word Ruby's `Time.zone_offset` does not know leaves
  the time local, as it does in Ruby;
- then numbers Ruby ignores (`2023 -0800`), and after a time one word (`+0000 UTC`).

Left out: a year of two digits (`01/02/03`: Ruby guesses 3 February 2001), words a reading could
take for a month or an era anywhere else (`2023-01-29 March` is 29 March of the current year
in Ruby), `h` times (`10h30`), anything with no day (`tomorrow` fails the build; `January`
alone is 1 January of the year the site is built).
"""

from __future__ import annotations

import re
from functools import cache

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = rf"((?:{'|'.join(_MONTHS)})[a-z]*\.?,?)"
_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_DAY_NAME = rf"(?:(?:{'|'.join(_DAY_NAMES)})[a-z]*\.?,?[ \t]+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
# Each way of writing the day, and where its year, month and day are among its groups.
_DAYS = (
    (r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", (0, 1, 2)),
    (r"([0-9]{4})([/.])([0-9]{1,2})\2([0-9]{1,2})", (0, 2, 3)),
    (r"([0-9]{1,2})([/.])([0-9]{1,2})\2([0-9]{4})", (3, 2, 0)),
    (rf"([0-9]{{1,2}}){_ORDINAL}[ \t]*{_MONTH}[ \t]+([0-9]{{4}})", (2, 1, 0)),
    (rf"{_MONTH}[ \t]*([0-9]{{1,2}}){_ORDINAL},?[ \t]+([0-9]{{4}})", (2, 0, 1)),
)
_TIME = (
    r"(?:(?:[Tt]|,?[ \t]+)([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})([.,][0-9]*)?)?"
    r"(?:[ \t]*([ap])(?:m|\.m\.)(?![a-z0-9_]))?"
    r"(?:[ \t]*((?:gmt|utc?)?[+-][0-9]+(?:[.,:][0-9]+(?::[0-9]+)?)?|[a-z]+(?:/[a-z_]+)*))?)?"
)
_REST = r"((?:[ \t]+[+-]?[0-9]+)*(?:[ \t]+[a-z]+)?)"  # numbers, then a word
# Ruby's `Time::ZoneOffset`: the words it knows, in hours east of UTC
_ZONE_HOURS = {"UTC": 0, "Z": 0, "UT": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5}
_ZONE_HOURS.update({"MST": -7, "MDT": -6, "PST": -8, "PDT": -7})
_ZONE_HOURS.update({letter: n + 1 for n, letter in enumerate("ABCDEFGHI")})
_ZONE_HOURS.update({letter: n + 10 for n, letter in enumerate("KLM")})
_ZONE_HOURS.update({letter: -n - 1 for n, letter in enumerate("NOPQRSTUVWXY")})
_NUMERIC_ZONE = r"[+-][0-9]{2}(?::?[0-9]{2})?"  # the offsets `Time.zone_offset` reads
_HOUR_ALONE = r"[ \t]+[0-9]{1,2}"  # a last number, which Ruby takes for the hour
# a word Ruby reads before the zone (a day's name) or takes for the day (a month) or an era
_MISREAD = rf"(?:{'|'.join(_MONTHS + _DAY_NAMES)})|bce?\Z"


@cache
def _readers() -> tuple:
    """Each day's reader and its order, compiled on first use (~3 ms, which only a run that
    reads a `ruby` date pays)."""
    flags = re.IGNORECASE | re.ASCII
    return tuple(
        (re.compile(f"{_DAY_NAME}{day}{_TIME}{_REST}", flags).fullmatch, order)
        for day, order in _DAYS
    )


@cache
def _match(pattern: str):
    return re.compile(pattern, re.IGNORECASE | re.ASCII).match


def ruby_parts(text: str) -> tuple | None:
    """(year, month, day, hour, minute, second, fraction, offset) of a date Ruby reads for
    certain, as `date_layouts.parts` gives them (two digits each; the offset `Z`, `±hh:mm`,
    `±hhmm`, `±hh`, or None where Ruby takes the time as local), or None."""
    for reader, order in _readers():
        match = reader(text)
        if match is not None:
            return _parts(match, order)
    return None


def _parts(match, order) -> tuple | None:
    *day, hour, minute, second, fraction, meridian, zone, rest = match.groups()
    year, month, mday = (day[index] for index in order)
    if not month.isdigit():
        month = str(_MONTHS.index(month[:3].lower()) + 1)
    if _misread(zone, rest):
        return None
    if hour is not None:
        if meridian is not None:
            hour = str(int(hour) % 12 + (12 if meridian in "pP" else 0))
        hour, minute, second = (f"{int(n or 0):02d}" for n in (hour, minute, second))
        fraction = "." + fraction[1:] if fraction and len(fraction) > 1 else None
    elif rest.strip() and rest.split()[-1][0].isalpha():
        return None  # a word with no time before it: the time Ruby reads may be in it (`5 pm`)
    elif _match(_HOUR_ALONE + r"\Z")(rest) and int(rest) < 24:
        hour, minute, second = f"{int(rest):02d}", "00", "00"  # `2023-01-29 5`: five o'clock
    month, mday = f"{int(month):02d}", f"{int(mday):02d}"
    return year, month, mday, hour, minute, second, fraction, _offset(zone)


def _misread(zone: str | None, rest: str) -> bool:
    """Whether Ruby may read a word after the time as the day (a month: `2023-01-29 March` is 29
    March), an era (`bc`) or a day's name, which it reads before the zone (`10:00 Sun T` is in
    zone `T`); the one word it takes for the zone is no danger."""
    words = [word for word in rest.split() if word[0].isalpha()]
    if zone is not None and zone[0].isalpha():
        first, *past = zone.split("/")
        if first.lower().startswith(_DAY_NAMES):
            return True
        words += past
    return any(_match(_MISREAD)(word) for word in words)


def _offset(zone: str | None) -> str | None:
    """The offset Ruby's `Time.zone_offset` reads in a zone, or None (the time is local)."""
    if zone is None:
        return None
    if _match(_NUMERIC_ZONE + r"\Z")(zone):
        return zone
    hours = _ZONE_HOURS.get(zone.split("/")[0].upper())
    if hours is None:
        return None
    return "Z" if hours == 0 else f"{'+' if hours > 0 else '-'}{abs(hours):02d}:00"
