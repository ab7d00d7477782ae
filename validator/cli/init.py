"""`fmlint init`: find a site's collections, infer their schemas, and write its configuration.

What the site's generator says decides (`source.generators`): Jekyll's collections, Hugo's and
Zola's content sections, Astro's content collections, Docusaurus' `docs/` and `blog/`, Eleventy's
input folder, MkDocs' `docs_dir`. For a site of no generator fmlint knows, each folder directly
under the site that holds front-matter files is one. Each collection is `article` when nearly all
its records fit the bundled article schema (with `published-heat` read from them), else a schema
inferred from its records (`infer`). The generator's folders of templates, data and output are
left out of the run (`extend-exclude`); a Jekyll site is read as Jekyll reads YAML (1.1), and its
dates as Ruby's `Time.parse` reads them (the `ruby` layout). Files in no collection (pages such
as `about.md`, folders with too few records to infer from) get the checks that hold for any
front matter. The configuration goes to `.fmlint.toml`, the schemas where the generator
publishes nothing (`.fmlint/schemas/`; `schemas/` for a site of no known generator).

Nothing is half written and nothing is overwritten without `--force`: every file is checked for
first, then each is written whole under a temporary name and renamed into place
(`cache.write_file`).

The folder names come from the tree, which a stranger may have written (a pull request): each is
escaped in its glob (`a*b/` matches only itself) and in the TOML (a DEL or a newline), a folder
whose name is not UTF-8 is left out with a warning (no TOML string can name it), two folders never
share one schema file (`_games/` and `games/`), and nothing is written through a symbolic link or
outside the site.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ConfigError, _read
from ..disk.safe_read import ARTICLE_CAP, read_bytes
from ..disk.write import write_file
from ..schema.checker import SchemaChecker
from ..schema.infer import Heat, gather, infer, published_heat, render
from ..schema.load import load_schema
from ..source.files import SKIPPED_DIRS, discover, escape_glob
from ..source.generators import Site, detect, subfolders
from ..source.reading import fenced
from .init_config import render_config

CONFIG_NAME = ".fmlint.toml"
SCHEMAS = "schemas"  # a site of no known generator: as before
HIDDEN_SCHEMAS = ".fmlint/schemas"  # a generator's site: no generator publishes a dot folder
# characters of a schema file's name taken from its folder's (a file name has 255 bytes at most)
STEM_MAX = 100
ARTICLE_FIT = 0.9  # the share of a folder's records the article schema must accept
MIN_RECORDS = 5  # fewer say too little to infer a schema from
# Jekyll's folders that are no collection: templates, data, the built site
NOT_COLLECTIONS = frozenset({"_layouts", "_includes", "_sass", "_data", "_site", "assets", SCHEMAS})
PAGES_SHOWN = 10  # pages named in what init says; the others counted


class InitError(Exception):
    """Why `fmlint init` wrote nothing, worded for the user (exit 2)."""


@dataclass(frozen=True)
class Folder:
    """What `init` decided for one folder: its glob, its schema (None: no collection), why."""

    name: str  # relative to the site, `/`-separated
    records: int
    schema: str | None
    reason: str
    inferred: dict | None = None  # the schema to write, for an inferred one
    skipped: bool = False  # left out with a warning (a name no configuration can hold)
    outliers: tuple = ()  # what `infer` found worth a look (`Outlier`s)

    @property
    def glob(self) -> str:
        """The folder's glob, its name escaped: `a*b/**` would match `axb/` too."""

        return "/".join(escape_glob(part) for part in self.name.split("/")) + "/**"


@dataclass(frozen=True)
class Plan:
    """Everything `init` decided for a site, before anything is written."""

    folders: list[Folder]
    pages: list[str]  # front-matter files in no collection, relative to the site
    sites: list[Site] = field(default_factory=list)  # what the generators said
    excluded: list[tuple[str, int]] = field(default_factory=list)  # (folder, front-matter files)
    heat: Heat | None = None  # the article records' `published-heat`

    @property
    def yaml_version(self) -> str | None:
        """`1.1` for a site of a generator that reads YAML 1.1 (Jekyll); None: the default."""
        return _yaml_version(self.sites)


def plan(site: Path) -> Plan:
    """The decision for each collection folder of `site` and the pages in no collection."""

    sites = detect(site)
    if not sites:
        return _plan_by_folder(site)
    excluded = [name for found in sites for name in found.excluded]
    wanted: dict[str, tuple] = {}  # folder -> (what the generator says of it, its keys, dates)
    for found in sites:
        for name in found.collections:
            wanted[name] = (found.notes.get(name, ""), found.derived, found.date_layouts)
        for root in found.sections:
            for name in subfolders(site, root):
                if name not in excluded:
                    wanted[name] = ("", found.derived, found.date_layouts)
    taken: set[str] = set()
    folders = []
    version = _yaml_version(sites) or "1.2"
    for name, (note, derived, dates) in sorted(wanted.items()):
        paths = [str(site / name)]
        decided = _decide(name, paths, taken, HIDDEN_SCHEMAS, note, derived, version, dates)
        if decided is not None:
            folders.append(decided)
    collected = [f.name for f in folders if f.schema is not None]
    pages, counts = [], dict.fromkeys(excluded, 0)
    for relative in _walked(site):
        if not _opens_with_front_matter(site / relative):
            continue
        folder = _under(relative, excluded)
        if folder is not None:
            counts[folder] += 1
        elif _under(relative, collected) is None:
            pages.append(relative)
    left_out = [(name, count) for name, count in counts.items() if count]
    if not collected:  # what the generator said holds no records: by folder, read as it reads
        layouts = tuple(dict.fromkeys(layout for found in sites for layout in found.date_layouts))
        by_folder = _plan_by_folder(site, HIDDEN_SCHEMAS, excluded, version, layouts)
        return Plan(by_folder.folders, by_folder.pages, sites, left_out, by_folder.heat)
    return Plan(folders, pages, sites, left_out, _heat(site, folders))


def _plan_by_folder(
    site: Path,
    schemas: str = SCHEMAS,
    excluded=(),
    yaml_version: str = "1.2",
    date_layouts: tuple = (),
) -> Plan:
    """A site of no generator fmlint knows (or whose generator's collections hold no records):
    each folder directly under it is a collection (its records read with the generator's YAML
    version and date layouts, where there is one)."""

    by_folder: dict[str, list[str]] = {}
    pages = []
    for relative in _walked(site):
        parts = relative.split("/")
        if len(parts) == 1:
            if _opens_with_front_matter(site / relative):
                pages.append(relative)
            continue
        top = parts[0]
        if top in NOT_COLLECTIONS or top in SKIPPED_DIRS or top.startswith("."):
            continue
        if top in excluded:
            continue
        by_folder.setdefault(top, []).append(str(site / relative))
    taken: set[str] = set()
    folders = [
        _decide(name, paths, taken, schemas, yaml_version=yaml_version, date_layouts=date_layouts)
        for name, paths in sorted(by_folder.items())
    ]
    folders = [f for f in folders if f is not None]
    return Plan(folders, sorted(pages), heat=_heat(site, folders))


def _walked(site: Path):
    """Every file under `site` a walk takes, relative to it (`/`-separated)."""
    for target in discover([site]):
        path = getattr(target, "path", None)
        if path is not None:
            yield path.relative_to(site).as_posix()


def _opens_with_front_matter(path: Path) -> bool:
    try:
        return fenced(read_bytes(path, ARTICLE_CAP), path.name)
    except OSError:
        return False


def _yaml_version(sites: list[Site]) -> str | None:
    return "1.1" if any(site.yaml_version == "1.1" for site in sites) else None


def _under(relative: str, folders) -> str | None:
    for folder in folders:
        if relative.startswith(folder + "/"):
            return folder
    return None


def _heat(site: Path, folders: list[Folder]) -> Heat | None:
    """`published-heat` from the records of the article collections."""
    paths = [str(site / f.name) for f in folders if f.schema == "article"]
    if not paths:
        return None
    records, _skipped, _unread = gather(paths)
    return published_heat(records)


def _decide(
    name: str,
    paths: list[str],
    taken: set[str],
    schemas: str,
    note: str = "",
    derived: frozenset = frozenset(),
    yaml_version: str = "1.2",
    date_layouts: tuple = (),
) -> Folder | None:
    if not _is_text(name):
        return Folder(
            name,
            len(paths),
            None,
            "its name is not UTF-8, so no configuration file can name it",
            skipped=True,
        )

    records, _skipped, _unread = gather(paths, yaml_version)
    if not records:
        return None  # no front matter in it (a folder of READMEs)
    if len(records) < MIN_RECORDS:
        return Folder(
            name, len(records), None, f"{len(records)} records: too few to infer a schema from"
        )
    fits = _article_fits(records)
    said = f"{fits} of {len(records)} records fit the article schema"
    if fits >= ARTICLE_FIT * len(records):
        return Folder(name, len(records), "article", said)
    schema, outliers = infer(records, _source(name, note), derived, date_layouts)
    return Folder(
        name,
        len(records),
        f"{schemas}/{_stem(name, taken)}.schema.json",
        f"{said}: a schema inferred from them",
        schema,
        outliers=tuple(outliers),
    )


def _source(name: str, note: str) -> str:
    return f"{name}/ ({note})" if note else f"{name}/"


def _is_text(name: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python holds them as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _stem(name: str, taken: set[str]) -> str:
    """The schema file's name for a folder: `_games` -> `games`, each character but a letter, a
    digit, `.`, `_` and `-` written as `-`, and one no other folder has (`_games/` and `games/`:
    `games` and `games-2`; compared case-folded, as a macOS or Windows disk compares them)."""
    last = name.rsplit("/", 1)[-1]
    base = last.lstrip("_") or last
    base = "".join(c if c.isalnum() or c in "._-" else "-" for c in base[:STEM_MAX])
    base = base.strip(".-") or "collection"
    stem, number = base, 2
    while stem.casefold() in taken:
        stem = f"{base}-{number}"
        number += 1
    taken.add(stem.casefold())
    return stem


def _article_fits(records) -> int:
    """How many of these records the bundled article schema accepts."""

    checker = SchemaChecker(load_schema())
    return sum(checker.is_valid(record.value) for record in records)


def write(site: Path, force: bool = False) -> tuple[Plan, list[Path]]:
    """Plan, then write the configuration and the inferred schemas; the files written."""

    found = plan(site)
    if not any(folder.schema for folder in found.folders):
        raise InitError(f"{site}: no folder of front-matter records to make a collection of")
    files = {site / CONFIG_NAME: render_config(found)}
    for folder in found.folders:
        if folder.inferred is not None:
            files[site / folder.schema] = render(folder.inferred)
    for path in files:
        _refuse_links(site, path)
    existing = [path for path in files if os.path.lexists(path)]
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise InitError(f"{names}: already there; run with --force to replace")
    for path, text in files.items():
        _write_whole(path, text)
    return found, list(files)


def report(found: Plan) -> list[str]:
    """What `init` says on stderr, line by line."""
    lines = []
    for site in found.sites:
        lines.append(f"{site.generator} site ({site.config})")
    for name, count in found.excluded:
        lines.append(f"{name}/: left out ({count} files: templates, data or output)")
    for folder in found.folders:
        if folder.skipped:
            lines.append(f"fmlint: warning: {folder.name}/: left out: {folder.reason}")
            continue
        chosen = folder.schema or "no collection"
        lines.append(f"{folder.name}/: {chosen} ({folder.reason})")
        lines.extend(f"fmlint: infer: {outlier}" for outlier in folder.outliers)
    if found.heat is not None:
        lines.append(f"published-heat = {found.heat.threshold} ({found.heat.evidence})")
    if found.pages:
        shown = ", ".join(found.pages[:PAGES_SHOWN])
        more = len(found.pages) - PAGES_SHOWN
        if more > 0:
            shown += f" and {more} more"
        lines.append(f"pages in no collection (generic checks only): {shown}")
    return lines


def _refuse_links(site: Path, path: Path) -> None:
    """InitError when writing `path` would go through a symbolic link below `site` (`schemas/`,
    or the file itself), or would land outside the site: a tree from a stranger must not make
    `init` write where a link points (`schemas -> ~/.ssh`)."""
    root = site.resolve()
    step = site
    for part in path.relative_to(site).parts:
        step = step / part
        if os.path.islink(step):
            raise InitError(
                f"{step}: a symbolic link: `fmlint init` writes nothing through a link "
                "(remove it, then run init again)"
            )
    parent = Path(os.path.realpath(path.parent))
    if parent != root and root not in parent.parents:
        raise InitError(f"{path}: outside the site ({root}): `fmlint init` writes only inside it")


def shadowed(site: Path) -> Path | None:
    """A `pyproject.toml` beside the new `.fmlint.toml` whose `[tool.fmlint]` it now overrides
    (the nearer file wins, `.fmlint.toml` first: see `config.find_config`)."""

    pyproject = site / "pyproject.toml"
    try:
        return pyproject if pyproject.is_file() and _read(pyproject) is not None else None
    except ConfigError:
        return None


def _write_whole(path: Path, text: str) -> None:
    """The file whole or not at all (`cache.write_file`: a new temporary file beside it, never
    one that is there, then a rename that replaces a link rather than writing through it)."""

    if not path.parent.is_dir():
        # `schemas/` or `.fmlint/schemas/`, each step checked to be no link by `_refuse_links`
        path.parent.mkdir(parents=True)
    write_file(os.fspath(path), text.encode("utf-8"))
