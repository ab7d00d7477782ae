"""One JSON object per line (JSON Lines), for streaming consumers and `jq -c`."""

from __future__ import annotations

import json


def render(results, *, color: bool = False) -> str:
    return "".join(json.dumps(d.as_dict(), ensure_ascii=False) + "\n" for d in results.diagnostics)
