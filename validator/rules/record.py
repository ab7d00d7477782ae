"""Where a record's values are, by role: one walk that every rule family shares.

A role is what a value is, not what its key is called: a URL, a picture (a string naming it, or
a mapping with its location and size), a list of pictures, a date, a title. The walk follows the
role tree of the file's schema (`roles.RoleTree`: what its `format`s and fmlint's annotations
say), so it finds an article's `webUrl` and a Jekyll post's `image` alike, and visits nothing
no rule reads.

The walk runs once per file (`Context.record`) and lists values item by item (the record, then
each entry of a list marked `related`), each item's in document order.
"""

from __future__ import annotations

import re

from ..diagnostic import DocPath
from .roles import DATE, LOCATION_KEYS, TITLE, URL, RoleTree, article_roles

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:").match


class Walk:
    """A record's values by role, each as (document path, value) in document order.

    `items`: the record and each mapping in a `related` list (`keys`: for each item's path, its
    roles by `roles.Node.keys`); `titles`, `page_urls` (URLs that are not a picture's), `dates`
    (with `date_layouts`: path -> the layouts accepted): values of any type; `picture_lists`:
    lists of pictures; `pictures`: the mappings among them (and any other picture mapping);
    `picture_urls`: each picture's location of any type (a picture string, or the value of the
    first location key of a mapping, `LOCATION_KEYS`); `picture_sources`: those that are
    strings; `urls`: every URL the absolute-URL rules judge (a non-empty string; not a path on
    the site where one is allowed, a picture's or a relative reference's; not relative where
    the schema allows a relative reference), page URLs and picture URLs in document order, with
    `open_urls` the paths of those that may use any scheme (a URL the schema does not make a
    web page or a picture at an absolute URL: `mailto:` is fine there); `titles_and_urls`:
    titles, page URLs and picture locations as (path, value, is a URL)."""

    __slots__ = (
        "_picture_paths",
        "date_layouts",
        "dates",
        "items",
        "keys",
        "open_urls",
        "page_urls",
        "picture_lists",
        "picture_sources",
        "picture_urls",
        "pictures",
        "titles",
        "titles_and_urls",
        "urls",
    )

    def __init__(self, record: dict, roles: RoleTree | None = None):
        self.dates, self.items, self.page_urls, self.picture_lists = [], [], [], []
        self.picture_sources, self.picture_urls, self.pictures, self.titles = [], [], [], []
        self.titles_and_urls, self.urls = [], []
        self.date_layouts, self.keys, self.open_urls = {}, {}, set()
        self._picture_paths = None
        if not isinstance(record, dict):
            return
        root = (roles if roles is not None else article_roles()).root
        self.items.append(((), record))
        if root is None:
            return
        self.keys[()] = root.keys
        if not root.live:
            return
        queue = [((), record, root)]
        for path, item, node in queue:  # related items join the queue as they are met
            self._visit(path, item, node, queue)

    def _visit(self, path: DocPath, value, node, queue: list) -> None:
        if node.marked:
            if node.picture and isinstance(value, dict):
                self._picture(path, value, node, queue)
                return
            self._mark(path, value, node)
        if isinstance(value, dict):
            self._mapping(path, value, node, queue)
        elif isinstance(value, list):
            self._list(path, value, node, queue)

    def _mapping(self, path: DocPath, value: dict, node, queue: list) -> None:
        visit = self._visit
        if node.only is not None:  # `provider` with its `images`: one look, whatever it holds
            key, child = node.only
            if key in value:
                visit((*path, key), value[key], child, queue)
            return
        if node.dynamic is not None:
            for key, sub in value.items():
                child = node.child(key)
                if child is not None:
                    visit((*path, key), sub, child, queue)
            return
        get, rest = node.props.get, node.rest
        both = self.titles_and_urls
        for key, sub in value.items():
            child = get(key, rest)
            if child is None:
                continue
            where = (*path, key)
            action = child.action  # the usual leaves, listed here: a call less for each
            if action == URL:
                self.page_urls.append((where, sub))
                both.append((where, sub, True))
                if isinstance(sub, str) and sub:
                    self._url(where, sub, child.url, child.web)
            elif action == DATE:
                self.dates.append((where, sub))
                self.date_layouts[where] = child.layouts
            elif action == TITLE:
                self.titles.append((where, sub))
                both.append((where, sub, False))
            elif child.marked:
                visit(where, sub, child, queue)
            elif isinstance(sub, list):  # `images`, `related`: straight to the list
                self._list(where, sub, child, queue)
            elif isinstance(sub, dict):
                self._mapping(where, sub, child, queue)

    def _list(self, path: DocPath, value: list, node, queue: list) -> None:
        prefix, rest = node.prefix, node.items
        if node.related:
            for index, entry in enumerate(value):
                child = prefix[index] if index < len(prefix) else rest
                if child is not None and isinstance(entry, dict):
                    where = (*path, index)
                    self.items.append((where, entry))
                    self.keys[where] = child.keys
                    queue.append((where, entry, child))
            return
        if node.picture_list:
            self.picture_lists.append((path, value))
        visit = self._visit
        for index, entry in enumerate(value):
            child = prefix[index] if index < len(prefix) else rest
            if child is None:
                continue
            if child.picture and isinstance(entry, dict):
                self._picture((*path, index), entry, child, queue)
            else:
                visit((*path, index), entry, child, queue)

    def _mark(self, path: DocPath, value, node) -> None:
        """A value at a node with a role of its own (a picture here is a string, or nothing)."""
        if node.title:
            self.titles.append((path, value))
            self.titles_and_urls.append((path, value, False))
        if node.picture:
            if node.picture_text and isinstance(value, str):
                self.picture_urls.append((path, value))
                self.titles_and_urls.append((path, value, True))
                self.picture_sources.append((path, value))
                if value:
                    self._url(path, value, node.url, node.url == "absolute", picture=True)
        elif node.url:
            self.page_urls.append((path, value))
            self.titles_and_urls.append((path, value, True))
            if isinstance(value, str) and value:
                self._url(path, value, node.url, node.web)
        if node.layouts:
            self.dates.append((path, value))
            self.date_layouts[path] = node.layouts

    def _picture(self, path: DocPath, picture: dict, node, queue: list) -> None:
        """A picture given as a mapping: its location, then whatever else it holds."""
        self.pictures.append((path, picture))
        location, value = location_of(picture)
        if location is not None:
            where = (*path, location)
            self.picture_urls.append((where, value))
            self.titles_and_urls.append((where, value, True))
            if isinstance(value, str):
                self.picture_sources.append((where, value))
                if value:
                    kind = getattr(node.child(location), "url", "")
                    self._url(where, value, kind, kind == "absolute", picture=True)
        if node.extra:
            for key, sub in picture.items():
                child = node.child(key) if key != location else None
                if child is not None:
                    self._visit((*path, key), sub, child, queue)

    def _url(self, path: DocPath, value: str, kind: str, web: bool, picture: bool = False):
        """List a URL the absolute-URL rules judge (`value` is a non-empty string): not a path on
        the site where one is allowed (a picture's, or a relative reference), and not relative
        where the schema allows a relative reference. A site path where the schema wants an
        absolute URL is judged: the schema's `format` reports it first, when it runs."""
        if kind != "absolute" or picture:
            if value[0] == "/" and value[1:2] != "/":
                return  # a path on the site (`/img/a.png`), which its templates complete
            if kind != "absolute" and not _SCHEME(value):
                return  # relative, and allowed to be
        self.urls.append((path, value))
        if not web:
            self.open_urls.add(path)

    def in_item(self, base: DocPath, item: dict, *roles: str) -> list:
        """(path, value) of each value the item at `base` holds in these article roles (`page`,
        `amp-cache`, ...: `roles.ARTICLE_ROLES`), where its schema puts them, role by role."""
        found = []
        keys = self.keys.get(base, _NONE)
        for role in roles:
            for relative in keys.get(role, ()):
                value = _at(item, relative)
                if value is not _ABSENT:
                    found.append((base + relative, value))
        return found

    def has(self, base: DocPath, item: dict, role: str) -> bool:
        """Whether the item at `base` holds a value in `role` (of any type)."""
        keys = self.keys.get(base, _NONE).get(role, ())
        return any(_at(item, relative) is not _ABSENT for relative in keys)

    def first(self, base: DocPath, item: dict, role: str) -> tuple:
        """(path, value) of the first value the item holds in `role`, or (None, None)."""
        found = self.in_item(base, item, role)
        return found[0] if found else (None, None)

    def is_picture(self, path: DocPath) -> bool:
        """Whether the value at `path` is a picture's location (a picture URL, not a page's)."""
        if self._picture_paths is None:
            self._picture_paths = {where for where, _ in self.picture_urls}
        return tuple(path) in self._picture_paths


_ABSENT = object()
_NONE: dict = {}


def location_of(picture: dict) -> tuple:
    """(key, value) of a picture mapping's location: its first key of `LOCATION_KEYS`; or
    (None, None)."""
    for key in LOCATION_KEYS:
        if key in picture:
            return key, picture[key]
    return None, None


def _at(item: dict, relative: tuple):
    """The value at a relative path of an item, or `_ABSENT`; a key of the item itself (the
    usual case) at the cost of one look."""
    if len(relative) == 1:
        return item.get(relative[0], _ABSENT)
    return value_at(item, relative, _ABSENT)


def value_at(item, path: tuple, default=None):
    """The value at a relative path (`("provider", "domain")`) of an item, or `default`."""
    for key in path:
        if not isinstance(item, dict) or key not in item:
            return default
        item = item[key]
    return item


def is_site_path(url: str) -> bool:
    """`/assets/images/organizations/cnn.com-50x50.jpg`: a path on the record's own site, which
    its templates turn into a full URL: no absolute URL to judge."""
    return url.startswith("/") and not url.startswith("//")
