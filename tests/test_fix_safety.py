"""What `--fix` may touch: only files the user may write, in the roots named, each once.

A file is replaced by renaming a new one over it, which would get round a read-only mode, hand
another user's file to whoever runs fmlint, split a hard link and follow a committed symlink out
of the repository; each is refused with one clear line (exit 2), and owner and group are kept.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .test_fix import GOLDEN
from .unprivileged import AS_NOBODY, WHY_NOT, shared_folder

ROOT = Path(__file__).resolve().parent.parent
BEFORE = (GOLDEN / "FM103-wrong-type.before.md").read_bytes()
AFTER = (GOLDEN / "FM103-wrong-type.after.md").read_bytes()
NOBODY = 65534
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="changing a file's owner needs root")


def article(folder: Path, name: str = "article.md", data: bytes = BEFORE) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def test_own_file_is_fixed(run, tmp_path):
    target = article(tmp_path)
    result = run("check", "--isolated", "--no-cache", "--fix", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == AFTER


def test_read_only_file_is_left_alone(run, tmp_path):
    target = article(tmp_path)
    target.chmod(0o444)
    result = run("check", "--isolated", "--no-cache", "--fix", str(target))
    assert result.exit_code == 2
    assert f"fmlint: error: {target}: not writable; left alone\n" in result.stderr
    assert target.read_bytes() == BEFORE
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert "Fixed" not in result.stderr
    assert leftovers(tmp_path) == []


def test_setuid_and_setgid_bits_are_dropped(run, tmp_path):
    target = article(tmp_path)
    target.chmod(0o6755)
    if not target.stat().st_mode & stat.S_ISUID:
        pytest.skip("this file system does not keep a setuid bit")
    result = run("check", "--isolated", "--no-cache", "--fix", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == AFTER
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_hard_linked_file_is_left_alone(run, tmp_path):
    target = article(tmp_path)
    other = tmp_path / "other.md"
    os.link(target, other)
    result = run("check", "--isolated", "--no-cache", "--fix", str(target))
    assert result.exit_code == 2
    assert (
        f"fmlint: error: {target}: has 2 hard links (rewriting it would split them); left alone\n"
    ) in result.stderr
    assert target.stat().st_ino == other.stat().st_ino
    assert target.read_bytes() == other.read_bytes() == BEFORE


def test_symlink_out_of_the_named_folder_is_left_alone(run, tmp_path):
    repository, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    repository.mkdir()
    elsewhere.mkdir()
    secret = article(elsewhere, "secret.md")
    (repository / "link.md").symlink_to(secret)
    own = article(repository, "own.md")
    result = run("check", "--isolated", "--no-cache", "--fix", str(repository))
    assert result.exit_code == 2
    assert f"{repository / 'link.md'}: points outside {repository}; left alone" in result.stderr
    assert secret.read_bytes() == BEFORE
    assert own.read_bytes() == AFTER


def test_symlink_named_directly_out_of_the_current_folder_is_left_alone(run, tmp_path, monkeypatch):
    repository, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    repository.mkdir()
    elsewhere.mkdir()
    secret = article(elsewhere, "secret.md")
    (repository / "link.md").symlink_to(secret)
    monkeypatch.chdir(repository)
    result = run("check", "--isolated", "--no-cache", "--fix", "link.md")
    assert result.exit_code == 2
    assert "link.md: points outside .; left alone" in result.stderr
    assert secret.read_bytes() == BEFORE


def test_symlink_inside_the_named_folder_is_followed(run, tmp_path):
    real = article(tmp_path, "real.md")
    (tmp_path / "link.md").symlink_to("real.md")
    result = run("check", "--isolated", "--no-cache", "--fix", str(tmp_path / "link.md"))
    assert result.exit_code == 0, result.stderr
    assert real.read_bytes() == AFTER


@pytest.mark.parametrize(
    "names",
    [("c.md", "c.md"), ("./c.md", "c.md"), ("c.md", "link.md"), (".", "c.md")],
    ids=["twice", "dot-slash", "symlink", "folder-and-file"],
)
def test_the_same_file_reached_twice_is_fixed_once(run, tmp_path, monkeypatch, names):
    target = article(tmp_path, "c.md")
    if "link.md" in names:
        (tmp_path / "link.md").symlink_to("c.md")
    monkeypatch.chdir(tmp_path)
    result = run("check", "--isolated", "--no-cache", "--fix", "--show-fixes", *names)
    assert result.exit_code == 0, result.stderr
    assert "changed on disk" not in result.stderr
    assert "Fixed 3 findings in 1 file.\nAll checks passed (1 file).\n" in result.stderr
    assert result.stderr.count("fixed FM103") == 3
    assert target.read_bytes() == AFTER


@needs_root
def test_root_keeps_the_owner_and_group_of_a_users_file(run, tmp_path):
    target = article(tmp_path)
    os.chown(target, NOBODY, NOBODY)
    result = run("check", "--isolated", "--no-cache", "--fix", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == AFTER
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (NOBODY, NOBODY)


@needs_root
def test_root_drops_setuid_on_a_users_file(run, tmp_path):
    target = article(tmp_path)
    os.chown(target, NOBODY, NOBODY)
    target.chmod(0o4755)
    result = run("check", "--isolated", "--no-cache", "--fix", str(target))
    assert result.exit_code == 0, result.stderr
    info = target.stat()
    assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (NOBODY, 0o755)


# --- as an unprivileged user -------------------------------------------------------------------


needs_nobody = pytest.mark.skipif(AS_NOBODY is None, reason=WHY_NOT)


@pytest.fixture
def shared():
    """A folder anyone may write (tmp_path is root's alone), removed afterwards."""
    folder = shared_folder("fmlint-fix-safety-")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def fmlint_as_nobody(folder: Path, *names: str) -> subprocess.CompletedProcess:
    code = "import sys; from validator.cli.launch import main; main(sys.argv[1:])"
    command = [*AS_NOBODY, sys.executable, "-c", code, "check", "--isolated", "--no-cache"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(folder)}
    return subprocess.run(
        [*command, "--fix", *names],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@needs_nobody
def test_unprivileged_user_fixes_own_file(shared):
    target = article(shared)
    os.chown(target, NOBODY, NOBODY)
    result = fmlint_as_nobody(shared, "article.md")
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() == AFTER
    assert (target.stat().st_uid, target.stat().st_gid) == (NOBODY, NOBODY)


@needs_nobody
def test_unprivileged_user_leaves_own_read_only_file_alone(shared):
    target = article(shared)
    os.chown(target, NOBODY, NOBODY)
    target.chmod(0o444)
    result = fmlint_as_nobody(shared, "article.md")
    assert result.returncode == 2
    assert "fmlint: error: article.md: not writable; left alone" in result.stderr
    assert target.read_bytes() == BEFORE


@needs_nobody
def test_unprivileged_user_leaves_anothers_file_in_a_writable_folder_alone(shared):
    target = article(shared)  # root's, 0644: nobody may not write it, but may write the folder
    result = fmlint_as_nobody(shared, "article.md")
    assert result.returncode == 2
    assert "fmlint: error: article.md: not writable; left alone" in result.stderr
    assert target.read_bytes() == BEFORE
    assert target.stat().st_uid == 0
    assert leftovers(shared) == []


@needs_nobody
def test_unprivileged_user_leaves_anothers_writable_file_alone(shared):
    target = article(shared)
    target.chmod(0o666)  # anyone may write it, but a rename would make it nobody's
    result = fmlint_as_nobody(shared, "article.md")
    assert result.returncode == 2
    assert "article.md: owned by another user (rewriting it would change its owner)" in (
        result.stderr
    )
    assert target.read_bytes() == BEFORE
    assert target.stat().st_uid == 0


# --- SIGTERM -----------------------------------------------------------------------------------

from .test_fix_interrupt import SLOW_FIX  # noqa: E402  (one slowed `--fix` for both)


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signals")
def test_sigterm_mid_fix_exits_130_and_leaves_no_tmp(tmp_path):
    paths = [article(tmp_path, f"article-{number}.md") for number in range(5)]
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_FIX],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not leftovers(tmp_path):
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "no temporary file ever appeared"
            time.sleep(0.005)
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
    finally:
        process.kill()
    stderr = process.stderr.read().decode("utf-8", "replace")
    assert code == 130, stderr
    assert "fmlint: interrupted" in stderr and "Traceback" not in stderr
    assert leftovers(tmp_path) == []
    assert all(path.read_bytes() in (BEFORE, AFTER) for path in paths)
