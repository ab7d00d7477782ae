"""Find the files to lint: named files always, and front-matter files under named directories.

A directory walk takes `*.md`, `*.markdown`, `*.mdx` and `*.txt`, skips version-control and tool
folders, honours every `.gitignore` from the repository root down, and never follows directory
symlinks (so a symlink loop cannot trap it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

from .safe_read import IGNORE_CAP, read_text
from .value import Value

SUFFIXES = (".md", ".markdown", ".mdx", ".txt")
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


class Target:
    """A file to lint. Its location is kept as the string the walk built (a `Path` per file
    costs a walk of 10,000 files a third of its time); `path` makes one when asked."""

    __slots__ = ("explicit", "location")

    def __init__(self, path: str | os.PathLike, explicit: bool):
        self.location = os.fspath(path)
        self.explicit = explicit  # named on the command line: linted whatever its name or content

    @property
    def path(self) -> Path:
        return Path(self.location)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Target):
            return NotImplemented
        return (self.location, self.explicit) == (other.location, other.explicit)

    def __hash__(self) -> int:
        return hash((self.location, self.explicit))

    def __repr__(self) -> str:
        return f"Target({self.location!r}, explicit={self.explicit})"


class Missing(Value):
    FIELDS = ("path", "reason")
    __slots__ = FIELDS
    path: Path
    reason: str


class Selection(
    Value,
    defaults={
        "include": tuple(f"*{suffix}" for suffix in SUFFIXES),
        "exclude": (),
        "root": None,
    },
):
    """Which files a walk takes: `include` globs on names (or relative paths), `exclude` globs
    (gitignore syntax) relative to `root`, the folder of the config file."""

    FIELDS = ("include", "exclude", "root")
    __slots__ = FIELDS
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    root: Path | None

    def included(self, path: Path) -> bool:
        return any(fnmatch(path.name, glob) or path.match(glob) for glob in self.include)

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        if not self.exclude:
            return False
        spec = gitignore_spec(self.exclude)
        try:
            relative = path.resolve().relative_to((self.root or Path.cwd()).resolve()).as_posix()
        except ValueError:
            relative = path.as_posix()
        return spec.match_file(relative + "/" if is_dir else relative)


def discover(
    paths: list[str | Path], selection: Selection | None = None
) -> Iterator[Target | Missing]:
    """Targets in a stable order; a path that does not exist yields `Missing`."""
    selection = selection or Selection()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, selection)
        elif path.is_file():
            yield Target(path, explicit=True)
        elif path.exists():
            yield Missing(path, "not a regular file or directory")
        else:
            yield Missing(path, "no such file or directory")


def _walk(root: Path, selection: Selection) -> Iterator[Target]:
    """Files under `root`, each folder's files (sorted) before its subfolders (sorted), as
    `os.walk` gives them; with `os.scandir` and strings, one `stat` only for a symlink."""
    real_root = root.resolve()
    ignores = _ignores_above(real_root)
    if _ignored(ignores, real_root, is_dir=True):
        ignores = []  # a folder named on the command line is linted even if git ignores it
    wanted = _name_test(selection.include)
    stack = [(os.fspath(root), real_root, ignores)]
    while stack:
        directory, real_here, inherited = stack.pop()
        here = Path(directory)
        spec = _read_gitignore(here)
        active = [
            (base, s) for base, s in inherited if base == real_here or base in real_here.parents
        ]
        if spec is not None:
            active.append((real_here, spec))
        # each active spec's view of this folder: the prefix of every relative path below it
        prefixes = [(_prefix(real_here, base), s) for base, s in active]
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue  # as os.walk: a folder that cannot be listed is skipped
        # as `Path(directory) / name` spells it: no `./` before a name in the current folder
        base = "" if directory == "." else directory.rstrip(os.sep) + os.sep
        folders = []
        for entry in entries:
            name = entry.name
            location = base + name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if (
                    name not in SKIPPED_DIRS
                    and not entry.is_symlink()
                    and not _matched(prefixes, name + "/")
                    and not selection.excluded(Path(location), is_dir=True)
                ):
                    folders.append((location, real_here / name, active))
                continue
            if (
                wanted(name, location)
                and not _matched(prefixes, name)
                and (not selection.exclude or not selection.excluded(Path(location)))
                and _is_file(entry)  # False for a dangling or looping symlink
            ):
                yield Target(location, explicit=False)
        stack.extend(reversed(folders))


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _prefix(here: Path, base: Path) -> str:
    relative = here.relative_to(base).as_posix()
    return "" if relative == "." else relative + "/"


def _matched(prefixes: list, name: str) -> bool:
    return any(spec.match_file(prefix + name) for prefix, spec in prefixes)


def _name_test(include: tuple[str, ...]):
    """`Selection.included` for a walked name: the default globs (`*.md`, ...) as one `endswith`,
    any other glob as `included` matches it."""
    suffixes = []
    for glob in include:
        tail = glob[1:]
        if not glob.startswith("*") or any(c in tail for c in "*?[]"):
            selection = Selection(include)
            return lambda name, location: selection.included(Path(location))
        suffixes.append(tail)
    ends = tuple(suffixes)
    return lambda name, location: name.endswith(ends)


# pathspec turns a glob into a backtracking regex: `a*a*a*a*a*b` against a 255-character name takes
# 26 s, and each further `*` multiplies it. Up to 3 wildcards a pattern stays in milliseconds.
MAX_WILDCARDS = 3
_WILDCARD = re.compile(r"\*+")


def safe_patterns(lines: Iterable[str], origin: str) -> list[str]:
    """The gitignore lines to use: a pattern with more than `MAX_WILDCARDS` runs of `*` (which can
    take exponential time to match) is left out, with one warning line naming it."""
    kept = []
    for line in lines:
        body = line.strip()
        if body and not body.startswith("#") and len(_WILDCARD.findall(body)) > MAX_WILDCARDS:
            warn(
                f"{origin}: pattern {body!r} ignored: more than {MAX_WILDCARDS} wildcards "
                "can take exponential time to match"
            )
            continue
        kept.append(line)
    return kept


@lru_cache(maxsize=64)
def gitignore_spec(patterns: tuple[str, ...]):
    """Compiled gitignore-style patterns, built once per set (they are matched for every file)."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(safe_patterns(patterns, "exclude"))


def warn(message: str) -> None:
    """One line on stderr: a file that is skipped, not a reason to stop the run."""
    import sys

    print(f"fmlint: warning: {message}", file=sys.stderr)


def _read_gitignore(directory: Path):
    """The folder's `.gitignore` compiled, or None (pathspec is imported only when there is one:
    ~10 ms of a run, `typing` and `dataclasses` with it)."""
    try:
        text = read_text(directory / ".gitignore", IGNORE_CAP, errors="replace")
    except FileNotFoundError:
        return None
    except OSError as error:
        # a .gitignore that cannot be read (a FIFO, /dev/zero, too large) ignores nothing
        warn(f"{directory / '.gitignore'}: ignored: {error.strerror or error}")
        return None
    lines = safe_patterns(text.splitlines(), str(directory / ".gitignore"))
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignores_above(real_root: Path) -> list:
    """`.gitignore` files above the walked folder, up to the repository root that holds `.git`."""
    if (real_root / ".git").exists():
        return []
    above = []
    for directory in real_root.parents:
        spec = _read_gitignore(directory)
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
