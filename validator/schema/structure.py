"""A schema's structure, as every walk of one reads it (bundling its documents, the `$ref` graph,
the checker's search for patterns): its dialect (`old_draft`), the parts of it that are
subschemas and not data (`schema_parts`), the base URI an `$id` sets (`id_base`) and the
document a `$ref` names (`ref_document`).
"""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

VALUE_KEYWORDS = frozenset({"const", "enum", "default", "examples"})  # data, not schemas
_OLD_DRAFTS = ("draft-03", "draft-04", "draft-06", "draft-07")
# the keywords whose value maps names to subschemas: a property may be called `default`
_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)


def old_draft(schema: Any, default_old: bool = False) -> bool:
    """Whether a schema's dialect is draft 7 or older (`$ref` hides its siblings, `definitions`)."""
    dialect = schema.get("$schema") if isinstance(schema, dict) else None
    if not isinstance(dialect, str):
        return default_old
    return any(name in dialect for name in _OLD_DRAFTS)


def schema_parts(node: Any, named: bool = False) -> Iterator[tuple[str, Any, bool]]:
    """(key or index, value, whether the value maps names to subschemas) for each part of a
    schema to walk into: every item of a list, every entry of a map of names (`named`), every
    entry of a schema object but the data of `const`, `enum`, `default` and `examples`."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield str(index), item, False
    elif isinstance(node, dict):
        for key, value in node.items():
            if named:
                yield str(key), value, False
            elif key not in VALUE_KEYWORDS:
                yield str(key), value, key in _SCHEMA_MAPS


def id_base(node: dict, base: str, old: bool) -> str | None:
    """The base URI a schema object's `$id` sets for itself and what is inside it, or None: an
    anchor (`#...`) sets none, nor (`old`: draft 7 and older) an `$id` that a `$ref` hides."""
    ident = node.get("$id")
    if not isinstance(ident, str) or ident.startswith("#"):
        return None
    if old and isinstance(node.get("$ref"), str):
        return None
    return urldefrag(urljoin(base, ident))[0]


def ref_document(base: str, ref: str) -> str:
    """The document a reference names (referencing's own rule: `#...` is the current one)."""
    if ref.startswith("#"):
        return base
    return urldefrag(urljoin(base, ref))[0]
