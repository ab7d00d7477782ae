"""JSON front matter (Hugo's file that opens with `{`, gray-matter's `---json`): values, positions.

The values, and the verdict on whether the text is JSON, come from Python's `json` (its C
decoder), corrected to read what the generators' own readers read: `NaN` and `Infinity` are
refused (JavaScript's `JSON.parse` and Go's `encoding/json` refuse them), a repeated key is a
finding (FM007) whose last value is kept (as both readers keep it), and nesting is bounded as
YAML's is. Positions come from a small scanner of fmlint's own (`scan`), run only when a position
is asked for: JSON's grammar is small enough to scan exactly, where libyaml's positions would not
do (YAML reads tabs, `\\/` and `\\ud83d\\ude00` escapes otherwise).
"""

from __future__ import annotations

import json
import re

from ..diagnostic import Finding, Span
from .placed import (
    DUPLICATE_KEY,
    MAX_DEPTH,
    SYNTAX,
    TOO_DEEP,
    Scan,
    ScannedDocument,
    depth_bound,
    too_deep,
    too_deep_at,
)

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

# How a scalar is written (`style`): a string, or a number, boolean or null.
STRING, PLAIN = '"', ""

_WS = re.compile(r"[ \t\r\n]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"')
_SCALAR = re.compile(r"-?(?:Infinity|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|true|false|null|NaN")
_CONSTANTS = ("NaN", "Infinity", "-Infinity")


class _Constant(ValueError):
    """`NaN` or `Infinity`, which Python's json reads and JSON does not have."""


def _refuse_constant(name: str) -> Any:
    raise _Constant(name)


def parse(text: str, line_offset: int = 0) -> ScannedDocument:
    """The JSON `text` (whose first line is file line `line_offset + 1`) as plain values."""
    repeated: list[bool] = []

    def mapping(pairs: list) -> dict:
        built = dict(pairs)
        if len(built) != len(pairs):
            repeated.append(True)
        return built

    try:
        value = json.loads(text, object_pairs_hook=mapping, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        return _refused(text, line_offset, _syntax_finding(text, error, line_offset))
    except _Constant as error:
        scanner = _Scanner(text).run()
        problem = scanner.result.problem
        offset = problem[1] if problem is not None and problem[0] == "constant" else 0
        finding = _at(
            scanner.result,
            offset,
            line_offset,
            SYNTAX,
            f"JSON syntax error: {error} is not a JSON value (JSON has no NaN or Infinity)",
        )
        return _refused(text, line_offset, finding)
    except RecursionError:  # json's decoder nests by recursion
        return _refused(text, line_offset, _too_deep(text, line_offset))
    except ValueError as error:  # an integer longer than Python converts
        start = Span(line_offset + 1, 1, line_offset + 1, 2)
        return _refused(text, line_offset, Finding(SYNTAX, f"JSON error: {error}", span=start))
    if depth_bound(text) > MAX_DEPTH and too_deep(value):
        return _refused(text, line_offset, _too_deep(text, line_offset))
    if not repeated:
        return ScannedDocument(value, (), True, line_offset, text, scan)
    scanner = _Scanner(text).run()
    findings = tuple(
        _at(
            scanner.result,
            start,
            line_offset,
            DUPLICATE_KEY,
            f"duplicate key '{name}' (first defined at line "
            f"{scanner.result.place(first, line_offset)[0]}); the last value is the one checked, "
            "as JSON readers keep it",
            end,
        )
        for start, end, first, name in scanner.duplicates
    )
    return ScannedDocument(value, findings, True, line_offset, text, scan, [scanner.result])


def _refused(text: str, line_offset: int, finding: Finding) -> ScannedDocument:
    return ScannedDocument(None, (finding,), False, line_offset, text, scan)


def _at(
    found: Scan, start: int, line_offset: int, code: str, message: str, end: int | None = None
) -> Finding:
    return Finding(code, message, span=found.span(start, end or start + 1, line_offset))


def _too_deep(text: str, line_offset: int) -> Finding:
    found = scan(text)
    message = f"front matter is nested more than {MAX_DEPTH} levels deep"
    return _at(found, too_deep_at(found) or 0, line_offset, TOO_DEEP, message)


def _syntax_finding(text: str, error: json.JSONDecodeError, line_offset: int) -> Finding:
    """json's error where it stopped; an unclosed string at its opening quote."""
    found = scan(text)
    problem = found.problem
    if problem is not None and problem[0] == "unclosed" and problem[1] <= error.pos:
        return _at(
            found,
            problem[1],
            line_offset,
            SYNTAX,
            "JSON syntax error: this string is never closed; add the missing '\"' at its end",
        )
    return _at(found, error.pos, line_offset, SYNTAX, f"JSON syntax error: {error.msg}")


def scan(text: str) -> Scan:
    """Where every key and value of the JSON `text` is written (see `placed.Scan`)."""
    return _Scanner(text).run().result


class _Stop(Exception):
    def __init__(self, offset: int):
        self.offset = offset


class _Scanner:
    """One pass over JSON text, iterative (nesting costs no recursion). A repeated key's later
    definition replaces the earlier one's positions, as its value does."""

    def __init__(self, text: str):
        self.text = text
        self.result = Scan(text)
        self.duplicates: list[tuple[int, int, int, str]] = []  # (start, end, first start, key)
        self.firsts: dict[tuple, int] = {}  # a repeated key's path -> where it was first written

    def run(self) -> _Scanner:
        try:
            self.values()
        except _Stop as stop:
            if self.result.problem is None:
                self.result.problem = ["stop", stop.offset, stop.offset, None]
        except (IndexError, ValueError):  # hostile text the parser refused anyway
            if self.result.problem is None:
                self.result.problem = ["stop", 0, 0, None]
        return self

    def values(self) -> None:
        text, entries = self.text, self.result.entries
        stack: list[list] = []  # open arrays and objects: [bracket, path, start, items, after]
        path: tuple = ()
        pos = _WS.match(text, 0).end()
        while True:
            first = text[pos : pos + 1]
            if first == "[" or first == "{":
                if len(stack) >= MAX_DEPTH:  # the paths stay short: the scan stops there
                    if self.result.problem is None:
                        self.result.problem = ["deep", pos, pos + 1, None]
                    raise _Stop(pos)
                stack.append([first, path, pos, 0, False])
                self.put(path, pos, pos + 1, None)  # its end is known when it closes
                pos += 1
            else:
                pos = self.scalar(pos, path)
            while stack:
                frame = stack[-1]
                pos = _WS.match(text, pos).end()
                char = text[pos : pos + 1]
                if char == ("]" if frame[0] == "[" else "}"):
                    pos += 1
                    if frame[1]:  # the root stays one character: where a missing key goes
                        entries[frame[1]][1] = pos
                    stack.pop()
                    continue
                if frame[4]:
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
                    match = _STRING.match(text, pos)
                    if match is None:
                        raise _Stop(pos)
                    token = match.group()
                    name = json.loads(token) if "\\" in token else token[1:-1]
                    path = (*frame[1], name)
                    earlier = entries.get(path)
                    if earlier is not None:
                        first = self.firsts.setdefault(path, earlier[2])
                        self.duplicates.append((match.start(), match.end(), first, name))
                        del entries[path]  # the later definition is the one read
                    entries[path] = [None, None, match.start(), match.end(), None]
                    pos = _WS.match(text, match.end()).end()
                    if not text.startswith(":", pos):
                        raise _Stop(pos)
                    pos = _WS.match(text, pos + 1).end()
                break  # read the item
            else:
                return

    def scalar(self, pos: int, path: tuple) -> int:
        text = self.text
        if text.startswith('"', pos):
            match, style = _STRING.match(text, pos), STRING
            if match is None:
                if self.result.problem is None:
                    self.result.problem = ["unclosed", pos, pos + 1, '"']
                raise _Stop(pos)
        else:
            match, style = _SCALAR.match(text, pos), PLAIN
            if match is None:
                raise _Stop(pos)
            if match.group() in _CONSTANTS and self.result.problem is None:
                self.result.problem = ["constant", pos, match.end(), match.group()]
        self.put(path, pos, match.end(), style)
        return match.end()

    def put(self, path: tuple, start: int, end: int, style: str | None) -> None:
        entry = self.result.entries.get(path)
        if entry is None:
            self.result.entries[path] = [start, end, None, None, style]
        else:
            entry[0], entry[1], entry[4] = start, end, style
