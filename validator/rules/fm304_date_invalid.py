"""A date is in no layout the schema accepts, or names a day or time that does not exist.

A site's generator reads its dates in a few layouts and fails the build, or sorts the page
wrong, on anything else. The schema says which layouts a date may take: `x-fmlint-date-layouts`
lists them (`rfc3339`: 2023-01-20T10:00:00+01:00; `local`: 2023-01-20T10:00:00; `date`:
2023-01-20; `space`: 2023-01-20 10:00:00 -0800, as Hugo and Jekyll write it; `ruby`: what
Jekyll reads with Ruby's `Time.parse`, those and more, such as `2023-01-29 18:30:22 2023 -0800`
or `23/01/2023`, day first), else `format: date-time` means `rfc3339` and `format: date` means
`date`. `fmlint init` writes `ruby` for a Jekyll site's dates. This rule checks every date the
schema marks so, wherever there is a schema:

- a value in no accepted layout (`23/01/2023` where `space` and `date` are, `2023-01-20` where
  only `space` is, `tomorrow` for Jekyll) is an error that names the layouts accepted;
- a value in an accepted layout whose day or time does not exist (`2023-02-30`, month 13,
  hour 25, an offset of `+25:00`) is an error in every layout, though Ruby fails the build on
  some of them and silently dates the page 2 March for `2023-02-30`.

One problem, one finding: a value the schema's own check already rejected (`format` asserted,
FM105) is left to it, and a near miss of RFC 3339 that FM303 explains (a space instead of `T`
where only `rfc3339` is accepted) to FM303. A value that is no string (a number, a list) is
the schema's to judge.

Bad (the schema says `"x-fmlint-date-layouts": ["space", "date"]`):

    date: 23/01/2023
    date: 2023-02-30

Good:

    date: 2023-01-23 10:00:00 +0100
    date: 2023-01-23
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import ERROR, Finding, format_path, quote
from ..schema.date_layouts import read
from .dates import layouts_text, slip, span

CODE = "FM304"
NAME = "date-invalid"
SEVERITY = ERROR
APPLIES_TO = "schema"
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    walk = context.record(record)
    for path, value in walk.dates:
        if not isinstance(value, str) or context.rejected(path):
            continue
        layouts = walk.date_layouts[path]
        if span(value, layouts) is not None:
            continue  # a real instant in an accepted layout (read once for FM301 and FM302 too)
        layout, impossible = read(value, layouts)
        if layout in layouts:
            if impossible:
                yield Finding(
                    CODE, f"{format_path(path)}: {quote(value)} is no real date: {impossible}", path
                )
            continue
        if context.runs("FM303") and slip(value, layouts) is not None:
            continue  # FM303 names the slip and shows the value written right
        written = f" is written as {layout}, which is not accepted here;" if layout else ""
        yield Finding(
            CODE,
            f"{format_path(path)}: {quote(value)}"
            f"{written or ' is not a date in a layout the schema accepts;'} "
            f"write it as {layouts_text(layouts)}",
            path,
        )
