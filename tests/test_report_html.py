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
from urllib.parse import quote, unquote

from validator.escape import visible
from validator.model import FileResult
from validator.reporters.ruledocs import DOCS_SITE
from validator.run.entries import decode, encode

from .conftest import EXAMPLES, ROOT
from .report_page import Page, findings_of

SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
SUMMARY = re.compile(r"Found (\d+) errors? and (\d+) warnings? in (\d+) of (\d+) files?[.;]")


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


def errors_first(found: list[dict]) -> list[dict]:
    """The errors, then the warnings, each in the order of `--output-format json` (path order)."""
    return sorted(found, key=lambda f: f["severity"] != "error")


def test_the_page_lists_the_json_findings_errors_first_and_the_summary_totals(tmp_path):
    args = ("--no-cache", str(EXAMPLES))
    page = Page(html_report(tmp_path, *args))
    found = json_findings(tmp_path, *args)
    # run from tmp_path, examples/ is outside the project: FM407/FM408 look at none of its files
    assert len(found) == 65
    assert not {f["code"] for f in found} & {"FM407", "FM408"}
    assert unclocked(findings_of(page)) == unclocked(shown(errors_first(found)))
    severities = [row["data-severity"] for row in page.rows]
    assert severities == ["error"] * 41 + ["warning"] * 24
    assert [row["id"] for row in page.rows] == [f"f{n}" for n in range(1, 66)]
    stderr = fmlint(tmp_path, "--output-format", "concise", *args).stderr
    (summary,) = [line for line in stderr.splitlines() if line.startswith("Found ")]  # hints follow
    errors, warnings, touched, files = map(int, SUMMARY.match(summary).groups())
    fixes = re.search(r"(\d+) fixable with --fix \((\d+) more with --unsafe-fixes\)\.", summary)
    fixable, unsafe = map(int, fixes.groups())
    assert page.totals == {
        "files": str(files),
        "clean": str(files - touched),
        "errors": str(errors),
        "warnings": str(warnings),
        "fixable": str(fixable),
    }
    (words,) = re.findall(r'<p class="muted" id="fixes">([^<]*)</p>', html_report(tmp_path, *args))
    assert words == f"{fixable} fixable with --fix ({unsafe} more with --unsafe-fixes)."
    assert unsafe > 0 and summary.endswith(words)
    # each row names path:line:col and quotes its source line with the line number
    first, found_first = page.rows[0], errors_first(found)[0]
    assert first["where"] == f"{found_first['path']}:{found_first['line']}:{found_first['column']}"
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
        href = attrs.get("href")  # a place on the page, a rule's page, or a finding's file
        assert href is None or href.startswith(("#", "file:///", "./", DOCS_SITE)), href
    assert "@import" not in text and "@font-face" not in text
    assert re.findall(r"url\((?!#)", text) == []


def fixable_card(text: str) -> tuple[str, str | None, str | None]:
    """The Fixable card's number, its `--unsafe-fixes` line, and the words under the cards."""
    card = re.search(
        r'<dd data-total="fixable">([^<]*)</dd>(<dd class="more"[^>]*>.*?</dd>)?', text
    )
    more = card.group(2) and re.sub(r"<[^>]+>", "", card.group(2))
    words = re.search(r'<p class="muted" id="fixes">([^<]*)</p>', text)
    return card.group(1), more, words and words.group(1)


def test_only_unsafe_fixes_are_never_a_silent_zero(tmp_path):
    # an http:// URL (FM202) has one fix, unsafe: what --fix alone fixes is 0
    (tmp_path / "a.md").write_text(record().replace("https://www.bbc", "http://www.bbc"))
    (tmp_path / "b.md").write_text(record().replace("https://www.bbc", "http://www.bbc"))
    args = ("--no-cache", "--isolated", "--select", "FM202", "a.md", "b.md")
    text = html_report(tmp_path, *args)
    assert fixable_card(text) == (
        "0",
        "6 with --unsafe-fixes",
        "6 findings fixable with --fix --unsafe-fixes.",
    )
    summary = fmlint(tmp_path, "--output-format", "concise", *args).stderr.strip().splitlines()[-1]
    assert summary.endswith(" 6 findings fixable with --fix --unsafe-fixes.")  # the same words


def test_safe_and_unsafe_fixes_say_how_many_more(tmp_path):
    from validator.diagnostic import Diagnostic, Fix
    from validator.model import Results
    from validator.reporters import html

    def finding(line: int, safety: str | None) -> Diagnostic:
        fix = None if safety is None else Fix(("x",), "write y", "y", safety=safety)
        return Diagnostic("a.md", line, 1, line, 2, "FM502", "warning", "m", fix)

    def render(*safeties) -> str:
        found = tuple(finding(n, s) for n, s in enumerate(safeties, 1))
        return html.render(Results(files=(FileResult("a.md", found),)))

    assert fixable_card(render("safe", "safe", "unsafe")) == (
        "2",
        "1 more with --unsafe-fixes",
        "2 fixable with --fix (1 more with --unsafe-fixes).",
    )
    assert fixable_card(render("safe", None)) == ("1", None, "1 fixable with --fix.")
    assert fixable_card(render(None)) == ("0", None, None)


def test_errors_come_first_then_path_order(tmp_path):
    # a.md: one warning (FM502); b.md: a warning and an error (FM103); c.md: a warning
    (tmp_path / "a.md").write_text(record(" A"))
    (tmp_path / "b.md").write_text(record(" B").replace("quality: 57", 'quality: "57"'))
    (tmp_path / "c.md").write_text(record(" C"))
    page = Page(html_report(tmp_path, "--no-cache", "--isolated", "a.md", "b.md", "c.md"))
    assert [(r["data-path"], r["data-severity"], r["data-code"]) for r in page.rows] == [
        ("b.md", "error", "FM103"),
        ("a.md", "warning", "FM502"),
        ("b.md", "warning", "FM502"),
        ("c.md", "warning", "FM502"),
    ]


def links(text: str) -> dict[str, str]:
    """Each finding's path (its row's data-path) and its link's href, as a browser reads them."""
    page, out, row = Page(text), {}, None
    for tag, attrs in page.tags:
        if tag == "tr" and "data-path" in attrs:
            row = attrs["data-path"]
        elif tag == "a" and attrs.get("class") == "file":
            out[row] = attrs["href"]
    return out


def test_each_finding_links_to_its_file(tmp_path):
    folder = tmp_path / "_news"
    folder.mkdir()
    names = ["plain.md", "javascript:alert(1).md", "a b#c?d%e&\"'<x>.md"]
    for name in names:
        (folder / name).write_text(record(" A"))
    args = ("--no-cache", "--isolated", "--", "_news")
    here = links(html_report(tmp_path, *args))  # -o report.html: beside _news/
    assert here == {
        "_news/plain.md": "./_news/plain.md",
        "_news/javascript:alert(1).md": "./_news/javascript%3Aalert%281%29.md",
        "_news/a b#c?d%e&\"'<x>.md": "./_news/a%20b%23c%3Fd%25e%26%22%27%3Cx%3E.md",
    }
    text = html_report(tmp_path, *args)
    assert 'href="./_news/plain.md"' in text  # the attribute as written, quoted and escaped
    for href in here.values():  # a relative path: never a scheme, never another host
        assert href.startswith("./") and ":" not in href and "//" not in href
        assert (tmp_path / unquote(href)).is_file()
    # the page's rows, their order and texts are those of every other run
    assert [r["where"] for r in Page(text).rows] == [f"_news/{n}:3:8" for n in sorted(names)]


def test_links_are_relative_to_the_reports_folder_or_absolute(tmp_path):
    from validator.diagnostic import Diagnostic
    from validator.model import Results
    from validator.reporters import html

    def render(path: str, **where) -> dict[str, str]:
        finding = Diagnostic(path, 1, 1, 1, 2, "FM502", "warning", "m")
        return links(html.render(Results(files=(FileResult(path, (finding,)),)), **where))

    assert render("_news/a.md", report_dir="out") == {"_news/a.md": "./../_news/a.md"}
    assert render("_news/a.md", report_dir=".") == {"_news/a.md": "./_news/a.md"}
    absolute = str(tmp_path / "x y" / "javascript:a.md")
    expected = "file://" + quote(absolute)  # `:` too: the only one is the scheme's
    assert render(absolute) == {absolute: expected}
    assert expected.startswith("file:///") and expected.count(":") == 1
    assert render("//evil.example/a.md") == {"//evil.example/a.md": "file:///evil.example/a.md"}
    assert render("<stdin>") == {}  # stdin has no file to link to
    undecodable = "caf\udce9.md"  # a name's byte that is not UTF-8, as os.listdir gives it
    assert render(undecodable, report_dir=".") == {visible(undecodable): "./caf%E9.md"}


def test_a_report_in_another_folder_links_back_to_the_files(run, tmp_path, monkeypatch):
    """`-o out/report.html`: the page's links lead from `out/` to the linted files."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    run("check", "--no-cache", "--output-format", "html", "-o", "out/report.html", "posts")
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'href="./../posts/a.md"' in page
