"""A whole site, as the family lays one out, configured by `fmlint init`: `_news/` (articles),
`_games/` (its own schema, inferred), pages and a README. Errors come only on the real defects
the records carry and on defects planted after `init`; the pre-commit hook on the sound files is
in `test_precommit.py` (`test_hook_passes_on_the_sound_files_of_an_initialised_site`)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from .conftest import SHARED

DIABLO4 = SHARED / "corpus" / "sites" / "diablo4"
needs_sites = pytest.mark.skipif(
    not (DIABLO4 / "_games").is_dir(),
    reason=f"the real diablo4 site records are not here ({DIABLO4}); CI has it",
)
SAMPLE = 30
BROKEN_YAML = "  name: DM: Diablo Immortal\n"  # the real `_games` defect (an unquoted `: `)
NULL_TOPIC = re.compile(r"^topics:\n(?:  - .*\n)*  -[ \t]*\n", re.M)  # the real `_news` one
PAGE = "---\nlayout: page\ntitle: About\npermalink: /about/\n---\nWho we are.\n"


def build_site(root: Path) -> dict:
    """Copy samples of the real site into `root`; the names of the files with real defects."""
    news, games = root / "_news", root / "_games"
    news.mkdir(parents=True)
    games.mkdir()
    all_news = sorted(DIABLO4.glob("_news/*.md"))
    null_topics = [p for p in all_news if NULL_TOPIC.search(p.read_text(encoding="utf-8"))][:2]
    sound_news = [p for p in all_news if p not in null_topics][:SAMPLE]
    all_games = sorted(DIABLO4.glob("_games/*.md"))
    broken = [p for p in all_games if BROKEN_YAML in p.read_text(encoding="utf-8")]
    sound_games = [p for p in all_games if p not in broken][:SAMPLE]
    for path in [*null_topics, *sound_news]:
        shutil.copyfile(path, news / path.name)
    for path in [*broken, *sound_games]:
        shutil.copyfile(path, games / path.name)
    (root / "about.md").write_text(PAGE, encoding="utf-8")
    (root / "README.md").write_text("# Diablo 4 news\n\nRecords in `_news/` and `_games/`.\n")
    return {
        "null_topics": [f"_news/{p.name}" for p in null_topics],
        "broken": [f"_games/{p.name}" for p in broken],
        "sound": sorted(
            [f"_news/{p.name}" for p in sound_news]
            + [f"_games/{p.name}" for p in sound_games]
            + ["about.md", "README.md"]
        ),
    }


def plant(source: Path, target: Path, pattern: str, replacement: str) -> int:
    """A copy of `source` with the first match replaced; the line of the change."""
    text = source.read_text(encoding="utf-8")
    match = re.search(pattern, text, re.M)
    assert match, pattern
    target.write_text(text[: match.start()] + match.expand(replacement) + text[match.end() :])
    return text[: match.start()].count("\n") + 1


@needs_sites
def test_a_site_configured_by_init_errs_only_on_its_defects(run, tmp_path, monkeypatch):
    site = tmp_path / "site"
    known = build_site(site)
    monkeypatch.chdir(site)
    made = run("init")
    assert made.exit_code == 0, made.stderr
    assert made.stderr.splitlines() == [
        "_games/: schemas/games.schema.json (0 of 30 records fit the article schema: "
        "a schema inferred from them)",
        f"_news/: article ({SAMPLE} of {SAMPLE + 2} records fit the article schema)",
        "pages in no collection (generic checks only): about.md",
        "Wrote .fmlint.toml",
        "Wrote schemas/games.schema.json",
    ]
    assert (
        (site / ".fmlint.toml")
        .read_text()
        .endswith(
            '[collections]\n"_games/**" = "schemas/games.schema.json"\n"_news/**" = "article"\n'
        )
    )
    assert run("init").exit_code == 2  # never over what is there
    # defects a writer brings later, in copies of sound records
    games = sorted(site.glob("_games/*.md"))
    games = [p for p in games if f"_games/{p.name}" not in known["broken"]]
    plant(games[0], site / "_games/no-length.md", r"^length: .*\n", "")
    date = r"\g<1>2023-02-30T10:00:00Z"
    planted = {  # path: (line, code)
        "_games/no-length.md": (2, "FM102"),  # reported at the mapping that lacks it
        "_games/bad-date.md": (
            plant(games[1], site / "_games/bad-date.md", r"^(publishedDateTime: ).*$", date),
            "FM105",
        ),
        "_games/hot.md": (
            plant(games[2], site / "_games/hot.md", r"^(heat: ).*$", r'\g<1>"hot"'),
            "FM103",
        ),
        "contact.md": (3, "FM007"),  # a page: only the generic checks, which still hold
    }
    (site / "contact.md").write_text("---\nlayout: page\nlayout: post\n---\n")
    result = run("check", "--no-cache", "--output-format", "json", ".")
    found = json.loads(result.stdout)
    errors = sorted((d["path"], d["code"]) for d in found if d["severity"] == "error")
    assert errors == sorted(
        [(path, "FM005") for path in known["broken"]]
        + [(path, "FM103") for path in known["null_topics"]]
        + [(path, code) for path, (_, code) in planted.items()]
    )
    lines = {(d["path"], d["line"], d["code"]) for d in found if d["severity"] == "error"}
    assert {(path, line, code) for path, (line, code) in planted.items()} <= lines
    assert result.exit_code == 1
    # the page is in no collection: not one article finding, though it lacks every article key
    assert not [d for d in found if d["path"] == "about.md"]


def small_site(root: Path) -> None:
    from .conftest import EXAMPLES

    seed = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
    for folder, count in (("_news", 5), ("_events", 6), ("_people", 2)):
        (root / folder).mkdir(parents=True)
        for n in range(count):
            text = seed if folder == "_news" else f"---\nname: N{n}\nday: 2024-01-0{n + 1}\n---\n"
            (root / folder / f"r{n}.md").write_text(text, encoding="utf-8")
    (root / "_layouts").mkdir()
    (root / "_layouts" / "page.html").write_text("---\nlayout: default\n---\n{{ content }}\n")
    (root / "about.md").write_text(PAGE)


def test_init_maps_folders_and_leaves_small_ones_out(run, tmp_path, monkeypatch):
    small_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    made = run("init")
    assert made.exit_code == 0, made.stderr
    assert made.stderr.splitlines()[:3] == [
        "_events/: schemas/events.schema.json (0 of 6 records fit the article schema: a schema "
        "inferred from them)",
        "_news/: article (5 of 5 records fit the article schema)",
        "_people/: no collection (2 records: too few to infer a schema from)",
    ]
    config = (tmp_path / ".fmlint.toml").read_text()
    assert '"_events/**" = "schemas/events.schema.json"\n"_news/**" = "article"\n' in config
    assert "_people" not in config and "_layouts" not in config
    events = json.loads((tmp_path / "schemas" / "events.schema.json").read_text())
    assert events["properties"]["day"]["format"] == "date"
    assert run("check", "--no-cache", ".").exit_code == 0


def test_init_writes_nothing_when_one_file_is_there(run, tmp_path, monkeypatch):
    small_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "events.schema.json").write_text("mine\n")
    refused = run("init")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "fmlint: error: schemas/events.schema.json: already there; run with --force to replace\n"
    )
    assert not (tmp_path / ".fmlint.toml").exists()  # all or nothing
    assert (tmp_path / "schemas" / "events.schema.json").read_text() == "mine\n"
    assert run("init", "--force").exit_code == 0
    assert json.loads((tmp_path / "schemas" / "events.schema.json").read_text())["type"] == "object"
    assert not list(tmp_path.rglob("*.tmp"))


def test_init_without_records_exits_2(run, tmp_path):
    (tmp_path / "about.md").write_text(PAGE)
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert "no folder of front-matter records to make a collection of" in result.stderr
    assert not (tmp_path / ".fmlint.toml").exists()


def test_init_warns_that_it_overrides_a_pyproject_table(run, tmp_path, monkeypatch):
    small_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.fmlint]\nignore = ["FM205"]\n')
    made = run("init")
    assert made.exit_code == 0
    assert made.stderr.splitlines()[-1] == (
        "fmlint: warning: pyproject.toml has a [tool.fmlint] table, which the new .fmlint.toml "
        "overrides: move its settings into .fmlint.toml"
    )
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert "warning" not in run("init", "--force").stderr


CORONAVIRUS = SHARED / "corpus" / "sites" / "coronavirus"


@needs_sites
@pytest.mark.parametrize(("source", "threshold"), [(DIABLO4, 70), (CORONAVIRUS, 100)])
def test_init_reads_the_sites_published_heat_from_its_records(run, tmp_path, source, threshold):
    if not (source / "_news").is_dir():
        pytest.skip(f"the real records are not here ({source})")
    news = tmp_path / "_news"
    news.mkdir()
    for path in sorted(source.glob("_news/*.md"))[:400]:
        shutil.copyfile(path, news / path.name)
    made = run("init", str(tmp_path))
    assert made.exit_code == 0, made.stderr
    said = [line for line in made.stderr.splitlines() if line.startswith("published-heat")]
    assert len(said) == 1 and said[0].startswith(f"published-heat = {threshold} (")
    text = (tmp_path / ".fmlint.toml").read_text()
    assert "\n[consistency]\n# " in text and f"\npublished-heat = {threshold}\n" in text
    checked = run(
        "check",
        "--no-cache",
        "--output-format",
        "concise",
        "--config",
        str(tmp_path / ".fmlint.toml"),
        str(news),
    )
    assert " FM505 " not in checked.stdout  # every record follows the threshold found
