"""How much the HTML report costs on the real sites: time beyond the lint, and weight.

    .venv/bin/python benchmarks/report.py
    .venv/bin/python benchmarks/report.py --repeat 5 --corpus ../shared/corpus/sites

Two measures, each the median of `--repeat` runs, beside the other report formats measured in
the same run:

- whole commands (`fmlint check --no-cache --jobs 2 --output-format F -o FILE CORPUS`, start-up
  included): the html run against the json run is what the report adds to the lint;
- in one process, the results linted once: `reporters.render(F, results)` alone.

The floors (issue 15): under 3 s beyond the lint itself, under 5 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "sites"
FORMATS = ("html", "json", "sarif", "full")
FLOOR_SECONDS, FLOOR_BYTES = 3.0, 5 * 1024 * 1024


def command(corpus: Path, fmt: str, target: Path, jobs: int) -> tuple[float, float]:
    """Wall seconds, and CPU seconds (user + system, the workers included): on a machine others
    share, the wall time swings by a second; the CPU time is what the run itself costs."""
    args = [sys.executable, "-m", "validator", "check", "--no-cache", "--jobs", str(jobs)]
    args += ["--output-format", fmt, "-o", str(target), str(corpus)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"fmlint failed ({done.returncode}): {done.stderr}")
    return seconds, cpu


def lint(corpus: Path, jobs: int):
    sys.path.insert(0, str(ROOT))
    from validator.config import load
    from validator.run.linter import Linter
    from validator.run.runner import Job, iter_targets, run

    settings = load(None, isolated=True)
    linter = Linter(settings=settings)
    return run(Job(linter), iter_targets(settings, [corpus]), jobs=jobs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    if not options.corpus.is_dir():
        raise SystemExit(f"no corpus at {options.corpus}")

    from validator.reporters import render

    results = lint(options.corpus, options.jobs)
    files = results.checked
    findings = len(results.diagnostics)
    rendered = {}
    for fmt in FORMATS:
        times = []
        for _ in range(options.repeat):
            start = time.perf_counter()
            text = render(fmt, results)
            times.append(time.perf_counter() - start)
        rendered[fmt] = (statistics.median(times), len(text.encode("utf-8")))

    whole = {}
    with tempfile.TemporaryDirectory() as folder:
        times: dict[str, list] = {fmt: [] for fmt in ("json", "html", "sarif")}
        for _ in range(options.repeat):  # interleaved: a busy machine slows them alike
            for fmt in times:
                target = Path(folder) / f"report.{fmt}"
                times[fmt].append(command(options.corpus, fmt, target, options.jobs))
                wall = statistics.median(t[0] for t in times[fmt])
                cpu = statistics.median(t[1] for t in times[fmt])
                whole[fmt] = (wall, cpu, os.path.getsize(target))

    print(
        f"corpus: {options.corpus} ({files:,} files, {findings:,} findings), --jobs {options.jobs}"
    )
    print(f"median of {options.repeat} runs\n")
    print("| format | render in-process | report size | whole command: wall | CPU |")
    print("|---|---:|---:|---:|---:|")
    for fmt in FORMATS:
        seconds, size = rendered[fmt]
        run = f"{whole[fmt][0]:.2f} s | {whole[fmt][1]:.2f} s" if fmt in whole else " |"
        print(f"| {fmt} | {seconds * 1000:,.0f} ms | {size / 1024:,.0f} kB | {run} |")
    beyond = whole["html"][0] - whole["json"][0]
    beyond_cpu = whole["html"][1] - whole["json"][1]
    html_seconds, html_bytes = rendered["html"]
    print()
    print(
        f"html render / json render: {html_seconds / rendered['json'][0]:.1f}x;"
        f" html / sarif render: {html_seconds / rendered['sarif'][0]:.1f}x"
    )
    print(
        f"html beyond the lint: {beyond:+.2f} s wall, {beyond_cpu:+.2f} s CPU as whole commands"
        " (html run - json run),"
        f" {html_seconds:.2f} s rendering alone; floor {FLOOR_SECONDS:.0f} s:"
        f" {'met' if max(beyond, beyond_cpu, html_seconds) < FLOOR_SECONDS else 'NOT met'}"
    )
    size = whole["html"][2]
    print(
        f"html size: {size / 1024 / 1024:.2f} MB; floor 5 MB:"
        f" {'met' if max(size, html_bytes) < FLOOR_BYTES else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
