"""The `$ref` graph of a schema that `source` has made self-contained: `$ref`s that apply a
schema to the same value for ever (a cycle), or through a chain too long for a validator's
recursion (`ref_trouble`). Each graph walk keeps a stack of its own: the schema is untrusted.
"""

from __future__ import annotations

from urllib.parse import unquote, urldefrag

from .pointer import Unresolvable, resolve
from .shape import MAX_DEPTH
from .structure import id_base, old_draft, ref_document, schema_parts

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

# the keywords that apply a subschema to the very value their schema applies to: a cycle of
# them (through `$ref`) never reaches a smaller part of the value, so no validator ever ends it
_IN_PLACE = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else")
_IN_PLACE_MAPS = ("dependentSchemas", "dependencies")


def ref_trouble(schema: Any, base_uri: str) -> str | None:
    """What makes a schema's `$ref`s apply it to the same value for ever, or too deep, or None:
    "$ref cycle at #/$defs/a (...)" for `$ref`s that lead from a subschema back to itself
    through keywords that all apply to the same value (`{"$ref": "#"}`, `a -> b -> a`), or a
    chain of such subschemas longer than schema_shape.MAX_DEPTH (a validator recurses on each).
    A recursion through `properties` or `items` steps into the value each time, and ends with
    it. References this cannot follow (an anchor, `$dynamicRef`) are left out."""
    pointers, edges = _in_place_graph(schema, base_uri)
    chain = _cycle(edges)
    if chain is not None:
        names = [pointers[ident] for ident in chain]
        return (
            f"$ref cycle at {names[0]} ({' -> '.join(names)}): the schema applies itself to "
            "the same value for ever"
        )
    start, length = _longest_chain(edges)
    if length > MAX_DEPTH:
        return (
            f"the schema nests deeper than {MAX_DEPTH} levels through $ref at {pointers[start]}: "
            f"a chain of {length} subschemas, each applying the next to the same value"
        )
    return None


def _in_place_graph(schema: Any, base_uri: str) -> tuple[dict, dict]:
    """({id of a subschema: its JSON Pointer}, {id: [ids it applies to the same value]}); the
    ids are those of objects inside `schema`, which keeps them alive."""
    pointers: dict[int, str] = {}
    edges: dict[int, list[int]] = {}
    documents: dict[str, Any] = {base_uri: schema}
    refs: list[tuple[int, str, str]] = []
    stack = [(schema, base_uri, old_draft(schema), "#", False)]
    while stack:
        node, base, old, pointer, named = stack.pop()
        if isinstance(node, dict) and not named:
            if id(node) in pointers:
                continue
            pointers[id(node)] = pointer
            old = old_draft(node, old)
            ref = node.get("$ref")
            hidden = old and isinstance(ref, str)  # draft 7: `$ref` hides its siblings
            joined = id_base(node, base, old)
            if joined is not None:
                base = joined
                documents.setdefault(base, node)
            if isinstance(ref, str):
                refs.append((id(node), ref, base))
            edges[id(node)] = [] if hidden else _in_place_children(node)
        for key, value, names in schema_parts(node, named):
            if isinstance(value, (dict, list)):
                token = key.replace("~", "~0").replace("/", "~1")
                stack.append((value, base, old, f"{pointer}/{token}", names))
    for ident, ref, base in refs:
        target = _ref_target(documents, base, ref)
        if isinstance(target, dict):
            edges[ident].append(id(target))
    return pointers, edges


def _in_place_children(node: dict) -> list[int]:
    children = []
    for key in _IN_PLACE:
        value = node.get(key)
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, dict):
                children.append(id(child))
    for key in _IN_PLACE_MAPS:
        value = node.get(key)
        if isinstance(value, dict):
            children.extend(id(child) for child in value.values() if isinstance(child, dict))
    return children


def _ref_target(documents: dict, base: str, ref: str) -> Any:
    """The subschema a `$ref` names by a JSON Pointer (or none) into a document in hand."""
    document = documents.get(ref_document(base, ref))
    fragment = unquote(ref[1:] if ref.startswith("#") else urldefrag(ref)[1])
    if document is None or (fragment and not fragment.startswith("/")):
        return None
    try:
        return resolve(document, fragment)
    except Unresolvable:
        return None


def _longest_chain(edges: dict[int, list[int]]) -> tuple[int, int]:
    """(where it starts, how many subschemas) of the longest path of a graph without a cycle,
    each node's found once, with a stack of its own."""
    longest: dict[int, int] = {}
    for start in edges:
        stack = [start]
        while stack:
            node = stack[-1]
            waiting = [child for child in edges.get(node, ()) if child not in longest]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            longest[node] = 1 + max((longest[child] for child in edges.get(node, ())), default=0)
    if not longest:
        return 0, 0
    start = max(longest, key=longest.__getitem__)
    return start, longest[start]


def _cycle(edges: dict[int, list[int]]) -> list[int] | None:
    """One cycle of the graph (its nodes, the first repeated at the end), found with a stack of
    its own, or None."""
    state: dict[int, int] = {}  # 1: on the current path, 2: done
    for start in edges:
        if start in state:
            continue
        path = [start]
        state[start] = 1
        iterators = [iter(edges[start])]
        while iterators:
            target = next(iterators[-1], None)
            if target is None:
                state[path.pop()] = 2
                iterators.pop()
            elif state.get(target) == 1:
                return [*path[path.index(target) :], target]
            elif target not in state and target in edges:
                state[target] = 1
                path.append(target)
                iterators.append(iter(edges[target]))
    return None
