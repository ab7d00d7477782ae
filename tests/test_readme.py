"""The README's and the documentation's examples, as written: the README stays short, its first
command ends as it says and its second is what `.ci/run` runs (then the docs build, each failure
being the script's exit code); the suppression example silences what it says, the editor snippets
cover every default extension, the install lines and CI snippets run (a fresh virtualenv, fmlint
installed by the snippet's own `pip install` line from a git snapshot of this checkout, then each
command against a copy of `examples/`), and nothing points at a host or a release that does not
exist. The pre-commit snippet runs in tests/test_precommit.py, the quick start in
tests/test_newcomer.py, the docs site and the README's links in tests/test_docs.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

import validator
from validator.config_keys import DEFAULT_INCLUDE

from .conftest import EXAMPLES, ROOT
from .test_precommit import _clean_env, snapshot

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"
SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
URL_PLACEHOLDER, REV_PLACEHOLDER = "<your clone's URL>", "<commit SHA>"
TIMEOUT = 600


def doc(name: str) -> str:
    """A page of the documentation (docs/NAME)."""
    return (DOCS / name).read_text(encoding="utf-8")


def blocks(language: str, text: str = README) -> list[str]:
    """The fenced code blocks of `text` (the README) in `language`, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.M | re.S)


def block_after(heading: str, language: str, text: str = README) -> str:
    """The first `language` block after the line `heading` (a heading or a lead-in sentence)."""
    start = text.index(heading)
    found = re.search(rf"^```{language}\n(.*?)^```$", text[start:], flags=re.M | re.S)
    assert found, f"no {language} block after {heading!r}"
    return found.group(1)


def all_pages() -> list[str]:
    """The README and every page of the documentation."""
    return [README] + [path.read_text(encoding="utf-8") for path in sorted(DOCS.rglob("*.md"))]


# ---------------------------------------------------------------- the README


def test_the_readme_is_short_and_leads_to_the_docs():
    assert len(README.splitlines()) <= 100
    headings = re.findall(r"^#+ .*", README, flags=re.M)
    assert headings == ["# fmlint", "## Quick start", "## Documentation"]


# ---------------------------------------------------------------- suppressions


SUPPRESSIONS = block_after("Suppressions, in the front matter:", "yaml", doc("configuration.md"))
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
    (lua,) = blocks("lua", doc("editors.md"))
    patterns = re.search(r"pattern = \{([^}]*)\}", lua).group(1)
    assert sorted(re.findall(r'"([^"]+)"', patterns)) == sorted(DEFAULT_INCLUDE)
    assert '"BufReadPost", "BufNewFile"' in lua  # by file name, not by the `markdown` filetype


def test_the_vs_code_snippet_covers_text_files():
    settings = next(
        json.loads(b) for b in blocks("json", doc("editors.md")) if "glspc.server.command" in b
    )
    assert settings["glspc.server.languageId"] == ["markdown", "plaintext"]
    assert settings["glspc.server.commandArguments"] == ["server"]


# ---------------------------------------------------------------- promises


def test_no_unpublished_package_release_or_unreachable_host():
    for text in all_pages():
        code = "".join(blocks("sh", text) + blocks("yaml", text) + blocks("console", text))
        assert not re.search(r"pip install ['\"]?fmlint\b", code)  # not on PyPI
        assert "github.com/fmlint" not in text
        assert not re.search(r"^\s*rev: v\d", text, flags=re.M)
    for path in (ROOT / "validator").rglob("*.py"):
        assert "github.com/fmlint" not in path.read_text(encoding="utf-8"), path


def test_install_lines_name_a_path_or_a_pinned_git_url():
    install = block_after("# Install", "sh", doc("install.md"))
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
    workflow = yaml.safe_load(block_after("The same without the action (", "yaml", doc("ci.md")))
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
    (job,) = yaml.safe_load(block_after("GitLab CI (", "yaml", doc("ci.md"))).values()
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
    (summary,) = [line for line in result.stderr.splitlines() if line.startswith("Found ")]
    assert f"`{summary}` and exits 1." in README.replace("\n", " ")
    first = blocks("sh")[0].strip()
    assert first.endswith(" && .venv/bin/fmlint check examples/")
    assert "'.[dev]'" not in first  # fmlint alone, not the development tools


def test_ci_runs_exactly_the_readme_test_command_then_builds_the_docs():
    """`.ci/run` runs the README's second command, the browser's install included, then the
    documentation site with `--strict`."""
    command = blocks("sh")[1].strip()
    assert command.startswith(".ci/install-browser && python3 -m venv .venv")
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert script[-4:] == [
        f"{command} || exit",
        "site=$(mktemp -d)",
        "trap 'rm -rf \"$site\"' EXIT",
        '.venv/bin/mkdocs build --strict --site-dir "$site"',
    ]
    assert (ROOT / ".ci" / "install-browser").stat().st_mode & 0o111


def stub(path: Path, variable: str) -> None:
    """A program that logs its call to $STEPS and exits with $variable (0 when unset)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\necho "$0 $*" >> "$STEPS"\nexit "${{{variable}:-0}}"\n')
    path.chmod(0o755)


@pytest.mark.parametrize(
    ("failing", "code", "last_step"),
    [
        ({}, 0, "mkdocs build --strict --site-dir"),
        ({"FAIL_PYTEST": "1"}, 1, "python -m pytest -q"),  # the tests' own exit code; no docs
        ({"FAIL_PYTEST": "5"}, 5, "python -m pytest -q"),
        ({"FAIL_BROWSER": "3"}, 3, ".ci/install-browser"),
        ({"FAIL_MKDOCS": "1"}, 1, "mkdocs build --strict --site-dir"),
    ],
)
def test_ci_fails_with_the_first_failing_step_s_exit_code(tmp_path, failing, code, last_step):
    """`.ci/run` with each tool it calls replaced by a stub that logs its call and exits as told."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    clone = tmp_path / "clone"
    (clone / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", clone / ".ci" / "run")
    stub(clone / ".ci" / "install-browser", "FAIL_BROWSER")
    stub(tmp_path / "bin" / "python3", "FAIL_VENV")  # its `-m venv .venv` made these:
    for name, variable in (
        ("pip", "FAIL_PIP"),
        ("python", "FAIL_PYTEST"),
        ("mkdocs", "FAIL_MKDOCS"),
    ):
        stub(clone / ".venv" / "bin" / name, variable)
    steps = tmp_path / "steps.log"
    path = f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"
    env = {"PATH": path, "STEPS": str(steps), **failing}
    done = subprocess.run(
        [str(clone / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == code, done.stderr
    assert last_step in steps.read_text(encoding="utf-8").splitlines()[-1]


def test_the_sample_configuration_works_as_pasted(run, tmp_path, monkeypatch):
    """The Configuration section's sample, pasted as a `pyproject.toml`, is a configuration
    fmlint reads (a sample that names a file the reader does not have fails as pasted)."""
    sample = block_after("# Configuration", "toml", doc("configuration.md"))
    (tmp_path / "pyproject.toml").write_text(sample, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shown = run("config")
    assert shown.exit_code == 0, shown.stderr
    assert 'ignore = ["FM205"]' in shown.stdout
    shutil.copy(EXAMPLES / "invalid" / "FM101-unknown-key.md", tmp_path / "a.md")
    linted = run("check", "--no-cache", "a.md")
    assert linted.exit_code == 1, linted.stderr  # findings, not a configuration that fails
    assert "fmlint: error" not in linted.stderr
