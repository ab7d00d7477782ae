r"""A title or URL starts or ends with whitespace.

Whitespace around a title is invisible on the page but not to everything else: it ends up in
the feed, in `<title>`, in sharing cards and in comparisons between records (the same story
with and without a trailing space looks like two stories). Around a URL it breaks the
schema's `uri` format, and a consumer that does not strip it follows a different address (a
no-break space becomes `%C2%A0`). The rule looks at every title and URL the schema marks
(`"x-fmlint-role": "title"`, a `uri` or `iri` format, a picture's location), wherever there is
a schema: in an article, `title` and every URL key (`originalUrl`, `webUrl`, `ampWebUrl`,
`cdnAmpWebUrl`, image and provider logo `url`) of the record and of each `related` entry. Whitespace
means what Python's `str.strip` removes, so a no-break space (U+00A0) copied from HTML counts; the
message names invisible characters by code point.

For a URL the schema reports the value as a bad URI (FM105); when the URL is valid once the
whitespace is removed, this finding replaces the schema's, because it says exactly what is
wrong. A URL that is bad for other reasons keeps the schema's finding. A value that is only
whitespace is FM501's.

Why a warning: one corpus record has a title ending in a no-break space, which is a real
but harmless slip; an error there would fail a clean site. The same module covers URLs, so
a URL whose only fault is surrounding whitespace is a warning too (the URL itself is right
and the fix is certain). A pipeline that must reject such records raises it in the
configuration: `FM502 = "error"` in the `[tool.fmlint.severity]` table.

Bad:

    title: "Security in Microsoft Dataverse\u00a0"
    webUrl: " https://www.bbc.co.uk/news/technology-67521226"

Good:

    title: "Security in Microsoft Dataverse"
    webUrl: "https://www.bbc.co.uk/news/technology-67521226"

Fix: safe; `--fix` removes the surrounding whitespace.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, Fix, format_path
from .fields import describe_whitespace, show

CODE = "FM502"
NAME = "surrounding-whitespace"
SEVERITY = WARNING
APPLIES_TO = "schema"
FIX = "safe"
SUPERSEDES = ("FM105",)


def check(record: dict, context) -> Iterable[Finding]:
    for path, value, is_url in context.record(record).titles_and_urls:
        if not isinstance(value, str):
            continue
        stripped = value.strip()
        if stripped == value or not stripped:
            continue
        if is_url:
            if not _is_uri(stripped):
                continue  # a bad URL anyway: the schema's finding says more
        elif context.rejected(path):
            continue
        where = []
        leading = value[: len(value) - len(value.lstrip())]
        trailing = value[len(value.rstrip()) :]
        if leading:
            where.append(f"leading whitespace ({describe_whitespace(leading)})")
        if trailing:
            where.append(f"trailing whitespace ({describe_whitespace(trailing)})")
        yield Finding(
            CODE,
            f"{format_path(path)}: {' and '.join(where)}; write {show(stripped, 80)}",
            path,
            fix=Fix(path, "remove the surrounding whitespace", stripped),
        )


def _is_uri(text: str) -> bool:
    """The schema's own URL check (`format: iri`), so a URL is judged the same way everywhere."""
    from ..schema.formats import is_iri  # only for a URL with surrounding whitespace

    return is_iri(text)
