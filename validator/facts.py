"""What a report needs to know about a record beyond its findings: when it was published (the
month of `publishedDateTime`) and who provided it (`provider.name`).

The HTML report charts findings by month and by provider, but reporters see only results (they
never read a document). So the engine, which holds the record's values, reduces them here to a
small plain value that travels in the file's result, through worker processes and the cache:
a tuple of `(name, text)` pairs, only for the facts the record has.
"""

from __future__ import annotations

import re

MONTH, PROVIDER = "month", "provider"
_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
_LIMIT = 200  # characters of a provider name kept: a report needs no 10 MB name


def record_facts(value: object) -> tuple:
    """`(("month", "2023-11"), ("provider", "BBC"))`, or fewer pairs (none for a record that is
    not a mapping, or has neither)."""
    if not isinstance(value, dict):
        return ()
    facts = []
    published = value.get("publishedDateTime")
    if isinstance(published, str):
        found = _MONTH.match(published.strip())
        if found:
            facts.append((MONTH, f"{found.group(1)}-{found.group(2)}"))
    provider = value.get("provider")
    if isinstance(provider, dict):
        name = provider.get("name")
        if isinstance(name, str) and name.strip():
            facts.append((PROVIDER, name.strip()[:_LIMIT]))
    return tuple(facts)
