"""`Code`: what one finding code is (name, default severity, documentation, fix, options).

A leaf value: the table of every code (`codes.all_codes`) and the rules that declare codes both
import it, so neither has to import the other's importer.
"""

from __future__ import annotations

from .value import Value


class Code(
    Value,
    defaults={
        "fix": "",  # "", "safe" or "unsafe"
        "doc": "",  # the full documentation; the summary when empty
        "options": (),  # the rule's `Option`s (validator.rules.options), for its docs
        # which files it runs on: "any" front matter, files with a "schema" ("annotated": those
        # too, on the values only some schemas mark), or records of one bundled schema
        # ("article"); `decide` reads it (a site's collections, see `config`)
        "applies_to": "any",
    },
):
    FIELDS = ("code", "name", "severity", "summary", "fix", "doc", "options", "applies_to")
    __slots__ = FIELDS
    code: str
    name: str
    severity: str
    summary: str
    fix: str
    doc: str
    options: tuple
    applies_to: str

    @property
    def documentation(self) -> str:
        return self.doc or self.summary
