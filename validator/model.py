"""The values a lint run hands on: one file's result, a file that could not be read, the whole run,
and a change `--fix` would write. Plain frozen values, so they pickle between processes and
cache to disk."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostic import Diagnostic


@dataclass(frozen=True)
class FileResult:
    """One file's diagnostics, plus the source lines they point at (for reporters that quote)
    and, for a file with findings, the record's facts (`facts.record_facts`: its month and
    provider, which the HTML report charts)."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    lines: dict = field(default_factory=dict, compare=False)
    facts: tuple = field(default=(), compare=False)


@dataclass(frozen=True)
class FileError:
    """A file fmlint could not read: reported on its own line, exit code 2."""

    path: str
    message: str


@dataclass(frozen=True)
class Change:
    """A file `--fix` would rewrite: its bytes as read, its text before and after."""

    path: Path
    original: bytes
    before: str
    after: str
    applied: tuple  # (code, Fix) pairs


@dataclass(frozen=True)
class Results:
    files: tuple[FileResult, ...] = ()
    errors: tuple[FileError, ...] = ()

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for result in self.files for d in result.diagnostics]
