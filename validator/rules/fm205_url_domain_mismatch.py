"""A page URL is not on the provider's domain.

`provider.domain` names the publisher, and the record's page URLs (`webUrl`, `originalUrl`,
`ampWebUrl`) are its pages; a URL on another site usually means a copy-paste slip (the
provider of another record, a URL of the aggregator, a tracking redirect) or a wrong provider.
The rule compares registrable domains under the Public Suffix List, offline, so subdomains and
multi-part suffixes belong: `www.bbc.co.uk` and `feeds.bbc.co.uk` are both `bbc.co.uk`,
`amp.theguardian.com` is `theguardian.com`. The record and each `related` entry (against its own
provider) are checked. A video's `originalUrl` on YouTube (`youtube.com`, `youtu.be`) is its
watch page and belongs to the channel owner, so it is fine.

Publishers serve pages from sister domains, which belong: domains whose first label is the
same (`bbc.com` and `bbc.co.uk`), and the groups in `sister-domains` (by default the Times
group: `indiatimes.com`, `timesofindia.com`, `economictimes.com`, whose AMP pages are on
`m.timesofindia.com` and `m.economictimes.com`). Which domains one publisher owns is the site's
knowledge, so add your own groups there; the message says so.

Severity: warning; a page on another domain breaks nothing, but often means a wrong provider.
Image URLs are not checked: pictures live on CDNs. Runs where the schema marks the provider's
domain and pages (`"x-fmlint-role": "provider-domain"`, `"original-page"`, `"page"`,
`"amp-page"`; `"item-type"` tells a video), as the article schema does.

Bad:

    webUrl: "https://www.theguardian.com/technology/2023/nov/27/ai-images"
    provider:
      name: BBC
      domain: bbc.co.uk

Good:

    webUrl: "https://www.bbc.co.uk/news/technology-67521226"
    provider:
      name: BBC
      domain: bbc.co.uk
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, format_path
from .options import BadValue, Option
from .suffixes import registrable_domain
from .urls import parse, show


def _domain_groups(value) -> tuple[frozenset, ...]:
    """`[["bbc.co.uk", "bbc.com"], ...]` -> groups of lower-case registrable domains."""
    if not isinstance(value, list) or not all(
        isinstance(group, list) and all(isinstance(name, str) for name in group) for group in value
    ):
        raise BadValue('must be a list of lists of domains, like [["bbc.co.uk", "bbc.com"]]')
    return tuple(frozenset(name.strip().lower() for name in group) for group in value)


SISTER_DOMAINS = Option(
    "urls",
    "sister-domains",
    [["indiatimes.com", "timesofindia.com", "economictimes.com"]],
    _domain_groups,
    "Groups of registrable domains one publisher owns; a page on a sister domain belongs.",
)

CODE = "FM205"
NAME = "url-domain-mismatch"
SEVERITY = WARNING
APPLIES_TO = "annotated"
FIX = ""
OPTIONS = (SISTER_DOMAINS,)

_VIDEO_SITES = {"youtube.com", "youtu.be"}
_PAGES = ("original-page", "page", "amp-page")  # the provider's own pages, not the AMP cache's


def check(record: dict, context) -> Iterable[Finding]:
    walk = context.record(record)
    sisters = context.options.value(SISTER_DOMAINS)
    for base, item in walk.items:
        domains = walk.in_item(base, item, "provider-domain")
        if not domains:
            continue
        domain_path, written = domains[0]
        domain = _domain(written)
        if domain is None or context.rejected(domain_path):
            continue
        owner = registrable_domain(domain) or domain
        for path, url in walk.in_item(base, item, *_PAGES):
            if not isinstance(url, str) or context.rejected(path):
                continue
            site = _elsewhere(url, domain, owner, sisters)
            if site is None or (site in _VIDEO_SITES and _watch_page(walk, base, item, path)):
                continue  # on the provider's site; or a video's watch page, on YouTube
            yield Finding(
                CODE,
                f"{format_path(path)}: {show(url, 60)} is on {site}, not on the provider's "
                f"domain {domain} ({format_path(domain_path)}); if one publisher owns both, "
                "add them to sister-domains",
                path,
            )


def _watch_page(walk, base, item: dict, path) -> bool:
    """The original page of a video (its `item-type` says `video`): its watch page."""
    if path not in [where for where, _ in walk.in_item(base, item, "original-page")]:
        return False
    return any(value == "video" for _, value in walk.in_item(base, item, "item-type"))


def _elsewhere(url: str, domain: str, owner: str, sisters: tuple) -> str | None:
    """The registrable domain of a page URL on another publisher's site, or None (on the
    provider's domain, a subdomain or a sister; or no valid URL, which is FM201's)."""
    parsed = parse(url)
    if isinstance(parsed, str):
        return None
    host = parsed.host
    site = registrable_domain(host) or host
    if site == owner or host == domain or host.endswith("." + domain):
        return None
    return None if _sisters(site, owner, sisters) else site


def _sisters(site: str, owner: str, groups: tuple[frozenset, ...]) -> bool:
    """`bbc.com` and `bbc.co.uk` (one first label), or two domains of one configured group."""
    if site.partition(".")[0] == owner.partition(".")[0]:
        return True
    return any(site in group and owner in group for group in groups)


def _domain(value) -> str | None:
    """provider.domain as a lower-case ASCII host, or None when it is no bare domain name."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower().rstrip(".")
    if not text or any(c in text for c in "/:@ ") or "." not in text:
        return None  # not a host name; FM205 cannot judge against it
    if not text.isascii():
        import idna

        try:
            text = idna.encode(text, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            return None
    return text
