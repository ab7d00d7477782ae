"""Only one of ampWebUrl and cdnAmpWebUrl is present.

`ampWebUrl` (the publisher's AMP page) and `cdnAmpWebUrl` (that page on the Google AMP Cache)
come as a pair: in the corpus each is present exactly when the other is. One without the other
is a record half-written by its producer: a site template that shows the cached AMP link has
nothing to show, and a `cdnAmpWebUrl` alone names a cache copy of a page the record never
names. The rule checks the record and each `related` entry, points at the key that is there,
and says what the missing one should be: the cache URL derived from `ampWebUrl` (as FM203
derives it), or the AMP page a `/c/s/` cache URL serves.

Runs where the schema marks the pair (`"x-fmlint-role": "amp-page"` and `"amp-cache"`, as the
article schema does for `ampWebUrl` and `cdnAmpWebUrl`); the message names the schema's keys.

Severity: warning. Both keys are optional and neither link is broken by the other's absence,
so nothing on the page fails; but the record breaks the pairing every real record keeps, and
the missing value is mechanical to add.

Bad:

    ampWebUrl: "https://www.bbc.co.uk/news/technology-67521226.amp"
    type: article

Good:

    ampWebUrl: "https://www.bbc.co.uk/news/technology-67521226.amp"
    cdnAmpWebUrl: "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/technology-67521226.amp"
    type: article

Fix: safe when only ampWebUrl is present: `--fix` adds the derived cdnAmpWebUrl after it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, Fix, format_path
from .amp import amp_cache_url, amp_page_url
from .urls import parse

CODE = "FM204"
NAME = "amp-pair-incomplete"
SEVERITY = WARNING
APPLIES_TO = "annotated"
FIX = "safe"


def check(record: dict, context) -> Iterable[Finding]:
    walk = context.record(record)
    for base, item in walk.items:
        keys = walk.keys.get(base, {})
        if not (keys.get("amp-page") and keys.get("amp-cache")):
            continue  # the schema does not say where the pair is
        has_amp = walk.has(base, item, "amp-page")
        if has_amp == walk.has(base, item, "amp-cache"):
            continue
        path, value = walk.first(base, item, "amp-page" if has_amp else "amp-cache")
        other = keys["amp-cache" if has_amp else "amp-page"][0]
        missing = format_path(other)
        key = format_path(path[len(base) :])
        if not isinstance(value, str) or context.rejected(path):
            continue  # the schema's finding comes first
        where = format_path(path)
        suggestion = _counterpart(value, has_amp)
        if suggestion:
            advice = f'add {missing}: "{suggestion}"'
        else:
            advice = f"add the {missing} or remove the {key}"
        fix = None
        if suggestion and has_amp and other[:-1] == path[len(base) : -1]:  # the same mapping
            fix = Fix(
                path[:-1],
                f"add {other[-1]}: {suggestion}",
                suggestion,
                insert_key=other[-1],
                after=path[-1],
            )
        yield Finding(
            CODE, f"{where} has no {missing} beside it; {advice}", path, on_key=True, fix=fix
        )


def _counterpart(url: str, is_amp: bool) -> str | None:
    if isinstance(parse(url), str):
        return None  # FM201 reports the URL; nothing sound to derive from it
    if is_amp:
        return amp_cache_url(url)
    page = amp_page_url(url)
    if page is None or isinstance(parse(page), str) or amp_cache_url(page) != url:
        return None
    return page
