"""One JSON object per line (JSON Lines), for streaming consumers and `jq -c`.

No raw line separator (U+2028, U+0085, ...) appears inside a line: `str.splitlines` stays safe.
"""

from __future__ import annotations

from ..escape import dumps


def render(results, *, color: bool = False) -> str:
    return "".join(dumps(d.as_dict()) + "\n" for d in results.diagnostics)
