"""Read a user's schema, and every document its `$ref`s name, into one self-contained value.

A schema may be a JSON or YAML file, or a URL; a `$ref` may name a file beside it (or below its
folder) or, with `--schema-fetch` / `schema-fetch = true`, an `http(s)` URL. Everything is read
here, once, when the run starts: each outside document is embedded in the root schema as a
JSON Schema compound document (under `$defs`, or `definitions` before 2019-09) with its URI as
its `$id`, so the engines resolve every reference from the value alone, the cache keys it, and
worker processes get it whole. Nothing is ever fetched during a lint, and without the option a
remote reference is an error naming it (`SchemaError`, exit 2).

Downloads are cached on disk, like check-jsonschema's `--schemafile https://...`: one file per
URL in `$FMLINT_SCHEMA_CACHE` (default `$XDG_CACHE_HOME/fmlint/schemas`, or
`~/.cache/fmlint/schemas`), reused for a day.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

FETCH_HINT = "pass --schema-fetch (or set schema-fetch = true) to let fmlint download it"
CACHE_SECONDS = 24 * 3600
FETCH_TIMEOUT = 15.0
_REF_KEYS = ("$ref", "$dynamicRef", "$recursiveRef")
_VALUE_KEYWORDS = frozenset({"const", "enum", "default", "examples"})  # data, not schemas
_OLD_DRAFTS = ("draft-03", "draft-04", "draft-06", "draft-07")


class SourceError(Exception):
    """A schema or referenced document that cannot be read, worded for the user."""


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def schema_cache_folder() -> Path:
    env = os.environ.get("FMLINT_SCHEMA_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fmlint" / "schemas"


PRIVATE = "private"  # a loader's `fetch` that may reach private addresses (`fetch_policy`)


def fetch_policy(settings) -> bool | str:
    """The `fetch` the schema loaders get: False (never download), True (public addresses
    only) or PRIVATE (`--allow-private-hosts`, from the command line or the environment)."""
    if not settings.schema_fetch:
        return False
    return PRIVATE if settings.allow_private_hosts else True


def download(url: str, folder: Path | None = None, private: bool = False) -> str:
    """The text at `url`, from the disk cache when a copy younger than a day is there."""
    import hashlib
    import time

    folder = folder or schema_cache_folder()
    cached = folder / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".schema")
    try:
        if time.time() - cached.stat().st_mtime < CACHE_SECONDS:
            return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    import urllib.error
    import urllib.request

    from ..disk.safe_read import SCHEMA_CAP

    request = urllib.request.Request(url, headers={"User-Agent": "fmlint"})
    try:
        with _guarded_opener(private).open(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(SCHEMA_CAP + 1)
    except urllib.error.HTTPError as error:
        raise SourceError(f"cannot download {url}: HTTP {error.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise SourceError(f"cannot download {url}: {reason}") from None
    if len(data) > SCHEMA_CAP:
        raise SourceError(f"cannot download {url}: larger than {SCHEMA_CAP >> 20} MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"{url} is not UTF-8 text") from None
    try:  # a whole file or none: write beside, then rename
        folder.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.part")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, cached)
    except OSError:
        pass  # no cache is no error: the download is in hand
    return text


def _guarded_opener(private: bool):
    """urllib that connects only to public addresses (every redirect hop too), as `--online`
    does: a schema URL comes from the repository, so it must not reach this machine's network.
    The address judged is the one connected to; `--allow-private-hosts` (or
    `FMLINT_ALLOW_PRIVATE_HOSTS`: `private`) lifts the guard."""
    import http.client
    import socket
    import urllib.request

    from ..online.addresses import why_refused

    def connect(address, timeout=None, source_address=None):
        host, port = address
        trouble: OSError = OSError(f"{host} has no address")
        for family, kind, proto, _, sockaddr in socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        ):
            why = None if private else why_refused(sockaddr[0])
            if why is not None:
                trouble = OSError(
                    f"{host} is {sockaddr[0]} ({why}), which fmlint does not connect to "
                    "(--allow-private-hosts allows it)"
                )
                continue
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                sock.connect(sockaddr)
                return sock
            except OSError as error:
                sock.close()
                trouble = error
        raise trouble

    def guarded(kind):
        def make(host, **options):
            connection = kind(host, **options)
            connection._create_connection = connect
            return connection

        return make

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(guarded(http.client.HTTPConnection), req)

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(guarded(http.client.HTTPSConnection), req, context=self._context)

    # only these handlers: no proxy from the environment, and no ftp:, file: or data: that a
    # redirect could lead to past the guard
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.UnknownHandler(),
        Plain(),
        Secure(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def parse_document(text: str, name: str) -> Any:
    """A JSON or (for a `.yaml`/`.yml` name) YAML schema document as plain values."""
    if name.lower().endswith((".yaml", ".yml")):
        from ..source import document

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
        from .shape import MAX_DEPTH

        raise SourceError(f"{name}: the schema nests deeper than {MAX_DEPTH} levels") from None


def read_root(location: str | Path, fetch: bool) -> tuple[Any, str]:
    """(the schema document, its retrieval URI) for a path or, with `fetch`, a URL."""
    from ..disk.safe_read import SCHEMA_CAP, read_text

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


def old_draft(schema: Any, default_old: bool = False) -> bool:
    """Whether a schema's dialect is draft 7 or older (`$ref` hides its siblings, `definitions`)."""
    dialect = schema.get("$schema") if isinstance(schema, dict) else None
    if not isinstance(dialect, str):
        return default_old
    return any(name in dialect for name in _OLD_DRAFTS)


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
        has_ref = isinstance(node.get("$ref"), str)
        ident = node.get("$id")
        if isinstance(ident, str) and not (old and has_ref):
            joined = urldefrag(urljoin(base, ident))[0] if not ident.startswith("#") else ""
            if joined:
                base = joined
                yield "id", node, base
        for key in _REF_KEYS:
            if isinstance(node.get(key), str):
                yield "ref", node, f"{key}\0{base}"
        for key, value in node.items():
            if key not in _VALUE_KEYWORDS and isinstance(value, (dict, list)):
                stack.append((value, base, old))


def _target(base: str, ref: str) -> str:
    """The document a reference names (referencing's own rule: `#...` is the current one)."""
    if ref.startswith("#"):
        return base
    return urldefrag(urljoin(base, ref))[0]


def _known_elsewhere(uri: str) -> bool:
    """A meta-schema or vocabulary that every engine carries (jsonschema-specifications)."""
    from jsonschema_specifications import REGISTRY

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
            target = _target(base, ref)
            if target not in known and target not in loaded and not _known_elsewhere(target):
                content = _load(target, ref, where, fetch, folder, retrieve)
                loaded[target] = content
                nodes[target] = content
                documents.append((target, content))
            _check_pointer(nodes, target, ref, where)
    if not loaded:
        return schema
    import copy

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
    from .pointer import Unresolvable, resolve_ref

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
        from ..disk.safe_read import SCHEMA_CAP, read_text

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


# -- $ref cycles ----------------------------------------------------------------------------------

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
    from .shape import MAX_DEPTH

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
            ident = node.get("$id")
            if isinstance(ident, str) and not ident.startswith("#") and not hidden:
                base = urldefrag(urljoin(base, ident))[0]
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


# the keywords whose value maps names to subschemas: a property may be called `default`
_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)


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
            elif key not in _VALUE_KEYWORDS:
                yield str(key), value, key in _SCHEMA_MAPS


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
    from .pointer import Unresolvable, resolve

    document = documents.get(_target(base, ref))
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
