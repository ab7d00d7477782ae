"""What the schema's descriptions say of the real records is true of all of them.

Each description that states a range ("Real records show 0 to 213") is checked against every
article record of the shared corpus (`news/` and every `sites/*/_news/`) and the seed, so a site
added to the corpus that widens a range makes this test name the description to correct.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from validator.schema.load import bundled_schema_path
from validator.source import document, frontmatter

from .conftest import CORPUS, SEED, needs_corpus

pytestmark = needs_corpus

SCHEMA = json.loads(bundled_schema_path().read_text(encoding="utf-8"))


def article_files() -> list[Path]:
    sites = CORPUS.parent / "sites"
    return [*sorted(CORPUS.glob("*.md")), *sorted(sites.glob("*/_news/*.md")), SEED]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    found = []
    for path in article_files():
        split = frontmatter.split(path.read_text(encoding="utf-8"))
        if isinstance(split, frontmatter.FrontMatter):
            doc = document.parse(split.yaml)
            if doc.ok and isinstance(doc.value, dict):
                found.append(doc.value)
    return found


def related(records):
    return [e for r in records for e in r.get("related") or [] if isinstance(e, dict)]


def images(records):
    return [i for r in records for i in r.get("images") or [] if isinstance(i, dict)]


def ints(values):
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def ciphertext_bytes(records):
    sizes = []
    for record in records:
        secured = record.get("secured")
        if isinstance(secured, str) and secured.count(";") == 1:
            sizes.append(len(base64.b64decode(secured.split(";")[0])))
    return sizes


# (where the description is, what it must say, the values it speaks of)
FACTS = [
    ("properties/title", "{} to {} characters", lambda r: [len(x["title"]) for x in r]),
    ("properties/excerpt", "{} to {} characters", lambda r: [len(x["excerpt"]) for x in r]),
    ("properties/quality", "{} to {}", lambda r: ints(x.get("quality") for x in r)),
    ("properties/heat", "{} to {}", lambda r: ints(x.get("heat") for x in r)),
    ("properties/topics", "have {} to {}", lambda r: [len(x["topics"]) for x in r]),
    ("properties/tags", "{} to {} a record", lambda r: [len(x["tags"]) for x in r if "tags" in x]),
    (
        "properties/related",
        "have {} to {} entries",
        lambda r: [len(x["related"]) for x in r if "related" in x],
    ),
    (
        "$defs/relatedArticle/properties/quality",
        "{} to {}",
        lambda r: ints(e.get("quality") for e in related(r)),
    ),
    (
        "$defs/image/properties/width",
        "to {1}",
        lambda r: ints(i.get("width") for i in images(r) + images(related(r))),
    ),
    (
        "$defs/image/properties/height",
        "to {1}",
        lambda r: ints(i.get("height") for i in images(r) + images(related(r))),
    ),
    ("properties/secured", "({} to {} bytes)", ciphertext_bytes),
]


def description(pointer: str) -> str:
    node = SCHEMA
    for part in pointer.split("/"):
        node = node[part]
    return node["description"]


@pytest.mark.parametrize(("pointer", "claim", "values"), FACTS, ids=[f[0] for f in FACTS])
def test_description_states_the_real_range(records, pointer, claim, values):
    found = values(records)
    assert found, pointer
    expected = claim.format(min(found), max(found))
    assert expected in description(pointer), (
        f"{pointer}: the records show {expected!r}; the description says {description(pointer)!r}"
    )


def test_every_real_ciphertext_is_whole_blocks(records):
    assert all(size % 16 == 0 for size in ciphertext_bytes(records))
    assert "multiple of 16 bytes" in description("properties/secured")


def test_the_records_are_all_there(records):
    assert len(records) >= 7900
