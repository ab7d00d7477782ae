"""Running the engine over many files: in this process, or over worker processes (`--jobs N`).

The same results in the same order whatever N is: the files go out in bounded chunks, at most a
bounded window of chunks is in flight, and results are taken back in the order the chunks went
out. Memory stays flat in the number of files: targets stream from the walk, and a clean file's
result is only counted (`RunResults.checked`) unless the report lists every file (`keep_clean`).

Each worker builds one engine from the run's settings (sent in a picklable form: rule options by
name, as `Option`s compare by identity) and the schema the parent loaded, and opens the same cache.
Workers ignore SIGINT: on Ctrl-C the parent terminates the pool and re-raises, and the entry point
exits 130. A run with few files (`SERIAL_BELOW`) or `--jobs 1` stays in this process, without
importing multiprocessing. A worker that dies (not a Python error: those become `FileError`s)
stops the run instead of hanging it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import chain, islice

from .files import Selection, Target, discover
from .model import FileError, FileResult, Results
from .reading import read

SERIAL_BELOW = 64  # fewer files than this are linted in-process: a pool costs more than it saves
CHUNK = 32  # files a worker takes at once
WINDOW = 4  # chunks in flight per worker


class RunResults(Results):
    """`Results` of a run that keeps clean files only as a count (`checked`), and says how many
    files the cache answered (`cached`). A plain subclass: a dataclass costs start-up time."""

    def __init__(self, files=(), errors=(), *, checked: int = 0, cached: int = 0):
        super().__init__(files, errors)
        object.__setattr__(self, "checked", checked)
        object.__setattr__(self, "cached", cached)


class WorkerDied(RuntimeError):
    """A worker process ended without handing back its files (killed, or a crash in C code)."""


def default_jobs() -> int:
    """The cores this process may run on (`os.sched_getaffinity`), else the machine's count."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def iter_targets(
    settings, paths: Iterable, *, only_front_matter: bool = False, force_exclude: bool = False
) -> Iterator:
    """`Linter.targets`, streamed: what a run lints, in walk order, one at a time."""
    selection = Selection(settings.include, settings.exclude, settings.root)
    for target in discover(list(paths), selection):
        if isinstance(target, Target) and target.explicit:
            if force_exclude and selection.excluded(target.path):
                continue
            if only_front_matter:
                target = Target(target.path, explicit=False)
        yield target


class Job:
    """What a process needs to lint one target: the engine and the cache (None: no cache)."""

    def __init__(self, engine, cache=None):
        self.engine = engine
        self.cache = cache
        self.volatile = frozenset()
        if cache is not None:
            from .cache import volatile_codes

            self.volatile = volatile_codes()
        self.per_file = bool(engine.settings.per_file_ignores)

    def lint(self, target) -> FileResult | FileError | None:
        """The target's result; a `FileError`; or None for a walked file without front matter."""
        for _, data in read((target,)):
            if isinstance(data, FileError):
                return data
            path = str(target.path)
            try:
                return self._lint(data, path)
            except Exception as error:  # a bug must not hide the other files' findings
                return FileError(path, f"internal error: {error!r}")
        return None

    def _lint(self, data: bytes, path: str) -> FileResult:
        cache = self.cache
        if cache is None:
            return self.engine.lint_bytes(data, path)
        # per-file-ignores match the path relative to the project root: what they give counts
        ignored = repr(self.engine.settings.ignored_in(path)) if self.per_file else None
        key = cache.key(path, data, ignored)
        result = cache.get(key, path)
        if result is None:
            result = self.engine.lint_bytes(data, path)
            if self._stable(data, path):
                cache.put(key, result)
        return result

    def _stable(self, data: bytes, path: str) -> bool:
        """Whether the result holds whatever the clock says later (see `cache`)."""
        if not self.volatile:
            return True
        decision = self.engine.decider.for_path(path)
        if not any(decision.runs(code) for code in self.volatile):
            return True
        from .cache import changes_with_clock

        return not changes_with_clock(data, self.engine.options.clock())


def run(
    job: Job,
    targets: Iterable,
    *,
    jobs: int = 1,
    keep_clean: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RunResults:
    """Lint every target with `job` (in-process) or with `jobs` workers built like it."""
    files: list[FileResult] = []
    errors: list[FileError] = []
    checked = 0

    def take(outcome) -> None:
        nonlocal checked
        if outcome is None:
            return
        if isinstance(outcome, FileError):
            errors.append(outcome)
            return
        checked += 1
        if isinstance(outcome, str):  # a clean file, as a worker sends it back
            if keep_clean:
                files.append(FileResult(outcome, ()))
        elif keep_clean or outcome.diagnostics:
            files.append(outcome)

    targets = iter(targets)
    head = list(islice(targets, SERIAL_BELOW)) if jobs > 1 else []
    hits_before = job.cache.hits if job.cache is not None else 0
    if jobs > 1 and len(head) >= SERIAL_BELOW:
        _parallel(job, chain(head, targets), jobs, take, progress)
    else:
        done = 0
        for target in chain(head, targets):
            take(job.lint(target))
            done += 1
            if progress is not None and done % CHUNK == 0:
                progress(CHUNK)
        if progress is not None and done % CHUNK:
            progress(done % CHUNK)
    cached = job.cache.hits - hits_before if job.cache is not None else 0
    return RunResults(tuple(files), tuple(errors), checked=checked, cached=cached)


# -- the pool


def portable(settings) -> tuple:
    """Settings as they pickle: `Option`s compare by identity, so rule options go by name."""
    from .rules import RuleOptions

    options = settings.options
    written = tuple((option.name, raw) for option, raw in options.written)
    return replace(settings, options=RuleOptions()), written, options.now


def restore(recipe: tuple):
    from .rules import RuleOptions

    settings, written, now = recipe
    return replace(settings, options=RuleOptions(dict(written), now=now))


_job: Job | None = None


def _start(recipe: tuple, schema: dict, cache_args: tuple | None) -> None:
    """A worker's start: ignore Ctrl-C (the parent handles it), build the engine and the cache."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _job
    from .engine import Engine

    cache = None
    if cache_args is not None:
        from .cache import Cache

        cache = Cache(*cache_args)
    _job = Job(Engine(schema=schema, settings=restore(recipe)), cache)


def _lint_chunk(chunk: list) -> tuple[list, int, int]:
    job = _job
    cache = job.cache
    hits, stored = (cache.hits, cache.stored) if cache is not None else (0, 0)
    out = []
    for target in chunk:
        outcome = job.lint(target)
        if isinstance(outcome, FileResult) and not outcome.diagnostics:
            outcome = outcome.path  # a clean file: its path is all the parent needs
        out.append(outcome)
    if cache is None:
        return out, 0, 0
    return out, cache.hits - hits, cache.stored - stored


def _context():
    import multiprocessing

    # fork starts a worker in milliseconds and shares the parent's imports; elsewhere (macOS,
    # Windows) fork is unsafe or absent
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def _parallel(job: Job, targets: Iterator, jobs: int, take, progress) -> None:
    import signal
    from collections import deque

    context = _context()
    cache = job.cache
    cache_args = None if cache is None else (cache.folder, cache.run_key)
    initargs = (portable(job.engine.settings), job.engine.schema.schema, cache_args)
    try:  # workers inherit an ignored SIGINT: a Ctrl-C while they start cannot reach them
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        previous = None
    try:
        pool = context.Pool(jobs, _start, initargs)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    workers = {process.pid for process in context.active_children()}
    pending: deque = deque()

    def collect() -> None:
        size, waiting = pending.popleft()
        while not waiting.ready():
            waiting.wait(0.5)
            if not waiting.ready() and not workers <= {
                process.pid for process in context.active_children()
            }:
                raise WorkerDied("a worker process died; the run was stopped")
        outcomes, hits, stored = waiting.get()
        if cache is not None:
            cache.hits += hits
            cache.stored += stored
        for outcome in outcomes:
            take(outcome)
        if progress is not None:
            progress(size)

    try:
        while True:
            chunk = list(islice(targets, CHUNK))
            if not chunk:
                break
            pending.append((len(chunk), pool.apply_async(_lint_chunk, (chunk,))))
            if len(pending) >= jobs * WINDOW:
                collect()
        while pending:
            collect()
        pool.close()
    except BaseException:  # Ctrl-C, a dead worker: stop every worker now
        pool.terminate()
        raise
    finally:
        pool.join()
