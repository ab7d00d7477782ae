"""Configuration and suppressions, end to end through the CLI."""

from __future__ import annotations

import pytest

from validator.config import Settings

from .conftest import EXAMPLES

SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
# Two schema errors (FM101 on line 4: `title` misspelt, so missing; FM103 on line 12) in an
# otherwise valid record.
BAD = SEED.replace("title:", "# the headline\ntittel:", 1).replace("quality: 57", 'quality: "57"')


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "post.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "content" / "other.md").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def codes(result) -> list[str]:
    return [
        f"{line.split(':')[0]}:{line.split(':')[1]} {line.split()[1]}"
        for line in result.stdout.splitlines()
    ]


def check(run, *args):
    return run("check", "--output-format", "concise", *args)


def test_defaults_report_everything(run, project):
    assert codes(check(run, "content/post.md")) == [
        "content/post.md:4 FM101",
        "content/post.md:12 FM103",
    ]


def test_pyproject_select_ignore_and_prefixes(run, project):
    (project / "pyproject.toml").write_text(
        '[tool.fmlint]\nignore = ["FM10"]\nextend-select = ["FM103"]\n'
    )
    assert codes(check(run, "content/post.md")) == ["content/post.md:12 FM103"]


def test_command_line_beats_config(run, project):
    (project / "pyproject.toml").write_text('[tool.fmlint]\nignore = ["FM103"]\n')
    assert codes(check(run, "--ignore", "FM101", "content/post.md")) == ["content/post.md:12 FM103"]
    assert codes(check(run, "--select", "FM101", "content/post.md")) == ["content/post.md:4 FM101"]


def test_fmlint_toml_found_from_a_subfolder(run, project, monkeypatch):
    (project / ".fmlint.toml").write_text('ignore = ["FM1"]\n')
    monkeypatch.chdir(project / "content")
    assert check(run, "post.md").stdout == ""
    assert codes(check(run, "--isolated", "post.md")) == ["post.md:4 FM101", "post.md:12 FM103"]


def test_explicit_config_file(run, project):
    (project / "strict.toml").write_text('select = ["FM103"]\n')
    result = check(run, "--config", "strict.toml", "content/post.md")
    assert codes(result) == ["content/post.md:12 FM103"]


def test_per_file_ignores(run, project):
    (project / "pyproject.toml").write_text(
        '[tool.fmlint.per-file-ignores]\n"content/other.md" = ["FM101"]\n"*.md" = ["FM103"]\n'
    )
    assert codes(check(run, "content")) == ["content/post.md:4 FM101"]


def test_severity_override_and_strict(run, project):
    (project / "pyproject.toml").write_text(
        '[tool.fmlint]\nselect = ["FM103"]\n[tool.fmlint.severity]\nFM103 = "warning"\n'
    )
    relaxed = check(run, "content/post.md")
    assert relaxed.exit_code == 0
    assert "FM103 [warning]" in relaxed.stdout
    assert check(run, "--strict", "content/post.md").exit_code == 1
    assert check(run, "--exit-zero", "--strict", "content/post.md").exit_code == 0


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[tool.fmlint]\nselct = ["FM1"]\n', "unknown key 'selct'; did you mean 'select'?"),
        ('[tool.fmlint]\nignore = ["XX1"]\n', "'ignore': 'XX1' is not a code or prefix of one"),
        ('[tool.fmlint]\nignore = "FM1"\nselect = [1]\n', "'select' must be a list of strings"),
        (
            '[tool.fmlint.severity]\nFM101 = "fatal"\n',
            'must be "error" or "warning", not \'fatal\'',
        ),
        ("[tool.fmlint.images]\nmax-size = -3\n", "'images'.max-size must be a positive integer"),
        ("[tool.fmlint.images]\nmax = 3\n", "'images': unknown key 'max'"),
        ("[tool.fmlint\n", "not valid TOML"),
    ],
)
def test_bad_config_exits_2_naming_key_and_file(run, project, toml, message):
    (project / "pyproject.toml").write_text(toml)
    result = check(run, "content/post.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"fmlint: error: {project / 'pyproject.toml'}")
    assert message in result.stderr
    assert result.stdout == ""


def test_bad_user_schema_exits_2(run, project):
    (project / "s.json").write_text('{"type": 5}')
    result = check(run, "--schema", "s.json", "content/post.md")
    assert result.exit_code == 2
    assert "s.json: not a valid JSON Schema at type" in result.stderr


def test_user_schema_lints_any_front_matter(run, project):
    (project / "s.json").write_text('{"type": "object", "required": ["layout"]}')
    (project / "pyproject.toml").write_text('[tool.fmlint]\nschema = "s.json"\nselect = ["FM1"]\n')
    (project / "page.md").write_text("---\ntitle: Hi\n---\n")
    result = check(run, "page.md")
    assert result.stdout == "page.md:2:1: FM102 missing required key 'layout'\n"


def test_config_command_shows_sources(run, project):
    (project / "pyproject.toml").write_text('[tool.fmlint]\nignore = ["FM10"]\n')
    shown = run("config").stdout
    assert f"config file: {project / 'pyproject.toml'}" in shown
    assert f'ignore = ["FM10"]  # {project / "pyproject.toml"}' in shown
    assert 'select = ["FM"]  # default' in shown


def test_config_command_prints_toml_that_pastes(run, project):
    """What `fmlint config` prints reads back as TOML, each value as it was written."""
    tomllib = pytest.importorskip("tomllib", reason="Python 3.11's TOML reader")

    (project / ".fmlint.toml").write_text(
        'ignore = ["FM10"]\nonline = true\nschema-format = "annotation"\n'
        '[per-file-ignores]\n"a/**" = ["FM101"]\n[severity]\nFM5 = "warning"\n'
    )
    shown = run("config").stdout.splitlines()
    pasted = [line for line in shown[1:] if not line.startswith(("collections", "  "))]
    values = tomllib.loads("\n".join(pasted))
    assert values["ignore"] == ["FM10"] and values["online"] is True
    assert values["schema-format"] == "annotation"
    assert values["per-file-ignores"] == {"a/**": ["FM101"]}
    assert values["severity"] == {"FM5": "warning"}
    assert "# schema: not set (the bundled article schema)  # default" in shown


def test_suppressions_end_to_end(run, project):
    text = BAD.replace('quality: "57"', 'quality: "57" # fmlint: disable=FM103')
    text = text.replace("tittel:", "# fmlint: disable=FM1\ntittel:")
    (project / "s.md").write_text(text, encoding="utf-8")
    assert check(run, "s.md").stdout == ""


def test_disable_file_and_unused_suppression(run, project):
    text = BAD.replace("---\n", "---\n# fmlint: disable-file=FM10\n", 1)
    text = text.replace("heat: 67", "heat: 67 # fmlint: disable=FM401")
    (project / "s.md").write_text(text, encoding="utf-8")
    result = check(run, "s.md")
    assert result.stdout == (
        "s.md:14:10: FM020 [warning] suppression comment silences nothing (FM401); remove it\n"
    )
    assert result.exit_code == 0
    (project / "all.md").write_text(BAD.replace("---\n", "---\n# fmlint: disable-file\n", 1))
    assert check(run, "all.md").stdout == ""


def test_select_logic():
    settings = Settings(select=("FM1",), extend_select=("FM201",), ignore=("FM10", "FM2"))
    assert [settings.enabled(c) for c in ("FM101", "FM110", "FM201", "FM202", "FM001")] == [
        False,
        True,
        True,
        False,
        False,
    ]


def test_output_file_statistics_and_quiet(run, project):
    result = check(run, "--output-file", "report.txt", "content")
    assert result.stdout == ""
    assert (project / "report.txt").read_text().count("FM101") == 2
    stats = run("check", "--statistics", "content")
    assert stats.stdout == "    2  FM101  unknown-key\n    2  FM103  wrong-type\n"
    quiet = run("check", "-q", "--output-format", "concise", "content")
    assert quiet.stderr == ""
    clean = run("check", "-q", "--select", "FM009", "content")
    assert (clean.stdout, clean.stderr, clean.exit_code) == ("", "", 0)


def test_summary_line(run, project):
    (project / "pyproject.toml").write_text('[tool.fmlint.severity]\nFM103 = "warning"\n')
    result = check(run, "content")
    assert result.stderr == (
        "Found 2 errors and 2 warnings in 2 of 2 files."
        " 2 fixable with --fix (2 more with --unsafe-fixes).\n"  # FM103, then FM101's rename
    )


def test_color_flag_beats_environment(run, project, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" in run("check", "--color", "always", "content", color=True).stdout
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" not in run("check", "--color", "never", "content", color=True).stdout
