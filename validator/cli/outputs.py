"""What a run writes besides its report on stdout: the report in `-o FILE` (never half a file),
GitHub's job summary, and the hints on stderr: how to set a site up while files of it get only the
generic checks (every run until it is configured), and how to map collections when every file is
an article record (once, remembered in the cache folder).

The report itself is the reporters' (`reporters.render`); the closing words are `summary`'s.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..disk.write import write_file
from ..escape import visible
from ..reporters.summary import code_names, summary
from .console import echo, fail


def write_report(path: Path, report: str) -> None:
    """Atomically (a temporary file, then a rename), so Ctrl-C never leaves half a report; a
    device or a pipe (`-o /dev/stderr`) is written as it is."""
    # reporters escape what a file name or value holds; should a lone surrogate slip through
    # anyway, it is written as an escape rather than losing the whole report
    data = report.encode("utf-8", "backslashreplace")
    try:
        if path.exists() and not path.is_file():
            path.write_bytes(data)
            return
        write_file(str(path.resolve()), data)  # a symlink's target is what gets replaced
    except OSError as error:
        fail(f"{path}: cannot write the report: {error.strerror or error}")


def append_job_summary(target: str, results) -> None:
    """Append the run's Markdown job summary to `$GITHUB_STEP_SUMMARY` (GitHub shows only 10
    error and 10 warning annotations a step). A summary that cannot be written is a warning: the
    findings are reported already, and the exit code stays theirs."""
    from ..reporters import github_summary  # only under GitHub Actions: not on every run's path

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


SETUP_HINT = (
    "fmlint: hint: {generic} of {total} files hold no article record and got only the checks "
    "that hold for any front matter (fences, syntax, duplicate keys).\n"
    "fmlint: hint: run `fmlint init` to set up the site's collections and their schemas, then "
    "`fmlint check`."
)


def setup_hint(settings, targets) -> bool:
    """Say how many of the run's files got only the generic checks, and how to set the site up,
    to a person without any configuration (no config file, no schema, no collections): every run
    until the site is configured, in every output format (stderr: stdout stays the report).
    `targets`: the run's targets again, whose text is read as the run read it (a warm run parsed
    nothing) and judged as the engine judged it (`decide.is_other_record`: files with no record
    at all, an empty front matter or a list, are no sign of another kind). Whether it spoke.

    Reading the files again costs a warm run of the 6,241 coronavirus records (11.6 MB) 0.09 s;
    a configured run never pays it."""
    if settings.config_file is not None or settings.collections or settings.schema is not None:
        return False
    from ..decide import is_other_record  # only without configuration
    from ..model import FileError
    from ..run.targets import read_target
    from ..source.reading import decode

    generic = total = 0
    for target in targets:
        data = read_target(target)
        if data is None or isinstance(data, FileError):
            continue
        total += 1
        text = decode(data)
        if isinstance(text, str) and is_other_record(text):
            generic += 1
    if not generic:
        return False
    echo(SETUP_HINT.format(generic=f"{generic:,}", total=f"{total:,}"), err=True)
    return True


COLLECTIONS_HINT = (
    "fmlint: hint: without configuration every article record is linted against the article "
    "schema. For a site with other collections (`_games/`), map folders to schemas in "
    "[tool.fmlint.collections], or let `fmlint init` write that configuration."
)


def collections_hint(settings, results, folder: Path) -> None:
    """Say once (remembered in the cache folder) how to map collections, to a person without any
    configuration whose errors are spread over several folders: the sign of a whole site linted
    as articles. Never with a config file, `--isolated`, `--quiet`, a machine format or
    `--no-cache`."""
    if settings.config_file is not None or settings.collections or settings.schema is not None:
        return
    folders = {os.path.dirname(f.path) for f in results.files if _has_errors(f)}
    if len(folders) < 2 or not folder.is_dir():
        return
    from ..run.cache import HINT_STAMP  # imported already: there is a cache

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:  # never through a link: a planted one would create a file where it points
        os.close(os.open(folder / HINT_STAMP, flags, 0o644))
    except OSError:
        return  # said before (or cannot remember it: better unsaid than said every run)
    echo(COLLECTIONS_HINT, err=True)


def _has_errors(result) -> bool:
    return any(d.severity == "error" for d in result.diagnostics)
