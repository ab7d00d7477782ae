"""What a schema says its values are: the role tree that the record walk (`record.Walk`) follows.

Rules find values by what they are, not by what their keys are called. A schema says it:

- `format`: `uri` or `iri`, an absolute URL; `uri-reference` or `iri-reference`, a URL that may be
  relative (a relative value is then no absolute URL to judge); `date-time` or `date`, a date;
- `x-fmlint-date-layouts`: the date layouts a site's generator reads (`date_layouts.LAYOUTS`),
  which replace those `format` implies (`date-time`: `rfc3339`; `date`: `date`);
- `x-fmlint-role`: `picture` (a string naming a picture, or a mapping holding its location and
  size), `title`, and the article record's own (`ARTICLE_ROLES`), which the article-only rules
  read: the root's `article`, its page URLs, AMP pair, publication date, provider domain, ...

`compile_roles(schema)` reads a schema once (the engine keeps the result per schema) into a tree
of `Node`s: local `$ref`s are followed (a cycle ends in the node being built, so a recursive
schema is a finite graph), `properties`, `additionalProperties`, `patternProperties`, `items`
and `prefixItems` (`items` as a list and `additionalItems` of older drafts) lead to children,
and the branches of `allOf`, `anyOf`, `oneOf`, `if`, `then` and `else` are taken together, since
a value may be any of them. A reference to another document is not followed. Subtrees without
a role are pruned, so the walk visits only values some rule reads.

One module past 400 lines, on purpose: the roles' vocabulary (`ARTICLE_ROLES`) and the compiler
that reads it are one contract with the schemas that write them.
"""

from __future__ import annotations

from functools import lru_cache

from ..schema.date_layouts import LAYOUTS

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

# `x-fmlint-role` values of the article record, each read by an article-only rule.
ARTICLE_ROLES = {
    "article": "the root: a news record (FM501 reads every string of it)",
    "page": "the item's web page on the provider's site (FM205, FM507)",
    "original-page": "the page the item was collected from (FM205, FM507)",
    "amp-page": "the item's AMP page (FM203, FM204, FM205)",
    "amp-cache": "the Google AMP Cache URL of the AMP page (FM203, FM204)",
    "publication-date": "when the item was published (FM301, FM302)",
    "provider-domain": "the publisher's domain (FM205)",
    "item-type": "`article` or `video` (FM205: a video's original page is on YouTube)",
    "topics": "the list of topic names (FM503)",
    "secured": "the encrypted payload (FM504)",
    "heat": "the popularity score (FM505, FM506)",
    "published": "whether the site shows the record (FM505, FM506)",
    "removed": "a record withdrawn from the site (FM505)",
    "related": "a list of smaller records, each walked as an item (FM507)",
}
# Where a picture given as a mapping says where it is: the first of these keys present.
LOCATION_KEYS = ("url", "src", "file", "path", "image")
PAGE_ROLES = frozenset({"page", "original-page", "amp-page", "amp-cache"})  # http(s) web pages
ROLE_NAMES = frozenset({"picture", "title", *ARTICLE_ROLES})

_ABSOLUTE, _REFERENCE = "absolute", "reference"
TITLE, URL, DATE = 1, 2, 3  # `Node.action`: what the walk lists of a leaf with one role
_URL_FORMATS = {
    "uri": _ABSOLUTE,
    "iri": _ABSOLUTE,
    "uri-reference": _REFERENCE,
    "iri-reference": _REFERENCE,
}
_DATE_FORMATS = {"date-time": "rfc3339", "date": "date"}
_BRANCHES = ("allOf", "anyOf", "oneOf")
_CONDITIONS = ("if", "then", "else")
MAX_NODES = 5000  # a hostile schema's unions cannot make the tree grow without bound
_MAX_KEY_DEPTH = 8  # how deep below an item its roles are looked for (`provider.domain`: 2)
_MAX_KEY_STEPS = 10_000  # and how many keys are looked at, at most
_DYNAMIC_MEMO = 256  # keys remembered per node whose children `patternProperties` decide


class Node:
    """The roles of the values at one place of a schema, and where its children's are.

    `roles`: the `x-fmlint-role` values; `url`: "absolute", "reference" or "" (no URL);
    `layouts`: the date layouts accepted (empty: no date); `title`, `picture`, `related`, `web`
    (a page role: only http(s) is a web page), `picture_text` (a string here names a picture:
    the schema allows one), `picture_list` (its items are pictures): flags the walk reads;
    `marked`: a value here is listed by the walk; `leaf`: marked, and no child has a role
    (`action`: `TITLE`, `URL` or `DATE` for a leaf with that one role, else 0); `only`: the
    one (key, child) with a role of a mapping that has no other; `extra`: a picture mapping with a
    role in some key but its location. Children, pruned to those with a role at or below them:
    `props` (key -> Node, or None for a key named without one), `rest` (any other key), `prefix`
    (the first list items, by position) and `items` (the others). `keys` (of a record or a related
    item): each role below, by `properties`, as the relative paths that hold it.
    """

    __slots__ = (
        "_dynamic_memo",
        "_keys",
        "_tree",
        "action",
        "all_props",
        "candidates",
        "dynamic",
        "extra",
        "items",
        "layouts",
        "leaf",
        "live",
        "marked",
        "only",
        "picture",
        "picture_list",
        "picture_text",
        "prefix",
        "props",
        "related",
        "rest",
        "roles",
        "schemas",
        "title",
        "url",
        "web",
    )

    def __init__(self, tree: RoleTree, schemas: tuple) -> None:
        self._tree = tree
        self.schemas = schemas
        self.roles = frozenset()
        self.url = ""
        self.layouts = ()
        self.props: dict = {}
        self.all_props: dict = {}
        self.rest: Node | None = None
        self.dynamic: tuple | None = None  # the schemas with `patternProperties`
        self.candidates: tuple = ()  # the nodes a key they decide may lead to
        self.prefix: tuple = ()
        self.items: Node | None = None
        self.live = False
        self._keys: dict | None = None
        self._dynamic_memo: dict = {}
        self.title = self.picture = self.related = self.web = self.marked = False
        self.picture_list = self.picture_text = self.leaf = self.extra = False
        self.action = 0
        self.only: tuple | None = None

    def child(self, key: Any) -> Node | None:
        """The node of the value at `key` of a mapping here, or None (no role at or below it)."""
        if self.dynamic is None:
            return self.props.get(key, self.rest)
        if key in self.props:
            return self.props[key]
        return self._tree.dynamic_child(self, key)

    @property
    def keys(self) -> dict:
        """role -> relative paths holding it (by `properties` only: an item's own values)."""
        if self._keys is None:
            found: dict[str, list] = {}
            _collect_keys(self, (), found, {id(self)}, [_MAX_KEY_STEPS])
            self._keys = {role: tuple(paths) for role, paths in found.items()}
        return self._keys


def _collect_keys(node: Node, path: tuple, found: dict, seen: set, budget: list) -> None:
    """Each role below `node` by `properties`, depth first; `budget` bounds the steps (a schema
    whose properties share their subschemas has more paths than nodes)."""
    if len(path) >= _MAX_KEY_DEPTH:
        return
    for key, child in node.all_props.items():
        budget[0] -= 1
        if budget[0] < 0:
            return
        where = (*path, key)
        for role in sorted(child.roles):
            found.setdefault(role, []).append(where)
        if child.related or id(child) in seen:
            continue  # a related item's values are its own
        seen.add(id(child))
        _collect_keys(child, where, found, seen, budget)
        seen.discard(id(child))


class RoleTree:
    """A schema's roles: `root` is the Node of the whole record (None: no schema)."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema  # kept: nodes are memoised by the identity of its parts
        self._memo: dict[frozenset, Node] = {}
        self._fresh: list[Node] = []
        self.root: Node | None = None
        if isinstance(schema, dict):
            try:
                self.root = self._node(self._closure([schema]))
            except RecursionError:  # a chain of references deeper than Python goes: no role
                self._memo, self._fresh, self.root = {}, [], None
                return
            self._settle()

    @property
    def record_roles(self) -> frozenset:
        """The roles of the whole record (`article`: a news record)."""
        return frozenset() if self.root is None else self.root.roles

    # Building ---------------------------------------------------------------------------------

    def _closure(self, schemas) -> tuple:
        """The schemas that apply to one value: those given and, through `$ref` and the
        applicators, every schema they bring along (each once, in a stable order)."""
        seen: dict[int, dict] = {}
        stack = list(reversed(schemas))
        while stack:
            schema = stack.pop()
            if not isinstance(schema, dict) or id(schema) in seen:
                continue
            seen[id(schema)] = schema
            more = []
            ref = schema.get("$ref")
            if isinstance(ref, str):
                more.append(self._resolve(ref))
            for name in _BRANCHES:
                branches = schema.get(name)
                if isinstance(branches, list):
                    more.extend(branches)
            more.extend(schema.get(name) for name in _CONDITIONS)
            stack.extend(reversed(more))
        return tuple(seen.values())

    def _resolve(self, ref: str) -> Any:
        from ..schema.pointer import Unresolvable, resolve_ref

        try:
            return resolve_ref(self.schema, ref)
        except Unresolvable:  # another document, an anchor, nothing: no role from it
            return None

    def _node(self, schemas: tuple) -> Node:
        key = frozenset(map(id, schemas))
        node = self._memo.get(key)
        if node is not None:
            return node
        node = Node(self, schemas)
        if len(self._memo) >= MAX_NODES:
            return node  # no role: the schema is too large to read further
        self._memo[key] = node
        self._fresh.append(node)
        self._own(node, schemas)
        self._children(node, schemas)
        return node

    def _own(self, node: Node, schemas: tuple) -> None:
        roles, urls, layouts, formats, types = set(), set(), [], [], set()
        for schema in schemas:
            kind = schema.get("type")
            if kind is not None:
                types.update(kind if isinstance(kind, list) else [kind])
            role = schema.get("x-fmlint-role")
            if isinstance(role, str) and role in ROLE_NAMES:
                roles.add(role)
            form = schema.get("format")
            if isinstance(form, str):
                if form in _URL_FORMATS:
                    urls.add(_URL_FORMATS[form])
                elif form in _DATE_FORMATS and _DATE_FORMATS[form] not in formats:
                    formats.append(_DATE_FORMATS[form])
            named = schema.get("x-fmlint-date-layouts")
            if isinstance(named, list):
                layouts += [n for n in named if n in LAYOUTS and n not in layouts]
        node.roles = frozenset(roles)
        node.web = bool(roles & PAGE_ROLES)
        node.url = _REFERENCE if _REFERENCE in urls else _ABSOLUTE if urls or node.web else ""
        node.layouts = tuple(layouts or formats)
        node.title = "title" in roles
        node.picture = "picture" in roles
        node.picture_text = node.picture and (not types or "string" in types)
        node.related = "related" in roles
        node.marked = bool(node.title or node.picture or node.url or node.layouts)

    def _children(self, node: Node, schemas: tuple) -> None:
        keys: dict = {}
        for schema in schemas:
            properties = schema.get("properties")
            if isinstance(properties, dict):
                keys.update(dict.fromkeys(properties))
        node.all_props = {key: self._node(self._closure(_applying(schemas, key))) for key in keys}
        dynamic = tuple(s for s in schemas if isinstance(s.get("patternProperties"), dict))
        if dynamic:
            node.dynamic = dynamic
            each = [v for s in dynamic for v in s["patternProperties"].values()]
            each += [s.get("additionalProperties") for s in schemas]
            node.candidates = tuple(filter(None, (self._optional([v]) for v in each)))
        else:
            rest = [s.get("additionalProperties") for s in schemas]
            node.rest = self._optional(rest)
        prefixes, rests = [], []
        for schema in schemas:
            prefix, rest = _array_parts(schema)
            prefixes.append(prefix)
            rests.append(rest)
        longest = max((len(prefix) for prefix in prefixes), default=0)
        node.prefix = tuple(
            self._optional(
                [
                    prefix[index] if index < len(prefix) else rest
                    for prefix, rest in zip(prefixes, rests, strict=True)
                ]
            )
            for index in range(longest)
        )
        node.items = self._optional(rests)

    def _optional(self, schemas: list) -> Node | None:
        present = [schema for schema in schemas if isinstance(schema, dict)]
        return self._node(self._closure(present)) if present else None

    def dynamic_child(self, node: Node, key: Any) -> Node | None:
        """The child at a key that only `patternProperties` or `additionalProperties` decide
        (remembered for the first keys: a record's keys repeat from file to file)."""
        memo = node._dynamic_memo
        if key in memo:
            return memo[key]
        try:
            child = self._optional(_applying(node.schemas, key))
        except RecursionError:  # see `__init__`
            child = None
        self._settle()
        child = child if child is not None and child.live else None
        if len(memo) < _DYNAMIC_MEMO:
            memo[key] = child
        return child

    # Pruning ----------------------------------------------------------------------------------

    def _settle(self) -> None:
        """Decide which new nodes have a role at or below them, and prune their children."""
        fresh, self._fresh = self._fresh, []
        for node in fresh:
            node.live = node.marked or node.related
        changed = True
        while changed:
            changed = False
            for node in fresh:
                if not node.live and any(child.live for child in _children_of(node)):
                    node.live = changed = True
        for node in fresh:
            node.props = {
                key: child if child.live else None for key, child in node.all_props.items()
            }
            if node.rest is not None and not node.rest.live:
                node.rest = None
            node.prefix = tuple(c if c is not None and c.live else None for c in node.prefix)
            if not any(node.prefix):
                node.prefix = ()
            if node.items is not None and not node.items.live:
                node.items = None
            if not any(child.live for child in node.candidates):
                node.dynamic, node.candidates = None, ()
            node.picture_list = node.items is not None and node.items.picture
            node.leaf = node.marked and not node.picture and not _has_children(node)
            named = [(key, child) for key, child in node.props.items() if child is not None]
            if len(named) == 1 and not (node.rest or node.dynamic):
                node.only = named[0]
            if node.leaf:
                kinds = [(TITLE, node.title), (URL, bool(node.url)), (DATE, bool(node.layouts))]
                present = [action for action, there in kinds if there]
                node.action = present[0] if len(present) == 1 else 0
            node.extra = any(
                child is not None and key not in LOCATION_KEYS for key, child in node.props.items()
            ) or bool(node.rest or node.dynamic or node.items or node.prefix)


def _has_children(node: Node) -> bool:
    return bool(any(node.props.values()) or node.rest or node.dynamic or node.items or node.prefix)


def _children_of(node: Node):
    yield from node.all_props.values()
    if node.rest is not None:
        yield node.rest
    yield from (child for child in node.prefix if child is not None)
    if node.items is not None:
        yield node.items
    yield from node.candidates


def _applying(schemas, key: Any) -> list:
    """The subschemas of these object schemas that apply to the value at `key`: its
    `properties` entry, each `patternProperties` entry whose pattern matches it, and
    `additionalProperties` of a schema where neither names it."""
    found = []
    for schema in schemas:
        properties = schema.get("properties")
        named = isinstance(properties, dict) and key in properties
        if named:
            found.append(properties[key])
        matched = False
        patterns = schema.get("patternProperties")
        if isinstance(patterns, dict) and isinstance(key, str):
            for pattern, subschema in patterns.items():
                if _matches(pattern, key):
                    found.append(subschema)
                    matched = True
        if not named and not matched:
            found.append(schema.get("additionalProperties"))
    return found


def _matches(pattern: str, key: str) -> bool:
    """An ECMA-262 pattern found in `key`, as the schema's checker reads it (no match: a pattern
    fmlint cannot match in bounded time, which the schema's loading reports)."""
    from ..schema.ecma import BadPattern, searcher  # regress: only a schema with patterns

    try:
        return bool(searcher(pattern)(key))
    except BadPattern:
        return False


def _array_parts(schema: dict) -> tuple[list, Any]:
    """(the schemas of the first items by position, the schema of the others)."""
    items = schema.get("items")
    prefix = schema.get("prefixItems")
    if isinstance(prefix, list):
        return prefix, items
    if isinstance(items, list):  # draft 2019-09 and before: `items` by position
        return items, schema.get("additionalItems")
    return [], items


def compile_roles(schema: Any) -> RoleTree:
    """The role tree of a schema (a JSON Schema as a plain dict; anything else marks nothing)."""
    return RoleTree(schema)


NO_ROLES = RoleTree(None)  # a file without a schema: no value has a role


@lru_cache(maxsize=1)
def article_roles() -> RoleTree:
    """The bundled article schema's roles: what a caller without an engine walks by."""
    import json

    from ..schema.load import bundled_schema_path  # only without an engine (tests, tools)

    return RoleTree(json.loads(bundled_schema_path().read_text(encoding="utf-8")))
