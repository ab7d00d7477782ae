"""`fmlint check` as editors and hooks run it: `--fix -` / `--diff -` (format on save), a name for
stdin without `-`, what the summary says about fixes, and the `full` caret after wide characters."""

from __future__ import annotations

import pytest

from .test_fix import CASES, EXTRA_ARGS, GOLDEN, SEED, seed_with

TITLE = 'title: "Children making AI-generated child abuse images, says charity"'
INSECURE = seed_with(
    'originalUrl: "https://www.bbc.co.uk', 'originalUrl: "http://www.bbc.co.uk'
)  # FM202: an unsafe fix
BOTH = INSECURE.replace(TITLE.encode(), TITLE.encode()[:-1] + b' "')  # and FM502: a safe one


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no configuration of this repository applies


# --- `--fix -` and `--diff -` -----------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_fix_stdin_prints_the_fixed_text_byte_for_byte(run, name):
    before = (GOLDEN / f"{name}.before.md").read_bytes()
    after = (GOLDEN / f"{name}.after.md").read_bytes()
    extra = EXTRA_ARGS.get(name, ())
    result = run("check", "--fix", *extra, "-", "--stdin-filename", "article.md", input=before)
    assert result.stdout_bytes == after  # CRLF, a BOM and the body as they were
    assert result.exit_code == 0, result.stderr
    assert "Fixed " in result.stderr
    assert result.stderr.endswith("All checks passed (1 file).\n")


def test_fix_stdin_reports_what_remains_on_stderr_and_exits_1(run):
    text = BOTH.replace(b"category: news\n", b"")  # FM102: nothing can fix that
    result = run("check", "--fix", "-", "--stdin-filename", "article.md", input=text)
    assert result.exit_code == 1
    fixed = result.stdout_bytes.decode("utf-8")
    assert TITLE in fixed and 'originalUrl: "http://www.bbc.co.uk' in fixed  # safe fixes only
    assert "article.md:2:1: FM102 missing required key 'category'" in result.stderr
    assert "FM202" in result.stderr and "FM102" not in fixed
    assert result.stderr.splitlines()[-1] == (
        "Found 1 error and 1 warning in 1 of 1 file. 1 finding fixable with --fix --unsafe-fixes."
    )


def test_fix_stdin_of_a_clean_file_prints_it_unchanged(run):
    data = SEED.read_bytes()
    result = run("check", "--fix", "-", input=data)
    assert (result.exit_code, result.stdout_bytes) == (0, data)
    assert result.stderr == "All checks passed (1 file).\n"


def test_fix_stdin_that_is_not_text_passes_it_through(run):
    data = b"---\ntitle: \xff\n---\n"
    result = run("check", "--fix", "-", "--stdin-filename", "a.md", input=data)
    assert result.stdout_bytes == data
    assert result.exit_code == 1
    assert "a.md:2:8: FM011" in result.stderr


@pytest.mark.parametrize("name", CASES)
def test_diff_stdin_is_the_diff_of_the_same_file(run, tmp_path, name):
    before = (GOLDEN / f"{name}.before.md").read_bytes()
    extra = EXTRA_ARGS.get(name, ())
    (tmp_path / "article.md").write_bytes(before)
    from_file = run("check", "--diff", *extra, "article.md")
    from_stdin = run("check", "--diff", *extra, "-", "--stdin-filename", "article.md", input=before)
    assert from_stdin.exit_code == from_file.exit_code == 1
    assert from_stdin.stdout_bytes == from_file.stdout_bytes
    assert from_stdin.stdout.startswith("--- a/article.md\n+++ b/article.md\n@@ ")
    assert (tmp_path / "article.md").read_bytes() == before  # --diff writes nothing


def test_diff_stdin_without_changes_prints_nothing_and_exits_0(run):
    result = run("check", "--diff", "-", input=SEED.read_bytes())
    assert (result.exit_code, result.stdout) == (0, "")


def test_diff_stdin_names_it_stdin_without_a_filename(run):
    result = run("check", "--diff", "-", input=BOTH)
    assert result.exit_code == 1
    assert result.stdout.startswith("--- a/<stdin>\n+++ b/<stdin>\n")
    assert "+" + TITLE + "\n" in result.stdout
    assert '+originalUrl: "https' not in result.stdout  # unsafe: only with --unsafe-fixes


# --- `--stdin-filename` without `-` ------------------------------------------------------------


def test_stdin_filename_alone_reads_stdin(run, tmp_path):
    (tmp_path / "other.md").write_bytes(b"---\ntittle: x\n---\n")  # what a directory walk finds
    result = run("check", "--stdin-filename", "article.md", input=BOTH)
    assert result.exit_code == 0  # warnings only
    assert "article.md:3:" in result.stdout
    assert "other.md" not in result.stdout
    assert "in 1 of 1 file." in result.stderr


def test_stdin_filename_implies_dash_for_fix_too(run):
    result = run("check", "--fix", "--stdin-filename", "article.md", input=BOTH)
    assert TITLE.encode() in result.stdout_bytes


def test_stdin_filename_with_paths_is_a_usage_error(run, tmp_path):
    (tmp_path / "other.md").write_bytes(SEED.read_bytes())
    result = run("check", "--stdin-filename", "article.md", "other.md", input=BOTH)
    assert result.exit_code == 2
    assert "--stdin-filename names the text on stdin; it takes no paths" in result.stderr


# --- the summary on fixes ----------------------------------------------------------------------


def test_summary_counts_safe_fixes_and_names_unsafe_ones(run):
    result = run("check", "-", input=BOTH)
    assert result.stderr.splitlines()[-1] == (
        "Found 2 warnings in 1 of 1 file. 1 fixable with --fix (1 more with --unsafe-fixes)."
    )


def test_summary_with_unsafe_fixes_counts_them_as_fixable(run):
    result = run("check", "--unsafe-fixes", "-", input=BOTH)
    assert (
        result.stderr.splitlines()[-1] == "Found 2 warnings in 1 of 1 file. 2 fixable with --fix."
    )


def test_summary_says_nothing_about_fixes_when_there_is_none(run):
    text = SEED.read_bytes().replace(b"category: news\n", b"")
    result = run("check", "-", input=text)
    assert result.stderr.splitlines()[-1] == "Found 1 error in 1 of 1 file."


def test_summary_after_fix_names_only_the_unsafe_fixes_left(run, tmp_path):
    (tmp_path / "a.md").write_bytes(BOTH)
    result = run("check", "--fix", "a.md")
    assert result.stderr.splitlines()[-1] == (
        "Found 1 warning in 1 of 1 file. 1 finding fixable with --fix --unsafe-fixes."
    )


def test_a_duplicate_in_a_flow_list_is_fixable_and_fixed(run, tmp_path):
    target = tmp_path / "a.md"
    target.write_bytes(seed_with("topics:\n  - AI\n", 'topics: ["AI", "ai", Power Apps]\n'))
    lint = run("check", "a.md")
    assert "a.md:19:16: FM503" in lint.stdout
    assert lint.stderr.splitlines()[-1].endswith(" 1 fixable with --fix.")
    fixed = run("check", "--fix", "a.md")
    assert fixed.exit_code == 0, fixed.stderr
    assert fixed.stderr.splitlines()[-1] == "All checks passed (1 file)."
    assert 'topics: ["AI", Power Apps]\n' in target.read_text(encoding="utf-8")


# --- the caret after wide characters -----------------------------------------------------------


def test_full_caret_sits_under_the_column_after_cjk_and_emoji(run, tmp_path):
    provider = "provider:\n  name: BBC\n  domain: bbc.co.uk\n"
    text = SEED.read_text(encoding="utf-8")
    assert provider in text
    line = 'provider: {name: "日本語 🤖 BBC", domian: bbc.co.uk}'
    (tmp_path / "a.md").write_text(text.replace(provider, line + "\n"), encoding="utf-8")
    result = run("check", "--output-format", "full", "--select", "FM101", "a.md")
    # 日, 本, 語 and 🤖 take two columns each: `domian` starts 4 columns right of its code point.
    column = line.index("domian")
    assert f"a.md:15:{column + 1}: FM101" in result.stdout
    assert (f"   |\n15 | {line}\n   | {' ' * (column + 4)}^^^^^^\n   |\n") in result.stdout


def test_full_caret_width_covers_wide_characters(run, tmp_path):
    text = SEED.read_text(encoding="utf-8").replace(TITLE, 'title: "日本語のタイトル 🤖 "')
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    result = run("check", "--output-format", "full", "--select", "FM502", "a.md")
    assert '3 | title: "日本語のタイトル 🤖 "\n' in result.stdout
    assert "  | " + " " * 7 + "^" * (2 + 16 + 1 + 2 + 1) + "\n" in result.stdout
