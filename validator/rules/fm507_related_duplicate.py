"""A `related` entry repeats another entry or points at the record itself.

`related` lists other coverage of the same story. An entry whose `webUrl` is the same as an
earlier entry's shows the same link twice; an entry whose `webUrl` is the record's own
`webUrl` or `originalUrl` links the story to itself. Both come from merging coverage lists
and are harmless to the site, hence a warning, but the entry should go. URLs compare as
addresses: the scheme and host ignore case, a `#fragment` and a trailing `/` on the path are
ignored, and the query counts. Runs where the schema marks the list and the pages
(`"x-fmlint-role": "related"`, `"page"` and `"original-page"`), as the article schema does.

Bad:

    webUrl: "https://www.bbc.co.uk/news/technology-67521226"
    related:
      - title: "Children making AI-generated child abuse images, says charity"
        webUrl: "https://www.bbc.co.uk/news/technology-67521226"

Good:

    webUrl: "https://www.bbc.co.uk/news/technology-67521226"
    related:
      - title: "UK school pupils 'using AI to create indecent imagery of other children'"
        webUrl: "https://www.theguardian.com/global-development/2023/nov/27/uk-school-pupils"

Fix (planned): safe; remove the repeated or self-referencing entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from ..diagnostic import WARNING, Finding, format_path
from .urls import parse

CODE = "FM507"
NAME = "related-duplicate"
SEVERITY = WARNING
APPLIES_TO = "annotated"
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    walk = context.record(record)
    own = {}
    for role in ("page", "original-page"):
        for path, url in walk.in_item((), record, role):
            if isinstance(url, str) and url.strip() and not context.rejected(path):
                own.setdefault(_address(url), format_path(path))
    for where, related in walk.in_item((), record, "related"):
        if isinstance(related, list) and related:
            yield from _repeats(walk, where, related, own, context)


def _repeats(walk, where: tuple, related: list, own: dict, context) -> Iterable[Finding]:
    seen: dict[str, tuple] = {}
    for index, entry in enumerate(related):
        if not isinstance(entry, dict):
            continue
        found = walk.first((*where, index), entry, "page")
        path, url = found
        if not isinstance(url, str) or not url.strip() or context.rejected(path):
            continue
        address = _address(url)
        place = format_path(path)
        if address in own:
            yield Finding(
                CODE,
                f"{place}: points at the record itself (its {own[address]}); remove this entry",
                path,
            )
        elif address in seen:
            yield Finding(
                CODE, f"{place}: repeats {format_path(seen[address])}; remove this entry", path
            )
        else:
            seen[address] = path


def _address(url: str) -> str:
    """What two URLs must share to be the same page: see the module documentation."""
    url = url.strip()
    parts = parse(url)  # the URL rules' one reading; urlsplit for what they refuse
    if isinstance(parts, str):
        try:
            parts = urlsplit(url)
        except ValueError:
            return url
        netloc = parts.netloc.lower()
    else:
        netloc = parts.host if parts.port is None else f"{parts.host}:{parts.port}"
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{netloc}{path}{query}"
