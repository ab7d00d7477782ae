"""Make docs/report.png: the HTML report of the shipped examples, as headless Chromium shows it.

    .venv/bin/python docs/make_screenshot.py

Lints `examples/` into a temporary report (`fmlint check --output-format html`), opens it in
Debian's `chromium` through playwright (the system browser, never a downloaded one: see
`tests/browser.py`) and saves the top of the page. Needs `apt-get install chromium` and the
`playwright` package (the dev extra).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from tests.browser import chromium

    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.html"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "validator",
                "check",
                "--no-cache",
                "--output-format",
                "html",
                "-o",
                str(report),
                "examples/",
            ],
            cwd=ROOT,
            check=False,
        )
        with chromium(Path(folder) / "profile", width=1200, height=1500) as browser:
            page = browser.new_page()
            page.goto(report.as_uri())
            target = ROOT / "docs" / "report.png"
            page.screenshot(path=str(target), full_page=False)
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
