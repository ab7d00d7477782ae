"""Shared by the URL rules (FM2xx): what is wrong with a URL, and its parts, read once.

Where the URLs are is the record walk's business (`record.Walk.urls`: every value the schema
says is a URL, and every picture's location, but a path on the site and a relative reference
where the schema allows one); the rules pick what they judge. Each URL string is read once by
`parse` (remembered, so FM201, FM202, FM203, FM205, FM206 and FM507 share the one reading).

Registrable domains are `suffixes`' (the Public Suffix List), AMP cache URLs `amp`'s, and what
makes an image URL no picture `images`'.
"""

from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache
from urllib.parse import urlsplit

from ..diagnostic import quote
from .record import Walk
from .roles import RoleTree
from .suffixes import psl

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_DIGITS_AND_DOTS = re.compile(r"[0-9.]+")
# Schemes that are something else, not a misspelt http(s).
_OTHER_SCHEMES = {"ftp", "ftps", "sftp", "file", "data", "mailto", "tel", "ws", "wss", "news"}


def show(value: str, limit: int = 80) -> str:
    """A value as it is quoted in messages (`validator.diagnostic.quote`)."""
    return quote(value, limit)


def other_scheme(url: str) -> bool:
    """A URL with a real scheme other than http and https (`mailto:`, `tel:`, `ftp:`): no typo
    of one (`htps:`) and no `javascript:`, which runs code wherever a link is followed."""
    match = _SCHEME.match(url)
    if match is None:
        return False
    scheme = match.group(1).lower()
    return scheme not in ("http", "https", "javascript") and _typo_of(scheme) is None


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


def urls(record: dict, roles: RoleTree | None = None) -> list:
    """Every URL of a record (`Walk.urls`; by default as the article schema places them), for a
    caller without a rule's context."""
    return Walk(record, roles).urls
