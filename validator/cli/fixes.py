"""What `--fix` and `--diff` put out: the fixed files (written atomically, or left alone with a
reason), the unified diff, stdin's fixed text, and the lines saying what was fixed.

The fixing itself is `fixing`'s (through `Linter.fix_text` / `Linter.fix_targets`).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from ..escape import visible
from ..fixing.edits import ChangedOnDisk, Refused, outside, write_atomic
from ..model import Change, FileError, Results
from ..reporters.summary import plural
from ..source.reading import decode
from ..value import replace
from .console import echo


def unified_diff(changes) -> str:
    out = []
    for change in changes:
        name = change.path.as_posix().lstrip("/")
        for line in difflib.unified_diff(
            change.before.splitlines(keepends=True),
            change.after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        ):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def fix_stdin(linter, data: bytes, name: str, unsafe: bool):
    """`--fix -` / `--diff -`: the results after fixing stdin's text, and its change (or none)."""
    text = decode(data)
    if not isinstance(text, str):  # not text (FM011): nothing to fix
        return linter.lint_stdin(data, name), []
    fixed, applied, result = linter.fix_text(text, name, unsafe)
    changes = [Change(Path(name), data, text, fixed, tuple(applied))] if applied else []
    return Results((result,)), changes


def write_fixes(linter, results, changes, paths=(".",)):
    """Write each fixed file atomically; a file that changed meanwhile is left alone (exit 2).

    Returns the results (a file left alone is reported as it was read, unfixed) and the changes
    that were written. A symlink is followed: its target is what gets fixed, unless it lies
    outside the roots named (`paths`: a folder's real path, or the folder a file was named in).
    A file the user may not write, another's, or a hard-linked one is left alone (`fix.Refused`).
    """
    roots = [Path(p) if Path(p).is_dir() else Path(os.path.dirname(p) or ".") for p in paths]
    errors, written, unwritten = list(results.errors), [], set()
    for change in changes:
        try:
            if outside(change.path, roots):
                where = ", ".join(str(root) for root in roots)
                raise Refused(f"points outside {where}; left alone")
            write_atomic(change.path.resolve(), change.after.encode("utf-8"), change.original)
            written.append(change)
            continue
        except ChangedOnDisk:
            errors.append(FileError(str(change.path), "changed on disk while fixing; left alone"))
        except Refused as refused:
            errors.append(FileError(str(change.path), str(refused)))
        except OSError as error:
            errors.append(FileError(str(change.path), f"cannot write: {error.strerror or error}"))
        unwritten.add(str(change.path))
    before = {str(c.path): c.before for c in changes}
    files = tuple(
        linter.lint_text(before[f.path], f.path) if f.path in unwritten else f
        for f in results.files
    )
    return replace(results, files=files, errors=tuple(errors)), written


def report_fixes(changes, show_fixes: bool) -> None:
    count = sum(len(change.applied) for change in changes)
    if not count:
        return
    if show_fixes:
        for change in changes:
            for code, fix in change.applied:
                echo(visible(f"{change.path}: fixed {code}: {fix.description}"), err=True)
    files = "file" if len(changes) == 1 else "files"
    echo(f"Fixed {plural(count, 'finding')} in {len(changes)} {files}.", err=True)
