"""Shared fixtures: where the examples and the shared real corpus live, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from validator.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "news"
SEED = SHARED / "seed" / "000_9a993db882aadba2.txt"

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"the shared corpus of real records is not here ({CORPUS}); CI has it",
)


@pytest.fixture
def run():
    """Run `fmlint ARGS...` in-process; returns click's Result (exit_code, stdout, stderr)."""

    def invoke(*args: str, **kwargs):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)

    return invoke
