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
Image URLs are not checked: pictures live on CDNs.

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
from .record import PAGE_KEYS
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
APPLIES_TO = "article"
FIX = ""
OPTIONS = (SISTER_DOMAINS,)

_VIDEO_SITES = {"youtube.com", "youtu.be"}


def check(record: dict, context) -> Iterable[Finding]:
    for base, item in context.record(record).items:
        provider = item.get("provider")
        if not isinstance(provider, dict):
            continue
        domain_path = (*base, "provider", "domain")
        domain = _domain(provider.get("domain"))
        if domain is None or context.rejected(domain_path):
            continue
        owner = registrable_domain(domain) or domain
        for key in PAGE_KEYS:
            url, path = item.get(key), (*base, key)
            if not isinstance(url, str) or context.rejected(path):
                continue
            parsed = parse(url)
            if isinstance(parsed, str):
                continue  # FM201's
            host = parsed.host
            site = registrable_domain(host) or host
            if site == owner or host == domain or host.endswith("." + domain):
                continue
            if _sisters(site, owner, context.options.value(SISTER_DOMAINS)):
                continue
            if key == "originalUrl" and item.get("type") == "video" and site in _VIDEO_SITES:
                continue
            yield Finding(
                CODE,
                f"{format_path(path)}: {show(url, 60)} is on {site}, not on the provider's "
                f"domain {domain} ({format_path(domain_path)}); if one publisher owns both, "
                "add them to sister-domains",
                path,
            )


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
