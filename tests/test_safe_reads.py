"""Every file fmlint opens is read only if it is a regular file, and only up to a cap: a FIFO or a
symlink to /dev/zero gives one clear error, never a hang or a MemoryError (issue 12)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.process import run_fmlint
from validator.disk.safe_read import UnsafeFile, read_bytes

REPO = Path(__file__).resolve().parent.parent
VALID = REPO / "examples" / "valid" / "related.md"
TIMEOUT = 60

pytestmark = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="needs FIFOs and /dev/zero"
)


def _hostile(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return run_fmlint(*args, cwd=cwd)


KINDS = ["fifo", "zero"]


def test_read_bytes_refuses_what_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(UnsafeFile, match="not a regular file"):
        read_bytes(fifo, 100)
    with pytest.raises(UnsafeFile, match="not a regular file"):
        read_bytes("/dev/zero", 100)


def test_read_bytes_refuses_beyond_the_cap(tmp_path):
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    with pytest.raises(UnsafeFile, match="larger than 100 bytes"):
        read_bytes(big, 100)
    assert read_bytes(big, 101) == b"x" * 101


@pytest.mark.parametrize("kind", KINDS)
def test_an_article_that_is_not_a_regular_file_is_one_error(tmp_path, kind):
    article = tmp_path / "a.md"
    _hostile(article, kind)
    result = _run(["check", "--isolated", str(article)], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_a_config_that_is_not_a_regular_file_exits_2(tmp_path, kind):
    config = tmp_path / "fmlint.toml"
    _hostile(config, kind)
    shutil.copy(VALID, tmp_path / "a.md")
    result = _run(["check", "--config", str(config), "a.md"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert result.stderr.endswith("fmlint.toml: not a regular file\n"), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_a_schema_that_is_not_a_regular_file_exits_2(tmp_path, kind):
    schema = tmp_path / "schema.json"
    _hostile(schema, kind)
    shutil.copy(VALID, tmp_path / "a.md")
    result = _run(["check", "--isolated", "--schema", str(schema), "a.md"], tmp_path)
    assert result.returncode == 2
    assert "not a regular file" in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_a_gitignore_that_is_not_a_regular_file_is_skipped(tmp_path, kind):
    (tmp_path / ".git").mkdir()
    _hostile(tmp_path / ".gitignore", kind)
    shutil.copy(VALID, tmp_path / "a.md")
    result = _run(["check", "--isolated", "."], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    why = "not a regular file" if kind == "fifo" else "a symbolic link"  # to /dev/zero
    assert f".gitignore: ignored: {why}" in result.stderr


# --- $ref: never outside the schema's folder, never over the network without --schema-fetch ---

_NO_NETWORK = """
import socket, sys, runpy
def refuse(*args, **kwargs):
    sys.stderr.write("CONNECT ATTEMPTED\\n")
    raise OSError("no network in this test")
socket.socket.connect = refuse
socket.getaddrinfo = refuse
sys.argv = ["fmlint", *sys.argv[1:]]
runpy.run_module("validator", run_name="__main__")
"""


def _schema_run(tmp_path: Path, schema: dict, record: str = "") -> subprocess.CompletedProcess:
    import json

    (tmp_path / "schemas").mkdir(exist_ok=True)
    path = tmp_path / "schemas" / "s.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    (tmp_path / "a.md").write_text(record or "---\ntitle: x\n---\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-c", _NO_NETWORK, "check", "--isolated", "--schema", str(path), "a.md"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def test_a_remote_ref_is_refused_without_a_connection(tmp_path):
    schema = {"properties": {"title": {"$ref": "https://example.com/title.json"}}}
    result = _schema_run(tmp_path, schema)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "CONNECT ATTEMPTED" not in result.stderr
    assert "https://example.com/title.json" in result.stderr
    assert "pass --schema-fetch (or set schema-fetch = true)" in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr


def test_a_file_ref_outside_the_folder_is_refused(tmp_path):
    for ref in ("file:///etc/passwd", "../outside.json"):
        (tmp_path / "outside.json").write_text('{"type": "string"}', encoding="utf-8")
        result = _schema_run(tmp_path, {"properties": {"title": {"$ref": ref}}})
        assert result.returncode == 2, result.stdout + result.stderr
        assert "outside the schema's folder" in result.stderr, result.stderr
        assert result.stderr.strip().count("\n") == 0, result.stderr


def test_a_ref_that_does_not_resolve_is_one_line(tmp_path):
    result = _schema_run(tmp_path, {"properties": {"title": {"$ref": "#/$defs/nope"}}})
    assert result.returncode == 2, result.stdout + result.stderr
    assert "$ref '#/$defs/nope' does not resolve" in result.stderr
    assert "internal error" not in result.stderr


def test_a_relative_ref_to_a_sibling_file_works(tmp_path):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "title.json").write_text(
        '{"$defs": {"t": {"type": "string", "maxLength": 3}}, "$ref": "#/$defs/t"}',
        encoding="utf-8",
    )
    schema = {"properties": {"title": {"$ref": "title.json"}}}
    assert _schema_run(tmp_path, schema).returncode == 0
    result = _schema_run(tmp_path, schema, "---\ntitle: too long\n---\n")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "CONNECT ATTEMPTED" not in result.stderr


# --- schema patterns that would backtrack for ever ---


def test_a_schema_pattern_with_nested_quantifiers_is_matched_in_linear_time(tmp_path):
    """`^(a+)+$` against 40,000 `a`s and a `!` takes regress (a backtracking engine) for ever;
    fmlint matches such a pattern with RE2 instead: the answer, at once."""
    schema = {"properties": {"title": {"type": "string", "pattern": "^(a+)+$"}}}
    result = _schema_run(tmp_path, schema, "---\ntitle: " + "a" * 40_000 + "!\n---\n")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FM107 title: " in result.stdout
    assert _schema_run(tmp_path, schema, "---\ntitle: aaaa\n---\n").returncode == 0
    schema = {"patternProperties": {"^(x*)*$": {"type": "integer"}}}
    result = _schema_run(tmp_path, schema, "---\nxx: no\n---\n")
    assert result.returncode == 1
    assert "FM103 xx: " in result.stdout
    assert result.stderr.count("re2") == 0  # RE2 logs nothing of its own


def test_a_nested_quantifier_that_re2_cannot_read_is_refused(tmp_path):
    schema = {"properties": {"title": {"type": "string", "pattern": "^((?=a)a+)+$"}}}
    result = _schema_run(tmp_path, schema, "---\ntitle: " + "a" * 40 + "!\n---\n")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "the schema's pattern '^((?=a)a+)+$' may take exponential time" in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr


def test_an_unambiguous_repeated_pattern_is_kept(tmp_path):
    schema = {"properties": {"title": {"type": "string", "pattern": "^[a-z]+(-[a-z]+)*$"}}}
    assert _schema_run(tmp_path, schema, "---\ntitle: a-b-c\n---\n").returncode == 0
    assert _schema_run(tmp_path, schema, "---\ntitle: a--b\n---\n").returncode == 1


@pytest.mark.parametrize(
    ("pattern", "slow"),
    [
        ("^(a+)+$", True),
        ("(a*)*", True),
        ("(\\w+\\s?)*$", True),
        ("^(?:a|b+)+$", True),
        ("(?=(a+)+)", True),
        ("^(\\d{1,3}\\.){3}\\d{1,3}$", False),
        ("^[a-z]+(-[a-z]+)*$", False),
        ("^([a-z0-9]+\\.)+[a-z]+$", False),
        ("^https?://", False),
    ],
)
def test_may_backtrack(pattern, slow):
    from validator.schema.ecma import may_backtrack

    assert may_backtrack(pattern) is slow


# --- .gitignore patterns that would backtrack for ever ---


def test_a_gitignore_pattern_with_many_wildcards_is_dropped_in_time(tmp_path):
    """`a*a*...*b` (11 stars) took 15 s against one 40-character name; 200 such names finish."""
    (tmp_path / ".git").mkdir()
    pattern = "a*" * 11 + "b"
    (tmp_path / ".gitignore").write_text(f"{pattern}\n*a*a*z.md\n", encoding="utf-8")
    record = VALID.read_bytes()
    for i in range(200):
        (tmp_path / ("a" * 36 + f"{i:03}.md")).write_bytes(record)
    (tmp_path / "xaaz.md").write_text("---\nnot: valid\n---\n", encoding="utf-8")
    result = _run(["check", "--isolated", "."], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"pattern {pattern!r} ignored: more than 3 wildcards" in result.stderr
    assert result.stderr.count("warning") == 1, result.stderr
    assert "200 files" in result.stdout + result.stderr  # the 3-wildcard pattern still applies


def test_safe_patterns_keeps_ordinary_globs():
    from validator.source.files import safe_patterns

    lines = ["*.md", "**/build/**/*.js", "# a*b*c*d*e", "", "a*b*c*d*e"]
    assert safe_patterns(lines, "x") == lines[:4]


def test_a_ref_under_a_nested_id_is_refused_without_a_connection(tmp_path):
    inner = {"$id": "https://example.com/inner.json", "$ref": "other.json"}
    result = _schema_run(tmp_path, {"properties": {"title": inner}})
    assert result.returncode == 2, result.stdout + result.stderr
    assert "CONNECT ATTEMPTED" not in result.stderr
    assert "names the remote schema https://example.com/other.json: pass --schema-fetch" in (
        result.stderr
    )
