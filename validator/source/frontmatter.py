"""Split a file's text into its YAML front matter and body, without ever parsing the body.

Jekyll's rule: a `---` line at the very start (after an optional BOM) opens the block, and the next
line that is exactly `---` or `...` (trailing blanks allowed) closes it. `---yaml` opens it too:
gray-matter's language-tagged fence, which some generators (and MDX tool chains) write.
"""

from __future__ import annotations

import re

from ..diagnostic import Finding, Span
from ..value import Value

_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_OPENING_FENCE = re.compile(r"---(?:yaml)?[ \t]*\r?(?:\n|\Z)")

NO_FRONT_MATTER = "FM001"
UNCLOSED = "FM002"
EMPTY = "FM003"


class FrontMatter(Value):
    """The YAML text between the fences; its first line is file line `line_offset + 1`."""

    FIELDS = ("yaml", "line_offset", "closing_line")
    __slots__ = FIELDS
    yaml: str
    line_offset: int
    closing_line: int

    def __init__(self, yaml: str, line_offset: int, closing_line: int):
        put = object.__setattr__  # by hand: one a file, on the hot path
        put(self, "yaml", yaml)
        put(self, "line_offset", line_offset)
        put(self, "closing_line", closing_line)


def has_front_matter(text: str) -> bool:
    """Cheap test used by the directory walk: does the text open with a `---` fence?"""
    return _OPENING_FENCE.match(text, 1 if text.startswith("\ufeff") else 0) is not None


def split(text: str) -> FrontMatter | Finding:
    """Return the front matter, or the finding that says why there is none."""
    start = 1 if text.startswith("\ufeff") else 0
    opening = _OPENING_FENCE.match(text, start)
    if opening is None:
        what = "the file is empty" if not text[start:].strip() else "the first line is not `---`"
        return Finding(
            NO_FRONT_MATTER, f"no front matter: {what}", span=Span(1, 1, 1, _first_len(text) + 1)
        )
    body_start = opening.end()
    closing = _CLOSING_FENCE.search(text, body_start)
    if closing is None:
        return Finding(
            UNCLOSED,
            "front matter is never closed: add a line `---` after the last key",
            span=Span(1, 1, 1, 4),
        )
    yaml_text = text[body_start : closing.start()]
    closing_line = 2 + yaml_text.count("\n")
    if not yaml_text.strip():
        return Finding(EMPTY, "front matter is empty", span=Span(1, 1, closing_line, 4))
    return FrontMatter(yaml=yaml_text, line_offset=1, closing_line=closing_line)


def _first_len(text: str) -> int:
    end = text.find("\n")
    return len((text if end < 0 else text[:end]).rstrip("\r"))
