"""The string formats fmlint checks itself: `uri` (RFC 3986) and `iri` (RFC 3987).

Both engines use these functions (`compiled` for the verdict, `schema` registers them with
jsonschema for the explanation), so they always agree. Real URLs of these sites carry non-ASCII
letters unencoded (`.../pokémon-style-...`, `.../gardaí-move-...`): an IRI, valid per RFC 3987,
which maps it to a URI by percent-encoding those characters as UTF-8. What RFC 3987 allows
beyond ASCII is `ucschar` (and `iprivate` in the query), less what it says must or should not
appear (section 4.1 and 6.1): line and paragraph separators (U+2028, U+2029), spaces of any kind
(U+00A0, U+3000, ...), and format characters such as bidirectional controls. So a U+2028 or a
no-break space inside a URL stays an error, as a space does.

One module past 400 lines, on purpose: every `format` fmlint checks, in one table (`CHECKERS`)
that both engines read, so the two can never disagree.
"""

from __future__ import annotations

import re
from functools import lru_cache


def _lazy(pattern: str, flags: int = 0):
    """`re.compile(pattern, flags).fullmatch`, compiled on its first call: compiling every
    format's regex costs a start ~5 ms, and a schema names few formats (the article's: `uri`,
    `iri` and `date-time`, whose regexes are compiled at import, as they serve every record)."""
    compiled = None

    def fullmatch(text: str):
        nonlocal compiled
        if compiled is None:
            compiled = re.compile(pattern, flags).fullmatch
        return compiled(text)

    return fullmatch


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
    mapped = _map_iri(text)
    return mapped is not None and is_uri(mapped)


def _map_iri(text: str) -> str | None:
    """RFC 3987's mapping of an IRI to a URI (non-ASCII characters percent-encoded as UTF-8),
    or None when a character may not stand where it stands."""
    if text.isascii():
        return text
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
            return None
        mapped.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8")))
    return "".join(mapped)


def _allowed(char: str, in_query: bool) -> bool:
    point = ord(char)
    ranges = (*_UCSCHAR, *_IPRIVATE) if in_query else _UCSCHAR
    if not any(low <= point <= high for low, high in ranges):
        return False
    import unicodedata  # only a non-ASCII URL gets here

    return unicodedata.category(char) not in _REFUSED_CATEGORIES


# -- the other formats JSON Schema defines, for every engine (validator.schema.compiled and
# validator.schema.checker both read `CHECKERS`). Each takes a string and refuses line breaks and
# non-ASCII digits where the RFC's grammar is ASCII (Python's `int` and `\d` accept any digit).

_TIME = _lazy(r"([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(?:[zZ]|([+-])([0-9]{2}):([0-9]{2}))")
_DATE = _lazy(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]"
    r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:[zZ]|([+-])([0-9]{2}):([0-9]{2}))"
).fullmatch
_MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _real_day(year: str, month: str, day: str) -> bool:
    y, m, d = int(year), int(month), int(day)
    if not 1 <= m <= 12 or not 1 <= d <= _MONTH_DAYS[m]:
        return False
    return m != 2 or d < 29 or (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0))


def _real_time(hour, minute, second, sign, off_hour, off_minute) -> bool:
    """A time of day; a leap second only where it is 23:59:60 in UTC."""
    h, m, s = int(hour), int(minute), int(second)
    offset = 0
    if sign:
        off_h, off_m = int(off_hour), int(off_minute)
        if off_h > 23 or off_m > 59:
            return False
        offset = (off_h * 60 + off_m) * (1 if sign == "+" else -1)
    if h > 23 or m > 59 or s > 60:
        return False
    return s < 60 or (h * 60 + m - offset) % 1440 == 23 * 60 + 59


def is_date(text: str) -> bool:
    """RFC 3339 `full-date`: a real calendar day."""
    match = _DATE(text)
    return match is not None and _real_day(*match.groups())


def is_time(text: str) -> bool:
    """RFC 3339 `full-time`: the offset is required; a leap second only at 23:59:60 UTC."""
    match = _TIME(text)
    return match is not None and _real_time(*match.group(1, 2, 3, 5, 6, 7))


def is_date_time(text: str) -> bool:
    """RFC 3339 `date-time` (`T` and `Z` in either case, as section 5.6 allows)."""
    match = _DATE_TIME(text)
    if match is None:
        return False
    parts = match.groups()
    return _real_day(*parts[:3]) and _real_time(*parts[3:])


def is_date_time_shaped(text: str) -> bool:
    """Written as an RFC 3339 `date-time`, whether or not that day and time of day exist."""
    return _DATE_TIME(text) is not None


_DURATION = _lazy(
    r"P(?:[0-9]+W"
    r"|(?:[0-9]+Y(?:[0-9]+M(?:[0-9]+D)?)?|[0-9]+M(?:[0-9]+D)?|[0-9]+D)(?:T(?:{t}))?"
    r"|T(?:{t}))".replace("{t}", r"[0-9]+H(?:[0-9]+M(?:[0-9]+S)?)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S")
)


def is_duration(text: str) -> bool:
    """RFC 3339 appendix A `duration` (ISO 8601): `P1Y2M`, `PT36H`, `P4W`."""
    return _DURATION(text) is not None


_LABEL = _lazy(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def is_hostname(text: str) -> bool:
    """RFC 1123 host name; an A-label (`xn--...`) must also be a valid IDNA2008 label."""
    if not text or len(text) > 253 or not text.isascii():
        return False
    for label in text.split("."):
        if not _LABEL(label):
            return False
        if label[2:4] == "--":
            if label[:2].lower() != "xn":
                return False
            if not _a_label(label.lower()):
                return False
    return True


def _a_label(label: str) -> bool:
    import idna

    try:
        return idna.decode(label) != ""
    except (idna.IDNAError, UnicodeError, ValueError):
        return False


def is_idn_hostname(text: str) -> bool:
    """RFC 5890 internationalized host name: every label a valid IDNA2008 U-label or A-label."""
    import idna

    if not text or "\n" in text or "\r" in text:
        return False
    try:
        encoded = idna.encode(text, uts46=False)
    except (idna.IDNAError, UnicodeError, ValueError):
        return False
    if text.endswith((".", "\u3002", "\uff0e", "\uff61")):
        return False
    if len(encoded) > 253:
        return False
    return _bidi_domain_ok(text)


def _bidi_domain_ok(text: str) -> bool:
    """RFC 5893: in a domain with any right-to-left label, every label keeps the Bidi rule."""
    import unicodedata

    import idna

    labels = re.split("[.\u3002\uff0e\uff61]", text)
    if not any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in text):
        return True
    try:
        return all(idna.check_bidi(label, check_ltr=True) for label in labels if label)
    except idna.IDNABidiError:
        return False


def is_ipv4(text: str) -> bool:
    """Dotted decimal, four parts of 0-255, no leading zeros, ASCII digits only."""
    parts = text.split(".")
    return len(parts) == 4 and all(
        part.isascii()
        and part.isdigit()
        and len(part) <= 3
        and (part == "0" or not part.startswith("0"))
        and int(part) <= 255
        for part in parts
    )


def is_ipv6(text: str) -> bool:
    """RFC 4291 text form, with no zone id and ASCII hex digits only."""
    if not text.isascii() or "%" in text or not re.fullmatch(r"[0-9A-Fa-f:.]+", text):
        return False
    import ipaddress

    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = _lazy(rf'{_ATOM}(?:\.{_ATOM})*|"(?:[^"\\\r\n]|\\[^\r\n])*"')
_IDN_LOCAL = _lazy(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\U0010ffff-]+"
    r"(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\U0010ffff-]+)*"
    r'|"(?:[^"\\\r\n]|\\[^\r\n])*"'
)


def _email(text: str, local_ok, host_ok) -> bool:
    if "\n" in text or "\r" in text:
        return False
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain or local_ok(local) is None:
        return False
    if domain.startswith("[") and domain.endswith("]"):
        literal = domain[1:-1]
        if literal[:5].lower() == "ipv6:":
            return is_ipv6(literal[5:])
        return is_ipv4(literal)
    return host_ok(domain)


def is_email(text: str) -> bool:
    """RFC 5321 `Mailbox`: a dot-atom or quoted local part, a host name or address literal."""
    return _email(text, _LOCAL, is_hostname)


def is_idn_email(text: str) -> bool:
    """RFC 6531: an e-mail address whose local part and domain may be internationalized (a
    domain not in NFC is read as its NFC form, as IDNA's mapping does)."""
    import unicodedata

    return _email(
        text, _IDN_LOCAL, lambda host: is_idn_hostname(unicodedata.normalize("NFC", host))
    )


_JSON_POINTER = _lazy(r"(?:/(?:[^/~]|~[01])*)*", re.DOTALL)
_RELATIVE_POINTER = _lazy(r"(?:0|[1-9][0-9]*)(#|(?:/(?:[^/~]|~[01])*)*)", re.DOTALL)


def is_json_pointer(text: str) -> bool:
    """RFC 6901 JSON Pointer (string form): empty, or `/`-led tokens with `~` only as ~0 ~1."""
    return _JSON_POINTER(text) is not None


def is_relative_json_pointer(text: str) -> bool:
    """A Relative JSON Pointer: a non-negative integer, then `#` or a JSON Pointer."""
    return _RELATIVE_POINTER(text) is not None


_VARSPEC = r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*"
_VARSPEC += r"(?::[1-9][0-9]{0,3}|\*)?"
_EXPRESSION = rf"\{{[+#./;?&=,!@|]?{_VARSPEC}(?:,{_VARSPEC})*\}}"
_LITERAL = r"[^\x00-\x20\x7f\"'%<>\\^`{|}]|%[0-9A-Fa-f]{2}|'"
_URI_TEMPLATE = _lazy(rf"(?:{_LITERAL}|{_EXPRESSION})*")


def is_uri_template(text: str) -> bool:
    """RFC 6570 URI Template (level 4 grammar)."""
    return _URI_TEMPLATE(text) is not None


_UUID = _lazy(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")


def is_uuid(text: str) -> bool:
    """RFC 9562 UUID in its hyphenated hex form."""
    return _UUID(text) is not None


def is_uri_reference(text: str) -> bool:
    """RFC 3986 URI-reference: a URI or a relative reference."""
    if "\n" in text or "\r" in text:
        return False
    if _NOT_URI_CHAR(text) is not None or _BAD_PERCENT(text) is not None:
        return False
    if not _bracketed_host_ok(text):
        return False
    from rfc3986_validator import validate_rfc3986

    return bool(validate_rfc3986(text, rule="URI_reference"))


def is_iri_reference(text: str) -> bool:
    """RFC 3987 IRI-reference: an IRI or a relative reference, by its URI mapping."""
    mapped = _map_iri(text)
    return mapped is not None and is_uri_reference(mapped)


def _bracketed_host_ok(text: str) -> bool:
    """An IP literal `[...]` in the authority must be a real IPv6 address (or `v...` future)."""
    match = re.match(r"[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?\[([^\]]*)\]", text)
    if match is None:
        match = re.match(r"//(?:[^/?#@]*@)?\[([^\]]*)\]", text)
    if match is None:
        return True
    literal = match.group(1)
    return literal[:1] in ("v", "V") or is_ipv6(literal)


def _with_literal(test, text: str) -> bool:
    """`test`, and an IP literal host (`[...]`, rare: checked only when there is a `[`) that is
    a real IPv6 address or an IPvFuture."""
    if "[" not in text:
        return test(text)
    return _future_lower(test, text) and _bracketed_host_ok(text)


def _future_lower(test, text: str) -> bool:
    """RFC 3986's `IPvFuture` is `"v" 1*HEXDIG ...`, and ABNF strings ignore case: rfc3986_validator
    knows only the lower-case `v`."""
    return test(re.sub(r"(?<=//\[)V(?=[0-9A-Fa-f]+\.)", "v", text, count=1))


def _is_regex(text: str) -> bool:
    from .ecma import is_regex  # regress: only a value checked as `format: regex`

    return is_regex(text)


CHECKERS = {
    "date-time": is_date_time,  # fullmatch without DOTALL: no line break gets through
    "date": is_date,
    "time": is_time,
    "duration": is_duration,
    "email": is_email,
    "idn-email": is_idn_email,
    "hostname": is_hostname,
    "idn-hostname": is_idn_hostname,
    "ipv4": is_ipv4,
    "ipv6": is_ipv6,
    "uri": lambda text: _with_literal(is_uri, text),
    "uri-reference": is_uri_reference,
    "iri": lambda text: _with_literal(is_iri, text),
    "iri-reference": is_iri_reference,
    "json-pointer": is_json_pointer,
    "relative-json-pointer": is_relative_json_pointer,
    "uri-template": is_uri_template,
    "uuid": is_uuid,
    "regex": _is_regex,
}
