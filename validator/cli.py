"""The `fmlint` command: options in, report out, exit code 0 (clean), 1 (errors) or 2 (trouble)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .reporters import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2
HUMAN_FORMATS = {"full", "concise"}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="fmlint")
def cli() -> None:
    """Lint the YAML front matter of article files."""


def _config_options(command):
    """--config and --isolated, shared by `check` and `config`."""
    command = click.option("--isolated", is_flag=True, help="Ignore every configuration file.")(
        command
    )
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Use this pyproject.toml or .fmlint.toml.",
    )(command)


def _settings(config_path, isolated, cli_values=None):
    from .config import ConfigError, load

    try:
        return load(config_path, isolated=isolated, cli=cli_values)
    except ConfigError as error:
        _fail(str(error))


def _fail(message: str) -> None:
    click.echo(f"fmlint: error: {message}", err=True)
    sys.exit(EXIT_TROUBLE)


def _codes(values: tuple[str, ...]) -> list[str] | None:
    """`--select FM1,FM2 --select FM5` -> ["FM1", "FM2", "FM5"]; None when not given."""
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--output-format",
    type=click.Choice(list(FORMATS)),
    envvar="FMLINT_OUTPUT_FORMAT",
    help="How to print findings [default: full; github under GitHub Actions].",
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here.",
)
@click.option("--statistics", is_flag=True, help="Print how often each code was found, most first.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only; nothing when clean.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are errors.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the human formats.",
)
@click.option("--select", multiple=True, help="Codes or prefixes to check (replaces the default).")
@click.option("--extend-select", multiple=True, help="Codes or prefixes to check as well.")
@click.option("--ignore", multiple=True, help="Codes or prefixes to skip.")
@click.option("--schema", "schema_path", help="Lint against this JSON Schema instead.")
@click.option(
    "--stdin-filename",
    help="With PATH `-`: the name the text from stdin goes by (messages, per-file settings).",
)
@click.option(
    "--only-front-matter",
    is_flag=True,
    help="Skip named files that do not open with `---`, as a directory walk does (pre-commit).",
)
@click.option(
    "--force-exclude", is_flag=True, help="Apply `exclude` to files named explicitly too."
)
@click.option("--fix", "apply_fixes", is_flag=True, help="Apply safe fixes, then report the rest.")
@click.option(
    "--diff", "show_diff", is_flag=True, help="Print the changes --fix would make; write nothing."
)
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning.")
@click.option("--show-fixes", is_flag=True, help="List each fix applied.")
@_config_options
def check(
    paths: tuple[str, ...],
    output_format: str | None,
    output_file: Path | None,
    statistics: bool,
    quiet: bool,
    exit_zero: bool,
    strict: bool,
    color: str,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    schema_path: str | None,
    stdin_filename: str | None,
    only_front_matter: bool,
    force_exclude: bool,
    apply_fixes: bool,
    show_diff: bool,
    unsafe_fixes: bool,
    show_fixes: bool,
    config_path: Path | None,
    isolated: bool,
) -> None:
    """Lint files and directories (default: the current directory)."""
    from .reporters import render

    settings = _settings(
        config_path,
        isolated,
        {
            "select": _codes(select),
            "extend-select": _codes(extend_select),
            "ignore": _codes(ignore),
            "schema": schema_path,
        },
    )
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full"
    human = output_format in HUMAN_FORMATS
    linter = _linter(settings)
    if "-" in paths:
        if len(paths) > 1:
            raise click.UsageError("`-` (stdin) cannot be combined with other paths")
        if apply_fixes or show_diff:
            raise click.UsageError("--fix and --diff rewrite files; they do not read stdin")
        name = stdin_filename or "<stdin>"
        results = linter.lint_stdin(sys.stdin.buffer.read(), name)
    else:
        targets = linter.targets(
            paths or ["."], only_front_matter=only_front_matter, force_exclude=force_exclude
        )
        if apply_fixes or show_diff:
            results, changes = linter.fix_targets(targets, unsafe=unsafe_fixes)
            if show_diff:
                diff = _unified_diff(changes)
                if diff:
                    click.echo(diff, nl=False)
                for error in results.errors:
                    click.echo(f"fmlint: error: {error.path}: {error.message}", err=True)
                if results.errors:
                    sys.exit(EXIT_TROUBLE)
                sys.exit(EXIT_FINDINGS if changes else EXIT_CLEAN)
            results, written = _write_fixes(linter, results, changes)
            _report_fixes(written, show_fixes)
        elif human and _show_progress(len(targets)):
            with click.progressbar(targets, file=sys.stderr, label="Linting", show_pos=True) as bar:
                results = linter.lint_targets(bar)
        else:
            results = linter.lint_targets(targets)

    stream = sys.stdout if output_file is None else None
    use_color = human and _use_color(color, stream)
    report = _statistics(results) if statistics else render(output_format, results, color=use_color)
    if output_file is not None:
        _write_report(output_file, report)
    elif report:
        click.echo(report, nl=False, color=use_color)
    for error in results.errors:
        click.echo(f"fmlint: error: {error.path}: {error.message}", err=True)
    if human and not quiet:
        click.echo(summary(results), err=True)
    sys.exit(exit_code(results, strict=strict, exit_zero=exit_zero))


def _unified_diff(changes) -> str:
    import difflib

    out = []
    for change in changes:
        name = change.path.as_posix().lstrip("/")
        for line in difflib.unified_diff(
            change.before.splitlines(keepends=True),
            change.after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        ):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _write_fixes(linter, results, changes):
    """Write each fixed file atomically; a file that changed meanwhile is left alone (exit 2).

    Returns the results (a file left alone is reported as it was read, unfixed) and the changes
    that were written. A symlink is followed: its target is what gets fixed.
    """
    from dataclasses import replace

    from .fix import ChangedOnDisk, write_atomic
    from .linter import FileError

    errors, written, unwritten = list(results.errors), [], set()
    for change in changes:
        try:
            write_atomic(change.path.resolve(), change.after.encode("utf-8"), change.original)
            written.append(change)
            continue
        except ChangedOnDisk:
            errors.append(FileError(str(change.path), "changed on disk while fixing; left alone"))
        except OSError as error:
            errors.append(FileError(str(change.path), f"cannot write: {error.strerror or error}"))
        unwritten.add(str(change.path))
    before = {str(c.path): c.before for c in changes}
    files = tuple(
        linter.lint_text(before[f.path], f.path) if f.path in unwritten else f
        for f in results.files
    )
    return replace(results, files=files, errors=tuple(errors)), written


def _report_fixes(changes, show_fixes: bool) -> None:
    count = sum(len(change.applied) for change in changes)
    if not count:
        return
    if show_fixes:
        for change in changes:
            for code, fix in change.applied:
                click.echo(f"{change.path}: fixed {code}: {fix.description}", err=True)
    files = "file" if len(changes) == 1 else "files"
    click.echo(f"Fixed {_count(count, 'finding')} in {len(changes)} {files}.", err=True)


def _linter(settings):
    from .linter import Linter
    from .schema import SchemaError

    try:
        return Linter(settings=settings)
    except SchemaError as error:
        _fail(str(error))


def exit_code(results, *, strict: bool = False, exit_zero: bool = False) -> int:
    if results.errors:
        return EXIT_TROUBLE
    failing = ("error", "warning") if strict else ("error",)
    if not exit_zero and any(d.severity in failing for d in results.diagnostics):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _statistics(results) -> str:
    from collections import Counter

    from .codes import all_codes

    names = {code.code: code.name for code in all_codes()}
    counts = Counter(d.code for d in results.diagnostics)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "".join(f"{count:>5}  {code}  {names.get(code, '')}\n" for code, count in ordered)


def _write_report(path: Path, report: str) -> None:
    try:
        path.write_text(report, encoding="utf-8")
    except OSError as error:
        _fail(f"{path}: cannot write the report: {error.strerror or error}")


def _show_progress(count: int) -> bool:
    """A bar only for a person watching a terminal, and only when the run takes a while."""
    return count >= 200 and sys.stderr.isatty() and not os.environ.get("CI")


@cli.command()
@_config_options
def config(config_path: Path | None, isolated: bool) -> None:
    """Print the resolved settings and where each came from."""
    from .config import describe

    click.echo(describe(_settings(config_path, isolated)), nl=False)


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


def _use_color(choice: str, stream) -> bool:
    """An explicit --color beats NO_COLOR / FORCE_COLOR, which beat the terminal test."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream is not None and stream.isatty()


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


@cli.command("rules")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="text: a table of codes; markdown: the whole docs/rules.md.",
)
def rules_command(output_format: str) -> None:
    """List every code with its name, default severity and whether it is fixable."""
    from .codes import all_codes
    from .ruledocs import render_markdown, render_table

    render = render_markdown if output_format == "markdown" else render_table
    click.echo(render(all_codes()), nl=False)


@cli.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Print the documentation of one code (FM203, fm203 or its name)."""
    from .codes import all_codes
    from .ruledocs import find, render_rule, unknown_message

    codes = all_codes()
    found = find(code, codes)
    if found is None:
        _fail(unknown_message(code, codes))
    click.echo(render_rule(found), nl=False)


@cli.command()
def server() -> None:
    """Run the language server on stdio (for editors)."""
    from .server import serve

    serve()
