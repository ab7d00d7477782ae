"""Word one jsonschema validation error as findings: each one's code, message and fix.

`checker` decides that a record is invalid and hands over its errors one at a time; `explain`
turns one into `Candidate`s, each a finding with the slot it fills (one finding per slot: per
unknown or missing key, per offending value), its rank there (the most basic problem wins) and,
for a did-you-mean, the missing key's slot it makes redundant. Every error gives at least one
finding: never "invalid" with nothing to say.
"""

from __future__ import annotations

import json
import re
from collections import namedtuple

from ..diagnostic import DocPath, Finding, Fix, format_path, quote
from .formats import is_date_time_shaped
from .keywords import extra_keys

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

UNKNOWN_KEY = "FM101"
UNDESCRIBED_KEY = "FM110"
MISSING_KEY = "FM102"
WRONG_TYPE = "FM103"
NOT_ALLOWED_VALUE = "FM104"
BAD_FORMAT = "FM105"
OUT_OF_RANGE = "FM106"
BAD_STRING = "FM107"
BAD_LIST = "FM108"
FORBIDDEN_KEY = "FM109"
SCHEMA_VIOLATION = "FM199"

_JSON_TYPES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}
_FORMAT_HINTS = {
    "date-time": "an RFC 3339 date-time with a time zone, like 2023-11-27T16:07:00Z",
    "uri": "an absolute URI, like https://example.com/news/story",
    "iri": "an absolute URL, like https://example.com/news/story",
}
# Which error to keep when one value breaks several keywords: the most basic problem first.
_PRIORITY = {"type": 0, "const": 1, "enum": 1, "format": 2}


class Candidate(namedtuple("Candidate", "slot rank finding explains", defaults=(None,))):
    """A finding for `slot` at `rank` (the lowest wins the slot); `explains` is the slot of a
    finding this one makes redundant (a misspelt required key's missing-key finding)."""

    __slots__ = ()


def explain(error, record: Any, schema: Any) -> list[Candidate]:
    """The findings of one error of `record` (the whole value checked) against `schema` (the
    whole schema); a schema path that does not lead where the error says (through a `$ref`)
    gives the error's plain wording."""
    try:
        found = _findings(error, record, schema)
    except (LookupError, TypeError, AttributeError):  # a schema path through a $ref
        found = []
    return found or [_plain_finding(error)]


def _plain_finding(error) -> Candidate:
    path: DocPath = tuple(error.absolute_path)
    where = format_path(path) if path else "the front matter"
    keyword = error.validator
    if keyword is None:
        text = "is not allowed here"
    else:
        text = f"breaks the schema's '{keyword}' rule: {quote(error.message, 120)}"
    return Candidate(
        (path, "plain", keyword), 4, Finding(SCHEMA_VIOLATION, f"{where} {text}", path)
    )


def _findings(error, record: Any, schema: Any) -> list[Candidate]:
    path: DocPath = tuple(error.absolute_path)
    where = format_path(path)
    keyword = error.validator
    value = error.instance
    too_long = getattr(error, "fmlint_too_long", None)
    if too_long is not None:
        return [Candidate((path, "value"), 3, Finding(BAD_STRING, f"{where}: {too_long}", path))]
    if keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(value, dict):
        keys = getattr(error, "fmlint_keys", None)
        if keys is None:
            keys = extra_keys(error.schema, value)
        return [_unknown_key(error.schema, path, key, value) for key in keys]
    if keyword == "required" and isinstance(value, dict):
        condition = _condition(error, schema)
        prefix = f"{where}: " if path else ""
        return [
            Candidate(
                (path, "required", name),
                0,
                Finding(MISSING_KEY, f"{prefix}missing required key '{name}'{condition}", path),
            )
            for name in error.validator_value
            if name not in value
        ]
    if keyword is None:  # a `false` subschema: this key may not be here at all
        condition = _condition(error, schema) or " here"
        return [
            Candidate(
                (key_path, "value"),
                0,
                Finding(
                    FORBIDDEN_KEY,
                    f"'{format_path(key_path)}' is not allowed{condition}"
                    if key_path
                    else f"the schema allows no front matter{condition} (a `false` schema)",
                    key_path,
                    on_key=True,
                ),
            )
            for key_path in _forbidden_paths(error, path, record, schema)
        ]
    code, message = _describe(keyword, error.validator_value, value, error.schema)
    fix = _number_fix(keyword, error.validator_value, value, path)
    finding = Finding(code, f"{where}: {message}", path, fix=fix)
    return [Candidate((path, "value"), _PRIORITY.get(keyword, 3), finding)]


def _forbidden_paths(error, path: DocPath, record: Any, schema: Any) -> list[DocPath]:
    """The keys a `false` subschema rejects.

    jsonschema reports `properties: {webUrl: false}` without the key in either path, so find
    the keys of the object at `path` whose subschema is `false`.
    """
    schema_path = list(error.absolute_schema_path)
    parent = record
    for part in path:
        parent = parent[part]
    if schema_path and schema_path[-1] == "properties" and isinstance(parent, dict):
        node: Any = schema
        for part in schema_path:
            node = node[part]
        keys = [key for key, rule in node.items() if rule is False and key in parent]
        if keys:
            return [(*path, key) for key in keys]
    return [path]


def _unknown_key(subschema: dict, path: DocPath, key: str, mapping: dict) -> Candidate:
    """FM101 for a key the schema does not allow. Where the schema says
    `"x-fmlint-unknown-keys": "warning"` (the bundled one does: a writer that adds a field
    breaks nothing), only a near miss of a known key that is absent stays FM101, since the
    real key is then missing (and this finding explains that one); any other unknown key is
    the warning FM110. The near miss carries its fix: renaming the key to the known one (unsafe:
    the file then says something else)."""
    slot = (path, "key", key)
    where = format_path(path) if path else "the front matter"
    message = f"unknown key '{key}' in {where}"
    close = _near_miss(key, list(subschema.get("properties", {})))
    lenient = subschema.get("x-fmlint-unknown-keys") == "warning"
    if close and close not in mapping:
        message = f"{message}; did you mean '{close}'?"
        wording = f"rename '{key}' to '{close}'"
        rename = Fix(path, wording, safety="unsafe", delete=True, insert_key=close, after=key)
        finding = Finding(UNKNOWN_KEY, message, (*path, key), on_key=True, fix=rename)
        return Candidate(slot, 0, finding, explains=(path, "required", close))
    if lenient:
        also = f" (it also has '{close}')" if close else ""
        message = f"{where} has the key '{key}'{also}, which the schema does not describe"
        return Candidate(slot, 0, Finding(UNDESCRIBED_KEY, message, (*path, key), on_key=True))
    return Candidate(slot, 0, Finding(UNKNOWN_KEY, message, (*path, key), on_key=True))


def _condition(error, schema: Any) -> str:
    """' when type is 'video'' for an error raised under an if/then, else ''."""
    schema_path = list(error.absolute_schema_path)
    if "then" not in schema_path and "else" not in schema_path:
        return ""
    cut = max(i for i, part in enumerate(schema_path) if part in ("then", "else"))
    node: Any = schema
    for part in schema_path[:cut]:
        node = node[part]
    condition = node.get("if", {})
    negate = schema_path[cut] == "else"
    if not isinstance(condition, dict) or not isinstance(condition.get("properties"), dict):
        return " (required by a condition in the schema)"
    for name, rule in condition["properties"].items():
        if isinstance(rule, dict) and "const" in rule:
            verb = "is not" if negate else "is"
            return f" when {name} {verb} {json.dumps(rule['const'])}"
    return " (required by a condition in the schema)"


def _near_miss(key: str, known: list[str]) -> str | None:
    """The known key `key` is most likely a misspelling of, or None."""
    import difflib  # only an unknown key pays for it

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
    if close:
        return close[0]
    lowered = {name.lower(): name for name in known}
    return lowered.get(key.lower())


def _number_fix(keyword: str, expected: Any, value: Any, path: DocPath) -> Fix | None:
    """`width: "620"` where an integer belongs: unquoting is certain for a plain whole number."""
    types = [expected] if isinstance(expected, str) else expected
    if keyword != "type" or "integer" not in types or not isinstance(value, str):
        return None
    if not _WHOLE_NUMBER.fullmatch(value):
        return None
    return Fix(path, f"write {value} as a number", int(value))


_WHOLE_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")


def _describe(keyword: str, expected: Any, value: Any, schema: dict) -> tuple[str, str]:
    shown = _show(value)
    if keyword == "type":
        types = [expected] if isinstance(expected, str) else expected
        want = " or ".join(_JSON_TYPES.get(t, t) for t in types)
        message = f"expected {want}, got {shown if value is None else f'{_kind(value)} {shown}'}"
        if isinstance(value, str) and set(types) & {"integer", "number"}:
            plain = _yaml12_number(value)
            if plain is not None:
                message += f" (YAML 1.2 reads {value} as text: write {plain})"
            elif _is_number(value):
                message += " (write the number without quotes)"
        return WRONG_TYPE, message
    if keyword == "enum":
        allowed = ", ".join(json.dumps(item) for item in expected)
        message = f"{shown} is not one of {allowed}"
        if isinstance(value, str):
            import difflib  # only a value outside an enum pays for it

            close = difflib.get_close_matches(
                value, [e for e in expected if isinstance(e, str)], n=1, cutoff=0.6
            )
            if close:
                message += f"; did you mean {json.dumps(close[0])}?"
        return NOT_ALLOWED_VALUE, message
    if keyword == "const":
        return NOT_ALLOWED_VALUE, f"must be {json.dumps(expected)}, not {shown}"
    if keyword == "format":
        if expected == "regex" and isinstance(value, str):
            from .ecma import too_complex  # regex engines: not every schema loads them

            detail = too_complex(value)
            if detail is not None:
                return (
                    BAD_FORMAT,
                    f"{shown} is too complex for fmlint to read as a regex ({detail})",
                )
        if expected == "date-time" and isinstance(value, str) and is_date_time_shaped(value):
            return BAD_FORMAT, f"{shown} is not a real date and time (no such day or time of day)"
        if expected in ("uri", "iri") and isinstance(value, str):
            char = _stray_char(value)
            if char is not None:
                return BAD_FORMAT, f"{shown} contains {char}, which no URL may hold"
        hint = _FORMAT_HINTS.get(expected, f"a valid {expected}")
        return BAD_FORMAT, f"{shown} is not {hint}"
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        relation = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
            "multipleOf": "a multiple of",
        }[keyword]
        return OUT_OF_RANGE, f"{shown} must be {relation} {expected}"
    if keyword == "pattern":
        if schema.get("format") == "date-time" and _search(expected, str(value).upper()):
            return BAD_FORMAT, f"{shown} must write 'T' and 'Z' in upper case"
        if schema.get("format") in _FORMAT_HINTS:
            return BAD_FORMAT, f"{shown} is not {_FORMAT_HINTS[schema['format']]}"
        return BAD_STRING, f"{shown} does not match the pattern {expected}"
    if keyword == "minLength":
        if expected == 1:
            return BAD_STRING, "must not be empty"
        return BAD_STRING, f"{shown} is shorter than {expected} characters"
    if keyword == "maxLength":
        return BAD_STRING, f"is longer than {expected} characters"
    if keyword == "minItems":
        return BAD_LIST, f"needs at least {expected} item{'s' if expected != 1 else ''}"
    if keyword == "maxItems":
        return BAD_LIST, f"has more than {expected} items"
    if keyword == "uniqueItems":
        return BAD_LIST, "has repeated items"
    return SCHEMA_VIOLATION, f"{shown} breaks the schema's '{keyword}' rule"


def _search(pattern: str, text: str) -> bool:
    from .ecma import BadPattern, searcher  # regex engines: not every schema loads them

    try:
        return searcher(pattern)(text)
    except BadPattern:  # a text too long for it: not the hint's to say
        return False


def _stray_char(text: str) -> str | None:
    """`a space`, `U+2028 (LINE SEPARATOR)`: the first character that can be in no URL."""
    import unicodedata  # only a URL that fails its format pays for it

    for char in text:
        if char == " ":
            return "a space"
        if not char.isprintable() or unicodedata.category(char) in ("Zl", "Zp", "Zs", "Cf"):
            name = unicodedata.name(char, "a control character")
            return f"U+{ord(char):04X} ({name})"
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "mapping"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, list):
        return "[...]"
    return quote(value, 61)


_YAML12_RADIX = re.compile(r"0x[0-9a-fA-F]+|0o[0-7]+")
_YAML11_BINARY = re.compile(r"[-+]?0b[01]+")


def _yaml12_number(text: str) -> str | None:
    """The YAML 1.2 spelling of a YAML 1.1 number (`1_000`, `0xdead_beef`, `0b101`), if it is one.

    YAML 1.1 readers (and ruamel.yaml, check-jsonschema's) take these as numbers; the 1.2 core
    schema fmlint reads by has no `_` separators and no binary, so they are text.
    """
    if _YAML11_BINARY.fullmatch(text.replace("_", "")):
        return str(int(text.replace("_", ""), 2))
    if "_" not in text:
        return None
    plain = text.replace("_", "")
    if _YAML12_RADIX.fullmatch(plain) or (_is_number(plain) and any(c.isdigit() for c in plain)):
        return plain
    return None


def _is_number(text: str) -> bool:
    if "_" in text:  # Python's float() takes 1_000; YAML 1.2 does not
        return False
    try:
        float(text.strip())
    except ValueError:
        return False
    return True
