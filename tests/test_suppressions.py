"""Suppressions are comments, not text: a `# fmlint:` directive counts only where its `#` starts a
YAML comment, so no value (quoted, block or plain) can switch the linter off."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.engine import Engine
from validator.source.suppressions import directives

SEED = (Path(__file__).resolve().parent.parent / "examples" / "valid" / "seed.md").read_text(
    encoding="utf-8"
)
# one finding to silence: an http cdnAmpWebUrl (FM2xx)
HTTP = SEED.replace(
    'cdnAmpWebUrl: "https://www-bbc-co-uk.cdn.ampproject.org/c/s/',
    'cdnAmpWebUrl: "http://www-bbc-co-uk.cdn.ampproject.org/c/s/',
    1,
)


def codes(text: str) -> list[str]:
    return [d.code for d in Engine().lint_text(text, "post.md").diagnostics]


def found(yaml_text: str) -> list[tuple]:
    return [(d.line, d.target, d.codes) for d in directives(yaml_text, 1)]


def test_the_reproducer_a_title_silences_nothing():
    assert codes(HTTP) != []
    text = HTTP.replace(
        'title: "Children making', 'title: "Tips #fmlint: disable-file Children making', 1
    )
    assert text != HTTP
    assert codes(text) == codes(HTTP)


@pytest.mark.parametrize(
    "value",
    [
        'title: "Tips #fmlint: disable-file"\n',
        'title: "Tips \\" #fmlint: disable-file"\n',  # an escaped quote does not end it
        'title: "Tips\n  #fmlint: disable-file"\n',  # a second line of a quoted value
        "title: 'Tips #fmlint: disable-file'\n",
        "title: 'it''s #fmlint: disable-file'\n",
        "title: |\n  Tips\n  # fmlint: disable-file\n",
        "title: >-\n  Tips # fmlint: disable-file\n",
        "- |\n  # fmlint: disable-file\n",
        "title: a#fmlint: disable-file\n",
        "topics: [a, 'b #fmlint: disable-file']\n",
        'title: "unterminated # fmlint: disable-file\n',  # past a lexical error nothing counts
    ],
)
def test_a_directive_inside_a_value_is_text(value):
    assert found(value) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: x # fmlint: disable-file\n", [(2, None, ())]),
        ('title: "x #y" # fmlint: disable=FM2\n', [(2, 2, ("FM2",))]),
        ("# fmlint: disable=FM2,fm401\ntitle: x\n", [(2, 3, ("FM2", "FM401"))]),
        ("title: |\n  body\n# fmlint: disable\nnext: 1\n", [(4, 5, ())]),
        ("- |\n  x\n- y # fmlint: disable\n", [(4, 4, ())]),
        ("topics: [a, b] # fmlint: disable-file=FM3\n", [(2, None, ("FM3",))]),
    ],
)
def test_real_comments_still_count(text, expected):
    assert found(text) == expected


def test_a_comment_after_a_value_silences_its_line():
    line = next(line for line in HTTP.splitlines() if line.startswith("cdnAmpWebUrl:"))
    text = HTTP.replace(line, line + " # fmlint: disable=FM2", 1)
    assert codes(HTTP) == ["FM203"] and codes(text) == []


def test_a_quoted_directive_is_not_even_unused():
    """Not a directive at all, so no FM020 either."""
    assert codes(SEED.replace('title: "', 'title: "#fmlint: disable=FM9 ', 1)) == []
