"""`fmlint infer`: a JSON Schema (2020-12) for the front matter a collection already has.

genson builds the skeleton (types, `required` = the keys every record has, list items merged);
this module adds what fmlint knows of front matter: `format`s for dates, date-times and URLs
(timestamps are text in fmlint's values, so a date-time is checked as the text it is written as),
an ISO 8601 `pattern` for durations, `enum`s for small closed sets of strings, `examples` from the
data, unknown keys as warnings (with a did-you-mean for near misses, as the bundled schema does),
and properties in name order, so the same files always give the same bytes.

It also reports values that look like mistakes (`Outlier`): a type that few records use, a value
that misses the format the others follow, a number far outside the others, a key few records
have. They are reported, never folded into the schema's rules: the schema says what the data is.

One module past 400 lines, on purpose: inferring a schema and finding the values that miss it
read the same statistics of the same records in one pass.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..diagnostic import quote
from ..disk.safe_read import ARTICLE_CAP, read_bytes
from ..escape import dumps
from ..source import reader
from ..source.files import Missing, discover
from ..source.reading import _FENCE_BYTES
from .formats import is_date, is_date_time, is_iri, is_uri

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ENUM_MAX = 5  # distinct values of a closed set
ENUM_MIN_SEEN = 3  # each seen at least this often (a value seen once says nothing is closed)
ENUM_MIN_VALUES = 10
EXAMPLES = 3
EXAMPLE_MAX_CHARS = 120
MINORITY = 0.05  # a type or format no more than 5 % of the values break is an outlier's sign
RARE_KEY = 0.01  # a key one or at most 1 % of its mappings have (among at least RARE_MIN)
RARE_MIN = 50
FAR = 10.0  # a number this many widths of the others' 5-95 % range beyond it, among FAR_MIN
FAR_MIN = 20
ITEM = "[]"  # a list's items, in a schema path

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
_KINDS = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    type(None): "null",
    list: "array",
    dict: "object",
}
_ONE = {
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a decimal number",
    "string": "a string",
    "null": "empty",
    "array": "a list",
    "object": "a mapping",
}
_NAMES = {
    "boolean": "booleans",
    "integer": "integers",
    "number": "numbers",
    "string": "strings",
    "null": "empty",
    "array": "lists",
    "object": "mappings",
}


@dataclass(frozen=True)
class Record:
    """One file's front matter: its path, its value (a mapping) and where each value stands."""

    path: str
    value: dict
    doc: object  # a `document.Document`, for lines


@dataclass(frozen=True)
class Outlier:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def read_record(path: str, data: bytes) -> Record | str:
    """The record of one file, or why it gives none (a sentence)."""

    read = reader.read_bytes(data)
    if read.stop is not None:
        return read.stop.message
    doc = read.doc
    if not doc.ok or doc.findings:
        first = doc.findings[0]
        line = first.span.line if first.span is not None else doc.locate(first.path).line
        return f"line {line}: {first.message} ({first.code})"
    if not isinstance(doc.value, dict):
        return "the front matter is not a mapping"
    return Record(path, doc.value, doc)


def gather(paths) -> tuple[list[Record], list[tuple[str, str]], list[tuple[str, str]]]:
    """The records of the front-matter files under `paths` (walked as `fmlint check` walks), the
    (path, reason) of the files that give none, and the paths that could not be read."""

    records, skipped, unread = [], [], []
    for target in discover(list(paths)):
        path = str(target.path)
        if isinstance(target, Missing):
            unread.append((path, target.reason))
            continue
        try:
            data = read_bytes(path, ARTICLE_CAP)
        except OSError as error:
            unread.append((path, error.strerror or str(error)))
            continue
        if not target.explicit and not _FENCE_BYTES.match(data):
            continue  # a walked file without front matter (a README)
        record = read_record(path, data)
        if isinstance(record, str):
            skipped.append((path, record))
        else:
            records.append(record)
    return records, skipped, unread


def infer(records: list[Record]) -> tuple[dict, list[Outlier]]:
    """The schema these records fit, and the values that look like outliers."""
    from genson import SchemaBuilder

    builder = SchemaBuilder(schema_uri=DIALECT)
    for record in records:
        builder.add_object(record.value)
    raw = builder.to_schema()
    seen: dict[tuple, list] = {}
    for record in records:
        _collect(record, record.value, (), (), seen)
    outliers: list[Outlier] = []
    body = _refine(raw, (), seen, outliers)
    schema = {
        "$schema": DIALECT,
        "description": f"Inferred by `fmlint infer` from {len(records)} front-matter records.",
        **body,
    }
    outliers.sort(key=lambda o: (o.path, o.line, o.message))
    return schema, outliers


def _collect(record: Record, value, where: tuple, path: tuple, seen: dict) -> None:
    """Every value by schema path (list items under `ITEM`), with its file and document path."""
    seen.setdefault(where, []).append((record, path, value))
    if isinstance(value, dict):
        for key, item in value.items():
            _collect(record, item, (*where, str(key)), (*path, key), seen)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect(record, item, (*where, ITEM), (*path, index), seen)


def _kind(value) -> str:
    return _KINDS.get(type(value), "string")


def _refine(node: dict, where: tuple, seen: dict, outliers: list, branch: bool = False) -> dict:
    """genson's node, with fmlint's knowledge added, keys in a fixed order. `branch`: one of an
    `anyOf` (values of several kinds at one path), whose type outliers are reported once."""
    values = seen.get(where, [])
    if "anyOf" in node:
        _type_outliers(values, where, outliers)
        return {"anyOf": [_refine(b, where, seen, outliers, True) for b in node["anyOf"]]}
    types = node.get("type")
    kinds = [types] if isinstance(types, str) else list(types or [])
    out: dict = {}
    if kinds:
        out["type"] = kinds[0] if len(kinds) == 1 else sorted(kinds)
    if not branch:
        _type_outliers(values, where, outliers)
    strings = [(r, p, v) for r, p, v in values if isinstance(v, str)]
    if "string" in kinds and strings:
        out.update(_strings(strings, where, outliers))
    numbers = [
        (r, p, v) for r, p, v in values if isinstance(v, (int, float)) and not isinstance(v, bool)
    ]
    if numbers and ("integer" in kinds or "number" in kinds):
        out.update(_examples(numbers))
        _number_outliers(numbers, where, outliers)
    if "properties" in node:
        props = node["properties"]
        out["properties"] = {
            key: _refine(props[key], (*where, key), seen, outliers) for key in sorted(props)
        }
        if node.get("required"):
            out["required"] = sorted(node["required"])
        out["additionalProperties"] = False
        out["x-fmlint-unknown-keys"] = "warning"
        _rare_keys(values, where, sorted(props), outliers)
    if "items" in node:
        out["items"] = _refine(node["items"], (*where, ITEM), seen, outliers)
    return out


def _strings(values: list, where: tuple, outliers: list) -> dict:
    texts = [v for _, _, v in values]
    out: dict = {}
    shape = _shape(texts)
    if shape is not None:
        name = shape[0]
        if name == "duration":
            out["pattern"] = DURATION
        else:
            out["format"] = name
        return {**out, **_examples(values)}
    _format_outliers(values, where, outliers)
    distinct = sorted(set(texts))
    counts = {text: texts.count(text) for text in distinct} if len(distinct) <= ENUM_MAX else {}
    if (
        counts
        and len(texts) >= ENUM_MIN_VALUES
        and min(counts.values()) >= ENUM_MIN_SEEN
        and all("\n" not in text for text in distinct)
    ):
        out["enum"] = distinct
        return out
    out.update(_examples(values))
    return out


def _is_date_time(text: str) -> bool:
    """A date-time as `format: date-time` checks it (`formats`), written with upper-case `T`
    and `Z`: the form the bundled schema's records use and FM303 asks for."""
    return _UPPER_CASE_DATE_TIME.match(text) is not None and is_date_time(text)


def _is_url(text: str) -> bool:
    return "://" in text and is_uri(text)


def _is_iri(text: str) -> bool:
    return "://" in text and is_iri(text)


# the shapes a string can have, most specific first; `iri` takes what `uri` takes and non-ASCII
SHAPES = (
    ("date-time", _is_date_time),
    ("date", is_date),
    ("uri", _is_url),
    ("iri", _is_iri),
    ("duration", lambda text: bool(_DURATION.match(text))),
)


def _shape(texts: list[str]):
    """The shape every one of these strings has, or None."""
    for name, test in SHAPES:
        if texts and all(test(text) for text in texts):
            return name, test
    return None


def _examples(values: list) -> dict:
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


def _where(where: tuple) -> str:
    out = ""
    for part in where:
        out += "[]" if part == ITEM else (f".{part}" if out else part)
    return out or "(the front matter)"


def _line(record: Record, path: tuple) -> int:
    return record.doc.locate(path).line


def _type_outliers(values: list, where: tuple, outliers: list) -> None:
    kinds: dict[str, list] = {}
    for entry in values:
        kinds.setdefault(_kind(entry[2]), []).append(entry)
    if len(kinds) < 2:
        return
    common = max(kinds, key=lambda kind: len(kinds[kind]))
    total = len(values)
    for kind, entries in sorted(kinds.items()):
        if kind == common or len(entries) > MINORITY * total:
            continue
        for record, path, value in entries:
            outliers.append(
                Outlier(
                    record.path,
                    _line(record, path),
                    f"{_where(where)}: {_what(value, kind)} where "
                    f"{len(kinds[common])} of {total} are {_NAMES[common]}",
                )
            )


def _format_outliers(values: list, where: tuple, outliers: list) -> None:
    """Strings most of which have one shape: the few that miss it (a date written otherwise)."""
    for name, test in SHAPES:
        missing = [(r, p, v) for r, p, v in values if not test(v)]
        if missing and len(missing) <= MINORITY * len(values):
            for record, path, value in missing:
                outliers.append(
                    Outlier(
                        record.path,
                        _line(record, path),
                        f"{_where(where)}: {_show(value)} is not a {name} like the other "
                        f"{len(values) - len(missing)} (left out of the schema's `format`)",
                    )
                )
            return


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
                    _line(record, path),
                    f"{_where(where)}: {_number_text(value)} is far outside the others "
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


def _rare_keys(values: list, where: tuple, keys: list, outliers: list) -> None:
    mappings = [(r, p, v) for r, p, v in values if isinstance(v, dict)]
    if len(mappings) < RARE_MIN:
        return
    for key in keys:
        having = [(r, p) for r, p, v in mappings if key in v]
        if len(having) <= max(1, RARE_KEY * len(mappings)):
            for record, path in having:
                line = record.doc.key_span((*path, key))
                outliers.append(
                    Outlier(
                        record.path,
                        line.line if line is not None else _line(record, path),
                        f"{_where((*where, key))}: a key only {len(having)} of "
                        f"{len(mappings)} have",
                    )
                )


def _what(value, kind: str) -> str:
    """`"hot" is a string`, `an empty value`: a value that is not of the common kind."""
    if value is None:
        return "an empty value"
    return f"{_show(value)} is {_ONE[kind]}"


def _show(value) -> str:

    if isinstance(value, str):
        return quote(value)
    if value is None:
        return "an empty value"
    return repr(value)


def render(schema: dict) -> str:
    """The schema as JSON text: two-space indents, non-ASCII as it is, a final newline. Only
    JSON: a number JSON cannot hold (`Infinity`, `NaN`) is a ValueError, never written."""
    import json

    json.dumps(schema, allow_nan=False)  # the check: `dumps` below would write `Infinity`
    return dumps(schema, indent=2) + "\n"
