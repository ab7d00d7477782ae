"""Splitting the fences: the body is never read as YAML, and every failure has a line."""

from validator.diagnostic import Finding, Span
from validator.source.frontmatter import FrontMatter, has_front_matter, split


def test_splits_yaml_and_line_offset():
    result = split("---\ntitle: x\n---\nbody\n")
    assert result == FrontMatter(yaml="title: x\n", line_offset=1, closing_line=3)


def test_bom_and_crlf():
    result = split("\ufeff---\r\ntitle: x\r\n---\r\n")
    assert isinstance(result, FrontMatter)
    assert result.yaml == "title: x\r\n"


def test_dots_close_and_trailing_blanks_allowed():
    assert split("--- \ntitle: x\n... \nbody").yaml == "title: x\n"


def test_dashes_inside_a_value_are_no_fence():
    text = '---\nurl: "https://x.com/a---b"\nnote: a\n  ---x\n---\n'
    assert split(text).yaml == 'url: "https://x.com/a---b"\nnote: a\n  ---x\n'


def test_body_fences_are_ignored():
    text = "---\na: 1\n---\n---\nb: 2\n---\n"
    assert split(text).yaml == "a: 1\n"


def test_no_front_matter():
    assert split("# Title\n") == Finding(
        "FM001", "no front matter: the first line is not `---`", span=Span(1, 1, 1, 8)
    )
    assert split("").message == "no front matter: the file is empty"
    assert split("----\na: 1\n---\n").code == "FM001"


def test_unclosed():
    finding = split("---\ntitle: x\n")
    assert (finding.code, finding.span) == ("FM002", Span(1, 1, 1, 4))


def test_empty():
    finding = split("---\n\n---\n")
    assert (finding.code, finding.span) == ("FM003", Span(1, 1, 3, 4))


def test_has_front_matter():
    assert has_front_matter("---\n")
    assert has_front_matter("\ufeff---\r\na")
    assert not has_front_matter("# x\n---\n")
    assert not has_front_matter("---x\n")


def test_large_body_is_not_scanned_as_yaml():
    body = "x: [unclosed\n" * 200_000
    assert split("---\na: 1\n---\n" + body).yaml == "a: 1\n"


def test_a_yaml_tagged_fence_opens_front_matter():
    """gray-matter's `---yaml` (written by some generators): the same block, its lines counted."""
    assert split("---yaml\ntitle: x\n---\nbody\n") == FrontMatter("title: x\n", 1, 3)
    assert split("\ufeff---yaml \r\ntitle: x\r\n---\r\n").yaml == "title: x\r\n"
    assert has_front_matter("---yaml\na: 1\n---\n")
    assert split("---json\n{}\n---\n").code == "FM001"  # another language is no YAML block


def test_a_yaml_tagged_fence_is_linted_with_positions(tmp_path):
    from validator.run.linter import Linter

    (tmp_path / "post.mdx").write_text("---yaml\ntitle: x\ntitle: y\n---\n# MDX body\n")
    result = Linter().lint_paths([tmp_path])
    duplicate = [d for d in result.diagnostics if d.code == "FM007"]
    assert [(d.path, d.line, d.column) for d in duplicate] == [(str(tmp_path / "post.mdx"), 3, 1)]
