"""`fmlint init` maps what a site's generator says: its collections, its content sections, its
templates left out, its schemas where it publishes nothing; and on the five real sites of the
corpus, the configuration it writes makes `fmlint check` pass every sound file."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from validator.source.generators import detect

from .conftest import SHARED

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SSG = SHARED / "corpus" / "ssg"


def put(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def pages(folder: str, count: int, make) -> dict[str, str]:
    return {f"{folder}/p{n}.md": make(n) for n in range(count)}


def config(site: Path) -> dict:
    return tomllib.loads((site / ".fmlint.toml").read_text(encoding="utf-8"))


def post(n: int) -> str:
    date = f"2016-01-{n + 10} 17:21:50 -0800"
    return f"---\nlayout: post\nauthor: parkr\ntitle: Post {n}\ndate: {date}\n---\nHi\n"


JEKYLL_CONFIG = """\
collections:
  docs:
    output: true
    permalink: /:collection/:path/
  notes:
    output: false
defaults:
  - scope: {path: _docs}
    values: {layout: docs}
"""


@pytest.fixture
def jekyll(tmp_path, monkeypatch):
    """A Jekyll site in `docs/` of a project, as jekyll/jekyll keeps its own."""
    site = tmp_path / "docs"
    put(site, {"_config.yml": JEKYLL_CONFIG, "about.md": "---\ntitle: About\n---\n"})
    put(site, pages("_posts", 6, post))
    put(site, pages("_docs", 5, lambda n: f"---\ntitle: Doc {n}\nposition: {n}\n---\n"))
    put(site, {"_docs/rendering.md": "---\n---\nNo front matter of its own.\n"})
    put(site, pages("_data", 5, lambda n: f"---\ntitle: {n}\n---\n"))  # data, not content
    put(site, pages("pages", 5, lambda n: f"---\ntitle: P{n}\npermalink: /p{n}/\n---\n"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_jekyll_collections_from_its_config(run, jekyll):
    made = run("init")
    assert made.exit_code == 0, made.stderr
    assert made.stderr.splitlines() == [
        "Jekyll site (docs/_config.yml)",
        "docs/_data/: left out (5 files: templates, data or output)",
        "docs/_docs/: .fmlint/schemas/docs.schema.json (0 of 6 records fit the article schema: "
        "a schema inferred from them)",
        "docs/_posts/: .fmlint/schemas/posts.schema.json (0 of 6 records fit the article schema: "
        "a schema inferred from them)",
        "pages in no collection (generic checks only): docs/about.md, docs/pages/p0.md, "
        "docs/pages/p1.md, docs/pages/p2.md, docs/pages/p3.md, docs/pages/p4.md",
        "Wrote .fmlint.toml",
        "Wrote .fmlint/schemas/docs.schema.json",
        "Wrote .fmlint/schemas/posts.schema.json",
    ]
    written = config(jekyll)
    assert written["yaml-version"] == "1.1"  # as Jekyll reads YAML
    assert written["extend-exclude"] == ["/docs/_data/"]
    assert written["collections"] == {
        "docs/_docs/**": ".fmlint/schemas/docs.schema.json",
        "docs/_posts/**": ".fmlint/schemas/posts.schema.json",
    }
    assert not (jekyll / "schemas").exists()  # a folder Jekyll would publish
    docs = json.loads((jekyll / ".fmlint/schemas/docs.schema.json").read_text())
    assert "(output: true, permalink: /:collection/:path/)" in docs["description"]
    assert "required" not in docs  # `title`: Jekyll makes one from the file's name
    assert docs["properties"]["position"]["minimum"] == 0
    posts = json.loads((jekyll / ".fmlint/schemas/posts.schema.json").read_text())
    # every date as Ruby's `Time.parse` reads it, and no `format`, which would refuse the rest
    assert posts["properties"]["date"] == {
        "type": "string",
        "x-fmlint-date-layouts": ["ruby"],
        "examples": [
            "2016-01-10 17:21:50 -0800",
            "2016-01-11 17:21:50 -0800",
            "2016-01-12 17:21:50 -0800",
        ],
    }
    # not `title` nor `date`, which Jekyll derives, nor `layout`, which `defaults` gives
    assert posts["required"] == ["author"]
    checked = run("check", "--no-cache", "--output-format", "concise", ".")
    assert (checked.exit_code, checked.stdout) == (0, "")


def test_a_jekyll_date_is_checked_as_ruby_reads_it(run, jekyll):
    twice = post(6).replace("2016-01-16 17:21:50 -0800", "2023-01-29 18:30:22 2023 -0800")
    put(jekyll / "docs", {"_posts/twice.md": twice})  # Ruby reads it: the site builds
    made = run("init")
    assert made.exit_code == 0, made.stderr
    assert "twice.md" not in made.stderr  # no outlier
    put(
        jekyll / "docs",
        {"_posts/days.md": post(7).replace("2016-01-17 17:21:50 -0800", "23/01/2023")},
    )
    put(
        jekyll / "docs",
        {"_posts/bad.md": post(8).replace("2016-01-18 17:21:50 -0800", "2023-02-30")},
    )
    put(jekyll / "docs", {"_posts/word.md": post(9).replace("2016-01-19 17:21:50 -0800", "soon")})
    checked = run("check", "--no-cache", "--output-format", "concise", ".")
    assert checked.stdout.splitlines() == [
        'docs/_posts/bad.md:5:7: FM304 date: "2023-02-30" is no real date: February 2023 has 28 '
        "days",
        'docs/_posts/word.md:5:7: FM304 date: "soon" is not a date in a layout the schema '
        "accepts; write it as ruby (2023-01-20 10:00:00 +0100)",
    ]


HUGO_PAGE = "---\ntitle: T\nexpiryDate: {}\n---\n"
ZOLA_PAGE = "+++\ntitle = 'T'\ndate = {}\n+++\n"


@pytest.mark.parametrize(
    ("config", "folder", "page", "bad", "finding"),
    [
        (
            {"hugo.toml": 'baseURL = "https://example.org/"\n'},
            "content/news",
            HUGO_PAGE,
            "2023-02-30",
            '3:13: FM304 expiryDate: "2023-02-30" is no real date: February 2023 has 28 days',
        ),
        (
            {"config.toml": 'base_url = "https://example.org"\n'},
            "content/blog",
            ZOLA_PAGE,
            '"23/01/2023"',
            '3:8: FM304 date: "23/01/2023" is not a date in a layout the schema accepts; write it '
            "as rfc3339 (2023-01-20T10:00:00+01:00), local (2023-01-20T10:00:00), date "
            "(2023-01-20) or space (2023-01-20 10:00:00 +01:00)",
        ),
    ],
)
def test_hugo_and_zola_dates_take_every_layout_their_generator_reads(
    run, tmp_path, monkeypatch, config, folder, page, bad, finding
):
    put(tmp_path, config)
    put(tmp_path, pages(folder, 6, lambda n: page.format(f"2028-07-0{n + 1}")))
    monkeypatch.chdir(tmp_path)
    assert run("init").exit_code == 0
    [written] = (tmp_path / ".fmlint/schemas").iterdir()
    [node] = [
        n for key, n in json.loads(written.read_text())["properties"].items() if key != "title"
    ]
    # every value a date alone, yet no `format: date`: the generator reads the other three too
    assert node["x-fmlint-date-layouts"] == ["rfc3339", "local", "date", "space"]
    assert "format" not in node
    put(tmp_path, {f"{folder}/at.md": page.format("2028-07-06T10:00:00Z")})
    put(tmp_path, {f"{folder}/local.md": page.format("2028-07-06T10:00:00")})
    put(tmp_path, {f"{folder}/bad.md": page.format(bad)})
    checked = run("check", "--no-cache", "--output-format", "concise", ".")
    assert checked.stdout.splitlines() == [f"{folder}/bad.md:{finding}"]


def test_init_reads_a_jekyll_site_as_yaml_1_1(run, jekyll):
    put(jekyll / "docs", pages("_posts", 6, lambda n: post(n) + "---\n"))
    for n in range(6):
        path = jekyll / f"docs/_posts/p{n}.md"
        path.write_text(path.read_text().replace("layout: post", "published: yes"))
    assert run("init").exit_code == 0
    posts = json.loads((jekyll / ".fmlint/schemas/posts.schema.json").read_text())
    assert posts["properties"]["published"]["type"] == "boolean"  # `yes` is true in YAML 1.1


@pytest.fixture
def hugo(tmp_path, monkeypatch):
    toml = 'baseURL = "https://example.org/"\n[[module.mounts]]\nsource = "content/en"\n'
    toml += 'target = "content"\n[[cascade]]\n[cascade.params]\nsearchable = true\n'
    put(tmp_path, {"hugo.toml": toml})
    fn = "+++\ntitle = 'F{n}'\nweight = {n}\ncategories = []\n[params]\nsearchable = true\n+++\n"
    put(tmp_path, pages("content/en/functions", 6, lambda n: fn.format(n=n)))
    put(tmp_path, {"content/en/functions/_index.md": "---\ntitle: Functions\n---\n"})
    put(tmp_path, {"content/en/functions/x.md": "---\ntitle: X\nweight: 9\n---\n"})
    put(tmp_path, pages("layouts/partials", 2, lambda n: "---\nx: 1\n---\n"))
    put(tmp_path, {"archetypes/default.md": "---\ntitle: {{ .Name }}\n---\n"})
    put(tmp_path, {"content/fr/ignored/p.md": "---\ntitle: not mounted\n---\n"})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_hugo_sections_of_its_mounted_content(run, hugo):
    made = run("init")
    assert made.exit_code == 0, made.stderr
    assert made.stderr.splitlines()[:3] == [
        "Hugo site (hugo.toml)",
        "layouts/: left out (2 files: templates, data or output)",
        "content/en/functions/: .fmlint/schemas/functions.schema.json (0 of 8 records fit the "
        "article schema: a schema inferred from them)",
    ]
    written = config(hugo)
    assert "yaml-version" not in written
    assert written["extend-exclude"] == ["/layouts/"]  # `archetypes/`: the walk skips it
    assert written["collections"] == {
        "content/en/functions/**": ".fmlint/schemas/functions.schema.json"
    }
    schema = json.loads((hugo / ".fmlint/schemas/functions.schema.json").read_text())
    # `_index.md` (the section's page) lacks `weight`; `categories` is often empty; `params`
    # comes from the cascade: none of them is required of a page
    assert schema["required"] == ["title"]
    assert schema["properties"]["weight"]["minimum"] == 0
    assert run("check", "--no-cache", ".").exit_code == 0


def test_zola_astro_docusaurus_eleventy_and_mkdocs_say_where_content_is(tmp_path):
    put(tmp_path / "zola", {"config.toml": 'base_url = "https://x.org"\n'})
    (tmp_path / "zola/content/blog").mkdir(parents=True)
    put(tmp_path / "astro", {"astro.config.mjs": "export default {}\n"})
    (tmp_path / "astro/src/content/docs").mkdir(parents=True)
    (tmp_path / "astro/public").mkdir()
    put(tmp_path / "docusaurus", {"docusaurus.config.js": "module.exports = {}\n"})
    for name in ("docs", "blog", "static"):
        (tmp_path / "docusaurus" / name).mkdir()
    js = 'export const config = {\n  dir: { input: "site", output: "out" },\n};\n'
    put(tmp_path / "eleventy", {"eleventy.config.js": js})
    for name in ("site/_includes", "site/_data", "out", "src"):
        (tmp_path / "eleventy" / name).mkdir(parents=True)
    put(tmp_path / "dynamic", {".eleventy.js": "module.exports = { dir: { input: x } };\n"})
    (tmp_path / "dynamic/src").mkdir()
    put(tmp_path / "mkdocs", {"mkdocs.yml": "site_name: X\ndocs_dir: pages  # ours\n"})
    (tmp_path / "mkdocs/pages").mkdir()
    found = {
        name: [
            (s.generator, s.collections, s.sections, s.excluded) for s in detect(tmp_path / name)
        ]
        for name in ("zola", "astro", "docusaurus", "eleventy", "dynamic", "mkdocs")
    }
    assert found == {
        "zola": [("Zola", (), ("content",), ())],
        "astro": [("Astro", (), ("src/content",), ("public",))],
        "docusaurus": [("Docusaurus", ("docs", "blog"), (), ("static",))],
        "eleventy": [("Eleventy", (), ("site",), ("site/_includes", "site/_data", "out"))],
        "dynamic": [("Eleventy", (), ("src",), ())],  # not a string literal: `src/`
        "mkdocs": [("MkDocs", ("pages",), (), ())],
    }


@pytest.mark.parametrize(
    "said",
    ["../outside", "/etc", "link", "missing", "a\0b"],
)
def test_a_folder_a_configuration_names_must_be_a_real_folder_inside(tmp_path, said):
    (tmp_path / "outside").mkdir()
    site = tmp_path / "site"
    put(site, {"_config.yml": f"collections_dir: {json.dumps(said)}\n"})
    (site / "link").symlink_to(tmp_path / "outside")
    (tmp_path / "outside/_posts").mkdir()
    (site / "_posts").mkdir()
    [jekyll] = detect(site)
    assert jekyll.collections == ("_posts",)  # the configuration's folder left out


def test_translations_count_once_toward_a_closed_set(run, tmp_path):
    docs = tmp_path / "src/content/docs"
    put(tmp_path, {"astro.config.mjs": "export default {}\n"})
    splash = "---\ntitle: Home {n}\ntemplate: splash\n---\n"
    for language in ("", "de/", "fr/", "ja/", "ko/", "es/", "it/", "ru/", "uk/", "da/", "hi/"):
        put(docs, {f"{language}index.mdx": splash.format(n=language)})
        put(docs, {f"{language}guide.md": "---\ntitle: Guide\ntemplate: doc\n---\n"})
    result = run("init", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    schema = json.loads((tmp_path / ".fmlint/schemas/docs.schema.json").read_text())
    assert "enum" not in schema["properties"]["template"]  # two pages, not 22 files
    assert "2 pages, their translations counted once." in schema["description"]


# ---------------------------------------------------------------- the real sites

# what `fmlint check` still reports after `fmlint init`, each judged by what the generator does
REMAINING = {
    # `date: 2023-01-29 18:30:22 2023 -0800` (a year written twice) is no error: Ruby's
    # Time.parse, which Jekyll reads dates with, reads it (the `ruby` layout), and the post is live
    "jekyll": [],
    "hugo": [],
    "zola": [],
    "starlight": [],
    "eleventy": [],  # three `---js` front matters: FM012 warnings, no error
}


@pytest.mark.skipif(not SSG.is_dir(), reason=f"the real sites are not here ({SSG}); CI has them")
@pytest.mark.parametrize("name", sorted(REMAINING))
def test_a_real_site_initialised_passes_its_sound_files(run, tmp_path, monkeypatch, name):
    site = tmp_path / name
    shutil.copytree(SSG / name, site, symlinks=True)
    monkeypatch.chdir(site)
    made = run("init")
    assert made.exit_code == 0, made.stderr
    checked = run("check", "--no-cache", "--output-format", "concise", ".")
    errors = [
        " ".join(line.split()[:2])
        for line in checked.stdout.splitlines()
        if " [warning] " not in line and line.split()[1] != "FM012"
    ]
    assert errors == REMAINING[name], checked.stdout


def test_a_site_whose_generator_names_no_records_is_mapped_by_folder(run, tmp_path):
    put(tmp_path, {"_config.yml": "title: A Jekyll site without posts\n"})
    put(tmp_path, pages("guides", 5, lambda n: f"---\ntitle: G{n}\n---\n"))
    made = run("init", str(tmp_path))
    assert made.exit_code == 0, made.stderr
    assert config(tmp_path)["collections"] == {
        "guides/**": ".fmlint/schemas/guides.schema.json"  # still where Jekyll publishes nothing
    }


def test_a_jekyll_site_mapped_by_folder_is_still_read_as_jekyll_reads_it(run, tmp_path):
    """YAML 1.1 (`published: no` is false) and Ruby's dates, in the folders' schemas too."""
    put(tmp_path, {"_config.yml": "title: A Jekyll site without posts\n"})
    guide = "---\ntitle: G{n}\npublished: no\ndate: 2016-01-{d} 17:21:50 -0800\n---\n"
    put(tmp_path, pages("guides", 5, lambda n: guide.format(n=n, d=n + 10)))
    assert run("init", str(tmp_path)).exit_code == 0
    assert config(tmp_path)["yaml-version"] == "1.1"
    schema = json.loads((tmp_path / ".fmlint/schemas/guides.schema.json").read_text())
    assert schema["properties"]["published"]["type"] == "boolean"
    assert schema["properties"]["date"]["x-fmlint-date-layouts"] == ["ruby"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("hugo.toml", "x = " + "[" * 50_000 + "]" * 50_000 + "\n"),
        ("hugo.json", "[" * 50_000 + "]" * 50_000),
        ("_config.yml", "collections: " + "[" * 5_000 + "]" * 5_000 + "\n"),
        ("_config.yml", "collections: [a\n"),
        ("eleventy.config.js", "export default { dir: {" + "dir: {" * 20_000 + "\n"),
    ],
)
def test_a_hostile_configuration_is_read_as_saying_nothing(run, tmp_path, name, text):
    put(tmp_path, {name: text})
    put(tmp_path, pages("content/a", 5, lambda n: f"---\ntitle: T{n}\n---\n"))
    made = run("init", str(tmp_path))
    assert made.exit_code == 0, made.stderr
    assert len(config(tmp_path)["collections"]) == 1


@pytest.mark.skipif(not SSG.is_dir(), reason=f"the real sites are not here ({SSG}); CI has them")
def test_an_impossible_date_planted_in_the_real_jekyll_site(run, tmp_path, monkeypatch):
    site = tmp_path / "jekyll"
    shutil.copytree(SSG / "jekyll", site, symlinks=True)
    monkeypatch.chdir(site)
    assert run("init").exit_code == 0
    post = site / "docs/_posts/2023-01-29-jekyll-3-9-3-released.markdown"
    text = post.read_text(encoding="utf-8")
    assert "date: 2023-01-29 18:30:22 2023 -0800\n" in text  # sound, as Jekyll reads it
    post.write_text(text.replace("2023-01-29 18:30:22 2023 -0800", "2023-02-30"), encoding="utf-8")
    checked = run("check", "--no-cache", "--output-format", "concise", ".")
    assert checked.stdout.splitlines() == [
        "docs/_posts/2023-01-29-jekyll-3-9-3-released.markdown:3:7: FM304 date: "
        '"2023-02-30" is no real date: February 2023 has 28 days'
    ]
