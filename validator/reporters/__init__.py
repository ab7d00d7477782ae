"""Output formats. Each is one module with a pure `render(results, *, color=False) -> str`.

Adding a format is one module and one line in FORMATS.
"""

from __future__ import annotations

from importlib import import_module

FORMATS = {
    "full": "full",
    "concise": "concise",
    "json": "json",
    "json-lines": "json_lines",
    "github": "github",
    "gitlab": "gitlab",
    "sarif": "sarif",
    "junit": "junit",
    "html": "html",
}


def render(name: str, results, *, color: bool = False, report_dir: str | None = None) -> str:
    """`results` in the format `name`. `report_dir`: the folder the report is written to, which
    a format that links to files (html) makes its links relative to."""
    module = import_module(f"{__name__}.{FORMATS[name]}")
    if name == "html":
        return module.render(results, color=color, report_dir=report_dir)
    return module.render(results, color=color)
