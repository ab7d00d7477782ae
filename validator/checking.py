"""`fmlint check` itself, without click: options in, report out, an exit code back.

The click command and the lean launcher (`validator.launch`, which skips importing click for the
common `fmlint check FILE...`) both call `run`, so the two can never disagree.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .summary import STATISTICS_FORMATS, code_names, fixable, plural, statistics, summary
from .value import Value

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
HUMAN_FORMATS = {"full", "concise"}


class UsageProblem(Exception):
    """Options that do not go together: a usage error (exit 2)."""


class Stop(Exception):
    """Stop the run with this exit code (the message is already printed)."""

    def __init__(self, code: int):
        self.code = code


class CheckOptions(
    Value,
    defaults={
        "paths": (),
        "output_format": None,
        "output_file": None,
        "statistics": False,
        "quiet": False,
        "exit_zero": False,
        "strict": False,
        "color": "auto",
        "select": None,
        "extend_select": None,
        "ignore": None,
        "schema_path": None,
        "schema_format": None,
        "schema_fetch": None,
        "stdin_filename": None,
        "only_front_matter": False,
        "force_exclude": False,
        "apply_fixes": False,
        "show_diff": False,
        "unsafe_fixes": False,
        "show_fixes": False,
        "config_path": None,
        "isolated": False,
        "jobs": None,  # None: FMLINT_JOBS, else the cores this process may use; 0: those
        "no_cache": False,
        "cache_dir": None,
        "online": None,  # None: as the configuration says (off by default)
        "allow_private_hosts": None,
        "network": (),  # (key, value) pairs of `[tool.fmlint.network]` given as flags
    },
):
    FIELDS = (
        "paths",
        "output_format",
        "output_file",
        "statistics",
        "quiet",
        "exit_zero",
        "strict",
        "color",
        "select",
        "extend_select",
        "ignore",
        "schema_path",
        "schema_format",
        "schema_fetch",
        "stdin_filename",
        "only_front_matter",
        "force_exclude",
        "apply_fixes",
        "show_diff",
        "unsafe_fixes",
        "show_fixes",
        "config_path",
        "isolated",
        "jobs",
        "no_cache",
        "cache_dir",
        "online",
        "allow_private_hosts",
        "network",
    )
    __slots__ = FIELDS
    paths: tuple
    output_format: str | None
    output_file: Path | None
    statistics: bool
    quiet: bool
    exit_zero: bool
    strict: bool
    color: str
    select: list | None
    extend_select: list | None
    ignore: list | None
    schema_path: str | None
    schema_format: str | None
    schema_fetch: bool | None
    stdin_filename: str | None
    only_front_matter: bool
    force_exclude: bool
    apply_fixes: bool
    show_diff: bool
    unsafe_fixes: bool
    show_fixes: bool
    config_path: Path | None
    isolated: bool
    jobs: int | None
    no_cache: bool
    cache_dir: Path | None
    online: bool | None
    allow_private_hosts: bool | None
    network: tuple


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text + ("\n" if nl else ""))
    stream.flush()


def fail(message: str) -> None:
    from .reporters.safe import visible

    echo(visible(f"fmlint: error: {message}"), err=True)  # a path from the tree: no forged line
    raise Stop(EXIT_TROUBLE)


def settings_for(config_path, isolated, cli_values=None):
    from .config import ConfigError, load

    try:
        return load(config_path, isolated=isolated, cli=cli_values)
    except ConfigError as error:
        fail(str(error))


def run(o: CheckOptions) -> int:
    """Lint (or fix) as the options say; the exit code: 0 clean, 1 findings, 2 trouble."""
    previous = _terminate_as_interrupt()
    try:
        return _run(o)
    except Stop as stop:
        return stop.code
    except KeyboardInterrupt:  # the workers are stopped, no file is half written: exit 130
        echo("fmlint: interrupted", err=True)
        return EXIT_INTERRUPTED
    finally:
        if previous is not None:
            import signal

            signal.signal(signal.SIGTERM, previous)


def _terminate_as_interrupt():
    """SIGTERM (a cancelled CI job) ends the run as Ctrl-C does: the same clean path, exit 130.

    Returns the handler it replaced (None when it could not install one: not the main thread).
    """
    import signal

    owner = os.getpid()

    def interrupt(number, frame):
        if os.getpid() != owner:  # a forked worker, stopped by its pool: end as SIGTERM does
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: signals are not ours to handle
        return None


def _run(o: CheckOptions) -> int:
    from .reporters import render
    from .reporters.safe import visible

    settings = settings_for(
        o.config_path,
        o.isolated,
        {
            "select": o.select,
            "extend-select": o.extend_select,
            "ignore": o.ignore,
            "schema": o.schema_path,
            "online": o.online,
            "allow-private-hosts": o.allow_private_hosts,
            "network": dict(o.network) if o.network else None,
            "schema-format": o.schema_format,
            "schema-fetch": o.schema_fetch,
        },
    )
    output_format = o.output_format
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full"
    human = output_format in HUMAN_FORMATS
    paths = o.paths
    stdin = "-" in paths or o.stdin_filename is not None
    # a plain lint builds the engine on its first miss (a warm run may never need it); the
    # schemas are read now all the same, for the cache key and to report a bad one first
    lean = not (o.apply_fixes or o.show_diff or settings.online or stdin)
    linter = _Deferred(settings) if lean else _linter(settings)
    if o.stdin_filename is not None and "-" not in paths:  # a name for stdin means stdin
        if paths:
            raise UsageProblem("--stdin-filename names the text on stdin; it takes no paths")
        paths = ("-",)
    cache = None
    folder = _cache_folder(settings, o)
    tally = None  # --online: what the network said, for the summary line
    text_on_stdout = False  # `--fix -`: stdout is the fixed text, so the report goes to stderr
    if "-" in paths:
        if len(paths) > 1:
            raise UsageProblem("`-` (stdin) cannot be combined with other paths")
        name = o.stdin_filename or "<stdin>"
        data = sys.stdin.buffer.read()
        tally = _go_online(linter, settings, [(name, data)], folder, human)
        if not (o.apply_fixes or o.show_diff):
            results = linter.lint_stdin(data, name)
        else:
            results, changes = _fix_stdin(linter, data, name, o.unsafe_fixes)
            if o.show_diff:
                diff = _unified_diff(changes)
                if diff:
                    echo(diff, nl=False)
                return EXIT_FINDINGS if changes else EXIT_CLEAN
            sys.stdout.flush()
            sys.stdout.buffer.write(changes[0].after.encode("utf-8") if changes else data)
            sys.stdout.buffer.flush()
            text_on_stdout = True
            _report_fixes(changes, o.show_fixes)
    elif not (o.apply_fixes or o.show_diff):
        if settings.online:  # answers first; cached results are keyed by them (`runner.Job`)
            targets = linter.targets(
                paths or ["."], only_front_matter=o.only_front_matter, force_exclude=o.force_exclude
            )
            tally = _go_online(linter, settings, _sources(targets), folder, human)
            cache = _cache(linter, settings, folder)
            results = _lint(linter, cache, (), o, human, output_format, settings, targets)
        else:
            cache = _cache(linter, settings, folder)
            results = _lint(linter.build, cache, paths or ["."], o, human, output_format, settings)
    else:
        targets = linter.targets(
            paths or ["."], only_front_matter=o.only_front_matter, force_exclude=o.force_exclude
        )
        tally = _go_online(linter, settings, _sources(targets), folder, human)
        results, changes = linter.fix_targets(targets, unsafe=o.unsafe_fixes)
        if o.show_diff:
            diff = _unified_diff(changes)
            if diff:
                echo(diff, nl=False)
            for error in results.errors:
                echo(visible(f"fmlint: error: {error.path}: {error.message}"), err=True)
            if results.errors:
                return EXIT_TROUBLE
            return EXIT_FINDINGS if changes else EXIT_CLEAN
        results, written = _write_fixes(linter, results, changes, paths or ["."])
        _report_fixes(written, o.show_fixes)

    stream = (sys.stderr if text_on_stdout else sys.stdout) if o.output_file is None else None
    use_color = human and _use_color(o.color, stream)
    table = ""  # --statistics beside a report that keeps its format (github, sarif, ...): stderr
    if o.statistics and (human or output_format in STATISTICS_FORMATS):
        report = statistics(results, output_format, unsafe=o.unsafe_fixes)
    else:
        report = render(output_format, results, color=use_color)
        if o.statistics:
            table = statistics(results)
    if o.output_file is not None:
        _write_report(o.output_file, report)
    elif report:
        echo(report, nl=False, err=text_on_stdout)
    for error in results.errors:
        echo(visible(f"fmlint: error: {error.path}: {error.message}"), err=True)
    if table:
        echo(table, err=True, nl=False)
    if human and not o.quiet:
        echo(summary(results) + fixable(results, o.unsafe_fixes, o.apply_fixes), err=True)
        if cache is not None and not o.isolated:
            _collections_hint(settings, results, cache.folder)
    if tally is not None and not o.quiet:
        echo(tally.line(), err=True)
    if output_format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        _append_job_summary(os.environ["GITHUB_STEP_SUMMARY"], results)
    code = exit_code(results, strict=o.strict, exit_zero=o.exit_zero)
    if cache is not None and cache.prune_due():
        cache.prune()
    return code


def _sources(targets):
    """(path, bytes) of each readable target, for collecting URLs (`--online`)."""
    from .runner import read_target

    for target in targets:
        data = read_target(target)
        if isinstance(data, bytes):
            yield str(target.path), data


def _go_online(linter, settings, sources, folder: Path | None, human: bool):
    """With --online: fetch every URL the files hold, once, and give the answers to the engine.

    Returns the `Tally` for the summary line, or None offline."""
    if not settings.online:
        return None
    from .online.answer import OnlineAnswers
    from .online.collect import wanted_urls
    from .online.run import answers_for
    from .online.settings import NetworkSettings

    network = NetworkSettings.from_written(settings.network)
    if settings.allow_private_hosts:
        echo(
            "fmlint: warning: --allow-private-hosts: URLs may reach loopback and private "
            "addresses of this machine's network",
            err=True,
        )
    store = None
    if folder is not None:
        from .online.store import AnswerStore

        store = AnswerStore(folder, network.max_cache_age)
    collected = wanted_urls(
        sources, linter.decider, network, linter.parsed, None if store is None else store.files
    )
    wanted = collected.wanted
    if store is not None:
        store.files = collected.index  # the last run's files only: the index does not grow
    run = lambda progress=None: answers_for(  # noqa: E731
        wanted,
        network,
        allow_private=settings.allow_private_hosts,
        store=store,
        progress=progress,
    )
    if human and wanted and _watching():
        import click

        with click.progressbar(
            length=len(wanted), file=sys.stderr, label="Checking URLs", show_pos=True
        ) as bar:
            tally = run(bar.update)
    else:
        tally = run()
    linter.online = OnlineAnswers(tally.answers, network.accept, collected.by_file)
    return tally


HINT_STAMP = "collections-hint"  # in the cache folder: the hint was given there once
COLLECTIONS_HINT = (
    "fmlint: hint: every front-matter file is linted as an article record. For a site with other "
    "collections (`_games/`, pages such as about.md), map folders to schemas in "
    "[tool.fmlint.collections], or let `fmlint init` write that configuration."
)


def _collections_hint(settings, results, folder: Path) -> None:
    """Say once (remembered in the cache folder) how to map collections, to a person without any
    configuration whose errors are spread over several folders: the sign of a whole site linted
    as articles. Never with a config file, `--isolated`, `--quiet`, a machine format or
    `--no-cache`."""
    if settings.config_file is not None or settings.collections or settings.schema is not None:
        return
    folders = {os.path.dirname(f.path) for f in results.files if _has_errors(f)}
    if len(folders) < 2 or not folder.is_dir():
        return
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:  # never through a link: a planted one would create a file where it points
        os.close(os.open(folder / HINT_STAMP, flags, 0o644))
    except OSError:
        return  # said before (or cannot remember it: better unsaid than said every run)
    echo(COLLECTIONS_HINT, err=True)


def _has_errors(result) -> bool:
    return any(d.severity == "error" for d in result.diagnostics)


# Formats that list every file, clean ones too; the others need only the files with findings.
EVERY_FILE_FORMATS = frozenset({"junit"})
_PEEK = 200  # targets looked at before deciding on a progress bar


def _lint(
    engine, cache, paths, o: CheckOptions, human: bool, output_format: str, settings, given=None
):
    """Lint with the runner: streamed targets (or the `given` list), `--jobs` workers, the cache;
    a bar for a person. `engine`: the linter, or a function that builds it (`runner.Job`)."""
    from itertools import chain, islice

    from .runner import Job, iter_targets, run

    targets = given
    if targets is None:
        targets = iter_targets(
            settings,
            paths,
            only_front_matter=o.only_front_matter,
            force_exclude=o.force_exclude,
        )
    targets = iter(targets)
    head = list(islice(targets, _PEEK))
    count = None
    if len(head) < _PEEK:
        count, targets = len(head), head
    elif human and _watching():  # a bar needs the count: only then is the walk held in memory
        targets = head + list(targets)
        count = len(targets)
    else:
        targets = chain(head, targets)
    job = Job(engine, cache, settings=settings)
    jobs = _jobs(o.jobs)
    keep_clean = output_format in EVERY_FILE_FORMATS
    if human and count is not None and _show_progress(count):
        import click

        with click.progressbar(
            length=count, file=sys.stderr, label="Linting", show_pos=True
        ) as bar:
            return run(job, targets, jobs=jobs, keep_clean=keep_clean, progress=bar.update)
    return run(job, targets, jobs=jobs, keep_clean=keep_clean)


def _jobs(given: int | None) -> int:
    if given is None:
        raw = os.environ.get("FMLINT_JOBS", "").strip()
        if raw:
            try:
                given = int(raw)
            except ValueError:
                given = -1
            if given < 0:
                fail(f"FMLINT_JOBS must be a number of processes (0: one per core), not {raw!r}")
    if not given:
        from .runner import default_jobs

        return default_jobs()
    return given


def _cache(linter, settings, folder: Path | None):
    """The run's cache in `folder` (`_cache_folder`), or None without one."""
    if folder is None:
        return None
    from .cache import Cache, run_key

    schemas = linter.schema.schema
    if settings.collections:  # every collection's schema decides results too
        schemas = {"": schemas, **linter.collection_schemas}
    return Cache(folder, run_key(settings, schemas))


def _cache_folder(settings, o: CheckOptions) -> Path | None:
    """Where this run keeps what it remembers (results, network answers), or None: with
    `--no-cache` / `FMLINT_NO_CACHE`, and for a folder that came with the repository's content
    (`trust.distrust`: committed, or a symbolic link), which is never believed: one warning."""
    if o.no_cache or os.environ.get("FMLINT_NO_CACHE", "").strip().lower() in _TRUE:
        return None
    from .cache import ENTRIES, folder_for
    from .reporters.safe import visible
    from .trust import distrust

    folder = folder_for(settings, o.cache_dir)
    why = distrust(folder, (ENTRIES,))
    if why is None:
        return folder
    echo(
        f"fmlint: warning: the cache folder {visible(str(folder))} {why}: it is neither read "
        "nor written (a cache that comes with the repository's content could forge results; "
        "delete it from the repository)",
        err=True,
    )
    return None


_TRUE = {"1", "true", "yes", "on"}


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


def _fix_stdin(linter, data: bytes, name: str, unsafe: bool):
    """`--fix -` / `--diff -`: the results after fixing stdin's text, and its change (or none)."""
    from .engine import decode
    from .model import Change, Results

    text = decode(data)
    if not isinstance(text, str):  # not text (FM011): nothing to fix
        return linter.lint_stdin(data, name), []
    fixed, applied, result = linter.fix_text(text, name, unsafe)
    changes = [Change(Path(name), data, text, fixed, tuple(applied))] if applied else []
    return Results((result,)), changes


def _write_fixes(linter, results, changes, paths=(".",)):
    """Write each fixed file atomically; a file that changed meanwhile is left alone (exit 2).

    Returns the results (a file left alone is reported as it was read, unfixed) and the changes
    that were written. A symlink is followed: its target is what gets fixed, unless it lies
    outside the roots named (`paths`: a folder's real path, or the folder a file was named in).
    A file the user may not write, another's, or a hard-linked one is left alone (`fix.Refused`).
    """
    from .fix import ChangedOnDisk, Refused, outside, write_atomic
    from .model import FileError
    from .value import replace

    roots = [Path(p) if Path(p).is_dir() else Path(os.path.dirname(p) or ".") for p in paths]
    errors, written, unwritten = list(results.errors), [], set()
    for change in changes:
        try:
            if outside(change.path, roots):
                where = ", ".join(str(root) for root in roots)
                raise Refused(f"points outside {where}; left alone")
            write_atomic(change.path.resolve(), change.after.encode("utf-8"), change.original)
            written.append(change)
            continue
        except ChangedOnDisk:
            errors.append(FileError(str(change.path), "changed on disk while fixing; left alone"))
        except Refused as refused:
            errors.append(FileError(str(change.path), str(refused)))
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
        from .reporters.safe import visible

        for change in changes:
            for code, fix in change.applied:
                echo(visible(f"{change.path}: fixed {code}: {fix.description}"), err=True)
    files = "file" if len(changes) == 1 else "files"
    echo(f"Fixed {plural(count, 'finding')} in {len(changes)} {files}.", err=True)


def _linter(settings, schema=None, collection_schemas=None):
    from .linter import Linter
    from .schema import SchemaError

    try:
        return Linter(settings=settings, schema=schema, collection_schemas=collection_schemas)
    except SchemaError as error:
        fail(str(error))


class _Schema:
    """A loaded schema where `Engine.schema` has its compiled one: what `_cache` reads."""

    __slots__ = ("schema",)

    def __init__(self, schema: dict):
        self.schema = schema


class _Deferred:
    """The schemas of a run, loaded as `Engine` loads them (the run's, or each collection's), and
    the linter built from them when `build` is first called: on the first miss."""

    def __init__(self, settings):
        from .schema import SchemaError, load_collection_schemas, load_schema
        from .schema_source import fetch_policy

        self.settings = settings
        self._schema = None
        try:
            if not settings.collections:
                self._schema = load_schema(settings.schema, fetch=fetch_policy(settings))
            self.collection_schemas = load_collection_schemas(
                settings.collections, fetch=fetch_policy(settings)
            )
        except SchemaError as error:
            fail(str(error))
        self.schema = _Schema(self._schema if self._schema is not None else {})
        self._linter = None

    def build(self):
        if self._linter is None:
            self._linter = _linter(self.settings, self._schema, self.collection_schemas)
        return self._linter


def exit_code(results, *, strict: bool = False, exit_zero: bool = False) -> int:
    if results.errors:
        return EXIT_TROUBLE
    failing = ("error", "warning") if strict else ("error",)
    if not exit_zero and any(d.severity in failing for d in results.diagnostics):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _append_job_summary(target: str, results) -> None:
    """Append the run's Markdown job summary to `$GITHUB_STEP_SUMMARY` (GitHub shows only 10
    error and 10 warning annotations a step). A summary that cannot be written is a warning: the
    findings are reported already, and the exit code stays theirs."""
    from .reporters import github_summary
    from .reporters.safe import visible

    text = github_summary.render(results, headline=summary(results), names=code_names())
    try:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        echo(
            visible(
                f"fmlint: warning: cannot append the job summary to {target}: "
                f"{error.strerror or error}"
            ),
            err=True,
        )


def _write_report(path: Path, report: str) -> None:
    """Atomically (a temporary file, then a rename), so Ctrl-C never leaves half a report; a
    device or a pipe (`-o /dev/stderr`) is written as it is."""
    # reporters escape what a file name or value holds; should a lone surrogate slip through
    # anyway, it is written as an escape rather than losing the whole report
    data = report.encode("utf-8", "backslashreplace")
    try:
        if path.exists() and not path.is_file():
            path.write_bytes(data)
            return
        target = path.resolve()  # a symlink's target is what gets replaced
        temporary = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as error:
        fail(f"{path}: cannot write the report: {error.strerror or error}")


def _show_progress(count: int) -> bool:
    """A bar only for a person watching a terminal, and only when the run takes a while."""
    return count >= 200 and _watching()


def _watching() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def _use_color(choice: str, stream) -> bool:
    """An explicit --color beats NO_COLOR / FORCE_COLOR, which beat the terminal test."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream is not None and stream.isatty()
