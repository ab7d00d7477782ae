"""How long does linting one file take, start-up included, next to `python -c pass` and
check-jsonschema on the same record?

Linting one file is what pre-commit and editors do most, and start-up dominates it. Each command
runs as a fresh process, hyperfine-style: a few untimed warm-up rounds (they also let Python
write fmlint's bytecode cache, as an installed fmlint has one), then `--runs` timed rounds in
which the commands take turns, so a noisy moment hits them all alike. Medians are compared.

    python benchmarks/startup.py             # 20 rounds
    python benchmarks/startup.py --runs 50 --imports
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from throughput import TIMES, executable  # noqa: E402

from validator.schema.load import bundled_schema_path  # noqa: E402
from validator.source import frontmatter  # noqa: E402

CLEAN = ROOT / "examples" / "valid" / "seed.md"
ONE_ERROR = ROOT / "examples" / "invalid" / "FM101-unknown-key.md"
FLOOR = 3  # fmlint must take less than 1/FLOOR of check-jsonschema's time
SKIP_CJS = "skipped: pip install check-jsonschema (it is in the bench extra)"


@dataclass(frozen=True)
class Command:
    label: str
    argv: list[str]
    exit_code: int  # what a correct run returns; a row that differs is flagged


@dataclass(frozen=True)
class Timing:
    command: Command
    median: float  # milliseconds
    low: float
    high: float
    exit_code: int


def environment() -> dict[str, str]:
    """Run as a user would: bytecode caching on, no colour, no settings from outside."""
    dropped = ("PYTHONDONTWRITEBYTECODE", "GITHUB_ACTIONS")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("FMLINT_") and key not in dropped
    }
    env["NO_COLOR"] = "1"
    return env


def workspace(directory: Path) -> tuple[str, str, str]:
    """The clean record, the same record's YAML for check-jsonschema, and a record with one
    error, copied into a folder outside the repository (so no project configuration applies)."""
    clean = directory / "2023-11-27-seed.md"
    shutil.copyfile(CLEAN, clean)
    split = frontmatter.split(clean.read_text(encoding="utf-8"))
    (directory / "2023-11-27-seed.yaml").write_text(split.yaml, encoding="utf-8")
    shutil.copyfile(ONE_ERROR, directory / "2023-03-16-one-error.md")
    return clean.name, "2023-11-27-seed.yaml", "2023-03-16-one-error.md"


def commands(md: str, yaml_file: str, bad: str) -> tuple[list[Command], list[str]]:
    python = sys.executable
    fmlint = [python, "-m", "validator", "check"]
    rows = [
        Command("python -c pass", [python, "-c", "pass"], 0),
        Command("fmlint check, clean file", [*fmlint, md], 0),
        Command("fmlint check, file with 1 error", [*fmlint, bad], 1),
    ]
    notes = []
    script = executable("fmlint")
    if script:
        rows.append(Command("fmlint script, clean file", [script, "check", md], 0))
    cjs = executable("check-jsonschema")
    if cjs:
        argv = [cjs, "--schemafile", str(bundled_schema_path()), yaml_file]
        rows.append(Command("check-jsonschema, same record", argv, 0))
    else:
        notes.append(f"check-jsonschema: {SKIP_CJS}")
    return rows, notes


def run_once(command: Command, cwd: Path, env: dict[str, str]) -> tuple[int, int]:
    """Wall time of one process in ns, and its exit code."""
    start = time.perf_counter_ns()
    code = subprocess.run(
        command.argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ).returncode
    return time.perf_counter_ns() - start, code


def measure(
    rows: list[Command], cwd: Path, env: dict[str, str], runs: int, warmup: int
) -> list[Timing]:
    """`warmup` untimed rounds, then `runs` rounds; each round runs every command once, starting
    with a different one each time."""
    for _ in range(warmup):
        for command in rows:
            run_once(command, cwd, env)
    spent: dict[str, list[int]] = {command.label: [] for command in rows}
    codes: dict[str, int] = {}
    for round_number in range(runs):
        shift = round_number % len(rows)
        for command in rows[shift:] + rows[:shift]:
            elapsed, code = run_once(command, cwd, env)
            spent[command.label].append(elapsed)
            codes[command.label] = code
    return [
        Timing(
            command,
            statistics.median(spent[command.label]) / 1e6,
            min(spent[command.label]) / 1e6,
            max(spent[command.label]) / 1e6,
            codes[command.label],
        )
        for command in rows
    ]


def imports(md: str, cwd: Path, env: dict[str, str]) -> str:
    """What a clean one-file run imports: `-X importtime`'s total and the heaviest imports."""
    argv = [sys.executable, "-X", "importtime", "-m", "validator", "check", md]
    stderr = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True).stderr
    rows = re.findall(r"import time:\s+\d+ \|\s+(\d+) \| (\S+)$", stderr, re.MULTILINE)
    top = sorted(((int(us), name) for us, name in rows), reverse=True)
    modules = len(re.findall(r"^import time:\s+\d+ \|", stderr, re.MULTILINE))
    watched = ("jsonschema", "ruamel", "click", "yaml", "jsonschema_rs", "publicsuffixlist")
    loaded = [name for name in watched if re.search(rf"\| +{re.escape(name)}$", stderr, re.M)]
    lines = [
        f"Imports of a clean one-file run (-X importtime, one run; it adds its own overhead): "
        f"{sum(us for us, _ in top) / 1000:.1f} ms in top-level imports, {modules} modules",
        f"  of {', '.join(watched)}: {', '.join(loaded) or 'none'} loaded",
    ]
    lines += [f"  {us / 1000:6.1f} ms  {name}" for us, name in top[:10]]
    return "\n".join(lines)


def table(timings: list[Timing], baseline: Timing) -> str:
    width = max(len(t.command.label) for t in timings)
    lines = [
        f"{'command':<{width}}  {'median':>9}  {'min':>9}  {'max':>9}  {'x pass':>7}  note",
    ]
    for t in timings:
        note = f"exit {t.exit_code}"
        if t.exit_code != t.command.exit_code:
            note += f" (expected {t.command.exit_code}: the row is not a fair comparison)"
        lines.append(
            f"{t.command.label:<{width}}  {t.median:>6.1f} ms  {t.low:>6.1f} ms  {t.high:>6.1f} ms"
            f"  {t.median / baseline.median:>6.1f}{TIMES}  {note}"
        )
    return "\n".join(lines)


def verdict(timings: list[Timing]) -> list[str]:
    by_label = {t.command.label: t for t in timings}
    base, clean = by_label["python -c pass"], by_label["fmlint check, clean file"]
    bad = by_label["fmlint check, file with 1 error"]
    lines = [
        f"fmlint on one clean file takes {clean.median:.1f} ms, {clean.median / base.median:.1f}"
        f"{TIMES} python -c pass ({clean.median - base.median:.1f} ms above the interpreter's "
        "own start)",
        f"one error costs {bad.median - clean.median:.1f} ms more (jsonschema is imported to "
        "explain it)",
    ]
    cjs = by_label.get("check-jsonschema, same record")
    if cjs is None:
        return [*lines, f"no floor to compare with: {SKIP_CJS}"]
    floor = cjs.median / FLOOR
    lines.append(
        f"check-jsonschema on the same record takes {cjs.median:.1f} ms: fmlint is "
        f"{cjs.median / clean.median:.1f}{TIMES} faster"
    )
    if clean.median < floor:
        lines.append(
            f"floor (1/{FLOOR} of check-jsonschema, {floor:.1f} ms): beaten by "
            f"{floor - clean.median:.1f} ms"
        )
    else:
        lines.append(
            f"floor (1/{FLOOR} of check-jsonschema, {floor:.1f} ms): NOT beaten, "
            f"{clean.median - floor:.1f} ms over"
        )
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed rounds (20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first (3)")
    parser.add_argument(
        "--imports", action="store_true", help="also list what a clean one-file run imports"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = environment()
    with tempfile.TemporaryDirectory(prefix="fmlint-startup-") as folder:
        cwd = Path(folder)
        md, yaml_file, bad = workspace(cwd)
        rows, notes = commands(md, yaml_file, bad)
        print(
            f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
            f"one process per run, {args.warmup} warm-up and {args.runs} timed rounds; "
            f"record: {CLEAN.relative_to(ROOT)} ({CLEAN.stat().st_size:,} bytes)",
            end="\n\n",
            flush=True,
        )
        timings = measure(rows, cwd, env, args.runs, max(1, args.warmup))
        print(table(timings, timings[0]))
        for note in notes:
            print(note)
        print()
        print("\n".join(verdict(timings)))
        if args.imports:
            print()
            print(imports(md, cwd, env))
    return 0


if __name__ == "__main__":
    sys.exit(main())
