"""One target, as one process lints it (`Job`): the cache asked first, then the engine on a miss.

`runner` asks `Job.look` of every target in this process and sends the misses to `Job.lint_miss`,
here or in a worker (`pool`); `Job.lint` does both for one file.
"""

from __future__ import annotations

from ..model import FileError, FileResult
from .targets import read_target


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
            cache = self.cache
            looked = _pictures_looked_up() if cache is not None else 0
            result = self.engine.lint_bytes(data, path)
            if cache is not None and self._stable(data, path) and looked == _pictures_looked_up():
                cache.put(key or self._key(data, path), result)  # pictures unread: see `cache`
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


def _pictures_looked_up() -> int:
    """How many times this process's rules looked a picture up in the site (`local_files`)."""
    from ..rules.local_files import lookups  # only to store a result

    return lookups()
