"""Shared by the online rules (FM207-FM209, FM405, FM406): the answers of the URLs a record holds.

`answered(record, context)` yields (path, url, answer) for every URL of the record that the run
fetched (`--online`), the URLs the schema or FM201 rejected left out: their finding is theirs.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import DocPath
from .urls import parse


def answered(record: dict, context) -> Iterator[tuple[DocPath, str, object]]:
    if context.online is None:
        return
    for path, url in context.record(record).urls:
        found = context.answer(url)
        if found is None or context.rejected(path) or isinstance(parse(url), str):
            continue
        yield path, url, found


def tries(found) -> str:
    """` after 3 attempts`, or "" for one."""
    return f" after {found.attempts} attempts" if found.attempts > 1 else ""
