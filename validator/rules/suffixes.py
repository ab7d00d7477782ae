"""The Public Suffix List's two questions (FM201, FM205, FM206), answered on publicsuffixlist's
parsed list without importing publicsuffixlist at each start.

publicsuffixlist parses the bundled list (~28 ms); importing it costs a one-file run ~2.5 ms more
(it imports `typing`). So the parsed list (a frozenset of rules and the longest rule's label
count) is kept in the user's cache folder in `marshal` form (built in), keyed by the list file's
size and time (writing one removes those other installs left there), and `SuffixList` answers
`publicsuffix` and `privatesuffix` on it as publicsuffixlist's
`PublicSuffixList(accept_unknown=False)` does for a `str` domain (its `_countpublic`, rule for
rule: exception, then wildcard, then exact, longest first).
tests/rules/test_suffixes.py holds the two equal on the list's own test cases and on every host
of the examples and the corpus. publicsuffixlist is imported only to parse the list, when the
cache is absent or stale.
"""

from __future__ import annotations

import marshal
import os
from functools import lru_cache

from ..disk.safe_read import read_bytes
from ..disk.trust import distrust
from ..disk.write import write_file

_FORMAT = 1  # of the cached file
_CAP = 4 << 20  # the parsed list is ~170 kB; a file far larger is not one fmlint wrote


class SuffixList:
    """The parsed list: `rules` (`co.uk`, `*.kawasaki.jp`, `!city.kawasaki.jp`, and their
    punycode forms), `depth` (the most labels a rule has)."""

    __slots__ = ("depth", "rules")

    def __init__(self, rules: frozenset, depth: int):
        self.rules = rules
        self.depth = depth

    def _public_labels(self, labels: list[str]) -> int:
        """How many labels at the end of a domain are its public suffix (0: an unknown TLD)."""
        rules = self.rules
        count = len(labels)
        for start in range(max(0, count - (self.depth + 1)), count):
            depth = count - start
            suffix = ".".join(labels[-depth:])
            if "!" + suffix in rules:  # an exception: its parent is the public suffix
                return depth - 1
            if "*." + suffix in rules:  # a wildcard: one label more (the rule itself at the top)
                return depth + 1 if start > 0 else depth
            if suffix in rules:
                return depth
        return 0

    @staticmethod
    def _labels(domain: str) -> list[str] | None:
        if domain.endswith("."):
            domain = domain[:-1]
        labels = domain.lower().split(".")
        return None if "" in labels else labels

    def publicsuffix(self, domain: str) -> str | None:
        """`www.bbc.co.uk` -> `co.uk`; None for an unknown top-level domain or a bad name."""
        labels = self._labels(domain)
        if labels is None:
            return None
        public = self._public_labels(labels)
        if not public or len(labels) < public:
            return None
        return ".".join(labels[-public:])

    def privatesuffix(self, domain: str) -> str | None:
        """`www.bbc.co.uk` -> `bbc.co.uk`; None for a public suffix itself or an unknown TLD."""
        labels = self._labels(domain)
        if labels is None:
            return None
        public = self._public_labels(labels)
        if not public or len(labels) < public + 1:
            return None
        return ".".join(labels[-(public + 1) :])


def _list_file() -> str:
    """Where publicsuffixlist's bundled list is: in the first `sys.path` folder that holds the
    package, as the import system looks (importing `importlib.machinery` to ask it costs ~0.4 ms);
    for an install found otherwise (a zip, an import hook), the imported package's folder."""
    import sys

    for entry in sys.path:
        folder = os.path.join(entry or ".", "publicsuffixlist")
        if os.path.isfile(os.path.join(folder, "__init__.py")):
            return os.path.join(folder, "public_suffix_list.dat")
    import publicsuffixlist

    return os.path.join(os.path.dirname(publicsuffixlist.__file__), "public_suffix_list.dat")


def _cache_folder() -> str:
    """`FMLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/fmlint` or `~/.cache/fmlint`."""
    return os.environ.get("FMLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "fmlint"
    )


def parse():
    """The list as publicsuffixlist parses it (`accept_unknown=False`): its rules and depth
    (the attributes it keeps them in), or, should a release keep them otherwise, its own
    `PublicSuffixList`, which answers the same two questions (not cached then)."""
    import publicsuffixlist

    parsed = publicsuffixlist.PublicSuffixList(accept_unknown=False)
    rules, depth = getattr(parsed, "_publicsuffix", None), getattr(parsed, "_maxlabel", None)
    if not isinstance(rules, frozenset) or not isinstance(depth, int):
        return parsed
    return SuffixList(rules, depth)


def load():
    """The parsed list from the cache folder, else parsed and stored there (any trouble with the
    cache falls back to parsing: still correct, only slower). A folder that came with a
    repository (`FMLINT_CACHE_DIR` inside a checkout that commits it, `trust.distrust`) is
    neither read nor written: a forged list would change verdicts."""

    cache = None
    try:
        stat = os.stat(_list_file())
        folder = _cache_folder()
        if distrust(folder) is None:
            cache = os.path.join(folder, f"psl-{stat.st_size}-{stat.st_mtime_ns}.marshal")
            kind, rules, depth = marshal.loads(read_bytes(cache, _CAP, follow=False))
            if kind == _FORMAT and isinstance(rules, frozenset) and isinstance(depth, int):
                return SuffixList(rules, depth)
    except Exception:  # no cache yet, or an unreadable one
        pass
    parsed = parse()
    if cache is not None and isinstance(parsed, SuffixList):
        try:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            write_file(cache, marshal.dumps((_FORMAT, parsed.rules, parsed.depth)))
        except OSError:  # a read-only home: parse every time, still correct
            pass
        else:
            _remove_others(cache)
    return parsed


def _remove_others(kept: str) -> None:
    """Remove the lists stored for other installs (another size or time of the list file) from
    the folder `kept` is in, so it keeps one: only files named as `load` names them, never a
    link or anything through one (a folder that is a link is left alone)."""
    import re  # only when a new list is stored

    stored = re.compile(r"psl-[0-9]+-[0-9]+\.marshal")  # `load`'s name, any size and time
    folder, name = os.path.split(kept)
    try:
        if os.path.islink(folder):
            return
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name == name or not stored.fullmatch(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
        except OSError:  # gone already, or not ours to remove: it only takes room
            pass


_psl = None


def psl():
    """The Public Suffix List (`suffixes.SuffixList`), loaded on first use.

    A host under a top-level domain the list does not know has no registrable domain, which
    FM201 reports (publicsuffixlist's `accept_unknown=False`).
    """
    global _psl
    if _psl is None:
        _psl = load()
    return _psl


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str | None:
    """`www.bbc.co.uk` -> `bbc.co.uk`; None for a public suffix itself or an unknown TLD."""
    return psl().privatesuffix(host)
