"""A site's collections: each file against its collection's schema, the article rules only on
articles, and the generic checks alone on a file in no collection."""

from __future__ import annotations

import json

import pytest

from .conftest import EXAMPLES

SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
GAME_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "originalUrl": {"type": "string", "format": "uri"},
        "length": {"type": "string"},
        "heat": {"type": "integer"},
        "published": {"type": "boolean"},
    },
    "required": ["title", "length"],
}
# a sound game record; its `heat` and `published` are not the article's (no article annotation)
GAME = (
    "---\ntitle: A run\noriginalUrl: https://youtube.com/watch?v=x\nlength: PT8M\nheat: 3\n"
    "published: true\n---\n"
)
PAGE = "---\nlayout: page\ntitle: About\n---\nWho we are.\n"
CONFIG = """[tool.fmlint.collections]
"_games/**" = "schemas/game.schema.json"
"_news/**" = "article"
"""


@pytest.fixture
def site(tmp_path, monkeypatch):
    (tmp_path / "_news").mkdir()
    (tmp_path / "_games").mkdir()
    (tmp_path / "schemas").mkdir()
    (tmp_path / "_news" / "2023-11-28-seed.md").write_text(SEED, encoding="utf-8")
    (tmp_path / "_games" / "run.md").write_text(GAME, encoding="utf-8")
    (tmp_path / "about.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "schemas" / "game.schema.json").write_text(json.dumps(GAME_SCHEMA))
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def found(result) -> list[str]:
    return [" ".join(line.split()[:2]) for line in result.stdout.splitlines()]


def check(run, *args):
    return run("check", "--output-format", "concise", "--no-cache", *args)


def test_a_sound_site_is_clean(run, site):
    result = check(run, ".")
    assert (result.exit_code, result.stdout) == (0, "")


def test_each_file_against_its_collections_schema(run, site):
    (site / "_games" / "bad.md").write_text(GAME.replace("length: PT8M\n", "heat2: 1\n"))
    (site / "_news" / "2023-11-29-bad.md").write_text(SEED.replace("quality: 57", 'quality: "57"'))
    result = check(run, ".")
    assert found(result) == [
        "_games/bad.md:2:1: FM102",  # the game schema's `length`, not an article's keys
        "_news/2023-11-29-bad.md:11:10: FM103",
    ]
    assert result.exit_code == 1


def test_article_rules_run_only_on_articles(run, site):
    http = SEED.replace('originalUrl: "https://', 'originalUrl: "http://', 1)
    assert http != SEED
    (site / "_news" / "2023-11-29-http.md").write_text(http)
    # a URL rule finds the game's URL by its schema's `format: uri`; the article's rule of
    # published and heat (FM505) finds nothing: the game schema marks no such roles
    (site / "_games" / "http.md").write_text(GAME.replace("https:", "http:"))
    assert found(check(run, ".")) == [
        "_games/http.md:3:14: FM202",
        "_news/2023-11-29-http.md:6:14: FM202",
    ]


def test_a_file_in_no_collection_gets_only_the_generic_checks(run, site):
    (site / "notes.md").write_text("---\nlayout: page\nwebUrl: http://x\n---\n")
    (site / "dup.md").write_text("---\nlayout: page\nlayout: post\n---\n")
    (site / "tagged.md").write_text("---\nlayout: !!python/name:os.system\n---\n")
    (site / "broken.md").write_text("---\nlayout: page\n")
    assert found(check(run, ".")) == [
        "broken.md:1:1: FM002",
        "dup.md:3:1: FM007",
        "tagged.md:2:9: FM008",
    ]


def test_the_first_matching_glob_decides(run, site):
    (site / "_news" / "video").mkdir()
    (site / "_news" / "video" / "run.md").write_text(GAME)
    (site / "pyproject.toml").write_text(
        '[tool.fmlint.collections]\n"_news/video/**" = "schemas/game.schema.json"\n'
        '"_news/**" = "article"\n'
    )
    assert check(run, "_news").stdout == ""
    (site / "pyproject.toml").write_text(
        '[tool.fmlint.collections]\n"_news/**" = "article"\n'
        '"_news/video/**" = "schemas/game.schema.json"\n'
    )
    assert "_news/video/run.md:2:1: FM102" in found(check(run, "_news"))


def test_without_collections_a_files_own_keys_make_it_an_article(run, site):
    """Not its folder: an article record outside `_news/` is an article, and the game (with an
    `originalUrl`, a key only articles have, and an insecure one) and the page are not."""
    (site / "pyproject.toml").unlink()
    (site / "_games" / "http.md").write_text(GAME.replace("https:", "http:"))
    (site / "notes.md").write_text(SEED.replace("quality: 57", 'quality: "57"'))
    (site / "dup.md").write_text(PAGE.replace("title: About", "layout: post"))
    assert found(check(run, ".")) == [
        "dup.md:3:1: FM007",  # a page still gets the checks that hold for any front matter
        "notes.md:11:10: FM103",
    ]


def test_dot_fmlint_toml_takes_collections_without_the_tool_table(run, site):
    (site / "pyproject.toml").unlink()
    (site / ".fmlint.toml").write_text(CONFIG.replace("[tool.fmlint.collections]", "[collections]"))
    assert check(run, ".").stdout == ""


def test_schema_on_the_command_line_replaces_the_collections(run, site):
    result = check(run, "--schema", "schemas/game.schema.json", "_news", "about.md")
    assert "about.md:2:1: FM102" in found(result)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            '[tool.fmlint]\nschema = "s.json"\n[tool.fmlint.collections]\n"**" = "article"\n',
            "'schema' and 'collections' do not go together",
        ),
        ('[tool.fmlint]\ncollections = "article"\n', "'collections' must be a table of glob"),
        ('[tool.fmlint.collections]\n"_news/**" = 3\n', "must name a bundled schema (article)"),
    ],
)
def test_a_bad_collections_table_exits_2(run, site, table, message):
    (site / "pyproject.toml").write_text(table)
    result = check(run, ".")
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_missing_collection_schema_exits_2(run, site):
    (site / "schemas" / "game.schema.json").unlink()
    result = check(run, ".")
    assert result.exit_code == 2
    assert "game.schema.json: cannot read the schema" in result.stderr


def test_config_shows_the_collections(run, site):
    text = run("config").stdout
    schema = site / "schemas" / "game.schema.json"
    assert f"  '_games/**' = schemas/game.schema.json ({schema.resolve()})\n" in text
    assert "  '_news/**' = article\n" in text
    assert "(any other file) = only the checks that hold for any front matter" in text
    (site / "pyproject.toml").unlink()
    assert (
        "collections = (none)  # an article record (by its keys) against the article schema, any "
        "other file only the checks that hold for any front matter: map folders to schemas in "
        "[tool.fmlint.collections] (`fmlint init` writes them)\n"
    ) in run("config").stdout


def test_the_cache_keeps_each_files_collection(run, site):
    """The same bytes under two collections: two verdicts, with or without the cache."""
    (site / "_news" / "run.md").write_text(GAME)
    cold = run("check", "--output-format", "concise", ".").stdout
    warm = run("check", "--output-format", "concise", ".").stdout
    assert cold == warm == check(run, ".").stdout
    assert "_news/run.md" in cold and "_games/run.md" not in cold


def test_workers_lint_each_collection_with_its_schema(run, site):
    for n in range(300):  # enough misses for the runner to start its worker processes
        (site / "_games" / f"g{n}.md").write_text(GAME)
        (site / "_news" / f"n{n}.md").write_text(GAME)
    one = check(run, "-j", "1", ".")
    two = check(run, "-j", "2", ".")
    assert one.stdout == two.stdout
    assert len(found(two)) == 300 * len(found(check(run, "_news/n0.md")))
    assert not [line for line in found(two) if line.startswith("_games/")]


COLLECTIONS_HINT = (
    "fmlint: hint: without configuration every article record is linted against the article schema."
)
SETUP_HINT = "fmlint: hint: 2 of 3 files hold no article record"


@pytest.fixture
def articles_only(site):
    """No configuration, and only article records, with errors in two folders: the sign of a
    collection whose records look like articles (tests/test_first_run.py: the other records)."""
    (site / "pyproject.toml").unlink()
    (site / "about.md").unlink()
    (site / "_games" / "run.md").write_text(SEED.replace("quality: 57", 'quality: "57"'))
    (site / "_news" / "2023-11-29-bad.md").write_text(SEED.replace("quality: 57", "quality: x"))
    return site


def test_the_first_run_says_how_to_map_collections_once(run, articles_only):
    first = run("check", ".")
    again = run("check", ".")
    assert first.stderr.count(COLLECTIONS_HINT) == 1
    assert "hint" not in again.stderr
    assert first.exit_code == again.exit_code == 1


def test_other_records_get_the_setup_hint_every_run_instead(run, site):
    (site / "pyproject.toml").unlink()
    (site / "_news" / "2023-11-29-bad.md").write_text(SEED.replace("quality: 57", "quality: x"))
    (site / "notes.md").write_text(SEED.replace("quality: 57", 'quality: "57"'))
    for _ in range(2):
        result = run("check", ".")
        assert result.stderr.count("fmlint: hint: ") == 2, result.stderr  # the setup hint's lines
        assert "fmlint: hint: 2 of 5 files hold no article record" in result.stderr
        assert COLLECTIONS_HINT not in result.stderr


def test_no_collections_hint_with_a_config_file_quiet_a_machine_format_or_no_cache(
    run, articles_only
):
    (articles_only / "pyproject.toml").write_text("[tool.fmlint]\n")  # configured, if empty
    assert "hint" not in run("check", ".").stderr
    (articles_only / "pyproject.toml").unlink()
    assert "hint" not in run("check", "-q", ".").stderr
    assert "hint" not in run("check", "--output-format", "json", ".").stderr
    assert "hint" not in run("check", "--isolated", ".").stderr
    assert "hint" not in run("check", "--no-cache", ".").stderr
    assert COLLECTIONS_HINT in run("check", ".").stderr  # none of those used up the once


def test_an_empty_tool_fmlint_table_is_configuration_enough_for_no_setup_hint(run, site):
    (site / "pyproject.toml").write_text("[tool.fmlint]\n")
    assert "hint" not in run("check", ".").stderr
    (site / "pyproject.toml").unlink()
    assert SETUP_HINT in run("check", ".").stderr


def test_the_docs_collections_table_works_as_written(run, site):
    from .test_readme import block_after, doc

    table = block_after("# A whole site: collections", "toml", doc("collections.md"))
    (site / "schemas" / "games.schema.json").write_text(json.dumps(GAME_SCHEMA))
    (site / "pyproject.toml").write_text(table)
    assert "  '_games/**' = schemas/games.schema.json (" in run("config").stdout
    assert check(run, ".").stdout == ""
    (site / "_games" / "bad.md").write_text(GAME.replace("length: PT8M\n", ""))
    assert found(check(run, ".")) == ["_games/bad.md:2:1: FM102"]


def test_a_folder_reached_through_a_symlink_keeps_its_collection(run, site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "site").symlink_to(site)
    (site / "_games" / "bad.md").write_text(GAME.replace("length: PT8M\n", ""))
    (site / "_games" / "linked.md").symlink_to(site / "_games" / "bad.md")
    result = check(run, str(outside / "site" / "_games"), "_games/linked.md")
    assert found(result) == [
        f"{outside}/site/_games/bad.md:2:1: FM102",
        f"{outside}/site/_games/linked.md:2:1: FM102",
        "_games/linked.md:2:1: FM102",
    ]


def test_stdin_takes_the_collection_of_its_name(run, site):
    game = GAME.replace("length: PT8M\n", "")
    named = run(
        "check", "--output-format", "concise", "--stdin-filename", "_games/x.md", input=game
    )
    assert found(named) == ["_games/x.md:2:1: FM102"]
    page = run("check", "--output-format", "concise", "--stdin-filename", "x.md", input=game)
    assert (page.exit_code, page.stdout) == (0, "")


def test_decisions_follow_what_each_code_applies_to(tmp_path):
    from validator.config import Collection, Settings
    from validator.decide import Decider

    settings = Settings(
        select=("FM",),
        root=tmp_path,
        collections=(
            Collection("_news/**", "article"),
            Collection("_games/**", "g.json", tmp_path / "g.json"),
        ),
    )
    scopes = {"FM001": "any", "FM102": "schema", "FM201": "article", "FM901": "games"}
    decider = Decider(settings, dict.fromkeys(scopes, "error"), scopes)
    news = decider.for_path(str(tmp_path / "_news" / "a.md"))
    games = decider.for_path(str(tmp_path / "_games" / "a.md"))
    page = decider.for_path(str(tmp_path / "about.md"))
    assert sorted(news.codes) == ["FM001", "FM102", "FM201"]  # FM901 knows other records
    assert (sorted(games.codes), games.schema) == (["FM001", "FM102"], str(tmp_path / "g.json"))
    assert (sorted(page.codes), page.schema) == (["FM001"], None)
    assert decider.for_path(str(tmp_path / "_news" / "b.md")) is news  # decided once
