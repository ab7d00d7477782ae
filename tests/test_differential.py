"""jsonschema-rs decides validity, jsonschema explains: both must agree on every record.

Run over the real corpus, the examples, and variants of the seed with one value changed to
something awkward (bad dates, odd URIs, wrong types, missing and unknown keys).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from validator.schema.checker import SchemaChecker
from validator.schema.load import load_schema
from validator.source import document, frontmatter

from .conftest import CORPUS, EXAMPLES

AWKWARD_VALUES = [
    "",
    " ",
    "x",
    -2,
    -1,
    0,
    1.5,
    10**30,
    True,
    None,
    [],
    {},
    "2023-11-27",
    "2023-02-30T04:02:00Z",
    "2024-02-29T04:02:00Z",
    "2023-11-27t04:02:00z",
    "2023-11-27T23:59:60Z",
    "2023-11-27T24:00:00Z",
    "2023-11-27 04:02:00Z",
    "2023-11-27T04:02:00",
    "2023-11-27T04:02:00.123+05:30",
    "https://a b.com/",
    "https://x.com/a b",
    "javascript:alert(1)",
    "htps://x.com",
    "/relative/path",
    "http://[::1]/",
    "https://x.com/é",
    "https://gardaí.ie/move-against-fraudsters",
    "https://x.com/a\u2028b",
    "https://x.com/a\u00a0b",
    "https://x.com/a\u200fb",
    "https://x.com/?q=\ue000",
    "https://x.com/%zz",
    "https://user:pw@x.com:99999/",
    "mailto:someone@example.com",
    "https://x.com/a\n",
    " https://x.com/a",
    "2023-11-27T04:02:00Z\n",
    "x\n",
]


def values_of(path: Path):
    try:
        split = frontmatter.split(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None
    if isinstance(split, frontmatter.FrontMatter):
        doc = document.parse(split.yaml)
        if doc.ok and isinstance(doc.value, dict):
            return doc.value
    return None


def leaf_paths(value, prefix=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaf_paths(item, (*prefix, index))
    if prefix:
        yield prefix


def variants(record):
    for path in leaf_paths(record):
        for replacement in AWKWARD_VALUES:
            changed = copy.deepcopy(record)
            parent = changed
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = replacement
            yield changed
        removed = copy.deepcopy(record)
        parent = removed
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict):
            del parent[path[-1]]
            parent["tittle"] = "x"
            yield removed


@pytest.fixture(scope="module")
def checker():
    return SchemaChecker(load_schema())


def records():
    files = sorted(EXAMPLES.rglob("*.md"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*.md"))
    return [value for value in map(values_of, files) if value is not None]


def agree(checker, record) -> bool:
    fast = checker._fast.is_valid(record)
    reference = not any(True for _ in checker.reference.iter_errors(record))
    return fast == reference


def test_engines_agree_on_real_and_example_records(checker):
    found = records()
    assert len(found) >= 20
    assert [r.get("title") for r in found if not agree(checker, r)] == []


def test_engines_agree_on_variants(checker):
    seed = values_of(EXAMPLES / "valid" / "seed.md")
    video = values_of(EXAMPLES / "valid" / "video.md")
    disagreements, total = [], 0
    for record in (seed, video):
        for variant in variants(record):
            total += 1
            if not agree(checker, variant):
                disagreements.append(variant)
    assert total > 2000
    assert disagreements == []


def test_invalid_variants_always_get_a_finding(checker):
    seed = values_of(EXAMPLES / "valid" / "seed.md")
    for variant in variants(seed):
        if not checker.is_valid(variant):
            assert checker.explain(variant), variant
