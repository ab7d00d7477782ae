"""A URL could not be checked: the site kept answering 429 or 5xx, timed out, or was refused
(`--online`).

With `--online`, a `429 Too Many Requests`, a `5xx`, a timeout, a lost connection or a resolver
that cannot answer is retried (`max-retries`, with a growing wait or what `Retry-After` asks);
if it still fails, fmlint cannot tell whether the link works, and says so with what it saw
(`HTTP 503 after 3 attempts`). So does any other status that is neither accepted nor dead
(`403`, often a site refusing robots), too many redirects, a name that does not resolve in a
run where no name did (no DNS: not a dead link, and not cached as one), and an address fmlint
will not connect to: a host that is or resolves to a loopback, private, link-local or multicast
address, in fullwidth or circled digits too (a record must not make fmlint probe the user's
network; `--allow-private-hosts` opts in).

Severity: warning, never an error: the link may well work. Runs wherever there is a schema, on
the URLs the FM2xx rules see.

Bad (the site answers 503 every time):

    webUrl: "https://www.example.com/busy"

Good: a URL whose site answers.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, format_path
from .fetched import answered, tries
from .urls import show

CODE = "FM209"
NAME = "url-not-checked"
SEVERITY = WARNING
FIX = ""
ONLINE = True
APPLIES_TO = "schema"


def check(record: dict, context) -> Iterable[Finding]:
    for path, url, found in answered(record, context):
        if context.online.verdict(found) != "unchecked":
            continue
        yield Finding(
            CODE,
            f"{format_path(path)}: {show(url)} could not be checked: {found.seen()}{tries(found)}",
            path,
        )
