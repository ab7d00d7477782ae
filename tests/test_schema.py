"""Schema errors become one finding each, at the offending value, with a one-line message."""

from __future__ import annotations

import pytest

import validator

from .conftest import EXAMPLES

SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
VIDEO = (EXAMPLES / "valid" / "video.md").read_text(encoding="utf-8")


def lint(text: str) -> list[str]:
    return [f"{d.line}:{d.column} {d.code} {d.message}" for d in validator.lint_text(text)]


def edit(old: str, new: str, text: str = SEED) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_seed_is_clean():
    assert lint(SEED) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "title:",
            "tittle:",
            ["3:1 FM101 unknown key 'tittle' in the front matter; did you mean 'title'?"],
        ),
        (
            "quality: 57",
            'quality: "57"',
            [
                '11:10 FM103 quality: expected an integer, got string "57" '
                "(write the number without quotes)"
            ],
        ),
        ("heat: 67", "heat: -2", ["12:7 FM106 heat: -2 must be at least -1"]),
        ("quality: 57", "quality: -1", ["11:10 FM106 quality: -1 must be at least 0"]),
        (
            "type: article",
            "type: artcle",
            ['10:7 FM104 type: "artcle" is not one of "article", "video"; did you mean "article"?'],
        ),
        (
            "publishedDateTime: 2023-11-27T16:07:00Z",
            "publishedDateTime: 2023-02-30T04:02:00Z",
            [
                '5:20 FM105 publishedDateTime: "2023-02-30T04:02:00Z" is not a real date and time '
                "(no such day or time of day)"
            ],
        ),
        (
            "publishedDateTime: 2023-11-27T16:07:00Z",
            "publishedDateTime: 2023-11-27",
            [
                '5:20 FM303 publishedDateTime: "2023-11-27" is a date without a time; '
                "write the time and the time zone too, for example 2023-11-27T00:00:00Z"
            ],
        ),
        (
            'webUrl: "https://www.bbc.co.uk/news/technology-67521226"',
            'webUrl: "https://www.bbc.co.uk/news/technology 67521226"',
            [
                '7:9 FM105 webUrl: "https://www.bbc.co.uk/news/technology 67521226" contains a '
                "space, which no URL may hold"
            ],
        ),
        (
            "        width: 620",
            '        width: "620"',
            [
                '42:16 FM103 related[0].images[0].width: expected an integer, got string "620" '
                "(write the number without quotes)"
            ],
        ),
        (
            "  domain: bbc.co.uk\n",
            "",
            ["16:3 FM102 provider: missing required key 'domain'"],
        ),
        (
            "    isCached: true\n\nrelated",
            "    isCahced: true\n\nrelated",
            ["26:5 FM101 unknown key 'isCahced' in images[0]; did you mean 'isCached'?"],
        ),
    ],
)
def test_schema_findings(old, new, expected):
    assert lint(edit(old, new)) == expected


def test_video_rules_name_the_condition():
    text = "\n".join(line for line in VIDEO.splitlines() if not line.startswith("featuredContent:"))
    text = edit("type: video", 'webUrl: "https://www.youtube.com/watch?v=1"\ntype: video', text)
    found = lint(text)
    assert any(
        "FM102 missing required key 'featuredContent' when type is \"video\"" in f for f in found
    )
    assert any("FM109 'webUrl' is not allowed when type is \"video\"" in f for f in found)
    web_url_line = text.splitlines().index('webUrl: "https://www.youtube.com/watch?v=1"') + 1
    assert f"{web_url_line}:1 FM109 'webUrl' is not allowed when type is \"video\"" in found


def test_one_value_one_finding():
    """A date that breaks `format` and `pattern` is reported once, by the rule that explains it."""
    found = lint(edit("2023-11-27T16:07:00Z", "2023-11-27 16:07"))
    assert [f.split()[1] for f in found] == ["FM303"]
    found = lint(edit("2023-11-27T16:07:00Z", "2023-11-31T16:07:00Z"))
    assert [f.split()[1] for f in found] == ["FM105"]


def test_root_must_be_a_mapping():
    assert lint("---\n- a\n- b\n---\n") == [
        "2:1 FM004 front matter must be a mapping of keys to values, not a list"
    ]
    # no keys: a page, not an article record (FM003 is for article collections: test_examples)
    assert lint("---\n# only a comment\n---\n") == []


def test_uri_format_is_really_checked():
    """jsonschema skips `uri` silently without a URI library; make sure ours has one."""
    from validator.schema.checker import SchemaChecker
    from validator.schema.load import load_schema

    checker = SchemaChecker(load_schema())
    assert {"date-time", "uri"} <= set(checker.reference.format_checker.checkers)
    errors = list(checker.reference.iter_errors({"webUrl": "https://x.com/a b"}))
    assert any(e.validator == "format" for e in errors)
