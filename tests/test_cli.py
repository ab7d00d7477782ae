"""`fmlint check` end to end: output formats, exit codes, file discovery, colour."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.article_config import article_config, as_articles
from validator import __version__
from validator.schema.load import bundled_schema_path

BAD = '---\ncategory: news\ntittle: "x"\n---\nbody\n'  # an article record, by configuration
# seven required keys missing, and `tittle`, whose fix (renaming it `title`) is unsafe
SUMMARY = "Found 8 errors in 1 of 1 file. 1 finding fixable with --fix --unsafe-fixes."


def write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_full_format_quotes_the_line_with_a_caret(run, tmp_path):
    target = write(tmp_path / "a.md", '---\ntype: video\nquality: "57"\n---\n')
    result = run("check", *as_articles(tmp_path), "--output-format", "full", str(target))
    assert result.exit_code == 1
    block = (
        f'{target}:3:10: FM103 quality: expected an integer, got string "57" '
        "(write the number without quotes)\n"
        "  |\n"
        '3 | quality: "57"\n'
        "  |          ^^^^\n"
        "  |\n"
    )
    assert block in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour


def test_full_is_the_default(run, tmp_path):
    target = write(tmp_path / "a.md", BAD)
    articles = as_articles(tmp_path)
    default = run("check", *articles, str(target)).stdout
    assert "FM101" in default
    assert default == run("check", *articles, "--output-format", "full", str(target)).stdout


def test_concise_format_and_summary(run, tmp_path):
    target = write(tmp_path / "a.md", BAD)
    result = run("check", *as_articles(tmp_path), "--output-format", "concise", str(target))
    lines = result.stdout.splitlines()
    assert (
        f"{target}:3:1: FM101 unknown key 'tittle' in the front matter; did you mean 'title'?"
        in (lines)
    )
    assert all(line.startswith(f"{target}:") for line in lines)
    assert result.stderr.splitlines()[-1] == SUMMARY


def test_json_format(run, tmp_path):
    target = write(tmp_path / "a.md", BAD)
    result = run("check", *as_articles(tmp_path), "--output-format", "json", str(target))
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    unknown = next(item for item in items if item["code"] == "FM101")
    assert unknown == {
        "path": str(target),
        "line": 3,
        "column": 1,
        "end_line": 3,
        "end_column": 7,
        "code": "FM101",
        "severity": "error",
        "message": "unknown key 'tittle' in the front matter; did you mean 'title'?",
    }
    # the report on stdout, byte for byte; the summary line on stderr, whatever the format
    assert result.stderr == SUMMARY + "\n"


def test_clean_exit_zero(run, tmp_path):
    from .conftest import EXAMPLES

    result = run("check", str(EXAMPLES / "valid"))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "All checks passed (6 files).\n"


def test_walk_rules(run, tmp_path, monkeypatch):
    write(tmp_path / "post.md", BAD)
    write(tmp_path / "post.markdown", BAD)
    write(tmp_path / "post.txt", BAD)
    write(tmp_path / "post.yaml", BAD)  # not a content file
    write(tmp_path / "README.md", "# no front matter\n")  # skipped by a walk
    write(tmp_path / "ignored" / "x.md", BAD)
    write(tmp_path / "sub" / "drafts" / "y.md", BAD)
    write(tmp_path / "sub" / "kept.md", BAD)
    write(tmp_path / ".gitignore", "ignored/\n")
    write(tmp_path / "sub" / ".gitignore", "drafts\n")
    write(tmp_path / ".git" / "x.md", BAD)
    article_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("check", "--output-format", "concise")  # no PATH: the current directory
    linted = sorted({line.split(":")[0] for line in result.stdout.splitlines()})
    assert linted == ["post.markdown", "post.md", "post.txt", "sub/kept.md"]


def test_named_file_without_front_matter_is_a_finding(run, tmp_path):
    target = write(tmp_path / "README.md", "# Notes\n")
    result = run("check", "--output-format", "concise", str(target))
    assert result.exit_code == 1
    assert result.stdout == f"{target}:1:1: FM001 no front matter: the first line is not `---`\n"


def test_missing_path_exits_2_but_lints_the_rest(run, tmp_path):
    good = write(tmp_path / "a.md", BAD)
    args = ("check", *as_articles(tmp_path), "--output-format", "concise")
    result = run(*args, str(tmp_path / "nope.md"), str(good))
    assert result.exit_code == 2
    assert f"fmlint: error: {tmp_path / 'nope.md'}: no such file or directory" in result.stderr
    assert "FM101" in result.stdout


def test_colour(run, tmp_path, monkeypatch):
    target = write(tmp_path / "a.md", BAD)
    articles = as_articles(tmp_path)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run("check", *articles, str(target), color=True).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    plain = run("check", *articles, str(target), color=True).stdout
    assert "FM101" in plain and "\x1b[" not in plain


def test_version_and_schema(run):
    assert run("--version").stdout == f"fmlint, version {__version__}\n"
    shown = run("schema").stdout
    assert shown == bundled_schema_path().read_text(encoding="utf-8")
    assert json.loads(shown)["$id"].endswith("article.schema.json")


def test_python_dash_m_is_fmlint(tmp_path):
    target = write(tmp_path / "a.md", BAD)
    argv = [sys.executable, "-m", "validator", "check", *as_articles(tmp_path)]
    module = subprocess.run(
        [*argv, "--output-format", "json", str(target)],
        capture_output=True,
        text=True,
    )
    assert module.returncode == 1
    assert {item["code"] for item in json.loads(module.stdout)} >= {"FM101"}


def test_ignored_folder_named_explicitly_is_still_linted(run, tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "generated/\n")
    write(tmp_path / "generated" / "a.md", BAD)
    article_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run("check", "--output-format", "concise").stdout == ""
    result = run("check", "--output-format", "concise", "generated")
    assert {line.split(":")[0] for line in result.stdout.splitlines()} == {"generated/a.md"}


def test_progress_bar_only_for_a_person_at_a_terminal(monkeypatch):
    import io

    from validator.cli import check as cli  # where the check command lives

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert cli._show_progress(500)
    assert not cli._show_progress(10)  # a short run needs no bar
    monkeypatch.setenv("CI", "true")
    assert not cli._show_progress(500)  # never in CI logs
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not cli._show_progress(500)  # not a terminal


def test_progress_bar_is_drawn_on_stderr_for_many_files(run, tmp_path, monkeypatch):
    from validator.cli import check as checking

    for i in range(3):
        write(tmp_path / f"{i}.md", BAD)
    monkeypatch.setattr(checking, "_show_progress", lambda count: True)
    result = run("check", "--output-format", "concise", str(tmp_path))
    assert "Linting" in result.stderr
    assert "Linting" not in result.stdout
    machine = run("check", "--output-format", "json", str(tmp_path))
    assert "Linting" not in machine.stderr  # never in machine formats
