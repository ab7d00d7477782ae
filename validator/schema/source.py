"""Read a user's schema, and every document its `$ref`s name, into one self-contained value.

A schema may be a JSON or YAML file, or a URL; a `$ref` may name a file beside it (or below its
folder) or, with `--schema-fetch` / `schema-fetch = true`, an `http(s)` URL (`download`, with
its disk cache). Everything is read here, once, when the run starts: each outside document is
embedded in the root schema as a JSON Schema compound document (under `$defs`, or `definitions`
before 2019-09) with its URI as its `$id`, so the engines resolve every reference from the
value alone, the cache keys it, and worker processes get it whole. Nothing is ever fetched
during a lint, and without the option a remote reference is an error naming it (`SourceError`,
exit 2). What the `$ref`s then make of the schema (a cycle, a chain too long) is `refs`'.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from ..disk.safe_read import SCHEMA_CAP, read_text
from .download import FETCH_HINT, PRIVATE, SourceError, download, is_url
from .pointer import Unresolvable, resolve_ref
from .shape import MAX_DEPTH
from .structure import VALUE_KEYWORDS, id_base, old_draft, ref_document

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

_REF_KEYS = ("$ref", "$dynamicRef", "$recursiveRef")


def parse_document(text: str, name: str) -> Any:
    """A JSON or (for a `.yaml`/`.yml` name) YAML schema document as plain values."""
    if name.lower().endswith((".yaml", ".yml")):
        from ..source import document  # the YAML parser: only a YAML schema needs it

        doc = document.parse(text)
        if not doc.ok or doc.findings:
            finding = doc.findings[0]
            where = f" (line {finding.span.line})" if finding.span else ""
            raise SourceError(f"{name}: the schema is not valid YAML{where}: {finding.message}")
        return doc.value
    try:
        return json.loads(text)
    except ValueError as error:
        raise SourceError(f"{name}: the schema is not valid JSON: {error}") from None
    except RecursionError:  # Python's JSON reader recurses once per level, ~1,000 at most
        raise SourceError(f"{name}: the schema nests deeper than {MAX_DEPTH} levels") from None


def read_root(location: str | Path, fetch: bool) -> tuple[Any, str]:
    """(the schema document, its retrieval URI) for a path or, with `fetch`, a URL."""
    if isinstance(location, str) and is_url(location):
        if not fetch:
            raise SourceError(f"the schema {location} is remote: {FETCH_HINT}")
        text = download(location, private=fetch == PRIVATE)
        return parse_document(text, urlsplit(location).path), location
    path = Path(location)
    try:
        text = read_text(path, SCHEMA_CAP)
    except OSError as error:
        raise SourceError(f"{path}: cannot read the schema: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise SourceError(f"{path}: the schema is not UTF-8 text: {error}") from None
    return parse_document(text, str(path)), path.resolve().as_uri()


def _walk(node: Any, base: str, old: bool) -> Iterator[tuple[str, Any, str | None]]:
    """("id", node, base) for each place a base URI is set and ("ref", node, key) ... for each
    reference, with the base in force there; values of `const`, `enum`, ... are data, skipped."""
    stack = [(node, base, old)]
    while stack:
        node, base, old = stack.pop()
        if isinstance(node, list):
            stack.extend((item, base, old) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        old = old_draft(node, old)
        joined = id_base(node, base, old)
        if joined:
            base = joined
            yield "id", node, base
        for key in _REF_KEYS:
            if isinstance(node.get(key), str):
                yield "ref", node, f"{key}\0{base}"
        for key, value in node.items():
            if key not in VALUE_KEYWORDS and isinstance(value, (dict, list)):
                stack.append((value, base, old))


def _known_elsewhere(uri: str) -> bool:
    """A meta-schema or vocabulary that every engine carries (jsonschema-specifications)."""
    from jsonschema_specifications import REGISTRY  # ~60 ms: bundling only, not `embedded`

    return uri in REGISTRY or uri + "#" in REGISTRY or uri.rstrip("#") in REGISTRY


def bundle(
    schema: Any,
    base_uri: str,
    where: str,
    *,
    fetch: bool = False,
    folder: Path | None = None,
    retrieve: Callable[[str], Any] | None = None,
) -> Any:
    """`schema` with every outside document its references name embedded (see the module).

    `folder` bounds file references (default: the folder of a `file:` base); `retrieve` (for
    tests: the JSON-Schema-Test-Suite's `remotes/`) stands in for downloads when `fetch` is on.
    A schema without outside references is returned unchanged.
    """
    if not isinstance(schema, dict):
        return schema
    if folder is None and base_uri.startswith("file:"):
        folder = Path(unquote(urlsplit(base_uri).path)).parent
    old_root = old_draft(schema)
    own_id = schema.get("$id") if isinstance(schema.get("$id"), str) else None
    root_base = (
        urldefrag(urljoin(base_uri, own_id))[0]
        if own_id and not (old_root and "$ref" in schema)
        else base_uri
    )
    known: set[str] = {root_base, base_uri}
    meta = _custom_meta_schema(schema, root_base, where, fetch, folder, retrieve)
    nodes: dict[str, Any] = {base_uri: schema, root_base: schema}
    documents: list[tuple[str, Any]] = [(root_base, schema)]
    loaded: dict[str, Any] = dict(meta)
    documents.extend(meta.items())
    index = 0
    while index < len(documents):
        doc_base, document = documents[index]
        index += 1
        found = list(_walk(document, doc_base, old_draft(document, old_root)))
        for kind, node, info in found:
            if kind == "id":
                known.add(info)
                nodes.setdefault(info, node)
        for kind, node, info in found:
            if kind != "ref":
                continue
            key, base = info.split("\0", 1)
            ref = node[key]
            target = ref_document(base, ref)
            if target not in known and target not in loaded and not _known_elsewhere(target):
                content = _load(target, ref, where, fetch, folder, retrieve)
                loaded[target] = content
                nodes[target] = content
                documents.append((target, content))
            _check_pointer(nodes, target, ref, where)
    if not loaded:
        return schema
    import copy  # ~2 ms: only a schema with outside documents is copied

    schema = copy.deepcopy(schema)
    if own_id is None and base_uri not in ("", None):
        if old_root and isinstance(schema.get("$ref"), str):
            schema["$ref"] = urljoin(base_uri, schema["$ref"])  # `$id` beside it would not count
        else:
            schema["$id"] = base_uri
    holder = "definitions" if old_root else "$defs"
    defs = schema.setdefault(holder, {})
    if not isinstance(defs, dict):
        raise SourceError(f"{where}: {holder} is not a mapping")
    for number, (uri, content) in enumerate(loaded.items(), 1):
        defs[f"fmlint-ref-{number}"] = _as_resource(uri, content)
    return schema


def _custom_meta_schema(schema: dict, base: str, where: str, fetch, folder, retrieve) -> dict:
    """{uri: document} for a `$schema` that names no standard dialect, when it can be read (a
    file beside the schema, or with `fetch` a URL): its `$vocabulary` says which keywords
    count. One that cannot be read leaves the dialect to jsonschema's default, as before."""
    dialect = schema.get("$schema")
    if not isinstance(dialect, str):
        return {}
    uri = urldefrag(urljoin(base, dialect))[0]
    if _known_elsewhere(uri) or not (fetch or uri.startswith("file:")):
        return {}
    try:
        return {uri: _load(uri, dialect, where, fetch, folder, retrieve)}
    except SourceError:
        return {}


def embedded(schema: Any, uri: str) -> Any:
    """The document `bundle` embedded for `uri`, or None."""
    for holder in ("$defs", "definitions"):
        defs = schema.get(holder) if isinstance(schema, dict) else None
        if not isinstance(defs, dict):
            continue
        for name, node in defs.items():
            if name.startswith("fmlint-ref-") and isinstance(node, dict) and node.get("$id") == uri:
                inner = node.get("$defs", {}).get("document") if "$ref" in node else None
                return inner if isinstance(inner, dict) else node
    return None


def _check_pointer(nodes: dict, target: str, ref: str, where: str) -> None:
    """A JSON Pointer fragment into a document in hand must name something in it."""
    fragment = urldefrag(ref)[1] if not ref.startswith("#") else ref[1:]
    if not fragment.startswith("/") or target not in nodes:
        return
    try:
        resolve_ref(nodes[target], "#" + fragment)
    except Unresolvable:
        raise SourceError(f"{where}: $ref {ref!r} does not resolve") from None


def _as_resource(uri: str, content: Any) -> Any:
    """A fetched document as an embedded resource whose `$id` is the URI it was fetched from."""
    if isinstance(content, dict):
        own = content.get("$id")
        hidden = old_draft(content) and "$ref" in content  # draft 7: `$id` beside `$ref` is void
        if not isinstance(own, str) and not hidden:
            return {**content, "$id": uri}
        if isinstance(own, str) and urldefrag(urljoin(uri, own))[0] == uri:
            return content
        inner = dict(content)
        if isinstance(own, str):
            inner["$id"] = urljoin(uri, own)
        ref = inner["$id"] if isinstance(own, str) else "#/$defs/document"
        return {"$id": uri, "$defs": {"document": inner}, "$ref": ref}
    return {"$id": uri, "allOf": [content]}


def _load(
    target: str,
    ref: str,
    where: str,
    fetch: bool,
    folder: Path | None,
    retrieve: Callable[[str], Any] | None,
) -> Any:
    parts = urlsplit(target)
    if parts.scheme == "file" and parts.netloc in ("", "localhost"):
        file = Path(unquote(parts.path)).resolve()
        if folder is None or folder.resolve() not in file.parents:
            raise SourceError(f"{where}: $ref {ref!r} is outside the schema's folder {folder}")
        try:
            return parse_document(read_text(file, SCHEMA_CAP), str(file))
        except OSError as error:
            raise SourceError(
                f"{where}: $ref {ref!r}: cannot read {file}: {error.strerror or error}"
            ) from None
        except SourceError as error:
            raise SourceError(f"{where}: $ref {ref!r}: {error}") from None
    if parts.scheme in ("http", "https"):
        if not fetch:
            raise SourceError(
                f"{where}: $ref {ref!r} names the remote schema {target}: {FETCH_HINT}"
            )
        try:
            if retrieve is not None:
                return retrieve(target)
            return parse_document(download(target, private=fetch == PRIVATE), parts.path)
        except SourceError as error:
            raise SourceError(f"{where}: $ref {ref!r}: {error}") from None
    raise SourceError(f"{where}: $ref {ref!r} does not resolve (nothing in the schema is {target})")
