"""Nothing a file contains can forge output: every format, through the real CLI, fed a file whose
name, keys and values hold ESC sequences, CR, LF, U+2028, U+0085 and other C0/C1 controls.

Each format's own consumer is the judge: GitHub's workflow-command grammar (one annotation per
line), a line splitter (one `concise` line per finding), JSON parsers (the exact values come
back), XML parsers and the JUnit XSD, the SARIF schema and its URI rules.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from validator.escape import visible
from validator.reporters import FORMATS

ROOT = Path(__file__).resolve().parent.parent
XSD = Path(__file__).parent / "schemas" / "junit-10.xsd"

# A name that forged an annotation (`x` then a whole `::error` command on its own line), then
# ESC, CR, U+2028, NEL, CSI (C1), BEL, DEL and a bidirectional override.
NAME = "x\n::error file=README.md,line=1::forged\x1b[31m\r\u2028\x85\x9b\x07\x7f\u202e #1%.md"
# Keys and values written with YAML escapes (the parsed text holds the raw characters).
HOSTILE = (
    "---\n"
    '"k\\e[2J\\r\\nx.md:1:1: FM999 forged\\L\\N\\x9b\\a": 1\n'
    'title: "\\e]0;owned\\a\\e[31mred\\r\\n::error ::forged\\L\\N\\x9b"\n'
    "meta:\n"
    '  "\\e[1mk\\x85\\u2029\\x01": "v\\e[0m\\x1c\\x1d\\x1e"\n'
    "---\n"
)
# Raw control characters in the text itself: a YAML error whose source line `full` quotes.
RAW = "---\ntitle: x\x1b[2J\x1b]0;t\x07\x9b\x85\u2028\rforged: 1\n---\n"
SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "integer"},
        "meta": {"type": "object", "additionalProperties": False},
    },
    "required": ["title", "missing"],
    "additionalProperties": False,
}
ARGS = ("--isolated", "--schema", "schema.json", "--select", "FM0,FM1")


@pytest.fixture
def hostile(tmp_path):
    (tmp_path / NAME).write_text(HOSTILE, encoding="utf-8")
    (tmp_path / f"raw{NAME}").write_text(RAW, encoding="utf-8", newline="")
    (tmp_path / "schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    return tmp_path


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "validator", "check", *args],
        cwd=cwd,
        capture_output=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def output(cwd: Path, fmt: str, *extra: str) -> str:
    done = cli(cwd, "--output-format", fmt, *ARGS, *extra, "--", NAME, f"raw{NAME}")
    assert done.returncode == 1, done.stderr.decode(errors="replace")
    return done.stdout.decode("utf-8", "surrogateescape")


def findings(cwd: Path) -> list[dict]:
    return json.loads(output(cwd, "json"))


def no_raw_controls(text: str) -> None:
    """Only printable characters and the line feeds that end lines."""
    bad = sorted({c for c in text if not (c.isprintable() or c == "\n")})
    assert bad == [], f"raw control characters in the output: {bad!r}"


def test_the_fixture_holds_what_it_says(hostile):
    found = findings(hostile)
    paths = {f["path"] for f in found}
    assert paths == {NAME, f"raw{NAME}"}  # JSON gives the exact names back
    messages = " ".join(f["message"] for f in found)
    for char in "\x1b\r\n\u2028\x85\x9b":  # the messages carry the keys' raw characters
        assert char in messages
    assert {f["code"] for f in found} == {"FM005", "FM101", "FM102", "FM103"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_format_lets_a_raw_control_character_through(hostile, fmt):
    no_raw_controls(output(hostile, fmt))


@pytest.mark.parametrize("fmt", ["concise", "full"])
def test_colour_adds_only_its_own_escape_sequences(hostile, fmt):
    text = output(hostile, fmt, "--color", "always")
    assert "\x1b[" in text
    no_raw_controls(re.sub(r"\x1b\[[0-9;]*m", "", text))


def test_concise_is_one_line_per_finding(hostile):
    found = findings(hostile)
    lines = output(hostile, "concise").split("\n")
    assert lines.pop() == ""
    assert len(lines) == len(found)
    for line, finding in zip(lines, found, strict=True):
        where = f"{visible(finding['path'])}:{finding['line']}:{finding['column']}: "
        assert line.startswith(where + finding["code"] + " ")
        assert line.endswith(visible(finding["message"]))


def test_full_is_one_headline_and_a_snippet_per_finding(hostile):
    found = findings(hostile)
    text = output(hostile, "full")
    blocks = text.split("\n\n")
    assert blocks.pop() == ""
    assert len(blocks) == len(found)
    for block, finding in zip(blocks, found, strict=True):
        head, *snippet = block.split("\n")
        assert head.startswith(f"{visible(finding['path'])}:{finding['line']}:")
        assert len(snippet) in (0, 4)
        if snippet:
            bar, source, caret, end = snippet
            gutter = " " * len(str(finding["line"]))
            assert bar == end == f"{gutter} |"
            assert source.startswith(f"{finding['line']} | ")
            assert re.fullmatch(rf"{gutter} \| *\^+", caret)


def test_full_places_the_caret_under_the_escaped_text(hostile):
    (raw,) = [f for f in findings(hostile) if f["path"] == f"raw{NAME}"]
    assert (raw["code"], raw["line"], raw["column"]) == ("FM005", 2, 9)  # at the ESC
    lines = output(hostile, "full").split("\n")
    at = lines.index("2 | title: x\\x1b[2J\\x1b]0;t\\x07\\x9b\\x85\\u2028\\rforged: 1")
    assert lines[at + 1] == "  | " + " " * len("title: x") + "^^^^"  # under all of `\x1b`


_PROPERTY = re.compile(r"(file|line|col|endLine|endColumn|title)=([^,]*)")


def _decode(value: str) -> str:
    """The runner's decoding of a workflow-command value (actions/runner ActionCommand)."""
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def _kept_lines(text: str) -> str:
    """`visible(text)`, but CR and LF kept as they are."""
    return "\r".join("\n".join(map(visible, part.split("\n"))) for part in text.split("\r"))


def parse_annotation(line: str) -> tuple[str, dict, str]:
    """One workflow command as the runner reads it: `::name k=v,k=v::data`."""
    match = re.fullmatch(r"::(error|warning) ([^:]*)::(.*)", line)
    assert match, f"not one annotation: {line!r}"
    command, properties, data = match.groups()
    pairs = properties.split(",")
    parsed = {}
    for pair in pairs:
        key_value = _PROPERTY.fullmatch(pair)
        assert key_value, f"bad property {pair!r} in {line!r}"
        parsed[key_value[1]] = _decode(key_value[2])
    assert list(parsed) == ["file", "line", "col", "endLine", "endColumn", "title"]
    return command, parsed, _decode(data)


def test_github_is_one_annotation_per_finding_and_names_the_real_file(hostile):
    found = findings(hostile)
    text = output(hostile, "github")
    # The runner splits its output on CR and LF alike (.NET ReadLine).
    lines = re.split(r"\r\n|\r|\n", text)
    assert lines.pop() == ""
    assert len(lines) == len(found)
    for line, finding in zip(lines, found, strict=True):
        assert line.startswith(("::error ", "::warning "))
        command, properties, data = parse_annotation(line)
        assert command == ("warning" if finding["severity"] == "warning" else "error")
        # CR and LF travel as %0D/%0A, so the file is the real one; other controls are visible.
        assert properties["file"] == _kept_lines(finding["path"])
        assert properties["line"] == str(finding["line"])
        assert properties["title"] == finding["code"]
        assert data.startswith(finding["code"] + " ")
    assert not any(line.startswith("::error file=README.md") for line in lines)


def test_json_formats_keep_the_exact_values(hostile):
    found = findings(hostile)
    lines = output(hostile, "json-lines").splitlines()  # splits on U+2028, NEL, FS/GS/RS too
    assert [json.loads(line) for line in lines] == found
    gitlab = json.loads(output(hostile, "gitlab"))
    assert [issue["location"]["path"] for issue in gitlab] == [f["path"] for f in found]
    assert [issue["description"] for issue in gitlab] == [
        f"{f['code']} {f['message']}" for f in found
    ]
    sarif = json.loads(output(hostile, "sarif"))
    results = sarif["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert [unquote(uri) for uri in uris] == [f["path"] for f in found]
    assert [r["message"]["text"] for r in results] == [f["message"] for f in found]


def test_junit_is_valid_xml_against_the_xsd_and_junitparser_reads_it(hostile):
    lxml_etree = pytest.importorskip("lxml.etree")
    junitparser = pytest.importorskip("junitparser")
    found = findings(hostile)
    text = output(hostile, "junit")
    document = lxml_etree.fromstring(text.encode("utf-8"))
    schema = lxml_etree.XMLSchema(lxml_etree.parse(str(XSD)))
    assert schema.validate(document), schema.error_log
    path = hostile / "report.xml"
    path.write_text(text, encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    cases = [case for suite in xml for case in suite]
    assert len(cases) == len(found)
    names = {suite.name for suite in xml}
    assert names == {visible(NAME), visible(f"raw{NAME}")}


def test_html_shows_every_finding_as_text_with_the_names_made_visible(hostile):
    from .report_page import Page, findings_of

    found = findings(hostile)
    page = Page(output(hostile, "html"))
    visible_found = [
        {**f, "path": visible(f["path"]), "message": visible(f["message"])} for f in found
    ]
    assert findings_of(page) == visible_found
    assert [tag for tag, _ in page.tags].count("script") == 1
    for row in page.rows:
        assert row["where"] == f"{row['data-path']}:{row['data-line']}:{row['data-column']}"
