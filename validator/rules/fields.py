"""Helpers shared by the FM5xx rules (other fields and consistency); not a rule module itself."""

from __future__ import annotations

from ..diagnostic import DocPath, quote

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

_WHITESPACE_NAMES = {" ": "space", "\t": "tab", "\n": "line break", "\r": "carriage return"}


def is_int(value: Any) -> bool:
    """An integer, and not a boolean (`True` is an int in Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


def flag_and_heat(walk, record: dict) -> tuple:
    """((path, value) of the record's `published` flag, (path, value) of its `heat`), each
    (None, None) where the record or its schema has none (FM505, FM506)."""
    return walk.first((), record, "published"), walk.first((), record, "heat")


def blank_strings(value: Any, path: DocPath = ()) -> list[tuple[DocPath, str]]:
    """Every whitespace-only string value (not an empty one) at any depth, with its document path.

    Keys are not values. Paths are built only for containers and hits: this runs on every record.
    """
    found: list[tuple[DocPath, str]] = []
    _blank_strings(value, path, found)
    return found


def _blank_strings(value: Any, path: DocPath, found: list) -> None:
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        if isinstance(value, str) and value and not value.strip():
            found.append((path, value))
        return
    for key, item in items:
        if isinstance(item, str):
            if item and not item.strip():
                found.append(((*path, key), item))
        elif isinstance(item, (dict, list)):
            _blank_strings(item, (*path, key), found)


def show(text: str, limit: int = 60) -> str:
    """A string as a message quotes it (`validator.diagnostic.quote`)."""
    return quote(text, limit)


def describe_whitespace(chars: str) -> str:
    """`space` or `tab, U+00A0`: the distinct whitespace characters, invisible ones by code."""
    names: list[str] = []
    for char in chars:
        name = _WHITESPACE_NAMES.get(char, f"U+{ord(char):04X}")
        if name not in names:
            names.append(name)
    return ", ".join(names)
