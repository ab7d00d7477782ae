"""Whether a folder fmlint keeps state in may be believed: the one place that decides it.

Everything in a checked-out tree is written by whoever sent the change (CI lints pull requests),
so a cache that came with the repository's content could forge verdicts ("this dead link is
fine", "this file is clean") or, through a symbolic link, make fmlint write or prune outside the
project. A cache folder is believed only when

- neither it nor any folder fmlint keeps in it is a symbolic link, and
- git does not track anything under it (a committed cache is content, not a cache).

A cache that CI restores between runs (actions/cache, GitLab's `cache:`) is untracked, so it
still hits. Outside a git work tree nothing can be told apart, so the folder is believed.
The index is read directly for the common index versions 2 and 3 (no process to start on a
warm run); version 4 (prefix-compressed paths) asks `git ls-files`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .safe_read import read_bytes

INDEX_CAP = 1 << 30  # a very large repository's index is a few hundred MB
_GIT_TIMEOUT = 20.0


def is_link(path: str | os.PathLike) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def distrust(folder: str | os.PathLike, inner: tuple[str, ...] = ()) -> str | None:
    """Why the cache folder (and the `inner` names fmlint keeps in it) must not be used, or None.

    Only an existing folder can be distrusted: one fmlint is about to create is its own."""
    folder = Path(folder)
    if is_link(folder):
        return "is a symbolic link"
    if not folder.exists():
        return None
    if not folder.is_dir():
        return "is not a folder"
    for name in inner:
        if is_link(folder / name):
            return f"holds a symbolic link ({name})"
    tracked = committed(folder)
    if tracked is None:
        return "is inside a git repository whose index fmlint cannot read"
    if tracked:
        return "is committed to the repository"
    return None


def committed(folder: Path) -> bool | None:
    """Whether git tracks a file under `folder` (None: a repository that cannot be read)."""
    absolute = Path(os.path.abspath(folder))
    found = _repository(absolute)
    if found is None:
        return False
    worktree, gitdir = found
    relative = absolute.relative_to(worktree).as_posix()
    if relative in ("", "."):
        return True  # the cache is the whole work tree: whatever it holds is content
    try:
        index = read_bytes(gitdir / "index", INDEX_CAP)
    except FileNotFoundError:
        return False  # a repository with nothing staged yet
    except OSError:
        return None
    if index[:4] != b"DIRC":
        return None
    version = int.from_bytes(index[4:8], "big")
    if version in (2, 3):
        return _listed(index, relative.encode("utf-8", "surrogateescape") + b"/")
    return _ls_files(worktree, relative)


def _repository(start: Path) -> tuple[Path, Path] | None:
    """(work tree, git folder) of the repository holding `start`, or None."""
    for folder in (start, *start.parents):
        dot = folder / ".git"
        try:
            info = os.lstat(dot)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode):
            return folder, dot
        if stat.S_ISREG(info.st_mode):  # a linked work tree or a submodule: `gitdir: PATH`
            try:
                text = read_bytes(dot, 1 << 16).decode("utf-8", "surrogateescape")
            except OSError:
                return folder, dot
            line = text.strip().splitlines()[0] if text.strip() else ""
            target = line[len("gitdir:") :].strip() if line.startswith("gitdir:") else ""
            return folder, (folder / target) if target else dot
        return folder, dot  # something else named .git: its index cannot be read
    return None


def _listed(index: bytes, prefix: bytes) -> bool:
    """Whether an index entry's path starts with `prefix`: each place the bytes occur is an entry
    when the name length in the flags before it (2 bytes; 4 with version 3's extended flags)
    ends exactly at a NUL."""
    at = index.find(prefix, 12)
    while at != -1:
        for back in (2, 4):
            if at - back < 12:
                continue
            length = int.from_bytes(index[at - back : at - back + 2], "big") & 0xFFF
            if length == 0xFFF or (
                length >= len(prefix) and index[at + length : at + length + 1] == b"\0"
            ):
                return True
        at = index.find(prefix, at + 1)
    return False


def _ls_files(worktree: Path, relative: str) -> bool | None:
    import subprocess

    try:
        done = subprocess.run(
            ["git", "-C", str(worktree), "ls-files", "-z", "--", relative],
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return bool(done.stdout)
