"""Every front-matter syntax the static-site generators read, end to end: what a walk takes (and
leaves to the generators), a language fmlint cannot read (FM012), empty front matter, YAML 1.1 as
Jekyll reads it, and the real sites of `shared/corpus/ssg/`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.process import run_fmlint
from validator.config import Collection, Settings
from validator.diagnostic import Span
from validator.engine import Engine
from validator.fixing import scalars
from validator.run.linter import Linter

from .conftest import SHARED

SSG = SHARED / "corpus" / "ssg"
FENCED = b"---\ntitle: x\n---\n"


def put(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def linted(root: Path, **settings) -> list[str]:
    """The files a walk of `root` lints, relative to it."""
    results = Linter(settings=Settings(root=root, **settings)).lint_paths([root])
    return sorted(Path(f.path).relative_to(root).as_posix() for f in results.files)


# ---------------------------------------------------------------- the walk


def test_the_walk_takes_every_fence_and_templates_that_open_with_one(tmp_path):
    put(
        tmp_path,
        {
            "post.md": FENCED,
            "page.njk": FENCED,
            "feed.xml": b"---\npermalink: /feed.xml\n---\n<feed/>\n",
            "data.liquid": b'---json\n{"title": "x"}\n---\n',
            "island.webc": b"---js\nconst title = 'x';\n---\n",
            "zola.md": b'\n\n+++\ntitle = "x"\n+++\n',
            "hugo.md": b'{\n  "title": "x"\n}\n',
            "layout.html": b"<!doctype html>\n",  # a template without front matter
            "shortcode.md": b"{{< note >}}\n",
            "object.html": b'{"title": "x"}\n',  # `{` opens front matter in Markdown only
        },
    )
    assert linted(tmp_path) == [
        "data.liquid",
        "feed.xml",
        "hugo.md",
        "island.webc",
        "page.njk",
        "post.md",
        "zola.md",
    ]


def test_the_generators_templates_and_output_are_left_out(tmp_path):
    put(
        tmp_path,
        {
            "_layouts/default.html": FENCED,
            "_includes/card.njk": FENCED,
            "_site/post/index.html": FENCED,
            "hugo/hugo.toml": b"",
            "hugo/archetypes/default.md": b"---\ntitle: {{ .Name }}\n---\n",
            "old/content/a.md": FENCED,
            "old/archetypes/post.md": b"---\ntitle: {{ .Name }}\n---\n",
            "notes/archetypes/kept.md": FENCED,  # no Hugo site beside it: a folder like any other
        },
    )
    assert linted(tmp_path) == ["notes/archetypes/kept.md", "old/content/a.md"]
    assert linted(tmp_path / "hugo" / "archetypes") == ["default.md"]  # named: linted


# ---------------------------------------------------------------- a language fmlint cannot read


def test_javascript_front_matter_is_reported_never_passed(tmp_path):
    put(tmp_path, {"index.webc": b"---js\nconst title = 'x';\n---\n<p>hi</p>\n"})
    result = run_fmlint(
        "check", "--no-cache", "--isolated", "--output-format", "concise", ".", cwd=tmp_path
    )
    assert result.stdout == (
        "index.webc:1:1: FM012 [warning] front matter in JavaScript (`---js`): fmlint cannot "
        "evaluate it, so none of its keys is checked\n"
    )
    assert result.stderr.startswith("Found 1 warning in 1 of 1 file; 1 file not read (FM012).\n")
    assert result.returncode == 0  # a warning, as any other


# ---------------------------------------------------------------- empty front matter


@pytest.mark.parametrize(("text", "end_line"), [("---\n---\n", 2), ("+++\n\n+++\n", 3)])
def test_empty_front_matter_is_fm003_in_article_records_only(tmp_path, text, end_line):
    article = Settings(collections=(Collection("**", "article"),), root=tmp_path)
    (found,) = Engine(settings=article).lint_text(text, str(tmp_path / "a.md")).diagnostics
    assert (found.code, found.message) == ("FM003", "front matter is empty")
    assert Span(found.line, found.column, found.end_line, found.end_column) == Span(
        1, 1, end_line, 4
    )
    page = Settings(root=tmp_path)  # no collection: its keys decide, and it has none
    assert Engine(settings=page).lint_text(text, str(tmp_path / "a.md")).diagnostics == ()


# ---------------------------------------------------------------- YAML 1.1


def test_yaml_version_1_1_reads_booleans_as_jekyll_does(tmp_path):
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"properties": {"published": {"type": "boolean"}}}))
    text = "---\npublished: no\n---\n"
    old = Engine(settings=Settings(schema=schema, root=tmp_path)).lint_text(text, "a.md")
    assert [(d.line, d.code) for d in old.diagnostics] == [(2, "FM103")]
    psych = Settings(schema=schema, root=tmp_path, yaml_version="1.1")
    assert Engine(settings=psych).lint_text(text, "a.md").diagnostics == ()


def test_a_fix_writes_what_yaml_1_1_reads_back_as_a_string():
    assert scalars.yaml_scalar("yes", "", "1.2") == "yes"
    assert scalars.yaml_scalar("yes", "", "1.1") == '"yes"'


def test_yaml_version_is_a_config_key(tmp_path):
    put(tmp_path, {".fmlint.toml": b'yaml-version = "1.1"\n'})
    shown = run_fmlint("config", cwd=tmp_path)
    config = tmp_path.resolve() / ".fmlint.toml"
    assert f'yaml-version = "1.1"  # {config}\n' in shown.stdout
    put(tmp_path, {".fmlint.toml": b'yaml-version = "1.3"\n'})
    refused = run_fmlint("check", "--no-cache", ".", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr == (
        f"fmlint: error: {config}: 'yaml-version' must be \"1.2\" or \"1.1\", not '1.3'\n"
    )


def test_yaml_version_defaults_to_1_2(tmp_path):
    shown = run_fmlint("config", "--isolated", cwd=tmp_path)
    assert 'yaml-version = "1.2"  # default\n' in shown.stdout


# ---------------------------------------------------------------- the real sites


def needs(folder: str):
    return pytest.mark.skipif(
        not (SSG / folder).is_dir(), reason=f"the shared corpus of real sites is not here ({SSG})"
    )


def site(folder: str) -> tuple[Path, object]:
    root = SSG / folder
    return root, Linter(settings=Settings(root=root)).lint_paths([root])


def relative(root: Path, results) -> list[str]:
    return [Path(f.path).relative_to(root).as_posix() for f in results.files]


@needs("zola")
def test_every_zola_page_is_read():
    root, results = site("zola/docs")
    assert len(results.files) == 180 and results.errors == ()
    assert all(path.startswith("content/") for path in relative(root, results))
    assert [d.code for d in results.diagnostics] == []


@needs("hugo")
def test_hugo_archetypes_are_no_content():
    root, results = site("hugo")
    paths = relative(root, results)
    assert paths and not any(path.startswith("archetypes/") for path in paths)
    assert not {"FM005", "FM001"} & {d.code for d in results.diagnostics}


@needs("eleventy")
def test_eleventy_templates_are_read_and_javascript_is_said():
    root, results = site("eleventy")
    paths = relative(root, results)
    assert {path.rsplit(".", 1)[1] for path in paths} == {"md", "njk", "webc"}
    assert not any("/_includes/" in path for path in paths)
    unreadable = sorted(
        Path(d.path).relative_to(root).as_posix() for d in results.diagnostics if d.code == "FM012"
    )
    assert unreadable == [
        "src/authors/author-pages.md",
        "src/docs/javascript-runtime.webc",
        "src/index.webc",
    ]


@needs("jekyll")
def test_jekyll_pages_with_empty_front_matter_are_pages():
    root, results = site("jekyll")
    paths = relative(root, results)
    assert any(path.endswith(".html") for path in paths)
    assert not any(path.split("/")[1] in ("_layouts", "_includes") for path in paths)
    assert "FM003" not in {d.code for d in results.diagnostics}
