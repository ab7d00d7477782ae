"""The `fmlint` entry point: the common `fmlint check FILE...` runs without importing click.

Start-up dominates linting one file (pre-commit, editors), and click costs ~8-20 ms of imports.
Arguments that are only paths and the flags `check_options.FLAGS` marks `lean` go straight to
`checking.run`; anything else (other options, `--help`, other commands, `-` for stdin) goes to
the click command line, which calls the same `run`. Either way: never a traceback (`guard.guarded`).

Imports go one way: launch -> cli (only when click is needed) -> checking; both use `guard`, and
read the flags from one table (`check_options.FLAGS`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .guard import guarded
from .options import FLAGS, options_from

__all__ = ["guarded", "lean_options", "main"]

# The flags the lean path may read (`Flag.lean`), by each of their names: plain flags, the
# `--on` / `--off` switches (name -> (dest, value)), and options with a value (`--jobs 2`,
# `--jobs=2`, `-j2`).
_LEAN = [flag for flag in FLAGS if flag.lean]
_FLAGS = {name: flag.dest for flag in _LEAN if flag.kind == "flag" for name in flag.names}
_SWITCHES = {
    name: (flag.dest, name == flag.names[0])
    for flag in _LEAN
    if flag.kind == "switch"
    for name in flag.names
}
_VALUED = {
    name: flag for flag in _LEAN if flag.kind not in ("flag", "switch") for name in flag.names
}
_SHORT = [name for name in _VALUED if not name.startswith("--")]  # `-j2` as `-j 2`


def lean_options(args: list[str]):
    """CheckOptions for `check [FLAG|PATH]...`, or None when click must read the arguments."""
    if not args or args[0] != "check":
        return None
    values, paths = {}, []
    rest = iter(args[1:])
    for arg in rest:
        if arg in _FLAGS:
            values[_FLAGS[arg]] = True
        elif arg in _SWITCHES:  # the last one wins, as click has it
            dest, value = _SWITCHES[arg]
            values[dest] = value
        elif arg.startswith("-"):
            short = next((name for name in _SHORT if arg.startswith(name) and arg != name), None)
            if short is not None:
                name, given, value = short, True, arg[len(short) :]
            else:
                name, equals, value = arg.partition("=")
                given = bool(equals)
            flag = _VALUED.get(name)
            if flag is None:
                return None
            if not given:
                value = next(rest, "")
            value = _value(flag, value)
            if value is None:
                return None  # click words the error
            values[flag.dest] = value
        else:
            paths.append(arg)
    return options_from(paths, values)


def _value(flag, given: str):
    """A valued flag's value as click reads it, or None where click would refuse it."""
    if flag.kind == "count":
        return int(given) if given.isascii() and given.isdigit() else None
    if flag.kind == "choice":
        return given if given in flag.choices else None
    if flag.kind == "folder":
        return Path(given) if given else None
    return None  # a kind the lean path does not read: click does


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    options = lean_options(args)
    if options is None:
        from .main import main as click_main  # click (~8-20 ms): only when click reads the args

        click_main(args)
        return
    from .check import run  # config, the runner, the schemas: for a check, not `--version`
    from .console import UsageProblem

    def lean() -> None:
        try:
            code = run(options)
        except UsageProblem:  # found before any work is done: click words it, as any other
            from .main import main as click_main

            click_main(args)
            return
        sys.exit(code)

    guarded(lean)
