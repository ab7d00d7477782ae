"""`fmlint infer`: a JSON Schema (2020-12) for the front matter a collection already has.

genson builds the skeleton (types, list items merged); this module adds what fmlint knows of
front matter (`infer_values`: a date's layouts, a URL's format, a picture's role, closed sets of
values, floors for sizes and counts), `required` for the keys nearly every record has (the few
that lack one are reported), a key that is empty in some records as nullable, unknown keys as
warnings (with a did-you-mean for near misses, as the bundled schema does), and properties in name
order, so the same files always give the same bytes.

The schema must accept every sound file of the collection and still catch its defects. Values
that look like mistakes (`Outlier`: a type few records use, a value that misses the format the
others follow, a number far outside the others, a key few records have, a record that lacks a key
the others have) are reported, never folded into the schema's rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..disk.safe_read import ARTICLE_CAP, read_bytes
from ..escape import dumps
from ..source import reader
from ..source.files import Missing, discover
from ..source.reading import fenced
from .heat import Heat, published_heat
from .infer_values import (
    ITEM,
    PICTURE,
    PICTURE_KEYS,
    ROLE,
    Outlier,
    is_picture_object,
    line_of,
    number_keywords,
    show,
    string_keywords,
    where_text,
)
from .translations import page_keys

__all__ = [
    "Heat",
    "Outlier",
    "Record",
    "gather",
    "infer",
    "published_heat",
    "read_record",
    "render",
]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# a key this share of the records have is required, and the few that lack it are reported; one
# that at least NOTED have is left optional, and those that lack it are reported all the same
# (measured on five generators' sites at 95 %: one false alarm, an Eleventy post without the
# `eleventyNavigation` its templates guard with `if`; at 99 %, none)
REQUIRED = 0.99
NOTED = 0.95
MINORITY = 0.05  # a type no more than 5 % of the values have is an outlier's sign
RARE_KEY = 0.01  # a key one or at most 1 % of its mappings have (among at least RARE_MIN)
RARE_MIN = 50
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


def read_record(path: str, data: bytes, yaml_version: str = "1.2") -> Record | str:
    """The record of one file (its YAML read as `yaml_version` says), or why it gives none (a
    sentence)."""

    read = reader.read_bytes(data, yaml_version)
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


def gather(
    paths, yaml_version: str = "1.2"
) -> tuple[list[Record], list[tuple[str, str]], list[tuple[str, str]]]:
    """The records of the front-matter files under `paths` (walked as `fmlint check` walks), the
    (path, reason) of the files that give none, and the paths that could not be read. YAML is
    read as `yaml_version` says (a Jekyll site's as 1.1, as Jekyll reads it)."""

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
        if not target.explicit and not fenced(data, path):
            continue  # a walked file without front matter (a README)
        record = read_record(path, data, yaml_version)
        if isinstance(record, str):
            skipped.append((path, record))
        else:
            records.append(record)
    return records, skipped, unread


def infer(
    records: list[Record],
    source: str = "",
    optional: frozenset = frozenset(),
    date_layouts: tuple = (),
) -> tuple[dict, list[Outlier]]:
    """The schema these records fit, and the values that look like outliers. `source`: where
    the records come from, for the schema's description; `optional`: the keys (document paths)
    the site's generator fills in itself when a record lacks them (never required);
    `date_layouts`: the layouts the generator reads every date in (Jekyll's `ruby`), written for
    each date field instead of those its values use."""
    from genson import SchemaBuilder

    builder = SchemaBuilder(schema_uri=DIALECT)
    for record in records:
        builder.add_object(record.value)
    raw = builder.to_schema()
    seen: dict[tuple, list] = {}
    for record in records:
        _collect(record, record.value, (), (), seen)
    slashed = {record.path: record.path.replace("\\", "/") for record in records}
    keys = page_keys(slashed.values())
    pages = {path: keys[shown] for path, shown in slashed.items()}
    outliers: list[Outlier] = []
    refiner = _Refiner(seen, pages, outliers, set(optional), date_layouts)
    body = refiner.refine(raw, ())
    where = f" of {source}" if source else ""
    described = f"Inferred by `fmlint infer` from {len(records)} front-matter records{where}."
    if len(set(pages.values())) < len(records):
        described += f" {len(set(pages.values()))} pages, their translations counted once."
    schema = {"$schema": DIALECT, "description": described, **body}
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


class _Refiner:
    """genson's nodes, with fmlint's knowledge added, keys in a fixed order."""

    def __init__(self, seen: dict, pages: dict, outliers: list, optional: set, reads: tuple):
        self.seen, self.pages, self.outliers = seen, pages, outliers
        self.optional = optional  # schema paths never required
        self.reads = reads  # the date layouts the generator reads every date in

    def refine(self, node: dict, where: tuple, branch: bool = False) -> dict:
        """One node. `branch`: one of an `anyOf` (values of several kinds at one path), whose
        type outliers are reported once."""
        values = self.seen.get(where, [])
        if "anyOf" in node:
            return self._any_of(node["anyOf"], where, values)
        types = node.get("type")
        kinds = [types] if isinstance(types, str) else list(types or [])
        if not branch:
            _type_outliers(values, where, self.outliers)
        out: dict = {}
        if kinds == ["null"]:  # empty in every record: no kind to hold a value to
            return {"description": "Empty in every record."}
        if kinds:
            out["type"] = _types(kinds)
        strings = [(r, p, v) for r, p, v in values if isinstance(v, str)]
        if "string" in kinds and strings:
            out.update(string_keywords(strings, where, self.outliers, self.pages, self.reads))
        numbers = [
            (r, p, v)
            for r, p, v in values
            if isinstance(v, (int, float)) and not isinstance(v, bool)
        ]
        if numbers and ("integer" in kinds or "number" in kinds):
            integers = "number" not in kinds
            out.update(number_keywords(numbers, where, self.outliers, integers))
        if "properties" in node:
            out.update(self._mapping(node["properties"], where, values))
        if "items" in node:
            out["items"] = self.refine(node["items"], (*where, ITEM))
        return out

    def _any_of(self, branches: list, where: tuple, values: list) -> dict:
        """Values of several kinds at one path; a key empty in some records and of one kind in
        the others is that kind or empty (`"type": ["string", "null"]`), not two schemas."""
        _type_outliers(values, where, self.outliers)
        others = [b for b in branches if b.get("type") != "null"]
        if len(others) == 1 and len(branches) == 2:
            refined = self.refine(others[0], where, True)
            kind = refined.get("type")
            if kind is not None:
                kinds = [kind] if isinstance(kind, str) else list(kind)
                return {**refined, "type": _types([*kinds, "null"])}
        return {"anyOf": [self.refine(b, where, True) for b in branches]}

    def _mapping(self, props: dict, where: tuple, values: list) -> dict:
        out: dict = {}
        properties = {key: self.refine(props[key], (*where, key)) for key in sorted(props)}
        if is_picture_object(values):
            out[ROLE] = PICTURE  # the mapping is the picture, not its location key's text
            for key in PICTURE_KEYS:
                properties.get(key, {}).pop(ROLE, None)
        out["properties"] = properties
        required = self._required(where, values, sorted(props))
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        out["x-fmlint-unknown-keys"] = "warning"
        _rare_keys(values, where, sorted(props), self.outliers)
        return out

    def _required(self, where: tuple, values: list, keys: list) -> list:
        """The keys nearly every mapping here has (`REQUIRED`), each mapping that lacks one
        reported. Not a key the generator fills in (`optional`), nor one some record leaves
        empty (`[]`, `""`: the site shows that nothing will do), nor one an index page lacks
        (a section's or a folder's list page is not one of its entries). The mappings that lack
        a key most others have (`NOTED`) are reported too, the key left optional."""
        mappings = [(r, p, v) for r, p, v in values if isinstance(v, dict)]
        required = []
        for key in keys:
            if (*where, key) in self.optional:
                continue
            having = [v[key] for _, _, v in mappings if key in v]
            lacking = [(r, p) for r, p, v in mappings if key not in v]
            if len(lacking) > (1 - NOTED) * len(mappings) or any(map(_empty, having)):
                continue
            if any(_is_index_page(record.path) for record, _ in lacking):
                continue
            chosen = len(lacking) <= (1 - REQUIRED) * len(mappings)
            if chosen:
                required.append(key)
            for record, path in lacking:
                self.outliers.append(
                    Outlier(
                        record.path,
                        line_of(record, path),
                        f"{where_text(where)}: lacks {key!r}, which {len(having)} of "
                        f"{len(mappings)} have ({'required' if chosen else 'left optional'})",
                    )
                )
        return required


def _empty(value) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _is_index_page(path: str) -> bool:
    """A folder's own page (`_index.md`, `index.md`, `blog/blog.md`), which lists the folder's
    entries rather than being one."""
    parts = path.replace("\\", "/").rsplit("/", 2)
    stem = parts[-1].split(".", 1)[0]
    return stem in ("index", "_index") or (len(parts) > 1 and stem == parts[-2])


def _types(kinds: list) -> str | list:
    """A node's `type`: one kind, or several in name order with `null` last."""
    ordered = sorted(set(kinds) - {"null"}) + (["null"] if "null" in kinds else [])
    return ordered[0] if len(ordered) == 1 else ordered


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
                    line_of(record, path),
                    f"{where_text(where)}: {_what(value, kind)} where "
                    f"{len(kinds[common])} of {total} are {_NAMES[common]}",
                )
            )


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
                        line.line if line is not None else line_of(record, path),
                        f"{where_text((*where, key))}: a key only {len(having)} of "
                        f"{len(mappings)} have",
                    )
                )


def _what(value, kind: str) -> str:
    """`"hot" is a string`, `an empty value`: a value that is not of the common kind."""
    if value is None:
        return "an empty value"
    return f"{show(value)} is {_ONE[kind]}"


def render(schema: dict) -> str:
    """The schema as JSON text: two-space indents, non-ASCII as it is, a final newline. Only
    JSON: a number JSON cannot hold (`Infinity`, `NaN`) is a ValueError, never written."""
    import json

    json.dumps(schema, allow_nan=False)  # the check: `dumps` below would write `Infinity`
    return dumps(schema, indent=2) + "\n"
