"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

Values are escaped as the runner expects: `%`, CR and LF everywhere, and `:` and `,` in properties.
"""

from __future__ import annotations


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(results, *, color: bool = False) -> str:
    lines = []
    for d in results.diagnostics:
        command = "warning" if d.severity == "warning" else "error"
        properties = (
            f"file={_property(d.path)},line={d.line},col={d.column},"
            f"endLine={d.end_line},endColumn={d.end_column},title={_property(d.code)}"
        )
        lines.append(f"::{command} {properties}::{_data(f'{d.code} {d.message}')}\n")
    return "".join(lines)
