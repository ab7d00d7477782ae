"""Linting one file starts lean: a clean file never imports jsonschema or jsonschema-rs
(validator.compiled gives the verdict) nor ruamel.yaml (only fixing rewrites files); a file with
an error imports jsonschema, which explains it. Checked in a fresh process, as pre-commit and
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
    assert "validator.linter" in modules, stderr  # -X importtime did report
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
    assert loaded(modules, "jsonschema_rs") == []  # validator.compiled gives the verdict
    assert "validator.compiled" in modules


def test_file_with_an_error_imports_jsonschema_to_explain_it(tmp_path):
    code, modules = imported_modules(tmp_path, ONE_ERROR)
    assert code == 1
    assert "jsonschema" in modules
    assert loaded(modules, "ruamel") == []
