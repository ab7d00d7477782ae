"""A page URL is not on the provider's domain.

`provider.domain` names the publisher, and the record's page URLs (`webUrl`, `originalUrl`,
`ampWebUrl`) are its pages; a URL on another site usually means a copy-paste slip (the
provider of another record, a URL of the aggregator, a tracking redirect) or a wrong provider.
The rule compares registrable domains under the Public Suffix List, offline, so subdomains and
multi-part suffixes belong: `www.bbc.co.uk` and `feeds.bbc.co.uk` are both `bbc.co.uk`,
`amp.theguardian.com` is `theguardian.com`. The record and each `related` entry (against its own
provider) are checked. A video's `originalUrl` on YouTube (`youtube.com`, `youtu.be`) is its
watch page and belongs to the channel owner, so it is fine.

Severity: warning. Publishers sometimes serve pages from a sister domain (in the corpus one
related AMP page of `indiatimes.com` is on `m.timesofindia.com`); the warning asks for a look.
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
from .urls import PAGE_KEYS, items, parse, registrable_domain, show

CODE = "FM205"
NAME = "url-domain-mismatch"
SEVERITY = WARNING
FIX = ""

_VIDEO_SITES = {"youtube.com", "youtu.be"}


def check(record: dict, context) -> Iterable[Finding]:
    for base, item in items(record):
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
            if key == "originalUrl" and item.get("type") == "video" and site in _VIDEO_SITES:
                continue
            yield Finding(
                CODE,
                f"{format_path(path)}: {show(url, 60)} is on {site}, not on the provider's "
                f"domain {domain} ({format_path(domain_path)})",
                path,
            )


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
