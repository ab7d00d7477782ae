"""Shared by the URL rules (FM2xx): where URLs are, what is wrong with one, AMP cache URLs, domains.

Where the URLs are is the record walk's business (`record.Walk.urls`: page URLs and every
picture's `url`, but a provider logo given as a path on the site); the rules pick what they
judge.

`amp_cache_url(amp_url)` derives the Google AMP Cache URL of an AMP page by the AMP project's
documented rule; it is a pure function, so a fixer may call it as well as the FM203 rule.
"""

from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache
from urllib.parse import urlsplit

from ..diagnostic import DocPath, quote
from .record import Walk

AMP_CACHE_DOMAIN = "cdn.ampproject.org"

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_DIGITS_AND_DOTS = re.compile(r"[0-9.]+")
# Schemes that are something else, not a misspelt http(s).
_OTHER_SCHEMES = {"ftp", "ftps", "sftp", "file", "data", "mailto", "tel", "ws", "wss", "news"}


def show(value: str, limit: int = 80) -> str:
    """A value as it is quoted in messages (`validator.diagnostic.quote`)."""
    return quote(value, limit)


def is_image(path: DocPath) -> bool:
    return bool(path) and path[-1] == "url"


# What is wrong with a URL ---------------------------------------------------------------------


class Url(namedtuple("Url", "scheme host port path query fragment")):
    """The parts of a URL that passed `parse`: scheme ("http" or "https"), host (lower-case ASCII,
    A-labels), port (int or None), path, query and fragment. (A collections namedtuple: typing's
    NamedTuple would import typing, ~2 ms of every start.)"""

    __slots__ = ()


# The common case, read without urlsplit: http(s), a host of letters, digits, dots and dashes, an
# optional port, then printable ASCII with no `@` (userinfo), `[` (IP literal) or backslash.
_PLAIN = re.compile(
    r"(https?)://([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?((?:[/?#][!-?A-Z\]^_a-z|~-]*)?)"
).fullmatch


@lru_cache(maxsize=4096)
def parse(url: str) -> Url | str:
    """The URL's parts, or why it is not an absolute http(s) URL with a good host (FM201's text)."""
    plain = _PLAIN(url)
    if plain is not None:
        scheme, host, port, rest = plain.groups()
        if port is None or 0 < int(port) < 65536:
            checked = _host(host.lower(), "")
            if not checked.startswith("!"):
                rest, _, fragment = rest.partition("#")
                path, _, query = rest.partition("?")
                return Url(scheme, checked, int(port) if port else None, path, query, fragment)
    return _parse_slowly(url)


def _parse_slowly(url: str) -> Url | str:
    if not url.isprintable() or " " in url:
        return f"contains {_describe(next(c for c in url if c == ' ' or not c.isprintable()))}"
    match = _SCHEME.match(url)
    if not match:
        return "is a relative URL; write an absolute URL starting with https://"
    scheme = match.group(1).lower()
    if scheme == "javascript":
        return "is a javascript: URL, not a link to a page"
    if scheme not in ("http", "https"):
        guess = _typo_of(scheme)
        if guess:
            return f"has the scheme '{match.group(1)}:', a typo of '{guess}:'"
        return f"has the scheme '{match.group(1)}:'; only http and https URLs are links to pages"
    try:
        parts = urlsplit(url)
    except ValueError as error:  # e.g. an unclosed '[' in the host
        return f"cannot be read as a URL ({error})"
    if not url[len(match.group(0)) :].startswith("//") or not parts.netloc:
        return f"has no host; write '{scheme}://' and the host name"
    if "@" in parts.netloc:
        return "carries a user name or password before '@'; remove it"
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        return (
            f"has the port '{parts.netloc.rpartition(':')[2]}'; a port is a number from 1 to 65535"
        )
    host = parts.hostname or ""
    checked = _host(host, parts.netloc.partition("]")[0] if "[" in parts.netloc else "")
    if checked.startswith("!"):
        return checked[1:]
    return Url(scheme, checked, port, parts.path, parts.query, parts.fragment)


def _describe(char: str) -> str:
    """`a space`, `U+00A0 (NO-BREAK SPACE)`, `the control character U+0009`."""
    if char == " ":
        return "a space"
    import unicodedata

    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name})" if name else f"the control character U+{ord(char):04X}"


@lru_cache(maxsize=1024)
def _host(host: str, ip_literal: str) -> str:
    """The host as lower-case ASCII, or a message starting with '!' when it is no host name.

    `ip_literal` is the netloc up to `]` when it holds an IPv6 literal (`[::1`), else "".
    """
    if not host:
        return "!has no host; write the host name after '//'"
    if ip_literal:
        return f"!has the IP address {ip_literal}] for a host, not a domain name"
    if host.endswith("."):
        return f"!has the host '{host}', which ends with a dot"
    if not host.isascii():
        import idna

        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError) as error:
            return f"!has the host '{host}', which is not a valid internationalised name ({error})"
    if len(host) > 253:
        return f"!has a host of {len(host)} characters; a host name has at most 253"
    if _DIGITS_AND_DOTS.fullmatch(host):
        return f"!has the IP address {host} for a host, not a domain name"
    labels = host.split(".")
    if len(labels) < 2:
        return f"!has the host '{host}', which has no dot; write the full domain name"
    for label in labels:
        if not _LABEL.fullmatch(label):
            return f"!has the host '{host}', whose part '{label}' is not a valid host name label"
        if label.startswith("xn--") and not _valid_a_label(label):
            return f"!has the host '{host}', whose part '{label}' is not valid punycode (IDNA)"
    if labels[-1].isdigit() or psl().publicsuffix(host) is None:
        return f"!has the host '{host}', whose top-level domain '{labels[-1]}' does not exist"
    return host


def _valid_a_label(label: str) -> bool:
    import idna

    try:
        idna.decode(label)
    except (idna.IDNAError, UnicodeError):
        return False
    return True


def _typo_of(scheme: str) -> str | None:
    """'https' or 'http' when `scheme` looks like a misspelling of one, else None."""
    if scheme in _OTHER_SCHEMES or not ("h" in scheme or "t" in scheme):
        return None
    to_http, to_https = _distance(scheme, "http"), _distance(scheme, "https")
    if min(to_http, to_https) > 2:
        return None
    if to_http == to_https:
        return "https" if "s" in scheme else "http"
    return "http" if to_http < to_https else "https"


def _distance(a: str, b: str) -> int:
    """Levenshtein distance, for short scheme names."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


# Registrable domains --------------------------------------------------------------------------

_psl = None


def psl():
    """The Public Suffix List (`suffixes.SuffixList`), loaded on first use.

    A host under a top-level domain the list does not know has no registrable domain, which
    FM201 reports (publicsuffixlist's `accept_unknown=False`).
    """
    global _psl
    if _psl is None:
        from .suffixes import load

        _psl = load()
    return _psl


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str | None:
    """`www.bbc.co.uk` -> `bbc.co.uk`; None for a public suffix itself or an unknown TLD."""
    return psl().privatesuffix(host)


# Images ---------------------------------------------------------------------------------------

# Extensions of files that are something else than a picture: a page, a script, a document, a
# video or a font. Dynamic pages (`.php`, `.aspx`, `.ashx`, `.cms`, ...) are no evidence: image
# services serve pictures from them (`washingtonpost.com/wp-apps/imrs.php?src=...`).
NOT_IMAGE_EXTENSION = {
    **dict.fromkeys(("html", "htm", "shtml", "xhtml"), "a web page"),
    **dict.fromkeys(("js", "mjs", "css", "json", "xml", "rss", "atom"), "a script or data file"),
    **dict.fromkeys(("txt", "md", "pdf", "doc", "docx", "zip", "gz", "exe"), "a document"),
    **dict.fromkeys(
        ("mp4", "m4v", "webm", "mov", "avi", "mkv", "m3u8", "mpd", "mp3", "m4a", "wav", "ogg"),
        "a video or sound file",
    ),
    **dict.fromkeys(("woff", "woff2", "ttf", "otf", "eot"), "a font"),
}
# Ad servers: what they serve in place of a picture is an advertisement or a tracking pixel.
_AD_SERVERS = {
    "doubleclick.net",
    "googlesyndication.com",
    "googleadservices.com",
    "adnxs.com",
    "amazon-adsystem.com",
    "adsrvr.org",
    "moatads.com",
}
# Pictures that stand in for a missing one: YouTube's "unsupported browser" dinosaur (the picture
# of 114 diablo4 records), and publishers' default share images (`rcom-default.png`,
# `defaultPromoCrop.png`, `placeholder.png`, `SD-default-image.png`, `opengraph_default.png`).
_YOUTUBE_DINOSAUR = "/img/desktop/supported_browsers/dinosaur.png"
_PLACEHOLDER_WORD = re.compile(r"(?:^|[^a-z])(?:default|placeholder|no-?image)(?:[^a-z]|$)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CROP_NAME = re.compile(r"[0-9]+x[0-9]+-c-default$")  # a WordPress crop size, `-1170x600-c-default`


def image_problem(url: Url) -> str | None:
    """Why an image URL is certainly not the story's picture, or None.

    Only positive evidence counts (precision first): a site's bare address, a file type that is
    no picture, an ad server, a known placeholder. A URL without an extension proves nothing,
    since image services serve pictures from any address (`img-s-msn-com.akamaized.net/...img?`,
    `g.foolcdn.com/image/?url=`, `thumbor.forbes.com`, `images.barrons.com/im-NNN/social`).
    """
    if url.path in ("", "/") and not url.query:
        return "is the address of a whole site, not of a picture"
    name = url.path.rpartition("/")[2]
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    kind = NOT_IMAGE_EXTENSION.get(extension)
    if kind:
        return f"ends in '.{extension}', which is {kind}, not a picture"
    site = registrable_domain(url.host)
    if site in _AD_SERVERS:
        return f"is on the ad server {site}, which serves advertisements, not pictures of a story"
    return placeholder(url)


def placeholder(url: Url) -> str | None:
    """Why an image URL is a known stand-in for a missing picture, or None. A picture the
    network confirms is still a placeholder, so `--online` keeps this part of FM206."""
    if url.path == _YOUTUBE_DINOSAUR and registrable_domain(url.host) == "youtube.com":
        return "is YouTube's 'unsupported browser' placeholder, not a picture of the story"
    name = url.path.rpartition("/")[2]
    stem = name.rpartition(".")[0] if "." in name else name
    if _PLACEHOLDER_WORD.search(_CAMEL.sub("-", stem).lower()) and not _CROP_NAME.search(stem):
        return f"is a placeholder picture ('{name}'), not a picture of the story"
    return None


# AMP cache URLs -------------------------------------------------------------------------------

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
    parts = urlsplit(amp_url)
    host = _ascii_host(parts.hostname or "")
    where = host if parts.port is None else f"{host}:{parts.port}"
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


def urls(record: dict) -> list:
    """Every URL of a record (`Walk.urls`), for a caller without a rule's context."""
    return Walk(record).urls
