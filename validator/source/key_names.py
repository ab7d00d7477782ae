"""The top-level key names of a file's front matter, read without parsing it.

What kind of record a file of no collection holds is decided before any check runs, and is said
again by the hint after the report, where a warm run has parsed nothing: both read the names here,
so they cannot disagree. Only YAML front matter is read (article records are YAML). A YAML block
mapping writes each top-level key at the start of a line (a value's own lines are indented), so a
line scan finds them even in a record YAML refuses (a broken record is still recognised for what
it is). Only names a schema could care about are
taken: a plain word, bare or quoted, then `:`; a name written otherwise is not seen.

The names come one by one, so a caller stops reading once it knows enough: a news record of 140 KB
is known by its first lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# the opening fence of YAML front matter (`frontmatter`'s; TOML and JSON keys are written otherwise)
_YAML_FENCE = re.compile(r"\ufeff?---(?:ya?ml)?[ \t]*\r?\n", re.IGNORECASE)
# a line that is a top-level key, or the closing fence (`frontmatter`'s: `---` or `...`); each
# opens with the newline before it, which the regex engine finds fast
_LINE = re.compile(
    r"""\n(?:(?P<fence>(?:---|\.\.\.)[ \t]*\r?(?=\n|\Z))"""
    r"""|(?P<quote>["']?)(?P<key>[A-Za-z_][A-Za-z0-9_-]{0,63})(?P=quote)[ \t]*:(?![^ \t\r\n]))"""
)


def opens_yaml(text: str) -> bool:
    """Whether the text opens with a YAML front-matter fence (`---`, `---yaml`)."""
    return _YAML_FENCE.match(text) is not None


def top_level_keys(text: str) -> Iterator[str]:
    """The names of the YAML front matter's top-level keys, in order, up to its closing fence
    (none when the text does not open with YAML front matter)."""
    opening = _YAML_FENCE.match(text)
    if opening is None:
        return
    for line in _LINE.finditer(text, opening.end() - 1):  # from the newline that ends the fence
        if line["fence"] is not None:
            return
        yield line["key"]
