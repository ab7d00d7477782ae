"""A pull request's tree attacks fmlint (issue 19): what it holds must not reach outside the
project, widen the network or change a verdict. Each test plants what the attack committed and
runs the real command line on it; the tree's contents are the attacker's, the command line and
the environment are the user's.

fmlint runs as the unprivileged user `nobody` where this machine allows it (`unprivileged`),
owning the project and its neighbours, so an attack that worked would really delete or write;
elsewhere as the user running the tests. Every check is on what exists afterwards, not only on
what fmlint says.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from validator.disk.trust import committed, distrust
from validator.online.answer import Answer
from validator.online.store import NAME as STORE_NAME
from validator.online.store import AnswerStore
from validator.run import cache as cache_module
from validator.run import entries

from .process import run_fmlint
from .unprivileged import AS_NOBODY, NOBODY, shared_folder

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 60
BROKEN = "---\ntitle: [unclosed\n---\n"  # FM005 in any folder, with or without a config
OLD = time.time() - 90 * 86400  # older than any cache entry may go unused

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def tmp_path():
    """The test's folder: one `nobody` may use when the tests can run fmlint as nobody."""
    folder = shared_folder("fmlint-hostile-") if AS_NOBODY else Path(tempfile.mkdtemp())
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _give_to_nobody(folder: Path) -> None:
    for path in (folder, *folder.rglob("*")):
        os.lchown(path, NOBODY, NOBODY)


def fmlint(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    if not AS_NOBODY:
        return run_fmlint(*args, cwd=cwd, env=env)
    _give_to_nobody(cwd.parent)  # the project and its neighbours: nobody could harm them
    return run_fmlint(
        *args, cwd=cwd, env={"HOME": str(cwd.parent), **(env or {})}, prefix=AS_NOBODY
    )


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "safe.directory=*", "-c", "user.name=a", "-c", "user.email=a@b.c", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )


def _old(path: Path) -> Path:
    os.utime(path, (OLD, OLD))
    return path


@pytest.fixture
def neighbour(tmp_path) -> list[Path]:
    """A sibling project's files, old enough for any pruning to take."""
    other = tmp_path / "otherproject"
    other.mkdir()
    files = [other / "README.md", other / "setup.py"]
    for path in files:
        path.write_text("mine\n")
        _old(path)
    return files


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "posts").mkdir(parents=True)
    (project / "posts" / "a.md").write_text(BROKEN)
    (project / "pages").mkdir()
    (project / "pages" / "b.md").write_text(BROKEN)
    return project


def _entries_link(project: Path) -> None:
    cache = project / ".fmlint_cache"
    cache.mkdir()
    (cache / "entries-v1").symlink_to(Path("..") / "..")  # the folder holding both projects


def _intact(neighbour: list[Path]) -> None:
    for path in neighbour:
        assert path.read_text() == "mine\n", path
    assert sorted(p.name for p in neighbour[0].parent.iterdir()) == ["README.md", "setup.py"]


@needs_git
def test_a_committed_cache_link_to_outside_prunes_nothing_and_is_not_used(tmp_path, neighbour):
    project = _project(tmp_path)
    _entries_link(project)
    git("init", "-q", cwd=project)
    git("add", "-A", "-f", cwd=project)
    git("commit", "-q", "-m", "attack", cwd=project)
    result = fmlint("check", "--output-format", "concise", "posts/", "pages/", cwd=project)
    assert result.returncode == 1, result.stderr
    assert result.stdout.count("FM005") == 2
    assert (
        "fmlint: warning: the cache folder "
        f"{project / '.fmlint_cache'} holds a symbolic link (entries-v1): it is neither read nor "
        "written"
    ) in result.stderr
    _intact(neighbour)
    assert not list((tmp_path).glob("??/*"))  # no entry written through the link


def test_a_cache_link_to_outside_prunes_nothing_outside_git_too(tmp_path, neighbour):
    project = _project(tmp_path)
    _entries_link(project)
    for _ in range(2):  # a second run finds a stamp, a hit, a prune due
        result = fmlint("check", "posts/", "pages/", cwd=project)
        assert result.returncode == 1, result.stderr
    _intact(neighbour)


def test_entries_pruned_through_a_planted_shard_link_stay(tmp_path, neighbour):
    folder = tmp_path / "cache"
    entries = folder / cache_module.ENTRIES
    entries.mkdir(parents=True)
    (entries / "ab").symlink_to(neighbour[0].parent)
    assert cache_module.prune(folder, max_age=0, max_bytes=0) == 0
    _intact(neighbour)


@pytest.mark.parametrize("name", [cache_module.STAMP, "collections-hint", STORE_NAME])
def test_a_dangling_link_in_the_cache_folder_creates_nothing_where_it_points(tmp_path, name):
    project = _project(tmp_path)
    cache = project / ".fmlint_cache"
    cache.mkdir()
    target = tmp_path / "outside" / "planted"
    target.parent.mkdir()
    (cache / name).symlink_to(target)
    for _ in range(2):
        fmlint("check", "posts/", "pages/", cwd=project)
    store = AnswerStore(cache, 86400)
    store.put("https://example.com/", "page", Answer("https://example.com/", 200))
    store.save()
    assert not target.exists()


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path):
    project = _project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / ".fmlint_cache").symlink_to(elsewhere)
    result = fmlint("check", "posts/", cwd=project)
    assert result.returncode == 1
    assert "the cache folder" in result.stderr and "is a symbolic link" in result.stderr
    assert list(elsewhere.iterdir()) == []


@needs_git
def test_a_committed_cache_is_never_believed_and_a_restored_one_is(tmp_path):
    """The same cache, once committed (a miss and one warning) and once restored untracked, as
    actions/cache leaves it (a hit): a planted clean verdict cannot hide a broken file."""
    project = _project(tmp_path)
    first = fmlint("check", "posts/", cwd=project)  # fills the cache: one file with findings
    assert first.returncode == 1
    # forge: this file's entry now says "clean", as a committed cache could
    entries = project / ".fmlint_cache" / cache_module.ENTRIES
    stored = [p for p in entries.rglob("*") if p.is_file() and len(p.parent.name) == 2]
    assert stored
    for path in stored:
        path.unlink()
        Path(f"{path}-ok").write_bytes(b"")
    restored = fmlint("check", "posts/", cwd=project)
    assert restored.returncode == 0  # untracked (restored by CI): believed, as it must be
    git("init", "-q", cwd=project)
    git("add", "-A", "-f", cwd=project)
    git("commit", "-q", "-m", "planted", cwd=project)
    attacked = fmlint("check", "posts/", cwd=project)
    assert attacked.returncode == 1, attacked.stderr
    assert "is committed to the repository: it is neither read nor written" in attacked.stderr
    assert attacked.stderr.count("fmlint: warning: the cache folder") == 1


@needs_git
@pytest.mark.parametrize("version", ["2", "3", "4"])
def test_committed_reads_every_index_version(tmp_path, version):
    project = tmp_path / "p"
    (project / ".fmlint_cache").mkdir(parents=True)
    (project / ".fmlint_cache" / "x").write_text("")
    (project / ".fmlint.toml").write_text("")
    (project / "docs" / ".fmlint_cache").mkdir(parents=True)
    (project / "docs" / ".fmlint_cache" / "y").write_text("")
    git("init", "-q", cwd=project)
    git("config", "index.version", version, cwd=project)
    git("add", "-A", "-f", cwd=project)
    git("rm", "-q", "--cached", ".fmlint.toml", cwd=project)
    assert committed(project / "nowhere") is False
    assert committed(project / "docs" / ".fmlint_cache") is True
    assert committed(project / ".fmlint_cache") is True
    assert distrust(project / ".fmlint_cache") == "is committed to the repository"
    git("rm", "-q", "-r", "--cached", ".fmlint_cache", cwd=project)
    assert committed(project / ".fmlint_cache") is False  # `docs/.fmlint_cache/y` is not it
    assert distrust(project / ".fmlint_cache") is None


def test_outside_git_nothing_is_committed(tmp_path):
    assert committed(tmp_path) is False


def test_a_forged_answer_time_is_not_fresh(tmp_path):
    answer = Answer("https://example.com/dead", 404).to_json()
    planted = {
        "format": "fmlint-online-answers-1",
        "answers": {
            "https://example.com/dead": {"time": 1e300, "kind": "page", "answer": answer},
            "https://example.com/old": {"time": 5, "kind": "page", "answer": answer},
            "https://example.com/text": {"time": "now", "kind": "page", "answer": answer},
            "https://example.com/ok": {"time": time.time(), "kind": "page", "answer": answer},
        },
        "files": {"digest": [["https://example.com/dead", "page"]]},
        "files_time": 1e300,
    }
    (tmp_path / STORE_NAME).write_text(json.dumps(planted))
    store = AnswerStore(tmp_path, 86400)
    assert store.get("https://example.com/dead", "page") is None
    assert store.get("https://example.com/old", "page") is None
    assert store.get("https://example.com/text", "page") is None
    assert store.get("https://example.com/ok", "page") is not None
    assert store.files == {}  # a file index from the future does not skip anything


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", ["fifo", "zero", "huge", "deep"])
def test_a_hostile_answers_file_is_an_empty_store_at_once(tmp_path, kind):
    path = tmp_path / STORE_NAME
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "huge":
        with open(path, "wb") as stream:
            stream.truncate(65 << 20)
    else:
        path.write_text("[" * 100_000 + "]" * 100_000)
    started = time.monotonic()
    store = AnswerStore(tmp_path, 86400)
    assert store.entries == {} and store.files == {}
    assert time.monotonic() - started < 5


def test_a_forged_entry_count_is_a_miss_at_once():
    """A 5-byte marshal body claiming 2**31 items, with a correct checksum (anyone can compute
    one): decoded, it asks for 16 GB; it must be a miss without allocating."""
    body = b"(\xff\xff\xff\x7f"
    blob = entries.MAGIC + entries.blake2b(body, digest_size=16).digest() + body
    started = time.monotonic()
    assert entries.decode(blob, "a.md") is None
    assert time.monotonic() - started < 1


def test_a_config_cannot_widen_the_network(tmp_path):
    project = _project(tmp_path)
    for written, key in (
        ("allow-private-hosts = true\n", "'allow-private-hosts'"),
        ('online = true\n[network]\nresolve = ["*=169.254.169.254"]\n', "'network'.resolve"),
    ):
        (project / ".fmlint.toml").write_text(written)
        result = fmlint("check", "posts/", cwd=project)
        assert result.returncode == 2
        assert result.stderr == (
            f"fmlint: error: {project / '.fmlint.toml'}: {key}: widens what URLs may reach, so a "
            "configuration file cannot set it: give it on the command line (or "
            "allow-private-hosts as FMLINT_ALLOW_PRIVATE_HOSTS=1)\n"
        )


def test_the_environment_can_allow_private_hosts(tmp_path):
    project = _project(tmp_path)
    result = fmlint("config", cwd=project, env={"FMLINT_ALLOW_PRIVATE_HOSTS": "1"})
    assert "allow-private-hosts = true  # environment" in result.stdout


@pytest.mark.parametrize("how", ["absolute", "dotdot", "link"])
def test_a_config_cannot_name_a_schema_outside_the_project(tmp_path, how):
    project = _project(tmp_path)
    secret = tmp_path / "creds.yml"
    secret.write_text("password: hunter2\n")
    if how == "absolute":
        written = str(secret)
    elif how == "dotdot":
        written = "../creds.yml"
    else:
        (project / "schemas").mkdir()
        (project / "schemas" / "s.yml").symlink_to(secret)
        written = "schemas/s.yml"
    for config in (
        f"schema = {json.dumps(written)}\n",
        f'[collections]\n"**" = {json.dumps(written)}\n',
    ):
        (project / ".fmlint.toml").write_text(config)
        result = fmlint("check", "posts/", cwd=project)
        assert result.returncode == 2
        assert "is outside the project" in result.stderr
        assert "hunter2" not in result.stderr + result.stdout
    given = fmlint("check", "--isolated", "--schema", str(secret), "posts/", cwd=project)
    assert "is outside the project" not in given.stderr  # the command line is trusted


def test_a_config_file_that_links_outside_the_project_is_refused(tmp_path):
    project = _project(tmp_path)
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('schema = "creds.yml"\n')
    (project / ".fmlint.toml").symlink_to(outside)
    result = fmlint("check", "posts/", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        f"fmlint: error: {project / '.fmlint.toml'}: links outside its folder; a configuration "
        "file is read only from the project itself (name another with --config)\n"
    )


def test_a_gitignore_that_links_outside_is_not_read(tmp_path):
    """A `.gitignore` linked to a private file would echo its lines in "dropped glob" warnings
    and steer the walk; git itself does not follow such a link, and neither does fmlint."""
    project = _project(tmp_path)
    secret = tmp_path / "id_rsa"
    secret.write_text("posts/\n[secret-key-line\n")
    (project / ".gitignore").symlink_to(secret)
    (project / ".git").mkdir()
    result = fmlint("check", "--output-format", "concise", ".", cwd=project)
    assert result.returncode == 1
    assert result.stdout.count("FM005") == 2  # posts/ is not ignored by the linked file
    assert "secret-key-line" not in result.stderr
    assert "fmlint: warning: .gitignore: ignored: a symbolic link\n" in result.stderr


@needs_git
def test_a_committed_public_suffix_list_is_not_read(tmp_path):
    """`FMLINT_CACHE_DIR` may name a folder in the checkout (the environment is trusted, the
    folder's contents are not): a committed parsed list (here a marshal bomb that asks for
    16 GB) is neither read nor replaced."""
    from validator.rules import suffixes

    project = _project(tmp_path)
    (project / "posts" / "a.md").write_text("---\nwebUrl: https://www.bbc.co.uk/news/a\n---\n")
    info = os.stat(suffixes._list_file())
    planted = project / ".fmlint_cache" / f"psl-{info.st_size}-{info.st_mtime_ns}.marshal"
    planted.parent.mkdir()
    planted.write_bytes(b"(\xff\xff\xff\x7f")
    git("init", "-q", cwd=project)
    git("add", "-A", "-f", cwd=project)
    git("commit", "-q", "-m", "planted", cwd=project)
    started = time.monotonic()
    result = fmlint(
        "check",
        "--isolated",
        "--select",
        "FM2",
        "posts/",
        cwd=project,
        env={"FMLINT_CACHE_DIR": str(project / ".fmlint_cache")},
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 0, result.stdout + result.stderr
    assert planted.read_bytes() == b"(\xff\xff\xff\x7f"
