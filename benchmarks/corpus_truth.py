"""How true is fmlint on real data? Per site of the shared corpus: files, files with errors,
errors, warnings per file (overall and by code), and the CLI's speed.

Each site (`news/`, `sites/diablo4/_news`, `sites/coronavirus/_news`; `_games` is not article
records and is left out) is linted by one `fmlint check --output-format json` subprocess with the
site's own config file (its `published`/`heat` threshold), start-up included. Prints Markdown
tables for the README.

    python benchmarks/corpus_truth.py
    python benchmarks/corpus_truth.py --repeat 3 --corpus ../shared/corpus
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

# site -> (folder under the corpus, published/heat threshold of the site)
SITES = {
    "news": ("news", 70),
    "diablo4": ("sites/diablo4/_news", 70),
    "coronavirus": ("sites/coronavirus/_news", 100),
}


@dataclass(frozen=True)
class SiteRun:
    site: str
    files: int
    findings: list
    seconds: float  # median wall time of one CLI run

    def by(self, severity: str) -> collections.Counter:
        return collections.Counter(f["code"] for f in self.findings if f["severity"] == severity)

    @property
    def files_with_errors(self) -> int:
        return len({f["path"] for f in self.findings if f["severity"] == "error"})


def run_site(site: str, folder: Path, threshold: int, repeat: int, scratch: Path) -> SiteRun:
    config = scratch / f"{site}.fmlint.toml"
    config.write_text(f"[consistency]\npublished-heat = {threshold}\n", encoding="utf-8")
    command = [sys.executable, "-m", "validator", "check", "--output-format", "json"]
    command += ["--config", str(config), str(folder)]
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    times, stdout = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=scratch, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(f"{site}: `{' '.join(command)}` exited {done.returncode}:\n{done.stderr}")
        stdout = done.stdout
    files = len(list(folder.glob("*.md")))
    return SiteRun(site, files, json.loads(stdout), statistics.median(times))


def _per_file(n: int, files: int) -> str:
    return f"{n / files:.3f}" if files else "-"


def render(runs: list[SiteRun]) -> str:
    out = [
        "| site | files | files with errors | errors | warnings | warnings/file "
        "| CLI run (s) | files/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        errors, warnings = sum(r.by("error").values()), sum(r.by("warning").values())
        out.append(
            f"| {r.site} | {r.files:,} | {r.files_with_errors:,} | {errors:,} | {warnings:,} "
            f"| {_per_file(warnings, r.files)} | {r.seconds:.2f} | {r.files / r.seconds:,.0f} |"
        )
    total_files = sum(r.files for r in runs)
    total_seconds = sum(r.seconds for r in runs)
    errors = sum(sum(r.by("error").values()) for r in runs)
    warnings = sum(sum(r.by("warning").values()) for r in runs)
    with_errors = sum(r.files_with_errors for r in runs)
    out.append(
        f"| **all** | {total_files:,} | {with_errors:,} | {errors:,} | {warnings:,} "
        f"| {_per_file(warnings, total_files)} | {total_seconds:.2f} "
        f"| {total_files / total_seconds:,.0f} |"
    )
    for severity, unit in (("warning", "count (per file)"), ("error", "errors (count)")):
        codes = sorted({code for r in runs for code in r.by(severity)})
        out += ["", f"{severity.capitalize()}s by code, {unit}:", ""]
        if not codes:
            out.append(f"(no {severity}s)")
            continue
        out.append("| code | " + " | ".join(r.site for r in runs) + " |")
        out.append("|---|" + "---:|" * len(runs))
        for code in codes:
            if severity == "warning":
                cells = [
                    f"{r.by(severity)[code]:,} ({_per_file(r.by(severity)[code], r.files)})"
                    for r in runs
                ]
            else:
                cells = [f"{r.by(severity)[code]:,}" for r in runs]
            out.append(f"| {code} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus")
    parser.add_argument("--repeat", type=int, default=1, help="timed CLI runs per site (median)")
    args = parser.parse_args(argv)
    runs = []
    with tempfile.TemporaryDirectory(prefix="fmlint-truth-") as scratch:
        for site, (relative, threshold) in SITES.items():
            folder = args.corpus / relative
            if not folder.is_dir():
                print(f"skipped {site}: {folder} is not here", file=sys.stderr)
                continue
            runs.append(run_site(site, folder, threshold, max(1, args.repeat), Path(scratch)))
    if not runs:
        print(f"no site of the corpus found under {args.corpus}", file=sys.stderr)
        return 2
    thresholds = ", ".join(f"{site} {SITES[site][1]}" for site in (r.site for r in runs))
    print(f"fmlint on the real corpus, one CLI run per site (published-heat: {thresholds}):\n")
    print(render(runs), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
