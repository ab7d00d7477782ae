"""A record with `heat: -1` (not yet scored) is published.

A heat of -1 means the record has not been scored yet; the feed publishes only records whose
heat reaches the threshold, so an unscored record must say `published: false`. A published
unscored record bypassed the scoring, or was scored and its heat then lost. Records of the
2021 layout, which have no `heat` or `published`, are skipped; other heats are FM505's.

Severity: warning. Publishing follows the site's own scoring convention, which a consumer
of the record does not break on.

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

from ..diagnostic import WARNING, Finding
from .fields import is_int

CODE = "FM506"
NAME = "unscored-published"
SEVERITY = WARNING
APPLIES_TO = "article"
FIX = ""

PATH = ("published",)


def check(record: dict, context) -> Iterable[Finding]:
    heat = record.get("heat")
    if record.get("published") is not True or not is_int(heat) or heat != -1:
        return
    if context.rejected(PATH) or context.rejected(("heat",)):
        return
    yield Finding(
        CODE,
        "published: true, but heat is -1 (not yet scored); "
        "an unscored record must have published: false",
        PATH,
    )
