"""The lean launcher gives exactly what the click command line gives, without importing click."""

from __future__ import annotations

import subprocess
import sys

import pytest

from validator.cli.launch import lean_options

from .conftest import EXAMPLES

BAD = EXAMPLES / "invalid" / "FM101-unknown-key.md"
GOOD = EXAMPLES / "valid" / "seed.md"
WARN = EXAMPLES / "invalid" / "FM202-url-insecure.md"


def fmlint(*args: str, lean: bool) -> subprocess.CompletedProcess:
    """Through the launcher (`python -m validator`), or straight through click."""
    code = (
        "import sys; from validator.cli.launch import main; main(sys.argv[1:])"
        if lean
        else "import sys; from validator.cli.main import main; main(sys.argv[1:])"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(BAD), str(GOOD)],
        ["check", "--only-front-matter", "--force-exclude", str(BAD)],
        ["check", "--offline", "--only-front-matter", "--force-exclude", str(BAD)],
        ["check", "-q", str(GOOD)],
        ["check", "--strict", str(WARN)],
        ["check", "--exit-zero", "--isolated", str(BAD)],
        ["check", str(EXAMPLES / "nope.md")],
        ["check", "--output-format", "json", str(BAD)],
        ["check", "--output-format=concise", "--no-cache", str(BAD), str(GOOD)],
    ],
)
def test_lean_path_matches_click(args):
    assert lean_options(args) is not None
    lean, full = fmlint(*args, lean=True), fmlint(*args, lean=False)
    assert (lean.returncode, lean.stdout, lean.stderr) == (
        full.returncode,
        full.stdout,
        full.stderr,
    )


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--version"],
        ["rules"],
        ["check", "--output-format", "xml", "a.md"],
        ["check", "-", "--stdin-filename", "a.md"],
        ["check", "--fix", "a.md"],
        ["check", "--help"],
    ],
)
def test_anything_else_goes_to_click(args):
    assert lean_options(args) is None


def test_a_clean_file_does_not_import_click():
    probe = (
        "import sys; from validator.cli.launch import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "except SystemExit as stop:\n"
        "    print(stop.code, 'click' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "check", str(GOOD)], capture_output=True, text=True
    )
    assert result.stdout.strip() == "0 False"


def test_lean_path_matches_click_on_a_warm_cache(tmp_path):
    """The lean path builds the engine only on a miss; with every file a hit it still says what
    click's path says."""
    args = [
        "check",
        "--output-format",
        "concise",
        "--cache-dir",
        str(tmp_path),
        str(BAD),
        str(GOOD),
    ]
    fmlint(*args, lean=True)  # fills the cache
    lean, full = fmlint(*args, lean=True), fmlint(*args, lean=False)
    assert lean.returncode == 1 and "FM101" in lean.stdout
    assert (lean.returncode, lean.stdout, lean.stderr) == (
        full.returncode,
        full.stdout,
        full.stderr,
    )
