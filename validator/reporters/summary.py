"""The words a run ends with: the summary line, what is fixable, and `--statistics`.

Pure functions of the results (strings in, strings out); `checking` decides where they go.
"""

from __future__ import annotations

from ..escape import dumps
from ..source.frontmatter import UNREADABLE

# `--statistics` in these formats is the statistics in that format (as ruff's `--output-format
# json`); beside the other machine formats the report stays as it is and the table goes to stderr.
STATISTICS_FORMATS = frozenset({"json", "json-lines"})


def code_names() -> dict[str, str]:
    from ..codes import all_codes  # every rule module: only when a report names codes

    return {code.code: code.name for code in all_codes()}


def statistics(results, output_format: str = "full", *, unsafe: bool = False) -> str:
    """Findings per code, most first: a text table, or for json (an array) and json-lines (one
    object a line) `{code, name, severity, count, fixable}`, `fixable` true when `--fix` (with
    `--unsafe-fixes`, when given) can fix at least one of them."""
    names = code_names()
    by_code: dict[str, list] = {}
    for d in results.diagnostics:
        by_code.setdefault(d.code, []).append(d)
    ordered = sorted(by_code.items(), key=lambda item: (-len(item[1]), item[0]))
    if output_format not in STATISTICS_FORMATS:
        return "".join(
            f"{len(found):>5}  {code}  {names.get(code, '')}\n" for code, found in ordered
        )

    rows = [
        {
            "code": code,
            "name": names.get(code, ""),
            "severity": "error" if any(d.severity == "error" for d in found) else "warning",
            "count": len(found),
            "fixable": any(d.fix is not None and (d.fix.safety == "safe" or unsafe) for d in found),
        }
        for code, found in ordered
    ]
    if output_format == "json":
        return dumps(rows, indent=2) + "\n"
    return "".join(dumps(row) + "\n" for row in rows)


def summary(results) -> str:
    """`Found 3 errors and 1 warning in 2 of 140 files.` or `All checks passed (140 files).`

    A path that could not be read (or fixed) is never hidden behind "All checks passed":
    `No files checked: 1 path could not be read.`, `No findings in 3 files; 1 path could not be
    read.`, `Found 1 error in 1 of 3 files; 1 path could not be read.`; and a file whose front
    matter fmlint cannot read (`---js`) is counted as not read: `...; 1 file not read (FM012)`.
    """
    total = getattr(results, "checked", None)
    if total is None:
        total = len(results.files)
    files_word = "file" if total == 1 else "files"
    diagnostics = results.diagnostics
    trouble = _trouble(results.errors)
    if not diagnostics:
        if not trouble:
            return f"All checks passed ({total} {files_word})."
        if not total:
            return f"No files checked: {trouble}."
        return f"No findings in {total} {files_word}; {trouble}."
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    parts = [plural(errors, "error")] if errors else []
    if warnings:
        parts.append(plural(warnings, "warning"))
    touched = sum(1 for f in results.files if f.diagnostics)
    found = f"Found {' and '.join(parts)} in {touched} of {total} {files_word}"
    unread = sum(1 for f in results.files if any(d.code == UNREADABLE for d in f.diagnostics))
    if unread:  # a file whose front matter was never checked is named as such, not as passed
        found += f"; {plural(unread, 'file')} not read ({UNREADABLE})"
    return f"{found}; {trouble}." if trouble else f"{found}."


def _trouble(errors) -> str:
    """`1 path could not be read and 2 could not be written`, or "" without errors."""
    kinds: dict[str, int] = {}
    for error in errors:
        if error.message.startswith(("cannot write", "changed on disk")):
            kind = "written"  # --fix left the file as it was (`fix_output.write_fixes`)
        elif error.message.startswith("internal error"):
            kind = "checked"
        else:
            kind = "read"
        kinds[kind] = kinds.get(kind, 0) + 1
    said = []
    for kind in ("read", "written", "checked"):
        if kind in kinds:
            paths = plural(kinds[kind], "path") if not said else str(kinds[kind])
            said.append(f"{paths} could not be {kind}")
    return " and ".join(said)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def fixable(results, unsafe: bool = False, fixed: bool = False) -> str:
    """What the summary adds about fixes, as ruff says it: ` 3 fixable with --fix (1 more with
    --unsafe-fixes).`; "" when there is none. After `--fix`, what is left was not fixable in
    place (a block scalar, an anchor), so only the fixes it did not try are named."""
    fixes = [d.fix.safety for d in results.diagnostics if d.fix is not None]
    safe = 0 if fixed else sum(safety == "safe" or unsafe for safety in fixes)
    more = 0 if unsafe else sum(safety != "safe" for safety in fixes)
    if not (safe or more):
        return ""
    if not safe:
        return f" {plural(more, 'finding')} fixable with --fix --unsafe-fixes."
    text = f" {safe} fixable with --fix"
    return text + (f" ({more} more with --unsafe-fixes)." if more else ".")


def diff_summary(results, changes, *, unsafe: bool = False) -> str:
    """What `--diff` says on stderr, `results` being what the fixes would leave: `Would fix 3
    findings in 1 file.` when nothing else would remain; else, after that line when there is
    something to fix, `Found 1 error in 1 of 2 files. No fixes available.` (or `2 findings
    fixable with --unsafe-fixes.`), so a diff that is empty never reads as a pass."""
    lines = []
    if changes:
        count = sum(len(change.applied) for change in changes)
        files = "file" if len(changes) == 1 else "files"
        head = f"Would fix {plural(count, 'finding')} in {len(changes)} {files}"
        if not (results.diagnostics or results.errors):
            return head + "."
        lines.append(head + "; what would remain:")
    found = summary(results)
    if results.diagnostics:
        fixes = [d.fix.safety for d in results.diagnostics if d.fix is not None]
        more = 0 if unsafe else sum(safety != "safe" for safety in fixes)
        note = f"{plural(more, 'finding')} fixable with --unsafe-fixes." if more else ""
        found += " " + (note or "No fixes available.")
    lines.append(found)
    return "\n".join(lines)
