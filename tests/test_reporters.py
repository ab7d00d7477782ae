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

ROOT = Path(__file__).resolve().parent.parent
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
        log = json.loads(text)  # and so do the directories: the run's, the docs'
        driver = log["runs"][0]["tool"]["driver"]
        driver["version"] = "X"
        driver.pop("informationUri", None)
        log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///X/"
        driver["rules"] = [rule["id"] for rule in driver["rules"] if rule["id"] < "FM2"]
        text = json.dumps(log, indent=2) + "\n"
    return text


# html holds the rules' documentation and the docs' file:// URI: tests/test_report_html.py
@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"html"}))
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
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"  # not the UTF-16 default


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
    suites = r'<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)"'
    assert re.findall(suites, text) == [
        ("a.md", "2", "2", "0"),
        ("b.md", "1", "0", "0"),  # a warning fails nothing
        ("c.md", "1", "0", "0"),
    ]


def test_env_var_picks_the_format(run, workdir, monkeypatch):
    monkeypatch.setenv("FMLINT_OUTPUT_FORMAT", "json-lines")
    lines = run("check", *CLEAN_ARGS, "a.md").stdout.splitlines()
    assert [json.loads(line)["code"] for line in lines] == ["FM101", "FM103"]


XSD = Path(__file__).parent / "schemas" / "junit-10.xsd"


def junit_checked(text: str, tmp_path: Path):
    """The report validated against the JUnit XSD with lxml, then read by junitparser."""
    etree = pytest.importorskip("lxml.etree")
    junitparser = pytest.importorskip("junitparser")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(text.encode("utf-8"))
    assert schema.validate(document), schema.error_log
    path = tmp_path / "report.xml"
    path.write_text(text, encoding="utf-8")
    return junitparser.JUnitXml.fromfile(str(path))


def test_junit_validates_and_junitparser_counts_only_errors_as_failures(run, workdir, tmp_path):
    xml = junit_checked(report(run, "junit"), tmp_path)
    from junitparser import Failure

    suites = {suite.name: suite for suite in xml}
    assert [(s.tests, s.failures, s.errors, s.skipped) for s in suites.values()] == [
        (2, 2, 0, 0),
        (1, 0, 0, 0),
        (1, 0, 0, 0),
    ]
    (warning,) = list(suites["b.md"])
    assert warning.is_passed
    assert warning.system_out == (
        "b.md:2:12: FM020 [warning] suppression comment silences nothing (FM101); remove it"
    )
    failures = [r for case in suites["a.md"] for r in case.result if isinstance(r, Failure)]
    assert [(f.type, f.message) for f in failures] == [
        ("FM101", "unknown key 'tittle' in the front matter; did you mean 'title'?"),
        (
            "FM103",
            'quality: expected an integer, got string "57" (write the number without quotes)',
        ),
    ]


def test_junit_of_warnings_only_passes_as_the_exit_code_does(run, workdir, tmp_path):
    result = run("check", "--output-format", "junit", *CLEAN_ARGS, "b.md", "c.md")
    assert result.exit_code == 0
    xml = junit_checked(result.stdout, tmp_path)
    assert all(case.is_passed for suite in xml for case in suite)
    assert sum(suite.failures + suite.errors for suite in xml) == 0


def test_junit_of_a_clean_run_validates(run, workdir, tmp_path):
    result = run("check", "--output-format", "junit", *CLEAN_ARGS, "c.md")
    assert result.exit_code == 0
    xml = junit_checked(result.stdout, tmp_path)
    assert [(suite.name, suite.tests) for suite in xml] == [("c.md", 1)]


def test_gitlab_paths_are_relative_even_for_absolute_arguments(run, workdir, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "d.md"
    outside.write_text(ERRORS, encoding="utf-8")
    (workdir / "sub dir").mkdir()
    (workdir / "sub dir" / "e.md").write_text(ERRORS, encoding="utf-8")
    args = (str(workdir / "a.md"), str(workdir / "sub dir" / "e.md"), "./a.md", str(outside))
    result = run("check", "--output-format", "gitlab", *CLEAN_ARGS, *args)
    paths = [issue["location"]["path"] for issue in json.loads(result.stdout)]
    assert sorted(set(paths)) == sorted({"a.md", "sub dir/e.md", outside.as_posix()})


# SARIF: the checks Microsoft's sarif-multitool makes of URIs (SARIF1002: every URI a valid RFC 3986
# URI reference; SARIF1004: a uriBaseId's URI absolute and ending in `/`, a reference with a
# uriBaseId not starting with `/`; SARIF1005: helpUri and informationUri absolute), made here with
# rfc3986-validator so they run everywhere; the multitool itself runs below where it is installed.

ODD_NAMES = ("my post #1.md", "100%.md", "naïve ü.md", "a:b.md", "q?x=1&y[2].md", "sub dir/e f.md")


@pytest.fixture
def odd_workdir(workdir):
    (workdir / "sub dir").mkdir()
    for name in ODD_NAMES:
        (workdir / name).write_text(ERRORS, encoding="utf-8")
    return workdir


def _sarif(run, *paths: str) -> dict:
    return json.loads(run("check", "--output-format", "sarif", *CLEAN_ARGS, *paths).stdout)


def _uri_problems(log: dict) -> list[str]:
    from rfc3986_validator import validate_rfc3986

    problems = []
    run_ = log["runs"][0]
    for base_id, base in run_.get("originalUriBaseIds", {}).items():
        uri = base["uri"]
        if not (validate_rfc3986(uri, rule="URI") and uri.endswith("/")):
            problems.append(f"{base_id}: {uri!r} is not an absolute URI ending in '/'")
    driver = run_["tool"]["driver"]
    absolute = [driver.get("informationUri")] + [rule.get("helpUri") for rule in driver["rules"]]
    for uri in filter(None, absolute):
        if not validate_rfc3986(uri, rule="URI"):
            problems.append(f"{uri!r} is not an absolute URI")
    for result in run_["results"]:
        for location in result["locations"]:
            artifact = location["physicalLocation"]["artifactLocation"]
            uri = artifact["uri"]
            if not validate_rfc3986(uri, rule="URI_reference"):
                problems.append(f"{uri!r} is not a URI reference")
            if "uriBaseId" in artifact:
                if validate_rfc3986(uri, rule="URI") or uri.startswith("/"):
                    problems.append(f"{uri!r} cannot combine with its uriBaseId")
                if artifact["uriBaseId"] not in run_.get("originalUriBaseIds", {}):
                    problems.append(f"{uri!r}: uriBaseId {artifact['uriBaseId']} is not given")
            elif not validate_rfc3986(uri, rule="URI"):
                problems.append(f"{uri!r} is relative and has no uriBaseId")
    return problems


def test_sarif_uris_are_percent_encoded_uri_references(run, odd_workdir):
    from urllib.parse import unquote, urljoin

    absolute = odd_workdir / "my post #1.md"
    log = _sarif(run, *ODD_NAMES, str(absolute))
    assert _uri_problems(log) == []
    base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == Path.cwd().as_uri() + "/"
    locations = {
        (a["uri"], a.get("uriBaseId"))
        for r in log["runs"][0]["results"]
        for a in [r["locations"][0]["physicalLocation"]["artifactLocation"]]
    }
    assert locations == {
        ("my%20post%20%231.md", "%SRCROOT%"),
        ("100%25.md", "%SRCROOT%"),
        ("na%C3%AFve%20%C3%BC.md", "%SRCROOT%"),
        ("a%3Ab.md", "%SRCROOT%"),
        ("q%3Fx%3D1%26y%5B2%5D.md", "%SRCROOT%"),
        ("sub%20dir/e%20f.md", "%SRCROOT%"),
        (absolute.as_uri().replace("#", "%23"), None),
    }
    for uri, base_id in locations:  # each one resolves to the file it names
        full = urljoin(base, uri) if base_id else uri
        assert Path(unquote(full.removeprefix("file://"))).is_file(), full


def test_sarif_rules_link_to_their_pages_on_the_documentation_site(run, workdir):
    """Each rule's helpUri is its page's stable address (tests/test_docs.py builds the site and
    finds each page there), wherever fmlint is installed: never a path of the install."""
    from validator.codes import all_codes
    from validator.reporters.ruledocs import DOCS_SITE
    from validator.reporters.sarif import help_markdown

    log = _sarif(run, "a.md")
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == DOCS_SITE
    codes = {code.code: code for code in all_codes()}
    assert [rule["id"] for rule in driver["rules"]] == list(codes)
    for rule in driver["rules"]:
        assert rule["helpUri"] == f"{DOCS_SITE}rules/{rule['id']}/"
        assert rule["help"]["markdown"] == help_markdown(codes[rule["id"]])
        assert rule["help"]["markdown"].startswith(f"**{rule['id']} {rule['name']} (")
    assert "```yaml" in next(r for r in driver["rules"] if r["id"] == "FM203")["help"]["markdown"]


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a Markdown file's headings (github-slugger, which github.com and
    its Markdown renderer use): lower case, punctuation dropped, each space a hyphen, and `-1`,
    `-2`, ... on repeats."""
    seen: dict[str, int] = {}
    anchors = set()
    fenced = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        match = None if fenced else re.match(r"#{1,6} (.*)", line)
        if not match:
            continue
        slug = re.sub(r"[^\w\- ]", "", match[1].strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def test_docs_index_links_are_the_headings_anchors():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert links
    assert set(links) <= github_anchors(text)


def test_sarif_fingerprints_follow_the_line_text_not_its_number(run, workdir):
    def prints(log):
        return [
            (r["ruleId"], r["partialFingerprints"]["fmlintFindingHash/v1"])
            for r in log["runs"][0]["results"]
        ]

    first = prints(_sarif(run, "a.md", "b.md"))
    assert len({p for _, p in first}) == len(first)
    (workdir / "a.md").write_text("---\n\n\n" + ERRORS[4:], encoding="utf-8")  # lines move
    assert prints(_sarif(run, "a.md", "b.md")) == first
    (workdir / "a.md").write_text(ERRORS.replace('"57"', '"58"'), encoding="utf-8")  # text changes
    changed = prints(_sarif(run, "a.md", "b.md"))
    assert changed[0] == first[0]
    assert changed[1] != first[1]


def _multitool() -> list[str] | None:
    """The sarif-multitool command: $FMLINT_SARIF_MULTITOOL, on PATH, or through npx."""
    import shutil
    import subprocess

    given = os.environ.get("FMLINT_SARIF_MULTITOOL")
    if given:
        return [given]
    if shutil.which("sarif-multitool"):
        return ["sarif-multitool"]
    if not shutil.which("npx"):
        return None
    command = ["npx", "--yes", "--prefer-offline", "@microsoft/sarif-multitool"]
    try:
        done = subprocess.run([*command, "--version"], capture_output=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return command if done.returncode == 0 else None


def test_sarif_passes_microsofts_multitool(run, odd_workdir, tmp_path):
    import subprocess

    command = _multitool()
    if command is None:
        pytest.skip("sarif-multitool is not installed and npx cannot fetch it")
    log = run("check", "--output-format", "sarif", *CLEAN_ARGS, *ODD_NAMES, "b.md").stdout
    absolute = run(
        "check", "--output-format", "sarif", *CLEAN_ARGS, str(odd_workdir / "100%.md")
    ).stdout
    for i, text in enumerate((log, absolute)):
        report_file = tmp_path / f"fmlint{i}.sarif"
        report_file.write_text(text, encoding="utf-8")
        out = tmp_path / f"validation{i}.sarif"
        done = subprocess.run(
            [*command, "validate", str(report_file), "--output", str(out)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        found = json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0].get("results", [])
        problems = [
            (r["ruleId"], r["message"].get("arguments")) for r in found if r.get("level") != "note"
        ]
        assert problems == [], done.stdout
