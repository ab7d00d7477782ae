"""A fixed value written as a scalar of the front matter's own syntax, in the style of the one it
replaces, or None where that cannot be done safely (then the fix is skipped, never forced).

- YAML: plain, single- or double-quoted as the old value was; block scalars are not span edits.
- TOML: a basic string (`"..."`, escaped as TOML escapes), a literal string (`'...'`) kept when
  the new text can be one, numbers and booleans as TOML writes them. Multi-line strings are not
  edited, nor datetimes: a quoted string in their place would read back as the same text but turn
  a TOML datetime into a string, which the generator reads otherwise.
- JSON: what `json.dumps` writes; no NaN or Infinity, which JSON does not have.
- A renamed key (`key`): YAML in the old key's quoting, a TOML bare key where it can be one,
  a JSON string.

Whatever is written, `edits` reads the whole front matter back and refuses any result that does
not give exactly the expected values.
"""

from __future__ import annotations

import json
import math
import re

from ..source import document, json_document, toml_document

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

_EDITABLE = {
    "yaml": frozenset(
        {document.PLAIN, document.SINGLE_QUOTED, document.DOUBLE_QUOTED}
    ),  # not LITERAL or FOLDED: re-wrapping a block scalar is not a span edit
    "toml": frozenset({toml_document.BASIC, toml_document.LITERAL, toml_document.PLAIN}),
    "json": frozenset({json_document.STRING, json_document.PLAIN}),
}
_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_TOML_ESCAPES["\r"] = "\\r"
_TOML_UNSAFE = re.compile(r'["\\\x00-\x1f\x7f]')
_TOML_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def editable(syntax: str, style: str | None) -> bool:
    """Whether a scalar written in `style` may be replaced by a span edit."""
    return style is not None and style in _EDITABLE.get(syntax, ())


def scalar(syntax: str, value: Any, style: str | None, yaml_version: str = "1.2") -> str | None:
    """`value` written in `syntax`, in the quoting `style` of the value it replaces."""
    if isinstance(value, str) and _SURROGATE.search(value):
        return None  # no UTF-8 file can hold it
    if syntax == "toml":
        return _toml(value, style)
    if syntax == "json":
        return _json(value)
    return yaml_scalar(value, style, yaml_version)


def entry(syntax: str, key: str, written: str) -> str | None:
    """A new `key` with its written value, as a line of a mapping (None: not in this syntax)."""
    if syntax == "toml":
        return f"{_toml_key(key)} = {written}"
    if syntax == "yaml":
        return f"{key}: {written}"
    return None  # JSON: an entry needs its commas; not a line edit


def key(syntax: str, name: str, old: str, yaml_version: str = "1.2") -> str | None:
    """`name` written as a mapping key in `syntax`, in place of the key written `old`: YAML in
    the old key's quoting where `name` can be written so (plain, `'...'`, `"..."`), a TOML bare
    key or else a basic string, a JSON string (None: no UTF-8 file can hold it)."""
    if _SURROGATE.search(name):
        return None
    if syntax == "toml":
        return _toml_key(name)
    if syntax == "json":
        return json.dumps(name, ensure_ascii=False)
    quoting = old[:1] if old[:1] in (document.SINGLE_QUOTED, document.DOUBLE_QUOTED) else None
    return yaml_scalar(name, quoting, yaml_version)


def yaml_scalar(value: Any, style: str | None, yaml_version: str = "1.2") -> str:
    """A YAML scalar for `value`, in the quoting style of the value it replaces when it can be."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if style == document.SINGLE_QUOTED and text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    if not style and text.isprintable() and _reads_as_plain(text, yaml_version):
        return text
    return json.dumps(text, ensure_ascii=False)  # JSON escapes are valid double-quoted YAML


def _reads_as_plain(text: str, yaml_version: str) -> bool:
    if not text or text != text.strip():
        return False
    parsed = document.parse(f"k: {text}\n", 0, yaml_version)
    return parsed.ok and parsed.value == {"k": text}


def _toml(value: Any, style: str | None) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if not isinstance(value, str):
        return None
    if style == toml_document.LITERAL and "'" not in value and not _TOML_UNSAFE.search(value):
        return f"'{value}'"
    return _toml_basic(value)


def _toml_key(name: str) -> str:
    return name if _TOML_BARE_KEY.fullmatch(name) else _toml_basic(name)


def _toml_basic(text: str) -> str:
    """A TOML basic string: `"`, `\\` and control characters escaped."""
    body = _TOML_UNSAFE.sub(
        lambda match: _TOML_ESCAPES.get(match.group(), f"\\u{ord(match.group()):04x}"), text
    )
    return f'"{body}"'


def _json(value: Any) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (bool, int, float, str)):
        return json.dumps(value, ensure_ascii=False)
    return None
