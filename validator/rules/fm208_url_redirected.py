"""A page URL redirects: permanently, to another host, or from http to https (`--online`).

A page URL (any URL the FM2xx rules see but a picture's; in an article `originalUrl`, `webUrl`,
`ampWebUrl`, `cdnAmpWebUrl`, also in `related`) that the site redirects still opens, through a
detour, until the redirect goes away; the record should hold the address the site gives now. With
`--online` it is reported when the final answer is accepted and

- a hop is permanent (`301`, `308`): the site says the address moved for good;
- the final URL is on another host than the one written (a temporary redirect within the site,
  say to a consent page, is no finding);
- the URL is `http` and the site serves the same address over `https` (FM202's guess, now
  verified: FM202 then leaves that URL to this rule).

Image URLs are not judged: image services routinely redirect to their CDN. Runs wherever there
is a schema.

Severity: warning; the link still works.

Bad:

    webUrl: "http://www.bbc.co.uk/news/technology-67521226"   # 301 to https://...

Good:

    webUrl: "https://www.bbc.co.uk/news/technology-67521226"

Fix: where the final URL is certain (every hop permanent, or http to the same https address):
`http` to the same `https` address is safe; any other permanent move is unsafe
(`--fix --unsafe-fixes`), since the address changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, Fix, format_path
from .fetched import answered
from .urls import parse, show

CODE = "FM208"
NAME = "url-redirected"
SEVERITY = WARNING
FIX = "unsafe"
ONLINE = True
APPLIES_TO = "schema"


def check(record: dict, context) -> Iterable[Finding]:
    walk = context.record(record)
    for path, url, found in answered(record, context):
        if walk.is_picture(path) or not found.hops or context.online.verdict(found) != "ok":
            continue
        judged = judge(url, found)
        if judged is None:
            continue
        message, fix = judged
        yield Finding(
            CODE,
            f"{format_path(path)}: {show(url)} {message}",
            path,
            fix=None if fix is None else Fix(path, f"write {fix[0]}", fix[0], safety=fix[1]),
        )


def upgrades_to_https(url: str, found) -> bool:
    """The http URL's answer is the same address over https (what FM202 guessed)."""
    return url.startswith("http://") and found.final_url == "https://" + url[len("http://") :]


def judge(url: str, found):
    """(message, (final URL, safety) or None), or None when the redirect is no finding."""
    from ..online.answer import PERMANENT_REDIRECTS  # online only: not on an offline start

    final = found.final_url
    permanent = all(status in PERMANENT_REDIRECTS for status, _ in found.hops)
    if upgrades_to_https(url, found):
        return f"is served over https: write {show(final)}", (final, "safe")
    statuses = ", ".join(str(status) for status, _ in found.hops)
    if permanent:
        return (
            f"redirects permanently ({statuses}) to {show(final)}; write the final URL",
            (final, "unsafe"),
        )
    written, reached = parse(url), parse(final)
    if isinstance(written, str) or isinstance(reached, str) or written.host != reached.host:
        return f"redirects ({statuses}) to another host: {show(final)}", None
    return None
