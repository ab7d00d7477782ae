"""The documentation: the site builds with `mkdocs build --strict` and holds every code's page at
the address SARIF and the HTML report link to; every link of the README resolves; each generator's
worked example says what `fmlint init` and `fmlint check` do on a real site of that generator; the
shell completion the usage page documents works; no page sends a user to the project's shared
folders, which users do not have."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from validator.codes import all_codes
from validator.reporters import FORMATS
from validator.reporters.ruledocs import DOCS_SITE, render_rule_page, rule_page, rule_url

from .conftest import ROOT, SHARED
from .process import run_fmlint
from .test_reporters import github_anchors

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
SSG = SHARED / "corpus" / "ssg"


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def fenced(text: str, language: str) -> list[str]:
    """The fenced code blocks of `text` in `language`, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.M | re.S)


def commands(text: str) -> list[list[str]]:
    """The commands of a page's first `sh` block, each split as a shell splits it."""
    return [shlex.split(line) for line in fenced(text, "sh")[0].splitlines() if line.strip()]


# ---------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site as `mkdocs build --strict` makes it (a warning, such as a broken link or anchor or
    a page left out of the nav, fails the build), in a temporary folder."""
    if importlib.util.find_spec("mkdocs") is None:
        pytest.skip(
            "mkdocs is not installed: it comes with the dev extras (pip install -e '.[dev]')"
        )
    out = tmp_path_factory.mktemp("site")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    return out


def built_page(site: Path, url: str) -> Path:
    """The built file a URL of the documentation site is served from."""
    assert url.startswith(DOCS_SITE), url
    path = url[len(DOCS_SITE) :].split("#")[0]
    return site / path / "index.html" if not path or path.endswith("/") else site / path


def test_every_code_has_its_page_at_the_address_reports_link_to(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for code in all_codes():
        assert rule_page(code) == f"rules/{code.code}.md"
        assert rule_url(code) == f"{DOCS_SITE}rules/{code.code}/"
        html = built_page(site, rule_url(code)).read_text(encoding="utf-8")
        assert re.search(rf"<h1 id=[^>]*>{code.code} {code.name}</h1>", html), code.code
        assert f"Severity: {code.severity}." in html
        assert f"<loc>{rule_url(code)}</loc>" in sitemap  # the site's address is DOCS_SITE


def test_a_rule_page_is_the_rule_documentation_under_its_own_title():
    (code,) = [c for c in all_codes() if c.code == "FM203"]
    text = render_rule_page(code)
    assert text.startswith("# FM203 amp-cache-url\n\nSeverity: error. Fixable: safe. Runs on: ")
    assert "```yaml\n" in text  # its bad and good examples, fenced
    assert text.endswith(
        "In a terminal: `fmlint rule FM203`. [Every rule](../rules.md) on one page.\n"
    )


def test_every_written_page_is_built(site):
    for source in DOCS.rglob("*.md"):
        name = source.relative_to(DOCS).with_suffix("").as_posix()
        target = site / "index.html" if name == "index" else site / name / "index.html"
        assert target.is_file(), source


def test_mkdocs_is_in_the_dev_extras_and_ci_builds_strict():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(re.match(r"mkdocs\b", dep) for dep in project["optional-dependencies"]["dev"])
    assert ".venv/bin/mkdocs build --strict" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the README's links


def test_every_readme_link_resolves(site):
    links = re.findall(r"\]\(([^)\s]+)\)", README)
    assert len(links) > 20
    for link in links:
        if link.startswith(("http://", "https://")):  # only the documentation site's own pages
            assert built_page(site, link).is_file(), link
            continue
        path, _, anchor = link.partition("#")
        target = ROOT / path if path else ROOT / "README.md"
        assert target.is_file(), link
        if anchor:
            assert anchor in github_anchors(target.read_text(encoding="utf-8")), link


def test_no_page_names_the_shared_folders_users_do_not_have():
    for source in [ROOT / "README.md", *DOCS.rglob("*.md")]:
        text = source.read_text(encoding="utf-8")
        assert "../shared" not in text and "shared/corpus" not in text, source


def test_the_home_page_quick_start_is_the_readme_s():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    home = page("index.md").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert set(fenced(section, "sh")) == set(fenced(home, "sh")) == {"fmlint init\nfmlint check\n"}


# ---------------------------------------------------------------- the generators' worked examples


def corpus_site(name: str, tmp_path: Path) -> Path:
    """A copy of one real site of `../shared/corpus/ssg/`, pictures included (a page may name
    one), to write in."""
    source = SSG / name
    if not source.is_dir():
        pytest.skip(f"the real sites of other generators are not here ({source}); CI has them")
    return Path(shutil.copytree(source, tmp_path / "site"))


def run_page(text: str, folder: Path) -> list[subprocess.CompletedProcess]:
    """The page's two commands, as written, in the site's folder."""
    written = commands(text)
    assert written == [["fmlint", "init"], ["fmlint", "check"]]
    return [run_fmlint(*command[1:], cwd=folder) for command in written]


def shown_in_order(shown: str, printed: str) -> None:
    """Each line a page shows is a line of what was printed, in the same order."""
    lines = iter(printed.splitlines())
    for line in shown.splitlines():
        assert any(line == out for out in lines), f"not printed, or not in this order: {line}"


def says_what_init_and_check_do(text: str, folder: Path, check_code: int) -> None:
    """Run the page's two commands in `folder`: `init` prints the lines of the page's first
    console block and writes the `.fmlint.toml` of its TOML block; `check` prints the lines of
    its second console block, if any, and exits with `check_code`."""
    init, check = run_page(text, folder)
    assert init.returncode == 0, init.stderr
    printed = fenced(text, "console")
    shown_in_order(printed[0], init.stderr)
    (claimed,) = fenced(text, "toml")
    written = tomllib.loads((folder / ".fmlint.toml").read_text(encoding="utf-8"))
    assert written == tomllib.loads(claimed)
    for schema in written["collections"].values():
        assert (folder / schema).is_file(), schema
    if len(printed) > 1:
        shown_in_order(printed[1], check.stdout)
    assert check.returncode == check_code, check.stderr
    assert "fmlint: error" not in check.stderr


@pytest.mark.parametrize(
    ("name", "corpus", "check_code"),
    [
        ("jekyll", "jekyll/docs", 0),  # "passes": the date with its year twice is Ruby's
        ("hugo", "hugo", 0),
        ("zola", "zola/docs", 0),  # "lints the site's 180 pages and passes"
        ("starlight", "starlight/docs", 0),  # "lints the 338 pages and passes"
        ("eleventy", "eleventy", 0),  # three warnings
    ],
)
def test_a_generator_page_says_what_init_and_check_do_on_a_real_site(
    tmp_path, name, corpus, check_code
):
    folder = corpus_site(corpus, tmp_path)
    says_what_init_and_check_do(page(f"generators/{name}.md"), folder, check_code)


def test_the_hugo_page_s_archetypes_are_left_out_of_a_walk(tmp_path):
    folder = corpus_site("hugo", tmp_path)
    walked = run_fmlint("check", "--output-format", "concise", cwd=folder)
    assert "archetypes/" not in walked.stdout + walked.stderr
    named = run_fmlint("check", "--output-format", "concise", "archetypes/default.md", cwd=folder)
    assert named.returncode == 1
    assert named.stdout.startswith("archetypes/default.md:2:9: FM005 ")


def test_the_docusaurus_page_s_layout_gets_what_it_shows(tmp_path):
    """No Docusaurus site is among the real ones: the classic template's layout, five docs and five
    posts, a page in `src/pages/` and a README."""
    site = tmp_path / "site"
    (site / "docs" / "tutorial-basics").mkdir(parents=True)
    (site / "blog").mkdir()
    (site / "src" / "pages").mkdir(parents=True)
    (site / "docusaurus.config.js").write_text("export default {title: 'My Site'};\n")
    (site / "README.md").write_text("# Website\n")
    for n in range(1, 6):
        (site / "docs" / "tutorial-basics" / f"doc-{n}.mdx").write_text(
            f"---\nsidebar_position: {n}\ntitle: Doc {n}\n---\n\n# Doc {n}\n"
        )
        (site / "blog" / f"2024-0{n}-01-post-{n}.md").write_text(
            f"---\nslug: post-{n}\ntitle: Post {n}\nauthors: [alice]\ntags: [hello]\n---\n\nText.\n"
        )
    (site / "src" / "pages" / "markdown-page.md").write_text("---\ntitle: A page\n---\n\n# Hi\n")
    says_what_init_and_check_do(page("generators/docusaurus.md"), site, 0)


# ---------------------------------------------------------------- shell completion


@pytest.fixture
def on_path(tmp_path) -> dict:
    """An environment whose `fmlint` on PATH is this checkout's (as an installed one would be)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "fmlint"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m validator "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", PYTHONPATH=str(ROOT))


def completion_lines() -> list[str]:
    section = page("usage.md").split("## Shell completion", 1)[1]
    return [line.split("  #")[0].strip() for line in fenced(section, "sh")[0].splitlines()]


def test_the_bash_completion_line_completes_commands_options_and_formats(on_path):
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    (line,) = [line for line in completion_lines() if "bash_source" in line]
    assert line == 'eval "$(_FMLINT_COMPLETE=bash_source fmlint)"'

    def complete(*words: str) -> list[str]:
        script = (
            f"{line}\nCOMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
            f"COMP_CWORD={len(words) - 1}\n_fmlint_completion fmlint\n"
            'printf "%s\\n" "${COMPREPLY[@]}"\n'
        )
        done = subprocess.run(
            ["bash", "--norc", "-c", script],
            env=on_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("fmlint", "ch") == ["check"]
    assert "--output-format" in complete("fmlint", "check", "--out")
    assert complete("fmlint", "check", "--output-format", "") == list(FORMATS)


def test_the_zsh_and_fish_lines_print_their_scripts(on_path):
    lines = completion_lines()
    assert lines[1:] == [
        'eval "$(_FMLINT_COMPLETE=zsh_source fmlint)"',
        "_FMLINT_COMPLETE=fish_source fmlint > ~/.config/fish/completions/fmlint.fish",
    ]
    for shell, opening in (("zsh", "#compdef fmlint"), ("fish", "function _fmlint_completion")):
        env = dict(on_path, _FMLINT_COMPLETE=f"{shell}_source")
        done = subprocess.run(["fmlint"], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stdout.startswith(opening), done.stdout[:200]
