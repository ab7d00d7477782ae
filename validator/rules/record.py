"""Where a record's values are, by role: one walk that every rule family shares.

A role is what a value is, not what its key is called: a page URL, a picture (a mapping with its
`url` and size), a list of pictures, a date-time, a title. The walk reads the roles from a `Roles`
value; `ARTICLE` says where they sit in an article record (the record and each `related` entry:
`webUrl` and its siblings are page URLs, `images` and `provider.images` hold pictures,
`publishedDateTime` is the date). A `Roles` built from what a schema says of its values (`format`
and fmlint's annotations) can take its place without a rule changing.

The walk runs once per file (`Context.record`) and keeps the document order each rule reported
in before: for each item, its title, its page URLs, its date, then its pictures.
"""

from __future__ import annotations

from ..diagnostic import DocPath
from ..value import Value


class Roles(
    Value,
    defaults={"titles": (), "page_urls": (), "dates": (), "picture_lists": (), "nested": ()},
):
    """Which keys of an item hold which role: `titles`, `page_urls`, `dates` (keys whose value
    is one), `picture_lists` (paths, from the item, of lists of pictures: `("provider",
    "images")`), `nested` (keys holding a list of items walked the same way)."""

    FIELDS = ("titles", "page_urls", "dates", "picture_lists", "nested")
    __slots__ = FIELDS
    titles: tuple
    page_urls: tuple
    dates: tuple
    picture_lists: tuple
    nested: tuple


PAGE_KEYS = ("originalUrl", "webUrl", "ampWebUrl")  # pages of the provider (FM205)
ARTICLE = Roles(
    titles=("title",),
    page_urls=(*PAGE_KEYS, "cdnAmpWebUrl"),
    dates=("publishedDateTime",),
    picture_lists=(("images",), ("provider", "images")),
    nested=("related",),
)
LOGOS = ("provider", "images")  # a provider's logo may be a path on the site, not a URL


class Walk:
    """A record's values by role, each as (document path, value) in document order.

    `items`: the record and each nested entry that is a mapping; `titles`, `page_urls`, `dates`:
    values of any type (the keys are there); `picture_lists`: lists; `pictures`: the mappings in
    them; `picture_urls`: each picture's `url` of any type; `urls`: every URL that is a non-empty
    string, page URLs then picture URLs, item by item (a logo that is a site path left out)."""

    __slots__ = (
        "dates",
        "items",
        "page_urls",
        "picture_lists",
        "picture_urls",
        "pictures",
        "titles",
        "titles_and_urls",
        "urls",
    )

    def __init__(self, record: dict, roles: Roles = ARTICLE):
        for name in self.__slots__:
            setattr(self, name, [])
        if not isinstance(record, dict):
            return
        self.items.append(((), record))
        for key in roles.nested:
            entries = record.get(key)
            if isinstance(entries, list):
                for index, entry in enumerate(entries):
                    if isinstance(entry, dict):
                        self.items.append(((key, index), entry))
        for base, item in self.items:
            self._item(base, item, roles)

    def _item(self, base: DocPath, item: dict, roles: Roles) -> None:
        both = self.titles_and_urls
        for key in roles.titles:
            if key in item:
                self.titles.append(((*base, key), item[key]))
                both.append(((*base, key), item[key], False))
        for key in roles.page_urls:
            if key in item:
                value = item[key]
                self.page_urls.append(((*base, key), value))
                both.append(((*base, key), value, True))
                if isinstance(value, str) and value:  # "" is the schema's to judge
                    self.urls.append(((*base, key), value))
        for key in roles.dates:
            if key in item:
                self.dates.append(((*base, key), item[key]))
        for where in roles.picture_lists:
            holder = item
            for step in where[:-1]:
                holder = holder.get(step) if isinstance(holder, dict) else None
            pictures = holder.get(where[-1]) if isinstance(holder, dict) else None
            if isinstance(pictures, list):
                self._pictures((*base, *where), pictures, where == LOGOS)

    def _pictures(self, path: DocPath, pictures: list, logos: bool) -> None:
        self.picture_lists.append((path, pictures))
        for index, picture in enumerate(pictures):
            if not isinstance(picture, dict):
                continue
            self.pictures.append(((*path, index), picture))
            if "url" not in picture:
                continue
            url = picture["url"]
            self.picture_urls.append(((*path, index, "url"), url))
            self.titles_and_urls.append(((*path, index, "url"), url, True))
            if isinstance(url, str) and not (logos and is_site_path(url)):
                self.urls.append(((*path, index, "url"), url))


def is_site_path(url: str) -> bool:
    """`/assets/images/organizations/cnn.com-50x50.jpg`: a path on the record's own site, which
    the schema allows for a provider's logo (`sitePath`): no URL to judge."""
    return url.startswith("/") and not url.startswith("//")
