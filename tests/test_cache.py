"""The cache: where it lives, what invalidates it, that a bad entry is a miss, that FM301 is never
served stale, that two runs can share it, pruning and `fmlint clean`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

import validator
from validator.rules import RuleOptions
from validator.run import cache as cachemod
from validator.run import entries as codec
from validator.run import volatile
from validator.run.linter import Linter

from .conftest import EXAMPLES, ROOT

SEED = EXAMPLES / "valid" / "seed.md"
BAD = EXAMPLES / "invalid" / "FM101-unknown-key.md"
NOW = datetime(2024, 6, 1, 12, 0, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves: `clock[0] = ...`."""
    now = [NOW]
    monkeypatch.setattr(RuleOptions, "clock", lambda self: now[0])
    return now


@pytest.fixture
def linted(monkeypatch):
    """The paths the engine lints (the cache answers the others)."""
    seen: list[str] = []
    original = Linter.lint_bytes

    def spy(self, data, path):
        seen.append(os.path.basename(path))
        return original(self, data, path)

    monkeypatch.setattr(Linter, "lint_bytes", spy)
    return seen


@pytest.fixture
def project(tmp_path, monkeypatch, clock):
    folder = tmp_path / "project"
    (folder / "posts").mkdir(parents=True)
    shutil.copyfile(SEED, folder / "posts" / "seed.md")
    shutil.copyfile(BAD, folder / "posts" / "bad.md")
    monkeypatch.chdir(folder)
    monkeypatch.delenv("FMLINT_CACHE_DIR", raising=False)
    monkeypatch.delenv("FMLINT_NO_CACHE", raising=False)
    return folder


def check(run, *args):
    return run("check", "--output-format", "concise", "-j", "1", *args)


def test_beside_the_config_file_with_its_own_gitignore(run, project, monkeypatch):
    (project / ".fmlint.toml").write_text("ignore = []\n")
    monkeypatch.chdir(project / "posts")
    assert check(run, ".").exit_code == 1
    folder = project / ".fmlint_cache"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")
    assert not (project / "posts" / ".fmlint_cache").exists()


def test_in_the_current_folder_without_config_or_where_told(run, project, monkeypatch, tmp_path):
    check(run, "--isolated", "posts")
    assert (project / ".fmlint_cache" / ".gitignore").is_file()
    check(run, "--cache-dir", str(tmp_path / "given"), "posts")
    assert (tmp_path / "given" / ".gitignore").is_file()
    monkeypatch.setenv("FMLINT_CACHE_DIR", str(tmp_path / "env"))
    check(run, "posts")
    assert (tmp_path / "env" / ".gitignore").is_file()


def test_no_cache_fix_diff_and_stdin_write_no_cache(run, project, monkeypatch):
    check(run, "--no-cache", "posts")
    monkeypatch.setenv("FMLINT_NO_CACHE", "1")
    check(run, "posts")
    monkeypatch.delenv("FMLINT_NO_CACHE")
    check(run, "--diff", "posts")
    check(run, "--fix", "posts")
    run("check", "-", "--stdin-filename", "x.md", input=BAD.read_bytes())
    assert not (project / ".fmlint_cache").exists()


def test_a_warm_run_is_answered_by_the_cache(run, project, linted):
    first = check(run, "posts")
    assert sorted(linted) == ["bad.md", "seed.md"]
    linted.clear()
    again = check(run, "posts")
    assert linted == []
    assert (again.stdout, again.stderr, again.exit_code) == (first.stdout, first.stderr, 1)


def test_a_changed_file_is_linted_again(run, project, linted):
    check(run, "posts")
    linted.clear()
    post = project / "posts" / "seed.md"
    post.write_text(post.read_text().replace("heat: ", "heat: 7", 1))
    result = check(run, "posts")
    assert linted == ["seed.md"]
    assert result.stdout == check(run, "--no-cache", "posts").stdout


def test_a_changed_setting_is_a_miss(run, project, linted):
    check(run, "posts")
    linted.clear()
    result = check(run, "--ignore", "FM101", "posts")
    assert sorted(linted) == ["bad.md", "seed.md"]
    assert "FM101" not in result.stdout
    linted.clear()
    (project / ".fmlint.toml").write_text("[dates]\nfuture-skew-hours = 5\n")
    check(run, "posts")
    assert sorted(linted) == ["bad.md", "seed.md"]  # a rule option counts too


def test_a_changed_schema_is_a_miss(run, project, linted):
    schema = project / "schema.json"
    shutil.copyfile(ROOT / "schemas" / "article.schema.json", schema)
    check(run, "--schema", str(schema), "posts")
    linted.clear()
    check(run, "--schema", str(schema), "posts")
    assert linted == []
    schema.write_text(schema.read_text().replace('"required": [', '"required": ["extra", ', 1))
    result = check(run, "--schema", str(schema), "posts")
    assert sorted(linted) == ["bad.md", "seed.md"]
    assert "extra" in result.stdout


def test_a_new_version_is_a_miss(run, project, linted, monkeypatch):
    check(run, "posts")
    linted.clear()
    monkeypatch.setattr(validator, "__version__", "99.0.0")
    check(run, "posts")
    assert sorted(linted) == ["bad.md", "seed.md"]


def test_per_file_ignores_are_part_of_the_key(run, project, linted, monkeypatch):
    (project / ".fmlint.toml").write_text('[per-file-ignores]\n"posts/bad.md" = ["FM101"]\n')
    assert check(run, "posts").exit_code == 0
    shutil.copytree(project / "posts", project / "other")
    linted.clear()
    assert check(run, "other").exit_code == 1  # same bytes, other path: FM101 again
    assert linted == ["bad.md", "seed.md"]


def entries(folder):
    return sorted(
        p
        for p in (folder / cachemod.ENTRIES).rglob("*")
        if p.is_file() and p.parent.name != "entries-v1"
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],
        lambda b: b"",
        lambda b: b"\x00" * len(b),
        lambda b: b[:-1] + b"!",
    ],
    ids=["truncated", "empty", "zeros", "flipped"],
)
def test_a_corrupt_entry_is_a_miss(run, project, linted, damage):
    first = check(run, "posts")
    folder = project / ".fmlint_cache"
    dirty = [p for p in entries(folder) if not p.name.endswith("-ok")]
    assert dirty
    for entry in dirty:
        entry.write_bytes(damage(entry.read_bytes()))
    linted.clear()
    again = check(run, "posts")
    assert (again.stdout, again.exit_code) == (first.stdout, first.exit_code)
    assert linted == ["bad.md"]
    linted.clear()
    check(run, "posts")
    assert linted == []  # rewritten whole


def test_entries_round_trip_with_fixes_and_quoted_lines():
    result = Linter().lint_bytes(BAD.read_bytes(), "x.md")
    assert result.diagnostics
    back = codec.decode(codec.encode(result), "x.md")
    assert back == result and back.lines == result.lines
    assert [d.fix for d in back.diagnostics] == [d.fix for d in result.diagnostics]
    assert codec.decode(codec.encode(result), "y.md") is None  # another file's entry
    import marshal

    body = marshal.dumps(("x.md", "not a tuple of diagnostics", ()))
    forged = b"FMC1" + cachemod.blake2b(body, digest_size=16).digest() + body
    assert codec.decode(forged, "x.md") is None


def dated(path, moment: datetime):
    text = SEED.read_text()
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    path.write_text(re.sub(r"(?m)^publishedDateTime: .*$", f"publishedDateTime: {stamp}", text))


def test_fm301_is_never_served_stale(run, project, linted, clock):
    posts = project / "posts"
    (posts / "bad.md").unlink()
    dated(posts / "soon.md", NOW + timedelta(days=2))
    dated(posts / "seed.md", NOW - timedelta(days=400))
    first = check(run, "posts")
    assert "soon.md" in first.stdout and "FM301" in first.stdout
    stored = entries(project / ".fmlint_cache")
    assert len(stored) == 1  # the past record only: the other's verdict changes with the clock
    clock[0] = NOW + timedelta(days=5)  # the date is now in the past
    linted.clear()
    later = check(run, "posts")
    assert "FM301" not in later.stdout and later.exit_code == 0
    assert linted == ["soon.md"]  # linted anew; the past record came from the cache
    assert len(entries(project / ".fmlint_cache")) == 2  # its date is past now: stored
    linted.clear()
    assert check(run, "--ignore", "FM301", "posts").exit_code == 0
    check(run, "--ignore", "FM301", "posts")
    assert linted == ["seed.md", "soon.md"]  # other settings, other entries
    assert len(entries(project / ".fmlint_cache")) == 4


def test_what_the_clock_could_change():
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    changes = volatile.changes_with_clock
    assert changes(b"publishedDateTime: 2026-12-05T00:00:00Z", now)
    assert changes(b"publishedDateTime: 2026-11-30T00:00:00Z", now)  # time zones: a margin
    assert not changes(b"publishedDateTime: 2026-11-20T00:00:00Z\nx: 1999-01-01", now)
    assert changes(b'publishedDateTime: "\\x32030-01-01T00:00:00Z"', now)  # an escaped digit
    assert changes(b'publishedDateTime: "2030-01-\\\n  01T00:00:00Z"', now)  # a joined line
    assert not changes(b'title: "it\\u2019s"', now)
    assert not changes(b"n: 12026-12-05", now)


def test_two_concurrent_runs_share_a_cache(tmp_path):
    folder = tmp_path / "posts"
    shutil.copytree(EXAMPLES, folder)
    for i in range(150):
        shutil.copyfile(SEED, folder / f"copy-{i}.md")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FMLINT_")}
    base = [sys.executable, "-m", "validator", "check", "--isolated", "--output-format", "json"]

    def start(*flags):
        return subprocess.Popen(
            [*base, *flags, str(folder)], cwd=tmp_path, env=env, stdout=subprocess.PIPE
        )

    def normal(out: bytes) -> str:  # FM301 quotes the clock
        return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(now, [^)]*\)", "NOW", out.decode())

    expected = normal(start("--no-cache", "-j", "1").communicate(timeout=120)[0])
    cache = str(tmp_path / "shared")
    for _ in range(2):  # cold, both writing; then warm, both reading
        runs = [start("--cache-dir", cache, "-j", "2"), start("--cache-dir", cache, "-j", "1")]
        outs = [process.communicate(timeout=120)[0] for process in runs]
        assert [normal(out) for out in outs] == [expected, expected]
        assert [process.returncode for process in runs] == [1, 1]


def test_pruning_removes_unused_entries_then_the_oldest(run, project):
    check(run, "posts")
    folder = project / ".fmlint_cache"
    stored = entries(folder)
    assert len(stored) == 2
    assert cachemod.prune(folder) == 0  # all fresh
    old = time.time() - 40 * 86400
    dirty = next(p for p in stored if not p.name.endswith("-ok"))
    os.utime(dirty, (old, old))
    (dirty.parent / "left.1.ab.tmp").write_bytes(b"half")
    os.utime(dirty.parent / "left.1.ab.tmp", (old, old))
    assert cachemod.prune(folder) == 2
    assert len(entries(folder)) == 1
    check(run, "posts")
    assert cachemod.prune(folder, max_bytes=1) == 2  # over the size cap: the oldest go first
    assert entries(folder) == []


def test_clean_removes_the_cache(run, project, tmp_path):
    check(run, "posts")
    assert (project / ".fmlint_cache").is_dir()
    result = run("clean")
    assert result.exit_code == 0
    assert not (project / ".fmlint_cache").exists()
    assert run("clean").exit_code == 0  # nothing to remove is fine


def test_clean_leaves_what_fmlint_did_not_write(run, project, tmp_path):
    given = tmp_path / "mine"
    given.mkdir()
    (given / "notes.txt").write_text("keep me")
    (given / ".gitignore").write_text("build/\n")
    check(run, "--cache-dir", str(given), "posts")
    run("clean", "--cache-dir", str(given))
    assert sorted(p.name for p in given.iterdir()) == [".gitignore", "notes.txt"]
    assert (given / ".gitignore").read_text() == "build/\n"


def test_an_unwritable_cache_is_no_error(run, project, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = check(run, "--cache-dir", str(blocker / "cache"), "posts")
    assert result.exit_code == 1
    assert "bad.md" in result.stdout


def test_a_future_date_is_stored_when_fm301_does_not_run(run, project, linted):
    dated(project / "posts" / "seed.md", NOW + timedelta(days=2))
    check(run, "--ignore", "FM301", "posts")
    linted.clear()
    check(run, "--ignore", "FM301", "posts")
    assert linted == []


def test_entries_with_findings_share_one_pack(tmp_path):
    result = Linter().lint_bytes(BAD.read_bytes(), "x.md")
    cache = cachemod.Cache(tmp_path / "c", b"k" * 20)
    keys = [cache.key(f"{i}.md", BAD.read_bytes()) for i in range(3)]
    for key in keys:
        cache.put(key, result)
    assert entries(tmp_path / "c") == [] if (tmp_path / "c").exists() else True  # held
    cache.flush()
    stored = entries(tmp_path / "c")
    assert len(stored) == 3 and len({p.stat().st_ino for p in stored}) == 1
    assert all(codec.intact(p.read_bytes()) for p in stored)
    reader = cachemod.Cache(tmp_path / "c", b"k" * 20)
    assert reader.lookup(keys[1], "x.md") == result
    assert reader.lookup(keys[1], "y.md") is None  # another file's entry
    stored[0].write_bytes(stored[0].read_bytes()[:-3])  # every entry of the pack is cut short
    assert not codec.intact(stored[1].read_bytes())
    assert cachemod.Cache(tmp_path / "c", b"k" * 20).lookup(keys[2], "x.md") is None
