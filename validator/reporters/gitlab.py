"""A GitLab Code Quality report (a JSON array), shown in merge requests.

GitLab matches `location.path` against the repository's files, so paths are relative: an absolute
argument under the current directory is written relative to it (one outside stays as given).
The fingerprint hashes the file, code and message (not the line), so a finding keeps its identity
when lines above it move; repeats of the same finding in a file are numbered.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path, PurePath

from ..escape import dumps


def relative(path: str, base: Path | None = None) -> str:
    """`path` relative to `base` (the current directory) when it lies under it, in `/` form."""
    pure = PurePath(path)
    if pure.is_absolute():
        base = _cwd() if base is None else base
        inside = _under(pure, base) if base is not None else None
        if inside is None and base is not None:  # through a symbolic link, maybe
            inside = _under(Path(pure).resolve(), base.resolve())
        if inside is None:
            return pure.as_posix()
        pure = inside
    return PurePath(os.path.normpath(pure)).as_posix()


def _under(path: PurePath, base: PurePath) -> PurePath | None:
    try:
        return path.relative_to(base)
    except ValueError:
        return None


def _cwd() -> Path | None:
    try:
        return Path.cwd()
    except OSError:  # the current directory was removed
        return None


def render(results, *, color: bool = False) -> str:
    seen: Counter = Counter()
    issues = []
    cwd = _cwd()
    for d in results.diagnostics:
        path = relative(d.path, cwd)
        identity = (path, d.code, d.message)
        seen[identity] += 1
        text = "\0".join((*identity, str(seen[identity])))
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        issues.append(
            {
                "description": f"{d.code} {d.message}",
                "check_name": d.code,
                "fingerprint": digest,
                "severity": "minor" if d.severity == "warning" else "major",
                "location": {
                    "path": path,
                    "positions": {
                        "begin": {"line": d.line, "column": d.column},
                        "end": {"line": d.end_line, "column": d.end_column},
                    },
                },
            }
        )
    return dumps(issues, indent=2) + "\n"
