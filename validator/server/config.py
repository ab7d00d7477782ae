"""Configuration for the language server: the Linter for the configuration nearest each file.

Before each lint only the candidate config files from the file's folder up are stat'ed; they are
read (and a Linter built) only when one appears, goes, or changes (mtime, size, inode), or when
the client says one changed (`workspace/didChangeWatchedFiles`, `Linters.forget`).
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from .. import config
from ..source.files import Selection

MAX_LINTERS = 16  # configurations kept at once (a workspace rarely has more than a few)


class Linters:
    """What the config files up from a folder look like (stat only) -> its Linter, or the
    ConfigError reading them gave: a config file is read only when that picture changes."""

    def __init__(self) -> None:
        self._by_signature: dict[tuple, Any] = {}

    def for_file(self, file_path: str | None):
        """The Linter for the configuration nearest the file (defaults when there is none);
        raises the ConfigError (or SchemaError) a bad configuration gives."""
        folder = Path(file_path).resolve().parent if file_path else None
        signature = _config_signature(folder) if folder is not None else ()
        cached = self._by_signature.get(signature)
        if cached is None:
            cached = _build_linter(folder, signature)
            while len(self._by_signature) >= MAX_LINTERS:
                del self._by_signature[next(iter(self._by_signature))]  # the oldest
            self._by_signature[signature] = cached
        if isinstance(cached, Exception):
            raise cached
        return cached

    def forget(self, paths: list[str]) -> None:
        """Config files changed (the client watched them): read them again on the next lint."""
        changed = {str(Path(path).resolve()) for path in paths}
        for signature in list(self._by_signature):
            if any(entry[0] in changed for entry in signature):
                del self._by_signature[signature]


def _build_linter(folder: Path | None, signature: tuple):
    # here, not at the top: the lint engine (~35 ms) loads on the first lint, not at start-up
    from ..run.linter import Linter
    from ..schema.load import SchemaError

    try:
        found = config.find_config(folder) if signature else None
        settings = config.load(found[0]) if found else config.load(isolated=True)
        return Linter(settings=settings)
    except (config.ConfigError, SchemaError) as error:
        return error  # remembered: a bad config is not read again until it changes


def _config_signature(folder: Path) -> tuple:
    """(path, mtime, size, inode) of every candidate config file from `folder` up: stat only."""
    found = []
    for directory in (folder, *folder.parents):
        for name in config.CONFIG_NAMES:
            candidate = directory / name
            try:
                info = candidate.stat()
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                found.append((str(candidate), info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(found)


def excluded(settings, file_path: str) -> bool:
    """The configuration's `exclude` (or `extend-exclude`) names the file (as a walk of the folder
    would skip it)."""
    globs = settings.walk_exclude
    if not globs:
        return False
    return Selection(exclude=globs, root=settings.root).excluded(Path(file_path))
