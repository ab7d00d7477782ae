"""`published` disagrees with `heat` at the site's threshold (70 unless configured).

A site's feed shows a record when its heat reaches the site's threshold and hides it below;
`published` records that decision. The threshold is the site's own: 70 on the powerapps and
diablo4 sites, 100 on coronavirus, where every record follows it without exception. A record
with `published: true` and a lower heat, or `published: false` and a heat at the threshold or
above, was edited by hand or scored again without being re-published. One case is allowed: a
record marked `removed: true` was withdrawn and may be unpublished whatever its heat. A heat of
-1 (not yet scored) is FM506's, and records of the 2021 layout, which have no `heat` or
`published`, are skipped.

Severity: warning. The threshold is a convention of the site, not something a consumer breaks
on; set `published-heat` to your site's threshold, and the message says so. Runs where the
schema marks the record's flag and score (`"x-fmlint-role": "published"` and `"heat"`, and
`"removed"`), as the article schema does.

Bad:

    heat: 67
    published: true

Good:

    heat: 67
    published: false

Fix: none automatic; whether the heat or the flag is wrong needs a person.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, format_path
from .fields import flag_and_heat, is_int
from .options import Option, non_negative_int

CODE = "FM505"
NAME = "published-heat"
SEVERITY = WARNING
APPLIES_TO = "annotated"
FIX = ""

PUBLISHED_HEAT = Option(
    "consistency",
    "published-heat",
    70,
    non_negative_int,
    "The heat from which the site's feed publishes a record.",
)
OPTIONS = (PUBLISHED_HEAT,)


def check(record: dict, context) -> Iterable[Finding]:
    walk = context.record(record)
    (path, published), (heat_path, heat) = flag_and_heat(walk, record)
    if not isinstance(published, bool) or not is_int(heat):
        return
    if heat == -1 and context.runs("FM506"):  # not yet scored: FM506 judges it
        return
    if context.rejected(path) or context.rejected(heat_path):
        return
    threshold = context.options.value(PUBLISHED_HEAT)
    flag, score = format_path(path), format_path(heat_path)
    if published and heat < threshold:
        yield Finding(
            CODE,
            f"{flag}: true, but {score} {heat} is below {threshold}; "
            f"the feed publishes a record exactly when {score} is {threshold} or more "
            f"(write {flag}: false, or set published-heat to your site's threshold)",
            path,
        )
    elif not published and heat >= threshold:
        removed_path, removed = walk.first((), record, "removed")
        if removed is True or (removed_path is not None and context.rejected(removed_path)):
            return
        names = walk.keys.get((), {}).get("removed")
        withdrawn = f"or {format_path(names[0])}: true for a withdrawn record; " if names else ""
        yield Finding(
            CODE,
            f"{flag}: false, but {score} {heat} is {threshold} or more; "
            f"the feed publishes such a record (write {flag}: true, "
            f"{withdrawn}or set published-heat to your site's threshold)",
            path,
        )
