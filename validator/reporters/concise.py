"""One line per finding: `path:line:col: CODE message`."""

from __future__ import annotations

from .style import headline


def render(results, *, color: bool = False) -> str:
    return "".join(headline(d, color=color) + "\n" for d in results.diagnostics)
