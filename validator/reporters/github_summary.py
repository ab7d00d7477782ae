"""A GitHub Actions job summary: the run in Markdown, for the file `$GITHUB_STEP_SUMMARY` names.

GitHub shows at most 10 error and 10 warning annotations per step; the summary, on the run's
page, shows them all by code (code, name, count, severity) and the first findings with their
`path:line`: the errors first, then the warnings, each in path order. Not an output format of
its own: `fmlint check` appends it to that file beside `--output-format github`. Everything a
file contributes is shown literally: control characters as visible escapes (`\\x1b`), and
Markdown and HTML syntax escaped, so a file name or message cannot add links, images, tags or
table cells.
"""

from __future__ import annotations

from ..escape import visible

FIRST = 50  # findings listed one by one; the table counts them all

# Markdown's inline syntax (emphasis, code, links, table cells, strike-through) and the HTML a
# summary would render. Nothing shown starts a line (each is after `- ` or `| `), so `#`, `-`,
# `+` and `1.` need no escape; `(` only matters after a `]`, which is escaped.
_MARKDOWN = {c: "\\" + c for c in "\\`*_[]|~"}
_MARKDOWN.update({"<": "&lt;", ">": "&gt;", "&": "&amp;"})
_ESCAPE = str.maketrans(_MARKDOWN)


def _text(value: object) -> str:
    return visible(str(value)).translate(_ESCAPE)


def render(results, *, headline: str, names: dict[str, str]) -> str:
    """The summary: a heading, `headline` (the run's one-line summary), a table by code and the
    first FIRST findings, errors before warnings. `names` maps a code to its name (`FM101` ->
    `unknown-key`)."""
    diagnostics = results.diagnostics
    out = ["## fmlint\n", "\n", f"{_text(headline)}\n"]
    if diagnostics:
        by_code: dict[str, list] = {}
        for d in diagnostics:
            by_code.setdefault(d.code, []).append(d)
        out += ["\n", "| code | name | count | severity |\n", "|---|---|---:|---|\n"]
        for code, found in sorted(by_code.items(), key=lambda item: (-len(item[1]), item[0])):
            severity = "error" if any(d.severity == "error" for d in found) else "warning"
            out.append(
                f"| {_text(code)} | {_text(names.get(code, ''))} | {len(found)} | {severity} |\n"
            )
        # errors first (what failed the job), then warnings, each in the report's (path) order
        shown = sorted(diagnostics, key=lambda d: d.severity != "error")[:FIRST]
        if len(shown) < len(diagnostics):
            out += ["\n", f"The first {len(shown)} of {len(diagnostics)} findings:\n", "\n"]
        else:
            out += ["\n", "Findings:\n", "\n"]
        for d in shown:
            out.append(
                f"- {_text(f'{d.path}:{d.line}')}: {_text(d.code)} ({d.severity}) "
                f"{_text(d.message)}\n"
            )
    if results.errors:
        out += ["\n", "Paths with errors:\n", "\n"]
    for error in results.errors:
        out.append(f"- {_text(error.path)}: {_text(error.message)}\n")
    return "".join(out) + "\n"
