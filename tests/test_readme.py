"""The README's examples, as written: the suppression example silences what it says, the editor
snippets cover every default extension, the install lines and CI snippets run (a fresh virtualenv,
fmlint installed by the snippet's own `pip install` line from a git snapshot of this checkout,
then each command against a copy of `examples/`), and nothing points at a host or a release that
does not exist. The pre-commit snippet runs in tests/test_precommit.py."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import venv

import pytest
import yaml

import validator
from validator.config_keys import DEFAULT_INCLUDE

from .conftest import EXAMPLES, ROOT
from .test_precommit import _clean_env, snapshot

README = (ROOT / "README.md").read_text(encoding="utf-8")
SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
URL_PLACEHOLDER, REV_PLACEHOLDER = "<your clone's URL>", "<commit SHA>"
TIMEOUT = 600


def blocks(language: str) -> list[str]:
    """The README's fenced code blocks in `language`, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```$", README, flags=re.M | re.S)


def block_after(heading: str, language: str) -> str:
    """The first `language` block after the line `heading` (a heading or a lead-in sentence)."""
    start = README.index(heading)
    found = re.search(rf"^```{language}\n(.*?)^```$", README[start:], flags=re.M | re.S)
    assert found, f"no {language} block after {heading!r}"
    return found.group(1)


# ---------------------------------------------------------------- suppressions


SUPPRESSIONS = block_after("Suppressions, in the front matter:", "yaml")
DIRECTIVE = re.compile(r"\s*# fmlint: disable\S*")


def _record_with(snippet: str) -> str:
    """The seed record with its own `publishedDateTime`, `webUrl` and `images` replaced by the
    snippet's (the snippet's lines go where the record ends, so its line numbers are known)."""
    head, body = SEED[4:].split("\n---\n", 1)
    kept, skipping = [], False
    for line in head.split("\n"):
        key = line.split(":", 1)[0]
        if not line.startswith((" ", "-")) and line.strip():
            skipping = key in ("publishedDateTime", "webUrl", "images")
        if not skipping:
            kept.append(line)
    return "---\n" + "\n".join(kept) + "\n" + snippet + "---\n" + body


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def test_the_suppression_example_silences_what_it_says():
    written = _record_with(SUPPRESSIONS)
    assert validator.lint_text(written, "post.md") == []  # every finding silenced, no FM020

    bare = _record_with(DIRECTIVE.sub("", SUPPRESSIONS))
    found = [(d.line, d.code) for d in validator.lint_text(bare, "post.md")]
    assert sorted(found) == sorted(
        [
            (_line_of(bare, "publishedDateTime: 1994"), "FM302"),
            (_line_of(bare, "width: 4000"), "FM402"),
            (_line_of(bare, 'webUrl: "https://syndicated'), "FM205"),
        ]
    )
    # each comment silences its own finding, and only that one
    for directive, code in [
        ("# fmlint: disable-file=FM3", "FM302"),
        ("# fmlint: disable=FM402", "FM402"),
        ("# fmlint: disable=FM205", "FM205"),
    ]:
        assert directive in SUPPRESSIONS
        alone = "".join(
            line if directive in line else DIRECTIVE.sub("", line)
            for line in SUPPRESSIONS.splitlines(keepends=True)
        )
        left = {d.code for d in validator.lint_text(_record_with(alone), "post.md")}
        assert left == {"FM302", "FM402", "FM205"} - {code}, directive


def test_the_end_of_line_suppression_is_on_the_line_fm402_reports():
    text = _record_with(DIRECTIVE.sub("", SUPPRESSIONS))
    (finding,) = [d for d in validator.lint_text(text) if d.code == "FM402"]
    assert text.split("\n")[finding.line - 1].strip() == "width: 4000"


# ---------------------------------------------------------------- editors


def test_the_neovim_snippet_covers_every_default_extension():
    (lua,) = blocks("lua")
    patterns = re.search(r"pattern = \{([^}]*)\}", lua).group(1)
    assert sorted(re.findall(r'"([^"]+)"', patterns)) == sorted(DEFAULT_INCLUDE)
    assert '"BufReadPost", "BufNewFile"' in lua  # by file name, not by the `markdown` filetype


def test_the_vs_code_snippet_covers_text_files():
    settings = next(json.loads(b) for b in blocks("json") if "glspc.server.command" in b)
    assert settings["glspc.server.languageId"] == ["markdown", "plaintext"]
    assert settings["glspc.server.commandArguments"] == ["server"]


# ---------------------------------------------------------------- promises


def test_no_unpublished_package_release_or_unreachable_host():
    code = "".join(blocks("sh") + blocks("yaml") + blocks("console"))
    assert not re.search(r"pip install ['\"]?fmlint\b", code)  # not on PyPI
    assert "github.com/fmlint" not in README
    assert not re.search(r"^\s*rev: v\d", README, flags=re.M)
    for path in (ROOT / "validator").rglob("*.py"):
        assert "github.com/fmlint" not in path.read_text(encoding="utf-8"), path


def test_install_lines_name_a_path_or_a_pinned_git_url():
    install = block_after("## Install", "sh")
    lines = [line.split("#")[0].strip() for line in install.splitlines() if line.strip()]
    assert lines == [
        "pip install /path/to/your/fmlint/clone",
        f'pip install "git+{URL_PLACEHOLDER}@{REV_PLACEHOLDER}"',
    ]


# ---------------------------------------------------------------- the CI snippets, run


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> str:
    """`git+file://<snapshot of this checkout>@<its commit>`: what FMLINT_SOURCE names in CI."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("readme-ci")
    rev = snapshot(ROOT, base / "fmlint")
    return f"git+{(base / 'fmlint').as_uri()}@{rev}"


@pytest.fixture
def ci(tmp_path, source):
    """A fresh virtualenv (the runner's Python, nothing installed), a copy of examples/ as the
    repository's `content/`, and the environment a CI job gives the snippet's commands."""
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, symlinks=sys.platform != "win32").create(environment)
    work = tmp_path / "repo"
    shutil.copytree(EXAMPLES, work / "content")
    bin_dir = environment / ("Scripts" if sys.platform == "win32" else "bin")
    env = _clean_env(
        FMLINT_SOURCE=source,
        PATH=f"{bin_dir}{':' if sys.platform != 'win32' else ';'}{_clean_env()['PATH']}",
        VIRTUAL_ENV=str(environment),
    )
    env.pop("NO_COLOR", None)
    return {"cwd": work, "env": env}


def shell(command: str, ci: dict, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command],
        cwd=ci["cwd"],
        env={**ci["env"], **extra},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _placeholders(value: str) -> None:
    assert value == f"git+{URL_PLACEHOLDER}@{REV_PLACEHOLDER}"


def test_the_github_actions_snippet_runs(ci):
    workflow = yaml.safe_load(block_after("The same without the action (", "yaml"))
    (job,) = workflow["jobs"].values()
    _placeholders(job["env"]["FMLINT_SOURCE"])  # replaced by this checkout's snapshot (ci)
    summary = ci["cwd"].parent / "step-summary.md"
    github = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "CI": "true"}
    failed, ran = False, []
    for step in job["steps"]:
        if failed and step.get("if") != "always()":
            continue
        if "uses" in step:
            action = step["uses"].split("@")[0]
            if action == "github/codeql-action/upload-sarif":
                sarif = json.loads((ci["cwd"] / step["with"]["sarif_file"]).read_text())
                assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
            else:  # checkout: the copy is the checkout; setup-python: the fresh virtualenv
                assert action in ("actions/checkout", "actions/setup-python"), action
            continue
        done = shell(step["run"], ci, **github)
        ran.append((step["run"], done.returncode))
        if step["run"].startswith("fmlint check content/"):
            assert done.returncode == 1, done.stderr
            assert done.stdout.startswith("::error file=content/")  # annotations by default
        else:
            assert done.returncode == 0, f"{step['run']}: {done.stdout}{done.stderr}"
        failed = failed or done.returncode != 0
    assert [code for _, code in ran] == [0, 1, 0]  # install, lint (fails the job), SARIF
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## fmlint\n\nFound ")
    assert "| FM101 | unknown-key |" in text


def test_the_gitlab_snippet_runs(ci):
    (job,) = yaml.safe_load(block_after("GitLab CI (", "yaml")).values()
    _placeholders(job["variables"]["FMLINT_SOURCE"])
    codes = []
    for command in job["script"]:
        done = shell(command, ci)
        codes.append(done.returncode)
        if done.returncode:
            break  # the job fails here; after_script still runs
    assert codes == [0, 1], "install, then lint (findings fail the job)"
    for command in job["after_script"]:
        done = shell(command, ci)
        assert done.returncode == 0, done.stderr
    reports = job["artifacts"]["reports"]
    quality = json.loads((ci["cwd"] / reports["codequality"]).read_text())
    assert quality and all(issue["location"]["path"].startswith("content/") for issue in quality)
    junit = (ci["cwd"] / reports["junit"]).read_text()
    assert junit.startswith("<?xml") and "<testsuite" in junit


def test_the_first_command_ends_as_the_readme_says():
    """The README's opening promise: the summary line of `fmlint check examples/`, exit 1."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "validator", "check", "--no-cache", "examples/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    summary = result.stderr.strip().splitlines()[-1]
    assert f"`{summary}` and exits 1." in README.replace("\n", " ")


def test_ci_runs_exactly_the_readme_test_command():
    """`.ci/run` ends with the README's second command, the browser's install included."""
    command = blocks("sh")[1].strip()
    assert command.startswith(".ci/install-browser && python3 -m venv .venv")
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert script[-1] == command
    assert (ROOT / ".ci" / "install-browser").stat().st_mode & 0o111


def test_the_sample_configuration_works_as_pasted(run, tmp_path, monkeypatch):
    """The Configuration section's sample, pasted as a `pyproject.toml`, is a configuration
    fmlint reads (a sample that names a file the reader does not have fails as pasted)."""
    sample = block_after("## Configuration", "toml")
    (tmp_path / "pyproject.toml").write_text(sample, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shown = run("config")
    assert shown.exit_code == 0, shown.stderr
    assert 'ignore = ["FM205"]' in shown.stdout
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    linted = run("check", "--no-cache", "a.md")
    assert linted.exit_code == 1, linted.stderr  # findings, not a configuration that fails
    assert "fmlint: error" not in linted.stderr
