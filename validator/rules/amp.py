"""AMP cache URLs: the Google AMP Cache URL of an AMP page (`amp_cache_url`) by the AMP
project's documented rule, and its inverse (`amp_page_url`). Pure functions, so a fixer may call
them as well as the FM203 and FM204 rules."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from .urls import parse

AMP_CACHE_DOMAIN = "cdn.ampproject.org"

_MAX_LABEL = 63


@lru_cache(maxsize=1)
def _scripts():
    """Letters of left-to-right and of right-to-left scripts, as the AMP toolbox tells them apart.

    Compiled on first use: the ranges cost 3 ms, and most runs never need them.
    """
    ltr = re.compile(
        "[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02b8\u0300-\u0590\u0800-\u1fff"
        "\u200e\u2c00-\ufb1c\ufe00-\ufe6f\ufefd-\uffff]"
    )
    rtl = re.compile("[\u0591-\u06ef\u06fa-\u07ff\u200f\ufb1d-\ufdff\ufe70-\ufefc]")
    return ltr, rtl


def _mixes_directions(text: str) -> bool:
    if text.isascii():
        return False  # no right-to-left letters
    ltr, rtl = _scripts()
    return bool(ltr.search(text) and rtl.search(text))


def amp_cache_url(amp_url: str, cache_domain: str = AMP_CACHE_DOMAIN) -> str:
    """The Google AMP Cache URL of an AMP page, by the AMP project's rule.

    `https://www.bbc.co.uk/news/x.amp` -> `https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/x.amp`.
    The path is `/c/s/` (content, fetched over TLS) for an https page and `/c/` for an http
    one, then the page's host, path, query and fragment. The subdomain is `amp_cache_subdomain`.
    Raises ValueError for what `urllib.parse.urlsplit` cannot read (a bad port, an unclosed `[`).
    """
    parts = parse(amp_url)  # the rules' one reading of the URL; urlsplit for what it refuses
    if isinstance(parts, str):
        parts = urlsplit(amp_url)
        host, port = _ascii_host(parts.hostname or ""), parts.port
    else:
        host, port = parts.host, parts.port
    where = host if port is None else f"{host}:{port}"
    secure = "s/" if parts.scheme.lower() == "https" else ""
    tail = parts.path
    if parts.query:
        tail += "?" + parts.query
    if parts.fragment:
        tail += "#" + parts.fragment
    return f"https://{amp_cache_subdomain(host)}.{cache_domain}/c/{secure}{where}{tail}"


def amp_cache_subdomain(host: str) -> str:
    """The AMP cache's one-label form of a host (the "domain prefix").

    1. Punycode-decode the host; 2. `-` -> `--`; 3. `.` -> `-`; 4. when characters 3 and 4 are
    then `--`, wrap the result in `0-` ... `-0`; 5. punycode-encode. When that is no valid DNS
    label (over 63 characters), or the host mixes left-to-right and right-to-left letters, or
    has no dot, the prefix is the SHA-256 of the ASCII host in lower-case base32, 52 characters.
    """
    host = _ascii_host(host)
    unicode = ".".join(_punycode_decode(label) for label in host.split("."))
    if "." in host and len(host) <= _MAX_LABEL and not _mixes_directions(unicode):
        prefix = unicode.replace("-", "--").replace(".", "-")
        if prefix[2:4] == "--":
            prefix = f"0-{prefix}-0"
        if not prefix.isascii():
            prefix = "xn--" + prefix.encode("punycode").decode("ascii")
        prefix = prefix.lower()
        if len(prefix) <= _MAX_LABEL:
            return prefix
    import base64
    import hashlib  # 2 ms to import; only an over-long or mixed-direction host gets here

    digest = hashlib.sha256(host.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").rstrip("=").lower()


def amp_page_url(cache_url: str) -> str | None:
    """The AMP page a Google AMP Cache content URL serves (the inverse of `amp_cache_url`)."""
    parts = urlsplit(cache_url)
    path = parts.path
    if path.startswith("/c/s/"):
        scheme, rest = "https", path[5:]
    elif path.startswith("/c/"):
        scheme, rest = "http", path[3:]
    else:
        return None
    if not rest or rest.startswith("/"):
        return None
    url = f"{scheme}://{rest}"
    if parts.query:
        url += "?" + parts.query
    if parts.fragment:
        url += "#" + parts.fragment
    return url


def _ascii_host(host: str) -> str:
    host = host.lower()
    if host.isascii():
        return host
    import idna

    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return ".".join(_punycode_encode(label) for label in host.split("."))


def _punycode_decode(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return label[4:].encode("ascii").decode("punycode")
        except UnicodeError:
            return label
    return label


def _punycode_encode(label: str) -> str:
    return label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
