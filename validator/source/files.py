"""Find the files to lint: named files always, and front-matter files under named directories.

A directory walk takes Markdown and text files (`*.md`, `*.markdown`, `*.mdx`, `*.txt`) and the
templates that carry front matter in Eleventy and Jekyll sites (`*.html`, `*.njk`, `*.liquid`, ...:
`TEMPLATES`); `reading` then keeps those that open with a fence. It skips version-control and tool
folders, and the generators' own templates and output (`_layouts`, `_includes`, `_site`; Hugo's
`archetypes` beside its `content` or its config, whose `title: {{ ... }}` is a Go template, not a
record); honours every `.gitignore` from the repository root down; and never follows directory
symlinks (so a symlink loop cannot trap it).

One module past 400 lines, on purpose: the walk, its `.gitignore` handling and the globs it
checks are one job, which selecting a file means; the globs' limits sit beside the matcher.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable, Iterator
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

from ..disk.safe_read import IGNORE_CAP, read_text
from ..escape import visible
from ..value import Value

MARKDOWN = (".md", ".markdown", ".mdx")
TEMPLATES = (".html", ".htm", ".njk", ".liquid", ".webc", ".hbs", ".ejs", ".haml", ".pug", ".xml")
SUFFIXES = (*MARKDOWN, ".txt", *TEMPLATES)
# Jekyll's (and Eleventy's) layouts and includes are templates; `_site` is the built site.
GENERATOR_DIRS = frozenset({"_layouts", "_includes", "_site"})
# What sits beside Hugo's `archetypes` folder in a Hugo site: its content, or its configuration.
HUGO_SITE = frozenset(
    {"content", "hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml", "config.json"}
)
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

    __slots__ = ("explicit", "location", "records")

    def __init__(self, path: str | os.PathLike, explicit: bool, records=None):
        self.location = os.fspath(path)
        self.explicit = explicit  # named on the command line: linted whatever its name or content
        # whether a path is a record of an article collection, where a misplaced fence is linted
        # (asked only of a file that opens with one after blanks: `run.targets`), or None
        self.records = records

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
        return any(fnmatch(path.name, glob) or path.match(glob) for glob in _includes(self.include))

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
        names = None  # the folder's names, when an `archetypes` folder asks whether it is Hugo's
        for entry in entries:
            name = entry.name
            location = base + name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if name == "archetypes" and names is None:
                    names = {other.name for other in entries}
                if (
                    name not in SKIPPED_DIRS
                    and name not in GENERATOR_DIRS
                    and not (name == "archetypes" and names & HUGO_SITE)
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
    include = _includes(include)
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
# A glob no one writes by hand; a longer one is refused before it is compiled (a 100,000-character
# glob fails to compile in re2 after a while, and costs every file a long match).
MAX_GLOB_CHARS = 4096


@lru_cache(maxsize=1)
def _pattern_class():
    """pathspec's gitignore pattern (what `GitIgnoreSpec` compiles each line with)."""
    try:
        from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern
    except ImportError:  # pragma: no cover - pathspec < 1.0
        from pathspec.patterns.gitwildmatch import GitWildMatchPattern as GitIgnoreSpecPattern
    return GitIgnoreSpecPattern


def escape_glob(name: str) -> str:
    """`name` as a gitignore glob that matches exactly that name (`*`, `?`, `[`, `]`, `!`, `#`
    and `\\` escaped with a backslash, as pathspec and git read them)."""
    return _pattern_class().escape(name)


def shown_glob(glob: str) -> str:
    """A glob quoted for a message: escaped (`repr`), and cut when long."""
    if len(glob) > 60:
        return f"{glob[:60]!r}... ({len(glob)} characters)"
    return repr(glob)


def _quick_problem(glob: str) -> str | None:
    """Why a gitignore glob is refused before it is compiled: too long, too many wildcards."""
    if len(glob) > MAX_GLOB_CHARS:
        return f"longer than {MAX_GLOB_CHARS} characters"
    body = glob.strip()
    if body and not body.startswith("#") and len(_WILDCARD.findall(body)) > MAX_WILDCARDS:
        return f"more than {MAX_WILDCARDS} wildcards can take exponential time to match"
    return None


def _invalid(glob: str, error: Exception) -> str:
    """What pathspec's (or `re`'s) error says of a glob, worded for the user."""
    if isinstance(error, re.error):  # `[z-a]`: its position is in the regex, not the glob
        return f"not a valid glob ({error.msg})"
    body = glob.rstrip()
    if (len(body) - len(body.rstrip("\\"))) % 2:
        return "not a valid glob (it ends with a lone backslash)"
    return "not a valid glob (it matches no path)"


def _compiled(glob: str):
    """The glob compiled as a gitignore pattern; an exception when it is not one."""
    return _pattern_class()(glob)


def glob_problem(glob: str, gitignore: bool = True) -> str | None:
    """Why `glob` cannot be used, or None. `gitignore`: a gitignore-style glob (`exclude`,
    `per-file-ignores`, `collections`); else an `include` glob (matched with `fnmatch` on the
    name and `PurePath.match` on the path)."""
    if not gitignore:
        if len(glob) > MAX_GLOB_CHARS:
            return f"longer than {MAX_GLOB_CHARS} characters"
        from pathlib import PurePosixPath

        try:
            PurePosixPath("x").match(glob)
        except ValueError:  # `""`, `"."`: PurePath.match takes no empty pattern
            return "an empty glob matches nothing"
        return None
    problem = _quick_problem(glob)
    if problem is not None:
        return problem
    try:
        _compiled(glob)
    except Exception as error:  # GitIgnorePatternError, re.error: what it says
        return _invalid(glob, error)
    return None


def check_glob(glob: str, where: str, gitignore: bool = True) -> str | None:
    """For a configuration's glob: the error message (naming `where` and the glob) when it
    cannot be used, or None. `where` is as `config.py` words it (`.fmlint.toml: 'exclude'`)."""
    if not isinstance(glob, str):
        return f"{where}: a glob must be a string, not {type(glob).__name__}"
    problem = glob_problem(glob, gitignore)
    if problem is None:
        return None
    return f"{where}: glob {shown_glob(glob)} cannot be used: {problem}"


def safe_patterns(lines: Iterable[str], origin: str) -> list[str]:
    """The gitignore lines to use: a pattern with more than `MAX_WILDCARDS` runs of `*` (which can
    take exponential time to match), one longer than `MAX_GLOB_CHARS` or one that is no valid
    glob (`[z-a]`, a lone `\\`) is left out, with one warning line naming it and `origin`."""
    return [pattern for pattern, _ in _usable(tuple(lines), origin)]


def _usable(lines: tuple[str, ...], origin: str) -> list:
    """(line, compiled pattern) of each usable line; a warning for each one left out."""
    kept = []
    for line in lines:
        problem = _quick_problem(line)
        if problem is None:
            try:
                kept.append((line, _compiled(line)))
                continue
            except Exception as error:  # GitIgnorePatternError, re.error
                problem = _invalid(line, error)
        warn(f"{origin}: pattern {shown_glob(line.strip())} ignored: {problem}")
    return kept


class _Spec:
    """A compiled `GitIgnoreSpec` whose `match_file` also takes a path that is not UTF-8 (a name's
    bytes held as lone surrogates, which re2 cannot encode): its bad bytes are matched as U+FFFD,
    as a `.gitignore` is read (`errors="replace"`)."""

    __slots__ = ("spec",)

    def __init__(self, spec):
        self.spec = spec

    def match_file(self, path: str) -> bool:
        try:
            return self.spec.match_file(path)
        except UnicodeEncodeError:
            return self.spec.match_file(_as_utf8(path))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _as_utf8(path: str) -> str:
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate no file name's byte gives
        return _SURROGATE.sub("\ufffd", path)


def _spec(lines: tuple[str, ...], origin: str) -> _Spec:
    """The usable lines as one `GitIgnoreSpec`. re2 (pathspec's fastest backend) compiles them into
    one set, which fails for very many or long ones: then they are matched one by one."""
    import pathspec

    patterns = [pattern for _, pattern in _usable(lines, origin)]
    try:
        return _Spec(pathspec.GitIgnoreSpec(patterns))
    except Exception:  # re2's "failed to compile Set": the plain `re` backend
        return _Spec(pathspec.GitIgnoreSpec(patterns, backend="simple"))


@lru_cache(maxsize=64)
def gitignore_spec(patterns: tuple[str, ...], origin: str = "exclude"):
    """Compiled gitignore-style patterns, built once per set (they are matched for every file).
    A pattern that cannot be used is left out with one warning that names `origin`: the setting
    it came from (`exclude`, `per-file-ignores`, `collections`)."""
    return _spec(patterns, origin)


@lru_cache(maxsize=64)
def _includes(include: tuple[str, ...]) -> tuple[str, ...]:
    """The `include` globs that can be used; a warning for each one left out."""
    kept = []
    for glob in include:
        problem = glob_problem(glob, gitignore=False)
        if problem is None:
            kept.append(glob)
        else:
            warn(f"include: pattern {shown_glob(glob)} ignored: {problem}")
    return tuple(kept)


_WARNED: set[str] = set()


def warn(message: str) -> None:
    """One line on stderr: a file that is skipped, not a reason to stop the run. Anything from
    the tree in it (a file name, a pattern) is shown with escapes (`visible`), so it cannot
    forge a line (`::error::` for GitHub Actions, which reads stderr too); each once a run."""
    import sys

    line = visible(f"fmlint: warning: {message}")
    if line in _WARNED:
        return
    _WARNED.add(line)
    print(line, file=sys.stderr)


def _read_gitignore(directory: Path):
    """The folder's `.gitignore` compiled, or None (pathspec is imported only when there is one:
    ~10 ms of a run, `typing` and `dataclasses` with it)."""
    path = directory / ".gitignore"
    try:  # never through a link (git does not follow one either): it could lead anywhere
        text = read_text(path, IGNORE_CAP, errors="replace", follow=False)
    except FileNotFoundError:
        return None
    except OSError as error:
        # a .gitignore that cannot be read (a link, a FIFO, /dev/zero, too large) ignores nothing
        why = "a symbolic link" if error.errno == errno.ELOOP else error.strerror or error
        warn(f"{path}: ignored: {why}")
        return None
    return _spec(tuple(text.splitlines()), str(path))


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
