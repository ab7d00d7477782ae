"""Time and peak memory of `fmlint check` on each hostile shape of issue 11, at 10 MB each.

    .venv/bin/python benchmarks/hostile.py              # every shape, 10 MB each
    .venv/bin/python benchmarks/hostile.py --mb 2 --format full suppressions

Each shape (tests/hostile_shapes.py) is written to a temporary file, scaled to the size asked for
(each part padded so that the record stays under the document's value budget, 200,000 values),
and linted by one fresh `python -m validator check` process with the cache off. Printed per
shape: file size, findings (output lines), exit code, wall time (start-up included) and the
process's peak resident memory (`ru_maxrss` of that child, from `os.wait4`). The goal: under
5 s and 500 MB each. Never run in the test suite.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile_shapes import SHAPES  # noqa: E402

# parts per shape and the padding of each part, for about 10 MB (scaled by --mb)
FULL = {
    "related-bad-dates": (12_000, 560),
    "related-bad-urls": (12_000, 560),
    "image-findings": (45_000, 150),
    "suppressions": (12_000, 540),
    "unclosed-quote": (5_000_000, 0),
    "long-url": (5_000_000, 0),
}


def build(shape: str, megabytes: float) -> str:
    parts, pad = FULL[shape]
    return SHAPES[shape](int(parts * megabytes / 10), pad)


def run(path: Path, output_format: str) -> tuple[float, float, int, int]:
    env = {**os.environ, "FMLINT_NO_CACHE": "1"}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "validator", "check", "--output-format", output_format, path],
            stdout=out,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - started
        out.seek(0)
        lines = sum(1 for _ in out)
    return elapsed, usage.ru_maxrss / 1024, process.returncode, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shapes", nargs="*", help=f"some of: {', '.join(FULL)} (all)")
    parser.add_argument("--mb", type=float, default=10.0, help="front matter size (10 MB)")
    parser.add_argument("--format", default="concise", help="output format (concise)")
    args = parser.parse_args()
    unknown = sorted(set(args.shapes) - set(FULL))
    if unknown:
        parser.error(f"unknown shapes: {', '.join(unknown)}")
    print(f"| shape | size | output lines | exit | time | peak memory |  ({args.format})")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for shape in args.shapes or FULL:
            path = Path(folder) / f"{shape}.md"
            path.write_text(build(shape, args.mb), encoding="utf-8")
            size = path.stat().st_size / 1e6
            elapsed, peak, code, lines = run(path, args.format)
            row = (
                shape,
                f"{size:.1f} MB",
                f"{lines:,}",
                code,
                f"{elapsed:.2f} s",
                f"{peak:.0f} MB",
            )
            print("| " + " | ".join(map(str, row)) + " |", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
