"""The URLs a run must fetch, from every file, before any file is linted.

Each URL once, whatever the number of records that hold it (a `related` entry may appear in
hundreds of files). An image URL is asked as an image (its header is read); a URL that is both
a page and an image somewhere is asked as an image, which answers both. Only what a selected
online rule will judge is collected, so a deselected rule never fetches; URLs FM201 rejects
and `exclude`d ones are not fetched.

A file seen before (same bytes, same selection) need not be parsed: the answers cache keeps the
URLs each file held (`known`), and its cached result is keyed by those URLs' answers (`runner`).
"""

from __future__ import annotations

from collections.abc import Iterable

try:  # the built-in module (as `cache` uses it): hashlib imports OpenSSL
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

from ..rules.urls import is_image, parse, urls
from ..source import reader

PAGE_CODES = frozenset({"FM207", "FM208", "FM209"})
IMAGE_CODES = frozenset({"FM207", "FM209", "FM405", "FM406"})


KEEP = 20_000  # parsed documents handed to the engine at most (memory stays bounded)


def record_of(data: bytes, parsed: dict | None = None, yaml_version: str = "1.2"):
    """The front matter mapping a file holds, or None; the parsed document is kept in `parsed`
    (`Engine.parsed`, by its `FrontMatter`) while it holds fewer than `KEEP`, so the file is not
    parsed twice (YAML read as the run reads it: `yaml_version`)."""
    read = reader.read_bytes(data, yaml_version)
    if read.doc is not None and parsed is not None and len(parsed) < KEEP:
        parsed[read.front] = read.doc
    return read.record


class Collected:
    """What a run fetches (`wanted`: {url: kind}) and which URLs each file holds (`by_file`:
    {path: (url, ...)}, what its cached result is keyed by)."""

    def __init__(self) -> None:
        self.wanted: dict[str, str] = {}
        self.by_file: dict[str, tuple] = {}
        self.index: dict[str, list] = {}  # file digest -> [[url, kind], ...], this run's files


def wanted_urls(
    sources: Iterable[tuple[str, bytes]],
    decider,
    settings,
    parsed: dict | None = None,
    known: dict | None = None,
) -> Collected:
    """The URLs of every (path, bytes) given. `known` ({file digest: [[url, kind], ...]}, the
    answers cache's index) answers for files seen before, unparsed; `Collected.index` is the
    index of this run's files, to be kept for the next."""
    collected = Collected()
    wanted, salts = collected.wanted, {}
    for path, data in sources:
        # without collections a file's keys decide whether the article rules run on it
        text = data.decode("utf-8", "replace") if decider.sniffs else None
        decision = decider.for_path(path, text)
        salt = salts.get(id(decision))
        if salt is None:
            salt = salts[id(decision)] = _salt(decision, settings)
        if salt is False:
            continue
        digest = None
        found = None
        if known is not None:
            digest = blake2b(data, digest_size=16, key=salt).hexdigest()
            found = known.get(digest)
        if found is None:
            found = _urls_of(data, decision, settings, parsed)
        if digest is not None:
            collected.index[digest] = found
        for url, kind in found:
            if kind == "image":
                wanted[url] = "image"
            else:
                wanted.setdefault(url, "page")
        collected.by_file[path] = tuple(url for url, _ in found)
    return collected


def _salt(decision, settings):
    """What decides a file's URLs besides its bytes (False: no online rule runs on it)."""
    pages = any(decision.runs(code) for code in PAGE_CODES)
    pictures = any(decision.runs(code) for code in IMAGE_CODES)
    if not (pages or pictures):
        return False
    said = repr((pages, pictures, settings.exclude)).encode()
    return blake2b(said, digest_size=16).digest()


def _urls_of(data: bytes, decision, settings, parsed) -> list:
    record = record_of(data, parsed, settings.yaml_version)
    if record is None:
        return []
    pages = any(decision.runs(code) for code in PAGE_CODES)
    pictures = any(decision.runs(code) for code in IMAGE_CODES)
    found = []
    for where, url in urls(record):
        image = is_image(where)
        if not (pictures if image else pages) or isinstance(parse(url), str):
            continue
        if settings.excluded(url):
            continue
        found.append([url, "image" if image else "page"])
    return found
