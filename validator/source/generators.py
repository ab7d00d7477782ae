"""Which static-site generator a folder holds, and where that generator keeps its collections.

`fmlint init` maps what the generator says, not a guess from folder names: Jekyll's
`collections:` (a collection `docs` lives in `_docs/`, posts in `_posts/`), Hugo's and Zola's
content sections, Astro's `src/content/<collection>`, Docusaurus' `docs/` and `blog/`,
Eleventy's input folder, MkDocs' `docs_dir`. Each generator is recognised by its configuration
file, at the project's root or in a folder just below it (a project's `docs/` site). Folders of
templates, data and build output are named too, so that `init` can leave them out of the run.

Everything here comes from the tree, which a stranger may have written: configuration files are
read capped and never through a link, a folder a configuration names is taken only when it is a
real folder inside the project (no `..`, no absolute path, no link out), and a JavaScript
configuration is never run: only a plain string literal is read from it.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..disk.safe_read import CONFIG_CAP, read_text
from .files import SKIPPED_DIRS

MAX_SUBFOLDERS = 200  # folders just below the project looked at for a site


@dataclass(frozen=True)
class Site:
    """What a generator's configuration says. Folders are relative to the project, `/`-separated.

    `collections`: folders each of which is one collection; `sections`: folders each of whose
    subfolders is one collection (Hugo's content sections); `excluded`: folders of templates, data
    or output, which hold no content; `notes`: what the generator says of a collection folder
    (Jekyll's `output` and `permalink`); `derived`: the keys (document paths) the generator
    fills in itself when a file lacks them, so no file needs them (Jekyll's `title` and `date`
    from a file's name, what `defaults` and Hugo's `cascade` give); `date_layouts`: the date
    layouts (`x-fmlint-date-layouts`) the generator reads every date in, whatever the field
    (Jekyll's `ruby`: Ruby's `Time.parse`, for a page's `date` and in every Liquid date filter;
    Hugo's and Zola's four exact layouts), or () where the layouts each field's values use are
    the ones to keep."""

    generator: str
    config: str
    collections: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    yaml_version: str = "1.2"
    notes: dict = field(default_factory=dict)
    derived: frozenset = frozenset()
    date_layouts: tuple[str, ...] = ()


def detect(project: Path) -> list[Site]:
    """The sites in `project`: the one at its root, else those in the folders just below it."""
    found = _site_at(project, project)
    if found is not None:
        return [found]
    sites = []
    for name in subfolders(project, "", skipped=(".", "_"))[:MAX_SUBFOLDERS]:
        found = _site_at(project, project / name)
        if found is not None:
            sites.append(found)
    return sites


def subfolders(project: Path, root: str, skipped: tuple[str, ...] = (".",)) -> list[str]:
    """The folders just inside `root` (relative to the project, "" for itself), relative to the
    project and in name order: no link, no tool folder, none whose name starts with `skipped`."""
    try:
        entries = sorted(os.scandir(project / root if root else project), key=lambda e: e.name)
    except OSError:
        return []
    prefix = f"{root}/" if root else ""
    return [
        prefix + entry.name
        for entry in entries
        if entry.is_dir(follow_symlinks=False)
        and not entry.name.startswith(skipped)
        and entry.name not in SKIPPED_DIRS
    ]


def _site_at(project: Path, folder: Path) -> Site | None:
    for recognise in (_jekyll, _hugo_or_zola, _astro, _docusaurus, _eleventy, _mkdocs):
        site = recognise(project, folder)
        if site is not None:
            return site
    return None


# ---------------------------------------------------------------- reading what a site says


def _first(folder: Path, names) -> Path | None:
    for name in names:
        path = folder / name
        if path.is_file() and not path.is_symlink():
            return path
    return None


def _text(path: Path) -> str | None:
    try:
        return read_text(path, CONFIG_CAP, errors="replace", follow=False)
    except OSError:
        return None


def _table(path: Path) -> dict:
    """A configuration file's top-level table (TOML, YAML or JSON); {} when it cannot be read."""
    text = _text(path)
    if text is None:
        return {}
    if path.suffix == ".toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - Python 3.10
            import tomli as tomllib
        try:
            value = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, ValueError, RecursionError):
            return {}
    elif path.suffix == ".json":
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return {}
    else:
        from .document import parse  # the reader's YAML parse: bounded, never a constructor

        value = parse(text).value
    return value if isinstance(value, dict) else {}


def _folder(project: Path, base: Path, name) -> str | None:
    """`name` (from a configuration) as a folder below `base`, relative to the project; None
    unless it is a real folder inside the project (no absolute path, `..` or link out)."""
    if not isinstance(name, str) or not name.strip() or "\0" in name:
        return None
    candidate = os.path.normpath(os.path.join(base, name.strip()))
    if os.path.islink(candidate) or not os.path.isdir(candidate):
        return None
    root = os.path.realpath(project)
    real = os.path.realpath(candidate)
    if real != root and not real.startswith(root + os.sep):
        return None
    return _relative(project, Path(candidate))


def _existing(project: Path, base: Path, names) -> tuple[str, ...]:
    found = (_folder(project, base, name) for name in names)
    return tuple(dict.fromkeys(name for name in found if name is not None))


def _string(table: dict, key: str, default: str | None = None) -> str | None:
    value = table.get(key, default)
    return value if isinstance(value, str) else default


# ---------------------------------------------------------------- the generators


def _jekyll(project: Path, folder: Path) -> Site | None:
    config = _first(folder, ("_config.yml", "_config.yaml", "_config.toml"))
    if config is None:
        return None
    table = _table(config)
    base = folder
    collections_dir = _string(table, "collections_dir")
    if collections_dir:
        inside = _folder(project, folder, collections_dir)
        base = project / inside if inside is not None else folder
    declared = table.get("collections")
    names: dict = {}
    if isinstance(declared, dict):
        names = {str(name): meta for name, meta in declared.items()}
    elif isinstance(declared, list):
        names = {str(name): None for name in declared if isinstance(name, str)}
    names.setdefault("posts", None)
    collections, notes = [], {}
    for name, meta in names.items():
        found = _folder(project, base, f"_{name}")
        if found is None:
            continue
        collections.append(found)
        if isinstance(meta, dict):
            said = [f"{key}: {_shown(meta[key])}" for key in ("output", "permalink") if key in meta]
            if said:
                notes[found] = ", ".join(said)
    excluded = _existing(
        project,
        folder,
        [
            _string(table, "layouts_dir", "_layouts"),
            _string(table, "includes_dir", "_includes"),
            _string(table, "data_dir", "_data"),
            _string(table, "destination", "_site"),
            "_sass",
        ],
    )
    return Site(
        "Jekyll",
        _relative(project, config),
        collections=tuple(collections),
        excluded=excluded,
        yaml_version="1.1",  # Ruby's Psych: `published: no` is false
        notes=notes,
        derived=_JEKYLL_DERIVED | _given(table.get("defaults"), "values"),
        date_layouts=("ruby",),
    )


# what Jekyll makes of a document's name and folder when its front matter does not say
_JEKYLL_DERIVED = frozenset({("title",), ("date",), ("slug",), ("categories",), ("tags",)})


def _given(entries, key: str) -> frozenset:
    """The keys (document paths, `params` one level down) that a list of tables gives under
    `key`: Jekyll's `defaults: [{scope, values}]`, Hugo's `[[cascade]]` (`key` None: the table
    itself, less its `target`)."""
    found = set()
    for entry in entries if isinstance(entries, list) else [entries]:
        values = entry.get(key) if key and isinstance(entry, dict) else entry
        if not isinstance(values, dict):
            continue
        for name, value in values.items():
            if str(name).lower() in ("target", "_target"):
                continue
            found.add((str(name),))
            if str(name).lower() == "params" and isinstance(value, dict):
                found.update((str(name), str(inner)) for inner in value)
    return frozenset(found)


# RFC 3339, a local date-time, a date alone, and `2006-01-02 15:04:05` with an optional offset:
# what Hugo (Go's `cast` layouts) and Zola (`toml` and its YAML timestamp reader) both read
_EXACT_DATES = ("rfc3339", "local", "date", "space")
_HUGO_NAMES = tuple(f"hugo.{ext}" for ext in ("toml", "yaml", "yml", "json"))
_CONFIG_NAMES = tuple(f"config.{ext}" for ext in ("toml", "yaml", "yml", "json"))


def _hugo_or_zola(project: Path, folder: Path) -> Site | None:
    zola = _first(folder, ("zola.toml",))
    config = _first(folder, (*_HUGO_NAMES, *_CONFIG_NAMES))
    if config is None:
        config = _first(folder / "config" / "_default", (*_HUGO_NAMES, *_CONFIG_NAMES))
    if zola is None and config is None:
        return None
    table = _table(zola or config)
    if zola is not None or "base_url" in table:
        return _zola(project, folder, zola or config)
    if not config.name.startswith("hugo.") and not any(
        (folder / name).is_dir() for name in ("content", "archetypes", "layouts", "themes")
    ):
        return None  # a `config.toml` of something else
    return _hugo(project, folder, config, table)


def _hugo(project: Path, folder: Path, config: Path, table: dict) -> Site:
    lowered = {str(key).lower(): value for key, value in table.items()}
    roots: list = []
    module = lowered.get("module")
    if isinstance(module, dict):
        mounts = {str(k).lower(): v for k, v in module.items()}.get("mounts")
        for mount in mounts if isinstance(mounts, list) else ():
            if isinstance(mount, dict) and str(mount.get("target", "")).strip("/") == "content":
                roots.append(mount.get("source"))
    if not roots:
        roots.append(_string(lowered, "contentdir", "content"))
        languages = lowered.get("languages")
        for language in languages.values() if isinstance(languages, dict) else ():
            if isinstance(language, dict):
                said = {str(k).lower(): v for k, v in language.items()}.get("contentdir")
                if said is not None:
                    roots.append(said)
    excluded = _existing(
        project, folder, ["archetypes", "layouts", "themes", "public", "resources", "static"]
    )
    return Site(
        "Hugo",
        _relative(project, config),
        sections=_existing(project, folder, roots),
        excluded=excluded,
        derived=_given(lowered.get("cascade"), ""),
        date_layouts=_EXACT_DATES,
    )


def _zola(project: Path, folder: Path, config: Path) -> Site:
    return Site(
        "Zola",
        _relative(project, config),
        sections=_existing(project, folder, ["content"]),
        excluded=_existing(project, folder, ["templates", "themes", "public", "static"]),
        date_layouts=_EXACT_DATES,
    )


def _astro(project: Path, folder: Path) -> Site | None:
    names = [f"astro.config.{ext}" for ext in ("mjs", "js", "ts", "mts", "cjs", "cts")]
    config = _first(folder, names)
    if config is None:
        return None
    return Site(
        "Astro",
        _relative(project, config),
        sections=_existing(project, folder, ["src/content"]),
        excluded=_existing(project, folder, ["public", "dist"]),
    )


def _docusaurus(project: Path, folder: Path) -> Site | None:
    names = [f"docusaurus.config.{ext}" for ext in ("js", "ts", "mjs", "cjs", "mts")]
    config = _first(folder, names)
    if config is None:
        return None
    return Site(
        "Docusaurus",
        _relative(project, config),
        collections=_existing(project, folder, ["docs", "blog"]),
        excluded=_existing(project, folder, ["build", "static"]),
    )


# `dir: { input: "src", ... }` in an Eleventy configuration, a plain string literal only
_DIR_TABLE = re.compile(r"\bdir\s*:\s*\{([^{}]{0,4000})\}")
_DIR_KEY = r"\b{key}\s*:\s*([\"'])([^\"'`$\\\n]{{1,200}})\1"


def _eleventy(project: Path, folder: Path) -> Site | None:
    names = [f"eleventy.config.{ext}" for ext in ("js", "mjs", "cjs", "ts", "mts", "cts")]
    config = _first(folder, [*names, ".eleventy.js", ".eleventy.cjs"])
    if config is None:
        return None
    said: dict[str, str] = {}
    table = _DIR_TABLE.search(_text(config) or "")
    if table is not None:
        for key in ("input", "output", "includes", "layouts", "data"):
            value = re.search(_DIR_KEY.format(key=key), table[1])
            if value is not None:
                said[key] = value[2]
    if "input" in said:
        source = _folder(project, folder, said["input"])
    else:
        source = _folder(project, folder, "src")
    source = source if source is not None else _relative(project, folder)
    base = project / source if source else project
    inside = [said.get("includes", "_includes"), said.get("data", "_data")]
    if "layouts" in said:
        inside.append(said["layouts"])
    excluded = _existing(project, base, inside) + _existing(
        project, folder, [said.get("output", "_site")]
    )
    return Site(
        "Eleventy",
        _relative(project, config),
        sections=(source,),
        excluded=excluded,
    )


_DOCS_DIR = re.compile(r"^docs_dir\s*:\s*([\"']?)([^\"'#\n]+?)\1[ \t]*(?:#.*)?$", re.MULTILINE)
_SITE_DIR = re.compile(r"^site_dir\s*:\s*([\"']?)([^\"'#\n]+?)\1[ \t]*(?:#.*)?$", re.MULTILINE)


def _mkdocs(project: Path, folder: Path) -> Site | None:
    config = _first(folder, ("mkdocs.yml", "mkdocs.yaml"))
    if config is None:
        return None
    text = _text(config) or ""  # read by line: mkdocs.yml holds `!!python/name:` tags
    docs = _DOCS_DIR.search(text)
    built = _SITE_DIR.search(text)
    return Site(
        "MkDocs",
        _relative(project, config),
        collections=_existing(project, folder, [docs[2] if docs else "docs"]),
        excluded=_existing(project, folder, [built[2] if built else "site"]),
    )


def _shown(value) -> str:
    """A configuration value as its file writes it (`true`, not Python's `True`)."""
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _relative(project: Path, path: Path) -> str:
    relative = Path(os.path.relpath(path, project)).as_posix()
    return "" if relative == "." else relative
