"""The `fmlint` command: options in, report out, exit code 0 (clean), 1 (errors) or 2 (trouble)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .checking import EXIT_TROUBLE
from .guard import guarded
from .reporters import FORMATS


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


def _cache_dir_option(command):
    """--cache-dir, shared by `check` and `clean`."""
    return click.option(
        "--cache-dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="FMLINT_CACHE_DIR",
        help="Keep the cache here [default: .fmlint_cache beside the config file].",
    )(command)


def _settings(config_path, isolated):
    from .checking import Stop, settings_for

    try:
        return settings_for(config_path, isolated)
    except Stop as stop:
        sys.exit(stop.code)


def _fail(message: str) -> None:
    """One line on stderr, exit 2. The message may hold a file name or text from the tree: shown
    with escapes (`visible`), so no newline in it can forge a line (`::error::` for GitHub)."""
    from .reporters.safe import visible

    click.echo(visible(f"fmlint: error: {message}"), err=True)
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
@click.option(
    "--schema", "schema_path", help="Lint against this JSON Schema (a file or URL) instead."
)
@click.option(
    "--schema-format",
    type=click.Choice(["assert", "annotation"]),
    help="Whether `format` fails a value (assert, the default) or only describes it.",
)
@click.option(
    "--schema-fetch/--no-schema-fetch",
    default=None,
    help="Download a schema given by URL and remote $refs (cached for a day).",
)
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
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    envvar="FMLINT_JOBS",
    help="Lint in this many processes [default: one per core; 0: the same].",
)
@click.option(
    "--no-cache", is_flag=True, help="Neither read nor write the cache (also FMLINT_NO_CACHE=1)."
)
@click.option(
    "--online/--offline",
    default=None,
    help="Fetch every URL: dead links, redirects, the real size of each image [default: off].",
)
@click.option(
    "--allow-private-hosts",
    is_flag=True,
    help="With --online: let URLs reach loopback and private addresses (tests); warns.",
)
@click.option("--max-concurrency", type=int, help="With --online: requests in flight [128].")
@click.option(
    "--host-concurrency", type=int, help="With --online: requests in flight per host [8]."
)
@click.option(
    "--host-request-interval",
    type=float,
    help="With --online: seconds between requests to a host [0.05].",
)
@click.option("--timeout", type=float, help="With --online: seconds one request may take [20].")
@click.option(
    "--max-retries", type=int, help="With --online: retries after 429, 5xx, timeouts [2]."
)
@click.option("--max-redirects", type=int, help="With --online: redirects followed [5].")
@click.option("--accept", help="With --online: statuses that pass, like 200..299,429 [200..299].")
@click.option("--exclude-url", multiple=True, help="With --online: a regex of URLs not to fetch.")
@click.option("--user-agent", help="With --online: the User-Agent header.")
@click.option("--max-cache-age", help='With --online: how long answers are cached, like "1d" [1d].')
@click.option(
    "--resolve",
    multiple=True,
    metavar="HOST=ADDRESS",
    help="With --online: connect to ADDRESS for HOST (`*`: every host), as curl's --resolve.",
)
@_cache_dir_option
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
    schema_format: str | None,
    schema_fetch: bool | None,
    stdin_filename: str | None,
    only_front_matter: bool,
    force_exclude: bool,
    apply_fixes: bool,
    show_diff: bool,
    unsafe_fixes: bool,
    show_fixes: bool,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
    config_path: Path | None,
    isolated: bool,
    online: bool | None,
    allow_private_hosts: bool,
    **network,
) -> None:
    """Lint files and directories (default: the current directory)."""
    from .checking import CheckOptions, UsageProblem, run

    given = {}
    for name, value in network.items():
        if value in (None, ()):
            continue
        key = "exclude" if name == "exclude_url" else name.replace("_", "-")
        if key == "max-cache-age" and value.isdigit():
            value = int(value)
        given[key] = list(value) if isinstance(value, tuple) else value

    options = CheckOptions(
        paths=paths,
        output_format=output_format,
        output_file=output_file,
        statistics=statistics,
        quiet=quiet,
        exit_zero=exit_zero,
        strict=strict,
        color=color,
        select=_codes(select),
        extend_select=_codes(extend_select),
        ignore=_codes(ignore),
        schema_path=schema_path,
        schema_format=schema_format,
        schema_fetch=schema_fetch,
        stdin_filename=stdin_filename,
        only_front_matter=only_front_matter,
        force_exclude=force_exclude,
        apply_fixes=apply_fixes,
        show_diff=show_diff,
        unsafe_fixes=unsafe_fixes,
        show_fixes=show_fixes,
        config_path=config_path,
        isolated=isolated,
        jobs=jobs,
        no_cache=no_cache,
        cache_dir=cache_dir,
        online=online,
        allow_private_hosts=True if allow_private_hosts else None,
        network=tuple(given.items()),
    )
    try:
        code = run(options)
    except UsageProblem as problem:
        raise click.UsageError(str(problem)) from None
    sys.exit(code)


@cli.command()
@_config_options
def config(config_path: Path | None, isolated: bool) -> None:
    """Print the resolved settings and where each came from."""
    from .config import describe

    click.echo(describe(_settings(config_path, isolated)), nl=False)


@cli.command()
@_cache_dir_option
@_config_options
def clean(cache_dir: Path | None, config_path: Path | None, isolated: bool) -> None:
    """Remove the cache (`.fmlint_cache` beside the config file, or --cache-dir)."""
    from .cache import clean as remove
    from .cache import folder_for
    from .reporters.safe import visible

    folder = folder_for(_settings(config_path, isolated), cache_dir)
    if remove(folder):
        click.echo(visible(f"Removed the cache: {folder}"), err=True)
    else:
        click.echo(visible(f"No cache to remove: {folder}"), err=True)


@cli.command()
def schema() -> None:
    """Print the bundled article JSON Schema."""
    from .schema import bundled_schema_path

    click.echo(bundled_schema_path().read_text(encoding="utf-8"), nl=False)


@cli.command("infer")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
def infer_command(paths: tuple[str, ...]) -> None:
    """Print a JSON Schema inferred from the front matter of these files and folders.

    Values that look like outliers, and files whose front matter cannot be read, are reported
    on stderr; the schema describes every record that could be read.
    """
    from .infer import gather, infer, render
    from .reporters.safe import visible

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

    Each folder of front-matter records becomes a collection: `article` when its records fit
    the article schema, else a schema inferred from them under schemas/. Other files (pages)
    get only the checks that hold for any front matter.
    """
    from .init import InitError, shadowed, write
    from .reporters.safe import visible

    try:
        folders, pages, written = write(site, force=force)
    except InitError as error:
        _fail(str(error))
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        _fail(f"{where}cannot write: {error.strerror or error}")
    for folder in folders:
        if folder.skipped:
            click.echo(
                visible(f"fmlint: warning: {folder.name}/: left out: {folder.reason}"), err=True
            )
            continue
        chosen = folder.schema or "no collection"
        click.echo(visible(f"{folder.name}/: {chosen} ({folder.reason})"), err=True)
    if pages:
        shown = ", ".join(pages)
        click.echo(visible(f"pages in no collection (generic checks only): {shown}"), err=True)
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
    from .compare import NotAReport, compare, exit_code, load, render_json, render_text

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
    from .server import serve

    serve()
