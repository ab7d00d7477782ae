"""Local `$ref`s and JSON Pointers (RFC 6901) into a schema: one resolver for every reader.

`resolve_ref(root, "#/$defs/provider")` is the subschema a `$ref` names inside the same document;
`resolve(root, "/$defs/provider")` walks a pointer. Either raises `Unresolvable` (a `LookupError`)
with the reason; callers decide whether that is an error (the compiled checker) or "no help here"
(hover). Plain data in, plain data out: no validator library, no I/O.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any


class Unresolvable(LookupError):
    """A `$ref` or pointer that names nothing in the document (or that this resolver cannot
    follow: another document, or a plain-name anchor like `#item`)."""


def unescape(token: str) -> str:
    """One reference token: `~1` is `/`, `~0` is `~` (in that order, as RFC 6901 says)."""
    return token.replace("~1", "/").replace("~0", "~")


def resolve(root: Any, pointer: str) -> Any:
    """The value `pointer` (`""` for the root, else `/a/0/b`) names inside `root`."""
    if pointer and not pointer.startswith("/"):
        raise Unresolvable(f"{pointer!r} is not a JSON Pointer")
    node = root
    for token in pointer.split("/")[1:] if pointer else []:
        part = unescape(token)
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise Unresolvable(f"{pointer!r} does not resolve")
    return node


def resolve_ref(root: Any, ref: str) -> Any:
    """The subschema a local `$ref` (`#`, `#/$defs/x`, percent-encoded or not) names in `root`."""
    if not ref.startswith("#"):
        raise Unresolvable(f"$ref {ref!r} is not in this document")
    pointer = ref[1:]
    if "%" in pointer:
        from urllib.parse import unquote

        pointer = unquote(pointer)
    if pointer and not pointer.startswith("/"):
        raise Unresolvable(f"$ref {ref!r} names an anchor")
    try:
        return resolve(root, pointer)
    except Unresolvable:
        raise Unresolvable(f"$ref {ref!r} does not resolve") from None
