"""Find the files to lint: named files always, and front-matter files under named directories.

A directory walk takes `*.md`, `*.markdown` and `*.txt`, skips version-control and tool folders,
honours every `.gitignore` from the repository root down, and never follows directory symlinks
(so a symlink loop cannot trap it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".md", ".markdown", ".txt")
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "site-packages",
    }
)


@dataclass(frozen=True)
class Target:
    path: Path
    explicit: bool  # named on the command line: linted whatever its name or content


@dataclass(frozen=True)
class Missing:
    path: Path
    reason: str


def discover(paths: list[str | Path]) -> Iterator[Target | Missing]:
    """Targets in a stable order; a path that does not exist yields `Missing`."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield Target(path, explicit=True)
        elif path.exists():
            yield Missing(path, "not a regular file or directory")
        else:
            yield Missing(path, "no such file or directory")


def _walk(root: Path) -> Iterator[Target]:
    import pathspec

    real_root = root.resolve()
    ignores = _ignores_above(real_root, pathspec)
    if _ignored(ignores, real_root, is_dir=True):
        ignores = []  # a folder named on the command line is linted even if git ignores it
    for directory, dirnames, filenames in os.walk(root):
        here = Path(directory)
        real_here = real_root / here.relative_to(root)
        spec = _read_gitignore(here, pathspec)
        if spec is not None:
            ignores.append((real_here, spec))
        active = [
            (base, s) for base, s in ignores if base == real_here or base in real_here.parents
        ]
        dirnames[:] = sorted(
            name
            for name in dirnames
            if name not in SKIPPED_DIRS
            and not (here / name).is_symlink()
            and not _ignored(active, real_here / name, is_dir=True)
        )
        for name in sorted(filenames):
            path = here / name
            if (
                name.endswith(SUFFIXES)
                and not _ignored(active, real_here / name, is_dir=False)
                and path.is_file()  # False for a dangling or looping symlink
            ):
                yield Target(path, explicit=False)


def _read_gitignore(directory: Path, pathspec):
    try:
        text = (directory / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(text.splitlines())


def _ignores_above(real_root: Path, pathspec) -> list:
    """`.gitignore` files above the walked folder, up to the repository root that holds `.git`."""
    if (real_root / ".git").exists():
        return []
    above = []
    for directory in real_root.parents:
        spec = _read_gitignore(directory, pathspec)
        if spec is not None:
            above.append((directory, spec))
        if (directory / ".git").exists():
            return above[::-1]
    return []  # not inside a repository: no outer .gitignore applies


def _ignored(active: list, path: Path, is_dir: bool) -> bool:
    for base, spec in active:
        relative = path.relative_to(base).as_posix()
        if spec.match_file(relative + "/" if is_dir else relative):
            return True
    return False
