"""`fmlint init`: look at a site's folders of front-matter files and write its collections.

Each folder directly under the site that holds front-matter files (walked as `fmlint check` walks,
`.gitignore` honoured) is one collection: `article` when nearly all its records fit the bundled
article schema, else a schema inferred from its records (`infer`), written as
`schemas/<folder>.schema.json`. Files outside such folders (pages such as `about.md`, folders with
too few records to infer from) are left in no collection: they get the checks that hold for any
front matter. The configuration goes to `.fmlint.toml`.

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
from dataclasses import dataclass
from pathlib import Path

from ..config import ConfigError, _read
from ..disk.safe_read import ARTICLE_CAP, read_bytes
from ..disk.write import write_file
from ..schema.checker import SchemaChecker
from ..schema.infer import gather, infer, render
from ..schema.load import load_schema
from ..source.files import SKIPPED_DIRS, discover, escape_glob
from ..source.reading import _FENCE_BYTES

CONFIG_NAME = ".fmlint.toml"
SCHEMAS = "schemas"
# characters of a schema file's name taken from its folder's (a file name has 255 bytes at most)
STEM_MAX = 100
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
    skipped: bool = False  # left out with a warning (a name no configuration can hold)

    @property
    def glob(self) -> str:
        """The folder's glob, its name escaped: `a*b/**` would match `axb/` too."""

        return escape_glob(self.name) + "/**"


def plan(site: Path) -> tuple[list[Folder], list[str]]:
    """The decision for each folder of front-matter files under `site`, and the pages (files
    directly in it) that stay in no collection."""

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
    taken: set[str] = set()  # the schema files' names so far, case-folded
    folders = [_decide(name, paths, taken) for name, paths in sorted(by_folder.items())]
    return [f for f in folders if f is not None], sorted(pages)


def _decide(name: str, paths: list[str], taken: set[str]) -> Folder | None:

    if not _is_text(name):
        return Folder(
            name,
            len(paths),
            None,
            "its name is not UTF-8, so no configuration file can name it",
            skipped=True,
        )

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
    return Folder(
        name,
        len(records),
        f"{SCHEMAS}/{_stem(name, taken)}.schema.json",
        f"{said}: a schema inferred from them",
        schema,
    )


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
    base = name.lstrip("_") or name
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
            lines.append(f"{_toml_string(folder.glob)} = {_toml_string(folder.schema)}")
    return "\n".join(lines) + "\n"


_TOML_SHORT = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}


def _toml_string(text: str) -> str:
    """`text` as a TOML basic string: `"` and `\\` escaped, and every character that is not
    printable (controls, DEL, U+2028, ...) as `\\uXXXX` (TOML forbids the controls raw). `text`
    holds no lone surrogate (`_is_text`), which no TOML escape can hold."""
    out = []
    for char in text:
        if char in _TOML_SHORT:
            out.append(_TOML_SHORT[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(f"\\U{ord(char):08X}")
    return '"' + "".join(out) + '"'


def write(site: Path, force: bool = False) -> tuple[list[Folder], list[str], list[Path]]:
    """Plan, then write the configuration and the inferred schemas; the files written."""

    folders, pages = plan(site)
    if not any(folder.schema for folder in folders):
        raise InitError(f"{site}: no folder of front-matter records to make a collection of")
    files = {site / CONFIG_NAME: render_config(folders)}
    for folder in folders:
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
    return folders, pages, list(files)


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
        path.parent.mkdir()  # `schemas/`, checked to be no link by `_refuse_links`
    write_file(os.fspath(path), text.encode("utf-8"))
