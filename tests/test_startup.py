"""Linting one file starts lean: a clean file never imports jsonschema or jsonschema-rs
(validator.schema.compiled gives the verdict) nor ruamel.yaml (only fixing rewrites files); a file
with an error imports jsonschema, which explains it. Checked in a fresh process, as pre-commit and
editors run fmlint.

Timings are `benchmarks/startup.py`'s business; this only guards what gets imported.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from .conftest import EXAMPLES

CLEAN = EXAMPLES / "valid" / "seed.md"
ONE_ERROR = EXAMPLES / "invalid" / "FM101-unknown-key.md"


def imported_modules(tmp_path, example, *, stdin: bool = False) -> tuple[int, set[str]]:
    """Exit code and every module a `python -m validator check` run imports (-X importtime)."""
    target = tmp_path / example.name
    shutil.copyfile(example, target)
    if stdin:
        arguments, feed = ["-", "--stdin-filename", target.name], target.read_bytes()
    else:
        arguments, feed = [target.name], b""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("FMLINT_") and key != "GITHUB_ACTIONS"
    }
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "validator", "check", *arguments],
        cwd=tmp_path,
        input=feed,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    stderr = done.stderr.decode("utf-8", errors="replace")
    modules = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \| +(\S+)$", stderr, re.MULTILINE))
    assert "validator.run.linter" in modules, stderr  # -X importtime did report
    return done.returncode, modules


def loaded(modules: set[str], package: str) -> list[str]:
    return sorted(m for m in modules if m == package or m.startswith(package + "."))


@pytest.mark.parametrize("stdin", [False, True], ids=["path", "stdin"])
def test_clean_file_imports_neither_jsonschema_nor_ruamel(tmp_path, stdin):
    code, modules = imported_modules(tmp_path, CLEAN, stdin=stdin)
    assert code == 0
    assert loaded(modules, "jsonschema") == []
    assert loaded(modules, "ruamel") == []
    assert "_ruamel_yaml" not in modules
    assert loaded(modules, "jsonschema_rs") == []  # validator.schema.compiled gives the verdict
    assert "validator.schema.compiled" in modules


def test_file_with_an_error_imports_jsonschema_to_explain_it(tmp_path):
    code, modules = imported_modules(tmp_path, ONE_ERROR)
    assert code == 1
    assert "jsonschema" in modules
    assert loaded(modules, "ruamel") == []


# What a run imports, read from `sys.modules` at its end (`-X importtime` does not report modules
# imported with `importlib.import_module`, as the rules are).
PROBE = (
    "import sys\n"
    "from validator.cli.launch import main\n"
    "try:\n"
    "    main(sys.argv[2:])\n"
    "except SystemExit as stop:\n"
    "    code = stop.code\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    out.write(' '.join(sorted(sys.modules)))\n"
    "sys.exit(code)\n"
)
# What `dataclasses` imports (~8 ms), `pickle` (~1 ms), and publicsuffixlist with `typing` (~2.5
# ms: its parsed list is read from the user's cache, `rules.suffixes`): a one-file run needs none.
NOT_ON_A_ONE_FILE_RUN = (
    "dataclasses",
    "inspect",
    "ast",
    "dis",
    "tokenize",
    "pickle",
    "typing",
    "publicsuffixlist",
    "importlib.machinery",
)
# What builds the engine: the YAML parser, the schema compiler, the rules.
ENGINE = (
    "yaml",
    "validator.engine",
    "validator.source.document",
    "validator.schema.compiled",
    "validator.rules.urls",
    "validator.rules.fm201_url_invalid",
    "jsonschema",
)


def run_probe(tmp_path, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """A `fmlint` run through the lean launcher, and the modules it had imported at its end
    (the user's cache folder, where the parsed suffix list is kept, inside `tmp_path`)."""
    listing = tmp_path / "modules.txt"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("FMLINT_") and key != "GITHUB_ACTIONS"
    }
    env["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(listing), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    modules = set(listing.read_text(encoding="utf-8").split())
    assert "validator.cli.check" in modules, done.stderr
    return done, modules


def test_one_file_run_imports_no_dataclasses_pickle_nor_typing(tmp_path):
    shutil.copyfile(CLEAN, tmp_path / CLEAN.name)
    args = ("check", "--no-cache", "--isolated", CLEAN.name)
    first, modules = run_probe(tmp_path, *args)
    assert "publicsuffixlist" in modules  # the first run ever parses the list, and keeps it
    assert list((tmp_path / "user-cache" / "fmlint").glob("psl-*.marshal"))
    done, modules = run_probe(tmp_path, *args)
    assert (done.returncode, done.stdout) == (0, first.stdout)
    assert "validator.rules.fm201_url_invalid" in modules  # it did lint
    assert sorted(set(NOT_ON_A_ONE_FILE_RUN) & modules) == []


def test_walk_without_gitignore_does_not_import_pathspec(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    shutil.copyfile(CLEAN, folder / CLEAN.name)
    done, modules = run_probe(tmp_path, "check", "--no-cache", "--isolated", "site")
    assert done.returncode == 0, done.stderr
    assert "pathspec" not in modules  # no .gitignore on the way: nothing to match


def _site(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    shutil.copyfile(CLEAN, folder / "a.md")
    shutil.copyfile(ONE_ERROR, folder / "b.md")
    return folder


def test_warm_cache_run_builds_no_engine_and_says_the_same(tmp_path):
    _site(tmp_path)
    args = ("check", "--isolated", "--cache-dir", "cache", "site")
    cold, cold_modules = run_probe(tmp_path, *args)
    warm, warm_modules = run_probe(tmp_path, *args)
    assert cold.returncode == 1
    assert "yaml" in cold_modules and "validator.engine" in cold_modules
    assert (warm.returncode, warm.stdout, warm.stderr) == (
        cold.returncode,
        cold.stdout,
        cold.stderr,
    )
    assert "FM101" in warm.stdout
    assert sorted(set(ENGINE) & warm_modules) == []


def test_a_miss_after_hits_builds_the_engine(tmp_path):
    folder = _site(tmp_path)
    args = ("check", "--isolated", "--cache-dir", "cache", "site")
    run_probe(tmp_path, *args)
    text = (folder / "a.md").read_text(encoding="utf-8").replace("title:", "tittle:", 1)
    (folder / "a.md").write_text(text, encoding="utf-8")
    warm, modules = run_probe(tmp_path, *args)
    uncached, _ = run_probe(tmp_path, "check", "--isolated", "--no-cache", "site")
    assert "validator.engine" in modules  # the changed file was linted
    assert (warm.returncode, warm.stdout, warm.stderr) == (
        uncached.returncode,
        uncached.stdout,
        uncached.stderr,
    )
    assert "site/a.md:" in warm.stdout and "FM101" in warm.stdout
