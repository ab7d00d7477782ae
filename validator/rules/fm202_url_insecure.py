"""A URL uses plain http where https is usual.

Every URL in the corpus is https, as are the sites these records link to. An `http` link
is sent in clear text, is rewritten or blocked by browsers (mixed content on an https site,
HTTPS-only modes) and usually only redirects to the https page anyway. The rule looks at every
URL the FM2xx rules see (page URLs, image and logo URLs, and those inside `related`). An http
`ampWebUrl` is reported here; its `cdnAmpWebUrl` is then the `/c/` form (without `s/`), which
FM203 checks, so a `cdnAmpWebUrl` beside an `ampWebUrl` is left to FM203.

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
APPLIES_TO = "article"
FIX = "unsafe"


def check(record: dict, context) -> Iterable[Finding]:
    for path, url in context.record(record).urls:
        if context.rejected(path) or (context.runs("FM203") and _judged_by_fm203(record, path)):
            continue  # FM203 judges a cache URL beside its AMP page, when it runs
        parsed = parse(url)
        if isinstance(parsed, str) or parsed.scheme != "http":
            continue
        if _served_over_https(context, url, path):
            continue  # verified with --online: FM208's finding, with a safe fix
        secure = "https" + url[len("http") :]
        yield Finding(
            CODE,
            f"{format_path(path)}: {show(url)} uses plain http; write {show(secure)}",
            path,
            fix=Fix(path, f"write {secure}", secure, safety="unsafe"),
        )


def _judged_by_fm203(record: dict, path) -> bool:
    """A cdnAmpWebUrl beside an ampWebUrl: FM203 compares it with the one true cache URL."""
    if path[-1] != "cdnAmpWebUrl":
        return False
    holder = record if len(path) == 1 else record["related"][path[1]]
    return isinstance(holder.get("ampWebUrl"), str)


def _served_over_https(context, url: str, path) -> bool:
    found = context.answer(url)
    if found is None or not context.runs("FM208") or path[-1] == "url":
        return False
    from .fm208_url_redirected import upgrades_to_https  # only with --online answers

    return context.online.verdict(found) == "ok" and upgrades_to_https(url, found)
