"""Every finding code fmlint can emit, with its name, default severity and documentation.

Codes are stable: a code, once shipped, keeps its meaning. Families: FM0xx front matter and YAML,
FM1xx schema, FM2xx URLs, FM3xx dates, FM4xx images, FM5xx other fields and consistency.
Rule modules under `validator/rules/` add their own codes (their docstrings are their docs).

This is the table of all codes, so it imports the rules package (one way: rules never import
`codes`; a rule's `Code` value is `codespec.Code`).
"""

from __future__ import annotations

from .codespec import Code
from .diagnostic import ERROR, WARNING
from .rules import rule_codes
from .value import replace

__all__ = ["CORE_CODES", "Code", "all_codes"]


_UNKNOWN_KEYS = """\
A key the schema does not describe is FM101 (error) or FM110 (warning).

A near miss of a known key that the mapping lacks (`tittle` where `title` is missing) is
FM101 with a did-you-mean: the real key is then missing, and a consumer of the record breaks.
Any other unknown key is FM110 where the schema says `"x-fmlint-unknown-keys": "warning"`
next to `additionalProperties: false`, as every object of the bundled article schema does: a
writer that adds a field (`writer: "newsbot 2.3"`) breaks nothing, but a person may want to
know. A user schema without that annotation means what it says: `additionalProperties: false`
makes every unknown key FM101.

Bad:

    tittle: "Copilot comes to Power Apps"

Good:

    title: "Copilot comes to Power Apps"
"""

_RENAME = """
Fix: unsafe (`--fix --unsafe-fixes`): renames the near miss to the known key, which changes
what the file says; check that the key was meant to be that one. Only the key is rewritten, in
the front matter's own syntax and quoting; its value, comments and everything else stay as they
were. Refused where the rename cannot be written as that one key renamed: a YAML mapping that
is anchored (its aliases would be renamed too), a TOML table that several headers name
(`[extr]` and `[extr.sub]`), a second near miss of the same key (only the first is renamed).
"""

_UNREADABLE = """\
The front matter is written in a language fmlint cannot evaluate.

A fence that names a language other than YAML, TOML or JSON (`---js`, `---javascript`,
`---coffee`) opens front matter that is a program: Eleventy runs JavaScript front matter to get
its values, and a linter does not run a site's code. Nothing in the block is checked, so the file
is reported rather than passed (or called a file without front matter). Write the values as YAML
(`---`), TOML (`---toml`, `+++`) or JSON (`---json`) to have them checked, or leave the file out
with `exclude`.
"""

_EMPTY = """\
The front matter holds no keys, in a record of the bundled article schema.

An article record without keys is no record: the site, its feed and the crawlers have nothing to
show. Anywhere else, empty front matter (`---` then `---`, or `+++` then `+++`) is legal: Jekyll
documents it as the way to make a file a page, so it is checked as an empty mapping (a schema then
reports the keys it requires).
"""

CORE_CODES = (
    Code(
        "FM001",
        "no-front-matter",
        ERROR,
        "The file does not open with front matter (`---`, `+++`, or a JSON object).",
    ),
    Code(
        "FM002",
        "unclosed-front-matter",
        ERROR,
        "No closing fence (`---`, `...`, `+++`) or `}` ends the front matter.",
    ),
    Code("FM003", "empty-front-matter", ERROR, "The front matter holds no keys.", doc=_EMPTY),
    Code(
        "FM004",
        "front-matter-not-mapping",
        ERROR,
        "The front matter is not a `key: value` mapping.",
    ),
    Code("FM005", "yaml-syntax", ERROR, "The front matter is not valid YAML (or TOML, or JSON)."),
    Code("FM006", "yaml-tab", ERROR, "A tab indents a line; YAML indents with spaces only."),
    Code("FM007", "duplicate-key", ERROR, "A key appears twice in one mapping."),
    Code("FM008", "yaml-tag", ERROR, "A YAML tag (`!!python/...`, `!!binary`, ...) is used."),
    Code(
        "FM009", "alias-expansion", ERROR, "Aliases expand to too many values (a 'billion laughs')."
    ),
    Code("FM010", "nesting-too-deep", ERROR, "Mappings and lists nest too deeply."),
    Code("FM011", "not-text", ERROR, "The file is binary or not valid UTF-8."),
    Code(
        "FM012",
        "front-matter-unreadable",
        WARNING,
        "The front matter is in a language fmlint cannot evaluate (`---js`).",
        doc=_UNREADABLE,
    ),
    Code("FM020", "unused-suppression", WARNING, "A `# fmlint: disable` comment silences nothing."),
    Code(
        "FM101",
        "unknown-key",
        ERROR,
        "A key the schema does not allow, or a near miss of a known key that is missing.",
        "unsafe",  # the near miss renamed: `tittle` -> `title`
        doc=_UNKNOWN_KEYS + _RENAME,
    ),
    Code("FM102", "missing-key", ERROR, "A key the schema requires is missing."),
    Code(
        "FM103",
        "wrong-type",
        ERROR,
        "A value has the wrong type (a string where a number belongs).",
        "safe",  # `width: "620"` -> `width: 620`, for plain whole numbers only
    ),
    Code(
        "FM104", "value-not-allowed", ERROR, "A value is not one of the values the schema allows."
    ),
    Code("FM105", "bad-format", ERROR, "A date-time or URI is not written in its standard form."),
    Code("FM106", "out-of-range", ERROR, "A number is below the minimum or above the maximum."),
    Code(
        "FM107", "bad-string", ERROR, "A string is empty, too long or does not match its pattern."
    ),
    Code("FM108", "bad-list", ERROR, "A list has too few or too many items, or repeats one."),
    Code("FM109", "forbidden-key", ERROR, "A key that is not allowed in this kind of record."),
    Code(
        "FM110",
        "undescribed-key",
        WARNING,
        "A key the schema does not describe (not a near miss of a known one).",
        doc=_UNKNOWN_KEYS,
    ),
    Code("FM199", "schema-violation", ERROR, "Any other schema rule that the value breaks."),
)


def _for_schemas(codes: tuple[Code, ...]) -> tuple[Code, ...]:
    """FM1xx are schema findings: they run on every file that has a schema (any collection)."""

    return tuple(
        replace(code, applies_to="schema") if code.code.startswith("FM1") else code
        for code in codes
    )


CORE_CODES = _for_schemas(CORE_CODES)


def all_codes() -> tuple[Code, ...]:
    """Core codes and every rule's code, in code order."""
    return tuple(sorted((*CORE_CODES, *rule_codes()), key=lambda code: code.code))
