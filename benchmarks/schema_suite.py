"""fmlint and check-jsonschema on the official JSON-Schema-Test-Suite, case for case.

For draft 7, 2019-09 and 2020-12: the required cases (the annotation-only `format.json` with
format checks off for both tools), the `optional/format` cases of the formats fmlint asserts, and
the optional ECMA-262 regex cases. fmlint runs each case through its schema layer (the verdict its
CLI gives: tests/test_schema_suite.py also runs the object cases through the CLI); check-jsonschema
runs in-process through its own command line, one run per schema with every instance of it as a
JSON file. The suite's `remotes/` are served on 127.0.0.1:1234 (its `localhost:1234` URLs) for
check-jsonschema, which downloads them (into a throwaway cache); fmlint reads the same files.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/schema_suite.py [--suite ../shared/json-schema-test-suite]

Prints a Markdown table: cases, and how many each tool gets right. Never run in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_schema_suite import DIALECTS, KINDS, asserts_formats, groups, with_dialect  # noqa: E402


def fmlint_right(suite: Path, draft: str, kind: str, remotes: dict) -> tuple[int, int]:
    from validator.schema.checker import SchemaChecker
    from validator.schema.download import SourceError
    from validator.schema.load import prepare_schema

    def retrieve(uri: str):
        if uri not in remotes:
            raise SourceError(f"{uri} is not in the remotes")
        return remotes[uri]

    total = right = 0
    for path, group in groups(draft, kind, suite):
        try:
            schema = prepare_schema(
                with_dialect(group["schema"], draft), "", path.name, fetch=True, retrieve=retrieve
            )
            checker = SchemaChecker(schema, formats=asserts_formats(path, kind))
        except Exception:  # a schema fmlint refuses: every case counts as wrong
            checker = None
        for test in group["tests"]:
            total += 1
            if checker is None:
                continue
            verdict = checker.is_valid(test["data"])
            explained = bool(checker.check(test["data"]))
            right += verdict is test["valid"] and explained is not verdict
    return total, right


def check_jsonschema_right(suite: Path, draft: str, kind: str, work: Path) -> tuple[int, int]:
    from check_jsonschema import main as command
    from click.testing import CliRunner

    runner = CliRunner()
    total = right = 0
    for number, (path, group) in enumerate(groups(draft, kind, suite)):
        folder = work / f"{draft}-{kind}-{number}"
        folder.mkdir()
        schema = folder / "schema.json"
        schema.write_text(json.dumps(with_dialect(group["schema"], draft)), encoding="utf-8")
        names = []
        for index, test in enumerate(group["tests"]):
            instance = folder / f"case{index}.json"
            instance.write_text(json.dumps(test["data"]), encoding="utf-8")
            names.append(str(instance))
        args = ["--schemafile", str(schema), "-o", "json", *names]
        if not asserts_formats(path, kind):
            args[0:0] = ["--disable-formats", "*"]
        result = runner.invoke(command, args, catch_exceptions=True)
        total += len(names)
        try:
            report = json.loads(result.stdout)
        except ValueError:
            continue  # the schema itself was refused: every case counts as wrong
        failed = {Path(error["filename"]).name for error in report.get("errors", [])}
        broken = {Path(error["filename"]).name for error in report.get("parse_errors", [])}
        for index, test in enumerate(group["tests"]):
            name = f"case{index}.json"
            if name not in broken and (name not in failed) is test["valid"]:
                right += 1
    return total, right


def serve(folder: Path) -> ThreadingHTTPServer | None:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    try:
        server = ThreadingHTTPServer(("127.0.0.1", 1234), Handler)
    except OSError as error:
        print(
            f"cannot serve the remotes on 127.0.0.1:1234 ({error}): check-jsonschema's "
            "remote-reference cases will fail",
            file=sys.stderr,
        )
        return None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--suite", type=Path, default=ROOT.parent / "shared" / "json-schema-test-suite"
    )
    args = parser.parse_args()
    suite = args.suite
    if not (suite / "tests").is_dir():
        sys.exit(f"no JSON-Schema-Test-Suite at {suite}")
    folder = suite / "remotes"
    remotes = {
        "http://localhost:1234/" + p.relative_to(folder).as_posix(): json.loads(
            p.read_text("utf-8")
        )
        for p in folder.rglob("*.json")
    }
    server = serve(folder)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["XDG_CACHE_HOME"] = scratch  # check-jsonschema's download cache: throwaway
        for draft in DIALECTS:
            for kind in KINDS:
                start = time.perf_counter()
                total, ours = fmlint_right(suite, draft, kind, remotes)
                fmlint_s = time.perf_counter() - start
                work = Path(scratch) / "cases"
                work.mkdir(exist_ok=True)
                start = time.perf_counter()
                total_cj, theirs = check_jsonschema_right(suite, draft, kind, work)
                cj_s = time.perf_counter() - start
                assert total == total_cj
                rows.append((draft, kind, total, ours, theirs, fmlint_s, cj_s))
    if server is not None:
        server.shutdown()
    from importlib.metadata import version

    print(f"check-jsonschema {version('check-jsonschema')}, jsonschema {version('jsonschema')}")
    print()
    print("| draft | cases | count | fmlint right | check-jsonschema right | fmlint s | c-j s |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for draft, kind, total, ours, theirs, fmlint_s, cj_s in rows:
        print(
            f"| {draft} | {kind} | {total:,} | {ours:,} ({ours / total:.1%}) | "
            f"{theirs:,} ({theirs / total:.1%}) | {fmlint_s:.1f} | {cj_s:.1f} |"
        )


if __name__ == "__main__":
    main()
