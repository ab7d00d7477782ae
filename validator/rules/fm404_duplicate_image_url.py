"""The same image URL appears twice in one list of images.

Each entry of an image list should be a different picture; a repeated URL is a copy-paste slip
or a merge of two sources, and the site shows the same picture twice. The later entry is
reported, naming the earlier one. Checked in every list of pictures the schema marks (its items
`"x-fmlint-role": "picture"`: mappings with a location, or strings), wherever there is a schema:
in an article, `images`, `provider.images` and both inside `related` items (the same picture in
two different lists is fine).

Bad:

    images:
      - url: "https://i.ytimg.com/vi/WJk-Y8LQlfE/maxresdefault.jpg"
        width: 1280
        height: 720
      - url: "https://i.ytimg.com/vi/WJk-Y8LQlfE/maxresdefault.jpg"
        width: 1280
        height: 720

Good:

    images:
      - url: "https://i.ytimg.com/vi/WJk-Y8LQlfE/maxresdefault.jpg"
        width: 1280
        height: 720
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, format_path
from .record import location_of

CODE = "FM404"
NAME = "duplicate-image-url"
SEVERITY = WARNING
APPLIES_TO = "schema"
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    for path, items in context.record(record).picture_lists:
        if len(items) < 2:
            continue
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            key, url = location_of(item) if isinstance(item, dict) else (None, item)
            if not isinstance(url, str) or (key is None and context.rejected((*path, index))):
                continue  # a string where the schema wants a mapping is no picture
            if url in first:
                where = (*path, index) if key is None else (*path, index, key)
                if not context.rejected(where):
                    earlier = format_path((*path, first[url]))
                    yield Finding(
                        CODE,
                        f"{format_path(where)}: the same image as {earlier}; list each image once",
                        where,
                    )
            else:
                first[url] = index
