"""The runner: the same findings, byte for byte, whatever `--jobs` and whatever the cache holds;
streaming; the progress bar; Ctrl-C; small runs stay in-process."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest

from validator.config import Settings
from validator.rules import RuleOptions
from validator.run import runner
from validator.run.linter import Linter

from .conftest import CORPUS, EXAMPLES, ROOT, SHARED, needs_corpus

NOW = datetime(2024, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
SITES = SHARED / "corpus" / "sites"
BIG = EXAMPLES / "valid" / "seed.md"


@pytest.fixture
def frozen(monkeypatch):
    """A fixed clock (FM301 quotes it), which forked workers inherit."""
    monkeypatch.setattr(RuleOptions, "clock", lambda self: self.now or NOW)


def outputs(run, paths, *flags):
    """stdout, stderr and exit code of the full and the json report."""
    got = []
    for fmt in ("full", "json"):
        result = run("check", "--isolated", "--output-format", fmt, *flags, *map(str, paths))
        got.append((fmt, result.exit_code, result.stdout, result.stderr))
    return got


def modes(tmp_path, every: bool = True):
    """(name, flags): without the cache at 1 and 2 jobs, then cold and warm caches."""
    one, two = tmp_path / "cache-1", tmp_path / "cache-2"
    found = [
        ("no cache, -j2", ("--no-cache", "--jobs", "2")),
        ("cold, -j1", ("--cache-dir", str(one), "--jobs", "1")),
        ("warm, -j1", ("--cache-dir", str(one), "--jobs", "1")),
        ("warm from -j1, -j2", ("--cache-dir", str(one), "--jobs", "2")),
        ("cold, -j2", ("--cache-dir", str(two), "--jobs", "2")),
        ("warm, -j2", ("--cache-dir", str(two), "--jobs", "2")),
        ("warm from -j2, -j1", ("--cache-dir", str(two), "--jobs", "1")),
    ]
    if not every:  # each cache written at one N and read at the other
        found = [found[i] for i in (0, 1, 3, 4, 6)]
    return found


def assert_same_everywhere(run, tmp_path, paths, every: bool = True):
    expected = outputs(run, paths, "--no-cache", "--jobs", "1")
    assert any(code == 1 for _, code, _, _ in expected)
    for name, flags in modes(tmp_path, every):
        assert outputs(run, paths, *flags) == expected, name


def test_examples_same_findings_whatever_jobs_and_cache(run, tmp_path, frozen):
    assert len(list(EXAMPLES.rglob("*.md"))) >= runner.SERIAL_BELOW  # -j2 does use the pool
    assert_same_everywhere(run, tmp_path, [EXAMPLES])


@needs_corpus
def test_corpus_same_findings_whatever_jobs_and_cache(run, tmp_path, frozen):
    sites = sorted(SITES.glob("*/_news"))
    if not sites:
        pytest.skip(f"no site records under {SITES}")
    assert_same_everywhere(run, tmp_path, [CORPUS, *sites], every=False)


def test_warm_cache_lints_nothing_again(run, tmp_path, frozen, monkeypatch):
    cache = tmp_path / "cache"
    first = run("check", "--isolated", "--cache-dir", str(cache), "--jobs", "1", str(EXAMPLES))
    linted = []
    original = Linter.lint_bytes
    monkeypatch.setattr(
        Linter,
        "lint_bytes",
        lambda self, data, path: linted.append(path) or original(self, data, path),
    )
    again = run("check", "--isolated", "--cache-dir", str(cache), "--jobs", "1", str(EXAMPLES))
    assert (again.stdout, again.exit_code) == (first.stdout, first.exit_code)
    # only the file FM301 judges (a date in the future) is linted again, and those whose
    # pictures the rules looked up in the site (FM407, FM408: a picture can change on its own)
    assert [os.path.basename(p) for p in linted] == [
        "FM301-date-in-future.md",
        "FM407-picture-file-missing.md",
        "FM408-picture-file-size-wrong.md",
    ]


def test_jobs_from_the_environment(run, tmp_path, frozen, monkeypatch):
    expected = run("check", "--isolated", "--no-cache", "-j", "1", str(EXAMPLES))
    monkeypatch.setenv("FMLINT_JOBS", "2")
    assert run("check", "--isolated", "--no-cache", str(EXAMPLES)).stdout == expected.stdout
    monkeypatch.setenv("FMLINT_JOBS", "many")
    assert run("check", "--isolated", "--no-cache", str(EXAMPLES)).exit_code == 2


def test_lean_launcher_reads_the_runner_flags():
    from validator.cli.launch import lean_options

    options = lean_options(["check", "-j2", "--no-cache", "--cache-dir", "c", "a.md"])
    assert (options.jobs, options.no_cache, str(options.cache_dir)) == (2, True, "c")
    assert options.paths == ("a.md",)
    assert lean_options(["check", "--jobs=3", "a.md"]).jobs == 3
    assert lean_options(["check", "--jobs", "x", "a.md"]) is None  # click words the error


def test_default_jobs_are_the_cores_this_process_may_use():
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert runner.default_jobs() == expected


def test_a_small_run_starts_no_pool(monkeypatch, frozen):
    def no_pool(*args):
        raise AssertionError("a pool for a few files")

    monkeypatch.setattr(runner, "_pool", no_pool)
    linter = Linter()
    targets = list(runner.iter_targets(linter.settings, [EXAMPLES / "invalid"]))[:10]
    results = runner.run(runner.Job(linter), targets, jobs=2)
    assert 0 < results.checked <= 10 and not results.errors


def copies(folder, count, source=BIG):
    folder.mkdir(parents=True, exist_ok=True)
    data = source.read_bytes()
    for i in range(count):
        (folder / f"{i:05}.md").write_bytes(data)
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_streaming_keeps_only_files_with_findings_and_a_bounded_window(tmp_path, jobs, frozen):
    folder = copies(tmp_path / "many", 600)
    linter = Linter()
    pulled = 0

    def targets():
        nonlocal pulled
        for target in runner.iter_targets(linter.settings, [folder]):
            pulled += 1
            yield target

    done, lead = 0, 0

    def progress(count):
        nonlocal done, lead
        done += count
        lead = max(lead, pulled - done)

    results = runner.run(runner.Job(linter), targets(), jobs=jobs, progress=progress)
    assert (results.checked, results.files, results.errors) == (600, (), ())
    assert done == 600
    bound = runner.SERIAL_BELOW + (jobs * runner.WINDOW + 1) * runner.CHUNK
    assert lead <= bound  # the walk is not read ahead of the results without limit


def test_settings_travel_to_workers_with_their_rule_options():
    from validator.rules.fm301_date_in_future import FUTURE_SKEW

    settings = Settings(options=RuleOptions({"future-skew-hours": 5}, now=NOW))
    restored = runner.restore(pickle.loads(pickle.dumps(runner.portable(settings))))
    assert restored.options.value(FUTURE_SKEW).total_seconds() == 5 * 3600
    assert restored.options.now == NOW
    assert restored == settings


def test_progress_bar_across_workers(run, tmp_path, monkeypatch, frozen):
    from validator.cli import check as checking

    folder = copies(tmp_path / "many", 100)
    monkeypatch.setattr(checking, "_show_progress", lambda count: True)
    seen = []
    original = runner.run

    def spy(job, targets, **kwargs):
        progress = kwargs["progress"]
        kwargs["progress"] = lambda n: seen.append(n) or progress(n)
        return original(job, targets, **kwargs)

    monkeypatch.setattr(runner, "run", spy)
    result = run(
        "check", "--isolated", "--no-cache", "-j", "2", "--output-format", "concise", str(folder)
    )
    assert "Linting" in result.stderr
    assert sum(seen) == 100


def die(chunk):
    os._exit(3)


def test_a_dead_worker_stops_the_run(monkeypatch, tmp_path, frozen):
    folder = copies(tmp_path / "many", 200)
    monkeypatch.setattr(runner, "_lint_chunk", die)
    linter = Linter()
    with pytest.raises(runner.WorkerDied):
        runner.run(runner.Job(linter), runner.iter_targets(linter.settings, [folder]), jobs=2)


def test_ctrl_c_ends_a_parallel_run_with_130_and_no_traceback(tmp_path):
    source = max(
        (p for p in SITES.glob("*/_news/*.md")), key=lambda p: p.stat().st_size, default=BIG
    )
    folder = copies(tmp_path / "many", 3000, source)
    cache, report = tmp_path / "cache", tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FMLINT_")}
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "validator", "check", "--isolated", "--jobs", "2"),
            *("--cache-dir", str(cache), "--output-format", "json", "-o", str(report), str(folder)),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not (cache / "entries-v1").is_dir() and time.monotonic() < deadline:
        time.sleep(0.05)  # the workers are linting once they write the cache
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    text = stderr.decode()
    assert process.returncode == 130, text
    assert "Traceback" not in text
    assert "interrupted" in text
    assert not report.exists()  # no report, and never half of one
    from validator.run.entries import intact

    entries = [p for p in (cache / "entries-v1").rglob("*") if p.is_file()]
    results = [p for p in entries if not p.name.endswith(("-ok", ".tmp")) and "." not in p.name]
    assert all(intact(p.read_bytes()) for p in results)  # whole, or not there


def test_one_file_imports_no_pool_machinery(tmp_path):
    from .test_startup import CLEAN, imported_modules, loaded

    code, modules = imported_modules(tmp_path, CLEAN)
    assert code == 0
    assert "validator.run.cache" in modules  # the cache is used: a hash and one small read
    for heavy in ("multiprocessing", "concurrent", "hashlib", "tempfile", "threading"):
        assert loaded(modules, heavy) == [], heavy


def test_the_parent_answers_hits_and_a_warm_run_starts_no_pool(tmp_path, frozen, monkeypatch):
    from validator.run.cache import Cache, run_key

    folder = tmp_path / "mixed"
    folder.mkdir()
    bad = (EXAMPLES / "invalid" / "FM101-unknown-key.md").read_bytes()
    for i in range(400):  # clean and failing files, so hits and misses interleave
        (folder / f"{i:04}.md").write_bytes(bad if i % 7 == 0 else BIG.read_bytes())
    linter = Linter()

    def lint(jobs, cache_dir=None):
        cache = None
        if cache_dir is not None:
            cache = Cache(cache_dir, run_key(linter.settings, linter.schema.schema))
        targets = runner.iter_targets(linter.settings, [folder])
        return runner.run(runner.Job(linter, cache), targets, jobs=jobs)

    expected = lint(1)
    cache_dir = tmp_path / "cache"
    assert lint(2, cache_dir).files == expected.files  # cold: the workers lint and store
    for i in range(0, 400, 3):  # a third of the files change: misses among hits
        path = folder / f"{i:04}.md"
        path.write_bytes(path.read_bytes() + b"\n")
    expected = lint(1)
    again = lint(2, cache_dir)
    assert (again.files, again.checked) == (expected.files, 400)
    assert again.cached == 400 - len(range(0, 400, 3))

    def no_pool(*args):
        raise AssertionError("a pool for a warm run")

    monkeypatch.setattr(runner, "_pool", no_pool)
    warm = lint(2, cache_dir)
    assert (warm.files, warm.cached) == (expected.files, 400)
