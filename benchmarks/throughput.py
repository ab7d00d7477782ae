"""How fast is fmlint, stage by stage and end to end, next to the obvious alternatives?

One process, one core. Per-stage rows time each file on its own (`perf_counter_ns`) over a sample
of the corpus, after a warm-up, and keep the median over `--repeat` runs; end-to-end rows time
`Linter().lint_paths` over the whole generated corpus. Whole tools (check-jsonschema, yamllint,
the fmlint CLI) run as subprocesses on a subset, start-up included.

    python benchmarks/throughput.py --count 10000
    python benchmarks/throughput.py --quick
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import yaml  # noqa: E402

from validator.run.linter import Linter  # noqa: E402
from validator.schema.checker import SchemaChecker  # noqa: E402
from validator.schema.load import bundled_schema_path, load_schema  # noqa: E402
from validator.source import document, frontmatter  # noqa: E402
from validator.source.files import Target, discover  # noqa: E402

GENERATED = HERE / "_generated"
STAMP = ".corpus.json"
TIMES = "\u00d7"  # the multiplication sign, spelled out for ruff's RUF001
SKIP_TOOLS = "skipped: pip install check-jsonschema yamllint"


@dataclass(frozen=True)
class Row:
    """One line of the table: median µs per file and files per second (None when not measured)."""

    label: str
    micros: float | None
    per_second: float | None
    note: str = ""


# ---------------------------------------------------------------- corpus


def corpus(directory: Path, count: int, invalid_fraction: float, seed: int) -> list[Path]:
    """The corpus at `directory`, regenerated only when its parameters or the generator changed."""
    wanted = {
        "count": count,
        "invalid_fraction": invalid_fraction,
        "seed": seed,
        "generator": hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest(),
        "source": hashlib.sha256(generate.SEED_RECORD.read_bytes()).hexdigest(),
    }
    stamp = directory / STAMP
    paths = sorted(directory.glob("*.md")) if directory.is_dir() else []
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted and len(paths) == count:
        return paths
    paths = sorted(generate.generate(directory, count, invalid_fraction, seed))
    stamp.write_text(json.dumps(wanted))
    return paths


def sample(paths: list[Path], size: int) -> list[Path]:
    """Every k-th file, so a sample spans the whole corpus rather than its first names."""
    if size >= len(paths):
        return list(paths)
    step = len(paths) / size
    return [paths[int(i * step)] for i in range(size)]


# ---------------------------------------------------------------- timing


def time_each(fn: Callable[[Any], Any], items: list, repeat: int, warmup: int) -> Row:
    """Median over repeats of (median per-item µs, items per second), after `warmup` calls."""
    for item in items[:warmup]:
        fn(item)
    medians, rates = [], []
    clock = time.perf_counter_ns
    for _ in range(repeat):
        spent = []
        for item in items:
            start = clock()
            fn(item)
            spent.append(clock() - start)
        medians.append(statistics.median(spent) / 1_000)
        rates.append(len(items) * 1e9 / sum(spent))
    return Row("", statistics.median(medians), statistics.median(rates))


def time_whole(fn: Callable[[], Any], files: int, repeat: int) -> tuple[Row, Any]:
    """Median wall time of `fn()` over `repeat` runs, as µs per file and files per second."""
    results, runs = None, []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        results = fn()
        runs.append(time.perf_counter_ns() - start)
    spent = statistics.median(runs)
    return Row("", spent / files / 1_000, files * 1e9 / spent), results


def labelled(row: Row, label: str, note: str = "") -> Row:
    return Row(label, row.micros, row.per_second, note)


# ---------------------------------------------------------------- stages


def ruamel_loader(typ: str) -> tuple[Any, str]:
    """A ruamel.yaml instance, or None and why: `pure=False` falls back to Python silently."""
    try:
        from ruamel.yaml import YAML
    except ImportError as error:
        return None, f"ruamel.yaml not importable ({error})"
    if typ == "rt":
        return YAML(typ="rt"), ""
    try:
        import _ruamel_yaml  # noqa: F401  (the module that ruamel.yaml.clib installs)
    except ImportError as error:
        return None, f"ruamel.yaml.clib not importable ({error}): pip install ruamel.yaml.clib"
    loader = YAML(typ="safe", pure=False)
    if "CParser" not in getattr(loader.Parser, "__name__", ""):
        return None, f"ruamel.yaml chose {loader.Parser!r}, not its C parser"
    return loader, ""


def libyaml_events(text: str) -> None:
    for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
        pass


def stage_rows(paths: list[Path], schema: dict, repeat: int, warmup: int) -> list[Row]:
    """Each pipeline stage timed alone, on inputs prepared by the stage before it."""
    texts = [p.read_bytes().decode("utf-8") for p in paths]
    splits = [frontmatter.split(t) for t in texts]
    yamls = [s.yaml for s in splits]
    values = [document.parse(s.yaml, s.line_offset).value for s in splits]
    checker = SchemaChecker(schema)
    reference = checker.reference
    fast = checker._fast
    rows = [
        labelled(
            time_each(lambda p: frontmatter.split(p.read_bytes().decode()), paths, repeat, warmup),
            "read + split front matter",
        ),
        labelled(time_each(libyaml_events, yamls, repeat, warmup), "libyaml events only"),
        labelled(
            time_each(lambda t: yaml.compose(t, Loader=yaml.CSafeLoader), yamls, repeat, warmup),
            "PyYAML C compose (node tree)",
        ),
    ]
    for typ, label in (("safe", "ruamel.yaml safe load, C parser"), ("rt", "ruamel.yaml rt load")):
        loader, why = ruamel_loader(typ)
        if loader is None:
            rows.append(Row(label, None, None, f"skipped: {why}"))
        else:
            rows.append(labelled(time_each(loader.load, yamls, repeat, warmup), label))
    rows += [
        labelled(
            time_each(lambda s: document.parse(s.yaml, s.line_offset), splits, repeat, warmup),
            "fmlint document.parse",
        ),
        labelled(
            time_each(lambda v: list(reference.iter_errors(v)), values, repeat, warmup),
            "jsonschema iter_errors + FormatChecker",
        ),
        labelled(time_each(fast.is_valid, values, repeat, warmup), "jsonschema-rs is_valid"),
        labelled(time_each(checker.check, values, repeat, warmup), "fmlint SchemaChecker.check"),
    ]
    return rows


# ---------------------------------------------------------------- end to end


def lint_arguments(directory: Path, files: list[Path]) -> tuple[list, str]:
    """`[directory]` when fmlint's walk finds every file, else the file list and why.

    The walk honours .gitignore, and `benchmarks/_generated/` is git-ignored: a corpus there is
    invisible to `lint_paths([dir])`, so the files are then named one by one.
    """
    found = sum(1 for t in discover([directory]) if isinstance(t, Target))
    if found == len(files):
        return [directory], "lint_paths([corpus_dir])"
    note = (
        f"lint_paths([corpus_dir]) finds {found} of {len(files)} files (the walk honours "
        ".gitignore); timing lint_paths(<every file path>) instead"
    )
    return list(files), note


def lint_rows(directory: Path, files: list[Path], repeat: int, label: str) -> tuple[Row, str]:
    """fmlint end to end over the whole corpus, with a warm-up run; notes the finding count."""
    arguments, how = lint_arguments(directory, files)
    linter = Linter()
    linter.lint_paths(arguments)  # warm-up: imports, page cache, lazily built validators
    row, results = time_whole(lambda: linter.lint_paths(arguments), len(files), repeat)
    findings = len(results.diagnostics)
    touched = sum(1 for f in results.files if f.diagnostics)
    note = f"{len(results.files)} files linted, {findings} findings in {touched} files"
    if results.errors:
        note += f", {len(results.errors)} file errors"
    return labelled(row, label, note), how


def locate_ruamel(data: Any, path: Iterable) -> tuple[int, int]:
    """1-based line and column of the value at `path` in a ruamel round-trip tree."""
    line, column, node = 0, 0, data
    for part in path:
        lc = getattr(node, "lc", None)
        if lc is None:
            break
        if isinstance(part, int):
            line, column = lc.item(part)
        else:
            line, column = lc.value(part)
        node = node[part]
    return line + 1, column + 1


def naive_lint(path: Path, loader: Any, validator: Any) -> list[str]:
    """The obvious pipeline: round-trip load, validate, place each error by ruamel's positions."""
    split = frontmatter.split(path.read_text(encoding="utf-8"))
    data = loader.load(split.yaml)
    out = []
    for error in validator.iter_errors(data):
        line, column = locate_ruamel(data, error.absolute_path)
        out.append(f"{path}:{line + split.line_offset}:{column}: {error.message}")
    return out


def naive_row(files: list[Path], schema: dict) -> Row:
    """ruamel rt + jsonschema over the same files, one timed run (it is the slow one)."""
    loader, _ = ruamel_loader("rt")
    validator = SchemaChecker(schema).reference
    for path in files[:20]:
        naive_lint(path, loader, validator)
    row, reports = time_whole(
        lambda: [naive_lint(p, loader, validator) for p in files], len(files), 1
    )
    errors = sum(len(r) for r in reports)
    touched = sum(1 for r in reports if r)
    note = f"1 run; {errors} errors in {touched} files"
    if touched:
        note += " (ruamel turns unquoted timestamps into datetimes: 'not of type string')"
    return labelled(row, "ruamel rt + jsonschema, per file", note)


# ---------------------------------------------------------------- whole tools


def executable(name: str) -> str | None:
    """The tool in this interpreter's bin/ first (a venv need not be activated), then PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.is_file() else shutil.which(name)


def extract_yaml(files: list[Path], out: Path) -> list[Path]:
    """The front matter of each file as its own .yaml file, as check-jsonschema wants."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written = []
    for path in files:
        target = out / (path.stem + ".yaml")
        target.write_text(frontmatter.split(path.read_text(encoding="utf-8")).yaml)
        written.append(target)
    return written


def run_tool(label: str, command: list[str], files: int, repeat: int) -> Row:
    """Median wall time of a whole command (start-up included), per file."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}

    def once() -> int:
        return subprocess.run(command, capture_output=True, env=env, check=False).returncode

    row, code = time_whole(once, files, repeat)
    return labelled(row, label, f"exit {code}")


def tool_rows(files: list[Path], repeat: int) -> tuple[list[Row], list[str]]:
    """fmlint CLI, check-jsonschema and yamllint as processes on the same subset."""
    yamls = extract_yaml(files, GENERATED / "tools-yaml")
    n = len(files)
    fmlint = [sys.executable, "-m", "validator", "check", "--output-format", "concise"]
    rows = [run_tool(f"fmlint CLI, {n} files", [*fmlint, *map(str, files)], n, repeat)]
    notes = []
    cjs, yl = executable("check-jsonschema"), executable("yamllint")
    if cjs:
        command = [cjs, "--schemafile", str(bundled_schema_path()), *map(str, yamls)]
        rows.append(run_tool(f"check-jsonschema, {n} .yaml files", command, n, repeat))
    if yl:
        command = [yl, "-f", "parsable", "-d", "relaxed", *map(str, yamls)]
        rows.append(run_tool(f"yamllint (relaxed), {n} .yaml files", command, n, repeat))
    if not (cjs and yl):
        missing = [name for name, exe in (("check-jsonschema", cjs), ("yamllint", yl)) if not exe]
        notes.append(f"{', '.join(missing)}: {SKIP_TOOLS}")
    return rows, notes


# ---------------------------------------------------------------- report


def table(title: str, rows: list[Row]) -> str:
    width = max(len(r.label) for r in rows)
    lines = [title, f"{'stage':<{width}}  {'µs/file':>9}  {'files/s':>9}  note"]
    for row in rows:
        if row.micros is None:
            lines.append(f"{row.label:<{width}}  {'-':>9}  {'-':>9}  {row.note}")
        else:
            micros, rate = f"{row.micros:,.1f}", f"{row.per_second:,.0f}"
            lines.append(f"{row.label:<{width}}  {micros:>9}  {rate:>9}  {row.note}".rstrip())
    return "\n".join(lines)


def ratio(fast: Row | None, slow: Row | None, sentence: str) -> str:
    """`sentence` with its N.Nx filled in from two rows, or why it cannot be."""
    if fast is None or slow is None or fast.micros is None or slow.micros is None:
        return sentence.replace("N.Nx", "?" + TIMES) + " (not measured)"
    return sentence.replace("N.Nx", f"{slow.micros / fast.micros:.1f}{TIMES}")


def find(rows: list[Row], start: str) -> Row | None:
    return next((r for r in rows if r.label.startswith(start)), None)


def header(args: argparse.Namespace, files: list[Path], stage_files: int) -> str:
    import jsonschema_rs
    import ruamel.yaml

    size = sum(p.stat().st_size for p in files) / len(files)
    versions = (
        f"PyYAML {yaml.__version__} (libyaml {yaml.__with_libyaml__}), "
        f"ruamel.yaml {ruamel.yaml.__version__}, jsonschema {_version('jsonschema')}, "
        f"jsonschema-rs {getattr(jsonschema_rs, '__version__', _version('jsonschema-rs'))}"
    )
    return "\n".join(
        [
            f"Python {platform.python_version()} on {platform.machine()}, one process; {versions}",
            f"corpus: {len(files):,} files, {size:,.0f} bytes each on average, in {args.corpus}",
            f"per-stage rows: {stage_files:,} files, median of {args.repeat} runs",
        ]
    )


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="corpus files (10000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per row (5)")
    parser.add_argument("--quick", action="store_true", help="500 files, 3 runs: a smoke run")
    parser.add_argument("--sample", type=int, default=1_000, help="files per stage row (1000)")
    parser.add_argument("--tool-files", type=int, default=500, help="files per whole-tool row")
    parser.add_argument("--corpus", type=Path, default=GENERATED / "corpus")
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args(argv)
    if args.quick:
        args.count, args.repeat = min(args.count, 500), min(args.repeat, 3)
        args.sample, args.tool_files = min(args.sample, 200), min(args.tool_files, 100)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not bundled_schema_path().is_file():
        print(f"no schema at {bundled_schema_path()}: nothing to validate against")
        return 2
    schema = load_schema()
    files = corpus(args.corpus, args.count, 0.0, args.seed)
    bad_dir = args.corpus.with_name(args.corpus.name + "-invalid")
    bad_files = corpus(bad_dir, args.count, 1.0, args.seed)
    stage_files = sample(files, args.sample)
    print(header(args, files, len(stage_files)), end="\n\n", flush=True)

    stages = stage_rows(stage_files, schema, args.repeat, warmup=min(50, len(stage_files)))
    print(table("Per stage (one file at a time)", stages), end="\n\n", flush=True)

    clean, how = lint_rows(args.corpus, files, args.repeat, "fmlint end to end, clean files")
    invalid, _ = lint_rows(bad_dir, bad_files, args.repeat, "fmlint end to end, 1 error/file")
    naive = naive_row(files, schema)
    print(table(f"End to end, {len(files):,} files ({how})", [clean, invalid, naive]), end="\n\n")

    tool_subset = sample(files, args.tool_files)
    tools, notes = tool_rows(tool_subset, max(1, min(args.repeat, 3)))
    print(table("Whole tools as processes (start-up included)", tools))
    for note in notes:
        print(note)
    print()

    fmlint_cli = find(tools, "fmlint CLI")
    sentences = [
        ratio(clean, naive, "fmlint end to end is N.Nx faster than ruamel rt + jsonschema"),
        ratio(
            find(stages, "fmlint document.parse"),
            find(stages, "ruamel.yaml safe"),
            "fmlint document.parse is N.Nx faster than ruamel C safe load",
        ),
        ratio(
            find(stages, "fmlint document.parse"),
            find(stages, "ruamel.yaml rt"),
            "fmlint document.parse is N.Nx faster than ruamel rt load",
        ),
        ratio(
            find(stages, "jsonschema-rs"),
            find(stages, "jsonschema iter_errors"),
            "jsonschema-rs is_valid is N.Nx faster than jsonschema iter_errors",
        ),
        ratio(
            clean,
            invalid,
            "fmlint end to end is N.Nx slower on files with one error each than on clean files",
        ),
    ]
    for name in ("check-jsonschema", "yamllint"):
        if find(tools, name):
            sentence = f"fmlint CLI is N.Nx faster than {name} on the same files"
            sentences.append(ratio(fmlint_cli, find(tools, name), sentence))
    print("\n".join(sentences))
    return 0


if __name__ == "__main__":
    sys.exit(main())
