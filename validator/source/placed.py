"""What every front-matter syntax's document shares: positions asked for by document path.

A document (`document.Document` for YAML, `ScannedDocument` for TOML and JSON) holds the plain
values and answers `span(path)`, `key_span(path)`, `key_spans()`, `locate(path, on_key)`,
`style(path)` and `anchored(path)`, so nothing above `source/` knows which syntax a file used.
`Placed` writes those answers once over four small accessors each document provides.

TOML and JSON positions come from a scanner of their own (`toml_document`, `json_document`) that
runs only when a position is asked for: a clean file never pays for it.
"""

from __future__ import annotations

from bisect import bisect_right

from ..diagnostic import DocPath, Span
from ..value import Value

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

MAX_DEPTH = 200  # levels of nesting a record may have, whatever its syntax
# The codes every syntax's parse reports (`codes.CORE_CODES` documents them)
SYNTAX = "FM005"
DUPLICATE_KEY = "FM007"
TOO_DEEP = "FM010"


class Placed:
    """Positions by document path, over the accessors a document defines: `_entry(path)` (what
    is recorded at exactly `path`, or None), `_entries()` ((path, entry) in source order),
    `_value_span(entry)` and `_key_span(entry)` (None for list items and the root)."""

    __slots__ = ()

    def _entry(self, path: tuple) -> Any:
        raise NotImplementedError

    def _entries(self) -> Iterator[tuple[tuple, Any]]:
        raise NotImplementedError

    def _value_span(self, entry: Any) -> Span:
        raise NotImplementedError

    def _key_span(self, entry: Any) -> Span | None:
        raise NotImplementedError

    def span(self, path: DocPath) -> Span | None:
        """Where the value at exactly `path` is written, or None when nothing is there."""
        entry = self._entry(tuple(path))
        return None if entry is None else self._value_span(entry)

    def key_span(self, path: DocPath) -> Span | None:
        """Where the key of the mapping entry at `path` is written (None for list items, the
        root, and paths that are not there)."""
        entry = self._entry(tuple(path))
        return None if entry is None else self._key_span(entry)

    def key_spans(self) -> Iterator[tuple[DocPath, Span]]:
        """Every mapping key, as (the path of its value, the key's span), in source order."""
        for path, entry in self._entries():
            key = self._key_span(entry)
            if key is not None:
                yield path, key

    def locate(self, path: DocPath, on_key: bool = False) -> Span:
        """The span of the value (or key) at `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            entry = self._entry(tuple(path[:end]))
            if entry is not None:
                if on_key and end == len(path):
                    key = self._key_span(entry)
                    if key is not None:
                        return key
                return self._value_span(entry)
        return Span(1, 1, 1, 1)


class Scan:
    """What a scanner found in a front matter's text: `entries` (path -> [value start, value end,
    key start or None, key end or None, style], offsets in the text, in source order),
    `comments` (line index -> column index of the first `#` that starts a comment there, both
    0-based, when asked for), and `problem`: the first thing it could not go past, as [kind,
    start, end, detail], or None."""

    __slots__ = ("_starts", "comments", "entries", "problem", "text")

    def __init__(self, text: str):
        self.text = text
        self.entries: dict[tuple, list] = {}
        self.comments: dict[int, int] = {}
        self.problem: list | None = None
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """Where each line of the text starts (made when a position is first asked for)."""
        if self._starts is None:
            self._starts = line_starts(self.text)
        return self._starts

    def place(self, offset: int, line_offset: int) -> tuple[int, int]:
        """The file (line, column) of `offset`, both 1-based."""
        line = bisect_right(self.starts, offset) - 1
        return line + line_offset + 1, offset - self.starts[line] + 1

    def span(self, start: int, end: int, line_offset: int) -> Span:
        line, column = self.place(start, line_offset)
        if end <= start:
            return Span(line, column, line, column + 1)
        end_line, end_column = self.place(end, line_offset)
        return Span(line, column, end_line, end_column)


def line_starts(text: str) -> list[int]:
    """Where each `\\n`-separated line of `text` starts (TOML and JSON break lines only there)."""
    starts, position = [0], text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


class ScannedDocument(
    Placed,
    Value,
    defaults={"findings": (), "ok": True, "line_offset": 0},
    not_compared=("scanner", "cache"),
    hidden=("source", "scanner", "cache"),
):
    """A TOML or JSON front matter's values, with positions scanned from `source` on first use.

    `scanner(source)` gives the `Scan`; `cache` keeps it. The fields and methods are those of
    `document.Document`; `anchored` is always False (neither syntax has anchors).
    """

    FIELDS = ("value", "findings", "ok", "line_offset", "source", "scanner", "cache")
    __slots__ = FIELDS
    value: Any
    findings: tuple
    ok: bool
    line_offset: int
    source: str
    scanner: Callable[[str], Scan]
    cache: list

    def __init__(
        self,
        value: Any,
        findings: tuple = (),
        ok: bool = True,
        line_offset: int = 0,
        source: str = "",
        scanner: Callable[[str], Scan] | None = None,
        cache: list | None = None,
    ):
        put = object.__setattr__  # by hand: one a file, on the hot path
        put(self, "value", value)
        put(self, "findings", findings)
        put(self, "ok", ok)
        put(self, "line_offset", line_offset)
        put(self, "source", source)
        put(self, "scanner", scanner)
        put(self, "cache", cache if cache is not None else [])

    @property
    def scan(self) -> Scan:
        """The positions, scanned once (an empty scan for a document that did not parse)."""
        if not self.cache:
            found = self.scanner(self.source) if self.ok and self.scanner else Scan("")
            self.cache.append(found)
        return self.cache[0]

    def _entry(self, path: tuple) -> Any:
        return self.scan.entries.get(path)

    def _entries(self) -> Iterator[tuple[tuple, Any]]:
        return iter(self.scan.entries.items())

    def _value_span(self, entry: Any) -> Span:
        return self.scan.span(entry[0], entry[1], self.line_offset)

    def _key_span(self, entry: Any) -> Span | None:
        if entry[2] is None:
            return None
        return self.scan.span(entry[2], entry[3], self.line_offset)

    def style(self, path: DocPath) -> str | None:
        """How the scalar at `path` is written (the syntax's own style names); None for a table,
        a list, or a path that is not there."""
        entry = self._entry(tuple(path))
        return None if entry is None else entry[4]

    def anchored(self, path: DocPath) -> bool:
        return False


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether mappings and lists nest more than `limit` levels in `value` (the root is the
    first level, as YAML counts them), walked iteratively."""
    stack = [(value, 1)]
    while stack:
        node, level = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)):
                if level + 1 > limit:
                    return True
                stack.append((child, level + 1))
    return False


def depth_bound(text: str) -> int:
    """An upper bound of the nesting a TOML or JSON text can hold: each level needs a `[`, a `{`
    or a `.` (a dotted key), so most texts are known shallow without a walk of their values."""
    return text.count("[") + text.count("{") + text.count(".") + 1


def too_deep_at(scan: Scan, limit: int = MAX_DEPTH) -> int | None:
    """The offset of the first table or list nested past `limit` levels, or None."""
    if scan.problem is not None and scan.problem[0] == "deep":
        return scan.problem[1]
    for path, entry in scan.entries.items():
        if len(path) + 1 > limit and entry[4] is None:
            return entry[0]
    return None


def error_offset(text: str, line: int, column: int) -> int:
    """The offset in `text` of a 1-based (line, column) a parser's error gave."""
    starts = line_starts(text)
    if line < 1:
        return 0
    if line > len(starts):
        return len(text)
    return min(starts[line - 1] + max(column, 1) - 1, len(text))
