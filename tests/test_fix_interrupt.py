"""A `--fix` interrupted by Ctrl-C or SIGTERM leaves every article whole and no `.tmp` behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from validator.fixing import edits as fix

from .test_fix import GOLDEN

ROOT = Path(__file__).resolve().parent.parent
BEFORE = (GOLDEN / "FM502-surrounding-whitespace-title.before.md").read_bytes()
AFTER = (GOLDEN / "FM502-surrounding-whitespace-title.after.md").read_bytes()
FILES = 6
TIMEOUT = 30.0

# `fmlint check --fix .` with each fsync slowed down, so that a signal lands while a temporary
# file is there: a real process, as an editor or a hook runner stops it.
SLOW_FIX = """
import os, sys, time
real = os.fsync
def slow(fd):
    time.sleep(0.4)
    real(fd)
os.fsync = slow
from validator.cli.launch import main
main(["check", "--isolated", "--no-cache", "--fix", "."])
"""


def _articles(folder: Path) -> list[Path]:
    paths = []
    for number in range(FILES):
        path = folder / f"article-{number}.md"
        path.write_bytes(BEFORE)
        paths.append(path)
    return paths


def _leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def _assert_whole(paths: list[Path]) -> int:
    """Every article is as it was or fully fixed; returns how many were fixed."""
    contents = [path.read_bytes() for path in paths]
    assert all(data in (BEFORE, AFTER) for data in contents)
    return sum(data == AFTER for data in contents)


def test_an_exception_while_writing_removes_the_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "article.md"
    target.write_bytes(BEFORE)

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(fix.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fix.write_atomic(target, AFTER, BEFORE)
    assert os.listdir(tmp_path) == ["article.md"]
    assert target.read_bytes() == BEFORE


def test_ctrl_c_while_fixing_in_process_exits_130_and_leaves_no_tmp(run, tmp_path, monkeypatch):
    paths = _articles(tmp_path)

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(fix.os, "fsync", interrupted)
    monkeypatch.chdir(tmp_path)
    result = run("check", "--isolated", "--no-cache", "--fix", ".")
    assert result.exit_code == 130
    assert "fmlint: interrupted" in result.stderr
    assert _leftovers(tmp_path) == []
    assert _assert_whole(paths) == 0


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_mid_write_leaves_no_tmp_file(tmp_path, signum):
    paths = _articles(tmp_path)
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_FIX],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not _leftovers(tmp_path):  # a temporary file is being written (and fsynced)
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "no temporary file ever appeared"
            time.sleep(0.005)
        process.send_signal(signum)
        code = process.wait(timeout=TIMEOUT)
    finally:
        process.kill()
    stderr = process.stderr.read().decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert code == 130 and "fmlint: interrupted" in stderr  # SIGTERM is handled like Ctrl-C
    assert _leftovers(tmp_path) == []
    fixed = _assert_whole(paths)
    assert 1 <= fixed < FILES  # the file being written when the signal came was finished
