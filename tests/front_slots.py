"""Where each value of a file's front matter is written, found without fmlint's reader.

The acceptance tests on real sites plant defects at these places and expect fmlint's findings
there, so the places come from elsewhere: PyYAML's composer (its nodes' marks) for YAML, and for
TOML a line scanner whose every scalar is checked against `tomllib`'s value. Only what a planted
defect needs is kept: each scalar written on one line, each key, each mapping's first key.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# How a file opens its front matter, as the generators read it: `---` (or `---json`, `---js`,
# ... in Eleventy and gray-matter) on the first line; `+++` after optional blank lines (Zola);
# a JSON object (Hugo): `{` then a key or `}`, not a template tag such as `{%` or `{{`.
_DASHES = re.compile(r"---([A-Za-z]*)[ \t]*\r?\n")
_PLUSES = re.compile(r"(?:[ \t]*\r?\n)*\+\+\+[ \t]*\r?\n")
_JSON = re.compile(r"\{\s*[\"}]")
# TOML lines (single-line keys only: a dotted or quoted key is not planted in)
_TABLE = re.compile(r"\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"([A-Za-z0-9_-]+)\s*=\s*(.*)$")


def fence(text: str) -> str | None:
    """The syntax a file's front matter is written in (`yaml`, `toml`, `json`, or the language a
    `---name` fence names), or None when the file opens with no front matter."""
    text = text.removeprefix("\ufeff")
    dashes = _DASHES.match(text)
    if dashes:
        return dashes.group(1) or "yaml"
    if _PLUSES.match(text):
        return "toml"
    return "json" if _JSON.match(text) else None


@dataclass(frozen=True)
class Slot:
    """A scalar written on one line: where its key and its value start (1-based line and
    column; a list item has no key: `key` is None), `raw` as written (quotes kept), and what it
    holds: `text`, and `string` (a string, not a number, boolean, date or null)."""

    path: tuple
    key: tuple[int, int] | None
    line: int
    column: int
    raw: str
    text: str
    string: bool


@dataclass
class Front:
    """A file's front matter: its syntax, the lines of its fences, its one-line scalars by
    document path, and every key's (line, column) by the path of its value, in source order."""

    syntax: str
    opening: int
    closing: int
    slots: dict[tuple, Slot] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)


def read_front(text: str) -> Front | None:
    """The front matter of `text`, YAML or TOML, or None: another syntax, no closing fence,
    front matter that does not parse, or YAML with an alias, whose value stands elsewhere
    (nothing is planted in it)."""
    syntax = fence(text)
    if syntax not in ("yaml", "toml"):
        return None
    lines = text.splitlines()
    # YAML's fence is the first line; TOML's the first that is not blank
    opening = 0 if syntax == "yaml" else next(n for n, line in enumerate(lines) if line.strip())
    ends = ("---", "...") if syntax == "yaml" else ("+++",)
    closing = next((n for n in range(opening + 1, len(lines)) if lines[n].rstrip() in ends), None)
    if closing is None:
        return None
    front = Front(syntax, opening + 1, closing + 1)
    body = lines[opening + 1 : closing]
    try:
        if syntax == "yaml":
            seen: set[int] = set()
            _yaml(front, body, yaml.compose("\n".join(body), Loader=yaml.SafeLoader), seen)
        else:
            _toml(front, body, tomllib.loads("\n".join(body)))
    except (yaml.YAMLError, tomllib.TOMLDecodeError, _Aliased):
        return None
    return front


class _Aliased(Exception):
    """A node met twice: an alias (`*name`), whose marks are its anchor's."""


def _yaml(front: Front, body: list[str], node, seen: set, path: tuple = (), key=None) -> None:
    if id(node) in seen:
        raise _Aliased
    seen.add(id(node))
    offset = front.opening + 1  # the 1-based line of the front matter's first line
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            where = (offset + name.start_mark.line, name.start_mark.column + 1)
            front.keys[(*path, name.value)] = where
            _yaml(front, body, value, seen, (*path, name.value), where)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _yaml(front, body, item, seen, (*path, index))
    elif isinstance(node, yaml.ScalarNode) and node.start_mark.line == node.end_mark.line:
        line, start, end = node.start_mark.line, node.start_mark.column, node.end_mark.column
        raw = body[line][start:end]
        string = node.tag == "tag:yaml.org,2002:str"
        front.slots[path] = Slot(path, key, offset + line, start + 1, raw, node.value, string)


def _toml(front: Front, body: list[str], data: dict) -> None:
    """Keys and one-line scalars, line by line; a line inside a multi-line value, an array of
    tables or an unusual key is skipped, and a scalar whose text `tomllib` does not read as the
    value at its path is dropped."""
    table: tuple | None = ()
    open_value = ""  # the closing of a value that spans lines: `]`, `"""` or `'''`
    for index, line in enumerate(body):
        number = front.opening + 1 + index
        stripped = line.strip()
        if open_value:
            if open_value in line:  # a bracket in a string may end it early: then verified
                open_value = ""
            continue
        if stripped.startswith("[["):
            table = None
            continue
        header = _TABLE.match(stripped)
        if header:
            table = tuple(header.group(1).split("."))
            continue
        found = _KEY.match(stripped)
        if table is None or not found:
            continue
        name, rest = found.groups()
        where = (number, line.index(name) + 1)
        path = (*table, name)
        if not isinstance(_at(data, table), dict) or name not in _at(data, table):
            continue  # a line of a value that spans lines, read as a key
        front.keys[path] = where
        raw = _toml_scalar(rest)
        if raw is None:
            open_value = _toml_closing(rest)
            continue
        value = _at(data, path)
        try:
            read = tomllib.loads(f"x = {raw}")["x"]
        except tomllib.TOMLDecodeError:
            continue
        if read == value and not isinstance(value, (list, dict)):
            column = line.index(raw, where[1] - 1 + len(name)) + 1
            text = value if isinstance(value, str) else raw
            front.slots[path] = Slot(path, where, number, column, raw, text, isinstance(value, str))


def _toml_scalar(rest: str) -> str | None:
    """The text of a one-line scalar value at the start of `rest`, or None."""
    if rest.startswith(('"""', "'''", "[", "{")):
        return None
    if rest.startswith(('"', "'")):
        quote, index = rest[0], 1
        while index < len(rest) and rest[index] != quote:
            index += 2 if quote == '"' and rest[index] == "\\" else 1
        return rest[: index + 1] if index < len(rest) else None
    return rest.split("#", 1)[0].strip() or None


def _toml_closing(rest: str) -> str:
    """What ends a value that opens on this line and may go on: "" when it ends here."""
    for opener, closer in (('"""', '"""'), ("'''", "'''")):
        if rest.startswith(opener):
            return "" if closer in rest[3:] else closer
    if rest.startswith(("[", "{")):
        return (
            "" if rest.count(rest[0]) <= rest.count("]}"[rest[0] == "{"]) else "]}"[rest[0] == "{"]
        )
    return ""


def _at(data, path: tuple):
    """The value at `path` of `data`, or None."""
    for step in path:
        if not isinstance(data, dict) or step not in data:
            return None
        data = data[step]
    return data
