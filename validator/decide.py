"""The decision engine: which codes run on a file, and at which severity, decided before any check.

flake8's idea: `select`, `ignore`, `extend-select`, `per-file-ignores` and `severity` resolve once
per distinct set of per-file ignores into a `Decision`, so a deselected rule is never called (a
network rule never fetches while ignored) and every finding of a file is stamped from one table.

A site's collections (`[tool.fmlint.collections]`) decide which schema a file is checked against
and so which rules know its fields: each code says what it `applies_to` ("any" front matter, files
with a "schema", or records of a bundled schema such as "article"). Without collections or a schema,
each file's own keys decide (`is_article_record`): an article record keeps the article schema, as
it always did; any other front matter (a Hugo page, a Jekyll post) is a file in no collection. The
keys are read from the text (`key_names`), so the decision depends only on what the cache key
holds (the file's bytes and path, the settings), and it is made before any check runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from itertools import chain

from .config import Settings
from .diagnostic import ERROR
from .source.frontmatter import YAML, FrontMatter, split
from .source.key_names import opens_yaml, top_level_keys
from .value import Value

DEFAULT_SCHEMA = ""  # the run's one schema: `schema`/`--schema`, else the bundled article schema
ARTICLE = "article"
# keys of the article schema that no other front matter is known to use: the news API's field
# names (camelCase) and the encrypted `secured` payload (measured: none of the 3,900 files of five
# generators' sites has one; every one of the 7,960 `_news` records has three or more)
ARTICLE_ONLY = frozenset(
    {
        "publishedDateTime",
        "webUrl",
        "originalUrl",
        "ampWebUrl",
        "cdnAmpWebUrl",
        "featuredContent",
        "secured",
    }
)


class Decision(
    Value,
    defaults={
        "schema": DEFAULT_SCHEMA,
    },
):
    """What runs on one file: the codes that report, each code's severity, and the schema it is
    checked against (a key of the engine's schemas; None: a file in no collection, no schema)."""

    FIELDS = ("codes", "severities", "schema")
    __slots__ = FIELDS
    codes: frozenset[str]
    severities: dict
    schema: str | None

    def runs(self, code: str) -> bool:
        return code in self.codes

    def severity(self, code: str) -> str:
        return self.severities.get(code, ERROR)


class Decider:
    """Decisions for one run's settings, one per distinct (per-file ignores, collection)."""

    def __init__(self, settings: Settings, defaults: dict[str, str], scopes: dict | None = None):
        self.settings = settings
        self.defaults = defaults  # code -> its default severity, every code fmlint has
        self.scopes = scopes or {}  # code -> what it applies to (`Code.applies_to`); absent: any
        self._decisions: dict[tuple, Decision] = {}
        self._root = None  # the project root as text, resolved once (see `_collection_of`)
        self._folders: dict[str, str] = {}  # a folder as named -> its real path

    @classmethod
    def for_codes(cls, settings: Settings, codes) -> Decider:
        """The run's decider over these codes (`codes.all_codes()`: every code fmlint has)."""
        return cls(
            settings,
            {code.code: code.severity for code in codes},
            {code.code: code.applies_to for code in codes},
        )

    @property
    def sniffs(self) -> bool:
        """Whether each file's own keys decide its schema: no collections and no schema given."""
        return not self.settings.collections and self.settings.schema is None

    def for_path(self, path: str, text: str | None = None) -> Decision:
        """The decision for this file; without collections or a schema, its `text` decides
        whether it is an article record (no text: what may run on it at most, the article's)."""
        settings = self.settings
        ignored = settings.ignored_in(path)
        schema, kind = DEFAULT_SCHEMA, ARTICLE
        if text is not None and self.sniffs and not is_article_text(text):
            schema, kind = None, None
        elif settings.collections:
            collection = self._collection_of(path)
            if collection is None:
                schema, kind = None, None
            else:
                schema = collection.name
                kind = collection.schema if collection.path is None else "schema"
        decision = self._decisions.get((ignored, schema))
        if decision is None:
            decision = self._decisions[(ignored, schema)] = self._decide(ignored, schema, kind)
        return decision

    def _collection_of(self, path: str):
        """`Settings.collection_of`, resolving each folder once rather than each file's path
        (measured, 6,241 files: a warm run takes 0.25 s without collections, 0.46 s with them
        when every path is resolved, 0.30 s so). A file that is itself a symlink is resolved
        whole, as `Settings.collection_of` does."""
        import os

        folder, name = os.path.split(path)
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder or ".")
            if self._root is None:
                self._root = str(self.settings.root.resolve()) + os.sep
        absolute = os.path.join(real, name)
        if not absolute.startswith(self._root) or os.path.islink(path):
            return self.settings.collection_of(path)
        return self.settings.collection_at(absolute[len(self._root) :].replace(os.sep, "/"))

    def _decide(self, ignored: tuple[str, ...], schema: str | None, kind: str | None) -> Decision:
        settings = self.settings
        codes = frozenset(
            code
            for code in self.defaults
            if settings.enabled(code)
            and not (ignored and code.startswith(ignored))
            and _applies(self.scopes.get(code, "any"), kind)
        )
        severities = {
            code: settings.severity_of(code, default) for code, default in self.defaults.items()
        }
        return Decision(codes, severities, schema)


def is_article_text(text: str) -> bool:
    """Whether this file's front matter is an article record (`is_article_record`)."""
    return is_article_record(top_level_keys(text))


def is_other_record(text: str) -> bool:
    """Whether this file's front matter is a record but not an article record: a page or an
    entry of another collection (TOML and JSON front matter included), which gets only the
    generic checks. YAML with no keys to judge (an empty front matter, a list) is neither, nor
    is front matter fmlint cannot read (`---js`), nor a file without front matter."""
    keys = top_level_keys(text)
    first = next(keys, None)
    if first is not None:
        return not is_article_record(chain((first,), keys))
    if opens_yaml(text):
        return False
    front = split(text)  # TOML or JSON, which fmlint reads; not a `---js` it cannot
    return isinstance(front, FrontMatter) and front.syntax != YAML and bool(front.text.strip())


def is_article_record(keys: Iterable[str]) -> bool:
    """Whether front matter with these top-level keys is an article record: it has a key only
    article records have, and either at least half the keys the article schema requires (so a
    record that lost a few, which the schema must report, is still one; a page whose `title` and
    `category` are article keys too is not) or the marks of the news API that wrote it
    (`publishedDateTime`, or a `webUrl`/`originalUrl` with its `provider`). Reads the keys only
    until it knows."""
    required = _article_required()
    enough = (len(required) + 1) // 2
    found: set[str] = set()
    distinct = False
    for key in keys:
        if key in required:
            found.add(key)
        if key in ARTICLE_ONLY:
            distinct = True
            found.add(key)
        if distinct and (len(found & required) >= enough or _marked(found)):
            return True
    return False


def _marked(found: set[str]) -> bool:
    return "publishedDateTime" in found or (
        "provider" in found and not found.isdisjoint(("webUrl", "originalUrl"))
    )


@cache
def _article_required() -> frozenset[str]:
    """The keys the bundled article schema requires (read once)."""
    from .schema.load import load_schema  # only when a file's keys decide

    return frozenset(load_schema().get("required", ()))


def _applies(scope: str, kind: str | None) -> bool:
    """Whether a code that applies to `scope` runs on a file of this kind: records of a bundled
    schema (its name: "article"), of a user's schema ("schema"), or a file in no collection
    (None). What holds for any front matter runs everywhere; schema findings, and the rules that
    find their values by what the schema says of them ("schema", and "annotated": the values
    only some schemas mark, as the article schema does), wherever there is a schema; a bundled
    schema's rules on its own records only."""
    if scope == "any":
        return True
    if kind is None:
        return False
    return scope in ("schema", "annotated") or scope == kind
