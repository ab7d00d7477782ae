"""A topic is listed twice.

`topics` files the record under site topics; a repeated name files it twice under the same
topic page, and the page then lists the record twice. Topics compare case-insensitively and
with runs of whitespace counted as one space: Jekyll turns a topic into a page address with
its slug, which lower-cases it, so `AI` and `ai` name the same page. The finding points at the
later entry and names the earlier one. Runs where the schema marks the record's list of topics
(`"x-fmlint-role": "topics"`, as the article schema does for `topics`).

Bad:

    topics:
      - AI
      - Power Apps
      - ai

Good:

    topics:
      - AI
      - Power Apps

Fix: safe; removes the later entry and keeps the first spelling.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, Fix, format_path
from .fields import show

CODE = "FM503"
NAME = "duplicate-topic"
SEVERITY = WARNING
APPLIES_TO = "annotated"
FIX = "safe"


def check(record: dict, context) -> Iterable[Finding]:
    for where, topics in context.record(record).in_item((), record, "topics"):
        if isinstance(topics, list) and len(topics) >= 2:
            yield from _repeats(where, topics, context)


def _repeats(where: tuple, topics: list, context) -> Iterable[Finding]:
    seen: dict[str, int] = {}
    for index, topic in enumerate(topics):
        if not isinstance(topic, str) or not topic.strip():
            continue
        path = (*where, index)
        if context.rejected(path):
            continue
        key = " ".join(topic.split()).casefold()
        first = seen.setdefault(key, index)
        if first == index:
            continue
        earlier = topics[first]
        how = "repeats" if earlier == topic else f"repeats {show(earlier)} at"
        yield Finding(
            CODE,
            f"{format_path(path)}: {show(topic)} {how} {format_path((*where, first))}; "
            "remove this entry",
            path,
            fix=Fix(path, f"remove the repeated topic {show(topic)}", delete=True),
        )
