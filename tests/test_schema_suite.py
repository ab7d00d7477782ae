"""The official JSON-Schema-Test-Suite (draft 7, 2019-09, 2020-12) through fmlint's schema layer.

Every required case, the `optional/format` cases of the formats fmlint asserts, and the optional
ECMA-262 regex cases: the verdict must be the suite's, and the explanation must agree with it
(an invalid value gets at least one finding, a valid one none). Every case whose instance is an
object also goes through the real command line as front matter, one `fmlint check` per schema,
with the suite's `remotes/` served from fmlint's schema download cache (never the network).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator.cli.main import cli
from validator.schema.checker import SchemaChecker
from validator.schema.download import SourceError
from validator.schema.formats import CHECKERS
from validator.schema.load import prepare_schema

from .conftest import SHARED

SUITE = SHARED / "json-schema-test-suite"
REMOTE_BASE = "http://localhost:1234/"
KINDS = ("required", "format", "ecmascript")
DIALECTS = {
    "draft7": "http://json-schema.org/draft-07/schema#",
    "draft2019-09": "https://json-schema.org/draft/2019-09/schema",
    "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
}

pytestmark = pytest.mark.skipif(
    not (SUITE / "tests").is_dir(),
    reason=f"the JSON-Schema-Test-Suite is not here ({SUITE}); CI has it",
)


def remotes() -> dict[str, object]:
    """The suite's `remotes/` by the URL its tests use for them."""
    folder = SUITE / "remotes"
    return {
        REMOTE_BASE + path.relative_to(folder).as_posix(): json.loads(path.read_text("utf-8"))
        for path in sorted(folder.rglob("*.json"))
    }


def groups(draft: str, kind: str, suite: Path = SUITE) -> list[tuple[Path, dict]]:
    """(file, group) for the required cases (`required`), the asserted formats (`format`), or
    the optional ECMA-262 regex cases (`ecmascript`). benchmarks/schema_suite.py uses it too."""
    folder = suite / "tests" / draft
    if kind == "required":
        files = sorted(folder.glob("*.json"))
    elif kind == "format":
        names = [*CHECKERS, "unknown", "ecmascript-regex"]
        files = [folder / "optional" / "format" / f"{name}.json" for name in names]
    else:
        files = [folder / "optional" / "ecmascript-regex.json"]
    return [
        (path, group)
        for path in files
        if path.is_file()
        for group in json.loads(path.read_text("utf-8"))
    ]


def asserts_formats(path: Path, kind: str) -> bool:
    """`format.json` of the required cases is the annotation-only one: run with the option."""
    return not (kind == "required" and path.name == "format.json")


def with_dialect(schema, draft: str):
    """The suite's schemas mostly leave their draft to the folder; fmlint reads `$schema`."""
    if isinstance(schema, dict) and "$schema" not in schema:
        return {"$schema": DIALECTS[draft], **schema}
    return schema


def _retrieve(known: dict):
    def retrieve(uri: str):
        if uri not in known:
            raise SourceError(f"{uri} is not in the suite's remotes")
        return known[uri]

    return retrieve


def _disagreements(draft: str, kind: str) -> tuple[int, list[str]]:
    retrieve = _retrieve(remotes())
    count, wrong = 0, []
    for path, group in groups(draft, kind):
        schema = prepare_schema(
            with_dialect(group["schema"], draft), "", path.name, fetch=True, retrieve=retrieve
        )
        checker = SchemaChecker(schema, formats=asserts_formats(path, kind))
        for test in group["tests"]:
            count += 1
            data, expected = test["data"], test["valid"]
            verdict = checker.is_valid(data)
            findings = checker.check(data)
            explained = checker.explain(data)
            name = f"{path.name}: {group['description']}: {test['description']}"
            if verdict is not expected:
                wrong.append(f"{name}: fmlint says valid={verdict}")
            if bool(findings) is verdict or bool(explained) is verdict:
                wrong.append(f"{name}: valid={verdict} but {len(explained)} findings")
    return count, wrong


@pytest.mark.parametrize("draft", list(DIALECTS))
def test_every_required_case(draft):
    count, wrong = _disagreements(draft, "required")
    assert count > 900
    assert wrong == []


@pytest.mark.parametrize("draft", list(DIALECTS))
def test_the_format_cases_of_the_asserted_formats(draft):
    count, wrong = _disagreements(draft, "format")
    assert count > 500
    assert wrong == []


@pytest.mark.parametrize("draft", list(DIALECTS))
def test_the_ecmascript_regex_cases(draft):
    count, wrong = _disagreements(draft, "ecmascript")
    assert count > 50
    assert wrong == []


def test_a_value_explained_invalid_names_only_the_unevaluated_keys():
    schema = {
        "allOf": [{"properties": {"a": {}}}],
        "properties": {"b": {}},
        "unevaluatedProperties": False,
    }
    findings = SchemaChecker(schema).check({"a": 1, "b": 2, "c": 3, "d": 4})
    assert [(f.code, f.path, f.message) for f in findings] == [
        ("FM101", ("c",), "unknown key 'c' in the front matter"),
        ("FM101", ("d",), "unknown key 'd' in the front matter"),
    ]


@pytest.mark.parametrize("condition", [True, False])
def test_a_boolean_if_explains_without_an_internal_error(condition):
    schema = {"if": condition, "then": {"required": ["a"]}, "else": {"required": ["b"]}}
    findings = SchemaChecker(schema).check({})
    missing = "a" if condition else "b"
    assert [(f.code, f.message) for f in findings] == [
        ("FM102", f"missing required key '{missing}' (required by a condition in the schema)")
    ]


def test_a_false_schema_is_one_finding_on_the_front_matter():
    assert SchemaChecker(True).check({"a": 1}) == []
    findings = SchemaChecker(False).check({"a": 1})
    assert [(f.code, f.path, f.message) for f in findings] == [
        ("FM109", (), "the schema allows no front matter here (a `false` schema)")
    ]


# --- the same cases through the command line, as front matter ---


def _yaml(value) -> str:
    """JSON as a YAML 1.2 flow document; astral characters written as `\\U` escapes (YAML does
    not join JSON's surrogate pairs)."""
    text = json.dumps(value, ensure_ascii=True)

    def astral(match: re.Match) -> str:
        high, low = int(match.group(1), 16), int(match.group(2), 16)
        return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"

    return re.sub(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", astral, text)


def _seed_cache(folder: Path) -> None:
    """The remotes as fmlint's schema download cache holds them (one file per URL)."""
    folder.mkdir(parents=True, exist_ok=True)
    for url, document in remotes().items():
        name = hashlib.sha256(url.encode("utf-8")).hexdigest() + ".schema"
        (folder / name).write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize("draft", list(DIALECTS))
def test_object_cases_through_the_cli(draft, tmp_path):
    cache = tmp_path / "schema-cache"
    _seed_cache(cache)
    runner = CliRunner(env={"FMLINT_SCHEMA_CACHE": str(cache)})
    wrong, count = [], 0
    every = [(kind, path, group) for kind in KINDS for path, group in groups(draft, kind)]
    for number, (kind, path, group) in enumerate(every):
        cases = [t for t in group["tests"] if isinstance(t["data"], dict)]
        if not cases:
            continue
        folder = tmp_path / f"g{number}"
        folder.mkdir()
        (folder / "schema.json").write_text(
            json.dumps(with_dialect(group["schema"], draft)), encoding="utf-8"
        )
        for index, test in enumerate(cases):
            text = f"---\n{_yaml(test['data'])}\n---\n"
            (folder / f"case{index}.md").write_text(text, encoding="utf-8")
        args = ["check", "--isolated", "--no-cache", "-j", "1", "--select", "FM1"]
        args += ["--output-format", "json", "--schema", str(folder / "schema.json")]
        args += ["--schema-fetch", str(folder)]
        if not asserts_formats(path, kind):
            args += ["--schema-format", "annotation"]
        result = runner.invoke(cli, args, catch_exceptions=False)
        flagged = {Path(d["path"]).name for d in json.loads(result.stdout or "[]")}
        expected = {f"case{i}.md" for i, test in enumerate(cases) if not test["valid"]}
        count += len(cases)
        if result.exit_code != (1 if expected else 0) or flagged != expected:
            wrong.append(
                f"{path.name}: {group['description']}: exit {result.exit_code}, "
                f"flagged {sorted(flagged)}, expected {sorted(expected)} {result.stderr[:300]}"
            )
    assert count > 300
    assert wrong == []
