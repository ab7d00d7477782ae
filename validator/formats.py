"""The string formats fmlint checks itself: `uri` (RFC 3986) and `iri` (RFC 3987).

Both engines use these functions (`compiled` for the verdict, `schema` registers them with
jsonschema for the explanation), so they always agree. Real URLs of these sites carry non-ASCII
letters unencoded (`.../pokémon-style-...`, `.../gardaí-move-...`): an IRI, valid per RFC 3987,
which maps it to a URI by percent-encoding those characters as UTF-8. What RFC 3987 allows
beyond ASCII is `ucschar` (and `iprivate` in the query), less what it says must or should not
appear (section 4.1 and 6.1): line and paragraph separators (U+2028, U+2029), spaces of any kind
(U+00A0, U+3000, ...), and format characters such as bidirectional controls. So a U+2028 or a
no-break space inside a URL stays an error, as a space does.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A plain http(s) URL with a registered name for host: a strict subset of rfc3986_validator's URI
# grammar (same path, query and fragment characters; a narrower scheme and host; no userinfo, no
# IP literal), so a match is a URI for the reference too. Anything else asks rfc3986_validator,
# whose import (5 ms of regex compiling) a typical clean file then never pays for. Written with
# repeats of single character classes (`%` among them) and every `%` checked apart for its two hex
# digits: the same language as `(?:/(?:[...]|%XX)*)*`, whose repeated group costs the regex
# engine memory for every character (700 MB for a 5 MB URL); a class repeat costs none.
_PCHAR = r"A-Za-z0-9_.~!$&'()*+,;=:@%-"
_PLAIN = re.compile(
    rf"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[{_PCHAR}/]*)?(?:\?[{_PCHAR}/?]*)?"
    rf"(?:#[{_PCHAR}/?]*)?"
).fullmatch
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})").search
# Every character rfc3986_validator's URI rule can match: anything else is no URI.
_NOT_URI_CHAR = re.compile(r"[^A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]").search
# rfc3986_validator's URI rule in the same linear form (its IPv6 part is bounded), for long text
# only: the reference's regex costs memory per character. tests/test_growth.py holds them equal.
_LONG = 4096


def _plain_url(text: str) -> bool:
    return _PLAIN(text) is not None and _BAD_PERCENT(text) is None


_PLAIN_URL = _plain_url


@lru_cache(maxsize=1)
def _linear_uri():
    from rfc3986_validator import IPv6_RE

    unreserved_sub = r"\-a-zA-Z0-9_.~!$&'()*+,;="
    authority = (
        rf"(?:[{unreserved_sub}:%]*@)?"
        rf"(?:\[(?:{IPv6_RE}|v[0-9A-Fa-f]+\.[{unreserved_sub}:]+)\]"
        r"|(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)"
        rf"|[{unreserved_sub}%]*)"
        r"(?::[0-9]*)?"
    )
    pchar = rf"{unreserved_sub}:@%"
    return re.compile(
        rf"[a-zA-Z][a-zA-Z0-9+.-]*:"
        rf"(?://{authority}(?:/[{pchar}/]*)?|/(?:[{pchar}][{pchar}/]*)?|[{pchar}][{pchar}/]*|)"
        rf"(?:\?[{pchar}/?]*)?(?:#[{pchar}/?]*)?"
    ).fullmatch


def _rfc3986_uri(text: str) -> bool:
    """rfc3986_validator's `URI` rule for text of URI characters with good `%` escapes; for
    long text an equal rule that is linear in memory."""
    if len(text) > _LONG:
        return _linear_uri()(text) is not None
    from rfc3986_validator import validate_rfc3986

    return bool(validate_rfc3986(text, rule="URI"))


# RFC 3987 `ucschar`, then `iprivate` (allowed in the query only).
_UCSCHAR = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((plane, plane + 0xFFFD) for plane in range(0x10000, 0xE0000, 0x10000)),
    (0xE1000, 0xEFFFD),
)
_IPRIVATE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
# Unicode categories RFC 3987 rules out even inside ucschar: separators and format characters.
_REFUSED_CATEGORIES = {"Zs", "Zl", "Zp", "Cf"}


def is_uri(text: str) -> bool:
    """An absolute URI by RFC 3986 (rfc3986_validator's `URI` rule), with no line breaks."""
    if "\n" in text or "\r" in text:
        return False
    if _NOT_URI_CHAR(text) is not None or _BAD_PERCENT(text) is not None:
        return False  # characters or escapes the URI grammar has no place for (nor `_PLAIN`)
    if _PLAIN(text) is not None:
        return True
    return _rfc3986_uri(text)


def is_iri(text: str) -> bool:
    """An absolute IRI by RFC 3987: its URI mapping is a URI, and every non-ASCII character may
    stand where it stands."""
    if text.isascii():
        return is_uri(text)
    query_at = text.find("?")
    fragment_at = text.find("#")
    if 0 <= fragment_at < query_at:
        query_at = -1  # a `?` inside the fragment starts no query
    mapped = []
    for index, char in enumerate(text):
        if char.isascii():
            mapped.append(char)
            continue
        in_query = query_at >= 0 and index > query_at and (fragment_at < 0 or index < fragment_at)
        if not _allowed(char, in_query):
            return False
        mapped.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8")))
    return is_uri("".join(mapped))


def _allowed(char: str, in_query: bool) -> bool:
    point = ord(char)
    ranges = (*_UCSCHAR, *_IPRIVATE) if in_query else _UCSCHAR
    if not any(low <= point <= high for low, high in ranges):
        return False
    import unicodedata  # only a non-ASCII URL gets here

    return unicodedata.category(char) not in _REFUSED_CATEGORIES
