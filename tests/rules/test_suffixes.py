"""`validator.rules.suffixes` answers as publicsuffixlist does, and keeps the parsed list cached."""

from __future__ import annotations

import re
from pathlib import Path

import publicsuffixlist
import pytest

from validator.rules import suffixes, urls
from validator.source.frontmatter import FrontMatter, split

from ..conftest import CORPUS, EXAMPLES, needs_corpus

REFERENCE = publicsuffixlist.PublicSuffixList(accept_unknown=False)
OURS = suffixes.parse()


def agree(host: str) -> None:
    assert (OURS.publicsuffix(host), OURS.privatesuffix(host)) == (
        REFERENCE.publicsuffix(host),
        REFERENCE.privatesuffix(host),
    ), host


def test_parsed_from_the_library_not_its_fallback():
    assert isinstance(OURS, suffixes.SuffixList)
    assert len(OURS.rules) > 5000 and OURS.depth >= 3


def test_the_lists_own_test_cases():
    cases = Path(publicsuffixlist.__file__).with_name("test_psl.txt").read_text(encoding="utf-8")
    hosts = re.findall(r"^checkPublicSuffix\('([^']*)'", cases, re.MULTILINE)
    assert len(hosts) > 60
    for host in hosts:
        agree(host)


def test_every_rule_itself_and_below_it():
    for rule in OURS.rules:
        base = rule.lstrip("!").removeprefix("*.")
        for host in (base, f"x.{base}", f"y.x.{base}", base.upper() + ".", f".{base}"):
            agree(host)


def test_known_answers():
    assert OURS.privatesuffix("www.bbc.co.uk") == "bbc.co.uk"
    assert OURS.publicsuffix("www.bbc.co.uk") == "co.uk"
    assert OURS.privatesuffix("co.uk") is None  # a public suffix itself
    assert OURS.publicsuffix("example.invalidtld") is None  # an unknown top-level domain
    assert OURS.privatesuffix("a.b.city.kawasaki.jp") == "city.kawasaki.jp"  # an exception rule
    assert OURS.privatesuffix("a.b.kawasaki.jp") == "a.b.kawasaki.jp"  # a wildcard rule


def _hosts(paths) -> set[str]:
    found = set()
    for path in paths:
        split_ = split(path.read_text(encoding="utf-8", errors="replace"))
        if not isinstance(split_, FrontMatter):
            continue
        for url in re.findall(r"https?://[^\s\"'/?#]+", split_.yaml):
            parsed = urls.parse(url)
            if not isinstance(parsed, str):
                found.add(parsed.host)
    return found


def test_every_host_of_the_examples():
    hosts = _hosts(EXAMPLES.rglob("*.md"))
    assert len(hosts) > 20
    for host in hosts:
        agree(host)


@needs_corpus
def test_every_host_of_the_corpus():
    hosts = _hosts(CORPUS.parent.rglob("*.md"))  # news, the sites, the other collections
    assert len(hosts) > 1000
    for host in hosts:
        agree(host)


def test_load_keeps_the_parsed_list_in_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("FMLINT_CACHE_DIR", str(tmp_path))
    first = suffixes.load()
    (stored,) = tmp_path.glob("psl-*.marshal")
    assert (first.rules, first.depth) == (OURS.rules, OURS.depth)

    def no_parsing():
        raise AssertionError("parsed again instead of reading the cache")

    monkeypatch.setattr(suffixes, "parse", no_parsing)
    again = suffixes.load()
    assert (again.rules, again.depth) == (OURS.rules, OURS.depth)

    stored.write_bytes(b"\x00not marshal")  # a corrupt cache: parsed again, still right
    monkeypatch.undo()
    monkeypatch.setenv("FMLINT_CACHE_DIR", str(tmp_path))
    repaired = suffixes.load()
    assert (repaired.rules, repaired.depth) == (OURS.rules, OURS.depth)
    assert stored.read_bytes() != b"\x00not marshal"


def test_a_read_only_cache_folder_still_answers(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("FMLINT_CACHE_DIR", str(blocked))
    loaded = suffixes.load()
    assert loaded.privatesuffix("www.bbc.co.uk") == "bbc.co.uk"


@pytest.mark.parametrize("host", ["", ".", "a..b", "com"])
def test_names_without_a_registrable_domain(host):
    agree(host)
    assert OURS.privatesuffix(host) is None


def test_the_list_file_is_the_imported_packages():
    expected = Path(publicsuffixlist.__file__).with_name("public_suffix_list.dat")
    assert Path(suffixes._list_file()).resolve() == expected.resolve()
