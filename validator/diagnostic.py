"""The two values findings travel in: a `Finding` by document path, and a placed `Diagnostic`.

Checks (schema, rules) speak in document paths because they see values, not text; only the
linter's gate turns a path into a line and column, so every finding is placed the same way.
"""

from __future__ import annotations

from .value import Value

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


class Span(Value):
    """A 1-based, file-absolute range; the end column points just past the last character."""

    FIELDS = ("line", "column", "end_line", "end_column")
    __slots__ = FIELDS
    line: int
    column: int
    end_line: int
    end_column: int

    def __init__(self, line: int, column: int, end_line: int, end_column: int):
        put = object.__setattr__  # by hand: the hot path makes many
        put(self, "line", line)
        put(self, "column", column)
        put(self, "end_line", end_line)
        put(self, "end_column", end_column)


class Fix(
    Value,
    defaults={"value": None, "safety": "safe", "delete": False, "insert_key": None, "after": None},
):
    """A change with one right answer, by document path (applied by `validator.fixing.edits`).

    Replace the value at `path` with `value`; or, with `delete`, remove the list item at `path`;
    or, with `insert_key`, add `insert_key: value` to the mapping at `path` right after the
    sibling key `after`; or, with both (`renames`), rename the key `after` of the mapping at
    `path` to `insert_key`, its value kept. `safety` is "safe" (meaning kept) or "unsafe"
    (meaning may change).
    """

    FIELDS = ("path", "description", "value", "safety", "delete", "insert_key", "after")
    __slots__ = FIELDS
    path: DocPath
    description: str
    value: object
    safety: str
    delete: bool
    insert_key: str | None
    after: str | None

    @property
    def renames(self) -> bool:
        """Whether the fix renames the key `after` to `insert_key` (both given, with `delete`)."""
        return self.insert_key is not None and self.delete


class Finding(Value):
    """A problem found by a check, before it has a place in the file.

    `span` is set by checks that already know the text position (YAML errors); the others give
    `path` and whether the key or the value is at fault, and the linter asks the document.
    """

    FIELDS = ("code", "message", "path", "on_key", "span", "fix")
    __slots__ = FIELDS
    code: str
    message: str
    path: DocPath
    on_key: bool
    span: Span | None
    fix: Fix | None

    def __init__(
        self,
        code: str,
        message: str,
        path: DocPath = (),
        on_key: bool = False,
        span: Span | None = None,
        fix: Fix | None = None,
    ):
        put = object.__setattr__  # by hand: the hot path makes many
        put(self, "code", code)
        put(self, "message", message)
        put(self, "path", path)
        put(self, "on_key", on_key)
        put(self, "span", span)
        put(self, "fix", fix)


class Diagnostic(Value, not_compared=("fix",), hidden=("fix",), ordered=True):
    """One placed finding, as every reporter receives it. Orders by file, then position (its
    `fix` is neither compared nor shown)."""

    FIELDS = (
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "severity",
        "message",
        "fix",
    )
    __slots__ = FIELDS
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    severity: str
    message: str
    fix: Fix | None

    def __init__(
        self,
        path: str,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        code: str,
        severity: str,
        message: str,
        fix: Fix | None = None,
    ):
        put = object.__setattr__  # by hand: the hot path makes many
        put(self, "path", path)
        put(self, "line", line)
        put(self, "column", column)
        put(self, "end_line", end_line)
        put(self, "end_column", end_column)
        put(self, "code", code)
        put(self, "severity", severity)
        put(self, "message", message)
        put(self, "fix", fix)

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
