"""Hostile or broken input ends in findings or one clear error line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

SEED_HEAD = '---\ntitle: "x"\n'


def fmlint(*args: str, cwd=None, timeout=10) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "validator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )


def assert_clean_failure(result, exit_code: int):
    assert result.returncode == exit_code, result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def concise(tmp_path, name: str, data: bytes) -> subprocess.CompletedProcess:
    target = tmp_path / name
    target.write_bytes(data)
    started = time.perf_counter()
    result = fmlint("check", "--output-format", "concise", str(target))
    assert time.perf_counter() - started < 5  # start-up included; the work itself is ms
    return result


def test_binary_file(tmp_path):
    result = concise(tmp_path, "a.md", b"---\n\x00\x01\x02\xff" * 100)
    assert_clean_failure(result, 1)
    assert f"{tmp_path / 'a.md'}:1:1: FM011 binary file: it contains NUL bytes" in result.stdout


def test_invalid_utf8(tmp_path):
    result = concise(tmp_path, "a.md", b'---\ntitle: "caf\xe9"\n---\n')
    assert_clean_failure(result, 1)
    assert ":2:12: FM011 not valid UTF-8: byte 0xe9" in result.stdout


def test_empty_file(tmp_path):
    result = concise(tmp_path, "a.md", b"")
    assert_clean_failure(result, 1)
    assert ":1:1: FM001 no front matter: the file is empty" in result.stdout


def test_alias_bomb(tmp_path):
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    result = concise(tmp_path, "a.md", ("\n".join([*lines, "---", ""])).encode())
    assert_clean_failure(result, 1)
    assert ": FM009 front matter expands to more than 200,000 values" in result.stdout


@pytest.mark.parametrize(
    "yaml_text",
    [
        "a: " + "[" * 20_000 + "]" * 20_000,
        "a:\n" + "".join(" " * i + "- \n" for i in range(20_000)),
    ],
)
def test_deep_nesting(tmp_path, yaml_text):
    result = concise(tmp_path, "a.md", f"---\n{yaml_text}\n---\n".encode())
    assert_clean_failure(result, 1)
    assert ": FM010 front matter is nested" in result.stdout


def test_python_tag(tmp_path):
    data = b"---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n"
    result = concise(tmp_path, "a.md", data)
    assert_clean_failure(result, 1)
    assert ":2:8: FM008 YAML tag '!!python/object/apply:os.system' is not allowed" in result.stdout
    assert not (tmp_path / "pwned").exists()


def test_missing_file(tmp_path):
    result = fmlint("check", str(tmp_path / "nope.md"))
    assert_clean_failure(result, 2)
    assert result.stderr.splitlines()[0] == (
        f"fmlint: error: {tmp_path / 'nope.md'}: no such file or directory"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a mode-000 file")
def test_unreadable_file(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("---\na: 1\n---\n")
    target.chmod(0)
    result = fmlint("check", str(target))
    assert_clean_failure(result, 2)
    assert "Permission denied" in result.stderr


def test_unreadable_file_in_process(tmp_path, monkeypatch):
    """A file that vanishes or cannot be read between the walk and the read: exit 2, one line."""
    from pathlib import Path

    from validator.linter import Linter

    target = tmp_path / "a.md"
    target.write_text("---\na: 1\n---\n")
    real = Path.read_bytes

    def refuse(self):
        if self.name == "a.md":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    results = Linter().lint_paths([tmp_path])
    assert [(e.path, e.message) for e in results.errors] == [(str(target), "Permission denied")]


def test_file_vanishing_during_walk(tmp_path, monkeypatch):
    from validator import files
    from validator.linter import Linter

    target = tmp_path / "gone.md"
    target.write_text("---\na: 1\n---\n")
    real_walk = files._walk

    def walk_then_delete(root, selection):
        for item in real_walk(root, selection):
            target.unlink()
            yield item

    monkeypatch.setattr(files, "_walk", walk_then_delete)
    results = Linter().lint_paths([tmp_path])
    assert [(e.path, e.message) for e in results.errors] == [
        (str(target), "No such file or directory")
    ]


def test_symlink_loop(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "self.md").symlink_to(tmp_path / "self.md")
    result = fmlint("check", str(tmp_path))
    assert_clean_failure(result, 0)
    assert result.stderr.strip() == "All checks passed (0 files)."


def test_usage_error_exits_2():
    result = fmlint("check", "--output-format", "nope")
    assert_clean_failure(result, 2)
    assert "Invalid value for '--output-format'" in result.stderr
