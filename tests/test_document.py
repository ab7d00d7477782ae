"""The document: plain values, a span for every key and value, and safe handling of hostile YAML."""

import math

import pytest

from validator.diagnostic import Span
from validator.source import document
from validator.source.document import parse, resolve_plain


def codes(doc):
    return [(f.code, f.span.line, f.span.column) for f in doc.findings]


def test_values_and_positions():
    doc = parse("title: Hello\nimages:\n  - url: 'https://x.com/a.jpg'\n    width: 10\n", 1)
    assert doc.value == {"title": "Hello", "images": [{"url": "https://x.com/a.jpg", "width": 10}]}
    assert doc.locate(("title",)) == Span(2, 8, 2, 13)
    assert doc.locate(("title",), on_key=True) == Span(2, 1, 2, 6)
    assert doc.locate(("images", 0, "width")) == Span(5, 12, 5, 14)
    assert doc.locate(("images", 0)) == Span(4, 5, 4, 6)
    # a path that does not exist falls back to its nearest ancestor
    assert doc.locate(("images", 0, "height")) == Span(4, 5, 4, 6)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2023-11-27T16:07:00Z", "2023-11-27T16:07:00Z"),
        ("2023-11-27", "2023-11-27"),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("42", 42),
        ("-1", -1),
        ("0x1f", 31),
        ("0o17", 15),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        ("+.INF", math.inf),
        (".inf.", ".inf."),
        (".Nan", ".Nan"),  # not one of the core schema's three spellings
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("0X1F", "0X1F"),
        ("2023-11-27", "2023-11-27"),
        ("2023-11-27T04:02:00Z", "2023-11-27T04:02:00Z"),
        ("9" * 5000, "9" * 5000),
    ],
)
def test_yaml_1_2_core_resolution(text, value):
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


@pytest.mark.parametrize("text", [".nan", ".NaN", ".NAN"])
def test_nan_is_a_number(text):
    assert math.isnan(resolve_plain(text))


def test_quoted_scalars_stay_strings():
    assert parse("a: '57'\nb: \"true\"\nc: |\n  12\n").value == {
        "a": "57",
        "b": "true",
        "c": "12\n",
    }


def test_crlf_positions():
    doc = parse("a: 1\r\nb: x\r\n", 1)
    assert doc.locate(("b",)) == Span(3, 4, 3, 5)


def test_columns_count_characters():
    doc = parse('title: "é😀"\nx: y\n', 1)
    assert doc.locate(("title",)) == Span(2, 8, 2, 12)


def test_duplicate_key_is_a_finding_and_first_value_wins():
    doc = parse("a: 1\nb: 2\na: 3\n", 1)
    assert doc.value == {"a": 1, "b": 2}
    assert codes(doc) == [("FM007", 4, 1)]
    assert doc.findings[0].message == (
        "duplicate key 'a' (first defined at line 2); the first value is the one checked"
    )


def test_tags_never_construct():
    doc = parse("a: !!python/object/apply:os.system ['echo pwned']\nb: !!binary aGk=\n", 1)
    assert codes(doc) == [("FM008", 2, 4), ("FM008", 3, 4)]
    assert doc.value == {"a": ["echo pwned"], "b": "aGk="}
    assert "'!!python/object/apply:os.system'" in doc.findings[0].message


def test_syntax_error_position():
    doc = parse("a: 1\n b: 2\n", 1)
    assert not doc.ok
    assert codes(doc) == [("FM005", 3, 3)]


def test_tab_indentation():
    doc = parse("a:\n\t- b\n", 1)
    assert codes(doc) == [("FM006", 3, 1)]


def test_unknown_alias():
    assert codes(parse("a: *nope\n", 1)) == [("FM005", 2, 4)]


def test_complex_key():
    assert codes(parse("? [a]\n: b\n", 1))[0][0] == "FM005"


def test_aliases_resolve_within_budget():
    doc = parse("a: &x {k: v}\nb: *x\n")
    assert doc.value == {"a": {"k": "v"}, "b": {"k": "v"}}


def test_billion_laughs_is_stopped_at_the_budget():
    """10**10 values if expanded: the node budget stops it (without it this test never ends;
    tests/test_growth.py checks the time grows linearly, not wall-clock limits)."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    doc = parse("\n".join(lines) + "\n", 1)
    assert not doc.ok
    assert [f.code for f in doc.findings] == ["FM009"]


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 20_000 + "]" * 20_000 + "\n",
        "a: " + "{b: " * 20_000 + "c" + "}" * 20_000 + "\n",
        "a:\n" + "".join("  " * i + "- \n" for i in range(1, 1_000)),
    ],
)
def test_deep_nesting_is_a_finding(text):
    doc = parse(text, 1)
    assert [f.code for f in doc.findings] == ["FM010"]


def test_multiple_documents_rejected():
    assert codes(parse("a: 1\n---\nb: 2\n", 1)) == [("FM005", 3, 1)]


def test_an_unclosed_quote_is_reported_at_the_quote():
    mid = parse('title: "never closed\nexcerpt: "text"\ntype: article\n', 1)
    end = parse('type: article\ntitle: "never closed\n', 1)
    message = "YAML syntax error: this string is never closed; add the missing '\"' at its end"
    assert [(f.code, f.span.line, f.span.column, f.message) for f in mid.findings] == [
        ("FM005", 2, 8, message)
    ]
    assert [(f.code, f.span.line, f.span.column, f.message) for f in end.findings] == [
        ("FM005", 3, 8, message)
    ]


def test_a_string_over_two_lines_is_not_blamed_for_a_later_error():
    doc = parse('title: "two\n  lines"\nx: "c"\nexcerpt: x: y\n', 1)
    assert [(f.code, f.span.line, f.span.column) for f in doc.findings] == [("FM005", 5, 11)]


# --- the public surface: positions and source styles by path, never libyaml events -----------


def test_spans_keys_and_styles_by_path():
    text = (
        "title: 'Quoted'\n"
        'name: "double"\n'
        "plain: words here\n"
        "block: |\n"
        "  text\n"
        "base: &b 1\n"
        "copy: *b\n"
        "topics:\n"
        "  - AI\n"
    )
    doc = document.parse(text, line_offset=1)
    assert doc.span(("title",)) == Span(2, 8, 2, 16)
    assert doc.key_span(("title",)) == Span(2, 1, 2, 6)
    assert doc.span(("topics", 0)) == Span(10, 5, 10, 7)
    assert doc.key_span(("topics", 0)) is None  # a list item has no key
    assert doc.span(("missing",)) is None and doc.key_span(("missing",)) is None
    assert doc.style(("title",)) == document.SINGLE_QUOTED
    assert doc.style(("name",)) == document.DOUBLE_QUOTED
    assert doc.style(("plain",)) == document.PLAIN
    assert doc.style(("block",)) == document.LITERAL
    assert doc.style(("topics",)) is None  # a list, not a scalar
    assert doc.style(("copy",)) is None  # an alias is written elsewhere
    assert doc.anchored(("base",)) and not doc.anchored(("copy",))
    assert not doc.anchored(("title",))
    keys = dict(doc.key_spans())
    assert list(keys) == [
        ("title",),
        ("name",),
        ("plain",),
        ("block",),
        ("base",),
        ("copy",),
        ("topics",),
    ]
    assert keys[("topics",)] == Span(9, 1, 9, 7)
    assert doc.locate(("topics", 5)) == doc.span(("topics",))  # the nearest placed ancestor


def test_events_are_not_public():
    doc = document.parse("a: 1\n")
    assert not any(name == "events" or "event" in name for name in dir(doc) if name[0] != "_")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", True),
        ("Yes", True),
        ("YES", True),
        ("yEs", True),  # Psych matches /^(yes|true|on)$/i
        ("on", True),
        ("ON", True),
        ("true", True),
        ("no", False),
        ("No", False),
        ("off", False),
        ("OFF", False),
        ("FaLsE", False),
        ("y", "y"),  # YAML 1.1's `y` and `n` are not booleans to Psych
        ("n", "n"),
        ("yess", "yess"),
        ("nUlL", None),
        ("~", None),
        ("42", 42),
    ],
)
def test_yaml_1_1_resolves_as_psych_reads_it(text, value):
    assert document.resolve_plain_11(text) == value
    assert type(document.resolve_plain_11(text)) is type(value)


def test_yaml_1_1_applies_to_plain_scalars_only():
    text = "published: no\nquoted: 'yes'\nlist: [on, Off]\n"
    assert parse(text, 0, "1.1").value == {
        "published": False,
        "quoted": "yes",
        "list": [True, False],
    }
    assert parse(text).value == {"published": "no", "quoted": "yes", "list": ["on", "Off"]}
