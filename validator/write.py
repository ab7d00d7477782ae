"""Writing a whole file safely: under a new name (never through a link that is there), then
renamed over the target, so a reader sees the old file or the new one, never half of one.
Every writer of fmlint's own files (the cache, the answers store, `init`) goes through here.
"""

from __future__ import annotations

import os


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
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(blob)
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
