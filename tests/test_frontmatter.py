"""Splitting the fences: the body is never read as front matter, and every failure has a line."""

import pytest

from validator.diagnostic import Finding, Span
from validator.source.frontmatter import FrontMatter, has_front_matter, split
from validator.source.reading import fenced


def test_splits_yaml_and_line_offset():
    result = split("---\ntitle: x\n---\nbody\n")
    assert result == FrontMatter(text="title: x\n", line_offset=1, closing_line=3, syntax="yaml")
    assert result.yaml == result.text  # the old name of the text


def test_bom_and_crlf():
    result = split("\ufeff---\r\ntitle: x\r\n---\r\n")
    assert isinstance(result, FrontMatter)
    assert result.text == "title: x\r\n"


def test_dots_close_and_trailing_blanks_allowed():
    assert split("--- \ntitle: x\n... \nbody").text == "title: x\n"


def test_dashes_inside_a_value_are_no_fence():
    text = '---\nurl: "https://x.com/a---b"\nnote: a\n  ---x\n---\n'
    assert split(text).text == 'url: "https://x.com/a---b"\nnote: a\n  ---x\n'


def test_body_fences_are_ignored():
    text = "---\na: 1\n---\n---\nb: 2\n---\n"
    assert split(text).text == "a: 1\n"


def test_no_front_matter():
    assert split("# Title\n") == Finding(
        "FM001", "no front matter: the first line is not `---`", span=Span(1, 1, 1, 8)
    )
    assert split("").message == "no front matter: the file is empty"
    assert split("----\na: 1\n---\n").code == "FM001"
    assert split("\n---\na: 1\n---\n").code == "FM001"  # YAML's fence is on the first line
    assert split("{{< note >}}\n").code == "FM001"  # a Hugo shortcode, not a JSON object
    assert split("{% raw %}\n").code == "FM001"


def test_unclosed():
    finding = split("---\ntitle: x\n")
    assert (finding.code, finding.span) == ("FM002", Span(1, 1, 1, 4))
    assert finding.message == "front matter is never closed: add a line `---` after the last key"


def test_empty_front_matter_is_front_matter():
    """Jekyll documents `---` then `---` as legal: the reader makes it an empty mapping."""
    assert split("---\n\n---\n") == FrontMatter("\n", 1, 3, "yaml")
    assert split("---\n---\n") == FrontMatter("", 1, 2, "yaml")
    assert split("+++\n+++\n") == FrontMatter("", 1, 2, "toml")
    assert split("---\n\n---\n").block_span() == Span(1, 1, 3, 4)


def test_has_front_matter():
    assert has_front_matter("---\n")
    assert has_front_matter("\ufeff---\r\na")
    assert has_front_matter("+++\na = 1\n+++\n")
    assert has_front_matter("\n \n+++\na = 1\n+++\n")
    assert has_front_matter('{\n  "a": 1\n}\n')
    assert has_front_matter("---js\nconst a = 1;\n---\n")  # fmlint says it cannot read it
    assert not has_front_matter("# x\n---\n")
    assert not has_front_matter("----\n")
    assert not has_front_matter("{{< x >}}\n")


def test_large_body_is_not_scanned_as_yaml():
    body = "x: [unclosed\n" * 200_000
    assert split("---\na: 1\n---\n" + body).text == "a: 1\n"


def test_a_yaml_tagged_fence_opens_front_matter():
    """gray-matter's `---yaml` (written by some generators): the same block, its lines counted."""
    assert split("---yaml\ntitle: x\n---\nbody\n") == FrontMatter("title: x\n", 1, 3)
    assert split("\ufeff---yaml \r\ntitle: x\r\n---\r\n").text == "title: x\r\n"
    assert split("---yml\ntitle: x\n---\n").syntax == "yaml"  # gray-matter's alias
    assert has_front_matter("---yaml\na: 1\n---\n")


def test_a_yaml_tagged_fence_is_linted_with_positions(tmp_path):
    from validator.run.linter import Linter

    (tmp_path / "post.mdx").write_text("---yaml\ntitle: x\ntitle: y\n---\n# MDX body\n")
    result = Linter().lint_paths([tmp_path])
    duplicate = [d for d in result.diagnostics if d.code == "FM007"]
    assert [(d.path, d.line, d.column) for d in duplicate] == [(str(tmp_path / "post.mdx"), 3, 1)]


# ---------------------------------------------------------------- TOML fences


def test_toml_between_pluses():
    assert split('+++\ntitle = "x"\n+++\nbody\n') == FrontMatter('title = "x"\n', 1, 3, "toml")
    assert split("+++\r\na = 1\r\n+++ \r\n").text == "a = 1\r\n"


def test_zola_allows_blank_lines_before_the_pluses():
    result = split('\n\n+++\ntitle = "x"\n+++\n')
    assert result == FrontMatter('title = "x"\n', 3, 5, "toml")
    assert result.block_span() == Span(3, 1, 5, 4)
    assert split(" \t\r\n+++\na = 1\n+++\n").line_offset == 2


def test_a_toml_tagged_dashes_fence():
    assert split("---toml\na = 1\n---\n") == FrontMatter("a = 1\n", 1, 3, "toml")
    assert split("---toml\na = 1\n...\n").code == "FM002"  # only YAML closes with `...`


def test_unclosed_pluses():
    finding = split("\n+++\na = 1\n")
    assert (finding.code, finding.span) == ("FM002", Span(2, 1, 2, 4))
    assert finding.message == "front matter is never closed: add a line `+++` after the last key"


# ---------------------------------------------------------------- JSON


def test_a_json_object_that_opens_the_file():
    text = '{\n  "title": "a } in a string \\" {",\n  "n": {"x": 1}\n}\nbody {\n'
    result = split(text)
    assert result == FrontMatter(text[: text.index("}\nbody") + 1], 0, 4, "json")
    assert result.block_span() == Span(1, 1, 4, 2)
    assert split('\ufeff{"a": 1} body').text == '{"a": 1}'
    assert split("{}\n").text == "{}"


def test_an_unclosed_json_object():
    finding = split('{\n  "title": "x"\n')
    assert (finding.code, finding.span) == ("FM002", Span(1, 1, 1, 2))
    assert "no matching `}`" in finding.message


def test_a_json_tagged_fence():
    assert split('---json\n{"a": 1}\n---\nbody\n') == FrontMatter('{"a": 1}\n', 1, 3, "json")


# ---------------------------------------------------------------- languages fmlint cannot read


@pytest.mark.parametrize(
    ("first", "name"),
    [
        ("---js", "JavaScript"),
        ("---javascript", "JavaScript"),
        ("---coffee", "CoffeeScript"),
        ("---ruby", "ruby"),
    ],
)
def test_a_fence_of_another_language_is_fm012(first, name):
    finding = split(f"{first}\nconst title = 'x';\n---\n")
    assert finding == Finding(
        "FM012",
        f"front matter in {name} (`{first}`): fmlint cannot evaluate it, so none of its keys "
        "is checked",
        span=Span(1, 1, 1, len(first) + 1),
    )


# ---------------------------------------------------------------- the walk's byte test


@pytest.mark.parametrize(
    ("data", "name", "taken"),
    [
        (b"---\na: 1\n---\n", "a.md", True),
        (b"---js\nlet a;\n---\n", "a.webc", True),
        (b"---json\n{}\n---\n", "a.njk", True),
        (b"\n\n+++\na = 1\n+++\n", "a.md", True),
        (b"\xef\xbb\xbf+++\na = 1\n+++\n", "a.html", True),
        (b'{\n  "a": 1\n}\n', "a.md", True),
        (b'{\n  "a": 1\n}\n', "a.MARKDOWN", True),
        (b'{"a": 1}\n', "a.html", False),  # only Markdown opens with a JSON object
        (b"{% raw %}\n", "a.md", False),
        (b"\n---\na: 1\n---\n", "a.md", False),
        (b"# Title\n", "a.md", False),
        (b"\xff\xfe-\x00", "a.md", True),  # UTF-16: read, to say FM011
    ],
)
def test_the_walk_takes_what_opens_with_a_fence(data, name, taken):
    assert fenced(data, name) is taken
