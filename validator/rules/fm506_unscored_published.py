"""A record with `heat: -1` (not yet scored) is published.

A heat of -1 means the record has not been scored yet; the feed publishes only records whose
heat reaches the threshold, so an unscored record must say `published: false`. A published
unscored record bypassed the scoring, or was scored and its heat then lost. Records of the
2021 layout, which have no `heat` or `published`, are skipped; other heats are FM505's.

Severity: warning. Publishing follows the site's own scoring convention, which a consumer
of the record does not break on. Runs where the schema marks the record's flag and score
(`"x-fmlint-role": "published"` and `"heat"`), as the article schema does.

Bad:

    heat: -1
    published: true

Good:

    heat: -1
    published: false

Fix: none automatic; either score the record or unpublish it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, format_path
from .fields import flag_and_heat, is_int

CODE = "FM506"
NAME = "unscored-published"
SEVERITY = WARNING
APPLIES_TO = "annotated"
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    (path, published), (heat_path, heat) = flag_and_heat(context.record(record), record)
    if published is not True or not is_int(heat) or heat != -1:
        return
    if context.rejected(path) or context.rejected(heat_path):
        return
    flag = format_path(path)
    yield Finding(
        CODE,
        f"{flag}: true, but {format_path(heat_path)} is -1 (not yet scored); "
        f"an unscored record must have {flag}: false",
        path,
    )
