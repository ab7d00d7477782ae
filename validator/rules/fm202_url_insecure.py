"""A URL uses plain http where https is usual.

Every URL in the corpus is https, as are the sites these records link to. An `http` link
is sent in clear text, is rewritten or blocked by browsers (mixed content on an https site,
HTTPS-only modes) and usually only redirects to the https page anyway. The rule looks at every
URL the FM2xx rules see (each value the schema says is a URL, and each picture's location: in an
article, page URLs, image and logo URLs, and those inside `related`); it runs wherever there is
a schema. An http `ampWebUrl` is reported here; its `cdnAmpWebUrl` is then the `/c/` form
(without `s/`), which FM203 checks, so a `cdnAmpWebUrl` beside an `ampWebUrl` is left to FM203.

Severity: warning; some sites still serve only http. URLs FM201 rejects are left to it.
With `--online`, a page URL whose site redirects it to the same address over https is FM208's
(verified, with a safe fix) instead.

Bad:

    webUrl: "http://www.bbc.co.uk/news/technology-67521226"

Good:

    webUrl: "https://www.bbc.co.uk/news/technology-67521226"

Fix: unsafe (`--fix --unsafe-fixes`): writes `https`, which changes the address; check that the
site serves the page over https.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, Fix, format_path
from .urls import parse, show

CODE = "FM202"
NAME = "url-insecure"
SEVERITY = WARNING
APPLIES_TO = "schema"
FIX = "unsafe"


def check(record: dict, context) -> Iterable[Finding]:
    walk = context.record(record)
    beside_amp = None
    for path, url in walk.urls:
        if context.rejected(path):
            continue
        parsed = parse(url)
        if isinstance(parsed, str) or parsed.scheme != "http":
            continue
        if context.runs("FM203"):
            if beside_amp is None:
                beside_amp = _judged_by_fm203(walk)
            if path in beside_amp:
                continue  # FM203 judges a cache URL beside its AMP page, when it runs
        if _served_over_https(context, url, path, walk):
            continue  # verified with --online: FM208's finding, with a safe fix
        secure = "https" + url[len("http") :]
        yield Finding(
            CODE,
            f"{format_path(path)}: {show(url)} uses plain http; write {show(secure)}",
            path,
            fix=Fix(path, f"write {secure}", secure, safety="unsafe"),
        )


def _judged_by_fm203(walk) -> set:
    """The paths of AMP cache URLs beside an AMP page: FM203 compares each with the one true
    cache URL."""
    judged = set()
    for base, item in walk.items:
        if any(isinstance(value, str) for _, value in walk.in_item(base, item, "amp-page")):
            judged.update(path for path, _ in walk.in_item(base, item, "amp-cache"))
    return judged


def _served_over_https(context, url: str, path, walk) -> bool:
    found = context.answer(url)
    if found is None or not context.runs("FM208") or walk.is_picture(path):
        return False
    from .fm208_url_redirected import upgrades_to_https  # only with --online answers

    return context.online.verdict(found) == "ok" and upgrades_to_https(url, found)
