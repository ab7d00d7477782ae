"""Hostile or broken input ends in findings or one clear error line, never a traceback."""

from __future__ import annotations

import math
import os
import re
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import hostile_shapes
from tests.process import run_fmlint
from tests.test_growth import MAX_RATIO, growth

SEED_HEAD = '---\ntitle: "x"\n'


def fmlint(*args: str, cwd=None, timeout=10) -> subprocess.CompletedProcess:
    return run_fmlint(*args, cwd=cwd, timeout=timeout)


def assert_clean_failure(result, exit_code: int):
    assert result.returncode == exit_code, result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def concise(tmp_path, name: str, data: bytes) -> subprocess.CompletedProcess:
    target = tmp_path / name
    target.write_bytes(data)
    return fmlint("check", "--output-format", "concise", str(target), timeout=60)


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


_DEEP = {
    "flow": lambda n: "a: " + "[" * n + "]" * n,
    "block": lambda n: "a:\n" + "".join(" " * i + "- \n" for i in range(n)),
}


@pytest.mark.parametrize("shape", list(_DEEP))
def test_deep_nesting(tmp_path, shape):
    result = concise(tmp_path, "a.md", f"---\n{_DEEP[shape](20_000)}\n---\n".encode())
    assert_clean_failure(result, 1)
    assert ": FM010 front matter is nested" in result.stdout


@pytest.mark.parametrize("shape", list(_DEEP))
def test_deep_nesting_grows_linearly(shape):
    """Refused in time linear in the text (a ratio: no wall-clock limit on a busy machine).
    Block nesting indents each level one more: depth k is about k*k/2 characters."""
    if shape == "flow":
        assert growth(lambda k: f"---\n{_DEEP[shape](k)}\n---\n", 400_000) < MAX_RATIO
    else:
        depth = math.isqrt  # 4x the characters: twice the depth
        assert growth(lambda k: f"---\n{_DEEP[shape](depth(k))}\n---\n", 1500**2) < MAX_RATIO


# The hostile shapes of issue 11 (tests/hostile_shapes.py; their growth: tests/test_growth.py),
# through the CLI: exit 1, the findings they are built for, one well-formed line each.
_WARNINGS_ONLY = {"image-findings", "suppressions"}  # exit 0
_SHAPE_CODES = {
    "related-bad-dates": {"FM105": 2000},
    "related-bad-urls": {"FM105": 800, "FM201": 400, "FM202": 400, "FM507": 399},
    "image-findings": {"FM401": 667, "FM402": 1333, "FM403": 1047, "FM404": 1950},
    "suppressions": {"FM502": 500, "FM020": 500},
    "unclosed-quote": {"FM005": 1},
    "long-url": {"FM105": 1},
}
_LINE = re.compile(r".+:[0-9]+:[0-9]+: FM[0-9]{3} [^\n]+")


@pytest.mark.parametrize("shape", list(_SHAPE_CODES))
def test_hostile_shape(tmp_path, shape):
    n = 1_000_000 if shape == "long-url" else 2000
    result = concise(tmp_path, "a.md", hostile_shapes.SHAPES[shape](n).encode())
    assert_clean_failure(result, 0 if shape in _WARNINGS_ONLY else 1)
    lines = result.stdout.splitlines()
    assert all(_LINE.fullmatch(line) for line in lines), [
        line for line in lines if not _LINE.fullmatch(line)
    ][:3]
    codes: dict[str, int] = {}
    for line in lines:
        code = line.split(": ", 2)[1].split(" ", 1)[0]
        codes[code] = codes.get(code, 0) + 1
    assert codes == _SHAPE_CODES[shape]
    assert max(map(len, lines)) < 400  # messages quote values cut short, never a whole value


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_SCALAR = st.one_of(
    _TEXT, st.integers(-(10**6), 10**6), st.booleans(), st.none(), st.just("2023-13-45")
)
_LARGE_TEXT = st.builds(lambda piece, n: piece * n, _TEXT, st.integers(0, 20_000))


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    shape=st.sampled_from(sorted(hostile_shapes.SHAPES)),
    n=st.integers(0, 3000),
    related=st.lists(
        st.dictionaries(
            st.sampled_from(["title", "webUrl", "publishedDateTime", "images", "quality"]),
            st.one_of(_SCALAR, _LARGE_TEXT),
        ),
        max_size=300,
    ),
    extra=st.dictionaries(_TEXT, st.one_of(_SCALAR, _LARGE_TEXT), max_size=20),
)
def test_large_records_lint_cleanly(tmp_path, shape, n, related, extra):
    """Large generated records: exit 0 or 1, no traceback, every line a finding or a source
    excerpt, whatever the values hold."""
    import json

    text = hostile_shapes.SHAPES[shape](n)
    # JSON is YAML: the generated values go in as flow mappings, any character escaped
    extra_yaml = "".join(
        f"{json.dumps('x' + key)}: {json.dumps(value)}\n" for key, value in extra.items()
    )
    related_yaml = "".join(f"  - {json.dumps(entry)}\n" for entry in related)
    text = text.replace("---\nbody", f"{extra_yaml}more:\n{related_yaml or '  []'}\n---\nbody", 1)
    result = concise(tmp_path, "a.md", text.encode())
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert all(_LINE.fullmatch(line) for line in result.stdout.splitlines())


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

    from validator.run.linter import Linter

    target = tmp_path / "a.md"
    target.write_text("---\na: 1\n---\n")
    from validator.disk import safe_read

    real = safe_read.read_bytes

    def refuse(path, cap, *more):
        if Path(path).name == "a.md":
            raise PermissionError(13, "Permission denied")
        return real(path, cap, *more)

    monkeypatch.setattr(safe_read, "read_bytes", refuse)
    results = Linter().lint_paths([tmp_path])
    assert [(e.path, e.message) for e in results.errors] == [(str(target), "Permission denied")]


def test_file_vanishing_during_walk(tmp_path, monkeypatch):
    from validator.run.linter import Linter
    from validator.source import files

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
    assert_clean_failure(result, 2)  # nothing to lint is no pass
    assert result.stderr.startswith(f"fmlint: error: no files to lint in {tmp_path} (")


def test_usage_error_exits_2():
    result = fmlint("check", "--output-format", "nope")
    assert_clean_failure(result, 2)
    assert "Invalid value for '--output-format'" in result.stderr
