"""A publication date (an article's publishedDateTime) lies in the future.

A record cannot have been published after it was collected, so a date later than now is a typo
(a wrong year or month), a time zone written wrong, or a clock that was off when the record was
made. Such a record sorts above every real one on the site and stays "newest" for months. A little
skew is allowed (by default one day) for clocks and time zones that are slightly off. Checked for
the record's own date and for every `related` item's; dates the schema rejected are left to it.

Only publication dates are judged: where the schema marks one (`"x-fmlint-role":
"publication-date"`, as the article schema does for `publishedDateTime`), in any layout it
accepts. Other dates may rightly lie ahead (an event, an expiry date). A date without an offset
(`2023-11-27 16:07:00`, or a day alone) is in the future only if it is at any time zone.

Severity: warning. Nothing breaks on a date, and a clock or a time zone may be off; the
message says by how much, and `future-skew-hours` sets the tolerance.

Bad (collected in November 2023):

    publishedDateTime: 2032-11-27T16:07:00Z

Good:

    publishedDateTime: 2023-11-27T16:07:00Z
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, format_path
from .dates import aware, moments, show, show_span
from .options import Option, hours

CODE = "FM301"
NAME = "date-in-future"
SEVERITY = WARNING
APPLIES_TO = "annotated"
FIX = ""
# The verdict depends on the clock: the cache never serves it stale (see validator/run/cache.py).
VOLATILE = True

FUTURE_SKEW = Option(
    "dates", "future-skew-hours", 24, hours, "How many hours after now a date may lie."
)
OPTIONS = (FUTURE_SKEW,)


def check(record: dict, context) -> Iterable[Finding]:
    limit = None
    for path, value, moment, _ in moments(record, context):
        if limit is None:
            now = aware(context.options.clock()).replace(microsecond=0)
            skew = context.options.value(FUTURE_SKEW)
            limit = now + skew
        if moment > limit:
            yield Finding(
                CODE,
                f"{format_path(path)}: {value} is in the future: later than {show(limit)} "
                f"(now, {show(now)}, plus {show_span(skew)})",
                path,
            )
