"""The `fmlint` command: options in, report out, exit code 0 (clean), 1 (errors) or 2 (trouble).

`check`'s options are made from `check_options.FLAGS`. Each command imports its own modules when
it runs (`checking` too, with config, the runner and the schemas: ~25 ms): `fmlint --version`,
`fmlint rules` and the others never pay for what a check needs, nor a check for them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..escape import visible
from .console import EXIT_TROUBLE, UsageProblem
from .guard import guarded
from .options import FLAGS, online_only, options_from


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="fmlint")
def cli() -> None:
    """Lint the YAML front matter of article files."""


def _option(flag):
    """The click option of a flag of `check_options.FLAGS`."""
    names, kind = flag.names, flag.kind
    attrs = {"help": flag.help}
    if kind == "flag":
        attrs["is_flag"] = True
    elif kind == "switch":  # `--on/--off`
        names = ("/".join(names),)
        attrs["default"] = flag.default
    elif kind in ("codes", "texts"):
        attrs["multiple"] = True
    elif kind not in ("text", "age"):
        attrs["type"] = _type(flag)
    if flag.show_default:
        attrs.update(default=flag.default, show_default=True)
    if flag.envvar is not None:
        attrs["envvar"] = flag.envvar
    if flag.metavar is not None:
        attrs["metavar"] = flag.metavar
    return click.option(*names, flag.dest, **attrs)


def _type(flag):
    """click's type for a flag with one value (kinds as `check_options` says)."""
    if flag.kind == "choice":
        return click.Choice(list(flag.choices))
    if flag.kind == "file":
        return click.Path(dir_okay=False, path_type=Path)
    if flag.kind == "folder":
        return click.Path(file_okay=False, path_type=Path)
    if flag.kind == "count":
        return click.IntRange(min=0)
    return {"int": int, "float": float}[flag.kind]


def _options(*fields: str):
    """Decorate a command with the options of these fields' flags (all: every flag of `check`),
    in the table's order, which is `--help`'s."""
    flags = [flag for flag in FLAGS if not fields or flag.field in fields]

    def decorate(command):
        for flag in reversed(flags):
            command = _option(flag)(command)
        return command

    return decorate


def _settings(config_path, isolated):
    from ..config import ConfigError, load  # a command's own modules: when it runs

    try:
        return load(config_path, isolated=isolated)
    except ConfigError as error:
        _fail(str(error))


def _fail(message: str) -> None:
    """One line on stderr, exit 2. The message may hold a file name or text from the tree: shown
    with escapes (`visible`), so no newline in it can forge a line (`::error::` for GitHub)."""
    click.echo(visible(f"fmlint: error: {message}"), err=True)
    sys.exit(EXIT_TROUBLE)


class _Sectioned(click.Command):
    """`check --help` lists the options that matter only with `--online` apart from the rest,
    as lychee's and ruff's help put options under headings."""

    ONLINE = frozenset(flag.dest for flag in FLAGS if online_only(flag))

    def format_options(self, ctx, formatter) -> None:
        sections: dict[str, list] = {"Options": [], "Online checks (--online)": []}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                online = param.name in self.ONLINE
                sections["Online checks (--online)" if online else "Options"].append(record)
        for title, records in sections.items():
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


@cli.command(cls=_Sectioned)
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@_options()
def check(paths: tuple[str, ...], **values) -> None:
    """Lint files and directories (default: the current directory)."""
    from .check import run  # config, the runner, the schemas: see the module's doc

    try:
        code = run(options_from(paths, values))
    except UsageProblem as problem:
        raise click.UsageError(str(problem)) from None
    sys.exit(code)


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=str))
@_options("config_path", "isolated")
def config(path: str | None, config_path: Path | None, isolated: bool) -> None:
    """Print the resolved settings and where each came from.

    With PATH, the settings that apply to that one file: the collection it falls in, its
    schema, and the codes that run on it at their severity.
    """
    settings = _settings(config_path, isolated)
    if path is None:
        from ..config_show import describe  # a command's own modules: when it runs

        click.echo(describe(settings), nl=False)
        return
    if os.path.isdir(path):
        _fail(f"{path}: a folder: name a file (the settings can differ file by file)")
    if not os.path.isfile(path):
        _fail(f"{path}: {'not a regular file' if os.path.lexists(path) else 'no such file'}")
    from .file_settings import describe_file  # a command's own modules: when it runs

    click.echo(describe_file(settings, path), nl=False)


@cli.command()
@_options("cache_dir", "config_path", "isolated")
def clean(cache_dir: Path | None, config_path: Path | None, isolated: bool) -> None:
    """Remove the cache (`.fmlint_cache` beside the config file, or --cache-dir)."""
    from ..run.cache import clean as remove  # a command's own modules: when it runs
    from ..run.cache import folder_for

    folder = folder_for(_settings(config_path, isolated), cache_dir)
    if remove(folder):
        click.echo(visible(f"Removed the cache: {folder}"), err=True)
    else:
        click.echo(visible(f"No cache to remove: {folder}"), err=True)


@cli.command()
def schema() -> None:
    """Print the bundled article JSON Schema."""
    from ..schema.load import bundled_schema_path  # a command's own modules: when it runs

    click.echo(bundled_schema_path().read_text(encoding="utf-8"), nl=False)


@cli.command("infer")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
def infer_command(paths: tuple[str, ...]) -> None:
    """Print a JSON Schema inferred from the front matter of these files and folders.

    Values that look like outliers, and files whose front matter cannot be read, are reported
    on stderr; the schema describes every record that could be read.
    """
    from ..schema.infer import gather, infer, render  # a command's own modules: when it runs

    records, skipped, unread = gather(paths)
    for path, reason in unread:
        click.echo(visible(f"fmlint: error: {path}: {reason}"), err=True)
    if unread:
        sys.exit(EXIT_TROUBLE)
    for path, reason in skipped:
        click.echo(visible(f"fmlint: infer: skipped {path}: {reason}"), err=True)
    if not records:
        _fail("no front matter to infer a schema from")
    schema, outliers = infer(records)
    for outlier in outliers:
        click.echo(visible(f"fmlint: infer: outlier: {outlier}"), err=True)
    click.echo(render(schema), nl=False)
    click.echo(
        f"Inferred a schema from {len(records)} records"
        f" ({len(skipped)} skipped, {len(outliers)} outliers reported).",
        err=True,
    )


@cli.command("init")
@click.argument("site", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the configuration and schemas if there.")
def init_command(site: Path, force: bool) -> None:
    """Write a configuration with the site's collections (and inferred schemas).

    The collections are the ones the site's generator declares (Jekyll, Hugo, Zola, Astro,
    Docusaurus, Eleventy, MkDocs), else each folder of front-matter records: `article` when its
    records fit the article schema, else a schema inferred from them (under .fmlint/schemas/,
    or schemas/ for a site of no known generator). Other files (pages) get only the checks that
    hold for any front matter.
    """
    from .init import InitError, report, shadowed, write  # a command's own modules: when it runs

    try:
        found, written = write(site, force=force)
    except InitError as error:
        _fail(str(error))
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        _fail(f"{where}cannot write: {error.strerror or error}")
    for line in report(found):
        click.echo(visible(line), err=True)
    for path in written:
        click.echo(visible(f"Wrote {path}"), err=True)
    other = shadowed(site)
    if other is not None:
        click.echo(
            visible(
                f"fmlint: warning: {other} has a [tool.fmlint] table, which the new .fmlint.toml "
                "overrides: move its settings into .fmlint.toml"
            ),
            err=True,
        )


def main(argv: list[str] | None = None, prog_name: str = "fmlint") -> None:
    """Run the click command line, guarded: never a traceback (see `guard.guarded`)."""
    guarded(lambda: cli.main(args=argv, prog_name=prog_name, standalone_mode=True))


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
    from ..codes import all_codes  # a command's own modules: when it runs
    from ..reporters.ruledocs import render_markdown, render_table

    render = render_markdown if output_format == "markdown" else render_table
    click.echo(render(all_codes()), nl=False)


@cli.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Print the documentation of one code (FM203, fm203 or its name)."""
    from ..codes import all_codes  # a command's own modules: when it runs
    from ..reporters.ruledocs import find, render_rule, unknown_message

    codes = all_codes()
    found = find(code, codes)
    if found is None:
        _fail(unknown_message(code, codes))
    click.echo(render_rule(found), nl=False)


@cli.command()
@click.option(
    "--compare",
    "reports",
    nargs=2,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="OLD NEW",
    help="Two reports of `fmlint check --output-format json` (or sarif): fixed and new findings.",
)
@click.option(
    "--output-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: the findings fixed and new, then a summary line; json: the same as an object.",
)
@click.option("--strict", is_flag=True, help="A new warning fails too (exit 1), not only an error.")
def report(reports: tuple[Path, Path], output_format: str, strict: bool) -> None:
    """Compare two runs' reports: exit 1 when something new is an error."""
    from .compare import (  # a command's own modules: when it runs
        NotAReport,
        compare,
        exit_code,
        load,
        render_json,
        render_text,
    )

    loaded = []
    for path in reports:
        try:
            loaded.append(load(path))
        except NotAReport as problem:
            _fail(f"{path}: not a report of `fmlint check --output-format json`: {problem}")
        except OSError as error:
            _fail(f"{path}: {error.strerror or error}")
    result = compare(*loaded)
    render = render_json if output_format == "json" else render_text
    click.echo(render(result), nl=False)
    sys.exit(exit_code(result, strict=strict))


@cli.command()
@click.option(
    "--stdio", is_flag=True, help="Talk over stdin/stdout (the default and only transport)."
)
@click.option(
    "--clientProcessId",
    "client_process_id",
    type=int,
    hidden=True,
    help="The editor's process id, which vscode-languageclient passes; not needed here.",
)
def server(stdio: bool, client_process_id: int | None) -> None:
    """Run the language server on stdio (for editors)."""
    from ..server.main import serve  # a command's own modules: when it runs

    serve()
