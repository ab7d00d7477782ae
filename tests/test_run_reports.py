"""What a run reports beside the findings: `--statistics` in the format asked for, the summary
line when a path cannot be read, and the GitHub Actions job summary (`$GITHUB_STEP_SUMMARY`)."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import EXAMPLES

SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
# FM101 (line 4: `title` misspelt, so missing; renaming it is an unsafe fix) and FM103 (line 12,
# a safe fix) in a valid record.
BAD = SEED.replace("title:", "# the headline\ntittel:", 1).replace("quality: 57", 'quality: "57"')
# FM202 (`http`, a warning with an unsafe fix) besides.
INSECURE = BAD.replace('originalUrl: "https://www.bbc', 'originalUrl: "http://www.bbc', 1)


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "post.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "content" / "other.md").write_text(INSECURE, encoding="utf-8")
    (tmp_path / "content" / "clean.md").write_text(SEED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


STATISTICS = [
    {"code": "FM101", "name": "unknown-key", "severity": "error", "count": 2, "fixable": False},
    {"code": "FM103", "name": "wrong-type", "severity": "error", "count": 2, "fixable": True},
    {"code": "FM202", "name": "url-insecure", "severity": "warning", "count": 1, "fixable": False},
]


# ---------------------------------------------------------------- --statistics


def test_statistics_as_json(run, project):
    result = run("check", "--statistics", "--output-format", "json", "content")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == STATISTICS
    assert result.stderr == SUMMARY + "\n"  # the summary line, whatever the format


def test_statistics_as_json_with_unsafe_fixes_counts_them_fixable(run, project):
    # and a code that has no fix at all (FM102: `title` left out) stays unfixable
    untitled = "".join(line for line in SEED.splitlines(True) if not line.startswith("title:"))
    (project / "content" / "untitled.md").write_text(untitled, encoding="utf-8")
    result = run("check", "--statistics", "--output-format", "json", "--unsafe-fixes", "content")
    fixable = {row["code"]: row["fixable"] for row in json.loads(result.stdout)}
    assert fixable == {"FM101": True, "FM102": False, "FM103": True, "FM202": True}


def test_statistics_as_json_lines(run, project):
    result = run("check", "--statistics", "--output-format", "json-lines", "content")
    assert [json.loads(line) for line in result.stdout.splitlines()] == STATISTICS


def test_statistics_as_json_to_a_file(run, project):
    result = run("check", "--statistics", "--output-format", "json", "-o", "stats.json", "content")
    assert (result.exit_code, result.stdout) == (1, "")
    assert json.loads((project / "stats.json").read_text()) == STATISTICS


def test_statistics_as_json_when_clean(run, project):
    result = run("check", "--statistics", "--output-format", "json", "content/clean.md")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


TABLE = "    2  FM101  unknown-key\n    2  FM103  wrong-type\n    1  FM202  url-insecure\n"
SUMMARY = (
    "Found 4 errors and 1 warning in 2 of 3 files. 2 fixable with --fix (3 more with "
    "--unsafe-fixes)."
)


@pytest.mark.parametrize("output_format", ["sarif", "gitlab", "junit", "github"])
def test_statistics_beside_another_machine_format_keep_the_report(run, project, output_format):
    """The `-o` file is the report its consumer expects; the table goes to stderr."""
    plain = run("check", "--output-format", output_format, "-o", "plain.out", "content")
    result = run(
        "check", "--statistics", "--output-format", output_format, "-o", "report.out", "content"
    )
    assert result.exit_code == plain.exit_code == 1
    assert (project / "report.out").read_text() == (project / "plain.out").read_text()
    assert result.stdout == ""
    assert result.stderr == TABLE + SUMMARY + "\n"
    if output_format == "sarif":
        assert json.loads((project / "report.out").read_text())["version"] == "2.1.0"


def test_statistics_beside_a_machine_format_on_stdout(run, project):
    result = run("check", "--statistics", "--output-format", "sarif", "content")
    assert json.loads(result.stdout)["version"] == "2.1.0"
    assert result.stderr == TABLE + SUMMARY + "\n"


def test_statistics_in_a_human_format_stay_a_table(run, project):
    result = run("check", "--statistics", "--output-format", "concise", "content")
    assert result.stdout == TABLE
    assert result.stderr.startswith("Found 4 errors and 1 warning in 2 of 3 files.")


# ---------------------------------------------------------------- a path that cannot be read


def test_a_missing_file_alone_is_no_pass(run, project):
    result = run("check", "missing.md")
    assert result.exit_code == 2
    assert result.stderr == (
        "fmlint: error: missing.md: no such file or directory\n"
        "No files checked: 1 path could not be read.\n"
    )


def test_a_missing_file_beside_a_clean_one(run, project):
    result = run("check", "missing.md", "gone.md", "content/clean.md")
    assert result.exit_code == 2
    assert "All checks passed" not in result.stderr
    assert result.stderr.splitlines()[-1] == "No findings in 1 file; 2 paths could not be read."


def test_a_missing_file_beside_findings(run, project):
    result = run("check", "--output-format", "concise", "missing.md", "content/post.md")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(
        "Found 2 errors in 1 of 1 file; 1 path could not be read."
    )


def test_summary_wording():
    from validator.model import FileError, FileResult, Results
    from validator.reporters.summary import summary

    clean = FileResult("a.md", ())
    assert summary(Results((clean,))) == "All checks passed (1 file)."
    unwritten = FileError("b.md", "cannot write: No space left on device")
    changed = FileError("c.md", "changed on disk while fixing; left alone")
    missing = FileError("d.md", "no such file or directory")
    assert summary(Results((clean,), (unwritten, changed, missing))) == (
        "No findings in 1 file; 1 path could not be read and 2 could not be written."
    )
    broken = FileError("e.md", "internal error: RecursionError()")
    assert summary(Results((), (broken,))) == "No files checked: 1 path could not be checked."


# ---------------------------------------------------------------- the GitHub job summary


def test_github_format_appends_a_job_summary(run, project, monkeypatch):
    target = project / "step-summary.md"
    target.write_text("# an earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    result = run("check", "--output-format", "github", "content")
    assert result.exit_code == 1
    assert result.stdout.count("::error ") == 4  # the annotations are unchanged
    text = target.read_text(encoding="utf-8")
    # the findings: the errors first, then the warnings, each in path order
    assert text == (
        "# an earlier step\n"
        "## fmlint\n"
        "\n"
        "Found 4 errors and 1 warning in 2 of 3 files.\n"
        "\n"
        "| code | name | count | severity |\n"
        "|---|---|---:|---|\n"
        "| FM101 | unknown-key | 2 | error |\n"
        "| FM103 | wrong-type | 2 | error |\n"
        "| FM202 | url-insecure | 1 | warning |\n"
        "\n"
        "Findings:\n"
        "\n"
        "- content/other.md:4: FM101 (error) unknown key 'tittel' in the front matter; "
        "did you mean 'title'?\n"
        "- content/other.md:12: FM103 (error) "
        + text.split("- content/other.md:12: FM103 (error) ")[1].split("\n")[0]
        + "\n"
        "- content/post.md:4: FM101 (error) unknown key 'tittel' in the front matter; "
        "did you mean 'title'?\n"
        "- content/post.md:12: FM103 (error) "
        + text.split("- content/post.md:12: FM103 (error) ")[1].split("\n")[0]
        + "\n"
        "- content/other.md:7: FM202 (warning) "
        + text.split("- content/other.md:7: FM202 (warning) ")[1].split("\n")[0]
        + "\n"
        "\n"
    )
    # a second step appends again
    run("check", "--output-format", "github", "content")
    assert target.read_text(encoding="utf-8").count("## fmlint\n") == 2


def test_job_summary_lists_the_first_findings_and_counts_all(run, project, monkeypatch):
    from validator.reporters import github_summary

    for n in range(30):
        (project / "content" / f"bad{n:02}.md").write_text(BAD, encoding="utf-8")
    target = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    run("check", "--output-format", "github", "content")
    text = target.read_text(encoding="utf-8")
    assert "| FM101 | unknown-key | 32 | error |\n" in text
    assert f"The first {github_summary.FIRST} of 65 findings:\n" in text
    assert text.count("\n- content/") == github_summary.FIRST


def test_job_summary_only_for_the_github_format(run, project, monkeypatch):
    target = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    run("check", "--output-format", "concise", "content")
    run("check", "--output-format", "sarif", "-o", "x.sarif", "content")
    assert not target.exists()


def test_job_summary_is_the_default_under_github_actions(run, project, monkeypatch):
    target = project / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    result = run("check", "content/clean.md")
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_text(encoding="utf-8") == "## fmlint\n\nAll checks passed (1 file).\n\n"


def test_job_summary_says_what_could_not_be_read(run, project, monkeypatch):
    target = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    result = run("check", "--output-format", "github", "missing.md")
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == (
        "## fmlint\n\nNo files checked: 1 path could not be read.\n\n"
        "Paths with errors:\n\n- missing.md: no such file or directory\n\n"
    )


def test_job_summary_escapes_what_a_file_contributes(run, project, monkeypatch):
    name = "content/<img src=x>|[link](https:evil.example)\x1b[31m.md"
    (project / name).write_text(BAD, encoding="utf-8")
    target = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    run("check", "--output-format", "github", name)
    text = target.read_text(encoding="utf-8")
    assert "<img" not in text and "\x1b" not in text
    assert not re.search(r"(?<!\\)[\[\]|]", text.split("Findings:")[1])  # no link, no cell
    assert "- content/&lt;img src=x&gt;\\|\\[link\\](https:evil.example)\\\\x1b\\[31m.md:4:" in text
    # every table row keeps its four cells
    rows = [line for line in text.splitlines() if line.startswith("| FM")]
    assert all(line.count(" | ") == 3 for line in rows)


def test_an_unwritable_job_summary_is_a_warning(run, project, monkeypatch):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(project / "no-such-dir" / "summary.md"))
    result = run("check", "--output-format", "github", "content/clean.md")
    assert result.exit_code == 0
    summary, warning = result.stderr.splitlines()
    assert summary == "All checks passed (1 file)."
    assert warning.startswith("fmlint: warning: cannot append the job summary to ")
