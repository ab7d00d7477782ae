"""Writing fmlint's own files safely: under a new name (never through a link that is there), then
renamed over the target, so a reader sees the old file or the new one, never half of one.
Every writer of fmlint's own files (the cache, the answers store, `init`) goes through here.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from stat import S_ISDIR


def write_new(target: str, blob: bytes) -> None:
    """`blob` as a new file `target` (an error if anything is there, a link included)."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(blob)
    except BaseException:
        unlink(target)
        raise


def write_file(target: str, blob: bytes) -> None:
    """`blob` as the whole file `target`: written under a new name (never through a link that
    is there), then renamed over it."""
    temporary = f"{target}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    write_new(temporary, blob)
    try:
        os.replace(temporary, target)
    except BaseException:
        unlink(temporary)
        raise


def unlink(path: str) -> int:
    """Remove a file; 1 if it went, 0 if it could not (already gone, say)."""
    try:
        os.unlink(path)
        return 1
    except OSError:
        return 0


# A folder of fmlint's own state (the cache), marked as ruff marks its own
GITIGNORE = "# Automatically created by fmlint.\n*\n"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by fmlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def ensure_folder(folder: Path) -> None:
    """The cache folder with its `.gitignore` (`*`) and `CACHEDIR.TAG`."""
    os.makedirs(os.path.dirname(os.path.abspath(folder)), exist_ok=True)
    real_folder(folder)
    for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
        target = os.path.join(folder, name)
        if not os.path.lexists(target):
            write_file(target, text.encode("ascii"))


def real_folder(path: str | os.PathLike) -> None:
    """Make the folder `path` (its parent must exist), or check the one there: never a symbolic
    link (an OSError then), so nothing is written or pruned through one."""
    try:
        os.mkdir(path)
    except FileExistsError:
        info = os.lstat(path)
        if not S_ISDIR(info.st_mode):
            raise NotADirectoryError(errno.ENOTDIR, "not a real folder", os.fspath(path)) from None
