"""Positions for the language server: fmlint's line/column <-> LSP's.

fmlint counts 1-based lines and 1-based columns in Unicode code points (end column exclusive);
LSP counts 0-based lines and, by default, UTF-16 code units, so a character outside the Basic
Multilingual Plane (an emoji) is two units. `to_lsp_range` converts one to the other; a client
may choose UTF-8 or UTF-32 units instead (`encoding`).
"""

from __future__ import annotations

from lsprotocol import types

from ..diagnostic import Diagnostic, Span

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def split_lines(text: str) -> list[str]:
    """The text's lines as fmlint numbers them (`\\n`-separated; a `\\r` before it is dropped)."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def _units(char: str, encoding: str) -> int:
    if encoding == UTF32:
        return 1
    if encoding == UTF8:
        return len(char.encode("utf-8", "surrogatepass"))
    return 2 if ord(char) > 0xFFFF else 1


def to_lsp_character(line: str, column: int, encoding: str = UTF16) -> int:
    """1-based code-point column -> 0-based offset in `encoding` units, clamped to the line."""
    prefix = line[: max(column - 1, 0)]
    if encoding == UTF32:
        return len(prefix)
    return sum(_units(char, encoding) for char in prefix)


def from_lsp_character(line: str, character: int, encoding: str = UTF16) -> int:
    """0-based offset in `encoding` code units -> 0-based code-point index into `line`.

    An offset inside a character (half a surrogate pair) counts as that character.
    """
    units = 0
    for index, char in enumerate(line):
        units += _units(char, encoding)
        if units > character:
            return index
    return len(line)


def to_lsp_range(text_lines: list[str], diagnostic: Diagnostic | Span, encoding: str = UTF16):
    """A Diagnostic's (or Span's) 1-based code-point span as an LSP Range (0-based lines,
    UTF-16 columns, or the units of `encoding` when the client chose UTF-8 or UTF-32).

    `text_lines` is the document split into lines (`split_lines`); columns past the end of a line,
    or lines past the end of the text, are clamped to what is there.
    """

    def position(line: int, column: int) -> types.Position:
        index = max(line - 1, 0)
        text = text_lines[index] if index < len(text_lines) else ""
        return types.Position(line=index, character=to_lsp_character(text, column, encoding))

    return types.Range(
        start=position(diagnostic.line, diagnostic.column),
        end=position(diagnostic.end_line, diagnostic.end_column),
    )


def end_of(text: str, encoding: str = UTF16) -> types.Position:
    """The LSP position just past the last character of `text`."""
    last = text.rsplit("\n", 1)[-1]
    return types.Position(
        line=text.count("\n"), character=to_lsp_character(last, len(last) + 1, encoding)
    )


def touches(found: types.Range, wanted: types.Range) -> bool:
    """The two ranges overlap or meet (ends included)."""
    found_start = (found.start.line, found.start.character)
    found_end = (found.end.line, found.end.character)
    wanted_start = (wanted.start.line, wanted.start.character)
    wanted_end = (wanted.end.line, wanted.end.character)
    return found_start <= wanted_end and wanted_start <= found_end
