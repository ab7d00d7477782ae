"""The fix loop: apply fixes pass by pass until none is left, in memory; writing is `fix`'s."""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..diagnostic import Finding
from ..engine import Engine, decode
from ..model import Change, FileError, FileResult, Results
from ..source.reading import read
from . import edits as fix

MAX_PASSES = 10  # a fix that keeps producing fixes still ends


def fix_text(
    engine: Engine, text: str, path: str, unsafe: bool = False
) -> tuple[str, list, FileResult]:
    """The fixed text, the (code, Fix) pairs applied, and the findings that remain.

    Only findings that survive the gate (selected, not suppressed) are fixed.
    """
    applied: list = []
    result = engine.lint_text(text, path)
    for _ in range(MAX_PASSES):
        wanted = [d for d in result.diagnostics if fix.wanted(d.fix, unsafe)]
        if not wanted:
            break
        text, done = fix.apply(text, [d.fix for d in wanted], engine.settings.yaml_version)
        if not done:
            break
        codes = {id(d.fix): d.code for d in wanted}
        applied.extend((codes[id(f)], f) for f in done)
        result = engine.lint_text(text, path)
    return text, applied, result


def _once(targets: Iterable):
    """Each real file once: one named twice (`./c.md` and `c.md`) or also reached through a
    symlink would otherwise be fixed twice, the second time over the first one's result."""
    seen = set()
    for target in targets:
        path = getattr(target, "path", None)
        if path is not None and str(path) != "-":
            try:
                info = os.stat(path)
            except OSError:
                info = None
            if info is not None:
                key = (info.st_dev, info.st_ino)
                if key in seen:
                    continue
                seen.add(key)
        yield target


def fix_targets(engine: Engine, targets: Iterable, unsafe: bool = False) -> tuple[Results, list]:
    """Lint with fixes applied in memory: the results after fixing, and the changes to write."""
    files, errors, changes = [], [], []
    for target, data in read(_once(targets)):
        if isinstance(data, FileError):
            errors.append(data)
            continue
        text = decode(data)
        if isinstance(text, Finding):
            files.append(engine.lint_bytes(data, target.location))
            continue
        fixed, applied, result = fix_text(engine, text, target.location, unsafe)
        files.append(result)
        if applied:
            changes.append(Change(target.path, data, text, fixed, tuple(applied)))
    return Results(tuple(files), tuple(errors)), changes
