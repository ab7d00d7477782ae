"""A publication date lies before the earliest plausible date (by default 1995-01-01).

News records describe web articles and videos; nothing of that kind was published before the
web was in common use, so an older date is a typo (`1023` for `2023`), a placeholder such as
`1970-01-01T00:00:00Z` (a zero Unix time) or `0001-01-01T00:00:00Z`, or a parsing accident.
Checked for the record's own date and for every `related` item's; dates the schema rejected are
left to it. Only publication dates are judged: where the schema marks one (`"x-fmlint-role":
"publication-date"`, as the article schema does for `publishedDateTime`), in any layout it
accepts; a date without an offset is too old only if it is at any time zone.

Severity: warning; an implausible date is worth a look, but breaks no consumer.

Bad:

    publishedDateTime: 1970-01-01T00:00:00Z

Good:

    publishedDateTime: 2023-11-27T16:07:00Z
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..diagnostic import WARNING, Finding, format_path
from .dates import aware, moments, show
from .options import Option, utc_date

CODE = "FM302"
NAME = "date-too-old"
SEVERITY = WARNING
APPLIES_TO = "annotated"
FIX = ""

FLOOR = Option(
    "dates",
    "floor",
    date(1995, 1, 1),
    utc_date,
    "The earliest date allowed (a TOML date or date-time; a date is its midnight, UTC).",
)
OPTIONS = (FLOOR,)


def check(record: dict, context) -> Iterable[Finding]:
    floor = None
    for path, value, _, moment in moments(record, context):
        if floor is None:
            floor = aware(context.options.value(FLOOR))
        if moment < floor:
            yield Finding(
                CODE,
                f"{format_path(path)}: {value} is before {show(floor)}, the earliest date allowed",
                path,
            )
