"""A string value holds only whitespace.

A value such as `title: "   "` says nothing: the site renders a blank heading, summary or
link text, and a consumer of the feed cannot tell a missing value from a blank one. The check
looks at every string at any depth (titles, excerpts, provider names, topics, `related`
entries). An empty string is the schema's to judge: where one breaks something it requires a
non-empty string (`minLength: 1`, as for `title` or `secured`) or a URL or date (FM107,
FM105); where it is legitimate, as `excerpt: ""` for an item that had no description or
`webUrl: ""` of a related video, it is no finding at all. Whitespace means what Python's
`str.isspace` says, so a lone no-break space (U+00A0) counts.

Severity: warning; a blank value is a quality problem, not a broken record.

Bad:

    excerpt: " "
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

from ..diagnostic import WARNING, Finding, format_path
from .fields import blank_strings, describe_whitespace

CODE = "FM501"
NAME = "empty-string"
SEVERITY = WARNING
APPLIES_TO = "article"
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    for path, value in blank_strings(record):
        if context.rejected(path):
            continue
        problem = f"the value is only whitespace ({describe_whitespace(value)})"
        yield Finding(
            CODE,
            f"{format_path(path)}: {problem}; write the text, or leave out an optional key",
            path,
        )
