"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

Values are escaped as the runner expects (its workflow-command rules): `%`, CR and LF in the data,
and also `:` and `,` in properties. The runner decodes those, so a file name with a newline still
names its file; every other non-printable character (ESC, C1 controls, U+2028, ...) is written as
a visible escape (`\\x1b`) first. A finding is one line that starts `::error ` or `::warning `.
"""

from __future__ import annotations

from ..escape import visible


def _data(text: str) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(text)


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
