"""The two values findings travel in: a `Finding` by document path, and a placed `Diagnostic`.

Checks (schema, rules) speak in document paths because they see values, not text; only the
linter's gate turns a path into a line and column, so every finding is placed the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"

DocPath = tuple  # keys (str) and list indexes (int) from the root mapping


def quote(value: object, limit: int = 60) -> str:
    """A value as a message quotes it: JSON, cut to `limit` characters, and every character that
    is not printable (U+2028, C1 controls, bidirectional controls, ...) written as `\\uXXXX`,
    so that nothing a file holds can break or forge an output line."""
    import json

    if isinstance(value, str) and len(value) > limit:
        value = value[:limit]  # each character is one or more in JSON: the same cut, no 10 MB copy
    text = json.dumps(value, ensure_ascii=False)
    if not text.isprintable():
        text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return text if len(text) <= limit else text[: limit - 4] + '..."'


@dataclass(frozen=True)
class Span:
    """A 1-based, file-absolute range; the end column points just past the last character."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Fix:
    """A change with one right answer, by document path (applied by `validator.fix`).

    Replace the value at `path` with `value`; or, with `delete`, remove the list item at `path`;
    or, with `insert_key`, add `insert_key: value` to the mapping at `path` right after the
    sibling key `after`. `safety` is "safe" (meaning kept) or "unsafe" (meaning may change).
    """

    path: DocPath
    description: str
    value: object = None
    safety: str = "safe"
    delete: bool = False
    insert_key: str | None = None
    after: str | None = None


@dataclass(frozen=True)
class Finding:
    """A problem found by a check, before it has a place in the file.

    `span` is set by checks that already know the text position (YAML errors); the others give
    `path` and whether the key or the value is at fault, and the linter asks the document.
    """

    code: str
    message: str
    path: DocPath = ()
    on_key: bool = False
    span: Span | None = None
    fix: Fix | None = None


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One placed finding, as every reporter receives it. Orders by file, then position."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    severity: str
    message: str
    fix: Fix | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


def format_path(path: DocPath) -> str:
    """`('related', 0, 'images', 1, 'width')` -> `related[0].images[1].width`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "front matter"
