"""The `fmlint` command: options in, report out, exit code 0 (clean), 1 (errors) or 2 (trouble)."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .reporters import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2
HUMAN_FORMATS = {"full", "concise"}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="fmlint")
def cli() -> None:
    """Lint the YAML front matter of article files."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--output-format",
    type=click.Choice(list(FORMATS)),
    default="full",
    show_default=True,
    help="How to print findings.",
)
def check(paths: tuple[str, ...], output_format: str) -> None:
    """Lint files and directories (default: the current directory)."""
    from .linter import Linter
    from .reporters import render

    results = Linter().lint_paths(paths or ["."])
    color = _use_color(sys.stdout)
    report = render(output_format, results, color=color)
    if report:
        click.echo(report, nl=False, color=color)
    for error in results.errors:
        click.echo(f"fmlint: error: {error.path}: {error.message}", err=True)
    if output_format in HUMAN_FORMATS:
        click.echo(summary(results), err=True)
    if results.errors:
        sys.exit(EXIT_TROUBLE)
    has_errors = any(d.severity == "error" for d in results.diagnostics)
    sys.exit(EXIT_FINDINGS if has_errors else EXIT_CLEAN)


@cli.command()
def schema() -> None:
    """Print the bundled article JSON Schema."""
    from .schema import bundled_schema_path

    click.echo(bundled_schema_path().read_text(encoding="utf-8"), nl=False)


def summary(results) -> str:
    """`Found 3 errors and 1 warning in 2 of 140 files.` or `All checks passed (140 files).`"""
    total = len(results.files)
    files_word = "file" if total == 1 else "files"
    diagnostics = results.diagnostics
    if not diagnostics:
        return f"All checks passed ({total} {files_word})."
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    parts = [_count(errors, "error")] if errors else []
    if warnings:
        parts.append(_count(warnings, "warning"))
    touched = sum(1 for f in results.files if f.diagnostics)
    return f"Found {' and '.join(parts)} in {touched} of {total} {files_word}."


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def main(argv: list[str] | None = None, prog_name: str = "fmlint") -> None:
    """Entry point: never a traceback; exit 2 for anything unexpected."""
    try:
        cli.main(args=argv, prog_name=prog_name, standalone_mode=True)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`fmlint check | head`): not an error
        sys.exit(EXIT_FINDINGS)
    except KeyboardInterrupt:
        click.echo("fmlint: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # pragma: no cover - the last line of defence
        click.echo(f"fmlint: internal error: {error!r}", err=True)
        sys.exit(EXIT_TROUBLE)
