"""The pure-Python verdict engine agrees with jsonschema, the reference, on every record we have,
on awkward variants of the seed, and keyword by keyword; what it cannot compile falls back."""

from __future__ import annotations

import copy

import pytest

from validator.schema.checker import SchemaChecker
from validator.schema.compiled import Unsupported, compile_schema
from validator.schema.load import load_schema

from .conftest import CORPUS, EXAMPLES
from .test_differential import AWKWARD_VALUES, values_of, variants


@pytest.fixture(scope="module")
def checker():
    return SchemaChecker(load_schema())


@pytest.fixture(scope="module")
def compiled(checker):
    return compile_schema(checker.schema)


def reference_says(checker, value) -> bool:
    return not any(True for _ in checker.reference.iter_errors(value))


def disagreements(checker, compiled, values):
    return [value for value in values if compiled(value) != reference_says(checker, value)]


def test_the_bundled_schema_compiles(checker):
    assert checker._compiled is not None


def test_agrees_on_examples_and_corpus(checker, compiled):
    files = sorted(EXAMPLES.rglob("*.md"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*.md"))
    found = [value for value in map(values_of, files) if value is not None]
    assert len(found) >= 20
    assert disagreements(checker, compiled, found) == []
    assert any(compiled(value) for value in found)
    assert not all(compiled(value) for value in found)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no shared corpus at {CORPUS}")
def test_agrees_on_every_corpus_record(checker, compiled):
    found = [value for value in map(values_of, sorted(CORPUS.glob("*.md"))) if value is not None]
    assert found
    assert disagreements(checker, compiled, found) == []


def test_agrees_on_variants(checker, compiled):
    total = 0
    for name in ("seed.md", "video.md"):
        record = values_of(EXAMPLES / "valid" / name)
        found = list(variants(record))
        total += len(found)
        assert disagreements(checker, compiled, found) == []
    assert total > 2000


# Paths into the seed where each awkward value is tried: a top-level string, a date-time, a URL,
# an integer with a minimum, a boolean, a nested required key and a whole list.
PATHS = [
    ("title",),
    ("publishedDateTime",),
    ("webUrl",),
    ("images", 0, "url"),
    ("images", 0, "width"),
    ("images", 0, "isCached"),
    ("provider", "name"),
    ("topics",),
    ("type",),
]


@pytest.mark.parametrize("value", AWKWARD_VALUES, ids=repr)
def test_agrees_on_each_awkward_value_at_key_paths(checker, compiled, value):
    seed = values_of(EXAMPLES / "valid" / "seed.md")
    for path in PATHS:
        changed = copy.deepcopy(seed)
        parent = changed
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = copy.deepcopy(value)
        assert compiled(changed) == reference_says(checker, changed), (path, value)


def test_a_clean_record_is_valid_and_the_checker_uses_the_compiled_engine(checker):
    seed = values_of(EXAMPLES / "valid" / "seed.md")
    assert checker._compiled(seed) is True
    assert checker.is_valid(seed) is True
    assert "_fast" not in vars(checker)  # jsonschema_rs was never needed


# -- keyword by keyword, against the reference --------------------------------------------------


def reference(schema):
    return SchemaChecker(schema).reference


CASES = [
    ({"type": "integer"}, [1, 1.0, 1.5, True, False, "1", None, 10**30, float("inf")]),
    ({"type": "number"}, [1, 1.5, True, "1", None, float("nan")]),
    ({"type": "boolean"}, [True, False, 0, 1, None]),
    ({"type": ["string", "null"]}, ["", None, 0, [], {}]),
    ({"type": "object"}, [{}, [], "x"]),
    ({"type": "array"}, [[], {}, "x"]),
    ({"enum": [1, "a", None]}, [1, 1.0, True, "a", None, False, "b"]),
    ({"enum": [True, [1, 2]]}, [True, 1, [1, 2], [True, 2], [1.0, 2.0]]),
    ({"enum": ["a", "b"]}, ["a", "c", 1, None]),
    ({"const": 0}, [0, 0.0, False, None, "0"]),
    ({"const": {"a": [1, True]}}, [{"a": [1, True]}, {"a": [True, 1]}, {"a": [1, 1]}]),
    (
        {"uniqueItems": True},
        [[1, True], [1, 1.0], [0, False], [True, True], [[1], [True]], [{"a": 1}, {"a": 1}]],
    ),
    ({"uniqueItems": True}, [["a", 1, None], [{"a": 1}, {"a": True}], "notalist"]),
    ({"uniqueItems": False}, [[1, 1]]),
    ({"minItems": 1, "maxItems": 2}, [[], [1], [1, 2], [1, 2, 3], "abc"]),
    ({"minLength": 2, "maxLength": 3}, ["a", "ab", "abcd", "é" * 3, "😀😀", 5]),
    ({"pattern": "^a[0-9]+$"}, ["a1", "a1\n", "ba1", "a", 7]),
    ({"pattern": "b"}, ["abc", "xyz"]),
    ({"minimum": 1, "maximum": 3}, [0, 1, 3, 3.5, True, "2", float("nan")]),
    ({"exclusiveMinimum": 1, "exclusiveMaximum": 3}, [1, 1.5, 3, False]),
    (
        {"required": ["a"], "properties": {"a": {"type": "string"}}},
        [{"a": "x"}, {"a": 1}, {}, [], "a"],
    ),
    (
        {"properties": {"a": {}}, "patternProperties": {"^x-": {"type": "integer"}}},
        [{"a": 1, "x-b": 2}, {"x-b": "no"}, {"y": "free"}],
    ),
    (
        {"properties": {"a": {}}, "additionalProperties": False},
        [{"a": 1}, {"b": 1}, {}, ["b"]],
    ),
    (
        {
            "properties": {"a": {}},
            "patternProperties": {"^x-": True},
            "additionalProperties": {"type": "string"},
        },
        [{"a": 1, "x-y": 1, "b": "s"}, {"b": 1}],
    ),
    ({"items": {"type": "integer"}}, [[1, 2], [1, "2"], [], {"a": "b"}]),
    ({"items": False}, [[], [1]]),
    (
        {
            "if": {"properties": {"k": {"const": "v"}}, "required": ["k"]},
            "then": {"required": ["x"]},
            "else": {"required": ["y"]},
        },
        [{"k": "v", "x": 1}, {"k": "v", "y": 1}, {"k": "w", "y": 1}, {"x": 1}, {"y": 1}, 5],
    ),
    ({"if": {"type": "string"}, "then": {"minLength": 2}}, ["a", "ab", 1]),
    ({"then": False, "else": False}, [1]),  # without `if`, both are ignored
    ({"allOf": [{"minimum": 1}, {"maximum": 2}]}, [0, 1, 3]),
    ({"anyOf": [{"type": "string"}, {"minimum": 5}]}, ["x", 6, 1]),
    ({"oneOf": [{"type": "integer"}, {"minimum": 2}]}, [1, 3, 2.5, 0.5]),
    ({"not": {"type": "null"}}, [None, 0]),
    ({"properties": {"a": False, "b": True}}, [{"a": 1}, {"b": 1}, {}]),
    (
        {"format": "date-time"},
        ["2023-11-27T04:02:00Z", "2023-11-27t04:02:00z", "2023-02-30T04:02:00Z"],
    ),
    ({"format": "date-time"}, ["2023-11-27T04:02:00Z\n", "2023-11-27T04:02:00\r", 5]),
    ({"format": "uri"}, ["https://x.com/a", "https://x.com/a\n", "/relative", "a b:c", 5]),
    ({"title": "t", "description": "d", "examples": [1], "$comment": "c", "default": 1}, [1]),
]


@pytest.mark.parametrize(("schema", "values"), CASES, ids=lambda x: repr(x)[:60])
def test_keyword_agrees_with_the_reference(schema, values):
    compiled = compile_schema(schema)
    expected = reference(schema)
    for value in values:
        assert compiled(value) == expected.is_valid(value), value


def test_boolean_schemas():
    assert compile_schema(True)(object()) is True
    assert compile_schema(False)(None) is False
    assert compile_schema({})(["anything"]) is True


def test_bool_is_not_an_integer_and_whole_floats_are():
    integer = compile_schema({"type": "integer"})
    assert integer(True) is False
    assert integer(1.0) is True
    assert integer(1.5) is False


def test_unique_items_tells_one_from_true():
    unique = compile_schema({"uniqueItems": True})
    assert unique([1, True]) is True
    assert unique([0, False]) is True
    assert unique([1, 1.0]) is False


def test_recursive_ref():
    schema = {
        "$defs": {
            "node": {
                "type": "object",
                "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
                "required": ["name"],
            }
        },
        "$ref": "#/$defs/node",
    }
    compiled = compile_schema(schema)
    expected = reference(schema)
    good = {"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}
    bad = {"name": "a", "children": [{"name": "b", "children": [{"nom": "c"}]}]}
    assert compiled(good) is True and expected.is_valid(good)
    assert compiled(bad) is False and not expected.is_valid(bad)


def test_ref_to_the_root_and_escaped_names():
    schema = {
        "$id": "https://example.com/tree.json",
        "$defs": {"a/b": {"type": "string"}},
        "properties": {"s": {"$ref": "#/$defs/a~1b"}, "self": {"$ref": "#"}},
    }
    compiled = compile_schema(schema)
    expected = reference(schema)
    for value in [{"s": "x"}, {"s": 1}, {"self": {"s": "x"}}, {"self": {"self": {"s": 2}}}]:
        assert compiled(value) == expected.is_valid(value), value


@pytest.mark.parametrize(
    "schema",
    [
        {"multipleOf": 2},
        {"prefixItems": [{}]},
        {"properties": {"a": {"contains": {}}}},
        {"$ref": "https://example.com/other.json"},
        {"$ref": "#/$defs/missing"},
        {"$defs": {"a": {"$id": "other", "type": "string"}}, "$ref": "#/$defs/a"},
        {"$schema": "http://json-schema.org/draft-07/schema#"},
        {"_ref": "#"},
        {"unevaluatedProperties": False},
    ],
    ids=repr,
)
def test_unsupported_keywords_raise(schema):
    with pytest.raises(Unsupported):
        compile_schema(schema)


def test_an_unsupported_schema_falls_back_to_jsonschema():
    checker = SchemaChecker({"type": "object", "properties": {"n": {"multipleOf": 2}}})
    assert checker._compiled is None
    assert checker.is_valid({"n": 4}) is True
    assert checker.is_valid({"n": 3}) is False
    assert "_fast" not in vars(checker)  # the verdict is jsonschema's, which also explains it
    assert [f.code for f in checker.check({"n": 3})] == ["FM106"]


def test_plain_urls_are_uris_for_rfc3986_validator_too():
    """The shortcut that spares importing rfc3986_validator only ever says yes where it would."""
    import random

    from rfc3986_validator import validate_rfc3986

    from validator.schema.formats import _PLAIN_URL

    pieces = [*"aZ09.-_~!$&'()*+,;=:@/?#%[] é\\\"<>{}|^`", "%2f", "%g0", "https://", "http://"]
    pieces += ["//", "x.com", ":80", "?q=1", "#f", "user@", "[::1]", "mailto:", "HTTPS://"]
    rng = random.Random(0)
    matched = 0
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        if rng.random() < 0.5:
            host = "".join(rng.choice("ab9.-") for _ in range(rng.randint(0, 6)))
            text = f"https://{host}{rng.choice(['', ':', ':8', '/'])}{text}"
        if _PLAIN_URL(text):
            matched += 1
            assert validate_rfc3986(text, rule="URI"), text
    assert matched > 1000


def test_a_clean_run_imports_neither_jsonschema_rs_nor_rfc3986_validator():
    import subprocess
    import sys

    code = (
        "import sys; from validator.schema.checker import SchemaChecker;"
        "from validator.schema.load import load_schema;"
        "from tests.test_differential import values_of; from tests.conftest import EXAMPLES;"
        "assert SchemaChecker(load_schema()).is_valid(values_of(EXAMPLES / 'valid' / 'seed.md'));"
        "print(sorted(m for m in ('jsonschema', 'jsonschema_rs', 'rfc3986_validator')"
        " if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=EXAMPLES.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "[]", done.stderr
