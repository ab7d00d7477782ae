"""`--output-format html`, read back by an HTML parser: the same findings as `json`, the totals of
the run's own summary line, the records' months and providers, every text escaped, nothing
fetched. (tests/test_report_browser.py opens it in Chromium.)"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

from validator.escape import visible
from validator.model import FileResult
from validator.run.entries import decode, encode

from .conftest import EXAMPLES, ROOT
from .report_page import Page, findings_of

SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
SUMMARY = re.compile(r"Found (\d+) errors? and (\d+) warnings? in (\d+) of (\d+) files?\.")


def fmlint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "validator", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
    )


def html_report(cwd: Path, *args: str) -> str:
    target = cwd / "report.html"
    done = fmlint(cwd, "--output-format", "html", "-o", str(target), *args)
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout == ""
    return target.read_text(encoding="utf-8")


def json_findings(cwd: Path, *args: str) -> list[dict]:
    done = fmlint(cwd, "--output-format", "json", *args)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def shown(found: list[dict]) -> list[dict]:
    """JSON findings as a page shows their texts (non-printable characters made visible)."""
    return [{**f, "path": visible(f["path"]), "message": visible(f["message"])} for f in found]


_NOW = re.compile(r"later than \S+ \(now, \S+, ")


def unclocked(found: list[dict]) -> list[dict]:
    """FM301's message says what time it was: two runs a second apart differ there only."""
    return [{**f, "message": _NOW.sub("later than T (now, T, ", f["message"])} for f in found]


def record(
    title: str = "Children making AI-generated child abuse images, says charity",
    *,
    month: str = "2023-11",
    provider: str = "BBC",
) -> str:
    text = SEED.replace(
        'title: "Children making AI-generated child abuse images, says charity"',
        f"title: {json.dumps(title)}",
        1,
    )
    text = text.replace(
        "publishedDateTime: 2023-11-27T16:07:00Z", f"publishedDateTime: {month}-27T16:07:00Z", 1
    )
    return text.replace(
        "provider:\n  name: BBC\n", f"provider:\n  name: {json.dumps(provider)}\n", 1
    )


def test_the_page_lists_the_json_findings_in_their_order_and_the_summary_totals(tmp_path):
    args = ("--no-cache", str(EXAMPLES))
    page = Page(html_report(tmp_path, *args))
    found = json_findings(tmp_path, *args)
    assert len(found) == 66
    assert unclocked(findings_of(page)) == unclocked(shown(found))
    summary = fmlint(tmp_path, "--output-format", "concise", *args).stderr.strip().splitlines()[-1]
    errors, warnings, touched, files = map(int, SUMMARY.match(summary).groups())
    fixable = int(re.search(r"(\d+) fixable with --fix", summary).group(1))
    assert page.totals == {
        "files": str(files),
        "clean": str(files - touched),
        "errors": str(errors),
        "warnings": str(warnings),
        "fixable": str(fixable),
    }
    # each row names path:line:col and quotes its source line with the line number
    first = page.rows[0]
    assert first["where"] == f"{found[0]['path']}:{found[0]['line']}:{found[0]['column']}"
    assert any(row["source"].startswith("3 | tittle:") for row in page.rows)


def test_months_and_providers_come_from_the_records(tmp_path):
    folder = tmp_path / "_news"
    folder.mkdir()
    # FM502 (fields, warning) on each title; the third record also has `quality: "57"` (FM103)
    (folder / "a.md").write_text(record(" A", month="2023-11", provider="BBC"))
    (folder / "b.md").write_text(record(" B", month="2024-01", provider="BBC"))
    (folder / "c.md").write_text(
        record(" C", month="2024-01", provider="AP").replace("quality: 57", 'quality: "57"')
    )
    page = Page(html_report(tmp_path, "--no-cache", "--isolated", "_news"))
    months = [attrs["data-month"] for tag, attrs in page.tags if "data-month" in attrs]
    assert months == ["2023-11", "2024-01"]  # 2023-12 has no findings: no table row
    text = " ".join(page.text)
    assert "2023-12: 0 findings" in text  # but a column in the chart, a gap worth seeing
    assert "2024-01: 3 findings (Schema 1, Fields 2)" in text
    providers = [a["data-name"] for t, a in page.tags if t == "tr" and "data-name" in a]
    # providers, then files (worst first): 2 findings each, AP's with an error ranks first
    assert providers[:2] == ["AP", "BBC"]
    assert providers[2:] == ["_news/c.md", "_news/a.md", "_news/b.md"]
    assert {row["data-provider"] for row in page.rows} == {"BBC", "AP"}


def test_facts_survive_the_cache_and_the_workers(tmp_path):
    result = FileResult("a.md", (), {}, (("month", "2023-11"), ("provider", "BBC")))
    from validator.diagnostic import Diagnostic

    result = FileResult(
        "a.md", (Diagnostic("a.md", 1, 1, 1, 2, "FM502", "warning", "m"),), {1: "x"}, result.facts
    )
    assert decode(encode(result), "a.md").facts == result.facts
    clockless = ("--ignore", "FM301", str(EXAMPLES))  # its message says what time it is
    args = ("--cache-dir", str(tmp_path / "cache"), *clockless)
    cold = html_report(tmp_path, *args)
    assert any((tmp_path / "cache").rglob("*"))
    warm = html_report(tmp_path, *args)
    assert warm == cold
    assert 'data-month="2023-11"' in warm and 'data-provider="BBC"' in warm
    assert html_report(tmp_path, "--no-cache", "--jobs", "2", *clockless) == cold
    assert html_report(tmp_path, "--no-cache", "--jobs", "1", *clockless) == cold


HOSTILE_TITLE = "<script>alert(1)</script> "
HOSTILE_PROVIDER = "\"><img src=x onerror=alert(2)>'"


def test_what_a_record_holds_is_text_in_text_and_attributes(tmp_path):
    name = "a<b>&\"'.md"
    (tmp_path / name).write_text(record(HOSTILE_TITLE, provider=HOSTILE_PROVIDER))
    text = html_report(tmp_path, "--no-cache", "--isolated", "--", name)
    page = Page(text)
    assert [tag for tag, _ in page.tags].count("script") == 1  # the page's own
    assert not any(tag in ("img", "b") for tag, _ in page.tags)
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
    (row,) = [r for r in page.rows if r["data-code"] == "FM502"]
    assert row["data-provider"] == HOSTILE_PROVIDER
    assert row["data-path"] == name
    assert HOSTILE_TITLE.strip() in row["source"]
    assert row["where"] == f"{name}:3:8"  # the title is the third line, its value at 8


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_page_is_self_contained(tmp_path):
    text = html_report(tmp_path, "--no-cache", str(EXAMPLES))
    page = Page(text)
    (policy,) = [
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policy.startswith("default-src 'none';")
    (script,) = page.scripts
    assert f"script-src {_csp_hash(script)};" in policy  # the only script that may run
    style = text.split("<style>", 1)[1].split("</style>", 1)[0]
    assert f"style-src {_csp_hash(style)};" in policy
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith(("#", "file:///")), href
    assert "@import" not in text and "@font-face" not in text
    assert re.findall(r"url\((?!#)", text) == []
