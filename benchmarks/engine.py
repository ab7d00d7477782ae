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

In one process, each against the alternative it replaced, on the seed records
(`../shared/seed/*.txt`) and the largest record of `../shared/corpus/sites/diablo4/_news/` (28 KB):

6. TOML front matter against the YAML front matter of the same content (converted by
   `toml_front` at run time: tables, arrays of tables, datetimes unquoted), through the one reader
   (`reader.read_text`), values alone and with every key's position: the floor is TOML <= 1.5x YAML;
7. the one role walk (`rules.record.Walk` with the article roles) against the four field-name walks
   it replaced (the code of `validator/rules/` before it, kept below as the baseline), each walked
   once and as the rules of that time called them (each rule its own walk);
8. the offline URL rules (FM201-FM206) on a seed record with one URL parse shared (`urls.parse`,
   remembered), against each rule parsing every URL itself.

These need no other tool; the process rows need check-jsonschema and are skipped without it.

    python benchmarks/engine.py            # the full run, several minutes
    python benchmarks/engine.py --quick    # small counts, one repeat: a smoke run
    python benchmarks/engine.py --in-process  # rows 6 to 8 only, about a minute
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from throughput import GENERATED, corpus, executable, extract_yaml  # noqa: E402

from validator.rules import Context, all_rules  # noqa: E402
from validator.rules import urls as url_rules  # noqa: E402
from validator.rules.record import Walk  # noqa: E402
from validator.rules.roles import article_roles  # noqa: E402
from validator.schema.load import bundled_schema_path  # noqa: E402
from validator.source import frontmatter, reader  # noqa: E402

SITES = ROOT.parent / "shared" / "corpus" / "sites"
SEEDS = ROOT.parent / "shared" / "seed"
DIABLO = SITES / "diablo4" / "_news"
TOML_FLOOR = 1.5  # the issue's: TOML front matter costs at most 1.5x the YAML of the same content
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


# --- in-process rows: timing --------------------------------------------------------------------


def micros(*works: Callable[[], object], repeat: int, budget: float = 0.3) -> list[float]:
    """Median µs of one call of each of `works`, measured in interleaved rounds (a round of each
    in turn, `repeat` times), so that a busy machine slows them alike; a round is as many calls
    as fill `budget` s."""
    numbers = []
    for work in works:
        work()  # warm-up: caches, imports
        start, calls = time.perf_counter(), 0
        while time.perf_counter() - start < budget / 5:
            work()
            calls += 1
        numbers.append(max(1, calls * 5))
    rounds: list[list[float]] = [[] for _ in works]
    for _ in range(max(repeat, 3)):
        for work, number, spent in zip(works, numbers, rounds, strict=True):
            start = time.perf_counter_ns()
            for _ in range(number):
                work()
            spent.append((time.perf_counter_ns() - start) / number / 1000)
    return [statistics.median(spent) for spent in rounds]


def records() -> list[tuple[str, str]]:
    """(label, text) of the seed records and of the largest diablo4 news record."""
    found = [
        (f"seed {path.name}", path.read_text(encoding="utf-8"))
        for path in sorted(SEEDS.glob("*.txt"))
    ]
    if DIABLO.is_dir():
        largest = max(DIABLO.glob("*.md"), key=lambda path: path.stat().st_size)
        found.append((f"diablo4 {largest.name[:32]}...", largest.read_text(encoding="utf-8")))
    return found


def _kb(text: str) -> str:
    return f"{len(text.encode('utf-8')) / 1024:.1f} KB"


# --- 6. TOML against YAML: the same content, converted at run time -------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# what a TOML datetime (or date) may look like; each candidate is read by tomli before it is used
_DATETIME = re.compile(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?)?")


def toml_front(record: dict) -> str:
    """The record as TOML, as a person writes it: scalars and inline lists first, then a
    `[table]` per mapping and an `[[array]]` entry per mapping of a list of mappings, datetimes
    unquoted. TOML has no null: a null is left out."""
    lines: list[str] = []
    _toml_table(record, (), lines)
    return "\n".join(lines).strip("\n") + "\n"


def _toml_table(mapping: dict, path: tuple, lines: list[str]) -> None:
    tables, arrays = [], []
    for key, value in mapping.items():
        if value is None:
            continue
        if isinstance(value, dict):
            tables.append((key, value))
        elif isinstance(value, list) and value and all(isinstance(i, dict) for i in value):
            arrays.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_inline(value)}")
    for key, value in tables:
        where = (*path, key)
        lines += ["", f"[{'.'.join(map(_toml_key, where))}]"]
        _toml_table(value, where, lines)
    for key, entries in arrays:
        where = (*path, key)
        for entry in entries:
            lines += ["", f"[[{'.'.join(map(_toml_key, where))}]]"]
            _toml_table(entry, where, lines)


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace(
        "\x7f", "\\u007f"
    )  # JSON escapes are TOML's


def _toml_inline(value) -> str:
    import tomli

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        if _DATETIME.fullmatch(value):
            try:
                tomli.loads(f"d = {value}")
                return value  # a datetime, unquoted
            except tomli.TOMLDecodeError:
                pass  # 2023-02-30: no date; a string
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_inline(item) for item in value if item is not None) + "]"
    pairs = (f"{_toml_key(k)} = {_toml_inline(v)}" for k, v in value.items() if v is not None)
    return "{ " + ", ".join(pairs) + " }"


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value if item is not None]
    return value


def as_toml(text: str) -> str:
    """The file with its YAML front matter written as TOML (`+++`), the body kept; checked to
    read as the same values (nulls aside, which TOML cannot hold)."""
    read = reader.read_text(text)
    body = "\n".join(text.split("\n")[read.front.closing_line :])  # after the closing fence
    toml_text = f"+++\n{toml_front(read.record)}+++\n{body}"
    again = reader.read_text(toml_text)
    if again.front.syntax != "toml" or again.record != _without_nulls(read.record):
        raise SystemExit("the TOML conversion does not read as the YAML's values")
    return toml_text


def _read(text: str) -> Callable[[], object]:
    return lambda: reader.read_text(text)


def _read_placed(text: str) -> Callable[[], object]:
    def work():
        doc = reader.read_text(text).doc
        for _ in doc.key_spans():  # every key's position: what a record with findings asks
            pass

    return work


def toml_rows(repeat: int) -> list[str]:
    rows = []
    for label, text in records():
        toml_text = as_toml(text)
        for what, make in (("values", _read), ("values + every position", _read_placed)):
            toml_us, yaml_us = micros(make(toml_text), make(text), repeat=repeat)
            ratio = toml_us / yaml_us
            verdict = "within" if ratio <= TOML_FLOOR else "OVER"
            rows.append(
                f"| {label} ({_kb(toml_text)} TOML, {_kb(text)} YAML), {what} | "
                f"{toml_us:,.0f} µs | {yaml_us:,.0f} µs | {ratio:.2f}{TIMES} "
                f"({verdict} the {TOML_FLOOR}{TIMES} floor) |"
            )
    return rows


# --- 7. the role walk against the four field-name walks it replaced -------------------------------
# The baseline: validator/rules/{urls,dates,images,fields}.py as they were before the one walk
# (`git show bd3b1eb~1:validator/rules/urls.py`, ...), each walk by field name, verbatim but names.

OLD_URL_KEYS = ("originalUrl", "webUrl", "ampWebUrl", "cdnAmpWebUrl")
OLD_DATE_FIELD = "publishedDateTime"


def old_items(record: dict) -> Iterator[tuple[tuple, dict]]:
    """urls.items: the record itself and each `related` entry that is a mapping."""
    yield (), record
    related = record.get("related")
    if isinstance(related, list):
        for index, entry in enumerate(related):
            if isinstance(entry, dict):
                yield ("related", index), entry


def old_urls(record: dict) -> Iterator[tuple[tuple, str]]:
    """urls.urls: every page URL and image URL of the record and its related entries."""
    for base, item in old_items(record):
        for key in OLD_URL_KEYS:
            value = item.get(key)
            if isinstance(value, str) and value:
                yield (*base, key), value
        yield from _old_image_urls(item.get("images"), (*base, "images"))
        provider = item.get("provider")
        if isinstance(provider, dict):
            yield from _old_image_urls(provider.get("images"), (*base, "provider", "images"))


def _old_image_urls(images, prefix: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(images, list):
        for index, image in enumerate(images):
            if isinstance(image, dict) and isinstance(image.get("url"), str):
                url = image["url"]
                if prefix[-2:] == ("provider", "images") and _old_is_site_path(url):
                    continue  # a logo on the site itself: the schema's `sitePath`, no URL
                yield (*prefix, index, "url"), url


def _old_is_site_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def old_date_values(record: dict) -> Iterator[tuple[tuple, object]]:
    """dates.date_values: every publishedDateTime, the record's own and each related item's."""
    if OLD_DATE_FIELD in record:
        yield (OLD_DATE_FIELD,), record[OLD_DATE_FIELD]
    related = record.get("related")
    if isinstance(related, list):
        for index, item in enumerate(related):
            if isinstance(item, dict) and OLD_DATE_FIELD in item:
                yield ("related", index, OLD_DATE_FIELD), item[OLD_DATE_FIELD]


def old_image_lists(record: dict) -> Iterator[tuple[tuple, list]]:
    """images.image_lists: every image list, with its path."""
    yield from _old_lists_of(record, ())
    related = record.get("related")
    if isinstance(related, list):
        for index, item in enumerate(related):
            if isinstance(item, dict):
                yield from _old_lists_of(item, ("related", index))


def _old_lists_of(holder: dict, prefix: tuple) -> Iterator[tuple[tuple, list]]:
    images = holder.get("images")
    if isinstance(images, list):
        yield (*prefix, "images"), images
    provider = holder.get("provider")
    if isinstance(provider, dict):
        logos = provider.get("images")
        if isinstance(logos, list):
            yield (*prefix, "provider", "images"), logos


def old_images(record: dict) -> Iterator[tuple[tuple, dict]]:
    """images.images: every image mapping in every image list, with its path."""
    for path, items in old_image_lists(record):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield (*path, index), item


def old_titles_and_urls(record: dict) -> Iterator[tuple[tuple, object, bool]]:
    """fields.titles_and_urls: (path, value, is_url) for every title and URL, at any depth."""
    yield from _old_item(record, ())
    related = record.get("related")
    if isinstance(related, list):
        for index, entry in enumerate(related):
            if isinstance(entry, dict):
                yield from _old_item(entry, ("related", index))


def _old_item(mapping: dict, path: tuple) -> Iterator[tuple[tuple, object, bool]]:
    if "title" in mapping:
        yield (*path, "title"), mapping["title"], False
    for key in OLD_URL_KEYS:
        if key in mapping:
            yield (*path, key), mapping[key], True
    yield from _old_field_image_urls(mapping.get("images"), (*path, "images"))
    provider = mapping.get("provider")
    if isinstance(provider, dict):
        yield from _old_field_image_urls(provider.get("images"), (*path, "provider", "images"))


def _old_field_image_urls(images, path: tuple) -> Iterator[tuple[tuple, object, bool]]:
    if isinstance(images, list):
        for index, image in enumerate(images):
            if isinstance(image, dict) and "url" in image:
                yield (*path, index, "url"), image["url"], True


# The walks each rule of that time made on every file (FM201, FM202, FM206: urls; FM203, FM204,
# FM205: items; FM301, FM302, FM303: date_values; FM401, FM402, FM403, FM406: images; FM404:
# image_lists; FM502: titles_and_urls)
OLD_CALLS = (
    (old_urls, 3),
    (old_items, 3),
    (old_date_values, 3),
    (old_images, 4),
    (old_image_lists, 1),
    (old_titles_and_urls, 1),
)


def _old_walks_once(record: dict) -> Callable[[], object]:
    walks = (old_urls, old_date_values, old_images, old_titles_and_urls)  # image_lists: in images
    return lambda: [list(walk(record)) for walk in walks]


_AS_CALLED = [walk for walk, times in OLD_CALLS for _ in range(times)]


def _old_walks_as_called(record: dict) -> Callable[[], object]:
    return lambda: [list(walk(record)) for walk in _AS_CALLED]


def walk_rows(repeat: int) -> list[str]:
    roles = article_roles()
    rows = []
    for label, text in records():
        record = reader.read_text(text).record
        one, once, called = micros(
            lambda record=record: Walk(record, roles),
            _old_walks_once(record),
            _old_walks_as_called(record),
            repeat=repeat,
        )
        rows.append(
            f"| {label} ({_kb(text)}), the four walks each once | "
            f"{one:,.1f} µs | {once:,.1f} µs | {one / once:.2f}{TIMES} |"
        )
        rows.append(
            f"| {label}, the walks as the rules called them ({len(_AS_CALLED)}) | "
            f"{one:,.1f} µs | {called:,.1f} µs | {one / called:.2f}{TIMES} |"
        )
    return rows


# --- 8. the URL rules with one parse shared ------------------------------------------------------


def _url_rules() -> list:
    return [
        rule
        for rule in all_rules()
        if rule.CODE.startswith("FM2") and not getattr(rule, "ONLINE", False)
    ]


def _run_rules(record: dict, rules: list, each_its_own: bool) -> Callable[[], object]:
    """The rules on a record never seen: a fresh context (its walk) and no URL read before;
    `each_its_own`: every rule reads each URL again, as if nothing were shared."""

    def forget():
        url_rules.parse.cache_clear()
        url_rules._host.cache_clear()  # the host check `parse` remembers on its own

    def work():
        context = Context(roles=article_roles())
        forget()
        for rule in rules:
            if each_its_own:
                forget()
            for _ in rule.check(record, context):
                pass

    return work


def url_rows(repeat: int) -> list[str]:
    rules = _url_rules()
    codes = f"{rules[0].CODE}-{rules[-1].CODE}" if rules else "none"
    rows = []
    for label, text in records()[:-1] or records():
        record = reader.read_text(text).record
        count = len(Walk(record, article_roles()).urls)
        shared, alone = micros(
            _run_rules(record, rules, False), _run_rules(record, rules, True), repeat=repeat
        )
        rows.append(
            f"| {label}, {codes}, {count} URLs | {shared:,.0f} µs | {alone:,.0f} µs | "
            f"{shared / alone:.2f}{TIMES} |"
        )
    return rows


IN_PROCESS = (
    (
        "6. TOML front matter against the YAML of the same content, `reader.read_text`",
        ("record", "TOML", "YAML", "TOML / YAML"),
        toml_rows,
    ),
    (
        "7. the one role walk against the four field-name walks it replaced",
        ("record", "role walk", "old walks", "ratio"),
        walk_rows,
    ),
    (
        "8. the URL rules on a record never seen: one URL parse shared against each rule its own",
        ("record", "shared", "each its own", "ratio"),
        url_rows,
    ),
)


def in_process_tables(repeat: int) -> Iterator[str]:
    """Rows 6 to 8, a table each: each against the alternative it replaced, in this run."""
    if not SEEDS.is_dir():
        yield f"skipped: no seed records in {SEEDS}"
        return
    for title, header, rows in IN_PROCESS:
        lines = [f"| {' | '.join(header)} |", "|---|---:|---:|---:|", *rows(repeat)]
        yield f"{title} (µs per file, medians):\n\n" + "\n".join(lines) + "\n"


def process_rows(args: argparse.Namespace, cjs: str) -> list[str]:
    """Rows 1 to 5: whole commands as processes, against check-jsonschema."""
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

    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--memory-count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--in-process", action="store_true", help="rows 6 to 8 only")
    args = parser.parse_args(argv)
    if args.quick:
        args.count, args.memory_count, args.repeat = 500, 2_000, 1
    for table in in_process_tables(max(args.repeat, 5)):
        print(table, flush=True)
    if args.in_process:
        return 0
    cjs = executable("check-jsonschema")
    if not cjs:
        print("\ncheck-jsonschema is not installed: pip install -e '.[bench]' (rows 1 to 5)")
        return 2
    lines = process_rows(args, cjs)
    print(f"\nfmlint against check-jsonschema on this machine ({os.cpu_count()} cores), medians:\n")
    print("| measure | fmlint | check-jsonschema | ratio |")
    print("|---|---:|---:|---:|")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
