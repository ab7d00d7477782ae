"""A `related` entry repeats another entry or points at the record itself.

`related` lists other coverage of the same story. An entry whose `webUrl` is the same as an
earlier entry's shows the same link twice; an entry whose `webUrl` is the record's own
`webUrl` or `originalUrl` links the story to itself. Both come from merging coverage lists
and are harmless to the site, hence a warning, but the entry should go. URLs compare as
addresses: the scheme and host ignore case, a `#fragment` and a trailing `/` on the path are
ignored, and the query counts.

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

CODE = "FM507"
NAME = "related-duplicate"
SEVERITY = WARNING
APPLIES_TO = "article"
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    related = record.get("related")
    if not isinstance(related, list) or not related:
        return
    own = {}
    for key in ("webUrl", "originalUrl"):
        url = record.get(key)
        if isinstance(url, str) and url.strip() and not context.rejected((key,)):
            own.setdefault(_address(url), key)
    seen: dict[str, int] = {}
    for index, entry in enumerate(related):
        if not isinstance(entry, dict):
            continue
        url = entry.get("webUrl")
        path = ("related", index, "webUrl")
        if not isinstance(url, str) or not url.strip() or context.rejected(path):
            continue
        address = _address(url)
        where = format_path(path)
        if address in own:
            yield Finding(
                CODE,
                f"{where}: points at the record itself (its {own[address]}); remove this entry",
                path,
            )
        elif address in seen:
            earlier = format_path(("related", seen[address], "webUrl"))
            yield Finding(CODE, f"{where}: repeats {earlier}; remove this entry", path)
        else:
            seen[address] = index


def _address(url: str) -> str:
    """What two URLs must share to be the same page: see the module documentation."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}{query}"
