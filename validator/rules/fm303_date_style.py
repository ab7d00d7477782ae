"""A date-time is written almost, but not quite, as RFC 3339; the message shows how.

The schema wants an RFC 3339 date-time: date, upper-case `T`, time with seconds, and a time zone
(`Z` or `±hh:mm`), like `2023-11-27T16:07:00Z`. YAML and habit offer near misses: a date without
a time, a space instead of the `T` (YAML's own timestamp style), a lower-case `t` or `z`, a time
without seconds, an offset without its colon, or no time zone at all, which leaves the instant
unknown by up to a day. The schema rejects all of these (FM105); this rule replaces its finding
with one that names the slip and shows the value written right. It never guesses what is not
written: a date alone gets an example time, and a missing time zone must be added by hand (Z
for UTC, or the offset the source used).

Checked on every date of a schema that accepts RFC 3339 there (`format: date-time`, or
`rfc3339` among its `x-fmlint-date-layouts`), wherever there is a schema; a value in another
layout the schema accepts (`2023-11-27 16:07:00 -0800` where it lists `space`) is no slip.

Bad:

    publishedDateTime: 2023-11-27 16:07:00Z
    publishedDateTime: 2023-11-27t16:07:00z
    publishedDateTime: 2023-11-27T16:07:00
    publishedDateTime: 2023-11-27

Good:

    publishedDateTime: 2023-11-27T16:07:00Z

Fix: safe, for values whose time zone is written: a space becomes
`T`, lower-case `t` and `z` become upper case, a missing `:00` of seconds is added and `+0100`
becomes `+01:00`; the instant does not change. Values without a time or without a time zone are
never fixed automatically.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..diagnostic import ERROR, Finding, Fix, format_path
from .dates import slip

CODE = "FM303"
NAME = "date-style"
SEVERITY = ERROR
APPLIES_TO = "schema"
FIX = "safe"
SUPERSEDES = ("FM105",)


def check(record: dict, context) -> Iterable[Finding]:
    walk = context.record(record)
    for path, value in walk.dates:
        advice = slip(value, walk.date_layouts[path])
        if advice is not None:
            message, fixed = advice
            fix = Fix(path, f"write {fixed}", fixed) if fixed else None
            yield Finding(
                CODE, f"{format_path(path)}: {json.dumps(value)} {message}", path, fix=fix
            )
