"""A GitLab Code Quality report (a JSON array), shown in merge requests.

The fingerprint hashes the file, code and message (not the line), so a finding keeps its identity
when lines above it move; repeats of the same finding in a file are numbered.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter


def render(results, *, color: bool = False) -> str:
    seen: Counter = Counter()
    issues = []
    for d in results.diagnostics:
        identity = (d.path, d.code, d.message)
        seen[identity] += 1
        digest = hashlib.sha256("\0".join((*identity, str(seen[identity]))).encode()).hexdigest()
        issues.append(
            {
                "description": f"{d.code} {d.message}",
                "check_name": d.code,
                "fingerprint": digest,
                "severity": "minor" if d.severity == "warning" else "major",
                "location": {
                    "path": d.path,
                    "positions": {
                        "begin": {"line": d.line, "column": d.column},
                        "end": {"line": d.end_line, "column": d.end_column},
                    },
                },
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
