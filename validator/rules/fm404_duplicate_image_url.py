"""The same image URL appears twice in one list of images.

Each entry of an image list should be a different picture; a repeated URL is a copy-paste slip
or a merge of two sources, and the site shows the same picture twice. The later entry is
reported, naming the earlier one. Checked in every image list: `images`, `provider.images` and
both inside `related` items (the same picture in two different lists is fine).

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

CODE = "FM404"
NAME = "duplicate-image-url"
SEVERITY = WARNING
APPLIES_TO = "article"
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    for path, items in context.record(record).picture_lists:
        if len(items) < 2:
            continue
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            url = item.get("url") if isinstance(item, dict) else None
            if not isinstance(url, str):
                continue
            if url in first:
                where = (*path, index, "url")
                if not context.rejected(where):
                    earlier = format_path((*path, first[url]))
                    yield Finding(
                        CODE,
                        f"{format_path(where)}: the same image as {earlier}; list each image once",
                        where,
                    )
            else:
                first[url] = index
