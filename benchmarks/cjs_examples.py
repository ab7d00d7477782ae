"""fmlint and check-jsonschema on check-jsonschema's own example files, case for case.

PATH is check-jsonschema's `tests/example-files` folder (exported from its repository) or a
checkout of it. Its layout, as check-jsonschema's `tests/acceptance/test_example_files.py` reads it:

- `explicit-schema/{positive,negative}/CASE/` holds `schema.json` (or `.yaml`) and one
  `instance.json`, `.yaml` or `.toml`; check-jsonschema runs `--schemafile schema instance`.
- `hooks/{positive,negative}/metaschema/FILE` is a schema that check-jsonschema checks against
  the metaschema its `$schema` names (`--check-metaschema`); fmlint gets that metaschema as
  `--schema` (jsonschema's copy), and `--schema-format annotation` where the case disables
  formats.
- `hooks/{positive,negative}/HOOK/FILE` is an instance of the schema check-jsonschema bundles for
  the pre-commit hook `check-HOOK` (`--builtin-schema vendor.HOOK`, the schema files of the
  installed check-jsonschema); `HOOK/_config.yaml` may add arguments per file (`add_args`) or
  packages it needs (`requires_packages`). The hook's own arguments come from the checkout's
  `.pre-commit-hooks.yaml` when PATH is in one, else from `HOOK_ARGS` below (check-jsonschema
  0.39's).

Positive cases must pass, negative ones must fail. Each instance that is an object becomes the
front matter of a `.md` file (YAML text as written, JSON text as written: JSON is YAML 1.2; TOML
read and written as YAML, its dates as the text check-jsonschema's TOML reader makes of them)
and fmlint checks it with `--schema` the case's schema, `--isolated --no-cache`;
check-jsonschema checks the original file with the arguments its own test gives. Cases are
skipped, with the reason printed, when their instance is not an object (front matter is a
mapping), is JSON5 (not YAML), when the schema `$ref`s a document on the network, or when
check-jsonschema's own test would skip it (a package it needs is not installed).

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/cjs_examples.py /tmp/cjs-examples/tests/example-files

Prints a Markdown table: cases, how many each tool gets right, and the cases fmlint gets wrong
with what each tool said. Never run in the test suite.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import tomllib
import yaml
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# check-jsonschema 0.39's `.pre-commit-hooks.yaml`: the hooks that pass more than their schema.
HOOK_ARGS = {
    "azure-pipelines": ["--data-transform", "azure-pipelines", "--regex-variant", "nonunicode"],
    "gitlab-ci": ["--data-transform", "gitlab-ci", "--regex-variant", "nonunicode"],
    "renovate": ["--regex-variant", "nonunicode"],
}


@dataclass
class Case:
    name: str
    positive: bool
    instance: Path
    schema: Path | None = None  # a schema file, or None with `cj_args` naming a builtin one
    cj_args: list[str] = field(default_factory=list)
    fm_args: list[str] = field(default_factory=list)
    skip: str = ""


def explicit_cases(folder: Path) -> list[Case]:
    cases = []
    for sign in ("positive", "negative"):
        for case in sorted((folder / "explicit-schema" / sign).iterdir()):
            instance = next(
                case / f"instance.{e}"
                for e in ("json", "yaml", "toml")
                if (case / f"instance.{e}").exists()
            )
            schema = next(
                case / f"schema.{e}" for e in ("json", "yaml") if (case / f"schema.{e}").exists()
            )
            cases.append(
                Case(
                    f"explicit/{sign}/{case.name}",
                    sign == "positive",
                    instance,
                    schema,
                    ["--schemafile", str(schema)],
                )
            )
    return cases


def hook_arguments(folder: Path) -> dict[str, list[str]]:
    """Each hook's check-jsonschema arguments, from the checkout when PATH is in one."""
    hooks = folder.parent.parent / ".pre-commit-hooks.yaml"
    if not hooks.is_file():
        return {}
    found = {}
    for hook in yaml.safe_load(hooks.read_text("utf-8")):
        if hook["id"].startswith("check-"):
            found[hook["id"][len("check-") :]] = shlex.split(hook["entry"])[1:]
    return found


def builtin_schema(name: str) -> Path:
    kind, _, stem = name.partition(".")
    return Path(str(files("check_jsonschema.builtin_schemas") / kind / f"{stem}.json"))


def metaschema(instance: Path, work: Path) -> Path:
    """The metaschema its `$schema` names, as a file (check-metaschema checks a schema by it)."""
    from jsonschema.validators import validator_for

    text = instance.read_text("utf-8")
    schema = json.loads(text) if instance.suffix == ".json" else yaml.safe_load(text)
    meta = validator_for(schema).META_SCHEMA
    path = work / "metaschemas" / f"{instance.parent.parent.name}-{instance.stem}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(meta), encoding="utf-8")
    return path


def hook_cases(folder: Path, work: Path) -> list[Case]:
    entries = hook_arguments(folder)
    cases = []
    for sign in ("positive", "negative"):
        for hook in sorted((folder / "hooks" / sign).iterdir()):
            config_file = hook / "_config.yaml"
            config = yaml.safe_load(config_file.read_text("utf-8")) if config_file.exists() else {}
            for path in sorted(hook.iterdir()):
                if path.name == "_config.yaml":
                    continue
                spec = (config or {}).get("files", {}).get(path.name, {})
                args = entries.get(hook.name) or [
                    "--builtin-schema",
                    f"vendor.{hook.name}",
                    *HOOK_ARGS.get(hook.name, []),
                ]
                args = args + spec.get("add_args", [])
                case = Case(
                    f"hooks/{sign}/{hook.name}/{path.name}", sign == "positive", path, cj_args=args
                )
                missing = [
                    p for p in spec.get("requires_packages", []) if not importlib.util.find_spec(p)
                ]
                if "--disable-formats" in args:
                    case.fm_args = ["--schema-format", "annotation"]
                if missing:
                    case.skip = f"check-jsonschema's test needs {', '.join(missing)}"
                elif "--check-metaschema" in args:
                    case.schema = metaschema(path, work)
                else:
                    names = [args[i + 1] for i, a in enumerate(args) if a == "--builtin-schema"]
                    case.schema = builtin_schema(names[-1])
                    remote = remote_refs(case.schema)
                    if remote:
                        case.skip = (
                            f"needs the network: the schema's $ref {remote[0]!r} names a "
                            "remote document (fmlint resolves every $ref before a lint, so it "
                            "exits 2 without --schema-fetch; check-jsonschema, which follows a "
                            "$ref only when it evaluates it, gets them right offline)"
                        )
                cases.append(case)
    return cases


def as_string(value):
    """TOML's dates and times as text, as check-jsonschema's TOML reader writes them.

    (`isoformat()`, with `Z` appended to a date-time or time without an offset: its
    `parsers/toml.py`.)
    """
    if isinstance(value, dict):
        return {k: as_string(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_string(v) for v in value]
    if isinstance(value, (datetime.datetime, datetime.time)):
        return value.isoformat() + ("Z" if value.utcoffset() is None else "")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def remote_refs(schema: Path) -> list[str]:
    """The `$ref`s of this schema to documents that are neither in it nor beside it."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                target = ref.split("#")[0]
                if "://" in target or not (schema.parent / target).is_file():
                    found.append(ref)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    text = schema.read_text("utf-8")
    walk(json.loads(text) if schema.suffix == ".json" else yaml.safe_load(text))
    return sorted(set(found))


def front_matter(instance: Path) -> tuple[str, str]:
    """The `.md` text for this instance, or "" and why it cannot be front matter."""
    text = instance.read_text("utf-8").lstrip("\ufeff")
    suffix = instance.suffix
    if suffix == ".json5":
        return "", "JSON5 is not YAML"
    if suffix == ".toml":
        value = tomllib.loads(text)
        body = yaml.safe_dump(as_string(value), sort_keys=False, allow_unicode=True)
    elif suffix == ".json":
        value = json.loads(text)
        body = text
    else:
        nodes = list(YAML(typ="safe").compose_all(text))  # kinds only: tags stay unresolved
        if len(nodes) != 1:
            return "", f"the instance is {len(nodes)} YAML documents, front matter is one"
        value = (
            {} if nodes[0].id == "mapping" else nodes[0].value if nodes[0].id == "scalar" else []
        )
        lines = text.splitlines()
        if lines and lines[0].rstrip() == "---":
            lines = lines[1:]
        body = "\n".join(lines)
    if not isinstance(value, dict):
        shown = "empty" if value is None else type(value).__name__
        return "", f"the instance is not an object ({shown})"
    return f"---\n{body.rstrip()}\n---\n", ""


def run_fmlint(case: Case, work: Path) -> tuple[bool | None, str]:
    md = work / (case.name.replace("/", "__") + ".md")
    text, why = front_matter(case.instance)
    assert not why
    md.write_text(text, encoding="utf-8")
    args = [
        str(BIN / "fmlint"),
        "check",
        "--isolated",
        "--no-cache",
        "--output-format",
        "concise",
        *case.fm_args,
        "--schema",
        str(case.schema),
        str(md),
    ]
    result = subprocess.run(args, capture_output=True, text=True, cwd=work)
    said = (result.stdout + result.stderr).replace(str(md), "FILE").strip()
    if result.returncode not in (0, 1):
        return None, said
    return result.returncode == 0, said


def run_check_jsonschema(case: Case) -> tuple[bool | None, str]:
    args = [str(BIN / "check-jsonschema"), *case.cj_args, str(case.instance)]
    result = subprocess.run(args, capture_output=True, text=True)
    said = (result.stdout + result.stderr).strip()
    if result.returncode not in (0, 1):
        return None, said
    return result.returncode == 0, said


def why(case: Case, said: str, theirs_right: bool) -> str:
    """The reason fmlint's verdict differs, from what it said (the known kinds of difference)."""
    transform = [
        a for i, a in enumerate(case.cj_args) if i and case.cj_args[i - 1] == "--data-transform"
    ]
    if not theirs_right:
        return (
            "check-jsonschema is wrong too: both check the schema the installed check-jsonschema "
            "bundles, which may be older than the example files"
        )
    if "YAML 1.2 reads" in said:
        return (
            "YAML 1.2 vs 1.1: the core schema fmlint reads by has no `_` in numbers and no "
            "`0b` binary, so those are text; ruamel.yaml (check-jsonschema's reader) takes them as "
            "numbers"
        )
    if "may take exponential time" in said:
        return (
            "fmlint refuses a schema `pattern` with a repeated part that itself repeats "
            "(exponential on a backtracking engine); check-jsonschema runs it"
        )
    if "FM008" in said:
        return "a custom YAML tag: front matter allows none; check-jsonschema's " + (
            f"`--data-transform {transform[0]}` reads it" if transform else "reader drops it"
        )
    if transform:
        return (
            f"check-jsonschema rewrites the data first (`--data-transform {transform[0]}`); "
            "fmlint checks it as written"
        )
    return "not a known difference: look at it"


def first_lines(text: str, count: int = 2) -> str:
    lines = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("Found")
    ]
    return " / ".join(lines[:count])[:300].replace("|", "\\|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "path", type=Path, help="tests/example-files, or a check-jsonschema checkout"
    )
    folder = parser.parse_args().path
    if (folder / "tests" / "example-files").is_dir():
        folder = folder / "tests" / "example-files"
    if not (folder / "explicit-schema").is_dir():
        sys.exit(f"no check-jsonschema example files at {folder}")
    rows = {"explicit": [0, 0, 0], "hooks": [0, 0, 0]}
    wrong, skipped, cj_wrong = [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["XDG_CACHE_HOME"] = scratch  # check-jsonschema's download cache: throwaway
        work = Path(scratch)
        cases = explicit_cases(folder) + hook_cases(folder, work)
        for case in cases:
            if not case.skip:
                case.skip = front_matter(case.instance)[1]
            if case.skip:
                skipped.append(case)
                continue
            ours, ours_said = run_fmlint(case, work)
            theirs, theirs_said = run_check_jsonschema(case)
            row = rows[case.name.split("/")[0]]
            row[0] += 1
            row[1] += ours is case.positive
            row[2] += theirs is case.positive
            if ours is not case.positive:
                wrong.append((case, ours, ours_said, theirs))
            if theirs is not case.positive:
                cj_wrong.append((case, theirs_said))
    from importlib.metadata import version

    print(f"fmlint {version('fmlint')}, check-jsonschema {version('check-jsonschema')}")
    print()
    print("| cases | count | fmlint right | check-jsonschema right |")
    print("| --- | ---: | ---: | ---: |")
    total = [0, 0, 0]
    for name, (count, ours, theirs) in rows.items():
        total = [a + b for a, b in zip(total, (count, ours, theirs), strict=True)]
        print(f"| {name} | {count} | {ours} | {theirs} |")
    print(f"| all | {total[0]} | {total[1]} | {total[2]} |")
    print()
    print(f"fmlint wrong ({len(wrong)}):")
    for case, ours, said, theirs in wrong:
        verdict = {True: "passes", False: "fails", None: "exits 2"}[ours]
        expected = "pass" if case.positive else "fail"
        print(f"- `{case.name}` (must {expected}): fmlint {verdict}: {first_lines(said)}")
        print(f"  - why: {why(case, said, theirs is case.positive)}")
    if cj_wrong:
        print()
        print(f"check-jsonschema wrong ({len(cj_wrong)}):")
        for case, said in cj_wrong:
            print(f"- `{case.name}`: {first_lines(said)}")
    print()
    print(f"skipped ({len(skipped)}):")
    for case in skipped:
        print(f"- `{case.name}`: {case.skip}")


if __name__ == "__main__":
    main()
