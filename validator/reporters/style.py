"""ANSI styling shared by the human formats; plain text when colour is off.

What a file contributes (its name, the message quoting its keys and values) is made visible first
(`safe.visible`): the only escape sequences in the output are the ones `paint` writes.
"""

from __future__ import annotations

from ..escape import visible

_CODES = {"bold": "1", "red": "31", "yellow": "33", "blue": "34", "cyan": "36", "dim": "2"}


def paint(text: str, *styles: str, color: bool) -> str:
    if not color or not styles:
        return text
    return f"\x1b[{';'.join(_CODES[s] for s in styles)}m{text}\x1b[0m"


def headline(diagnostic, *, color: bool) -> str:
    """`path:line:col: CODE message`, the line both human formats start with."""
    where = paint(visible(diagnostic.path), "bold", color=color) + paint(
        f":{diagnostic.line}:{diagnostic.column}:", "cyan", color=color
    )
    if diagnostic.severity == "warning":
        code = paint(visible(diagnostic.code), "bold", "yellow", color=color) + " [warning]"
    else:
        code = paint(visible(diagnostic.code), "bold", "red", color=color)
    return f"{where} {code} {visible(diagnostic.message)}"
