"""docs/fixing.md's sessions run as written: each `$ fmlint ...` line of a console block, in a
folder whose `posts/article.md` is the example the block is about, prints what the page shows
under it (the report, then the summary)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from .conftest import EXAMPLES
from .process import run_fmlint
from .test_docs import fenced, page

# the page's console blocks in order, each with the example its `posts/article.md` is
SESSIONS = ["FM103-wrong-type.md", "FM101-unknown-key.md"]


def session(block: str) -> list[tuple[list[str], str]]:
    """A console block as (command, what the page shows it prints) pairs."""
    steps: list[tuple[list[str], list[str]]] = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            steps.append((shlex.split(line[2:]), []))
        else:
            steps[-1][1].append(line)
    return [(command, "".join(shown).rstrip("\n") + "\n") for command, shown in steps]


def without_trailing_spaces(text: str) -> str:
    """A page keeps no space at a line's end (a diff's context line of a blank line is ` `)."""
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def test_every_session_of_the_page_is_run():
    assert len(fenced(page("fixing.md"), "console")) == len(SESSIONS)


@pytest.mark.parametrize(("index", "example"), list(enumerate(SESSIONS)), ids=SESSIONS)
def test_a_fixing_session_prints_what_the_page_shows(tmp_path: Path, index, example):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "article.md").write_bytes((EXAMPLES / "invalid" / example).read_bytes())
    steps = session(fenced(page("fixing.md"), "console")[index])
    assert steps
    for command, shown in steps:
        assert command[0] == "fmlint", command
        result = run_fmlint(*command[1:], cwd=tmp_path)
        assert without_trailing_spaces(result.stdout + result.stderr) == shown, command
