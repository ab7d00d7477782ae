"""`Code`: what one finding code is (name, default severity, documentation, fix, options).

A leaf value: the table of every code (`codes.all_codes`) and the rules that declare codes both
import it, so neither has to import the other's importer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: str
    summary: str
    fix: str = ""  # "", "safe" or "unsafe"
    doc: str = ""  # the full documentation; the summary when empty
    options: tuple = ()  # the rule's `Option`s (validator.rules.options), for its docs
    # which files it runs on: "any" front matter, files with a "schema", or records of one
    # bundled schema ("article"); `decide` reads it (a site's collections, see `config`)
    applies_to: str = "any"

    @property
    def documentation(self) -> str:
        return self.doc or self.summary
