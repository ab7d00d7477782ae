"""What the language server publishes: fmlint's findings as LSP diagnostics.

Codes, severities and messages are the CLI's own; each code links to its rule's page on the
documentation site (`ruledocs.rule_url`, the address SARIF and the HTML report give). A finding
with a fix carries it in its diagnostic's `data` (`{"version", "title", "newText", "safe"}`, made
once per lint, as ruff-lsp does), so a code action only reads it back (`carried_fix`). An unsafe
fix (it changes what the file says: FM101's rename) is offered as that diagnostic's quick fix,
which the person picks, never in "Fix all in file", which is `--fix` and takes safe fixes only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lsprotocol import types

from ..diagnostic import Diagnostic
from .positions import UTF16, split_lines, to_lsp_range

SOURCE = "fmlint"
TOO_LONG = "fmlint took too long on this document"

_SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
}


def rule_links() -> dict[str, str]:
    """Each code -> the stable address of its page on the documentation site."""
    # here, not at the top: the rule docs (~20 ms) load on the first lint, not at start-up
    from ..codes import all_codes
    from ..reporters.ruledocs import rule_url

    return {code.code: rule_url(code) for code in all_codes()}


def to_lsp_diagnostic(
    text_lines: list[str], diagnostic: Diagnostic, links: dict[str, str], encoding: str = UTF16
) -> types.Diagnostic:
    href = links.get(diagnostic.code)
    return types.Diagnostic(
        range=to_lsp_range(text_lines, diagnostic, encoding),
        message=diagnostic.message,
        severity=_SEVERITIES.get(diagnostic.severity, types.DiagnosticSeverity.Error),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
    )


def lint(
    linter: Any,
    text: str,
    name: str,
    version: int | None,
    links: Callable[[], dict[str, str]],
    encoding: str,
) -> list[types.Diagnostic]:
    """The diagnostics of `linter` for `text` (`name`: its path, or its URI); each with a fix (safe
    or unsafe) carries it, ready to apply, in `data`, so a code action needs no work. `links`
    gives the rule links (`rule_links`), asked for only when there is a finding."""
    # here, not at the top: the fixer (~35 ms) loads on the first lint, not at start-up
    from ..fixing import edits as fix

    result = linter.lint_text(text, name)
    lines = split_lines(text)
    found = []
    for d in result.diagnostics:
        diagnostic = to_lsp_diagnostic(lines, d, links(), encoding)
        if fix.wanted(d.fix, unsafe=True):
            fixed, applied = fix.apply(text, [d.fix], linter.settings.yaml_version)
            if applied:
                safe = d.fix.safety == fix.SAFE
                diagnostic.data = {
                    "version": version,
                    "title": f"Fix {d.code}{'' if safe else ' (unsafe)'}: {d.fix.description}",
                    "newText": fixed,
                    "safe": safe,
                }
        found.append(diagnostic)
    return found


def carried_fix(diagnostic: types.Diagnostic, version: int | None) -> dict | None:
    """The fix an fmlint diagnostic carries, if it was made for this version of the text."""
    data = diagnostic.data
    if diagnostic.source != SOURCE or not isinstance(data, dict):
        return None
    if data.get("version") != version or not isinstance(data.get("newText"), str):
        return None
    return data


def too_long() -> types.Diagnostic:
    """The one diagnostic of a document whose lint ran over its time budget."""
    start = types.Position(line=0, character=0)
    return types.Diagnostic(
        range=types.Range(start=start, end=start),
        message=TOO_LONG,
        severity=types.DiagnosticSeverity.Warning,
        source=SOURCE,
    )
