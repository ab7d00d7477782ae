"""`fmlint check` itself, without click: options in, report out, an exit code back.

The click command and the lean launcher (`validator.cli.launch`, which skips importing click for the
common `fmlint check FILE...`) both call `run`, so the two can never disagree. This module only
orchestrates a run, one function per mode (stdin, a lint of files, --fix/--diff). The options
are `check_options`'; the engine of a plain lint is `lazy_engine`'s; `run_cache` finds the cache,
`online_pass` fetches what `--online` needs, `fix_output` writes fixes and diffs, `outputs` the
report file, the job summary and the hint; `console` says things and stops the run.
"""

from __future__ import annotations

import os
import signal
import sys
from itertools import chain, islice
from pathlib import Path

from ..config import ConfigError, load
from ..escape import visible
from ..reporters import FORMATS, render
from ..reporters.summary import (
    STATISTICS_FORMATS,
    diff_summary,
    fixable,
    statistics,
    summary,
)
from ..run import runner
from ..run.lazy_engine import LazyEngine
from ..schema.load import SchemaError
from .cache_folder import cache_folder, open_cache
from .console import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_TROUBLE,
    Stop,
    UsageProblem,
    echo,
    fail,
)
from .options import OUTPUT_FORMAT_ENV, CheckOptions, settings_given
from .outputs import append_job_summary, collections_hint, setup_hint, write_report

HUMAN_FORMATS = {"full", "concise"}
# Formats that list every file, clean ones too; the others need only the files with findings.
EVERY_FILE_FORMATS = frozenset({"junit"})
_PEEK = 200  # targets looked at before deciding on a progress bar


def settings_for(config_path, isolated, cli_values=None):
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
            signal.signal(signal.SIGTERM, previous)


def _terminate_as_interrupt():
    """SIGTERM (a cancelled CI job) ends the run as Ctrl-C does: the same clean path, exit 130.

    Returns the handler it replaced (None when it could not install one: not the main thread).
    """
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
    output_format = _output_format(o.output_format)
    stdin = "-" in o.paths or o.stdin_filename is not None
    _refuse_a_page_on_a_terminal(o, output_format, stdin)  # before any work (see `launch`)
    settings = settings_for(o.config_path, o.isolated, settings_given(o))
    if stdin:
        return _check_stdin(o, settings, output_format)
    if o.apply_fixes or o.show_diff:
        return _check_fixes(o, settings, output_format)
    return _check_files(o, settings, output_format)


def _output_format(given: str | None) -> str:
    """`--output-format`, else `FMLINT_OUTPUT_FORMAT`, else github under GitHub Actions, else
    full. A bad variable is named as what it is, with the formats there are (exit 2)."""
    if given is not None:
        return given
    from_env = os.environ.get(OUTPUT_FORMAT_ENV)
    if from_env:  # empty: not set, as click reads a variable
        if from_env not in FORMATS:
            fail(
                f"{OUTPUT_FORMAT_ENV}={from_env!r} is not an output format; use one of: "
                f"{', '.join(FORMATS)}"
            )
        return from_env
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full"


def _refuse_a_page_on_a_terminal(o: CheckOptions, output_format: str, stdin: bool) -> None:
    """`--output-format html` is a whole web page: a usage error where it would fill a terminal
    (`-o report.html` writes it; `> report.html` or a pipe still takes it from stdout)."""
    if output_format != "html" or o.output_file is not None or o.show_diff:
        return
    stream = sys.stderr if stdin and o.apply_fixes else sys.stdout  # where `_report` puts it
    if stream.isatty():
        raise UsageProblem(
            "--output-format html writes a whole web page, not one for a terminal: "
            "give -o report.html (or redirect it: > report.html)"
        )


def _check_stdin(o: CheckOptions, settings, output_format: str) -> int:
    """`fmlint check -` (or `--stdin-filename NAME`): the text on stdin linted, fixed (the fixed
    text on stdout, the report on stderr) or diffed."""
    linter = _linter(settings)
    paths = o.paths
    if o.stdin_filename is not None and "-" not in paths:  # a name for stdin means stdin
        if paths:
            raise UsageProblem("--stdin-filename names the text on stdin; it takes no paths")
        paths = ("-",)
    folder = cache_folder(settings, o.no_cache, o.cache_dir)
    if len(paths) > 1:
        raise UsageProblem("`-` (stdin) cannot be combined with other paths")
    name = o.stdin_filename or "<stdin>"
    data = sys.stdin.buffer.read()
    tally = _online(linter, settings, folder, output_format, stdin=(name, data))
    if not (o.apply_fixes or o.show_diff):
        return _report(o, settings, output_format, linter.lint_stdin(data, name), tally=tally)
    from .fixes import fix_stdin, report_fixes, unified_diff  # the fixer: only to fix

    results, changes = fix_stdin(linter, data, name, o.unsafe_fixes)
    if o.show_diff:
        return _show_diff(o, results, changes, unified_diff(changes))
    sys.stdout.flush()
    sys.stdout.buffer.write(changes[0].after.encode("utf-8") if changes else data)
    sys.stdout.buffer.flush()
    report_fixes(changes, o.show_fixes)
    return _report(o, settings, output_format, results, tally=tally, text_on_stdout=True)


def _check_files(o: CheckOptions, settings, output_format: str) -> int:
    """A lint of the files named (or found): the cache asked first, the misses linted by the
    runner; with `--online`, every URL fetched first."""
    if not settings.online:
        # the engine is built on the first miss (a warm run may never need it); the schemas are
        # read now all the same, for the cache key and to report a bad one first
        engine = _lazy_engine(settings)
        folder = cache_folder(settings, o.no_cache, o.cache_dir)
        cache = open_cache(settings, folder, engine.run_schema, engine.collection_schemas)
        results = _lint(engine.build, cache, _walk(settings, o), o, output_format, settings)
        _refuse_nothing_linted(o, settings, results)
        return _report(o, settings, output_format, results, cache=cache)
    linter = _linter(settings)
    folder = cache_folder(settings, o.no_cache, o.cache_dir)
    targets = list(_walk(settings, o))
    # the answers first: cached results are keyed by them (`runner.Job`)
    tally = _online(linter, settings, folder, output_format, targets=targets)
    cache = open_cache(settings, folder, linter.schema.schema, linter.collection_schemas)
    results = _lint(linter, cache, targets, o, output_format, settings)
    _refuse_nothing_linted(o, settings, results)
    return _report(o, settings, output_format, results, cache=cache, tally=tally)


def _check_fixes(o: CheckOptions, settings, output_format: str) -> int:
    """`--fix` (write the fixed files, then report what is left) or `--diff` (print the changes,
    write nothing)."""
    from .fixes import report_fixes, unified_diff, write_fixes  # the fixer: only to fix

    linter = _linter(settings)
    folder = cache_folder(settings, o.no_cache, o.cache_dir)
    targets = list(_walk(settings, o))
    tally = _online(linter, settings, folder, output_format, targets=targets)
    results, changes = linter.fix_targets(targets, unsafe=o.unsafe_fixes)
    _refuse_nothing_linted(o, settings, results)
    if o.show_diff:
        return _show_diff(o, results, changes, unified_diff(changes))
    results, written = write_fixes(linter, results, changes, o.paths or ["."])
    report_fixes(written, o.show_fixes)
    return _report(o, settings, output_format, results, tally=tally)


def _show_diff(o: CheckOptions, results, changes, diff: str) -> int:
    """`--diff`: the diff on stdout (nothing else there); on stderr the paths that could not be
    read, what the fixes would leave and whether a fix is left (`diff_summary`). Exit 1 when
    there is something to fix, and when findings that fail a run would remain (an error the
    fixes leave must not pass for clean), as without --diff."""
    if diff:
        echo(diff, nl=False)
    _say_errors(results)
    if not o.quiet:
        echo(diff_summary(results, changes, unsafe=o.unsafe_fixes), err=True)
    code = exit_code(results, strict=o.strict, exit_zero=o.exit_zero)
    return EXIT_FINDINGS if changes and code == EXIT_CLEAN else code


def _refuse_nothing_linted(o: CheckOptions, settings, results) -> None:
    """A walk that found nothing to lint is no pass (exit 2, one line saying why): an empty
    folder, a wrong path, an `include` that takes nothing. Named files that were skipped
    (`--only-front-matter`, `--force-exclude`: pre-commit's staged README.md) are a pass."""
    checked = getattr(results, "checked", None)
    if checked is None:
        checked = len(results.files)
    paths = o.paths or (".",)
    if checked or results.errors or not all(os.path.isdir(path) for path in paths):
        return
    globs = list(settings.include) or ["no"]  # `include = []`: a walk takes nothing
    taken = globs[0] if len(globs) == 1 else f"{', '.join(globs[:-1])} and {globs[-1]}"
    fail(
        f"no files to lint in {', '.join(paths)} (a directory walk takes {taken} files that "
        "open with front matter: ---, +++, or { in Markdown; name a file to lint it whatever it "
        "holds)"
    )


def _report(
    o: CheckOptions,
    settings,
    output_format: str,
    results,
    *,
    cache=None,
    tally=None,
    text_on_stdout: bool = False,
) -> int:
    """The run's report (on stdout; on stderr when stdout holds the fixed text of stdin; or in
    `-o FILE`), its errors, the statistics, the closing lines and the job summary; the exit code.
    """
    human = output_format in HUMAN_FORMATS
    stream = (sys.stderr if text_on_stdout else sys.stdout) if o.output_file is None else None
    use_color = human and _use_color(o.color, stream)
    table = ""  # --statistics beside a report that keeps its format (github, sarif, ...): stderr
    if o.statistics and (human or output_format in STATISTICS_FORMATS):
        report = statistics(results, output_format, unsafe=o.unsafe_fixes)
    else:
        folder = None if o.output_file is None else str(o.output_file.parent)
        report = render(output_format, results, color=use_color, report_dir=folder)
        if o.statistics:
            table = statistics(results)
    if o.output_file is not None:
        write_report(o.output_file, report)
    elif report:
        echo(report, nl=False, err=text_on_stdout)
    _say_errors(results)
    if table:
        echo(table, err=True, nl=False)
    if not o.quiet:  # whatever the format: a CI log says why the job failed (stdout is the report)
        echo(summary(results) + fixable(results, o.unsafe_fixes, o.apply_fixes), err=True)
        stdin = "-" in o.paths or o.stdin_filename is not None
        said = o.isolated or stdin or setup_hint(settings, _walk(settings, o))
        if not said and human and cache is not None:
            collections_hint(settings, results, cache.folder)
    if tally is not None and not o.quiet:
        echo(tally.line(), err=True)
    if output_format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        append_job_summary(os.environ["GITHUB_STEP_SUMMARY"], results)
    code = exit_code(results, strict=o.strict, exit_zero=o.exit_zero)
    if cache is not None and cache.prune_due():
        cache.prune()
    return code


def _say_errors(results) -> None:
    for error in results.errors:
        echo(visible(f"fmlint: error: {error.path}: {error.message}"), err=True)


def exit_code(results, *, strict: bool = False, exit_zero: bool = False) -> int:
    if results.errors:
        return EXIT_TROUBLE
    failing = ("error", "warning") if strict else ("error",)
    if not exit_zero and any(d.severity in failing for d in results.diagnostics):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _linter(settings):
    """The whole engine at once (stdin, --fix, --diff, --online)."""
    from ..run.linter import (
        Linter,  # the YAML parser, the rules: a warm plain lint never needs them
    )

    try:
        return Linter(settings=settings)
    except SchemaError as error:
        fail(str(error))


def _lazy_engine(settings) -> LazyEngine:
    try:
        return LazyEngine(settings)
    except SchemaError as error:
        fail(str(error))


def _walk(settings, o: CheckOptions):
    """The run's targets, streamed in walk order (`runner.iter_targets`)."""
    return runner.iter_targets(
        settings,
        o.paths or ["."],
        only_front_matter=o.only_front_matter,
        force_exclude=o.force_exclude,
    )


def _online(linter, settings, folder: Path | None, output_format: str, *, targets=(), stdin=None):
    """With --online: fetch every URL the targets (or stdin's `(name, bytes)`) hold, once, and
    give the answers to the engine (`online_pass`). Returns the `Tally` for the summary line, or
    None offline."""
    if not settings.online:
        return None
    from . import online_pass  # the online package: only with --online

    sources = [stdin] if stdin is not None else online_pass.readable(targets)
    bar = _bar if output_format in HUMAN_FORMATS and _watching() else None
    return online_pass.fetch_answers(linter, settings, sources, folder, bar)


def _lint(engine, cache, targets, o: CheckOptions, output_format: str, settings):
    """Lint the targets (streamed) with the runner: `--jobs` workers, the cache; a bar for a
    person. `engine`: the linter, or a function that builds it (`runner.Job`)."""
    human = output_format in HUMAN_FORMATS
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
    job = runner.Job(engine, cache, settings=settings)
    jobs = _jobs(o.jobs)
    keep_clean = output_format in EVERY_FILE_FORMATS
    if human and count is not None and _show_progress(count):
        with _bar(count, "Linting") as bar:
            return runner.run(job, targets, jobs=jobs, keep_clean=keep_clean, progress=bar.update)
    return runner.run(job, targets, jobs=jobs, keep_clean=keep_clean)


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
        return runner.default_jobs()
    return given


def _bar(length: int, label: str):
    """A progress bar on stderr (`with _bar(n, "Linting") as bar: ... bar.update(k)`)."""
    import click  # only to draw a bar: the lean launcher never imports click otherwise

    return click.progressbar(length=length, file=sys.stderr, label=label, show_pos=True)


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
