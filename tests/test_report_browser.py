"""The HTML report in a real browser: Debian's `chromium`, headless, driven by playwright (the
system browser, never a downloaded one). The numbers on the page against the JSON output of the
same files, the filter used, a screenshot saved, and a record whose title is
`<script>alert(1)</script>` shown as text with nothing run (no dialog opens), nothing fetched.

Skipped, with the reason, where the browser or playwright is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from .browser import CHROMIUM, chromium
from .conftest import EXAMPLES, ROOT

SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
TITLE = "<script>alert(1)</script>"
PROVIDER = '"><img src=x onerror=alert(2)>'

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.is_file(),
        reason=f"no {CHROMIUM}: install Debian's browser (apt-get install chromium); .ci/run does",
    ),
]


def fmlint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "validator", "check", "--no-cache", "--ignore", "FM301", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The examples plus a hostile record, linted to report.html and to JSON."""
    folder = tmp_path_factory.mktemp("report")
    shutil.copytree(EXAMPLES, folder / "examples")
    hostile = SEED.replace(
        'title: "Children making AI-generated child abuse images, says charity"',
        f'title: " {TITLE}"',  # FM502: the row quotes this line
    ).replace("  name: BBC\n", f"  name: {json.dumps(PROVIDER)}\n")
    (folder / "examples" / "hostile.md").write_text(hostile, encoding="utf-8")
    html = fmlint(folder, "--output-format", "html", "-o", "report.html", "examples")
    assert html.returncode == 1, html.stderr
    found = fmlint(folder, "--output-format", "json", "examples")
    return folder, json.loads(found.stdout)


@pytest.fixture(scope="module")
def page(run, tmp_path_factory):
    pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
    )
    folder, _ = run
    profile = tmp_path_factory.mktemp("profile")  # a fresh --user-data-dir
    with chromium(profile) as context:
        tab = context.new_page()
        tab.dialogs, tab.requests, tab.problems = [], [], []
        tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
        tab.on("request", lambda request: tab.requests.append(request.url))
        tab.on("console", lambda m: m.type in ("error", "warning") and tab.problems.append(m.text))
        tab.on("pageerror", lambda error: tab.problems.append(str(error)))
        tab.goto((folder / "report.html").as_uri())
        tab.wait_for_load_state("load")
        yield tab


def visible_rows(tab) -> int:
    return tab.locator("#findings tbody tr:visible").count()


def choose(tab, **values) -> None:
    """Set the filter's fields (code, severity, provider: a choice; path: typed)."""
    tab.evaluate("document.getElementById('filter').reset()")
    for name, value in values.items():
        field = tab.locator(f"#filter [name={name}]")
        if name == "path":
            field.fill(value)
        else:
            field.select_option(value)


def test_the_numbers_on_the_page_are_the_json_findings(page, run):
    _, found = run
    total = lambda key: int(page.inner_text(f"[data-total={key}]").replace(",", ""))  # noqa: E731
    errors = sum(f["severity"] == "error" for f in found)
    assert total("errors") == errors
    assert total("warnings") == len(found) - errors
    assert total("files") - total("clean") == len({f["path"] for f in found})
    per_code = {
        row.get_attribute("data-code"): int(row.locator("td").nth(3).inner_text())
        for row in page.locator("table.codes tbody tr").all()
    }
    assert per_code == Counter(f["code"] for f in found)
    assert page.locator("#findings tbody tr").count() == len(found) == visible_rows(page)
    assert page.inner_text("#shown") == str(len(found))
    where = page.locator("#findings tbody tr td.loc").all_inner_texts()
    errors_first = sorted(found, key=lambda f: f["severity"] != "error")  # then path order
    assert where == [f"{f['path']}:{f['line']}:{f['column']}" for f in errors_first]
    severities = page.locator("#findings tbody tr").evaluate_all(
        "rows => rows.map(row => row.dataset.severity)"
    )
    assert severities == ["error"] * errors + ["warning"] * (len(found) - errors)


def test_each_finding_links_to_its_file(page, run):
    folder, found = run
    hrefs = page.locator("#findings td.loc a").evaluate_all("links => links.map(a => a.href)")
    paths = page.locator("#findings tbody tr").evaluate_all("rows => rows.map(r => r.dataset.path)")
    assert len(hrefs) == len(paths) == len(found)
    # the report is in `folder`: each link, resolved by the browser, is the file's own URL
    assert hrefs == [(folder / path).as_uri() for path in paths]
    assert all((folder / path).is_file() for path in paths)


@pytest.mark.parametrize("width", [1280, 700, 420])
def test_labels_keep_to_one_line(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    try:
        line = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('dl.totals dt')).lineHeight)"
        )
        heights = page.locator("dl.totals dt, dl.totals dd.more, table th").evaluate_all(
            "cells => cells.map(c => c.getBoundingClientRect().height)"
        )
        labels = page.locator("dl.totals dt").all_inner_texts()
        assert labels == ["FILES", "CLEAN FILES", "ERRORS", "WARNINGS", "FIXABLE"]
        assert 10 < line < 20
        assert all(h < 1.5 * line for h in heights[:5]), heights  # the cards' labels
        assert all(h < line + 12 for h in heights), heights  # and no header of two lines
        column = page.evaluate("document.body.getBoundingClientRect().width")
        assert column == min(width, 1240 + 48)  # the main column: up to 1240px and its padding
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_the_filter(page, run):
    folder, found = run
    assert page.locator("#filter").is_visible()  # the script ran and showed it
    choose(page, code="FM502")
    wanted = sum(f["code"] == "FM502" for f in found)
    assert visible_rows(page) == wanted > 1
    assert page.inner_text("#shown") == str(wanted)
    choose(page, severity="error")
    assert visible_rows(page) == sum(f["severity"] == "error" for f in found)
    choose(page, path="invalid/fm1")  # case does not matter
    assert visible_rows(page) == sum("invalid/FM1" in f["path"] for f in found)
    choose(page, code="FM103", path="wrong-type")
    assert visible_rows(page) == sum(
        f["code"] == "FM103" and "wrong-type" in f["path"] for f in found
    )
    choose(page, provider=PROVIDER)
    assert visible_rows(page) == sum(f["path"].endswith("hostile.md") for f in found) > 0
    choose(page)
    page.locator("table.codes a[data-code=FM105]").click()  # a code in the table filters too
    assert page.locator("#filter [name=code]").input_value() == "FM105"
    assert visible_rows(page) == sum(f["code"] == "FM105" for f in found)
    shot = folder / "report.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    choose(page)


def test_a_script_in_a_record_is_text_and_runs_nothing(page):
    assert page.dialogs == []
    assert page.evaluate("document.scripts.length") == 1
    assert page.locator("img").count() == 0
    row = page.locator("#findings tbody tr", has_text="hostile.md")
    assert TITLE in row.locator("pre.src").inner_text()
    assert row.get_attribute("data-provider") == PROVIDER
    assert PROVIDER in row.locator("td").last.inner_text()


def test_nothing_is_fetched_and_nothing_is_refused(page):
    assert all(url.startswith("file://") for url in page.requests), page.requests
    assert page.problems == []  # no script error, no Content-Security-Policy violation
