"""Debian's chromium, headless, through playwright: the browser the report's tests and
docs/make_screenshot.py open pages in (the system one, never a downloaded one)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Known to work on this Debian build in a container: no sandbox, no GPU, and nothing the browser
# would fetch on its own (no QUIC, no component or sync updates, no background networking).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium(profile: Path, *, width: int = 1280, height: int = 900):
    """A browser context on a fresh profile (`--user-data-dir`), offline, at this viewport."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=FLAGS,
            offline=True,
            viewport={"width": width, "height": height},
        )
        try:
            yield context
        finally:
            context.close()
