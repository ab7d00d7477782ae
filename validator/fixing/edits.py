"""Apply fixes to a file's text so that only the fixed values change, byte for byte.

Each fix is an edit of the exact source span the document recorded for its value (for a rename,
its key), written in the front matter's own syntax (YAML, TOML or JSON) and its own quoting style
(`scalars`); everything else (comments, key order, indentation, CRLF, a BOM, the body) is never
touched. Re-emitting the whole mapping, even with ruamel.yaml's round-trip mode, re-wraps long
lines and re-indents lists, so for YAML it is used here only as the second reader that must
accept the result. A result that does not read back as exactly the expected values, in the same
syntax, is refused, and so is any file whose front matter does not parse: a fix that cannot be
written safely is skipped, never forced.
"""

from __future__ import annotations

import copy
import os
import signal
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..diagnostic import Fix
from ..source import reader
from . import scalars

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

SAFE = "safe"
UNSAFE = "unsafe"


class ChangedOnDisk(Exception):
    """The file changed between reading and writing: it is left alone."""


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    fix: Fix


def wanted(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (fix.safety == SAFE or unsafe)


class _Source:
    """What the edits of one file need: its text, document, syntax and line starts."""

    def __init__(self, text: str, read: reader.Read, yaml_version: str):
        self.text = text
        self.doc = read.doc
        self.syntax = read.front.syntax
        self.yaml_version = yaml_version
        self.offsets = _line_offsets(text, read.front.closing_line)
        if text.startswith("\ufeff"):  # columns are counted after a BOM (a JSON object's line 1)
            self.offsets[0] = 1

    def offset(self, line: int, column: int) -> int:
        return self.offsets[line - 1] + column - 1

    def scalar(self, value: Any, style: str | None) -> str | None:
        return scalars.scalar(self.syntax, value, style, self.yaml_version)


def apply(text: str, fixes: list[Fix], yaml_version: str = "1.2") -> tuple[str, list[Fix]]:
    """The text with as many fixes applied as do not overlap, and the fixes that were applied
    (YAML read as `yaml_version` says, as the run reads it)."""
    if not fixes:
        return text, []
    read = reader.read_text(text, yaml_version)
    if read.record is None:
        return text, []
    source = _Source(text, read, yaml_version)
    edits = [edit for fix in fixes if (edit := _edit(source, fix)) is not None]
    chosen: list[_Edit] = []
    added: set[tuple] = set()  # (mapping path, key) each insert or rename adds
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if chosen and edit.start < chosen[-1].end:
            continue  # overlaps an earlier edit: the next pass takes it
        if chosen and edit.start == chosen[-1].end == edit.end:
            continue  # two inserts at one place
        key = _added_key(edit.fix)
        if key in added:
            continue  # two keys renamed (or added) to one name: the second would be a duplicate
        if key is not None:
            added.add(key)
        chosen.append(edit)
    done = _written(source, chosen)
    if done is None and any(edit.fix.renames for edit in chosen):
        # a rename the text cannot take alone (a TOML table whose key several headers repeat)
        # must not cost the other fixes their pass
        done = _written(source, [edit for edit in chosen if not edit.fix.renames])
    return done or (text, [])


def _added_key(fix: Fix) -> tuple | None:
    return None if fix.insert_key is None else (tuple(fix.path), fix.insert_key)


def _written(source: _Source, chosen: list[_Edit]) -> tuple[str, list[Fix]] | None:
    """The text with the `chosen` edits, and their fixes, if it reads back as expected."""
    new_text = source.text
    for edit in reversed(chosen):
        new_text = new_text[: edit.start] + edit.text + new_text[edit.end :]
    applied = [edit.fix for edit in chosen]
    expected = _expected(source.doc.value, applied)
    if not applied or not _reads_back(new_text, expected, source.syntax, source.yaml_version):
        return None
    return new_text, applied


def _line_offsets(text: str, last_line: int) -> list[int]:
    """Offsets of the starts of lines 1..last_line+1 (index 0 is line 1)."""
    offsets, position = [0], 0
    for _ in range(last_line):
        position = text.find("\n", position)
        if position < 0:
            break
        position += 1
        offsets.append(position)
    return offsets


def _edit(source: _Source, fix: Fix) -> _Edit | None:
    if fix.renames:
        return _rename(source, fix)
    if fix.insert_key is not None:
        return _insert(source, fix)
    doc, path = source.doc, tuple(fix.path)
    style = doc.style(path)
    if not scalars.editable(source.syntax, style) or doc.anchored(path):
        return None  # only a scalar written in place, on its own (an anchor repeats elsewhere)
    span = doc.span(path)
    start = source.offset(span.line, span.column)
    end = source.offset(span.end_line, span.end_column)
    if fix.delete:
        parent = doc.span(path[:-1])
        if parent is not None and source.text[source.offset(parent.line, parent.column)] == "[":
            return _delete_flow_item(source, fix, start, end)
        if source.syntax != "yaml":
            return None  # an item of a TOML array of tables: not a line to remove
        return _delete_item(source.text, fix, start, end)
    written = source.scalar(fix.value, style)
    return None if written is None else _Edit(start, end, written, fix)


def _delete_flow_item(source: _Source, fix: Fix, start: int, end: int) -> _Edit | None:
    """Remove an item of a flow list (`[a, b, c]`) with one comma beside it: the comma after it
    (up to the next item), or for the last item the comma before it (from the previous item), so
    `[a, b, c]` loses `b, ` or `, c`, and a multi-line list keeps one item a line. Refused when a
    comment sits in what would go."""

    text, doc = source.text, source.doc

    def place(index: int) -> int | None:
        span = doc.span((*fix.path[:-1], index))
        return None if span is None else source.offset(span.line, span.column)

    def end_of(index: int) -> int:
        span = doc.span((*fix.path[:-1], index))
        return source.offset(span.end_line, span.end_column)

    def separator(gap: str) -> bool:  # whitespace and exactly one comma
        return gap.count(",") == 1 and not gap.replace(",", "").strip(" \t\r\n")

    index = fix.path[-1]
    following = place(index + 1)
    if following is not None:
        return _Edit(start, following, "", fix) if separator(text[end:following]) else None
    if index == 0:
        return None  # the only item: an empty list is not what a deletion means
    previous = end_of(index - 1)
    if not separator(text[previous:start]):
        return None
    return _Edit(previous, end, "", fix)


def _delete_item(text: str, fix: Fix, start: int, end: int) -> _Edit | None:
    """Remove a block-list item that stands on its own line(s): `  - value`."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() != "-":
        return None
    line_end = text.find("\n", end)
    if text[end : line_end if line_end >= 0 else len(text)].strip(" \t\r"):
        return None  # something else (a comment) follows the item
    return _Edit(line_start, line_end + 1 if line_end >= 0 else len(text), "", fix)


def _insert(source: _Source, fix: Fix) -> _Edit | None:
    """Add `key: value` (TOML: `key = value`) on a new line after the sibling `after`, in its
    indentation and quoting; only where the sibling's key starts its line."""
    text, doc = source.text, source.doc
    sibling = (*fix.path, fix.after)
    style = doc.style(sibling)
    key_span = doc.key_span(sibling)
    if not scalars.editable(source.syntax, style) or key_span is None:
        return None
    value_span = doc.span(sibling)
    if key_span.line != value_span.end_line:
        return None
    key_start = source.offset(key_span.line, key_span.column)
    if text[source.offsets[key_span.line - 1] : key_start].strip(" \t"):
        return None  # a key inside a dotted key or an inline table: not a line of its own
    line_end = text.find("\n", source.offset(value_span.end_line, value_span.end_column))
    if line_end < 0:
        return None
    written = source.scalar(fix.value, style)
    line = None if written is None else scalars.entry(source.syntax, fix.insert_key, written)
    if line is None:
        return None
    newline = "\r\n" if text[line_end - 1 : line_end] == "\r" else "\n"
    indent = " " * (key_span.column - 1)
    return _Edit(line_end + 1, line_end + 1, f"{indent}{line}{newline}", fix)


def _rename(source: _Source, fix: Fix) -> _Edit | None:
    """Write the key `after` as `insert_key`: its span rewritten in the syntax's own form
    (`scalars.key`), its value untouched. Refused where the mapping has the new key already; a
    key the text repeats (a TOML table in several headers, an anchored YAML mapping) does not
    read back as one key renamed, and the read-back refuses it. A YAML mapping that is anchored,
    or inside one, is refused first: its aliases would be renamed too, unasked."""
    doc, path = source.doc, tuple(fix.path)
    try:
        mapping = _at(doc.value, path)
    except (LookupError, TypeError):
        return None
    if not isinstance(mapping, dict) or fix.after not in mapping or fix.insert_key in mapping:
        return None
    if any(doc.anchored(path[:end]) for end in range(len(path) + 1)):
        return None
    span = doc.key_span((*path, fix.after))
    if span is None:
        return None
    start = source.offset(span.line, span.column)
    end = source.offset(span.end_line, span.end_column)
    old = source.text[start:end]
    written = scalars.key(source.syntax, fix.insert_key, old, source.yaml_version)
    return None if written is None else _Edit(start, end, written, fix)


def _at(value: Any, path: tuple) -> Any:
    for part in path:
        value = value[part]
    return value


def _expected(value: dict, applied: list[Fix]) -> dict:
    """The values the fixed text must read as: each value replaced or inserted, then keys
    renamed (every fix names a key by its old name), then list items deleted (highest index
    first, so the others keep theirs)."""
    expected = copy.deepcopy(value)
    deletions = []
    for fix in applied:
        if fix.renames:
            continue
        parent = _at(expected, fix.path[:-1])
        if fix.insert_key is not None:
            _at(expected, fix.path)[fix.insert_key] = fix.value
        elif fix.delete:
            deletions.append((parent, fix.path[-1]))
        else:
            parent[fix.path[-1]] = fix.value
    # the deepest first, so that each path still names its keys by their old names; in place,
    # in the key's place: a deletion holds its parent's reference
    renames = sorted((fix for fix in applied if fix.renames), key=lambda fix: -len(fix.path))
    for fix in renames:
        mapping = _at(expected, fix.path)
        renamed = [(fix.insert_key if key == fix.after else key, v) for key, v in mapping.items()]
        mapping.clear()
        mapping.update(renamed)
    for parent, index in sorted(deletions, key=lambda item: -item[1]):
        del parent[index]
    return expected


def _reads_back(text: str, expected: dict, syntax: str, yaml_version: str) -> bool:
    """The fixed text must give exactly the expected values in the same syntax, and for YAML
    ruamel.yaml must read it too."""
    read = reader.read_text(text, yaml_version)
    split, doc = read.front, read.doc
    if doc is None or not doc.ok or doc.findings or split.syntax != syntax:
        return False
    if doc.value != expected:
        return False
    if syntax != "yaml":
        return True
    from ruamel.yaml import YAML

    try:
        YAML(typ="rt").load(split.yaml)
    except Exception:
        return False
    return True


class Refused(Exception):
    """The file may not be rewritten (not writable, another's, hard-linked, outside the roots)."""


def refusal(path: Path, info: os.stat_result | None = None) -> str | None:
    """Why `path` (a real path, symlinks resolved) must not be replaced, or None.

    Replacing a file by renaming a new one over it would get round what its permissions say,
    give it a new owner, or split a hard link; each is refused instead.
    """
    info = info or path.stat()
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file; left alone"
    if not os.access(path, os.W_OK) or not info.st_mode & 0o222:
        return "not writable; left alone"
    if hasattr(os, "geteuid") and os.geteuid() != 0 and info.st_uid != os.geteuid():
        return "owned by another user (rewriting it would change its owner); left alone"
    if info.st_nlink > 1:
        return f"has {info.st_nlink} hard links (rewriting it would split them); left alone"
    return None


def outside(path: Path, roots: list[Path]) -> bool:
    """Whether the real `path` lies outside every one of the real `roots`."""
    real = os.path.realpath(path)
    for root in roots:
        top = os.path.realpath(root)
        if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
            return False
    return True


def write_atomic(path: Path, data: bytes, original: bytes) -> None:
    """Replace `path` with `data` unless it no longer holds `original`.

    A temporary file in the same folder is written, flushed and fsynced, given the original's
    owner, group and mode (setuid and setgid dropped), then renamed over it: a reader sees the
    old file or the new one, never half of one. A file the user may not write, another user's
    file and a hard-linked file are refused (`Refused`). SIGINT and SIGTERM wait until the
    temporary file is renamed or removed (`_signals_held`), and any exception on the way
    removes it, so an interrupted `--fix` leaves no `.tmp` behind.
    """
    if path.read_bytes() != original:
        raise ChangedOnDisk(str(path))
    info = path.stat()
    reason = refusal(path, info)
    if reason is not None:
        raise Refused(reason)
    mode = info.st_mode & 0o1777  # never setuid or setgid on the new file
    with _signals_held():
        temporary = None
        try:
            handle, temporary = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
            )
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            _keep_owner(temporary, info)
            os.chmod(temporary, mode)
            if path.read_bytes() != original:  # changed while we wrote
                raise ChangedOnDisk(str(path))
            os.replace(temporary, path)
        except BaseException:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            raise


def _keep_owner(temporary: str, info: os.stat_result) -> None:
    """Give the temporary file the original's owner and group (root), or group (its owner)."""
    if not hasattr(os, "chown"):
        return
    current = os.stat(temporary)
    if (current.st_uid, current.st_gid) == (info.st_uid, info.st_gid):
        return
    try:
        if os.geteuid() == 0:
            os.chown(temporary, info.st_uid, info.st_gid)
        else:
            os.chown(temporary, -1, info.st_gid)
    except PermissionError as error:
        message = "its group cannot be kept (rewriting it would change it); left alone"
        raise Refused(message) from error


_HELD = ("SIGINT", "SIGTERM")


@contextmanager
def _signals_held():
    """Hold SIGINT and SIGTERM back while the block runs; one that arrives meanwhile is
    delivered when it ends (Ctrl-C then stops the run at the next file; SIGTERM ends it).

    SIGTERM's default action ends the process at once, skipping every `finally`: only holding
    it keeps a temporary file from being left behind. Where the platform cannot block signals
    (Windows), `write_atomic`'s clean-up on an exception is what remains.
    """
    block = getattr(signal, "pthread_sigmask", None)
    if block is None:
        yield
        return
    numbers = [getattr(signal, name) for name in _HELD]
    previous = block(signal.SIG_BLOCK, set(numbers))
    # A signal that came just before the block may still be waiting for its Python handler,
    # which would run at the next bytecode (inside `mkstemp`, say): while the block runs such a
    # handler only notes it, and the signal is raised again once the temporary file is gone.
    arrived: list[int] = []
    handlers = {}
    try:
        for number in numbers:
            handlers[number] = signal.signal(number, lambda number, _: arrived.append(number))
    except ValueError:  # not the main thread: only the main thread runs Python handlers
        pass
    try:
        yield
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        block(signal.SIG_SETMASK, previous)
        for number in dict.fromkeys(arrived):
            signal.raise_signal(number)
