"""Reading the files a run lints: bytes for each target, and a `FileError` for what cannot be read.

A directory walk takes only files that open with a front-matter fence (or a UTF-16/32 BOM, which
gets FM011); a file named explicitly is always read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from . import safe_read
from .files import Missing
from .model import FileError

# What a walk lints: files that open with a fence, and UTF-16/32 files (BOM), which get FM011.
_FENCE_BYTES = re.compile(rb"(?:\xef\xbb\xbf)?---(?:yaml)?[ \t]*\r?(?:\n|\Z)|\xff\xfe|\xfe\xff")


def read(targets: Iterable) -> Iterator[tuple[object, bytes | FileError]]:
    """(target, bytes) for each file to lint, or (target, FileError) where it cannot be read;
    a walked file without front matter is left out."""
    for target in targets:
        if isinstance(target, Missing):
            yield target, FileError(str(target.path), target.reason)
            continue
        try:
            data = safe_read.read_bytes(target.path, safe_read.ARTICLE_CAP)
        except OSError as error:
            yield target, FileError(target.location, error.strerror or str(error))
            continue
        if target.explicit or _FENCE_BYTES.match(data):
            yield target, data
