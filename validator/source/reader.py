"""The one reader: a file's bytes -> its text -> its front matter -> its values and positions.

Every caller that needs a file's values goes through here (the engine, the fixer, the online
collection, `infer`, the language server's hover), so a new front-matter syntax is a new fence in
`frontmatter` and a new parse in `parse_front`, and nothing above `source/` changes.

Not imported on a warm run: the parse needs the YAML parser, which a run of cache hits never
loads (`tests/test_startup.py`). The cheap steps (`reading.decode`, `frontmatter.split`) stay
where the walk and the runner use them alone.
"""

from __future__ import annotations

from ..diagnostic import Finding
from ..value import Value
from . import document
from .frontmatter import FrontMatter, split
from .reading import decode


def parse_front(front: FrontMatter) -> document.Document:
    """The front matter's values, with the position of every key and value (YAML, today)."""
    return document.parse(front.yaml, front.line_offset)


class Read(Value, defaults={"text": None, "front": None, "doc": None, "stop": None}):
    """How far a file could be read: its `text` (None when it is not text), its `front` matter,
    its parsed `doc`, and `stop`, the finding that ended the reading early (FM011 not text,
    FM001 no front matter, FM002 unclosed, FM003 empty), or None."""

    FIELDS = ("text", "front", "doc", "stop")
    __slots__ = FIELDS
    text: str | None
    front: FrontMatter | None
    doc: document.Document | None
    stop: Finding | None

    @property
    def record(self) -> dict | None:
        """The front matter's mapping, when it parsed cleanly into one; else None."""
        doc = self.doc
        if doc is None or not doc.ok or not isinstance(doc.value, dict):
            return None
        return doc.value


def read_text(text: str) -> Read:
    """`text` read as far as it goes."""
    front = split(text)
    if isinstance(front, Finding):
        return Read(text=text, stop=front)
    return Read(text=text, front=front, doc=parse_front(front))


def read_bytes(data: bytes) -> Read:
    """`data` decoded as UTF-8, then read as far as it goes (`read_text`)."""
    text = decode(data)
    if isinstance(text, Finding):
        return Read(stop=text)
    return read_text(text)
