"""The engine's speed figures, each a ratio against check-jsonschema measured in the same run.

Whole commands as processes (start-up included), medians of `--repeat` runs:

1. seed-sized records (`--count`, 10,000 generated files), one core: fmlint `--jobs 1 --no-cache`
   against check-jsonschema on the same front matter as `.yaml` files;
2. the real records of `../shared/corpus/sites/` (all of them), `--jobs 2` against
   check-jsonschema, and `--jobs 2` against `--jobs 1`;
3. a warm cache, nothing changed, on the seed-sized records: files/s and the ratio;
4. one file in a fresh process (as `benchmarks/startup.py` measures it);
5. peak RSS of one run over `--memory-count` (100,000) generated files.

Beside rows 1 and 2, libyaml's parse events alone (in one process, no start-up) against the same
check-jsonschema run: what any linter that parses with libyaml pays before it checks anything.

    python benchmarks/engine.py            # the full run, several minutes
    python benchmarks/engine.py --quick    # small counts, one repeat: a smoke run
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from throughput import GENERATED, corpus, executable, extract_yaml  # noqa: E402

from validator.schema.load import bundled_schema_path  # noqa: E402
from validator.source import frontmatter  # noqa: E402

SITES = ROOT.parent / "shared" / "corpus" / "sites"
TIMES = "\u00d7"
# Both tools run from bytecode, as installed packages do: with PYTHONDONTWRITEBYTECODE set, every
# module edited since its .pyc was written would be compiled again at each start.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPATH": str(ROOT),
    "NO_COLOR": "1",
}
# the console script, as users run it (`python -m` adds runpy's ~3 ms to each start)
_SCRIPT = Path(sys.executable).with_name("fmlint")
_COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "validator"]
FMLINT = [*_COMMAND, "check", "--output-format", "concise", "--isolated"]


def seconds(argv: list[str], repeat: int, cwd: Path | None = None) -> float:
    """Median wall time of a command, in seconds."""
    spent = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, env=ENV, capture_output=True, check=False)
        spent.append(time.perf_counter() - start)
    return statistics.median(spent)


def peak_rss_mb(argv: list[str]) -> float:
    """Peak resident memory of a command and its children, in MB (Linux reports KiB)."""
    script = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", script, *argv], env=ENV, capture_output=True)
    return int(out.stdout.decode().strip() or 0) / 1024


def front_matter_files(paths: list[Path], out: Path) -> list[Path]:
    """Like `extract_yaml`, but for real records, whose file names may repeat across folders and
    whose front matter may not split (a YAML error is still a file check-jsonschema reads)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written = []
    for index, path in enumerate(paths):
        split = frontmatter.split(path.read_text(encoding="utf-8", errors="replace"))
        text = split.yaml if isinstance(split, frontmatter.FrontMatter) else ""
        target = out / f"{index:05d}.yaml"
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def events_per_second(paths: list[Path]) -> float:
    """Files per second of libyaml's parse events alone (PyYAML's C parser), in one process with
    no start-up: the floor of any libyaml-based linter, fmlint's included."""
    import yaml

    texts = [path.read_text(encoding="utf-8", errors="replace") for path in paths]
    start = time.perf_counter()
    for text in texts:
        try:
            for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
                pass
        except yaml.YAMLError:
            pass
    return len(texts) / (time.perf_counter() - start)


def _events_row(label: str, paths: list[Path], cjs_rate: float) -> str:
    rate = events_per_second(paths)
    return (
        f"| {label}: libyaml events alone, one core, no start-up | {rate:,.0f} files/s | "
        f"{cjs_rate:,.0f} files/s | {rate / cjs_rate:.1f}{TIMES} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--memory-count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.count, args.memory_count, args.repeat = 500, 2_000, 1
    cjs = executable("check-jsonschema")
    if not cjs:
        print("check-jsonschema is not installed: pip install -e '.[bench]'")
        return 2
    schema = str(bundled_schema_path())
    lines = []

    def ratio(fast: float, slow: float) -> str:
        return f"{slow / fast:.1f}{TIMES}"

    # 1. seed-sized records, one core
    seed_dir = GENERATED / f"engine-seed-{args.count}"
    seed_files = corpus(seed_dir, args.count, 0.0, 2023)
    seed_yaml = extract_yaml(seed_files, GENERATED / f"engine-seed-{args.count}-yaml")
    one = seconds([*FMLINT, "--jobs", "1", "--no-cache", str(seed_dir)], args.repeat)
    other = seconds([cjs, "--schemafile", schema, *map(str, seed_yaml)], args.repeat)
    lines.append(
        f"| seed-sized, {args.count:,} files, one core | {args.count / one:,.0f} files/s | "
        f"{args.count / other:,.0f} files/s | {ratio(one, other)} |"
    )

    # what any libyaml-based design pays before it checks anything: the events alone, in-process
    lines.append(_events_row(f"seed-sized, {args.count:,} files", seed_yaml, args.count / other))

    # 2. real records, --jobs 2 against check-jsonschema and --jobs 1
    real = sorted(SITES.glob("*/*/*.md")) if SITES.is_dir() else []
    if real:
        real_yaml = front_matter_files(real, GENERATED / "engine-real-yaml")
        folders = sorted({str(p.parent) for p in real})
        jobs2 = seconds([*FMLINT, "--jobs", "2", "--no-cache", *folders], args.repeat)
        jobs1 = seconds([*FMLINT, "--jobs", "1", "--no-cache", *folders], args.repeat)
        other = seconds([cjs, "--schemafile", schema, *map(str, real_yaml)], args.repeat)
        n = len(real)
        lines.append(
            f"| real records, {n:,} files, `--jobs 2` | {n / jobs2:,.0f} files/s | "
            f"{n / other:,.0f} files/s | {ratio(jobs2, other)} |"
        )
        lines.append(_events_row(f"real records, {n:,} files", real_yaml, n / other))
        lines.append(
            f"| real records, `--jobs 2` against `--jobs 1` | {n / jobs2:,.0f} files/s | "
            f"{n / jobs1:,.0f} files/s (`--jobs 1`) | {ratio(jobs2, jobs1)} |"
        )

    # 3. warm cache on the seed-sized records
    with tempfile.TemporaryDirectory() as cache:
        warm_argv = [*FMLINT, "--cache-dir", cache, str(seed_dir)]
        subprocess.run(warm_argv, env=ENV, capture_output=True, check=False)  # fill it
        warm = seconds(warm_argv, args.repeat)
    other = seconds([cjs, "--schemafile", schema, *map(str, seed_yaml)], args.repeat)
    lines.append(
        f"| warm cache, {args.count:,} files unchanged | {args.count / warm:,.0f} files/s | "
        f"{args.count / other:,.0f} files/s | {ratio(warm, other)} |"
    )

    # 4. one file, fresh process
    single = [*FMLINT, "--no-cache", str(seed_files[0])]
    mine = statistics.median(seconds(single, 1) for _ in range(max(5, args.repeat * 5)))
    theirs_argv = [cjs, "--schemafile", schema, str(seed_yaml[0])]
    theirs = statistics.median(seconds(theirs_argv, 1) for _ in range(max(5, args.repeat * 5)))
    lines.append(
        f"| one file, fresh process | {mine * 1000:.0f} ms | {theirs * 1000:.0f} ms | "
        f"{ratio(mine, theirs)} |"
    )

    # 5. memory over many files
    memory_dir = GENERATED / f"engine-memory-{args.memory_count}"
    corpus(memory_dir, args.memory_count, 0.01, 7)
    rss = peak_rss_mb([*FMLINT, "--no-cache", "--output-format", "json", str(memory_dir)])
    lines.append(f"| peak RSS, {args.memory_count:,} files (1 % invalid) | {rss:.0f} MB | | |")

    print(f"fmlint against check-jsonschema on this machine ({os.cpu_count()} cores), medians:\n")
    print("| measure | fmlint | check-jsonschema | ratio |")
    print("|---|---:|---:|---:|")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
