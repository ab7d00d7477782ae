"""TOML front matter (`+++`, `---toml`): the values tomli reads, a position for every key and value
from fmlint's own scanner, errors placed where the person must look, and fixes that keep the file
TOML or leave it alone."""

from __future__ import annotations

import json

import pytest

from validator.config import Settings
from validator.diagnostic import Fix, Span
from validator.engine import Engine
from validator.fixing import edits
from validator.source import toml_document
from validator.source.reader import read_text
from validator.source.suppressions import directives

from .conftest import SHARED

SCHEMA = {
    "type": "object",
    "required": ["title", "date"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "date": {"type": "string", "format": "date-time"},
        "count": {"type": "integer"},
        "draft": {"type": "boolean"},
        "extra": {"type": "object", "properties": {"width": {"type": "integer"}}},
    },
}


@pytest.fixture
def engine(tmp_path) -> Engine:
    """An engine that checks every file against `SCHEMA` (a user's schema: no article rules)."""
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(SCHEMA), encoding="utf-8")
    return Engine(settings=Settings(schema=path, root=tmp_path))


def lint(engine: Engine, text: str) -> list[tuple]:
    return [
        (d.line, d.column, d.code, d.message) for d in engine.lint_text(text, "post.md").diagnostics
    ]


def spans(doc, path) -> tuple:
    """(key span, value span) of `path` as (line, column, end line, end column) tuples."""
    key, value = doc.key_span(path), doc.span(path)
    return (
        None if key is None else (key.line, key.column, key.end_line, key.end_column),
        None if value is None else (value.line, value.column, value.end_line, value.end_column),
    )


# ---------------------------------------------------------------- values and positions


def test_keys_and_values_are_placed():
    doc = toml_document.parse('title = "Hello"\ncount = 12  # c\n"quoted key" = \'x\'\n', 1)
    assert doc.ok and doc.value == {"title": "Hello", "count": 12, "quoted key": "x"}
    assert spans(doc, ("title",)) == ((2, 1, 2, 6), (2, 9, 2, 16))
    assert spans(doc, ("count",)) == ((3, 1, 3, 6), (3, 9, 3, 11))
    assert spans(doc, ("quoted key",)) == ((4, 1, 4, 13), (4, 16, 4, 19))
    assert [doc.style((k,)) for k in ("title", "count", "quoted key")] == ['"', "", "'"]
    assert list(dict(doc.key_spans())) == [("title",), ("count",), ("quoted key",)]


def test_nested_tables_and_dotted_keys():
    text = '[extra]\nlicense = "MIT"\n\n[extra.author]\nname = "n"\nsite.url = "u"\n'
    doc = toml_document.parse(text, 1)
    assert doc.value == {"extra": {"license": "MIT", "author": {"name": "n", "site": {"url": "u"}}}}
    assert spans(doc, ("extra",)) == ((2, 2, 2, 7), (2, 1, 2, 8))  # the header `[extra]`
    assert spans(doc, ("extra", "author")) == ((5, 8, 5, 14), (5, 1, 5, 15))
    assert spans(doc, ("extra", "author", "name")) == ((6, 1, 6, 5), (6, 8, 6, 11))
    assert spans(doc, ("extra", "author", "site", "url")) == ((7, 6, 7, 9), (7, 12, 7, 15))
    assert spans(doc, ("extra", "author", "site")) == ((7, 1, 7, 5), (7, 1, 7, 5))
    # a missing key is placed on its table's header, as YAML places it on its mapping
    assert doc.locate(("extra", "author", "email")) == Span(5, 1, 5, 15)


def test_arrays_of_tables_and_their_subtables():
    text = (
        '[[images]]\nurl = "a.jpg"\n[images.size]\nwidth = 1\n'
        '[[images]]\nurl = "b.jpg"\n[[images.crops]]\nname = "c"\n'
    )
    doc = toml_document.parse(text, 1)
    assert doc.value == {
        "images": [
            {"url": "a.jpg", "size": {"width": 1}},
            {"url": "b.jpg", "crops": [{"name": "c"}]},
        ]
    }
    assert spans(doc, ("images",)) == ((2, 3, 2, 9), (2, 1, 2, 11))
    assert spans(doc, ("images", 0)) == (None, (2, 1, 2, 11))
    assert spans(doc, ("images", 1)) == (None, (6, 1, 6, 11))
    assert spans(doc, ("images", 0, "size", "width")) == ((5, 1, 5, 6), (5, 9, 5, 10))
    assert spans(doc, ("images", 1, "url")) == ((7, 1, 7, 4), (7, 7, 7, 14))
    assert spans(doc, ("images", 1, "crops", 0, "name")) == ((9, 1, 9, 5), (9, 8, 9, 11))


def test_inline_tables_and_arrays():
    text = (
        'author = { name = "n", links = ["a", { url = "u" }] }\ntags = [\n  "x", # one\n  "y",\n]\n'
    )
    doc = toml_document.parse(text, 1)
    assert doc.value == {
        "author": {"name": "n", "links": ["a", {"url": "u"}]},
        "tags": ["x", "y"],
    }
    assert spans(doc, ("author",)) == ((2, 1, 2, 7), (2, 10, 2, 54))
    assert spans(doc, ("author", "name")) == ((2, 12, 2, 16), (2, 19, 2, 22))
    assert spans(doc, ("author", "links", 0)) == (None, (2, 33, 2, 36))
    assert spans(doc, ("author", "links", 1, "url")) == ((2, 40, 2, 43), (2, 46, 2, 49))
    assert spans(doc, ("tags",)) == ((3, 1, 3, 5), (3, 8, 6, 2))
    assert spans(doc, ("tags", 1)) == (None, (5, 3, 5, 6))
    assert doc.style(("tags",)) is None and doc.style(("author",)) is None


def test_multiline_strings():
    text = (
        'body = """\nRoses are "red"\nViolets ""blue"" """\n'
        "path = '''\nC:\\temp'''\n"
        "after = 1\n"
    )
    doc = toml_document.parse(text, 1)
    assert doc.value == {
        "body": 'Roses are "red"\nViolets ""blue"" ',
        "path": "C:\\temp",
        "after": 1,
    }
    assert spans(doc, ("body",)) == ((2, 1, 2, 5), (2, 8, 4, 21))
    assert spans(doc, ("path",)) == ((5, 1, 5, 5), (5, 8, 6, 11))
    assert spans(doc, ("after",)) == ((7, 1, 7, 6), (7, 9, 7, 10))
    assert (doc.style(("body",)), doc.style(("path",))) == ('"""', "'''")


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1979-05-27T07:32:00Z", "1979-05-27T07:32:00Z"),
        ("1979-05-27 07:32:00Z", "1979-05-27T07:32:00Z"),  # RFC 3339's space: a `T`
        ("1979-05-27t00:32:00.5-07:00", "1979-05-27T00:32:00.5-07:00"),  # fractions as written
        ("1979-05-27T07:32:00+00:00", "1979-05-27T07:32:00+00:00"),  # not turned into `Z`
        ("1979-05-27T07:32:00", "1979-05-27T07:32:00"),  # local date-time
        ("1979-05-27", "1979-05-27"),  # local date
        ("07:32:00", "07:32:00"),  # local time
    ],
)
def test_datetimes_become_the_text_written(written, read):
    doc = toml_document.parse(f"date = {written}\nlist = [{written}]\n[t]\nd = {written}\n", 1)
    assert doc.value == {"date": read, "list": [read], "t": {"d": read}}
    assert doc.style(("date",)) == toml_document.DATETIME


def test_a_toml_datetime_reaches_the_schema_as_a_string(engine):
    text = '+++\ntitle = "x"\ndate = 2023-01-20 10:00:00Z\n+++\n'
    assert lint(engine, text) == []
    typed = '+++\ntitle = "x"\ndate = 2023-01-20T10:00:00Z\ncount = 2023-01-20\n+++\n'
    assert lint(engine, typed) == [
        (4, 9, "FM103", 'count: expected an integer, got string "2023-01-20"')
    ]


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "code", "span", "message"),
    [
        (
            'title = "x"\ncount = 1 2\n',
            "FM005",
            Span(3, 11, 3, 12),
            "TOML syntax error: Expected newline or end of document after a statement",
        ),
        (
            "a = [1,\n",
            "FM005",
            Span(2, 8, 2, 9),
            "TOML syntax error: Invalid value",
        ),
        (
            'a = 1\ntitle = "never closed\nb = 2\n',
            "FM005",
            Span(3, 9, 3, 10),
            'TOML syntax error: this string is never closed; add the missing `"` at its end',
        ),
        (
            "title = 'never closed\n",
            "FM005",
            Span(2, 9, 2, 10),
            "TOML syntax error: this string is never closed; add the missing `'` at its end",
        ),
        (
            'title = "x"\ncount = 1\ntitle = "y"\n',
            "FM007",
            Span(4, 1, 4, 6),
            "duplicate key 'title' (first defined at line 2): TOML allows each key once, so the "
            "front matter cannot be read",
        ),
        (
            "[extra]\na = 1\n[extra]\nb = 2\n",
            "FM007",
            Span(4, 2, 4, 7),
            "duplicate table [extra] (first defined at line 2): TOML allows each key once, so "
            "the front matter cannot be read",
        ),
        (
            "author = { name = 'a', name = 'b' }\n",
            "FM007",
            Span(2, 24, 2, 28),
            "duplicate key 'name' (first defined at line 2): TOML allows each key once, so the "
            "front matter cannot be read",
        ),
    ],
)
def test_errors_are_placed(text, code, span, message):
    doc = toml_document.parse(text, 1)
    assert not doc.ok and doc.value is None
    (finding,) = doc.findings
    assert (finding.code, finding.span, finding.message) == (code, span, message)


def test_nesting_is_bounded():
    doc = toml_document.parse("a = " + "[" * 250 + "]" * 250 + "\n", 1)
    (finding,) = doc.findings
    assert (finding.code, finding.span) == ("FM010", Span(2, 204, 2, 205))
    assert finding.message == "front matter is nested more than 200 levels deep"


def test_errors_through_the_engine_keep_file_lines(engine):
    text = '\n\n+++\ntitle = "x"\ntitle = "y"\n+++\nbody\n'
    assert lint(engine, text) == [
        (
            5,
            1,
            "FM007",
            "duplicate key 'title' (first defined at line 4): TOML allows each key once, so the "
            "front matter cannot be read",
        )
    ]


# ---------------------------------------------------------------- fences and the engine


def test_zola_blank_lines_before_the_pluses_keep_the_lines(engine):
    text = '\n\n+++\ntitle = ""\ndate = 2023-01-20T10:00:00Z\ncount = "3"\n+++\n'
    assert [(line, column, code) for line, column, code, _ in lint(engine, text)] == [
        (4, 9, "FM107"),
        (6, 9, "FM103"),
    ]


def test_a_toml_tagged_dashes_fence(engine):
    text = '---toml\ntitle = "x"\ndate = 2023-01-20T10:00:00Z\ndraft = "no"\n---\n'
    assert [(line, column, code) for line, column, code, _ in lint(engine, text)] == [
        (4, 9, "FM103")
    ]


def test_empty_pluses_are_an_empty_record(engine):
    """Legal (a page); checked as an empty mapping: the schema reports what it requires."""
    codes = [(code, message) for _, _, code, message in lint(engine, "+++\n+++\n")]
    assert codes == [
        ("FM102", "missing required key 'date'"),
        ("FM102", "missing required key 'title'"),
    ]


# ---------------------------------------------------------------- suppressions


def test_a_toml_comment_suppresses(engine):
    text = (
        '+++\ntitle = "x"\ndate = 2023-01-20T10:00:00Z\n'
        'count = "3" # fmlint: disable=FM103\n'
        "# fmlint: disable=FM103\n"
        'extra = { width = "1" }\n'
        "+++\n"
    )
    assert lint(engine, text) == []
    bare = text.replace(" # fmlint: disable=FM103", "").replace("# fmlint: disable=FM103\n", "")
    assert [(line, code) for line, _, code, _ in lint(engine, bare)] == [(4, "FM103"), (5, "FM103")]


def test_a_directive_inside_a_toml_string_is_text():
    text = 'title = "Tips # fmlint: disable-file"\nbody = """\n# fmlint: disable-file\n"""\n'
    assert directives(text, 1, "toml") == []
    found = directives("a = 1 # fmlint: disable-file=FM1\n", 1, "toml")
    assert [(d.line, d.target, d.codes) for d in found] == [(2, None, ("FM1",))]


def test_json_has_no_directives():
    assert directives('{"a": "# fmlint: disable-file"}', 0, "json") == []


# ---------------------------------------------------------------- fixes


FIXABLE = (
    '+++\ntitle = "x"\ndate = 2023-01-20T10:00:00Z\ncount = "12" # a comment\n'
    "[extra]\nwidth = '620'\n+++\nbody\n"
)


def test_fix_writes_toml_values(tmp_path):
    fixes = [
        Fix(("count",), "write 12 as a number", 12),
        Fix(("extra", "width"), "write 620 as a number", 620),
        Fix(("title",), "quote", 'a "b" \\ c\td'),
    ]
    fixed, applied = edits.apply(FIXABLE, fixes)
    assert sorted(applied, key=lambda fix: fix.path) == sorted(fixes, key=lambda fix: fix.path)
    assert fixed == (
        '+++\ntitle = "a \\"b\\" \\\\ c\\td"\ndate = 2023-01-20T10:00:00Z\n'
        "count = 12 # a comment\n[extra]\nwidth = 620\n+++\nbody\n"
    )
    assert read_text(fixed).doc.value["title"] == 'a "b" \\ c\td'


def test_a_literal_string_stays_literal_when_it_can():
    text = "+++\ntitle = ' x'\nother = ' y'\n+++\n"
    fixes = [Fix(("title",), "trim", "x"), Fix(("other",), "quote", "it's")]
    fixed, applied = edits.apply(text, fixes)
    assert fixed == "+++\ntitle = 'x'\nother = \"it's\"\n+++\n" and applied == fixes


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ('+++\ntitle = """ x"""\n+++\n', Fix(("title",), "trim", "x")),  # multi-line string
        ("+++\ndate = 2023-01-20 10:00:00Z\n+++\n", Fix(("date",), "rewrite", "2023-01-20")),
        ("+++\nbad = 1\nbad = 2\n+++\n", Fix(("bad",), "rewrite", 3)),  # not TOML at all
        ('+++\ntitle = "x"\n+++\n', Fix(("title",), "surrogate", "\ud800")),
    ],
)
def test_a_fix_that_cannot_be_written_safely_leaves_the_text_alone(text, fix):
    assert edits.apply(text, [fix]) == (text, [])


def test_a_duplicate_list_item_is_removed_from_a_toml_array():
    text = '+++\ntopics = ["AI", "Power Apps", "AI"]\n+++\n'
    fix = Fix(("topics", 2), "remove the repeated topic", delete=True)
    assert edits.apply(text, [fix]) == ('+++\ntopics = ["AI", "Power Apps"]\n+++\n', [fix])


def test_a_key_is_inserted_as_a_toml_line():
    text = '+++\n[extra]\nwebUrl = "https://x.com/a"\n+++\n'
    fix = Fix(("extra",), "add", "https://x.com/a.amp", insert_key="ampWebUrl", after="webUrl")
    assert edits.apply(text, [fix]) == (
        '+++\n[extra]\nwebUrl = "https://x.com/a"\nampWebUrl = "https://x.com/a.amp"\n+++\n',
        [fix],
    )


def test_check_fix_on_a_toml_file(tmp_path, engine):
    """`fmlint check --fix` fixes a TOML value in place, or leaves the file byte for byte."""
    from validator.fixing.passes import fix_text

    text = '+++\ntitle = "x"\ndate = 2023-01-20T10:00:00Z\ncount = "12"\n+++\nbody\n'
    fixed, applied, result = fix_text(engine, text, "post.md")
    assert [code for code, _ in applied] == ["FM103"] and result.diagnostics == ()
    assert fixed == text.replace('count = "12"', "count = 12")
    broken = '+++\ntitle = "x"\ndate = 2023-01-20T10:00:00Z\ncount = """12"""\n+++\n'
    assert fix_text(engine, broken, "post.md")[:2] == (broken, [])


# ---------------------------------------------------------------- the scanner against tomli

ZOLA = SHARED / "corpus" / "ssg" / "zola" / "docs" / "content"


def scalars_of(value, path=()):
    """(path, value) of every scalar in `value`."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from scalars_of(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from scalars_of(item, (*path, index))
    else:
        yield path, value


@pytest.mark.skipif(
    not ZOLA.is_dir(), reason=f"the shared corpus of real sites is not here ({ZOLA})"
)
def test_every_scalar_of_a_real_site_is_placed_where_tomli_reads_it():
    """For each of Zola's 180 pages: the scanner places exactly the scalars tomli reads, and the
    text at each place is that value."""
    pages = 0
    for path in sorted(ZOLA.rglob("*.md")):
        front = read_text(path.read_text(encoding="utf-8")).front
        if front is None or front.syntax != "toml":
            continue
        pages += 1
        doc = toml_document.parse(front.text, 0)
        placed = {p: e for p, e in doc.scan.entries.items() if e[4] is not None}
        values = dict(scalars_of(doc.value))
        assert set(placed) == set(values), path
        for where, entry in placed.items():
            written = front.text[entry[0] : entry[1]]
            value = toml_document._toml.loads(f"v = {written}")["v"]
            if entry[4] == toml_document.DATETIME:
                value = toml_document._written(value, entry, front.text)
            assert value == values[where], (path, where, written)
    assert pages == 180
