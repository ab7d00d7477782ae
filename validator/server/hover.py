"""Hover for the language server: on a front-matter key, the schema's title, description and
examples for that field.

The schema part for a document path is found by walking the schema as a validator would reach
the value: `properties`, then `patternProperties` (ECMA-262 regexes, `validator.schema.ecma`), then
`additionalProperties`; `prefixItems`/`items` for list indexes; through local `$ref`s
(`validator.schema.pointer`) and `allOf`/`anyOf`/`oneOf`/`then`/`else` branches. What it cannot
follow it leaves out: hover shows what it can and is silent about the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from lsprotocol import types

from ..schema import pointer
from ..schema.ecma import BadPattern, searcher
from ..source import frontmatter, reader
from .positions import from_lsp_character, split_lines, to_lsp_range


def hover(
    text: str, position: types.Position, encoding: str, schema_for: Callable[[], dict | None]
) -> types.Hover | None:
    """The Hover for the key at `position` in `text`, or None. `schema_for` gives the schema
    that describes the document (None for a file in no collection); it is asked only when the
    cursor is on a key."""
    if not frontmatter.has_front_matter(text):
        return None
    lines = split_lines(text)
    if position.line >= len(lines):
        return None
    column = from_lsp_character(lines[position.line], position.character, encoding) + 1
    found = key_at(text, position.line + 1, column)
    if found is None:
        return None
    path, span = found
    schema = schema_for()
    if schema is None:  # a file in no collection: no schema describes its keys
        return None
    node = schema_node(schema, path)
    markdown = describe_field(schema, node) if node is not None else None
    if markdown is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown),
        range=to_lsp_range(lines, span, encoding),
    )


def key_at(text: str, line: int, column: int) -> tuple[tuple, Any] | None:
    """The document path of the front-matter key at 1-based (`line`, code-point `column`) and
    the Span of that key, or None when the cursor is not on a key."""
    doc = reader.read_text(text).doc
    if doc is None or not doc.ok:
        return None
    for path, span in doc.key_spans():
        # the end is inclusive, so the cursor just after the key (on the colon) counts too
        if (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column):
            return path, span
    return None


# --- schema navigation -------------------------------------------------------------------------


def schema_node(schema: dict, path: tuple) -> dict | None:
    """The subschema that describes the value at document `path`, or None."""
    node: Any = schema
    for part in path:
        node = _child(schema, node, part)
        if node is None:
            return None
    return node if isinstance(node, dict) else None


def _resolve_ref(root: dict, ref: str) -> Any:
    """What a `$ref` names, or None: hover shows what it can and is silent about the rest."""
    try:
        return pointer.resolve_ref(root, ref)
    except pointer.Unresolvable:
        return None


def _variants(root: dict, node: Any, depth: int = 0) -> list[dict]:
    """The node, what its `$ref` points at, and its allOf/anyOf/oneOf/then/else branches."""
    if not isinstance(node, dict) or depth > 16:
        return []
    out = [node]
    if isinstance(node.get("$ref"), str):
        out += _variants(root, _resolve_ref(root, node["$ref"]), depth + 1)
    for keyword in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(keyword, []) if isinstance(node.get(keyword), list) else []:
            out += _variants(root, branch, depth + 1)
    for keyword in ("then", "else"):
        out += _variants(root, node.get(keyword), depth + 1)
    return out


def _child(root: dict, node: Any, part: Any) -> Any:
    """The subschema for key or list index `part` of an instance of `node`."""
    variants = _variants(root, node)
    if isinstance(part, int):
        for variant in variants:
            prefix = variant.get("prefixItems")
            if isinstance(prefix, list) and part < len(prefix):
                return prefix[part]
            if isinstance(variant.get("items"), dict):
                return variant["items"]
        return None
    for variant in variants:  # a subschema that is a mapping beats a `false` in a branch
        child = variant.get("properties", {}).get(part)
        if isinstance(child, dict):
            return child
    for variant in variants:
        for pattern, child in variant.get("patternProperties", {}).items():
            if isinstance(child, dict) and _pattern_matches(pattern, part):
                return child
    for variant in variants:
        if isinstance(variant.get("additionalProperties"), dict):
            return variant["additionalProperties"]
    return None


def _pattern_matches(pattern: str, key: str) -> bool:
    """A `patternProperties` regex as JSON Schema reads it (ECMA-262, validator.schema.ecma)."""
    try:
        return searcher(pattern)(key)
    except BadPattern:
        return False


# --- the text ----------------------------------------------------------------------------------


def describe_field(schema: dict, node: dict) -> str | None:
    """Markdown: **title**, the description and the scalar examples (the node's own words first,
    then those of what it `$ref`s)."""

    def first(keyword: str) -> Any:
        for variant in _variants(schema, node):
            if keyword in variant:
                return variant[keyword]
        return None

    title, description, examples = first("title"), first("description"), first("examples")
    parts = []
    if isinstance(title, str) and title:
        parts.append(f"**{title}**")
    if isinstance(description, str) and description:
        parts.append(description)
    if isinstance(examples, list):
        shown = [
            _code_span(item.strip() if isinstance(item, str) else json.dumps(item))
            for item in examples
            if not isinstance(item, (dict, list)) and str(item).strip()
        ]
        if shown:
            parts.append("Examples: " + ", ".join(shown))
    return "\n\n".join(parts) or None


def _code_span(text: str) -> str:
    """Inline Markdown code that survives backticks in the text."""
    text = " ".join(text.split())
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"
