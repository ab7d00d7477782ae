"""The URLs a run must fetch, from every file, before any file is linted.

A file's URLs are where its schema says they are: the record walk the rules read
(`rules.record.Walk`), over the roles of the schema its decision names (`Engine.roles_for`), so
a user's schema with `format: uri` fields and pictures is checked online as the article is. A
file with no schema (in no collection, or a page on a first run) fetches nothing: no online rule
runs on it.

Each URL once, whatever the number of records that hold it (a `related` entry may appear in
hundreds of files). A picture's URL is asked as an image (its header is read); a URL that is
both a page and a picture somewhere is asked as an image, which answers both. Only what a
selected online rule will judge is collected, so a deselected rule never fetches; URLs FM201
rejects and `exclude`d ones are not fetched.

A file seen before (same bytes, same selection, same schema) need not be parsed: the answers
cache keeps the URLs each file held (`known`), and its cached result is keyed by those URLs'
answers (`runner`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

try:  # the built-in module (as `cache` uses it): hashlib imports OpenSSL
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

from ..diagnostic import Finding
from ..rules.record import Walk
from ..rules.urls import parse
from ..source import reader
from ..source.reading import decode

PAGE_CODES = frozenset({"FM207", "FM208", "FM209"})
IMAGE_CODES = frozenset({"FM207", "FM209", "FM405", "FM406"})


KEEP = 20_000  # parsed documents handed to the engine at most (memory stays bounded)


def record_of(data: bytes, parsed: dict | None, yaml_version: str):
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


class _Plan:
    """What the files of one decision fetch: their schema's `roles`, whether page URLs
    (`pages`) and pictures (`pictures`) are judged, and the `salt` of their index entries."""

    __slots__ = ("pages", "pictures", "roles", "salt")

    def __init__(self, roles, pages: bool, pictures: bool, salt: bytes) -> None:
        self.roles, self.pages, self.pictures, self.salt = roles, pages, pictures, salt


def wanted_urls(
    sources: Iterable[tuple[str, bytes]],
    engine,
    network,
    known: dict | None = None,
) -> Collected:
    """The URLs of every (path, bytes) given, for the run's `engine` (`Engine`: its decisions,
    each decision's schema and roles, its YAML version, and `parsed`, where the documents
    parsed here are kept for the lint) and `network` settings (`NetworkSettings`: `exclude`).
    `known` ({file digest: [[url, kind], ...]}, the answers cache's index) answers for files
    seen before, unparsed; `Collected.index` is the index of this run's files, kept for the
    next."""
    collected = Collected()
    wanted, plans = collected.wanted, {}
    decider = engine.decider
    for path, data in sources:
        decision = decider.for_path(path, _sniffed(data) if decider.sniffs else None)
        plan = plans.get(id(decision))
        if plan is None:
            plan = plans[id(decision)] = _plan(decision, engine, network)
        if plan is False:
            continue
        digest = None
        found = None
        if known is not None:
            digest = blake2b(data, digest_size=16, key=plan.salt).hexdigest()
            found = known.get(digest)
        if found is None:
            found = _urls_of(data, plan, engine, network)
        if digest is not None:
            collected.index[digest] = found
        for url, kind in found:
            if kind == "image":
                wanted[url] = "image"
            else:
                wanted.setdefault(url, "page")
        collected.by_file[path] = tuple(url for url, _ in found)
    return collected


def _sniffed(data: bytes) -> str:
    """The text the engine decides a file by when its keys decide (`Engine.lint_bytes`): none
    when it is not text."""
    text = decode(data)
    return "" if isinstance(text, Finding) else text


def _plan(decision, engine, network) -> _Plan | bool:
    """What files of this decision fetch; False: nothing (no schema, or no online rule runs)."""
    pages = any(decision.runs(code) for code in PAGE_CODES)
    pictures = any(decision.runs(code) for code in IMAGE_CODES)
    checker = None if decision.schema is None else engine.checkers.get(decision.schema)
    if checker is None or not (pages or pictures):
        return False
    # what decides a file's URLs besides its bytes: the selection, the exclusions, how YAML
    # is read and the schema (a changed schema moves its URLs)
    said = repr((pages, pictures, network.exclude, engine.settings.yaml_version))
    schema = json.dumps(checker.schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    salt = blake2b(said.encode(), digest_size=16)
    salt.update(schema.encode("utf-8", "surrogatepass"))
    return _Plan(engine.roles_for(checker), pages, pictures, salt.digest())


def _urls_of(data: bytes, plan: _Plan, engine, network) -> list:
    record = record_of(data, engine.parsed, engine.settings.yaml_version)
    if record is None:
        return []
    walk = Walk(record, plan.roles)
    found = []
    for where, url in walk.urls:
        picture = walk.is_picture(where)
        if not (plan.pictures if picture else plan.pages) or isinstance(parse(url), str):
            continue
        if network.excluded(url):
            continue
        found.append([url, "image" if picture else "page"])
    return found
