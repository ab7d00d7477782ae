"""A URL is dead: its site answers 404 or 410, or its host name does not resolve (`--online`).

With `fmlint check --online`, every URL the FM2xx rules see (in an article, every page URL:
`originalUrl`, `webUrl`, `ampWebUrl`, `cdnAmpWebUrl`, in the record and in each `related` entry, and
every image and logo URL) is fetched, once per run however many records hold it. A URL whose final
answer, after its redirects, is `404 Not Found` or `410 Gone`, or whose host name does not exist
(NXDOMAIN), no longer opens for a reader: an error. A resolver that cannot answer at all (no
network) is not a dead name: that is FM209's "could not check", and so is a name that does not
resolve in a run where no name did (a machine without DNS says every name is missing). Statuses
listed in `accept` are never dead.

Runs only with `--online` (or `online = true`), never by default, wherever there is a schema.

Bad (the site answers 404):

    webUrl: "https://www.bbc.co.uk/news/technology-00000000"

Good:

    webUrl: "https://www.bbc.co.uk/news/technology-67521226"
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import ERROR, Finding, format_path
from .fetched import answered
from .urls import show

CODE = "FM207"
NAME = "url-dead"
SEVERITY = ERROR
FIX = ""
ONLINE = True
APPLIES_TO = "schema"


def check(record: dict, context) -> Iterable[Finding]:
    for path, url, found in answered(record, context):
        if context.online.verdict(found) != "dead":
            continue
        if found.error:
            why = found.detail
        elif found.hops:
            why = f"it redirects to {show(found.final_url)}, which answers HTTP {found.status}"
        else:
            why = f"HTTP {found.status}"
        yield Finding(CODE, f"{format_path(path)}: {show(url)} is dead: {why}", path)
