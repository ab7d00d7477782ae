"""What the values at one place of a collection's records say, for `infer`: the keywords of a
string field (a date's layouts, a URL's format, a picture's role, a duration's pattern, a closed
set of values), of a number (a floor for sizes and counts), and the values that look like
mistakes (`Outlier`s), worded for the person who runs `infer` or `init`.

Each keyword is written only on strong evidence, and never so that a sound file of the site
fails: a format only where every value has it, a closed set only where many pages (a page and
its translations counted once) share few values, a floor only where every value is above it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..diagnostic import quote
from .date_layouts import DATE_LAYOUTS, EXACT, layout_of, read
from .formats import is_date, is_date_time, is_iri, is_iri_reference, is_uri, is_uri_reference

ITEM = "[]"  # a list's items, in a schema path
ROLE = "x-fmlint-role"
PICTURE = "picture"
# where a picture object keeps its location: the first of these it has
PICTURE_KEYS = ("url", "src", "file", "path", "image")
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
ENUM_MAX = 5  # distinct values of a closed set
ENUM_MIN_SEEN = 3  # pages each value is seen on, at least (seen once says nothing is closed)
ENUM_MIN_PAGES = 10  # pages that have the key, at least
EXAMPLES = 3
EXAMPLE_MAX_CHARS = 120
MINORITY = 0.05  # a type or format no more than 5 % of the values break is an outlier's sign
FAR = 10.0  # a number this many widths of the others' 5-95 % range beyond it, among FAR_MIN
FAR_MIN = 20
# integer fields with a floor: sizes are at least 1, counts and positions at least 0
SIZES = frozenset({"width", "height"})
COUNTS = frozenset(
    {"weight", "order", "count", "position", "rank", "priority", "level", "depth", "size"}
    | {"index", "pages", "total", "minutes", "seconds", "duration", "length"}
)

_UPPER_CASE_DATE_TIME = re.compile(r"[^tz]*\Z")
# ISO 8601 durations (`P1Y2M`, `PT30M`, `P1DT2H`): at least one part, a `T` only before a time
# part. No lookaround, so RE2 matches it in linear time (a lookaround needs a backtracking
# engine, which fmlint bounds and may refuse).
_DATE_PARTS = (
    r"(?:[0-9]+Y(?:[0-9]+M)?(?:[0-9]+W)?(?:[0-9]+D)?|[0-9]+M(?:[0-9]+W)?(?:[0-9]+D)?"
    r"|[0-9]+W(?:[0-9]+D)?|[0-9]+D)"
)
_SECONDS = r"[0-9]+(?:\.[0-9]+)?S"
_TIME_PARTS = rf"T(?:[0-9]+H(?:[0-9]+M)?(?:{_SECONDS})?|[0-9]+M(?:{_SECONDS})?|{_SECONDS})"
DURATION = rf"^P(?:{_DATE_PARTS}(?:{_TIME_PARTS})?|{_TIME_PARTS})$"
_DURATION = re.compile(DURATION)
_DIGIT = re.compile(r"[0-9]")
_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


@dataclass(frozen=True)
class Outlier:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def where_text(where: tuple) -> str:
    """A schema path as a person reads it: `hero.image`, `images[]`."""
    out = ""
    for part in where:
        out += "[]" if part == ITEM else (f".{part}" if out else part)
    return out or "(the front matter)"


def line_of(record, path: tuple) -> int:
    return record.doc.locate(path).line


def show(value) -> str:
    if isinstance(value, str):
        return quote(value)
    if value is None:
        return "an empty value"
    return repr(value)


def examples(values: list) -> dict:
    found = []
    for _, _, value in values:
        if isinstance(value, str) and (len(value) > EXAMPLE_MAX_CHARS or not value.strip()):
            continue
        if isinstance(value, float) and not math.isfinite(value):
            continue  # `.inf`, `.nan`, `1e400`: JSON has no such number
        if value not in found:
            found.append(value)
        if len(found) == EXAMPLES:
            break
    return {"examples": found} if found else {}


# ---------------------------------------------------------------- strings


def string_keywords(
    values: list, where: tuple, outliers: list, pages: dict, reads: tuple = ()
) -> dict:
    """The keywords of a string field; `values`: (record, document path, text) of its strings,
    `pages`: each record's page (`translations.page_keys`), `reads`: the date layouts the site's
    generator reads every date in (Jekyll's `ruby`), or () for those its values use."""
    texts = [text for _, _, text in values]
    filled = [entry for entry in values if entry[2].strip()]
    out: dict = {}
    dated = _dates(values, filled, where, outliers, reads)
    if dated is not None:
        return {**dated, **examples(values)}
    if texts and all(_DURATION.match(text) for text in texts):
        return {"pattern": DURATION, **examples(values)}
    url = _url_format(texts, filled)
    if url is not None:
        out["format"] = url
    else:
        _url_outliers(filled, where, outliers)
    if filled and all(is_picture_text(text) for _, _, text in filled):
        out[ROLE] = PICTURE
    if not out:
        closed = _closed_set(values, pages)
        if closed is not None:
            return {"enum": closed}
    return {**out, **examples(values)}


def _dates(
    values: list, filled: list, where: tuple, outliers: list, reads: tuple = ()
) -> dict | None:
    """A date field's keywords: the layouts its values are written in (or those the generator
    reads every date in, `reads`), and `format` where every value is RFC 3339 (or a date alone)
    and the generator reads no other. A field is a date when nearly all its values are dates
    it accepts, some in an exact layout; a value in none, among many that are, is reported: the
    field stays a date."""
    if not filled:
        return None
    layouts = [layout_of(text) or _read_as(text, reads) for _, _, text in filled]
    missing = [entry for entry, layout in zip(filled, layouts, strict=True) if layout is None]
    used = {layout for layout in layouts if layout is not None}
    if not used & set(EXACT) or len(missing) > MINORITY * len(filled):
        return None
    if any(not _DIGIT.search(text) for _, _, text in missing):
        return None  # a word where a date goes (Eleventy's `date: Last Modified`): no mistake
    out: dict = {DATE_LAYOUTS: list(reads) or [name for name in EXACT if name in used]}
    form = None if reads else _date_format([text for _, _, text in values])
    if form is not None:  # not where the generator reads more: the format would refuse it
        out = {"format": form, **out}
    shown = ", ".join(out[DATE_LAYOUTS])
    for record, path, text in missing:
        outliers.append(
            Outlier(
                record.path,
                line_of(record, path),
                f"{where_text(where)}: {show(text)} is in no date layout; the other "
                f"{len(filled) - len(missing)} are written {shown}",
            )
        )
    return out


def _read_as(text: str, reads: tuple) -> str | None:
    """The layout among `reads` that `text` is a real date in, or None."""
    layout, why = read(text, reads) if reads else (None, None)
    return layout if layout in reads and why is None else None


def _date_format(texts: list) -> str | None:
    """`date-time` where every value is RFC 3339, `date` where every one is a day alone."""
    if all(_is_date_time(text) for text in texts):
        return "date-time"
    if all(is_date(text) for text in texts):
        return "date"
    return None


def _is_date_time(text: str) -> bool:
    """A date-time as `format: date-time` checks it, written with upper-case `T` and `Z`: the
    form the bundled schema's records use and FM303 asks for."""
    return _UPPER_CASE_DATE_TIME.match(text) is not None and is_date_time(text)


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://")) and is_uri(text)


def _is_iri(text: str) -> bool:
    return text.startswith(("http://", "https://")) and is_iri(text)


def _is_link(text: str) -> bool:
    """A relative link a site writes: from the site's root or from the page (`/img/a.png`,
    `../a/`, `./b.png`), not a word that merely could be one."""
    return text.startswith(("/", "./", "../")) and not text.startswith("//")


def _url_format(texts: list[str], filled: list) -> str | None:
    """`uri` (or `iri`, with non-ASCII) where every value is an absolute http(s) URL;
    `uri-reference` (`iri-reference`) where the others are links relative to the site."""
    if not filled or len(filled) != len(texts):
        return None
    if all(_is_url(text) for text in texts):
        return "uri"
    if all(_is_iri(text) for text in texts):
        return "iri"
    if not all(_is_url(text) or _is_iri(text) or _is_link(text) for text in texts):
        return None
    if all(is_uri_reference(text) for text in texts):
        return "uri-reference"
    if all(is_iri_reference(text) for text in texts):
        return "iri-reference"
    return None


def _url_outliers(filled: list, where: tuple, outliers: list) -> None:
    """URLs nearly all of which are sound: the few that are not (a space inside)."""
    shaped = [e for e in filled if _is_link(e[2]) or e[2].startswith(("http://", "https://"))]
    if len(shaped) != len(filled):
        return
    bad = [e for e in shaped if not (is_iri_reference(e[2]))]
    if bad and len(bad) <= MINORITY * len(filled):
        for record, path, text in bad:
            outliers.append(
                Outlier(
                    record.path,
                    line_of(record, path),
                    f"{where_text(where)}: {show(text)} is not a URL like the other "
                    f"{len(filled) - len(bad)} (left out of the schema's `format`)",
                )
            )


def is_picture_text(text: str) -> bool:
    """A picture's file or URL, by its extension (a query or fragment after it allowed)."""
    if len(text) > 2000 or "\n" in text:
        return False
    bare = text.split("#", 1)[0].split("?", 1)[0].rstrip()
    return bare.lower().endswith(PICTURE_SUFFIXES)


def picture_location(value) -> str | None:
    """The location key of a picture object: the first of `PICTURE_KEYS` it has."""
    if isinstance(value, dict):
        for key in PICTURE_KEYS:
            if key in value:
                return key
    return None


def is_picture_object(values: list) -> bool:
    """Mappings each of which keeps a picture's file or URL in its location key."""
    mappings = [value for _, _, value in values if isinstance(value, dict)]
    if not mappings or len(mappings) != len(values):
        return False
    for value in mappings:
        key = picture_location(value)
        location = value.get(key) if key is not None else None
        if not isinstance(location, str) or not is_picture_text(location):
            return False
    return True


def _closed_set(values: list, pages: dict) -> list | None:
    """The few values many pages share, each on several pages: a closed set of values. A page
    and its translations are one page."""
    by_value: dict[str, set] = {}
    for record, _path, text in values:
        if "\n" in text:
            return None
        by_value.setdefault(text, set()).add(pages.get(record.path, record.path))
        if len(by_value) > ENUM_MAX:
            return None
    having = set().union(*by_value.values()) if by_value else set()
    if len(by_value) < 2 or len(having) < ENUM_MIN_PAGES:
        return None  # one value everywhere is a constant, not a choice among a few
    if min(len(seen) for seen in by_value.values()) < ENUM_MIN_SEEN:
        return None
    return sorted(by_value)


# ---------------------------------------------------------------- numbers


def number_keywords(values: list, where: tuple, outliers: list, integers: bool) -> dict:
    """A number field's examples, its floor (a size at least 1, a count or position at least 0,
    where every value is), and the numbers far outside the others."""
    out = examples(values)
    floor = _floor(where, [value for _, _, value in values]) if integers else None
    if floor is not None:
        out = {"minimum": floor, **out}
    _number_outliers(values, where, outliers)
    return out


def _floor(where: tuple, numbers: list) -> int | None:
    name = next((part for part in reversed(where) if part != ITEM), "")
    words = [word.lower() for word in _WORDS.findall(str(name))]
    if not words or not numbers:
        return None
    last = words[-1]
    if last in SIZES and all(number >= 1 for number in numbers):
        return 1
    if last in SIZES | COUNTS and all(number >= 0 for number in numbers):
        return 0
    return None


def _number_outliers(values: list, where: tuple, outliers: list) -> None:
    """Numbers far beyond the others: past the 5-95 % range by ten times its width (a width of
    62400 among 480 to 1280; not a heat of 373 among 20 to 300, which is variation)."""
    numbers = [(r, p, v, _float(v)) for r, p, v in values]
    ordered = sorted(number for *_, number in numbers if math.isfinite(number))
    if len(ordered) < FAR_MIN:
        return
    low, high = _quantile(ordered, 0.05), _quantile(ordered, 0.95)
    spread = high - low
    if not 0 < spread < math.inf:
        return
    floor, ceiling = low - FAR * spread, high + FAR * spread
    for record, path, value, number in numbers:
        if number < floor or number > ceiling:  # never for NaN; always for an infinity
            outliers.append(
                Outlier(
                    record.path,
                    line_of(record, path),
                    f"{where_text(where)}: {_number_text(value)} is far outside the others "
                    f"(nine in ten lie between {_num(low)} and {_num(high)})",
                )
            )


def _number_text(value) -> str:
    """A number as a message shows it: a 400-digit integer by its first digits and its length."""
    text = str(value)
    return text if len(text) <= 24 else f"{text[:12]}... ({len(text.lstrip('-'))} digits)"


def _float(value) -> float:
    """The number as a float: an integer beyond a float's range (10**400) as an infinity."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _quantile(ordered: list, q: float) -> float:
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
