"""The values a lint run hands on: one file's result, a file that could not be read, the whole run,
and a change `--fix` would write. Plain frozen values, so they pickle between processes and
cache to disk."""

from __future__ import annotations

from .value import Value

TYPE_CHECKING = False  # for annotations only: these values hold them, never build them
if TYPE_CHECKING:
    from pathlib import Path

    from .diagnostic import Diagnostic


class FileResult(Value, not_compared=("lines", "facts")):
    """One file's diagnostics, plus the source lines they point at (for reporters that quote)
    and, for a file with findings, the record's facts (`facts.record_facts`: its month and
    provider, which the HTML report charts): `path`, `diagnostics`, `lines`, `facts`."""

    FIELDS = ("path", "diagnostics", "lines", "facts")
    __slots__ = FIELDS
    path: str
    diagnostics: tuple[Diagnostic, ...]
    lines: dict
    facts: tuple

    def __init__(self, path: str, diagnostics: tuple, lines: dict | None = None, facts=()):
        put = object.__setattr__  # by hand: one a file, on the hot path
        put(self, "path", path)
        put(self, "diagnostics", diagnostics)
        put(self, "lines", {} if lines is None else lines)
        put(self, "facts", facts)


class FileError(Value):
    """A file fmlint could not read (`path`, `message`): reported on its own line, exit code 2."""

    FIELDS = ("path", "message")
    __slots__ = FIELDS
    path: str
    message: str


class Change(Value):
    """A file `--fix` would rewrite: its bytes as read, its text before and after, and the
    (code, Fix) pairs applied."""

    FIELDS = ("path", "original", "before", "after", "applied")
    __slots__ = FIELDS
    path: Path
    original: bytes
    before: str
    after: str
    applied: tuple


class Results(Value, defaults={"files": (), "errors": ()}):
    FIELDS = ("files", "errors")
    __slots__ = FIELDS
    files: tuple[FileResult, ...]
    errors: tuple[FileError, ...]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for result in self.files for d in result.diagnostics]
