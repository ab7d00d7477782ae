"""A string value is empty or holds only whitespace.

A value such as `excerpt: ""` or `title: "   "` says nothing: the site renders an empty
heading, summary or link text, and a consumer of the feed cannot tell a missing value from a
blank one. The check looks at every string at any depth (titles, excerpts, provider names,
topics, `related` entries). Where the schema itself requires a non-empty string (`minLength: 1`,
as for `title` or `secured`) or a URL or date, an empty value is the schema's finding (FM107,
FM105) and this rule stays silent; a whitespace-only value passes the schema and is reported
here. Whitespace means what Python's `str.isspace` says, so a lone no-break space (U+00A0)
counts.

Bad:

    excerpt: ""
    provider:
      name: "   "

Good:

    excerpt: "Children are making indecent images of other children using AI image generators."
    provider:
      name: BBC

Fix: none automatic; only a person knows the missing text (or leaves out an optional key).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import ERROR, Finding, format_path
from .fields import blank_strings, describe_whitespace

CODE = "FM501"
NAME = "empty-string"
SEVERITY = ERROR
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    for path, value in blank_strings(record):
        if context.rejected(path):
            continue
        if value:
            problem = f"the value is only whitespace ({describe_whitespace(value)})"
        else:
            problem = "the value is empty"
        yield Finding(
            CODE,
            f"{format_path(path)}: {problem}; write the text, or leave out an optional key",
            path,
        )
