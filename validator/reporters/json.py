"""A JSON array of findings, one object each, for programs."""

from __future__ import annotations

import json


def render(results, *, color: bool = False) -> str:
    return (
        json.dumps([d.as_dict() for d in results.diagnostics], indent=2, ensure_ascii=False) + "\n"
    )
