"""How `fmlint check` speaks and stops: `echo` (written and flushed at once), `fail` (one error
line on stderr, exit 2), `Stop`, `UsageProblem` and the exit codes.

Below every module of a run (`checking` and those it hands a job to: `online_pass`, `outputs`,
`fix_output`), so each can say something or end the run without importing `checking`.
"""

from __future__ import annotations

import sys

from ..escape import visible

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class UsageProblem(Exception):
    """Options that do not go together: a usage error (exit 2)."""


class Stop(Exception):
    """Stop the run with this exit code (the message is already printed)."""

    def __init__(self, code: int):
        self.code = code


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text + ("\n" if nl else ""))
    stream.flush()


def fail(message: str) -> None:
    echo(visible(f"fmlint: error: {message}"), err=True)  # a path from the tree: no forged line
    raise Stop(EXIT_TROUBLE)
