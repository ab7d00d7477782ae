"""`fmlint report --compare OLD NEW`, through the real CLI on reports the real `fmlint check`
wrote before and after an edit: a fixed finding, a new one, findings whose lines moved."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT

SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")


def fmlint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "validator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
    )


def snapshot(cwd: Path, name: str, fmt: str = "json") -> Path:
    done = fmlint(
        cwd, "check", "--no-cache", "--isolated", "--output-format", fmt, "-o", name, "_news"
    )
    assert done.returncode in (0, 1), done.stderr
    return cwd / name


@pytest.fixture
def site(tmp_path):
    news = tmp_path / "_news"
    news.mkdir()
    # a.md: FM103 on quality, FM502 on the title; b.md: FM502 on the title
    (news / "a.md").write_text(
        SEED.replace("quality: 57", 'quality: "57"').replace(
            'title: "Children', 'title: " Children'
        )
    )
    (news / "b.md").write_text(SEED.replace('title: "Children', 'title: " Children'))
    return tmp_path


def edit(site: Path) -> None:
    """Fix a.md's FM103, push its other lines down by two, and give b.md a new error."""
    a = site / "_news" / "a.md"
    a.write_text(
        a.read_text().replace('quality: "57"', "quality: 57").replace("---\n", "---\n# x\n# y\n", 1)
    )
    b = site / "_news" / "b.md"
    b.write_text(b.read_text().replace("heat: 67", 'heat: "67"'))


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_fixed_new_and_moved_findings(site, fmt):
    old = snapshot(site, f"old.{fmt}", fmt)
    edit(site)
    new = snapshot(site, f"new.{fmt}", fmt)
    done = fmlint(site, "report", "--compare", old.name, new.name)
    assert done.returncode == 1, done.stderr  # a new error
    assert done.stdout == (
        "Fixed (1):\n"
        '  _news/a.md:11:10: FM103 quality: expected an integer, got string "57" (write the number'
        " without quotes)\n"
        "New (1):\n"
        '  _news/b.md:12:7: FM103 heat: expected an integer, got string "67" (write the number'
        " without quotes)\n"
        "1 fixed, 1 new, 2 unchanged: 3 findings before, 3 now.\n"
    )
    # the title's FM502 in a.md moved from line 3 to line 5 and is unchanged
    moved = [f for f in json.loads(snapshot(site, "now.json").read_text()) if f["code"] == "FM502"]
    assert sorted((f["path"], f["line"]) for f in moved) == [("_news/a.md", 5), ("_news/b.md", 3)]


def test_the_other_way_round_and_as_json(site):
    old = snapshot(site, "old.json")
    edit(site)
    new = snapshot(site, "new.json")
    done = fmlint(site, "report", "--compare", new.name, old.name, "--output-format", "json")
    assert done.returncode == 1  # a.md's FM103 is new, seen this way
    result = json.loads(done.stdout)
    assert [(f["path"], f["code"], f["line"]) for f in result["fixed"]] == [
        ("_news/b.md", "FM103", 12)
    ]
    assert [(f["path"], f["code"], f["line"]) for f in result["new"]] == [
        ("_news/a.md", "FM103", 11)
    ]
    assert (result["unchanged"], result["before"], result["after"]) == (2, 3, 3)


def test_exit_codes(site):
    old = snapshot(site, "old.json")
    same = fmlint(site, "report", "--compare", old.name, old.name)
    assert (same.returncode, same.stdout) == (
        0,
        "0 fixed, 0 new, 3 unchanged: 3 findings before, 3 now.\n",
    )
    news = site / "_news" / "c.md"
    news.write_text(SEED.replace('title: "Children', 'title: " Children'))  # a new warning only
    new = snapshot(site, "new.json")
    assert fmlint(site, "report", "--compare", old.name, new.name).returncode == 0
    assert fmlint(site, "report", "--compare", old.name, new.name, "--strict").returncode == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[{]", "not JSON"),
        ('{"a": 1}', "neither a JSON array of findings nor a SARIF log"),
        ('[{"path": "a.md"}]', "finding 1 has no int 'line'"),
        ("[1]", "finding 1 is not an object"),
    ],
)
def test_what_is_not_a_report_is_one_line_and_exit_2(tmp_path, content, reason):
    (tmp_path / "old.json").write_text("[]")
    (tmp_path / "bad.json").write_text(content)
    done = fmlint(tmp_path, "report", "--compare", "old.json", "bad.json")
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith(
        "fmlint: error: bad.json: not a report of `fmlint check --output-format json`: "
    )
    assert reason in line
    missing = fmlint(tmp_path, "report", "--compare", "old.json", "gone.json")
    assert (missing.returncode, missing.stderr) == (
        2,
        "fmlint: error: gone.json: No such file or directory\n",
    )
