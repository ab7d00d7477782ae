"""Which records are translations of one page, so that a page counts once as evidence.

Documentation sites keep a translated copy of a page in a folder named for its language
(Starlight's `src/content/docs/de/guides/i18n.md` beside `guides/i18n.md`, Docusaurus and Hugo
alike). Seventeen copies of one page that say `template: splash` are one page saying it, not
seventeen: `infer` counts pages, not files, before it calls a set of values closed. A folder is
taken for a language's when its name is shaped like a language tag (`de`, `zh-cn`, `pt-BR`) and
most of its files have a counterpart outside it; a folder that only looks like one (`api/`,
`cli/`) mirrors nothing and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?", re.IGNORECASE)
MIRRORED = 0.5  # the share of a language folder's files that have a counterpart outside it


def page_keys(paths: Iterable[str]) -> dict[str, str]:
    """Each path (`/`-separated) -> its page: the path itself, or for a translation the path of
    the page it translates, language folder and extension left out."""
    paths = list(paths)
    stems = {_stem(path) for path in paths}
    candidates: dict[tuple[str, ...], list[str]] = {}  # (parent, language folder) -> files
    for path in paths:
        parts = path.split("/")
        for index, part in enumerate(parts[:-1]):
            if _LANGUAGE.fullmatch(part):
                candidates.setdefault(tuple(parts[: index + 1]), []).append(path)
    languages = set()
    for folder, files in candidates.items():
        mirrored = sum(_untranslated(path, len(folder) - 1) in stems for path in files)
        if mirrored and mirrored >= MIRRORED * len(files):
            languages.add(folder)
    keys = {}
    for path in paths:
        parts = path.split("/")
        key = _stem(path)
        for index in range(len(parts) - 1):
            if tuple(parts[: index + 1]) in languages:
                key = _untranslated(path, index)
                break
        keys[path] = key
    return keys


def _stem(path: str) -> str:
    head, _, name = path.rpartition("/")
    name = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return f"{head}/{name}" if head else name


def _untranslated(path: str, index: int) -> str:
    """The path without its part at `index` (the language folder), extension left out."""
    parts = path.split("/")
    return _stem("/".join(parts[:index] + parts[index + 1 :]))
