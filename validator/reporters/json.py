"""A JSON array of findings, one object each, for programs."""

from __future__ import annotations

from ..escape import dumps


def render(results, *, color: bool = False) -> str:
    return dumps([d.as_dict() for d in results.diagnostics], indent=2) + "\n"
