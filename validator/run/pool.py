"""The worker processes of a run with `--jobs N`: the pool started like the parent's `Job`
(`start`), and what each worker does (`lint_chunk`).

Each worker builds one engine from the run's settings (sent in a picklable form: rule options by
name, as `Option`s compare by identity, `portable`) and the schema the parent loaded, and opens the
same cache to store what it lints. Workers ignore SIGINT: on Ctrl-C the parent (`runner`)
terminates the pool and re-raises, and the entry point exits 130.
"""

from __future__ import annotations

import signal
import sys

from ..model import FileResult
from ..rules import RuleOptions
from ..value import replace
from .job import Job


def portable(settings) -> tuple:
    """Settings as they pickle: `Option`s compare by identity, so rule options go by name."""
    options = settings.options
    written = tuple((option.name, raw) for option, raw in options.written)
    return replace(settings, options=RuleOptions()), written, options.now


def restore(recipe: tuple):
    settings, written, now = recipe
    return replace(settings, options=RuleOptions(dict(written), now=now))


_job: Job | None = None


def _start_worker(
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


def lint_chunk(chunk: list) -> tuple[list, int]:
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


def start(job: Job, jobs: int):
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
        pool = context.Pool(jobs, _start_worker, initargs)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    workers = {process.pid for process in context.active_children()}
    return pool, context, workers
