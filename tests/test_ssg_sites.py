"""Issue #21 done on each real site of `../shared/corpus/ssg/` (Jekyll, Hugo, Zola, Starlight,
Eleventy), as a user runs fmlint on a copy of it:

1. every file with front matter is read: the run's file count is the files that open with a fence,
   less the templates fmlint rightly leaves out (`LEFT_OUT`), and a fence it cannot evaluate
   (`---js`) is said (FM012), never passed in silence;
2. with no configuration, the errors are exactly the real defects of `NO_CONFIGURATION`;
3. after `fmlint init`, exactly those of `INITIALISED` (each with what the generator does);
4. 30 defects planted in 30 different files (3 files per kind), chosen by reading the schemas
   `init` wrote, are each an error at the line planted (and the column, where the value's
   position is clear), and nothing else new is an error.

The ten kinds the issue asks for, in the order `plant` tries them (the scarce ones first): a
picture that names no file, a picture whose file has another size, a picture width of 0,
`2023-02-30` in a date (its layout and quotes kept), `htps://` in a URL, a URL with a space, a
required key deleted (the top level's, else a nested mapping's), a YAML/TOML syntax error, a
duplicate key, a list where the schema says string. A value is of a kind by its schema: a date
has `format: date`/`date-time` or `x-fmlint-date-layouts`; a URL has `format: uri`/`iri` (or,
where none does, `uri-reference`/`iri-reference` holding an absolute URL); a picture is marked
`x-fmlint-role: picture`. Where no page of a site has a value of a kind, the kind is not forced
into a field its schema does not know (`additionalProperties: false` would make that an unknown
key, not the defect): the next of `site_planting.SUBSTITUTES` is planted instead (a date written
month first, `01/23/2023`; a top-level domain that does not exist; a `javascript:` URL; a nested
mapping's required key deleted), and `SUBSTITUTED` says which, and why, per site. One addition,
as a site owner would make it: a top-level `format: uri` field the schema knows, too few pages
hold, is written into other pages of its collection (Jekyll's `shopify_filter_url`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import SHARED
from .front_slots import fence
from .process import run_fmlint
from .site_planting import ASKED, PER_KIND, Plant, collection_pages, offers, plant

SSG = SHARED / "corpus" / "ssg"
SITES = ("eleventy", "hugo", "jekyll", "starlight", "zola")
pytestmark = pytest.mark.skipif(
    not SSG.is_dir(), reason=f"the real sites of other generators are not here ({SSG}); CI has them"
)
# The files a page of these generators may be: Markdown, and the templates Jekyll and Eleventy
# give front matter to.
PAGES = (".md", ".markdown", ".mdx", ".html", ".htm", ".njk", ".liquid", ".webc", ".xml", ".txt")

# Folders of files with front matter that are templates, not content, and how many such files
# each holds: fmlint rightly leaves them out. (Jekyll's `_includes` hold no front matter.)
LEFT_OUT = {
    "eleventy": {"src/_includes/": 7},  # Eleventy's layouts and snippets
    "hugo": {"archetypes/": 5},  # Go templates `hugo new` fills in: `title: {{ .Name }}`
    "jekyll": {"docs/_layouts/": 6},  # Liquid layouts
    "starlight": {},
    "zola": {},
}

# The errors of `fmlint check .` with no configuration: (file, line, column, code), each a real
# defect with what the generator does with it. Today none on any site.
NO_CONFIGURATION: dict[str, list[tuple[str, int, int, str]]] = {
    "eleventy": [],  # its three `---js` front matters are FM012 warnings (see 1.)
    "hugo": [],
    "jekyll": [],
    "starlight": [],
    "zola": [],
}

# The errors of `fmlint check .` after `fmlint init`, each a real defect.
INITIALISED: dict[str, list[tuple[str, int, int, str]]] = {
    "eleventy": [],
    "hugo": [],
    # `date: 2023-01-29 18:30:22 2023 -0800` in `_posts/2023-01-29-jekyll-3-9-3-released`,
    # the year written twice, is no error: Psych reads a string (no YAML timestamp), and Ruby's
    # `Time.parse`, as Jekyll reads it, makes 29 January 2023 18:30:22 of it; the site builds
    "jekyll": [],
    "starlight": [],
    "zola": [],
}

# What each kind is found as: the rule that says it (several where the reason differs by place).
CODES = {
    "picture-missing": {"FM407"},
    "picture-size": {"FM408"},
    "width-zero": {"FM106"},  # the picture schema's `minimum`
    # FM304 the date rule; FM105 where the schema's `format: date`/`date-time` rejects it first;
    # FM005 in a TOML datetime (Zola's `date = 2023-02-30T...`): TOML itself has no such date,
    # and Zola stops at the same syntax error
    "february-30": {"FM304", "FM105", "FM005"},
    "htps": {"FM201"},
    "space-in-url": {"FM105"},  # the schema's `format` rejects a URL with a space
    "missing-key": {"FM102"},
    "syntax": {"FM005"},
    "duplicate-key": {"FM007"},
    "wrong-type": {"FM103"},
    # the substitutes
    "month-first-date": {"FM304", "FM105"},
    "unknown-tld": {"FM201"},
    "javascript-url": {"FM201"},
    "missing-nested-key": {"FM102"},
}
# Per site, each kind it has no value of, and what was planted instead (the next substitute
# that 3 files can take).
SUBSTITUTED = {
    # no picture object has a width or height in any page; `logoImage` and `ogimageOverride` are
    # pictures, so a missing picture file is planted
    "eleventy": {"picture-size": "month-first-date", "width-zero": "unknown-tld"},
    # no field of the site names a picture (no `images`, no `params.*` picture)
    "hugo": {
        "picture-missing": "month-first-date",
        "picture-size": "unknown-tld",
        "width-zero": "javascript-url",
    },
    # no picture field (no `image:` in a page)
    "jekyll": {
        "picture-missing": "month-first-date",
        "picture-size": "unknown-tld",
        "width-zero": "javascript-url",
    },
    # `hero.image` is a picture (`file`, no width or height); no page has a date (`lastUpdated`
    # is `false` where it is written, and the schema types it so), so a month-first date cannot
    # stand in either
    "starlight": {
        "picture-size": "unknown-tld",
        "width-zero": "javascript-url",
        "february-30": "missing-nested-key",
    },
    # no picture field (themes' screenshots sit beside the page, named by no key)
    "zola": {
        "picture-missing": "month-first-date",
        "picture-size": "unknown-tld",
        "width-zero": "javascript-url",
    },
}


# ---------------------------------------------------------------- the tests


def test_every_file_with_front_matter_is_read(site):
    left_out = LEFT_OUT[site.name]
    assert {folder: sum(f.startswith(folder) for f in site.fenced) for folder in left_out} == (
        left_out
    )
    content = {f: syntax for f, syntax in site.fenced.items() if not f.startswith(tuple(left_out))}
    assert site.bare.files == len(content), site.bare.stderr
    assert "could not be" not in site.bare.stderr
    assert {d["path"] for d in site.bare.findings} <= set(content)
    unreadable = {f for f, syntax in content.items() if syntax not in ("yaml", "toml", "json")}
    said = {
        d["path"]
        for d in site.bare.findings
        if (d["code"], d["severity"], d["line"]) == ("FM012", "warning", 1)
        and "fmlint cannot evaluate it" in d["message"]
    }
    assert said == unreadable  # Eleventy's `---js`: named, never passed in silence


def test_without_configuration_the_errors_are_the_real_defects(site):
    assert site.bare.errors == NO_CONFIGURATION[site.name]


def test_after_init_the_errors_are_the_real_defects(site):
    assert site.init.returncode == 0, site.init.stderr
    assert "Wrote .fmlint.toml" in site.init.stderr
    assert site.initialised.files == site.bare.files
    assert site.initialised.errors == INITIALISED[site.name]


def test_thirty_defects_are_planted_in_thirty_files(site):
    assert site.substituted == SUBSTITUTED[site.name]
    # a kind is substituted only where no page of the site had a place for it
    assert {kind: site.offered[kind] for kind in site.substituted} == dict.fromkeys(
        site.substituted, 0
    )
    kinds = [SUBSTITUTED[site.name].get(kind, kind) for kind in ASKED]
    assert [plant.kind for plant in site.plants] == [k for k in kinds for _ in range(PER_KIND)]
    assert len({plant.file for plant in site.plants}) == len(ASKED) * PER_KIND


def test_each_planted_defect_is_an_error_at_its_place(site):
    new = [e for e in site.planted.errors if e not in site.initialised.errors]
    missed = [plant for plant in site.plants if _found(plant, new) is None]
    assert missed == [], _shown(site, missed)


def test_nothing_else_new_is_an_error(site):
    new = [e for e in site.planted.errors if e not in site.initialised.errors]
    found = [_found(plant, new) for plant in site.plants]
    assert [e for e in new if e not in found] == []
    assert [e for e in site.initialised.errors if e not in site.planted.errors] == []


def _found(plant: Plant, errors: list[tuple]) -> tuple | None:
    """The error that reports `plant`: its file, line, column (where the value's place is
    clear) and one of the codes of its kind."""
    for error in errors:
        path, line, column, code = error
        placed = (path, line) == (plant.file, plant.line) and plant.column in (None, column)
        if placed and code in CODES[plant.kind]:
            return error
    return None


def _shown(site, plants: list[Plant]) -> str:
    """What fmlint said about the files of `plants`, for the failure message."""
    files = {plant.file for plant in plants}
    said = [d for d in site.planted.findings if d["path"] in files]
    return "\n".join([*map(repr, plants), *(json.dumps(d) for d in said)])


# ---------------------------------------------------------------- a site's copy, run once


@dataclass
class Checked:
    """One `fmlint check . --no-cache --output-format json`: its findings, the errors among
    them as (file, line, column, code) sorted, and the file count its summary says."""

    findings: list[dict]
    errors: list[tuple[str, int, int, str]]
    files: int
    stderr: str


@dataclass
class Run:
    """A site's copy through the four steps: `bare` (no configuration), `init`, `initialised`,
    the `plants` (and `substituted` kinds), and `planted` (the check after planting)."""

    name: str
    fenced: dict[str, str]
    bare: Checked
    init: subprocess.CompletedProcess
    initialised: Checked
    offered: dict[str, int]
    plants: list[Plant]
    substituted: dict[str, str]
    planted: Checked


@pytest.fixture(scope="module", params=SITES)
def site(request, tmp_path_factory) -> Run:
    name = request.param
    root = tmp_path_factory.mktemp(name) / name
    # the corpus may hold a cache of an earlier run: a user's copy would not
    shutil.copytree(SSG / name, root, symlinks=True, ignore=shutil.ignore_patterns(".fmlint_cache"))
    _writable(root)
    fenced = fenced_files(root)
    bare = check(root)
    init = run_fmlint("init", cwd=root)
    initialised = check(root)
    assert init.returncode == 0, init.stderr
    flagged = {d["path"] for d in initialised.findings}
    pages = collection_pages(root, fenced, skip=flagged)
    offered = {kind: sum(offers(kind, page) for page in pages) for kind in ASKED}
    plants, substituted = plant(pages)
    return Run(name, fenced, bare, init, initialised, offered, plants, substituted, check(root))


def check(root: Path) -> Checked:
    result = run_fmlint("check", ".", "--no-cache", "--output-format", "json", cwd=root)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    findings = json.loads(result.stdout)
    errors = sorted(
        (d["path"], d["line"], d["column"], d["code"]) for d in findings if d["severity"] == "error"
    )
    counted = re.search(r"(?:\(| of )(\d+) files?[).;]", result.stderr)
    assert counted, result.stderr
    return Checked(findings, errors, int(counted.group(1)), result.stderr)


def fenced_files(root: Path) -> dict[str, str]:
    """Every page file under `root` that opens with a fence, by relative path: its syntax."""
    found = {}
    for folder, _folders, names in os.walk(root):
        for name in names:
            if name.endswith(PAGES):
                path = Path(folder, name)
                syntax = fence(path.read_text(encoding="utf-8", errors="replace"))
                if syntax is not None:
                    found[path.relative_to(root).as_posix()] = syntax
    return found


def _writable(root: Path) -> None:
    """The corpus is read-only; its copy takes `init`'s files and the planted edits."""
    for folder, _folders, names in os.walk(root):
        os.chmod(folder, 0o755)
        for name in names:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)
