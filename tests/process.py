"""Running the real `fmlint` command line in a fresh process, as users and CI do.

The checkout is put on PYTHONPATH (so the tests read this tree's code, installed or not), and the
environment a CI runner or a user's shell may set is cleared where it would change the output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 60
# Where a CI runner or a shell would change what fmlint prints or where it keeps its cache.
_AMBIENT = (
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "CI",
    "FMLINT_OUTPUT_FORMAT",
    "FMLINT_CACHE_DIR",
    "FMLINT_NO_CACHE",
    "FMLINT_ALLOW_PRIVATE_HOSTS",
)


def run_fmlint(
    *args: str,
    cwd: Path | str | None = None,
    env: dict | None = None,
    prefix: list[str] | tuple = (),
    timeout: float = TIMEOUT,
) -> subprocess.CompletedProcess:
    """`fmlint ARGS` (`python -m validator`), run by `prefix` (another user, say), its output as
    text (bytes that are not UTF-8 kept as surrogates)."""
    environment = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    for name in _AMBIENT:
        environment.pop(name, None)
    environment.update(env or {})
    return subprocess.run(
        [*prefix, sys.executable, "-m", "validator", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=timeout,
    )
