"""Split a file's text into its front matter and body, without ever parsing the body.

The fences the static-site generators read, each naming the block's syntax:

- YAML: a `---` line at the very start (after an optional BOM) opens the block, and the next line
  that is exactly `---` or `...` (trailing blanks allowed) closes it (Jekyll's rule). `---yaml`
  opens it too: gray-matter's language-tagged fence, which Eleventy and MDX tool chains read.
- TOML: `+++` ... `+++` (Hugo, Zola; Zola allows blank lines before the opening `+++`, so they
  are allowed there only), and gray-matter's `---toml` ... `---`.
- JSON: a file that opens with `{` holds an object up to its matching `}`, braces inside strings
  not counted (Hugo), then the body; and gray-matter's `---json` ... `---`.

A fence naming any other language (`---js`, Eleventy's JavaScript front matter) is FM012: fmlint
cannot evaluate it, so it says so rather than call the file clean or without front matter.
"""

from __future__ import annotations

import re

from ..diagnostic import Finding, Span
from ..value import Value

NO_FRONT_MATTER = "FM001"
UNCLOSED = "FM002"
EMPTY = "FM003"
UNREADABLE = "FM012"

YAML, TOML, JSON = "yaml", "toml", "json"

_DASHES = re.compile(r"---([A-Za-z][A-Za-z0-9_+-]*)?[ \t]*\r?(?:\n|\Z)")
_PLUSES = re.compile(r"((?:[ \t]*\r?\n)*)\+\+\+[ \t]*\r?(?:\n|\Z)")
_BRACE = re.compile(r'\{\s*["}]')  # an object's first key (or its end): `{{<` and `{%` are no JSON
_CLOSE_YAML = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_CLOSE_DASHES = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
_CLOSE_PLUSES = re.compile(r"^\+\+\+[ \t]*\r?$", re.MULTILINE)
_BRACES_AND_STRINGS = re.compile(r'[{}]|"(?:[^"\\]|\\.)*"?', re.DOTALL)
# gray-matter's names for a fence's language (`yml` is its alias of `yaml`)
_LANGUAGES = {"yaml": YAML, "yml": YAML, "toml": TOML, "json": JSON}
_LANGUAGE_NAMES = {
    "js": "JavaScript",
    "javascript": "JavaScript",
    "coffee": "CoffeeScript",
    "coffeescript": "CoffeeScript",
    "cson": "CoffeeScript",
}


class FrontMatter(Value, defaults={"syntax": YAML}):
    """The front matter's text, in `syntax` (`yaml`, `toml` or `json`): what lies between the
    fences, or for a file that opens with `{` the JSON object itself. Its first line is file line
    `line_offset + 1`; `closing_line` is the line of the closing fence (or brace)."""

    FIELDS = ("text", "line_offset", "closing_line", "syntax")
    __slots__ = FIELDS
    text: str
    line_offset: int
    closing_line: int
    syntax: str

    def __init__(self, text: str, line_offset: int, closing_line: int, syntax: str = YAML):
        put = object.__setattr__  # by hand: one a file, on the hot path
        put(self, "text", text)
        put(self, "line_offset", line_offset)
        put(self, "closing_line", closing_line)
        put(self, "syntax", syntax)

    @property
    def yaml(self) -> str:
        """The text (the field's name from when YAML was the only syntax)."""
        return self.text

    def block_span(self) -> Span:
        """From the opening fence (or brace) to the closing one."""
        if self.line_offset == 0:  # a JSON object that opens the file
            return Span(1, 1, self.closing_line, len(self.text.rsplit("\n", 1)[-1]) + 1)
        return Span(self.line_offset, 1, self.closing_line, 4)


def has_front_matter(text: str) -> bool:
    """Cheap test used by the walk and the language server: does the text open with a fence?"""
    start = 1 if text.startswith("\ufeff") else 0
    return (
        _DASHES.match(text, start) is not None
        or _PLUSES.match(text, start) is not None
        or _BRACE.match(text, start) is not None
    )


def split(text: str) -> FrontMatter | Finding:
    """Return the front matter, or the finding that says why there is none."""
    start = 1 if text.startswith("\ufeff") else 0
    dashes = _DASHES.match(text, start)
    if dashes is not None:
        written = dashes.group(1)
        syntax = _LANGUAGES.get(written.lower()) if written else YAML
        if syntax is None:
            name = _LANGUAGE_NAMES.get(written.lower(), written)
            return Finding(
                UNREADABLE,
                f"front matter in {name} (`---{written}`): fmlint cannot evaluate it, so none of "
                "its keys is checked",
                span=Span(1, 1, 1, _first_len(text) + 1),
            )
        closing = _CLOSE_YAML if syntax == YAML else _CLOSE_DASHES
        return _fenced(text, dashes.end(), closing, "---", 1, syntax)
    pluses = _PLUSES.match(text, start)
    if pluses is not None:
        opening_line = 1 + pluses.group(1).count("\n")
        return _fenced(text, pluses.end(), _CLOSE_PLUSES, "+++", opening_line, TOML)
    if _BRACE.match(text, start) is not None:
        return _json_object(text, start)
    what = "the file is empty" if not text[start:].strip() else "the first line is not `---`"
    return Finding(
        NO_FRONT_MATTER, f"no front matter: {what}", span=Span(1, 1, 1, _first_len(text) + 1)
    )


def _fenced(
    text: str, body_start: int, closing: re.Pattern, fence: str, opening_line: int, syntax: str
) -> FrontMatter | Finding:
    """The block from `body_start` up to the `closing` fence's line."""
    end = closing.search(text, body_start)
    if end is None:
        return Finding(
            UNCLOSED,
            f"front matter is never closed: add a line `{fence}` after the last key",
            span=Span(opening_line, 1, opening_line, 4),
        )
    inner = text[body_start : end.start()]
    return FrontMatter(inner, opening_line, opening_line + 1 + inner.count("\n"), syntax)


def _json_object(text: str, start: int) -> FrontMatter | Finding:
    """The object that opens the file, up to its matching `}` (Hugo's rule: braces inside strings
    do not count, a backslash escapes the next character)."""
    depth = 0
    for token in _BRACES_AND_STRINGS.finditer(text, start):
        char = token.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                inner = text[start : token.end()]
                return FrontMatter(inner, 0, 1 + inner.count("\n"), JSON)
    return Finding(
        UNCLOSED,
        "front matter is never closed: the JSON object that opens the file has no matching `}`",
        span=Span(1, 1, 1, 2),
    )


def _first_len(text: str) -> int:
    end = text.find("\n")
    return len((text if end < 0 else text[:end]).rstrip("\r"))
