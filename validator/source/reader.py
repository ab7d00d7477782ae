"""The one reader: a file's bytes -> its text -> its front matter -> its values and positions.

Every caller that needs a file's values goes through here (the engine, the fixer, the online
collection, `infer`, the language server's hover), so a new front-matter syntax is a new fence in
`frontmatter` and a new parse in `parse_front`, and nothing above `source/` changes: YAML
(`document`), TOML (`toml_document`) and JSON (`json_document`) give the same kind of document.

Not imported on a warm run: the parse needs the YAML parser, which a run of cache hits never
loads (`tests/test_startup.py`). The cheap steps (`reading.decode`, `frontmatter.split`) stay
where the walk and the runner use them alone.
"""

from __future__ import annotations

from ..diagnostic import Finding
from ..value import Value
from . import document
from .frontmatter import JSON, TOML, FrontMatter, split
from .reading import decode

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from .placed import ScannedDocument


def parse_front(
    front: FrontMatter, yaml_version: str = "1.2"
) -> document.Document | ScannedDocument:
    """The front matter's values, with the position of every key and value, in its syntax.

    Front matter that holds nothing (`---` then `---`, or only comments) is an empty mapping, as
    Jekyll reads it (`SafeYAML.load(...) || {}`): legal, it makes the file a page.
    """
    if front.syntax == TOML:
        from . import toml_document  # only a TOML file loads the TOML parser

        return toml_document.parse(front.text, front.line_offset)
    if front.syntax == JSON:
        from . import json_document

        return json_document.parse(front.text, front.line_offset)
    doc = document.parse(front.text, front.line_offset, yaml_version)
    if doc.ok and doc.value is None:
        return doc.holding({})
    return doc


class Read(Value, defaults={"text": None, "front": None, "doc": None, "stop": None}):
    """How far a file could be read: its `text` (None when it is not text), its `front` matter,
    its parsed `doc`, and `stop`, the finding that ended the reading early (FM011 not text,
    FM001 no front matter, FM002 unclosed, FM012 a syntax fmlint cannot read), or None."""

    FIELDS = ("text", "front", "doc", "stop")
    __slots__ = FIELDS
    text: str | None
    front: FrontMatter | None
    doc: document.Document | ScannedDocument | None
    stop: Finding | None

    @property
    def record(self) -> dict | None:
        """The front matter's mapping, when it parsed cleanly into one; else None."""
        doc = self.doc
        if doc is None or not doc.ok or not isinstance(doc.value, dict):
            return None
        return doc.value


def read_text(text: str, yaml_version: str = "1.2") -> Read:
    """`text` read as far as it goes (YAML read as `yaml_version` says: "1.2" or "1.1")."""
    front = split(text)
    if isinstance(front, Finding):
        return Read(text=text, stop=front)
    return Read(text=text, front=front, doc=parse_front(front, yaml_version))


def read_bytes(data: bytes, yaml_version: str = "1.2") -> Read:
    """`data` decoded as UTF-8, then read as far as it goes (`read_text`)."""
    text = decode(data)
    if isinstance(text, Finding):
        return Read(stop=text)
    return read_text(text, yaml_version)
