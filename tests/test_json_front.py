"""JSON front matter (Hugo's file that opens with `{`, gray-matter's `---json`): json's values and
verdict, a position for every key and value, errors placed, fixes that keep it JSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validator.config import Settings
from validator.diagnostic import Fix, Span
from validator.engine import Engine
from validator.fixing import edits
from validator.source import json_document

SCHEMA = {
    "type": "object",
    "required": ["title"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "count": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}
HUGO = '{\n  "title": "",\n  "count": "3",\n  "tags": ["a", 1],\n  "nested": {"k": null}\n}\nbody\n'


@pytest.fixture
def engine(tmp_path) -> Engine:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(SCHEMA), encoding="utf-8")
    return Engine(settings=Settings(schema=path, root=tmp_path))


def lint(engine: Engine, text: str) -> list[tuple]:
    return [(d.line, d.column, d.code) for d in engine.lint_text(text, "post.md").diagnostics]


def test_values_and_positions():
    doc = json_document.parse(HUGO[: HUGO.index("}\nbody") + 1], 0)
    assert doc.ok and doc.value == {
        "title": "",
        "count": "3",
        "tags": ["a", 1],
        "nested": {"k": None},
    }
    assert doc.key_span(("title",)) == Span(2, 3, 2, 10)
    assert doc.span(("title",)) == Span(2, 12, 2, 14)
    assert doc.span(("tags",)) == Span(4, 11, 4, 19)
    assert doc.span(("tags", 1)) == Span(4, 17, 4, 18)
    assert doc.key_span(("nested", "k")) == Span(5, 14, 5, 17)
    assert doc.span(()) == Span(1, 1, 1, 2)  # the root: where a missing key is reported
    assert [doc.style(p) for p in [("title",), ("tags", 1), ("tags",)]] == ['"', "", None]


def test_a_hugo_json_file_is_linted_in_place(engine):
    assert lint(engine, HUGO) == [(2, 12, "FM107"), (3, 12, "FM103"), (4, 17, "FM103")]


def test_a_json_tagged_fence_keeps_file_lines(engine):
    text = '---json\n{\n  "count": 1.5\n}\n---\nbody\n'
    assert lint(engine, text) == [(2, 1, "FM102"), (3, 12, "FM103")]


def test_escapes_and_tabs_are_placed_as_json_reads_them():
    doc = json_document.parse('{"\\u0074itle":\t"\\ud83d\\ude00 x", "b": 2}', 0)
    assert doc.value == {"title": "\U0001f600 x", "b": 2}
    assert doc.key_span(("title",)) == Span(1, 2, 1, 14)
    assert doc.span(("title",)) == Span(1, 16, 1, 32)
    assert doc.span(("b",)) == Span(1, 39, 1, 40)


@pytest.mark.parametrize(
    ("text", "code", "span", "message"),
    [
        ('{\n  "a" 1\n}', "FM005", Span(2, 7, 2, 8), "JSON syntax error: Expecting ':' delimiter"),
        (
            '{\n  "title": "never closed\n}',
            "FM005",
            Span(2, 12, 2, 13),
            "JSON syntax error: this string is never closed; add the missing '\"' at its end",
        ),
        (
            '{"a": 1, "b": NaN}',
            "FM005",
            Span(1, 15, 1, 16),
            "JSON syntax error: NaN is not a JSON value (JSON has no NaN or Infinity)",
        ),
        (
            '{"a": ' + "[" * 250 + "]" * 250 + "}",
            "FM010",
            Span(1, 206, 1, 207),
            "front matter is nested more than 200 levels deep",
        ),
    ],
)
def test_errors_are_placed(text, code, span, message):
    doc = json_document.parse(text, 0)
    assert not doc.ok and doc.value is None
    (finding,) = doc.findings
    assert (finding.code, finding.span, finding.message) == (code, span, message)


def test_a_repeated_key_keeps_the_last_value_as_json_readers_do():
    doc = json_document.parse('{\n  "a": 1,\n  "a": {"b": 2}\n}', 0)
    assert doc.ok and doc.value == {"a": {"b": 2}}
    (finding,) = doc.findings
    assert (finding.code, finding.span) == ("FM007", Span(3, 3, 3, 6))
    assert finding.message == (
        "duplicate key 'a' (first defined at line 2); the last value is the one checked, "
        "as JSON readers keep it"
    )
    assert doc.span(("a", "b")) == Span(3, 14, 3, 15)  # where the value read is written


def test_fix_writes_json_values():
    text = '{\n  "count": "3",\n  "tags": ["a", "b", "a"]\n}\nbody\n'
    fixes = [
        Fix(("count",), "write 3 as a number", 3),
        Fix(("tags", 2), "remove the repeated tag", delete=True),
    ]
    fixed, applied = edits.apply(text, fixes)
    assert fixed == '{\n  "count": 3,\n  "tags": ["a", "b"]\n}\nbody\n'
    assert sorted(applied, key=lambda fix: fix.path) == fixes


def test_a_fix_on_the_first_line_after_a_bom():
    """The columns of a JSON object's first line are counted after the BOM, as editors count."""
    text = '\ufeff{"count": "3", "title": "x"}\nbody\n'
    fix = Fix(("count",), "write 3 as a number", 3)
    assert edits.apply(text, [fix]) == ('\ufeff{"count": 3, "title": "x"}\nbody\n', [fix])


@pytest.mark.parametrize(
    "fix",
    [
        Fix(("count",), "infinity", float("inf")),  # JSON has no Infinity
        Fix(("tags",), "add", "x", insert_key="more", after="count"),  # needs commas: not a line
    ],
)
def test_a_json_fix_that_cannot_be_written_leaves_the_text_alone(fix):
    text = '{\n  "count": "3",\n  "tags": []\n}\n'
    assert edits.apply(text, [fix]) == (text, [])


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(value=st.dictionaries(st.text(), json_values, max_size=4), ascii=st.booleans())
def test_every_scalar_is_placed_where_json_reads_it(value, ascii):
    text = json.dumps(value, ensure_ascii=ascii, indent=2 if ascii else None)
    doc = json_document.parse(text, 0)
    assert doc.ok and doc.value == value
    for path, entry in doc.scan.entries.items():
        if entry[4] is not None:  # a scalar: the text there reads as the value at its path
            found = value
            for part in path:
                found = found[part]
            assert json.loads(text[entry[0] : entry[1]]) == found
