"""How deep and how large a schema may be: bounds checked with a stack of fmlint's own, before
any library walks the schema.

A schema comes from the repository being linted. jsonschema checks a schema against its
meta-schema, and validates, by recursion: about ten Python frames per level, so a schema 100
levels deep (`{"properties": {"a": {"properties": ...}}}`, `allOf` in `allOf`, `not` in `not`)
ended fmlint in a RecursionError, reported as an internal error. MAX_DEPTH levels of JSON
(objects and arrays, each counts) leave room for the value's own depth on top (the reader
bounds it: FM010); real schemas keep to a dozen. MAX_NODES bounds the work of the meta-schema
check, ~0.2 ms per subschema (100,000: 20 s).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

MAX_DEPTH = 64
MAX_NODES = 100_000


class ShapeError(ValueError):
    """A schema deeper or larger than fmlint takes, worded for the user."""


def check_shape(schema: Any) -> None:
    """Raise ShapeError for a schema nested deeper than MAX_DEPTH objects and arrays, or made
    of more than MAX_NODES of them."""
    stack = [(schema, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > MAX_DEPTH:
            raise ShapeError(f"the schema nests deeper than {MAX_DEPTH} levels")
        count += 1
        if count > MAX_NODES:
            raise ShapeError(f"the schema has more than {MAX_NODES:,} objects and arrays")
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
