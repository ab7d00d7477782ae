"""Running the engine over many files: in this process, or over worker processes (`--jobs N`).

The same results in the same order whatever N is. This process walks the files (`targets`) and,
with a cache, answers each one it can itself (`Job.look`: read, hash, one `stat`): a warm run never
starts a pool. Only the misses go to workers (`pool`), in bounded chunks with a bounded window in
flight, and every result is taken back in walk order (a hit waits behind the misses before it). A
run whose misses stay few (`SERIAL_BELOW` within `HOLD` files) lints them in-process, without
importing multiprocessing. Memory stays flat in the number of files: targets stream from the walk,
and a clean file's result is only counted (`RunResults.checked`) unless the report lists every file
(`keep_clean`).

On Ctrl-C the pool is terminated and the interrupt re-raised (the entry point exits 130). A worker
that dies (not a Python error: those become `FileError`s) stops the run instead of hanging it.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable

from ..model import FileError, FileResult, Results
from .job import Job, Miss
from .pool import lint_chunk as _lint_chunk  # the two names the scheduler calls the pool by
from .pool import portable, restore
from .pool import start as _pool  # (tests replace them: a pool that must not start, or dies)
from .targets import iter_targets

# the run's face: `cli.check` drives a run as `runner.Job(...)`, `runner.iter_targets(...)`,
# `runner.run(...)`
__all__ = [
    "CHUNK",
    "HOLD",
    "SERIAL_BELOW",
    "WINDOW",
    "Job",
    "RunResults",
    "WorkerDied",
    "default_jobs",
    "iter_targets",
    "portable",
    "restore",
    "run",
]

SERIAL_BELOW = 64  # fewer misses than this are linted in-process: a pool costs more than it saves
HOLD = 4096  # files held while deciding whether the misses among them are worth a pool
CHUNK = 128  # files a worker takes at once (measured: 32 gave 1.69x at --jobs 2, 128 gave 1.75x)
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
