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


def render(name: str, results, *, color: bool = False) -> str:
    module = import_module(f"{__name__}.{FORMATS[name]}")
    return module.render(results, color=color)
