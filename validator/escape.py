"""Neutralise what a file contributes to a report, so that nothing it holds can forge output.

A file name, key or value may hold ESC sequences, CR/LF, U+2028, C1 controls or bidirectional
controls. The text formats show every character that is not printable as a visible escape
(`\\x1b`, `\\n`, `\\u2028`); the JSON formats write it as a `\\uXXXX` escape, so the JSON keeps the
same value and a report holds no raw control character a terminal or a line splitter would act on.
"""

from __future__ import annotations

import json

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    point = ord(char)
    if point < 0x100:
        return f"\\x{point:02x}"
    if point < 0x10000:
        return f"\\u{point:04x}"
    return f"\\U{point:08x}"


def visible(text: str) -> str:
    """`text` with each non-printable character (str.isprintable) as a visible escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _json_escape(char: str) -> str:
    point = ord(char)
    if point < 0x10000:
        return f"\\u{point:04x}"
    point -= 0x10000
    return f"\\u{0xD800 + (point >> 10):04x}\\u{0xDC00 + (point & 0x3FF):04x}"


def dumps(value, *, indent: int | None = None) -> str:
    """JSON like `json.dumps(ensure_ascii=False)`, but every non-printable character escaped.

    Outside strings the output holds only printable characters, spaces and (indenting) newlines,
    so escaping the rest changes no value: it only keeps raw controls out of the report.
    """
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    if text.isprintable():
        return text
    # the indenting newlines are not printable: judge line by line, at C speed for the usual
    # line that holds nothing to escape
    return "\n".join(_json_line(line) for line in text.split("\n"))


def _json_line(line: str) -> str:
    if line.isprintable():
        return line
    return "".join(c if c.isprintable() else _json_escape(c) for c in line)
