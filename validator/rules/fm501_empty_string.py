"""A string value holds only whitespace.

A value such as `title: "   "` says nothing: the site renders a blank heading, summary or
link text, and a consumer of the feed cannot tell a missing value from a blank one. In an
article record (a schema whose root says `"x-fmlint-role": "article"`, as the article schema's
does) the check looks at every string at any depth (titles, excerpts, provider names, topics,
`related` entries); under any other schema, at the titles it marks (`"x-fmlint-role": "title"`),
since another site's blank value may be meant (a separator, a spacer). An empty string is the
schema's to judge: where one breaks something it requires a non-empty string (`minLength: 1`, as for
`title` or `secured`) or a URL or date (FM107, FM105); where it is legitimate, as `excerpt: ""` for
an item that had no description or `webUrl: ""` of a related video, it is no finding at all.
Whitespace means what Python's `str.isspace` says, so a lone no-break space (U+00A0) counts.

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
APPLIES_TO = "schema"
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    if "article" in context.roles.record_roles:
        found = blank_strings(record)
    else:
        found = [
            (path, value)
            for path, value in context.record(record).titles
            if isinstance(value, str) and value and not value.strip()
        ]
    for path, value in found:
        if context.rejected(path):
            continue
        problem = f"the value is only whitespace ({describe_whitespace(value)})"
        yield Finding(
            CODE,
            f"{format_path(path)}: {problem}; write the text, or leave out an optional key",
            path,
        )
