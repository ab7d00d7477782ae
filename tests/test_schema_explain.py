"""Explaining only the failing values gives exactly the findings of a whole-record walk.

`SchemaChecker.explain` lets jsonschema step only into the values the compiled engine says fail;
`_explain_whole` is the old whole-record walk, kept as the reference. They must agree, finding for
finding and in order, on every record we have and on many one-value changes of a big record.
"""

from __future__ import annotations

import copy

import pytest

from validator.schema.checker import SchemaChecker
from validator.schema.load import load_schema

from .conftest import CORPUS, EXAMPLES, SHARED
from .test_differential import AWKWARD_VALUES, leaf_paths, values_of

SITES = SHARED / "corpus" / "sites"
SITE_RECORDS = sorted(SITES.glob("*/_news/*.md"))
needs_sites = pytest.mark.skipif(
    not SITE_RECORDS, reason=f"the shared corpus of real sites is not here ({SITES}); CI has it"
)
# The variants' own values: a video (if/then/else, `webUrl: false`), near misses, odd shapes.
EXTRA_VALUES = ["video", "artcle", "news", [None], ["x", 1], {"url": "x"}, [{}], 0.0, 7.0]


@pytest.fixture(scope="module")
def checker():
    return SchemaChecker(load_schema())


def same(checker, value) -> bool:
    return checker.explain(value) == checker._explain_whole(value)


def differing(checker, values) -> list:
    return [value for value in values if not same(checker, value)]


def test_the_bundled_schema_is_explained_part_by_part(checker):
    assert checker._pruned is not checker.reference


def test_examples_explained_as_a_whole_walk_would(checker):
    found = [values_of(path) for path in sorted(EXAMPLES.rglob("*.md"))]
    found = [value for value in found if value is not None]
    assert len(found) >= 20
    assert any(not checker.is_valid(value) for value in found)
    assert differing(checker, found) == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no shared corpus at {CORPUS}")
def test_news_corpus_explained_as_a_whole_walk_would(checker):
    found = [value for value in map(values_of, sorted(CORPUS.glob("*.md"))) if value is not None]
    assert len(found) >= 100
    assert differing(checker, found) == []


@needs_sites
def test_every_site_record_explained_as_a_whole_walk_would(checker):
    found = [value for value in map(values_of, SITE_RECORDS) if value is not None]
    assert len(found) >= 1000
    assert any(not checker.is_valid(value) for value in found)  # real defects are explained
    assert [v.get("title") for v in found if not same(checker, v)] == []


def test_values_that_are_not_records(checker):
    values = [None, "x", 1, [], [{}], {}, {"related": "x"}, {"related": [[[]]]}, {"a": {"b": []}}]
    assert differing(checker, values) == []


# -- one value changed, at many places of a big record ------------------------------------------


def seed_grown() -> dict:
    """The seed with 32 related entries (copies of its own), so the test runs without ../shared."""
    record = values_of(EXAMPLES / "valid" / "seed.md")
    entries = record["related"]
    record["related"] = [copy.deepcopy(entries[i % len(entries)]) for i in range(32)]
    return record


def biggest_site_record() -> dict | None:
    if not SITE_RECORDS:
        return None
    path = max(SITE_RECORDS, key=lambda path: path.stat().st_size)
    return values_of(path)


def places(record: dict) -> list[tuple]:
    """Every path of the record's own keys and of three related entries (first, middle, last),
    and the date and URL of every other related entry."""
    related = record["related"]
    chosen = {0, (len(related) - 1) // 2, len(related) - 1}
    return [
        path
        for path in leaf_paths(record)
        if path[0] != "related"
        or len(path) < 2
        or path[1] in chosen
        or path[2:] in (("publishedDateTime",), ("webUrl",))
    ]


def at(record, path):
    parent = record
    for part in path[:-1]:
        parent = parent[part]
    return parent


def variants(record: dict):
    """The record (changed in place, restored after each) with one value changed or one key
    renamed to a near miss; and with two changes, one of its own and one deep in `related`."""
    paths = places(record)
    last = len(record["related"]) - 1
    for path in paths:
        parent, key = at(record, path), path[-1]
        kept = parent[key]
        values = AWKWARD_VALUES[::2] + EXTRA_VALUES  # the record's own keys, the middle entry
        if path[0] == "related" and len(path) > 1 and path[1] in (0, last):
            values = AWKWARD_VALUES[1::4] + EXTRA_VALUES[:2]
        elif path[0] == "related" and len(path) > 1 and path[1] != last // 2:
            values = ["2023-02-30T04:02:00Z", None]
        for replacement in values:
            parent[key] = replacement
            yield path, replacement
        parent[key] = kept
        if isinstance(parent, dict):
            pairs = list(parent.items())
            renamed = {(k[:-1] or "x") if k == key else k: v for k, v in pairs}
            parent.clear()
            parent.update(renamed)  # `publishedDateTim`: a misspelt (required) key, in place
            yield path, "renamed"
            parent.clear()
            parent.update(pairs)
    deep = ("related", len(record["related"]) - 3, "publishedDateTime")
    for path in [p for p in paths if p[0] != "related"]:
        for first, second in (("x", "2023-02-30T04:02:00Z"), ("video", 5), (None, "")):
            parent, key = at(record, path), path[-1]
            deep_parent = at(record, deep)
            kept, deep_kept = parent[key], deep_parent[deep[-1]]
            parent[key], deep_parent[deep[-1]] = first, second
            yield path, (first, second)
            parent[key], deep_parent[deep[-1]] = kept, deep_kept


def test_changed_big_record_explained_as_a_whole_walk_would(checker):
    """The biggest real record (39 related entries), or without ../shared the grown seed."""
    record = biggest_site_record() or seed_grown()
    assert len(record["related"]) >= 30
    assert checker.is_valid(record)
    pristine = copy.deepcopy(record)
    total, invalid, wrong = 0, 0, []
    for where, change in variants(record):
        total += 1
        if checker.is_valid(record):
            continue
        invalid += 1
        if not same(checker, record):
            wrong.append((where, change))
    assert list(record) == list(pristine)
    assert record == pristine  # every change was undone
    assert total > 1500
    assert invalid > 1000
    assert wrong == []


def test_one_bad_value_walks_only_its_way_down(checker, monkeypatch):
    """A bad date in one related entry of 32: jsonschema steps into that entry only (a whole
    walk steps into every value of every entry)."""
    record = seed_grown()
    record["related"][20]["publishedDateTime"] = "2023-02-30T04:02:00Z"
    pruned = type(checker._pruned)
    descend = pruned.descend
    stepped: list = []

    def counting(self, instance, schema, path=None, schema_path=None, resolver=None):
        stepped.append(path)
        return descend(self, instance, schema, path, schema_path, resolver)

    monkeypatch.setattr(pruned, "descend", counting)
    findings = checker.explain(record)
    assert [f.path for f in findings] == [("related", 20, "publishedDateTime")]
    assert [p for p in stepped if isinstance(p, int)] == [20]
    assert len(stepped) < 30


def test_a_schema_the_compiled_engine_cannot_take_is_explained_whole():
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "minProperties": 2}
    checker = SchemaChecker(schema)
    assert checker._compiled is None
    assert checker._pruned is checker.reference
    findings = checker.check({"a": 1})
    assert [f.message for f in findings] == [
        "a: expected a string, got integer 1",
        "front matter: {...} breaks the schema's 'minProperties' rule",
    ]
    assert findings == checker._explain_whole({"a": 1})


def test_refs_into_defs_resolve_against_the_root():
    schema = {
        "$defs": {"date": {"type": "string", "format": "date-time"}},
        "type": "object",
        "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/date"}}},
        "additionalProperties": False,
    }
    checker = SchemaChecker(schema)
    value = {"items": ["2023-11-27T16:07:00Z", "2023-13-27T16:07:00Z"], "extra": 1}
    findings = checker.check(value)
    assert findings == checker._explain_whole(value)
    assert [(f.code, f.path) for f in findings] == [
        ("FM105", ("items", 1)),
        ("FM101", ("extra",)),
    ]


def test_parts_say_valid_only_when_sure(checker):
    parts = checker._compiled
    url = checker.schema["$defs"]["url"]
    assert parts.passes(url, "https://x.com/") is True
    assert parts.passes(url, "https://x.com/a b") is False
    assert parts.passes(dict(url), "https://x.com/") is False  # not a subschema it compiled
    assert parts.passes(True, object()) is True
    assert parts.passes(False, None) is False
    image = checker.schema["$defs"]["image"]
    assert parts.passes(image, {"url": "https://x.com/", "width": 1, "height": 1}) is True
    assert parts.passes(image, {"url": "https://x.com/", "width": 1.5, "height": 1}) is False
