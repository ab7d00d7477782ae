"""Reading the files a run lints: bytes for each target, a `FileError` for what cannot be read,
and the text in them (`decode`: UTF-8, or the FM011 finding that says where it stops).

A directory walk takes only files that open with a front-matter fence (`fenced`: any of those
`frontmatter` knows, `---js` too, which gets FM012; or a UTF-16/32 BOM, which gets FM011); a file
named explicitly is always read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..diagnostic import Finding, Span
from ..disk import safe_read
from ..model import FileError
from .files import MARKDOWN, Missing

NOT_TEXT = "FM011"

# What a walk lints: files that open with a fence (`---`, `---<language>`, `+++` after blank
# lines), and UTF-16/32 files (BOM), which get FM011. `frontmatter` reads the same fences.
_FENCE_BYTES = re.compile(
    rb"(?:\xef\xbb\xbf)?(?:---(?:[A-Za-z][A-Za-z0-9_+-]*)?|(?:[ \t]*\r?\n)*\+\+\+)"
    rb"[ \t]*\r?(?:\n|\Z)|\xff\xfe|\xfe\xff"
)
_JSON_BYTES = re.compile(rb'(?:\xef\xbb\xbf)?\{\s*["}]')  # Hugo's JSON front matter


_NEAR_FENCE = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:---|\+\+\+)")  # a fence after blanks


def near_fence(data: bytes) -> bool:
    """Whether the data opens with a fence after blank lines or spaces (`\n---`, ` ---`): front
    matter a generator that wants the fence on the first line (Jekyll) does not read."""
    return _NEAR_FENCE.match(data) is not None


def misplaced(target, data: bytes) -> bool:
    """Whether a walked file is a record of an article collection whose fence stands after
    blanks: a defect to report (FM001), not a page to skip. The collection is asked last, and
    only of such a file (rare), so a run of sound records pays one failed match at most."""
    records = target.records
    return records is not None and near_fence(data) and records(target.location)


def fenced(data: bytes, name: str) -> bool:
    """Whether a walk lints a file named `name` that holds `data`: it opens with a fence, or, for
    a Markdown file, with a JSON object (in a template, `{` opens Liquid or Go template code)."""
    if _FENCE_BYTES.match(data) is not None:
        return True
    return name.lower().endswith(MARKDOWN) and _JSON_BYTES.match(data) is not None


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
        if target.explicit or fenced(data, target.location) or misplaced(target, data):
            yield target, data


def decode(data: bytes) -> str | Finding:
    """UTF-8 text, or the FM011 finding that says where it stops being text."""
    if b"\x00" in data[:8192]:
        return Finding(NOT_TEXT, "binary file: it contains NUL bytes", span=Span(1, 1, 1, 1))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = error.start
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
        return Finding(
            NOT_TEXT,
            f"not valid UTF-8: byte 0x{data[start]:02x} cannot start or continue a character",
            span=Span(line, column, line, column + 1),
        )
