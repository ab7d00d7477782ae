"""Each finding with the source line it points at and a caret under the columns, as ruff shows."""

from __future__ import annotations

from ..escape import visible
from .style import headline, paint


def render(results, *, color: bool = False) -> str:
    out = []
    for result in results.files:
        for d in result.diagnostics:
            out.append(headline(d, color=color) + "\n")
            source = result.lines.get(d.line)
            if source is not None:
                out.append(_snippet(d, source, color) + "\n")
            out.append("\n")
    return "".join(out)


def _snippet(d, source: str, color: bool) -> str:
    source = source.replace("\t", " ")
    gutter = " " * len(str(d.line))
    bar = paint(f"{gutter} |", "blue", color=color)
    start = min(d.column - 1, len(source))
    end = max(start, min(d.end_column - 1 if d.end_line == d.line else len(source), len(source)))
    # Control characters are shown escaped (`\x1b` is four columns): place the caret by the
    # escaped text before and inside the span, in screen columns (CJK and emoji take two).
    before, inside = visible(source[:start]), visible(source[start:end])
    source = before + inside + visible(source[end:])
    start, width = _columns(before), max(1, _columns(inside))
    tone = "yellow" if d.severity == "warning" else "red"
    caret = paint("^" * width, "bold", tone, color=color)
    number = paint(f"{d.line} |", "blue", color=color)
    return f"{bar}\n{number} {source}\n{bar} {' ' * start}{caret}\n{bar}"


def _columns(text: str) -> int:
    """How many terminal columns `text` takes (East Asian wide and emoji characters take two,
    combining marks none); `visible` has escaped what a terminal would not print. wcwidth
    costs ~20 ms to import: only a line that is not ASCII needs it."""
    if text.isascii():
        return len(text)
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)
