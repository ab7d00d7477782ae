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
    "--no-cache": "no_cache",
}
# Options with a value the lean path understands (`--jobs 2`, `--jobs=2`, `-j2`).
_VALUED = {
    "--jobs": "jobs",
    "-j": "jobs",
    "--cache-dir": "cache_dir",
    "--output-format": "output_format",
}


def lean_options(args: list[str]):
    """CheckOptions for `check [FLAG|PATH]...`, or None when click must read the arguments."""
    if not args or args[0] != "check" or "FMLINT_OUTPUT_FORMAT" in os.environ:
        return None
    flags, paths = {}, []
    rest = iter(args[1:])
    for arg in rest:
        if arg in _FLAGS:
            flags[_FLAGS[arg]] = True
        elif arg in ("--online", "--offline"):  # the last one wins, as click has it
            flags["online"] = arg == "--online"
        elif arg.startswith("-"):
            if arg.startswith("-j") and arg != "-j":
                name, given, value = "-j", True, arg[2:]
            else:
                name, equals, value = arg.partition("=")
                given = bool(equals)
            if name not in _VALUED:
                return None
            if not given:
                value = next(rest, "")
            field = _VALUED[name]
            if field == "jobs":
                if not value.isdigit():
                    return None  # click words the error
                flags[field] = int(value)
            elif field == "output_format":
                from .reporters import FORMATS

                if value not in FORMATS:
                    return None  # click words the error
                flags[field] = value
            elif value:
                from pathlib import Path

                flags[field] = Path(value)
            else:
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
