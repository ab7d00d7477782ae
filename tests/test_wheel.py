"""The schema ships inside the wheel: an installed fmlint (as pre-commit installs it) finds it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Build a wheel from this checkout and install it, without dependencies, into a folder."""
    work = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(work / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    wheel = next((work / "dist").glob("fmlint-*.whl"))
    target = work / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert "validator/schemas/article.schema.json" in archive.namelist()
        archive.extractall(target)
    return target


def run_installed(target, *args):
    env = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run(
        [sys.executable, "-m", "validator", *args],
        capture_output=True,
        text=True,
        cwd=target.parent,
        env=env,
    )


def test_wheel_carries_the_schema(installed):
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import validator, validator.schema.load as s; "
            "print(validator.__file__); print(s.bundled_schema_path())",
        ],
        capture_output=True,
        text=True,
        cwd=installed.parent,
        env={**os.environ, "PYTHONPATH": str(installed)},
    ).stdout.split()
    assert where[0].startswith(str(installed))
    assert where[1] == str(installed / "validator" / "schemas" / "article.schema.json")


def test_installed_fmlint_lints(installed):
    schema = run_installed(installed, "schema")
    assert json.loads(schema.stdout)["$id"].endswith("article.schema.json")
    clean = run_installed(installed, "check", str(EXAMPLES / "valid"))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    dirty = run_installed(installed, "check", "--output-format", "concise", str(EXAMPLES))
    assert dirty.returncode == 1
    assert " FM101 " in dirty.stdout
