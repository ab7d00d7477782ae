"""Running the engine over many files: in this process, or over worker processes (`--jobs N`).

The same results in the same order whatever N is. This process walks the files and, with a
cache, answers each one it can itself (read, hash, one `stat`): a warm run never starts a pool.
Only the misses go to workers, in bounded chunks with a bounded window in flight, and every
result is taken back in walk order (a hit waits behind the misses before it). A run whose misses
stay few (`SERIAL_BELOW` within `HOLD` files) lints them in-process, without importing
multiprocessing. Memory stays flat in the number of files: targets stream from the walk, and a
clean file's result is only counted (`RunResults.checked`) unless the report lists every file
(`keep_clean`).

Each worker builds one engine from the run's settings (sent in a picklable form: rule options by
name, as `Option`s compare by identity) and the schema the parent loaded, and opens the same cache
to store what it lints. Workers ignore SIGINT: on Ctrl-C the parent terminates the pool and
re-raises, and the entry point exits 130. A worker that dies (not a Python error: those become
`FileError`s) stops the run instead of hanging it.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from ..disk.safe_read import ARTICLE_CAP, read_bytes
from ..model import FileError, FileResult, Results
from ..rules import RuleOptions
from ..source.files import Missing, Selection, Target, discover
from ..source.reading import _FENCE_BYTES
from ..value import replace

SERIAL_BELOW = 64  # fewer misses than this are linted in-process: a pool costs more than it saves
HOLD = 4096  # files held while deciding whether the misses among them are worth a pool
CHUNK = 128  # files a worker takes at once (measured: 32 gave 1.69x at --jobs 2, 128 gave 1.75x)
WINDOW = 4  # chunks in flight per worker
_BLOCK = 1 << 16  # bytes read at once
_O_READ = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


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
                target = Target(target.location, explicit=False)
        yield target


def read_target(target) -> bytes | FileError | None:
    """A target's bytes (as `reading.read` gives them, with fewer calls: a run reads every file);
    a `FileError`; or None for a walked file without front matter."""
    if isinstance(target, Missing):
        return FileError(str(target.path), target.reason)
    path = target.location
    try:
        data = read_bytes(path, ARTICLE_CAP)
    except OSError as error:
        return FileError(path, error.strerror or str(error))
    if target.explicit or _FENCE_BYTES.match(data):
        return data
    return None


class Miss:
    """A file the cache could not answer: to be linted (here, or by a worker)."""

    __slots__ = ("data", "key", "target")

    def __init__(self, target, data: bytes | None, key: str | None = None):
        self.target = target
        self.data = data  # None: not read yet (no cache: a worker reads it)
        self.key = key  # its cache key, worked out from `data`


class Job:
    """What a process needs to lint one target: the engine and the cache (None: no cache).

    `engine` is an engine, or a function that builds one (then `settings` are its settings): it is
    called on the first miss, so a warm run whose every file is a hit never imports the YAML
    parser, the rules or the schema compiler."""

    def __init__(self, engine, cache=None, *, settings=None):
        self._engine = None if callable(engine) else engine
        self._build = engine if callable(engine) else None
        self.settings = settings if self._engine is None else self._engine.settings
        self.cache = cache
        self._volatile = None if cache is not None else frozenset()
        self.per_file = bool(self.settings.per_file_ignores)
        self.collections = bool(self.settings.collections)
        self._decided: dict[int, str] = {}  # a decision's part of the key

    @property
    def engine(self):
        engine = self._engine
        if engine is None:
            engine = self._engine = self._build()
        return engine

    @property
    def volatile(self) -> frozenset:
        """Codes of the clock-dependent rules (with a cache; found on the first store)."""
        volatile = self._volatile
        if volatile is None:
            from .volatile import volatile_codes  # only to store a result: not on a warm run

            volatile = self._volatile = volatile_codes()
        return volatile

    def lint(self, target) -> FileResult | FileError | None:
        """The target's result, the cache asked first; a `FileError`; or None for a walked file
        without front matter."""
        outcome = self.look(target)
        if isinstance(outcome, Miss):
            return self.lint_miss(outcome.target, outcome.data, outcome.key)
        if isinstance(outcome, str):
            return FileResult(outcome, ())
        return outcome

    def look(self, target):
        """What this process can say about a target without linting it: a hit (the path, for a
        clean file, or its `FileResult`), a `FileError`, None (no front matter), or a `Miss`."""
        cache = self.cache
        if cache is None:
            return Miss(target, None)
        data = read_target(target)
        if data is None or isinstance(data, FileError):
            return data
        path = target.location
        key = self._key(data, path)
        result = cache.lookup(key, path)
        return Miss(target, data, key) if result is None else result

    def lint_miss(
        self, target, data: bytes | None = None, key: str | None = None
    ) -> FileResult | FileError | None:
        """Lint a target the cache did not answer (reading it unless `data` is given, with its
        `key`), and store its result."""
        if data is None:
            data = read_target(target)
            if data is None or isinstance(data, FileError):
                return data
        path = target.location
        try:
            result = self.engine.lint_bytes(data, path)
            cache = self.cache
            if cache is not None and self._stable(data, path):
                cache.put(key or self._key(data, path), result)
            return result
        except Exception as error:  # a bug must not hide the other files' findings
            return FileError(path, f"internal error: {error!r}")

    def _key(self, data: bytes, path: str) -> str:
        # per-file-ignores and collections match the path relative to the project root: what
        # they give (the ignored codes, the file's schema) counts
        relative = None
        if self.per_file or self.collections:
            decision = self.engine.decider.for_path(path)
            relative = self._decided.get(id(decision))
            if relative is None:  # decisions are few and kept by the decider: ids stay theirs
                relative = repr((sorted(decision.codes), decision.schema))
                self._decided[id(decision)] = relative
        online = None if self._engine is None else self._engine.online
        if online is not None:  # `--online`: what the network said about the file's URLs too
            relative = f"{relative}\0online\0{online.fingerprint(path)}"
        return self.cache.key(path, data, relative)

    def _stable(self, data: bytes, path: str) -> bool:
        """Whether the result holds whatever the clock says later (see `cache`)."""
        if not self.volatile:
            return True
        decision = self.engine.decider.for_path(path)
        if not any(decision.runs(code) for code in self.volatile):
            return True
        from .volatile import changes_with_clock  # only to store a result

        return not changes_with_clock(data, self.engine.options.clock())


def run(
    job: Job,
    targets: Iterable,
    *,
    jobs: int = 1,
    keep_clean: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RunResults:
    """Lint every target with `job`: hits answered here, misses in-process or by `jobs` workers."""
    files: list[FileResult] = []
    errors: list[FileError] = []
    checked = 0
    done = 0

    def take(outcome) -> None:
        nonlocal checked, done
        done += 1
        if progress is not None and done % CHUNK == 0:
            progress(CHUNK)
        if outcome is None:
            return
        if isinstance(outcome, FileError):
            errors.append(outcome)
            return
        checked += 1
        if isinstance(outcome, str):  # a clean file: a hit, or as a worker sends it back
            if keep_clean:
                files.append(FileResult(outcome, ()))
        elif keep_clean or outcome.diagnostics:
            files.append(outcome)

    cache = job.cache
    hits_before = cache.hits if cache is not None else 0
    if jobs > 1:
        _Scheduler(job, jobs, take).feed(targets)
    else:
        look, lint_miss = job.look, job.lint_miss
        for target in targets:
            outcome = look(target)
            if type(outcome) is Miss:
                outcome = lint_miss(outcome.target, outcome.data, outcome.key)
            take(outcome)
    if cache is not None:
        cache.flush()
    if progress is not None and done % CHUNK:
        progress(done % CHUNK)
    cached = cache.hits - hits_before if cache is not None else 0
    return RunResults(tuple(files), tuple(errors), checked=checked, cached=cached)


class _Chunk:
    """Misses sent to a worker together; each holds its place in the walk order (`_Scheduler`)."""

    __slots__ = ("outcomes", "taken", "targets", "waiting")

    def __init__(self):
        self.targets: list = []
        self.waiting = None  # the worker's answer, once sent
        self.outcomes: list | None = None
        self.taken = 0


class _Scheduler:
    """Walk-ordered outcomes for `jobs` > 1: hits at once, misses by workers, started only when
    enough misses come (`SERIAL_BELOW` within `HOLD` files); until then the misses are held and,
    if few, linted here."""

    def __init__(self, job: Job, jobs: int, take):
        self.job, self.jobs, self.take = job, jobs, take
        self.order: deque = deque()  # outcomes, `Miss`es (undecided) or `_Chunk`s (one per miss)
        self.held = 0  # misses in `order` before a pool
        self.pool = None
        self.chunk: _Chunk | None = None  # being filled
        self.flying = 0  # chunks sent and not yet answered
        self.limit = jobs * WINDOW * CHUNK * 2  # outcomes waiting behind a miss

    def feed(self, targets: Iterable) -> None:
        try:
            look = self.job.look
            order = self.order
            for target in targets:
                outcome = look(target)
                if type(outcome) is Miss:
                    if self.pool is None:
                        order.append(outcome)
                        self.held += 1
                        if self.held >= SERIAL_BELOW:
                            self._start()
                    else:
                        self._send(outcome)
                elif order:
                    order.append(outcome)
                else:
                    self.take(outcome)
                if len(order) >= (HOLD if self.pool is None else self.limit):
                    self._drain(len(order) // 2)
            self._drain(0)
            if self.pool is not None:
                self.pool.close()
        except BaseException:  # Ctrl-C, a dead worker: stop every worker now
            if self.pool is not None:
                self.pool.terminate()
            raise
        finally:
            if self.pool is not None:
                self.pool.join()

    def _send(self, miss: Miss) -> None:
        chunk = self.chunk
        if chunk is None:
            chunk = self.chunk = _Chunk()
        chunk.targets.append(miss.target)
        self.order.append(chunk)
        if len(chunk.targets) >= CHUNK:
            self._submit()
            while self.flying >= self.jobs * WINDOW:
                self._drain(len(self.order) - 1)

    def _submit(self) -> None:
        chunk, self.chunk = self.chunk, None
        chunk.waiting = self.pool.apply_async(_lint_chunk, (chunk.targets,))
        self.flying += 1

    def _drain(self, keep: int) -> None:
        """Take outcomes from the front of the order until at most `keep` are left; with no pool,
        the held misses are linted here first."""
        order, take = self.order, self.take
        if self.pool is None:
            lint_miss = self.job.lint_miss
            while len(order) > keep:
                outcome = order.popleft()
                if type(outcome) is Miss:
                    self.held -= 1
                    outcome = lint_miss(outcome.target, outcome.data, outcome.key)
                take(outcome)
            return
        while len(order) > keep:
            outcome = order[0]
            if type(outcome) is _Chunk:
                if outcome.outcomes is None:
                    if outcome.waiting is None:
                        self._submit()  # the chunk being filled: send it as it is
                    self._wait(outcome)
                outcome, chunk = outcome.outcomes[outcome.taken], outcome
                chunk.taken += 1
            order.popleft()
            take(outcome)

    def _wait(self, chunk: _Chunk) -> None:
        waiting = chunk.waiting
        while not waiting.ready():
            waiting.wait(0.5)
            if not waiting.ready() and not self.workers <= {
                process.pid for process in self.context.active_children()
            }:
                raise WorkerDied("a worker process died; the run was stopped")
        outcomes, stored = waiting.get()
        cache = self.job.cache
        if cache is not None:
            cache.stored += stored
        chunk.outcomes = outcomes
        chunk.waiting = None
        self.flying -= 1

    def _start(self) -> None:
        """Start the workers and send them the misses held so far, in their places."""
        self.pool, self.context, self.workers = _pool(self.job, self.jobs)
        held = list(self.order)
        self.order.clear()  # in place: `feed` holds it
        self.held = 0
        for outcome in held:
            if type(outcome) is Miss:
                self._send(outcome)
            else:
                self.order.append(outcome)


# -- the pool


def portable(settings) -> tuple:
    """Settings as they pickle: `Option`s compare by identity, so rule options go by name."""
    options = settings.options
    written = tuple((option.name, raw) for option, raw in options.written)
    return replace(settings, options=RuleOptions()), written, options.now


def restore(recipe: tuple):
    settings, written, now = recipe
    return replace(settings, options=RuleOptions(dict(written), now=now))


_job: Job | None = None


def _start(
    recipe: tuple,
    schema: dict,
    cache_args: tuple | None,
    collection_schemas: dict | None = None,
    online=None,
    parsed=None,
) -> None:
    """A worker's start: ignore Ctrl-C (the parent handles it), build the engine and the cache."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _job
    from ..engine import Engine  # a worker builds one; the parent of a warm run never does

    cache = None
    if cache_args is not None:
        from .cache import Cache  # as the parent: not with --no-cache

        cache = Cache(*cache_args)
    engine = Engine(schema=schema, settings=restore(recipe), collection_schemas=collection_schemas)
    engine.online = online  # `--online`: the answers the parent fetched, once for every worker
    engine.parsed = parsed or {}  # and the documents it parsed collecting them (fork: no copy)
    _job = Job(engine, cache)


def _lint_chunk(chunk: list) -> tuple[list, int]:
    """A worker's answer for a chunk of misses: an outcome each (a clean file's path is all the
    parent needs), and how many results it stored."""
    job = _job
    cache = job.cache
    stored = cache.stored if cache is not None else 0
    out = []
    for target in chunk:
        outcome = job.lint_miss(target)
        if isinstance(outcome, FileResult) and not outcome.diagnostics:
            outcome = outcome.path
        out.append(outcome)
    if cache is None:
        return out, 0
    cache.flush()
    return out, cache.stored - stored


def _context():
    import multiprocessing  # only to start workers: a serial run never pays for it

    # fork starts a worker in milliseconds and shares the parent's imports; elsewhere (macOS,
    # Windows) fork is unsafe or absent
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def _pool(job: Job, jobs: int):
    """A pool of `jobs` workers built like `job`, its context and its workers' pids."""
    context = _context()
    cache = job.cache
    cache_args = None if cache is None else (cache.folder, cache.run_key)
    engine = job.engine
    initargs = (
        portable(engine.settings),
        engine.schema.schema,
        cache_args,
        engine.collection_schemas,
        engine.online,
        # documents parsed while collecting --online's URLs: shared for free by fork, not copied
        engine.parsed if context.get_start_method() == "fork" else None,
    )
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
    return pool, context, workers
