"""fmlint as a pre-commit hook, end to end: pre-commit builds its own environment from this
checkout, as a user's `.pre-commit-config.yaml` would, and runs the hooks in a scratch repository.

Why not `pre-commit try-repo <checkout>`: it keeps its store in a fresh temporary directory, so
it builds the hook's virtualenv again on every call, and its shadow commit of local changes takes
staged and tracked files only (`git add -u`), not new ones. Instead the working tree (tracked and
untracked files, minus git-ignored ones) is committed once into a snapshot repository, and every
test points a `.pre-commit-config.yaml` at that snapshot and its commit; `PRE_COMMIT_HOME` is one
directory for the whole session, so pre-commit builds the environment (pip, dependencies from
PyPI) once per test session, never in `~/.cache/pre-commit`.

pre-commit is in the `dev` extra: without it these tests fail rather than skip.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLES, ROOT

TIMEOUT = 600  # building the hook's environment pip-installs fmlint and its dependencies
HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
IGNORED_IN_SNAPSHOT = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache", "_generated"
)


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=_clean_env(), check=False
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def init_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git("init", "-q", cwd=path)
    git("config", "user.email", "tests@fmlint.invalid", cwd=path)
    git("config", "user.name", "fmlint tests", cwd=path)
    git("config", "commit.gpgsign", "false", cwd=path)
    return path


def commit_all(path: Path, message: str = "snapshot") -> str:
    git("add", "-A", cwd=path)
    git("commit", "-q", "--no-verify", "-m", message, cwd=path)
    return git("rev-parse", "HEAD", cwd=path).strip()


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment minus what would steer git, pre-commit or fmlint from outside."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT", "FMLINT_"))
        and key not in ("SKIP", "GITHUB_ACTIONS", "FORCE_COLOR")
    }
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def _working_tree_files(root: Path) -> list[str] | None:
    """Tracked and untracked files of the checkout, git-ignored ones left out (read-only git)."""
    if not (root / ".git").exists() or shutil.which("git") is None:
        return None
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        env=_clean_env(),
        check=False,
    )
    if listed.returncode != 0:
        return None
    return [name for name in listed.stdout.decode("utf-8").split("\0") if name]


def snapshot(root: Path, target: Path) -> str:
    """Commit the checkout's working tree, as it is now, into a new repository at `target`."""
    files = _working_tree_files(root)
    if files is None:  # not a git checkout (an unpacked sdist): copy the tree instead
        shutil.copytree(root, target, ignore=IGNORED_IN_SNAPSHOT, symlinks=True)
    else:
        for name in files:
            source = root / name
            if source.is_file():  # a tracked file deleted in the working tree is left out
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    init_repo(target)
    return commit_all(target)


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory) -> dict:
    """The snapshot of this checkout and a PRE_COMMIT_HOME shared by every test; the hook's
    environment is built here, once."""
    if importlib.util.find_spec("pre_commit") is None:
        pytest.fail(
            "pre-commit is not installed; it is in the dev extra: pip install -e '.[dev]'",
            pytrace=False,
        )
    base = tmp_path_factory.mktemp("pre-commit")
    rev = snapshot(ROOT, base / "fmlint-snapshot")
    env = _clean_env(
        PRE_COMMIT_HOME=str(base / "home"),
        VIRTUALENV_OVERRIDE_APP_DATA=str(base / "virtualenv-app-data"),
    )
    return {"repo": str(base / "fmlint-snapshot"), "rev": rev, "env": env}


@pytest.fixture
def project(tmp_path, pre_commit_home):
    """A git repository whose `.pre-commit-config.yaml` uses both hooks of this checkout."""
    repo = init_repo(tmp_path / "project")
    config = {
        "repos": [
            {
                "repo": pre_commit_home["repo"],
                "rev": pre_commit_home["rev"],
                "hooks": [{"id": "fmlint"}, {"id": "fmlint-fix"}],
            }
        ]
    }
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return repo


def pre_commit_command(repo: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    """`pre-commit ARGS...` in `repo`; `.output` is stdout and stderr together."""
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    done.output = done.stdout + done.stderr
    return done


def pre_commit(repo: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return pre_commit_command(repo, env, "run", "fmlint", "--color", "never", *args)


def add_article(repo: Path, name: str, example: Path) -> Path:
    target = repo / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(example, target)
    return target


# ---------------------------------------------------------------- the hook definitions


def test_hooks_file_defines_both_hooks():
    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS_FILE.read_text())}
    assert set(hooks) == {"fmlint", "fmlint-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["files"] and hook["types_or"]
        assert hook["minimum_pre_commit_version"]
        assert hook["entry"].startswith("fmlint check ")
        assert "--only-front-matter" in hook["entry"].split()
        assert "--force-exclude" in hook["entry"].split()
        assert "--offline" in hook["entry"].split()  # never the network, whatever the config
    assert hooks["fmlint-fix"]["require_serial"] is True
    assert "--fix" in hooks["fmlint-fix"]["entry"].split()
    assert "--fix" not in hooks["fmlint"]["entry"].split()


def test_hooks_file_is_a_valid_manifest(pre_commit_home):
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS_FILE)],
        capture_output=True,
        text=True,
        env=pre_commit_home["env"],
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# ---------------------------------------------------------------- the hook in a repository


@pytest.mark.parametrize(
    ("example", "exit_code", "shown"),
    [
        (
            "invalid/FM101-unknown-key.md",
            1,
            ["_news/2023-03-16-post.md:3:1: FM101 unknown key 'tittle'", "Failed"],
        ),
        ("valid/seed.md", 0, ["Passed"]),
    ],
    ids=["bad-article-fails", "good-article-passes"],
)
def test_hook_on_one_article(project, pre_commit_home, example, exit_code, shown):
    add_article(project, "_news/2023-03-16-post.md", EXAMPLES / example)
    commit_all(project, "an article")
    done = pre_commit(project, pre_commit_home["env"], "--files", "_news/2023-03-16-post.md")
    assert done.returncode == exit_code, done.output
    for text in shown:
        assert text in done.output


def test_readme_without_front_matter_passes_but_is_reported_by_hand(project, pre_commit_home):
    (project / "README.md").write_text("# Our articles\n\nThey live in `_news/`.\n")
    add_article(project, "_news/seed.md", EXAMPLES / "valid/seed.md")
    commit_all(project, "a README and an article")

    done = pre_commit(project, pre_commit_home["env"], "--all-files")
    assert done.returncode == 0, done.output
    assert "Passed" in done.output

    by_hand = subprocess.run(
        [sys.executable, "-m", "validator", "check", "--output-format", "concise", "README.md"],
        cwd=project,
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=TIMEOUT,
        check=False,
    )
    assert by_hand.returncode == 1, by_hand.stdout + by_hand.stderr
    assert by_hand.stdout.startswith("README.md:1:1: FM001 ")


def test_exclude_applies_to_the_files_pre_commit_names(project, pre_commit_home):
    (project / ".fmlint.toml").write_text('exclude = ["drafts/"]\n')
    add_article(project, "drafts/unfinished.md", EXAMPLES / "invalid/FM101-unknown-key.md")
    add_article(project, "_news/seed.md", EXAMPLES / "valid/seed.md")
    commit_all(project, "a draft and an article")
    done = pre_commit(project, pre_commit_home["env"], "--all-files")
    assert done.returncode == 0, done.output
    assert "FM101" not in done.output


# ---------------------------------------------------------------- the docs' snippet, as written


def _readme_snippet() -> str:
    readme = (ROOT / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    found = re.search(r"^```yaml\n(# \.pre-commit-config\.yaml\n.*?)^```$", readme, re.M | re.S)
    assert found, "docs/pre-commit.md has no `.pre-commit-config.yaml` snippet"
    return found.group(1)


def test_readme_snippet_runs_as_written(tmp_path, pre_commit_home):
    """The docs' `.pre-commit-config.yaml`, its two placeholders filled in: the clone's URL
    (this checkout's snapshot) and a commit SHA (the snapshot's HEAD commit)."""
    snippet = _readme_snippet()
    assert "<your clone's URL>" in snippet and "<commit SHA>" in snippet
    assert re.fullmatch(r"[0-9a-f]{40}", pre_commit_home["rev"])
    config = snippet.replace("<your clone's URL>", pre_commit_home["repo"]).replace(
        "<commit SHA>", pre_commit_home["rev"]
    )
    repo = init_repo(tmp_path / "project")
    (repo / ".pre-commit-config.yaml").write_text(config)
    add_article(repo, "_news/2023-03-16-post.md", EXAMPLES / "invalid/FM101-unknown-key.md")
    add_article(repo, "_news/seed.md", EXAMPLES / "valid/seed.md")
    commit_all(repo, "two articles")
    env = pre_commit_home["env"]
    done = pre_commit(repo, env, "--all-files")
    assert done.returncode == 1, done.output
    assert "_news/2023-03-16-post.md:3:1: FM101 unknown key 'tittle'" in done.output
    assert "seed.md" not in done.output
    assert "mutable reference" not in done.output  # a SHA, not a branch or tag

    # the commented alternative, uncommented, is a valid configuration too
    (repo / ".pre-commit-config.yaml").write_text(
        config.replace("# - id: fmlint-fix", "- id: fmlint-fix")
    )
    validated = pre_commit_command(repo, env, "validate-config", ".pre-commit-config.yaml")
    assert validated.returncode == 0, validated.output
    (listed,) = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())["repos"]
    assert [hook["id"] for hook in listed["hooks"]] == ["fmlint", "fmlint-fix"]


# ---------------------------------------------------------------- a whole site, `fmlint init`ed


def test_hook_passes_on_the_sound_files_of_an_initialised_site(project, pre_commit_home):
    """The family's layout (`_news/`, `_games/`, a page, a README) with the configuration
    `fmlint init` writes: the hook passes on the sound files, and fails on a real defect."""
    from .test_site import DIABLO4, build_site

    if not (DIABLO4 / "_games").is_dir():
        pytest.skip(f"the real diablo4 site records are not here ({DIABLO4}); CI has it")
    known = build_site(project)
    made = subprocess.run(
        [sys.executable, "-m", "validator", "init"],
        cwd=project,
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=TIMEOUT,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    commit_all(project, "a site")
    env = pre_commit_home["env"]
    done = pre_commit(project, env, "--files", *known["sound"])
    assert done.returncode == 0, done.output
    assert "Passed" in done.output
    broken = pre_commit(project, env, "--files", known["broken"][0], "about.md")
    assert broken.returncode == 1, broken.output
    assert f"{known['broken'][0]}:13:11: FM005 " in broken.output
    assert "about.md" not in broken.output
