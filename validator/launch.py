"""The `fmlint` entry point: the common `fmlint check FILE...` runs without importing click.

Start-up dominates linting one file (pre-commit, editors), and click costs ~8-20 ms of imports.
Arguments that are only paths and the plain flags below go straight to `checking.run`; anything
else (other options, `--help`, other commands, `-` for stdin) goes to the click command line, which
calls the same `run`. Either way: never a traceback (`guard.guarded`).

Imports go one way: launch -> cli (only when click is needed) -> checking; both use `guard`.
"""

from __future__ import annotations

import os
import sys

from .guard import guarded

__all__ = ["guarded", "lean_options", "main"]

# Flags the lean path understands, and the CheckOptions field each sets.
_FLAGS = {
    "--only-front-matter": "only_front_matter",
    "--force-exclude": "force_exclude",
    "--isolated": "isolated",
    "-q": "quiet",
    "--quiet": "quiet",
    "--exit-zero": "exit_zero",
    "--strict": "strict",
}


def lean_options(args: list[str]):
    """CheckOptions for `check [FLAG|PATH]...`, or None when click must read the arguments."""
    if not args or args[0] != "check" or "FMLINT_OUTPUT_FORMAT" in os.environ:
        return None
    flags, paths = {}, []
    for arg in args[1:]:
        if arg in _FLAGS:
            flags[_FLAGS[arg]] = True
        elif arg.startswith("-"):
            return None
        else:
            paths.append(arg)
    from .checking import CheckOptions

    return CheckOptions(paths=tuple(paths), **flags)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    options = lean_options(args)
    if options is None:
        from .cli import main as click_main

        click_main(args)
        return
    from .checking import run

    guarded(lambda: sys.exit(run(options)))
