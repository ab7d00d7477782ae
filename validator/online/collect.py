"""The URLs a run must fetch, from every file, before any file is linted.

Each URL once, whatever the number of records that hold it (a `related` entry may appear in
hundreds of files). An image URL is asked as an image (its header is read); a URL that is both
a page and an image somewhere is asked as an image, which answers both. Only what a selected
online rule will judge is collected, so a deselected rule never fetches; URLs FM201 rejects
and `exclude`d ones are not fetched.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import document, frontmatter
from ..engine import decode
from ..rules.urls import is_image, parse, urls

PAGE_CODES = frozenset({"FM207", "FM208", "FM209"})
IMAGE_CODES = frozenset({"FM207", "FM209", "FM405", "FM406"})


def record_of(data: bytes):
    """The front matter mapping a file holds, or None."""
    text = decode(data)
    if not isinstance(text, str):
        return None
    split = frontmatter.split(text)
    if not isinstance(split, frontmatter.FrontMatter):
        return None
    doc = document.parse(split.yaml, split.line_offset)
    return doc.value if doc.ok and isinstance(doc.value, dict) else None


def wanted_urls(sources: Iterable[tuple[str, bytes]], decider, settings) -> dict:
    """{url: "page" | "image"} for every (path, bytes) given."""
    wanted: dict[str, str] = {}
    for path, data in sources:
        decision = decider.for_path(path)
        pages = any(decision.runs(code) for code in PAGE_CODES)
        pictures = any(decision.runs(code) for code in IMAGE_CODES)
        if not (pages or pictures):
            continue
        record = record_of(data)
        if record is None:
            continue
        for where, url in urls(record):
            image = is_image(where)
            if not (pictures if image else pages) or isinstance(parse(url), str):
                continue
            if settings.excluded(url):
                continue
            if image:
                wanted[url] = "image"
            else:
                wanted.setdefault(url, "page")
    return wanted
