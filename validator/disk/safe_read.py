"""Read a file fmlint was pointed at, safely: only a regular file, and never more than a cap.

A committed symlink to `/dev/zero`, a FIFO or a device must give one clear error, never a hang or a
MemoryError. The file is opened with `O_NONBLOCK` (so opening a FIFO with no writer does not
block), checked with `fstat` on the open descriptor (so a swap after a check cannot fool it), and
read up to `cap + 1` bytes: one byte beyond the cap is a refusal.
"""

from __future__ import annotations

import os
import stat

ARTICLE_CAP = 1 << 30  # a deep-nesting test is 200 MB; the cap stops /dev/zero-like reads
CONFIG_CAP = 1 << 20
IGNORE_CAP = 1 << 20
SCHEMA_CAP = 16 << 20

_BLOCK = 1 << 16
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
)

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class UnsafeFile(OSError):
    """A path that is not a regular file, or a file larger than the cap."""


def _size(cap: int) -> str:
    return f"{cap >> 20} MB" if cap >= 1 << 20 else f"{cap} bytes"


def read_bytes(path: str | os.PathLike, cap: int, follow: bool = True) -> bytes:
    """The bytes of the regular file at `path`; an OSError (`UnsafeFile` for a file that is not
    regular or is over `cap` bytes) otherwise, with a `strerror` worded for the user.
    `follow=False`: a symbolic link at `path` is refused (what fmlint keeps in its own folders)."""
    descriptor = os.open(os.fspath(path), _FLAGS if follow else _FLAGS | _NOFOLLOW)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(0, "not a regular file")
        if info.st_size > cap:
            raise UnsafeFile(0, f"larger than {_size(cap)}")
        if info.st_size < _BLOCK:
            # the common case in one read: a regular file's short read is its end
            block = os.read(descriptor, info.st_size + 1)
            if len(block) <= info.st_size:
                return block
            blocks = [block]  # it grew since fstat: read on, within the cap
            total = len(block)
        else:
            blocks = []
            total = 0
        while total <= cap:
            try:
                block = os.read(descriptor, min(_BLOCK, cap + 1 - total))
            except BlockingIOError:  # pragma: no cover - a regular file never blocks
                raise UnsafeFile(0, "not a regular file") from None
            if not block:
                break
            blocks.append(block)
            total += len(block)
        if total > cap:
            raise UnsafeFile(0, f"larger than {_size(cap)}")
        return b"".join(blocks)
    finally:
        os.close(descriptor)


def read_text(
    path: str | os.PathLike, cap: int, errors: str = "strict", follow: bool = True
) -> str:
    """`read_bytes` decoded as UTF-8 (a UnicodeDecodeError as `str.decode` raises it)."""
    return read_bytes(path, cap, follow).decode("utf-8", errors)
