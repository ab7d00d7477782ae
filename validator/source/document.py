"""Parse front matter into plain values plus a position for every key and value.

libyaml (PyYAML's C parser) does the scanning; this module builds the values from its event stream
itself, iteratively, which is what makes the rest of fmlint exact and safe:

- every key and value keeps its span, so any finding can be placed by document path;
- scalars resolve by the YAML 1.2 core schema (`yes`/`no` and `1_000` stay strings, `0x1F`,
  `0o17`, `.inf` and `.nan` are numbers) and timestamps stay their source text, so `2023-11-27`
  reaches the schema as written; with `yaml-version = "1.1"`, plain `yes`/`no`/`on`/`off` are
  booleans too, as Jekyll's YAML reader (Ruby's Psych) reads them;
- duplicate keys and tags are findings; no tag ever constructs an object;
- alias expansion and nesting are bounded, so a "billion laughs" file costs milliseconds.

One module past 400 lines, on purpose: it is one loop over libyaml's events, whose states
(mappings, sequences, keys, anchors, positions) share their locals for speed (~0.1 ms a record);
split, every event would cross a call.
"""

from __future__ import annotations

import gc
import re
import sys
from bisect import bisect_right

import yaml

from ..diagnostic import DocPath, Finding, Span
from ..value import Value
from .placed import DUPLICATE_KEY, MAX_DEPTH, SYNTAX, TOO_DEEP, Placed

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

TAB = "FM006"
TAG = "FM008"
TOO_LARGE = "FM009"
NOT_A_MAPPING = "FM004"

MAX_NODES = 200_000  # counting every alias expansion; real records have a few thousand

_KEYWORDS = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
# YAML 1.1 as Ruby's Psych reads a plain scalar (its ScalarScanner): `/^(yes|true|on)$/i` and
# `/^(no|false|off)$/i` are booleans, `~` and `/^null$/i` null; `y` and `n` stay strings.
_PSYCH_KEYWORDS = {
    **{word: True for word in ("yes", "true", "on")},
    **{word: False for word in ("no", "false", "off")},
    "null": None,
}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    **{
        sign + inf: float(sign + "inf")
        for sign in ("", "+", "-")
        for inf in (".inf", ".Inf", ".INF")
    },
    **{nan: float("nan") for nan in (".nan", ".NaN", ".NAN")},
}
_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}

_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent = yaml.MappingStartEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_CollectionEndEvent = yaml.events.CollectionEndEvent
_AliasEvent = yaml.AliasEvent
_StreamEndEvent = yaml.StreamEndEvent
_DocumentStartEvent = yaml.DocumentStartEvent


class _Abort(Exception):
    def __init__(self, finding: Finding):
        self.finding = finding


# How a scalar is written in the source (`Document.style`): plain, quoted, or a block scalar.
PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL, FOLDED = "", "'", '"', "|", ">"


class Document(
    Placed,
    Value,
    defaults={"findings": (), "ok": True, "line_offset": 0, "starts": None},
    hidden=("_events", "starts"),
):
    """Plain values of the front matter and where each one stands in the file.

    Positions are asked for by document path (`placed.Placed`): `span(path)` (the value),
    `key_span(path)` (its key), `key_spans()` (every key), `locate(path)` (the nearest placed
    ancestor: where a finding goes); `style(path)` and `anchored(path)` say how a scalar is
    written, for fixes that keep it. Spans are made only for the few paths asked about, from
    libyaml's events, which stay private. `ok` is False when the YAML could not be read; `value`
    is then None.
    """

    FIELDS = ("value", "_events", "findings", "ok", "line_offset", "starts")
    __slots__ = FIELDS
    value: Any
    _events: dict  # path -> (value event, key event or None)
    findings: tuple[Finding, ...]
    ok: bool
    line_offset: int
    starts: tuple | None  # see `line_starts`

    def __init__(
        self,
        value: Any,
        _events: dict,
        findings: tuple[Finding, ...] = (),
        ok: bool = True,
        line_offset: int = 0,
        starts: tuple | None = None,
    ):
        put = object.__setattr__  # by hand: one a file, on the hot path
        put(self, "value", value)
        put(self, "_events", _events)
        put(self, "findings", findings)
        put(self, "ok", ok)
        put(self, "line_offset", line_offset)
        put(self, "starts", starts)

    def _span(self, event) -> Span:
        return event_span(event, self.line_offset, self.starts)

    def holding(self, value: Any) -> Document:
        """The same document with another value (the reader's `{}` for an empty one)."""
        events, starts = self._events, self.starts
        return Document(value, events, self.findings, self.ok, self.line_offset, starts)

    # what `Placed` asks (span, key_span, key_spans, locate): an entry is (value event, key event)
    def _entry(self, path: tuple):
        return self._events.get(path)

    def _entries(self) -> Iterator[tuple[tuple, Any]]:
        return iter(self._events.items())

    def _value_span(self, entry) -> Span:
        return self._span(entry[0])

    def _key_span(self, entry) -> Span | None:
        return None if entry[1] is None else self._span(entry[1])

    def style(self, path: DocPath) -> str | None:
        """How the scalar at `path` is written (PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL or
        FOLDED); None when the value there is a mapping, a list or an alias, or is missing."""
        entry = self._events.get(tuple(path))
        if entry is None or type(entry[0]) is not _ScalarEvent:
            return None
        return entry[0].style or PLAIN

    def anchored(self, path: DocPath) -> bool:
        """True when the value at `path` carries an anchor (`&name`): aliases repeat it."""
        entry = self._events.get(tuple(path))
        if entry is None or type(entry[0]) is _AliasEvent:  # an alias's `anchor` is its target
            return False
        return entry[0].anchor is not None


def resolve_plain(text: str) -> Any:
    """YAML 1.2 core schema for an untagged plain scalar; anything else stays the source text.

    `.inf`, `-.Inf`, `.NaN` are numbers there (floats, as JSON Schema's `number` takes them);
    `1_000` and `0b101` are YAML 1.1 numbers only, so they stay strings, as `yes` does.
    """
    if text in _KEYWORDS:
        return _KEYWORDS[text]
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    first = text[0]
    if first.isdigit() or first in "+-.":
        if _INT.fullmatch(text):
            try:
                if text.startswith("0o"):
                    number = int(text[2:], 8)
                elif text.startswith("0x"):
                    number = int(text[2:], 16)
                else:
                    return int(text)
            except ValueError:  # more digits than Python converts
                return text
            # a hex or octal number converts at any length, but one Python could not write in
            # decimal (past the int-str limit) would fail in every message that shows it
            limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
            if limit and number.bit_length() * 0.30103 >= limit - 1:
                return text
            return number
        if _FLOAT.fullmatch(text) and text not in (".", "+.", "-."):
            return float(text)
    return text


def resolve_plain_11(text: str) -> Any:
    """`resolve_plain` with YAML 1.1's booleans and nulls as Psych reads them (see
    `_PSYCH_KEYWORDS`): what Jekyll sees in `published: no`."""
    if len(text) <= 5:
        word = text.lower()
        if word in _PSYCH_KEYWORDS:
            return _PSYCH_KEYWORDS[word]
    return resolve_plain(text)


def parse(text: str, line_offset: int = 0, yaml_version: str = "1.2") -> Document:
    """Build a Document from YAML text whose first line is file line `line_offset + 1`, its plain
    scalars resolved as YAML `yaml_version` ("1.2", or "1.1" as Psych reads it) says."""
    starts = line_starts(text)
    builder = _Builder(line_offset, starts)
    if yaml_version == "1.1":
        builder.resolve = resolve_plain_11
    paused = gc.isenabled()
    if paused:
        # The build makes a few objects per value and no reference cycles: the cycle collector
        # would only walk the growing tree again and again (half the time of a large file).
        gc.disable()
    try:
        value = builder.build(yaml.CSafeLoader(text))
    except _Abort as stop:
        return Document(None, {}, (*builder.findings, stop.finding), ok=False)
    except yaml.MarkedYAMLError as error:
        finding = _syntax_finding(text, error, line_offset, starts)
        return Document(None, {}, (*builder.findings, finding), ok=False)
    except yaml.reader.ReaderError as error:
        finding = _reader_finding(text, error, line_offset)
        return Document(None, {}, (*builder.findings, finding), ok=False)
    finally:
        if paused:
            gc.enable()
    return Document(
        value, builder.events, tuple(builder.findings), line_offset=line_offset, starts=starts
    )


class _Builder:
    """Turns libyaml events into plain values and spans, with an explicit stack (no recursion)."""

    def __init__(self, line_offset: int, starts: tuple | None = None):
        self.line_offset = line_offset
        self.starts = starts
        self.events: dict = {}
        self.findings: list[Finding] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.resolve = resolve_plain

    def span(self, event) -> Span:
        return event_span(event, self.line_offset, self.starts)

    def build(self, loader) -> Any:
        get_event = loader.get_event
        root: Any = None
        # Each frame: [container, path, pending_key, pending_key_event, anchor, size, is_map, seen]
        stack: list[list] = []
        while True:
            event = get_event()
            cls = type(event)
            if cls is _ScalarEvent:
                value, size = self.scalar(event), 1
            elif cls is _MappingStartEvent or cls is _SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise _Abort(
                        Finding(
                            TOO_DEEP,
                            f"front matter is nested more than {MAX_DEPTH} levels deep",
                            span=self.span(event),
                        )
                    )
                if stack and stack[-1][6] and stack[-1][2] is None:
                    raise _Abort(
                        Finding(SYNTAX, "mapping keys must be plain text", span=self.span(event))
                    )
                self.check_tag(event)
                is_map = cls is _MappingStartEvent
                path = self.child_path(stack)
                self.record(stack, path, event)
                stack.append([{} if is_map else [], path, None, None, event.anchor, 1, is_map, {}])
                continue
            elif isinstance(event, _CollectionEndEvent):
                frame = stack.pop()
                value, size = frame[0], frame[5]
                if frame[4] is not None:
                    self.anchors[frame[4]] = (value, size)
                if not stack:
                    root = value
                    continue
                self.attach(stack, value, 0, size, None)
                continue
            elif cls is _AliasEvent:
                if event.anchor not in self.anchors:
                    raise _Abort(
                        Finding(SYNTAX, f"unknown alias *{event.anchor}", span=self.span(event))
                    )
                value, size = self.anchors[event.anchor]
            elif cls is _StreamEndEvent:
                return root
            elif cls is _DocumentStartEvent and root is not None:
                raise _Abort(
                    Finding(
                        SYNTAX,
                        "front matter holds more than one YAML document",
                        span=self.span(event),
                    )
                )
            else:
                continue
            # a scalar or an alias: a leaf value
            if not stack:
                root = value
                self.events[()] = (event, None)
                continue
            if stack[-1][6] and stack[-1][2] is None:  # it is a mapping key
                self.take_key(stack[-1], event, value)
                continue
            path = self.child_path(stack)
            self.record(stack, path, event)
            if cls is _ScalarEvent and event.anchor is not None:
                self.anchors[event.anchor] = (value, 1)
            self.attach(stack, value, size, size, event)

    def child_path(self, stack: list) -> DocPath:
        if not stack:
            return ()
        frame = stack[-1]
        if frame[6]:
            return (*frame[1], frame[2])
        return (*frame[1], len(frame[0]))

    def record(self, stack: list, path: DocPath, event) -> None:
        key_event = stack[-1][3] if stack and stack[-1][6] else None
        if path not in self.events:  # a duplicate key keeps the first value's place
            self.events[path] = (event, key_event)

    def take_key(self, frame: list, event, value: Any) -> None:
        if type(event) is not _ScalarEvent:
            raise _Abort(Finding(SYNTAX, "mapping keys must be plain text", span=self.span(event)))
        key = event.value  # keys are always their text: JSON objects have string keys
        if key in frame[7]:
            first = self.span(frame[7][key]).line
            self.findings.append(
                Finding(
                    DUPLICATE_KEY,
                    f"duplicate key '{key}' (first defined at line {first}); "
                    "the first value is the one checked",
                    span=self.span(event),
                )
            )
            key = _Duplicate(key)
        else:
            frame[7][key] = event
        frame[2], frame[3] = key, event

    def attach(self, stack: list, value: Any, new_nodes: int, size: int, event) -> None:
        """Store a finished value in its parent.

        `new_nodes` adds to the file's budget (a leaf, or a whole alias expansion); `size` is the
        value's expanded size, which an anchor on the parent will carry.
        """
        frame = stack[-1]
        self.nodes += new_nodes
        if self.nodes > MAX_NODES:
            span = self.span(event) if event is not None else Span(1, 1, 1, 1)
            raise _Abort(
                Finding(
                    TOO_LARGE,
                    f"front matter expands to more than {MAX_NODES:,} values "
                    "(aliases repeat their anchor's content)",
                    span=span,
                )
            )
        frame[5] += size
        if frame[6]:
            if not isinstance(frame[2], _Duplicate):
                frame[0][frame[2]] = value
            frame[2] = None
        else:
            frame[0].append(value)

    def scalar(self, event) -> Any:
        tag = event.tag
        if tag is not None and tag not in _CORE_TAGS:
            self.tag_finding(event)
            return event.value
        if event.style or not event.implicit[0] or tag == "tag:yaml.org,2002:str" or tag == "!":
            return event.value
        return self.resolve(event.value)

    def check_tag(self, event) -> None:
        if event.tag is not None and event.tag not in _CORE_TAGS:
            self.tag_finding(event)

    def tag_finding(self, event) -> None:
        self.findings.append(
            Finding(
                TAG,
                f"YAML tag '{_short_tag(event.tag)}' is not allowed in front matter; "
                "write the value without a tag",
                span=self.span(event),
            )
        )


def line_starts(text: str) -> tuple | None:
    """Where each `\n`-separated line starts, when libyaml would count lines differently.

    libyaml also breaks lines at a lone CR, NEL, U+2028 and U+2029; files, editors and fmlint's
    reports count only LF (CRLF being LF to them). For such text, positions are worked out from
    libyaml's character index instead of its line numbers. None: libyaml's lines are right.
    """
    if text.count("\r") == text.count("\r\n") and (
        text.isascii() or not any(c in text for c in "\x85\u2028\u2029")
    ):
        return None
    starts, position = [0], text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return tuple(starts)


def _place(mark, line_offset: int, starts: tuple | None) -> tuple[int, int]:
    if starts is None:
        return mark.line + line_offset + 1, mark.column + 1
    line = bisect_right(starts, mark.index) - 1
    return line + line_offset + 1, mark.index - starts[line] + 1


def event_span(event, line_offset: int, starts: tuple | None = None) -> Span:
    """Where an event stands; a block collection's start is a point, widened to one column."""
    start, end = event.start_mark, event.end_mark
    line, column = _place(start, line_offset, starts)
    if end.index == start.index:
        return Span(line, column, line, column + 1)
    end_line, end_column = _place(end, line_offset, starts)
    return Span(line, column, end_line, end_column)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


class _Duplicate(str):
    """A repeated key: its value is read (for positions) but not stored over the first one."""


def _syntax_finding(
    text: str, error: yaml.MarkedYAMLError, line_offset: int, starts: tuple | None
) -> Finding:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "invalid YAML"
    if error.context == "while scanning a quoted scalar" and error.context_mark is not None:
        quote = error.context_mark.index  # the quote that is never closed, not where text ran out
    elif problem in _AFTER_A_STRING:
        quote = _unclosed_quote_before(text, mark.index)
    else:
        quote = None
    if quote is not None:
        line = text.count("\n", 0, quote) + line_offset + 1
        column = quote - (text.rfind("\n", 0, quote) + 1) + 1
        return Finding(
            SYNTAX,
            "YAML syntax error: this string is never closed; add the missing '\"' at its end",
            span=Span(line, column, line, column + 1),
        )
    line, column = _place(mark, line_offset, starts)
    if "nesting depth" in problem:
        return Finding(
            TOO_DEEP,
            "front matter is nested too deeply for YAML to read",
            span=Span(line, column, line, column + 1),
        )
    if "tab" in problem or text[mark.index : mark.index + 1] == "\t":
        return Finding(
            TAB,
            "tab character in indentation: YAML indents with spaces only",
            span=Span(line, column, line, column + 1),
        )
    message = f"YAML syntax error: {problem}"
    if error.context:
        message += f" ({error.context})"
    return Finding(SYNTAX, message, span=Span(line, column, line, column + 1))


# libyaml's complaints when a double-quoted string ran on into the next key and ended at its quote.
_AFTER_A_STRING = {
    "did not find expected key",
    "could not find expected ':'",
    "mapping values are not allowed in this context",
}
_OPEN_STRING_LINE = re.compile(
    r'^[ \t]*(?:-[ \t]+)?[^\s"#][^:"]*:[ \t]+(")(?:[^"\\\n]|\\.)*$', re.M
)


def _unclosed_quote_before(text: str, index: int) -> int | None:
    """Where the `key: "...` whose quote never closes starts, if a line above the error has one.

    libyaml reads such a string on into the next lines, up to the next key's opening quote, and
    only fails there; the person needs to see the quote that is missing its pair.
    """
    line_start = text.rfind("\n", 0, index) + 1
    found = _last_open_string(text, line_start)
    if found is None:
        return None
    # libyaml closed it at the first quote after it, which must be the only one before the error
    between = text[found + 1 : index].replace("\\\\", "").replace('\\"', "")
    return found if between.count('"') == 1 else None


_INDENT = re.compile(r"[ \t]*")
_COLON_OR_QUOTE = re.compile(r'[:"]')


def _last_open_string(text: str, end: int) -> int | None:
    """The opening quote of the last `_OPEN_STRING_LINE.finditer(text, 0, end)` match, in time
    linear in `end`.

    finditer would try the pattern at every line start, and each try may run on over the lines
    below (`[^:"]*` crosses line breaks) up to the next `:` or `"`: quadratic in a run of lines
    without either. A try from a line whose first character (after the indentation) is at `f`
    reaches the first `:` or `"` after `f`, `q`, and fails or succeeds there; a try from any
    later line that starts before `q`'s line reaches the same `q` the same way, so when one
    fails, the tries up to `q`'s line are skipped: same matches, each character read a bounded
    number of times.
    """
    found = None
    start = 0  # a line start
    while start < end:
        match = _OPEN_STRING_LINE.match(text, start, end)
        if match is not None:
            found = match.start(1)
            start = match.end() + 1  # the match ends at its line's end
            continue
        first = _INDENT.match(text, start, end).end()
        char = text[first] if first < end else "\n"
        following = text.find("\n", start, end) + 1 or end
        if char.isspace() or char in '"#':
            start = following  # no try from this line gets past its first character
            continue
        reached = _COLON_OR_QUOTE.search(text, first + 1, end)
        if reached is None:
            break  # every later try runs to the end without a `:` and fails
        start = max(text.rfind("\n", 0, reached.start()) + 1, following)
    return found


def _reader_finding(text: str, error, line_offset: int) -> Finding:
    position = error.position
    line = text.count("\n", 0, position) + line_offset + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    char = error.character
    code = ord(char) if isinstance(char, str) else char
    return Finding(
        SYNTAX,
        f"YAML does not allow the character U+{code:04X} here ({error.reason}); remove it, "
        f"or write it as \\x{code:02X} inside double quotes" + _MOJIBAKE.get(code, ""),
        span=Span(line, column, line, column + 1),
    )


# C1 controls that are Windows-1252 punctuation read as Latin-1: mojibake of a dash or a quote.
_MOJIBAKE = {
    0x91: " (it is a mangled \u2018)",
    0x92: " (it is a mangled \u2019)",
    0x93: " (it is a mangled \u201c)",
    0x94: " (it is a mangled \u201d)",
    0x96: " (it is a mangled en dash)",
    0x97: " (it is a mangled em dash)",
}


def token_ranges(text: str):
    """(start, end) of each non-empty YAML token as (line, column) pairs, 0-based, in text order,
    from libyaml's scanner (what is inside a token is text; a `#` outside every token starts a
    comment). After a lexical error, one last (None, None)."""
    scanner = yaml.CSafeLoader(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            start = (token.start_mark.line, token.start_mark.column)
            end = (token.end_mark.line, token.end_mark.column)
            if start < end:
                yield start, end
    except yaml.YAMLError:
        yield None, None
    finally:
        scanner.dispose()
