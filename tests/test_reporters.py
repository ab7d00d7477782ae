"""Every output format against a golden file, and SARIF against the official 2.1.0 schema.

Regenerate the golden files after an intended change with `FMLINT_UPDATE_GOLDEN=1 pytest`.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from validator.reporters import FORMATS

from .conftest import SHARED

GOLDEN = Path(__file__).parent / "golden"
ERRORS = '---\ntittle: "x"\nquality: "57"\n---\n'
WARNING = '---\ntitle: "y" # fmlint: disable=FM101\n---\n'
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {"title": {"type": "string"}, "quality": {"type": "integer"}},
    "required": ["title"],
    "additionalProperties": False,
}
CLEAN_ARGS = ("--isolated", "--select", "FM0,FM1", "--schema", "schema.json")


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text(ERRORS, encoding="utf-8")
    (tmp_path / "b.md").write_text(WARNING, encoding="utf-8")
    (tmp_path / "c.md").write_text("---\ntitle: z\n---\n", encoding="utf-8")
    (tmp_path / "schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("FMLINT_OUTPUT_FORMAT", raising=False)
    return tmp_path


def report(run, fmt: str) -> str:
    result = run("check", "--output-format", fmt, *CLEAN_ARGS, "a.md", "b.md", "c.md")
    assert result.exit_code == 1
    text = result.stdout
    if fmt == "sarif":  # the version and rule texts change with every release: keep them out
        log = json.loads(text)
        driver = log["runs"][0]["tool"]["driver"]
        driver["version"] = "X"
        driver["rules"] = [rule["id"] for rule in driver["rules"] if rule["id"] < "FM2"]
        text = json.dumps(log, indent=2) + "\n"
    return text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_golden(run, workdir, fmt):
    text = report(run, fmt)
    golden = GOLDEN / f"{fmt}.txt"
    if os.environ.get("FMLINT_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_sarif_is_valid_against_the_official_schema(run, workdir):
    schema_file = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_file.is_file():
        pytest.skip(f"the official SARIF schema is not here ({schema_file}); CI has it")
    import jsonschema

    log = json.loads(run("check", "--output-format", "sarif", *CLEAN_ARGS, "a.md", "b.md").stdout)
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert errors == []
    driver = log["runs"][0]["tool"]["driver"]
    rule = next(r for r in driver["rules"] if r["id"] == "FM101")
    assert rule["name"] == "unknown-key"
    assert rule["defaultConfiguration"] == {"level": "error"}
    first = log["runs"][0]["results"][0]
    assert driver["rules"][first["ruleIndex"]]["id"] == first["ruleId"]


def test_github_escapes_and_is_chosen_under_actions(run, workdir, monkeypatch):
    from validator.diagnostic import Diagnostic
    from validator.model import FileResult, Results
    from validator.reporters import render

    odd = Diagnostic("dir,x/a:b.md", 1, 2, 1, 3, "FM101", "error", "100% wrong\nnext, line")
    text = render("github", Results((FileResult(odd.path, (odd,)),)))
    assert text == (
        "::error file=dir%2Cx/a%3Ab.md,line=1,col=2,endLine=1,endColumn=3,title=FM101"
        "::FM101 100%25 wrong%0Anext, line\n"
    )
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    auto = run("check", *CLEAN_ARGS, "a.md").stdout
    assert auto.startswith("::error file=a.md,line=2,col=1,")
    assert run("check", "--output-format", "concise", *CLEAN_ARGS, "a.md").stdout.startswith(
        "a.md:"
    )


def test_gitlab_fingerprints_are_stable_and_unique(run, workdir):
    first = json.loads(report(run, "gitlab"))
    (workdir / "a.md").write_text("---\n\n\n" + ERRORS[4:], encoding="utf-8")  # lines move
    moved = json.loads(report(run, "gitlab"))
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in moved]
    assert len({i["fingerprint"] for i in first}) == len(first)


def test_junit_has_a_suite_per_file(run, workdir):
    text = report(run, "junit")
    assert re.findall(r'<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)"', text) == [
        ("a.md", "2", "2"),
        ("b.md", "1", "1"),
        ("c.md", "1", "0"),
    ]


def test_env_var_picks_the_format(run, workdir, monkeypatch):
    monkeypatch.setenv("FMLINT_OUTPUT_FORMAT", "json-lines")
    lines = run("check", *CLEAN_ARGS, "a.md").stdout.splitlines()
    assert [json.loads(line)["code"] for line in lines] == ["FM101", "FM103"]
