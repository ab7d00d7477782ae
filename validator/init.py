"""`fmlint init`: look at a site's folders of front-matter files and write its collections.

Each folder directly under the site that holds front-matter files (walked as `fmlint check` walks,
`.gitignore` honoured) is one collection: `article` when nearly all its records fit the bundled
article schema, else a schema inferred from its records (`infer`), written as
`schemas/<folder>.schema.json`. Files outside such folders (pages such as `about.md`, folders with
too few records to infer from) are left in no collection: they get the checks that hold for any
front matter. The configuration goes to `.fmlint.toml`.

Nothing is half written and nothing is overwritten without `--force`: every file is checked for
first, then each is written whole under a temporary name and renamed into place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CONFIG_NAME = ".fmlint.toml"
SCHEMAS = "schemas"
ARTICLE_FIT = 0.9  # the share of a folder's records the article schema must accept
MIN_RECORDS = 5  # fewer say too little to infer a schema from
# Jekyll's folders that are no collection: templates, data, the built site
NOT_COLLECTIONS = frozenset({"_layouts", "_includes", "_sass", "_data", "_site", "assets", SCHEMAS})


class InitError(Exception):
    """Why `fmlint init` wrote nothing, worded for the user (exit 2)."""


@dataclass(frozen=True)
class Folder:
    """What `init` decided for one folder: its glob, its schema (None: no collection), why."""

    name: str
    records: int
    schema: str | None
    reason: str
    inferred: dict | None = None  # the schema to write, for an inferred one


def plan(site: Path) -> tuple[list[Folder], list[str]]:
    """The decision for each folder of front-matter files under `site`, and the pages (files
    directly in it) that stay in no collection."""
    from .files import SKIPPED_DIRS, discover
    from .reading import _FENCE_BYTES
    from .safe_read import ARTICLE_CAP, read_bytes

    by_folder: dict[str, list[str]] = {}
    pages = []
    for target in discover([site]):
        path = getattr(target, "path", None)
        if path is None:
            continue
        parts = path.relative_to(site).parts
        if len(parts) == 1:
            try:
                if _FENCE_BYTES.match(read_bytes(path, ARTICLE_CAP)):
                    pages.append(parts[0])
            except OSError:
                pass
            continue
        top = parts[0]
        if top in NOT_COLLECTIONS or top in SKIPPED_DIRS or top.startswith("."):
            continue
        by_folder.setdefault(top, []).append(str(path))
    folders = [_decide(name, paths) for name, paths in sorted(by_folder.items())]
    return [f for f in folders if f is not None], sorted(pages)


def _decide(name: str, paths: list[str]) -> Folder | None:
    from .infer import gather, infer

    records, _skipped, _unread = gather(paths)
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
    schema, _outliers = infer(records)
    stem = name.lstrip("_") or name
    return Folder(
        name,
        len(records),
        f"{SCHEMAS}/{stem}.schema.json",
        f"{said}: a schema inferred from them",
        schema,
    )


def _article_fits(records) -> int:
    """How many of these records the bundled article schema accepts."""
    from .schema import SchemaChecker, load_schema

    checker = SchemaChecker(load_schema())
    return sum(checker.is_valid(record.value) for record in records)


def render_config(folders: list[Folder]) -> str:
    """The `.fmlint.toml` text: one collection a line, the first match deciding."""
    lines = [
        "# Written by `fmlint init`. Each file is checked against the schema of the first glob",
        "# that matches it; a file in no collection gets only the checks that hold for any front",
        "# matter (it opens and closes, parses, no duplicate keys or tags).",
        "[collections]",
    ]
    for folder in folders:
        if folder.schema is not None:
            lines.append(f"{_toml_string(folder.name + '/**')} = {_toml_string(folder.schema)}")
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def write(site: Path, force: bool = False) -> tuple[list[Folder], list[str], list[Path]]:
    """Plan, then write the configuration and the inferred schemas; the files written."""
    from .infer import render

    folders, pages = plan(site)
    if not any(folder.schema for folder in folders):
        raise InitError(f"{site}: no folder of front-matter records to make a collection of")
    files = {site / CONFIG_NAME: render_config(folders)}
    for folder in folders:
        if folder.inferred is not None:
            files[site / folder.schema] = render(folder.inferred)
    existing = [path for path in files if path.exists()]
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise InitError(f"{names}: already there; run with --force to replace")
    for path, text in files.items():
        _write_whole(path, text)
    return folders, pages, list(files)


def shadowed(site: Path) -> Path | None:
    """A `pyproject.toml` beside the new `.fmlint.toml` whose `[tool.fmlint]` it now overrides
    (the nearer file wins, `.fmlint.toml` first: see `config.find_config`)."""
    from .config import ConfigError, _read

    pyproject = site / "pyproject.toml"
    try:
        return pyproject if pyproject.is_file() and _read(pyproject) is not None else None
    except ConfigError:
        return None


def _write_whole(path: Path, text: str) -> None:
    """The file whole or not at all: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
