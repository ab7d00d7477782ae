"""Small ways a committed file or config could break fmlint, each shown to end safely: a finding,
a clear config error or exit 2 with the previous report intact, never an internal error."""

from __future__ import annotations

import json
import math
import os
import sys
import types
from pathlib import Path

import pytest

from tests.article_config import article_config
from validator.cli import check as checking
from validator.config import ConfigError, load
from validator.disk import write
from validator.engine import Engine
from validator.escape import dumps, visible
from validator.rules.options import MAX_HOURS, BadValue, hours, positive_number
from validator.source.document import parse, resolve_plain

SEED = (Path(__file__).resolve().parent.parent / "examples" / "valid" / "seed.md").read_text(
    encoding="utf-8"
)
HUGE_HEX = "0x" + "f" * 5000


def lint(text: str):
    return Engine().lint_text(text, "post.md").diagnostics


# -- a hex integer past Python's int-str limit


def test_a_huge_hex_integer_stays_text():
    assert resolve_plain(HUGE_HEX) == HUGE_HEX
    assert resolve_plain("-" + HUGE_HEX) == "-" + HUGE_HEX
    assert resolve_plain("0o" + "7" * 6000) == "0o" + "7" * 6000
    assert resolve_plain("0xff") == 255 and resolve_plain("0o17") == 15


@pytest.mark.skipif(not hasattr(sys, "get_int_max_str_digits"), reason="no int-str limit")
def test_a_hex_integer_just_inside_the_limit_is_a_number():
    digits = 3000  # 3000 hex digits: about 3,612 decimal ones, under 4,300
    value = resolve_plain("0x" + "f" * digits)
    assert isinstance(value, int) and len(str(value)) < sys.get_int_max_str_digits()


def test_a_huge_hex_width_is_a_type_finding_not_an_internal_error():
    text = SEED.replace("width: 1024", f"width: {HUGE_HEX}", 1)
    found = lint(text)
    assert [(d.code, d.line, d.column) for d in found] == [("FM103", 24, 12)]
    assert "expected an integer, got string" in found[0].message


# -- a lone surrogate in the text


def test_lint_text_reports_a_lone_surrogate_as_not_text():
    text = SEED.replace("category: news", "category: ne\udc80ws", 1)
    found = lint(text)
    assert [(d.code, d.line, d.column, d.end_column) for d in found] == [("FM011", 2, 13, 14)]
    assert found[0].message == "not text: U+DC80 is a lone surrogate, not a character"


def test_a_lone_surrogate_in_the_body_is_found_too():
    found = lint(SEED + "body \ud800 text\n")
    assert [d.code for d in found] == ["FM011"]


def test_a_lone_surrogate_reaches_every_report_escaped(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"caf\xe9.md")  # not UTF-8: a lone surrogate in the name
    Path(name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    article_config(tmp_path)  # an article record: it has findings to report
    shown = {"sarif": "caf%E9.md"}  # a URI: the original byte, percent-encoded
    formats = ("full", "concise", "json", "json-lines", "github", "gitlab", "sarif", "junit")
    for output_format in formats:
        report = tmp_path / f"report.{output_format}"
        result = run("check", "--no-cache", "--output-format", output_format, "-o", str(report))
        assert result.exit_code == 1, (output_format, result.output)
        data = report.read_bytes().decode("utf-8")  # strict: the report is UTF-8
        assert shown.get(output_format, "caf\\udce9.md") in data, output_format
        if output_format in ("json", "gitlab"):
            assert "caf\udce9.md" in json.dumps(json.loads(data), ensure_ascii=False)


def test_safe_escapes_lone_surrogates():
    assert visible("caf\udce9.md") == "caf\\udce9.md"
    assert dumps({"path": "caf\udce9"}) == '{"path": "caf\\udce9"}'
    assert json.loads(dumps(["\udce9"])) == ["\udce9"]
    dumps(["\udce9"]).encode("utf-8")  # no surrogate left raw


# -- option values


def test_future_skew_hours_is_bounded():
    assert hours(MAX_HOURS).total_seconds() == MAX_HOURS * 3600
    with pytest.raises(BadValue, match="at most 87,600 hours"):
        hours(99999999999999999999)


def test_a_huge_future_skew_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="future-skew-hours must be at most 87,600 hours"):
        load(_config(tmp_path, "[tool.fmlint.dates]\nfuture-skew-hours = 99999999999999999999\n"))


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 0, -1.5, True])
def test_aspect_limits_refuse_nan_and_infinity(value):
    with pytest.raises(BadValue, match="must be a positive number"):
        positive_number(value)


@pytest.mark.parametrize("written", ["nan", "inf", "+inf"])
def test_nan_aspect_limit_in_a_config_is_an_error(tmp_path, written):
    with pytest.raises(ConfigError, match=r"'images'\.aspect-max must be a positive number"):
        load(_config(tmp_path, f"[tool.fmlint.images]\naspect-max = {written}\n"))


def _config(folder: Path, text: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- a full disk


@pytest.mark.parametrize("failing", ["write", "rename"])
def test_a_full_disk_keeps_the_previous_report(run, tmp_path, monkeypatch, failing):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    report = tmp_path / "report.json"
    report.write_text("previous", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(28, os.strerror(28))

    if failing == "write":  # the disk fills while the new file is written
        only_here = types.SimpleNamespace(**{**vars(os), "fdopen": full})
        monkeypatch.setattr(write, "os", only_here)
    else:
        monkeypatch.setattr(checking.os, "replace", full)
    result = run("check", "--no-cache", "--output-format", "json", "-o", str(report))
    assert result.exit_code == 2
    assert f"fmlint: error: {report}: cannot write the report: {os.strerror(28)}" in result.stderr
    assert report.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# -- a YAML control character is named by its code point


def test_a_control_character_is_named_u_plus():
    (finding,) = parse("title: a\x1bb\n").findings
    assert finding.code == "FM005"
    assert "the character U+001B here" in finding.message
    assert " 27 " not in finding.message
    assert (finding.span.line, finding.span.column) == (1, 9)
