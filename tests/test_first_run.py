"""A first run, with no configuration at all, is right on any static site: an article record keeps
the article schema (a broken one still gets its FM102), any other front matter gets only the
checks that hold for all front matter, and stderr says, every run until the site is configured,
how many files that was and how to set the site up."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from validator.decide import ARTICLE_ONLY, is_article_record, is_article_text, is_other_record
from validator.reporters import FORMATS
from validator.schema.load import load_schema

from .conftest import EXAMPLES, SHARED

SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
CORPUS = SHARED / "corpus"
POST = "---\nlayout: post\ntitle: Jekyll 4.3.2 released\ncategory: release\ntags: [a]\n---\nHi\n"
HUGO = "+++\ntitle = 'Intro'\nweight = 3\n+++\nHi\n"
HINT = (
    "fmlint: hint: 2 of 3 files hold no article record and got only the checks that hold for "
    "any front matter (fences, syntax, duplicate keys).\n"
    "fmlint: hint: run `fmlint init` to set up the site's collections and their schemas, then "
    "`fmlint check`.\n"
)


def without(text: str, *keys: str) -> str:
    """The seed record without these top-level keys (and their indented lines)."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line[:1] not in (" ", "\t", "\n", "-") or line.startswith("---"):
            skipping = line.split(":", 1)[0] in keys
        if not skipping:
            out.append(line)
    return "".join(out)


# ---------------------------------------------------------------- 1. which file is an article


def test_the_article_only_keys_are_the_article_schemas():
    assert load_schema()["properties"].keys() >= ARTICLE_ONLY


@pytest.mark.parametrize(
    ("keys", "article"),
    [
        ({"category", "title", "excerpt", "secured"}, True),  # half the required
        ({"title", "excerpt", "secured"}, False),  # fewer than half
        ({"title", "publishedDateTime"}, True),  # the news API's mark
        ({"webUrl", "provider", "title"}, True),  # a URL with its provider
        ({"webUrl", "title", "type"}, False),
        ({"category", "title", "excerpt", "type", "topics"}, False),  # no article-only key
        ({"layout", "title", "category", "date", "tags"}, False),  # a Jekyll post
        (set(), False),
    ],
)
def test_an_article_record_has_an_article_only_key_and_more(keys, article):
    assert is_article_record(iter(sorted(keys))) is article


def test_a_broken_record_is_still_an_article_record():
    assert is_article_text(SEED)
    assert is_article_text(without(SEED, "category", "topics", "provider"))
    broken_yaml = SEED.replace("type: article", "type: : article\n  - x")
    assert is_article_text(broken_yaml)
    assert is_article_text(SEED.replace("\n", "\r\n"))
    assert not is_article_text(SEED.replace("---\n", "+++\n", 1))  # not YAML front matter


def test_keys_are_read_only_up_to_the_closing_fence():
    body = "\n".join(f"{key}: x" for key in load_schema()["required"] + ["webUrl"])
    assert not is_article_text(f"---\ntitle: a page\n---\n{body}\n")
    assert not is_other_record("no front matter\n")
    assert not is_other_record("---\n---\nbody\n")  # empty: no record of any kind
    assert is_other_record(POST) and is_other_record(HUGO)
    assert not is_other_record(SEED)


def _files(folder: Path):
    for directory, _folders, names in os.walk(folder):
        for name in names:
            if name.endswith((".md", ".markdown", ".mdx", ".html", ".njk")):
                yield Path(directory) / name


@pytest.mark.skipif(not (CORPUS / "ssg").is_dir(), reason=f"the corpus is not here ({CORPUS})")
def test_every_news_record_of_the_corpus_is_an_article_and_no_site_page_is():
    news = [CORPUS / "news", *sorted(CORPUS.glob("sites/*/_news"))]
    records = [path for folder in news for path in _files(folder)]
    assert len(records) > 7900
    missed = [p for p in records if not is_article_text(p.read_text("utf-8", "replace"))]
    assert missed == []
    pages = list(_files(CORPUS / "ssg"))
    assert len(pages) > 1500
    taken = [p for p in pages if is_article_text(p.read_text("utf-8", "replace"))]
    assert taken == []


# ---------------------------------------------------------------- 2. what runs on each


@pytest.fixture
def site(tmp_path, monkeypatch):
    """An article, a Jekyll post and a Hugo page (TOML), and no configuration anywhere."""
    (tmp_path / "_news").mkdir()
    (tmp_path / "_news" / "2023-11-28-seed.md").write_text(SEED, encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2023-01-20-release.md").write_text(POST, encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "intro.md").write_text(HUGO, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def concise(run, *args):
    return run("check", "--output-format", "concise", *args)


def found(result) -> list[str]:
    return [" ".join(line.split()[:2]) for line in result.stdout.splitlines()]


def test_pages_get_the_generic_checks_and_articles_the_article_schema(run, site):
    result = concise(run, "--no-cache", ".")
    assert (result.exit_code, result.stdout) == (0, "")
    (site / "_posts" / "dup.md").write_text(POST.replace("tags: [a]", "title: again"))
    broken = without(SEED, "category", "topics")
    (site / "_news" / "2023-11-29-broken.md").write_text(broken, encoding="utf-8")
    result = concise(run, "--no-cache", ".")
    assert found(result) == [
        "_news/2023-11-29-broken.md:2:1: FM102",  # missing 'category'
        "_news/2023-11-29-broken.md:2:1: FM102",  # missing 'topics'
        "_posts/dup.md:5:1: FM007",  # a page still gets the checks for any front matter
    ]
    assert "missing required key 'topics'" in result.stdout


def test_the_verdict_is_the_same_from_the_cache(run, site):
    (site / "_news" / "2023-11-29-broken.md").write_text(without(SEED, "secured"))
    (site / "_posts" / "2023-01-21-other.md").write_text(POST.replace("layout: post\n", ""))
    cold = concise(run, ".").stdout
    warm = concise(run, ".").stdout
    assert cold == warm == concise(run, "--no-cache", ".").stdout
    assert [" ".join(line.split()[:2]) for line in cold.splitlines()] == [
        "_news/2023-11-29-broken.md:2:1: FM102"  # missing 'secured'
    ]


def test_a_schema_or_collections_take_the_decision_back(run, site):
    schema = site / "page.schema.json"
    schema.write_text('{"type": "object", "required": ["summary"]}')
    result = concise(run, "--no-cache", "--schema", str(schema), "_news", "_posts")
    assert found(result) == [  # every file against the one schema, articles too
        "_news/2023-11-28-seed.md:2:1: FM102",
        "_posts/2023-01-20-release.md:2:1: FM102",
    ]
    (site / ".fmlint.toml").write_text('[collections]\n"**" = "article"\n')
    result = concise(run, "--no-cache", "_posts")
    assert "FM102 missing required key 'excerpt'" in result.stdout  # a page as an article


# ---------------------------------------------------------------- 3. the hint


@pytest.mark.parametrize("output_format", [f for f in FORMATS if f != "html"])
def test_the_hint_is_said_on_stderr_in_every_format(run, site, output_format):
    result = run("check", "--output-format", output_format, ".")
    assert result.stderr.endswith(HINT), result.stderr
    assert "fmlint: hint" not in result.stdout
    if output_format == "json":
        assert json.loads(result.stdout) == []


def test_the_hint_is_said_every_run_with_o_and_no_cache(run, site, tmp_path_factory):
    report = tmp_path_factory.mktemp("out") / "report.html"
    for args in ((), ("--no-cache",), ("-o", str(report), "--output-format", "html"), ()):
        result = run("check", *args, ".")
        assert result.stderr == "All checks passed (3 files).\n" + HINT
    assert report.is_file()


def test_no_hint_once_configured_quiet_isolated_or_for_stdin(run, site):
    assert "hint" not in run("check", "-q", ".").stderr
    assert "hint" not in run("check", "--isolated", ".").stderr
    assert "hint" not in run("check", "-", input=POST).stderr
    assert "hint" not in run("check", "_news").stderr  # only article records
    (site / ".fmlint.toml").write_text("[consistency]\npublished-heat = 70\n")
    assert "hint" not in run("check", ".").stderr


def test_the_hint_counts_only_files_with_a_record(run, site):
    (site / "empty.md").write_text("---\n---\nA page.\n")  # no keys: no record of another kind
    (site / "notes.md").write_text("---\nlayout: page\n---\n")
    result = run("check", "--no-cache", ".")
    assert result.stderr.splitlines()[1].startswith(
        "fmlint: hint: 3 of 5 files hold no article record"
    )


def test_front_matter_fmlint_cannot_read_is_no_sign_of_another_kind():
    assert not is_other_record("---js\n{ title: 'x' }\n---\n")
    assert not is_other_record("+++\n+++\n")
    assert is_other_record('{\n  "title": "x"\n}\nBody\n')  # Hugo's JSON front matter
