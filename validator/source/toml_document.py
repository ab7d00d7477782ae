"""TOML front matter (Hugo's and Zola's `+++`, gray-matter's `---toml`): values and positions.

Why it is read this way:

- The values, and the verdict on whether the text is TOML at all, come from `tomli`: the parser
  Python's own `tomllib` was made from, whose compiled wheels read a record about 3x faster than
  `tomllib` (which is used where `tomli` is not installed). A parser of fmlint's own would have
  to agree with it on every corner of the grammar to be trusted with a verdict.
- Neither gives positions, so a small scanner of fmlint's own (`scan`) reads the same text for
  them: keys, dotted and quoted keys, `[tables]`, `[[arrays of tables]]`, inline tables, arrays,
  the four kinds of string, scalars and comments. It decides nothing: it runs on text `tomli`
  accepted, and only when a position is asked for (a finding to place, a fix, a hover) or a
  datetime must be given back as its text, so a clean record never pays for it. On text `tomli`
  refused, it says where the second definition of a key or an unclosed string starts, which
  `tomli`'s error (placed where it gave up) does not.
- TOML datetimes reach the schema as the strings it sees for YAML: as written, with `T` between
  the date and the time (`1979-05-27 07:32:00Z` -> `1979-05-27T07:32:00Z`); a local date stays
  `1979-05-27`, a local time `07:32:00`.

One module past 400 lines, on purpose: the scanner is one loop whose states (tables, inline
tables, arrays, keys) share their locals, as YAML's builder does in `document`.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right

from ..diagnostic import Finding, Span
from .placed import (
    DUPLICATE_KEY,
    MAX_DEPTH,
    SYNTAX,
    TOO_DEEP,
    Scan,
    ScannedDocument,
    depth_bound,
    error_offset,
    too_deep,
    too_deep_at,
)

try:  # the compiled wheel: ~80 us for a 40-line record, where tomllib takes ~270 us
    import tomli as _toml
except ImportError:  # pragma: no cover - the same parser, in pure Python
    import tomllib as _toml

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

# How a scalar is written (`style`): the four kinds of TOML string, a number or boolean, a date.
BASIC, LITERAL, MULTILINE_BASIC, MULTILINE_LITERAL = '"', "'", '"""', "'''"
PLAIN, DATETIME = "", "datetime"

_WS = re.compile(r"[ \t]*")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_MULTILINE_BASIC = re.compile(r'"""[^"\\]*(?:(?:\\[\s\S]|""?(?!"))[^"\\]*)*"{3,5}')
_MULTILINE_LITERAL = re.compile(r"'''(?:[^']|''?(?!'))*'{3,5}")
_DATETIME = re.compile(
    r"\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:\d\d)?)?"
    r"|\d\d:\d\d(?::\d\d(?:\.\d+)?)?"
)
_OTHER = re.compile(r"[A-Za-z0-9_+.\-]+")  # numbers (`-1_000`, `0x1F`, `6.6e-34`, `inf`), booleans
# The usual line, read in one match: `bare_key = "string" | 'string' | datetime | number`, then
# a comment, the line break, and the blank and comment lines after it.
_SIMPLE = re.compile(
    r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*"
    r"(?:(\"(?!\"\")[^\"\\\n]*(?:\\.[^\"\\\n]*)*\")|('(?!'')[^'\n]*')|("
    + _DATETIME.pattern
    + r")|("
    + _OTHER.pattern
    + r"))(?:[ \t]*(?:#[^\n]*)?(?:\r?\n|\Z))+[ \t]*"
)
_SIMPLE_STYLES = {2: BASIC, 3: LITERAL, 4: DATETIME, 5: PLAIN}  # by the value's group
_MAYBE_DATETIME = re.compile(r"\d\d:\d\d|\d{4}-\d\d-\d\d")
_AT = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")
_DUPLICATES = (
    "Cannot overwrite a value",
    "Cannot declare",
    "Cannot mutate immutable namespace",
    "Cannot redefine namespace",
    "Duplicate inline table key",
)
_UNCLOSED = (
    "Unterminated string",
    "Illegal character '\\n'",
    "Illegal character '\\r'",
    "Expected \"'",  # a literal string: tomli looks for its closing quote
)


def parse(text: str, line_offset: int = 0) -> ScannedDocument:
    """The TOML `text` (whose first line is file line `line_offset + 1`) as plain values."""
    try:
        value = _toml.loads(text)
    except _toml.TOMLDecodeError as error:
        return _refused(text, line_offset, _error_finding(text, str(error), line_offset))
    except RecursionError:  # tomllib nests arrays and inline tables by recursion
        return _refused(text, line_offset, _too_deep(text, line_offset, None))
    except ValueError as error:  # an integer longer than Python converts
        start = Span(line_offset + 1, 1, line_offset + 1, 2)
        return _refused(text, line_offset, Finding(SYNTAX, f"TOML error: {error}", span=start))
    doc = ScannedDocument(value, (), True, line_offset, text, scan)
    if depth_bound(text) > MAX_DEPTH and too_deep(value):
        return _refused(text, line_offset, _too_deep(text, line_offset, doc.scan))
    if _MAYBE_DATETIME.search(text):
        _datetimes_as_text(value, doc, text)
    return doc


def _refused(text: str, line_offset: int, finding: Finding) -> ScannedDocument:
    return ScannedDocument(None, (finding,), False, line_offset, text, scan)


def _too_deep(text: str, line_offset: int, found: Scan | None) -> Finding:
    found = found or scan(text)
    offset = too_deep_at(found)
    line, column = found.place(offset or 0, line_offset)
    return Finding(
        TOO_DEEP,
        f"front matter is nested more than {MAX_DEPTH} levels deep",
        span=Span(line, column, line, column + 1),
    )


# --- datetimes as text -------------------------------------------------------------------------

_DATES = (datetime.datetime, datetime.date, datetime.time)


def _datetimes_as_text(value: dict, doc: ScannedDocument, text: str) -> None:
    """Replace every date, time and datetime in `value` by its text (see the module's docstring)."""
    stack: list[tuple[Any, tuple]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            if isinstance(child, (dict, list)):
                stack.append((child, (*path, key)))
            elif isinstance(child, _DATES):
                node[key] = _written(child, doc.scan.entries.get((*path, key)), text)


def _written(moment: Any, entry: list | None, text: str) -> str:
    """The datetime's source text with `T` between date and time; its ISO form if the scanner
    did not find it (never expected)."""
    iso = moment.isoformat()
    if entry is not None and entry[4] == DATETIME:
        token = text[entry[0] : entry[1]]
        if token[:5] == iso[:5]:
            if len(token) > 10 and token[10] in "Tt ":
                return token[:10] + "T" + token[11:]
            return token
    return iso.replace("+00:00", "Z")


# --- errors ------------------------------------------------------------------------------------


def _error_finding(text: str, message: str, line_offset: int) -> Finding:
    """tomli's error as a finding: a duplicate key (FM007) at its second definition, an unclosed
    string at its opening quote, anything else where tomli stopped."""
    at = _AT.search(message)
    if at is None:
        offset = 0
    elif at.group(1) is None:  # at the end of the document: after its last character
        offset = len(text.rstrip())
        message = message[: at.start()]
    else:
        offset = error_offset(text, int(at.group(1)), int(at.group(2)))
        message = message[: at.start()]
    duplicate = message.startswith(_DUPLICATES)
    unclosed = message.startswith(_UNCLOSED)
    found = scan(text) if duplicate or unclosed else None
    problem = found.problem if found is not None else None
    if duplicate and problem is not None and problem[0] == "duplicate":
        start, end, (first, name, table, key_end) = problem[1], problem[2], problem[3]
        if start <= offset and (end is None or offset <= end + 1):
            first_line = found.place(first, line_offset)[0]
            what = f"table [{name}]" if table else f"key '{name}'"
            return Finding(
                DUPLICATE_KEY,
                f"duplicate {what} (first defined at line {first_line}): TOML allows each key "
                "once, so the front matter cannot be read",
                span=found.span(start, key_end, line_offset),
            )
    if unclosed and problem is not None and problem[0] == "unclosed" and problem[1] <= offset:
        quote = problem[3]
        return Finding(
            SYNTAX,
            f"TOML syntax error: this string is never closed; add the missing `{quote}` at its end",
            span=found.span(problem[1], problem[1] + 1, line_offset),
        )
    scanned = found or Scan(text)
    line, column = scanned.place(offset, line_offset)
    code, what = (DUPLICATE_KEY, "duplicate key") if duplicate else (SYNTAX, "TOML syntax error")
    return Finding(code, f"{what}: {message}", span=Span(line, column, line, column + 1))


# --- the scanner -------------------------------------------------------------------------------


class _Stop(Exception):
    def __init__(self, offset: int):
        self.offset = offset


def scan(text: str) -> Scan:
    """Where every key and value of the TOML `text` is written (see `placed.Scan`)."""
    return _Scanner(text).run()


def comment_columns(text: str) -> dict[int, int]:
    """Line index -> column index of the `#` that starts a comment on that line (0-based), up to
    the first thing the scanner cannot read."""
    return _Scanner(text, comments=True).run().comments


class _Scanner:
    """One pass over TOML text, iterative (nesting costs no recursion), recording as it goes."""

    def __init__(self, text: str, comments: bool = False):
        self.text = text
        self.n = len(text)
        self.comments = comments  # recorded only when asked: the usual lines are read faster
        self.result = Scan(text)
        self.entries = self.result.entries
        self.kinds: dict[tuple, str] = {}  # path -> implicit | table | dotted | value | array
        self.arrays: dict[tuple, int] = {}  # an array of tables -> its tables so far
        self.pending: tuple | None = None  # a duplicate whose value's end is still to come

    def run(self) -> Scan:
        try:
            self.statements()
        except _Stop as stop:
            if self.result.problem is None:
                self.result.problem = ["stop", stop.offset, stop.offset, None]
        except (IndexError, ValueError):  # hostile text the parser refused anyway
            if self.result.problem is None:
                self.result.problem = ["stop", 0, 0, None]
        return self.result

    def statements(self) -> None:
        text, n = self.text, self.n
        table: tuple = ()
        pos = self.blank(0, newlines=True)
        self.entries[()] = [pos, pos + 1, None, None, None]  # the root: where its first key is
        simple_line = None if self.comments else _SIMPLE.match
        while pos < n:
            simple = simple_line(text, pos) if simple_line is not None else None
            if simple is not None:
                self.simple(simple, table)
                pos = simple.end()
                continue
            if text[pos] == "[":
                pos, table = self.header(pos)
            else:
                pos = self.key_value(pos, table)
            pos = self.blank(pos)
            if pos < n and text[pos] not in "\r\n":
                raise _Stop(pos)
            pos = self.blank(pos, newlines=True)

    def blank(self, pos: int, newlines: bool = False) -> int:
        """Past spaces, tabs and comments (recorded), and line breaks too with `newlines`."""
        text, n = self.text, self.n
        while True:
            pos = _WS.match(text, pos).end()
            if pos < n and text[pos] == "#":
                starts = self.result.starts
                line = bisect_right(starts, pos) - 1
                self.result.comments.setdefault(line, pos - starts[line])
                end = text.find("\n", pos)
                pos = n if end < 0 else end
            if newlines and pos < n and text[pos] in "\r\n":
                pos += 1
                continue
            return pos

    def key(self, pos: int) -> tuple[list, int]:
        """The parts of a (dotted) key: [(name, start, end), ...], and the offset after it."""
        text = self.text
        parts = []
        while True:
            pos = _WS.match(text, pos).end()
            first = text[pos : pos + 1]
            if first == '"':
                match = _BASIC.match(text, pos)
            elif first == "'":
                match = _LITERAL.match(text, pos)
            else:
                match = _BARE.match(text, pos)
            if match is None:
                if first in ("'", '"'):
                    self.unclosed(pos, first)
                raise _Stop(pos)
            token = match.group()
            if first == "'" or (first == '"' and "\\" not in token):
                name = token[1:-1]
            elif first == '"':
                name = _toml.loads(f"k = {token}")["k"]  # escapes, read by the parser itself
            else:
                name = token
            parts.append((name, match.start(), match.end()))
            if len(parts) > MAX_DEPTH:
                self.deep(match.start())
            pos = _WS.match(text, match.end()).end()
            if not text.startswith(".", pos):
                return parts, pos
            pos += 1

    def header(self, start: int) -> tuple[int, tuple]:
        """`[table]` or `[[array of tables]]`: the offset after it, and the table it opens."""
        text = self.text
        array = text.startswith("[[", start)
        parts, pos = self.key(start + (2 if array else 1))
        close = "]]" if array else "]"
        if not text.startswith(close, pos):
            raise _Stop(pos)
        end = pos + len(close)
        path: tuple = ()
        for name, first, last in parts[:-1]:
            path = self.inside(path, name)
            kind = self.kinds.get(path)
            if kind is None:
                self.entries[path] = [first, last, first, last, None]
                self.kinds[path] = "implicit"
            elif kind == "value":
                self.conflict(path, first, last, end, table=True)
        name, first, last = parts[-1]
        path = (*path, name)
        kind = self.kinds.get(path)
        if array:
            if kind is None:
                self.entries[path] = [start, end, first, last, None]
                self.kinds[path] = "array"
            elif kind != "array":
                self.conflict(path, first, last, end, table=True)
            index = self.arrays.get(path, 0)
            self.arrays[path] = index + 1
            path = (*path, index)
            self.entries[path] = [start, end, None, None, None]
            self.kinds[path] = "table"
        elif kind is None:
            self.entries[path] = [start, end, first, last, None]
            self.kinds[path] = "table"
        elif kind == "implicit":  # `[a.b]` then `[a]`: `a` is declared now
            self.entries[path][:4] = [start, end, first, last]
            self.kinds[path] = "table"
        else:
            self.conflict(path, first, last, end, table=True)
        return end, path

    def inside(self, path: tuple, name: str) -> tuple:
        """The path of `name` under `path`; through an array of tables, its last table."""
        path = (*path, name)
        if self.kinds.get(path) == "array":
            return (*path, self.arrays[path] - 1)
        return path

    def simple(self, match: re.Match, table: tuple) -> None:
        """A `_SIMPLE` line: its key and its value recorded."""
        group = match.lastindex
        start, end = match.span(group)
        key_start, key_end = match.span(1)
        path = (*table, match.group(1))
        if path in self.kinds:
            self.conflict(path, key_start, key_end, end)
        else:
            self.entries[path] = [start, end, key_start, key_end, _SIMPLE_STYLES[group]]
            self.kinds[path] = "value"

    def key_value(self, pos: int, table: tuple) -> int:
        parts, pos = self.key(pos)
        if not self.text.startswith("=", pos):
            raise _Stop(pos)
        path = self.dotted(table, parts)
        return self.value(_WS.match(self.text, pos + 1).end(), path)

    def dotted(self, table: tuple, parts: list) -> tuple:
        """The path of a (dotted) key in `table`, its tables and its key recorded."""
        path = table
        for name, first, last in parts[:-1]:
            path = (*path, name)
            kind = self.kinds.get(path)
            if kind is None:
                self.entries[path] = [first, last, first, last, None]
                self.kinds[path] = "dotted"
            elif kind in ("value", "array"):
                self.conflict(path, first, last, None)
        name, first, last = parts[-1]
        path = (*path, name)
        if path in self.kinds:
            self.conflict(path, first, last, None)
        else:
            self.entries[path] = [None, None, first, last, None]
            self.kinds[path] = "value"
        return path

    def conflict(
        self, path: tuple, start: int, key_end: int, end: int | None, table: bool = False
    ) -> None:
        """A second definition of `path` (its key from `start` to `key_end`, its statement ending
        at `end`, or None until its value is read): the problem, when it is the first one."""
        if self.result.problem is not None:
            return
        entry = self.entries[path]
        first = entry[2] if entry[2] is not None else entry[0]
        name = ".".join(p for p in path if isinstance(p, str)) if table else path[-1]
        self.result.problem = ["duplicate", start, end, (first, name, table, key_end)]
        if end is None:
            self.pending = path

    def deep(self, pos: int) -> None:
        """Nesting past `MAX_DEPTH` at `pos`: the scan stops there (its paths stay short)."""
        if self.result.problem is None:
            self.result.problem = ["deep", pos, pos + 1, None]
        raise _Stop(pos)

    def unclosed(self, pos: int, quote: str) -> None:
        if self.result.problem is None:
            self.result.problem = ["unclosed", pos, pos + 1, quote]

    def put(self, path: tuple, start: int, end: int, style: str | None) -> None:
        """The value at `path` is written from `start` to `end` (a repeated key's first place is
        kept)."""
        entry = self.entries.get(path)
        if entry is None:
            self.entries[path] = [start, end, None, None, style]
        elif entry[0] is None:
            entry[0], entry[1], entry[4] = start, end, style
        if path == self.pending:
            self.result.problem[2] = end
            self.pending = None

    def close(self, path: tuple, start: int, end: int) -> None:
        """The array or inline table at `path` that opened at `start` ends at `end`."""
        entry = self.entries[path]
        if entry[0] == start:
            entry[1] = end
        if path == self.pending:
            self.result.problem[2] = end
            self.pending = None

    def value(self, pos: int, path: tuple) -> int:
        """Read the value at `pos` for `path`, and all that nests in it; the offset after it."""
        text, n = self.text, self.n
        stack: list[list] = []  # open arrays and inline tables: [bracket, path, start, n, after]
        while True:
            first = text[pos : pos + 1]
            if first == "[" or first == "{":
                if len(path) >= MAX_DEPTH:
                    self.deep(pos)
                stack.append([first, path, pos, 0, False])
                self.put(path, pos, pos + 1, None)  # its end is known when it closes
                pos += 1
            else:
                pos = self.scalar(pos, path)
            while stack:
                frame = stack[-1]
                pos = self.blank(pos, newlines=True)
                char = text[pos] if pos < n else ""
                if char == ("]" if frame[0] == "[" else "}"):
                    pos += 1
                    self.close(frame[1], frame[2], pos)
                    stack.pop()
                    continue
                if frame[4]:  # after an item: a comma, then the next item or the end
                    if char != ",":
                        raise _Stop(pos)
                    pos += 1
                    frame[4] = False
                    continue
                frame[4] = True
                if frame[0] == "[":
                    path = (*frame[1], frame[3])
                    frame[3] += 1
                else:
                    parts, pos = self.key(pos)
                    if not text.startswith("=", pos):
                        raise _Stop(pos)
                    path = self.dotted(frame[1], parts)
                    pos = _WS.match(text, pos + 1).end()
                break  # read the item
            else:
                return pos

    def scalar(self, pos: int, path: tuple) -> int:
        text = self.text
        first = text[pos : pos + 1]
        if first == '"':
            multiline = text.startswith('"""', pos)
            style = MULTILINE_BASIC if multiline else BASIC
            match = (_MULTILINE_BASIC if multiline else _BASIC).match(text, pos)
        elif first == "'":
            multiline = text.startswith("'''", pos)
            style = MULTILINE_LITERAL if multiline else LITERAL
            match = (_MULTILINE_LITERAL if multiline else _LITERAL).match(text, pos)
        else:
            style, match = DATETIME, _DATETIME.match(text, pos)
            if match is None:
                style, match = PLAIN, _OTHER.match(text, pos)
        if match is None:
            if first in ("'", '"'):
                self.unclosed(pos, style)
            raise _Stop(pos)
        self.put(path, pos, match.end(), style)
        return match.end()
