"""Validate front-matter values against a JSON Schema and explain each failure as a Finding.

A fast engine decides whether a record is valid: `validator.schema.compiled` (the schema compiled
once per process into Python closures, ~0.04 ms a record, nothing heavy to import) for the schemas
it can compile. Only an invalid record pays for importing jsonschema, the reference implementation,
which then explains every error. A schema the compiled engine cannot take (another draft,
`unevaluatedProperties`, references to other documents, ...) gets its verdict from jsonschema
too, so a verdict and its explanation never disagree: an invalid value has at least one finding,
a valid one none (tests/test_schema_suite.py holds this on the whole JSON-Schema-Test-Suite).
This module (with `compiled` and `schema_keywords`) is the only one that knows a validator;
`schema_source` reads schemas and the documents they reference.

An explanation costs what the error costs: jsonschema walks the record with its own keywords,
except that `properties` and `items` step only into the values the compiled engine says fail
(`_pruned`). A passing value gives jsonschema no error, so the findings are exactly those of a
whole-record walk (`_explain_whole`, kept as the reference), at the price of the keywords on the
way down to each failing value instead of every value of a 2,400-line record. A schema the
compiled engine cannot take is still explained whole.
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from pathlib import Path

from ..diagnostic import DocPath, Finding, Fix, format_path, quote

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Iterator
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
_DATE_TIME_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
# Which error to keep when one value breaks several keywords: the most basic problem first.
_PRIORITY = {"type": 0, "const": 1, "enum": 1, "format": 2}


BUNDLED_SCHEMAS = ("article",)  # names a collection can map to (`"_news/**" = "article"`)


def bundled_schema_path() -> Path:
    """The article schema: inside the installed package, or `schemas/` of a source checkout.

    The package folder is this module's folder, which is what `importlib.resources.files` gives
    for a package on disk; importing `importlib.resources` costs a one-file run 4 ms.
    """
    packaged = Path(__file__).parent.parent / "schemas" / "article.schema.json"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "schemas" / "article.schema.json"


class SchemaError(Exception):
    """A user-supplied schema that cannot be used, worded for the user (exit code 2)."""


def load_collection_schemas(collections, fetch: bool = False) -> dict[str, dict]:
    """Each collection's schema by its name (a bundled name, a file or a URL), each loaded once."""
    loaded: dict[str, dict] = {}
    for collection in collections:
        if collection.name not in loaded:
            loaded[collection.name] = load_schema(collection.path, fetch=fetch)
    return loaded


def load_schema(path: Path | str | None = None, *, fetch: bool = False) -> dict:
    """The bundled schema, or a user's one (a JSON or YAML file, or with `fetch` a URL) with the
    documents its `$ref`s name embedded (validator.schema.source), checked against its
    meta-schema by jsonschema."""
    if path is None:
        return json.loads(bundled_schema_path().read_text(encoding="utf-8"))
    from .source import SourceError, read_root

    try:
        schema, uri = read_root(path, fetch)
    except SourceError as error:
        raise SchemaError(str(error)) from None
    return prepare_schema(schema, uri, str(path), fetch=fetch)


def _vocabularies(schema: Any) -> dict | None:
    """The `$vocabulary` of a custom meta-schema the schema names in `$schema` and carries
    embedded (validator.schema.source fetched it), or None for a standard dialect."""
    if not isinstance(schema, dict) or not isinstance(schema.get("$schema"), str):
        return None
    from .source import embedded

    meta = embedded(schema, schema["$schema"])
    if isinstance(meta, dict) and isinstance(meta.get("$vocabulary"), dict):
        return meta["$vocabulary"]
    return None


def dialect_class(schema: Any):
    """The jsonschema validator class for a schema's `$schema`; 2020-12 when it names none (as
    jsonschema and check-jsonschema choose, and the bundled schema declares)."""
    import jsonschema

    return jsonschema.validators.validator_for(schema, jsonschema.Draft202012Validator)


def prepare_schema(
    schema: Any,
    base_uri: str,
    where: str,
    *,
    fetch: bool = False,
    retrieve=None,
    folder: Path | None = None,
) -> Any:
    """A schema read from `base_uri`, checked and made self-contained (or a `SchemaError`).

    A schema is untrusted (it comes from the repository being linted), so before any library
    walks it: its depth and size are bounded (validator.schema.shape), and no pattern that
    could crash regress reaches the meta-schema's `format: regex` check. After: every pattern
    is one fmlint can match in bounded time, and no `$ref` cycle (or chain over MAX_DEPTH)
    applies a schema to the same value for ever (or too deep)."""
    import jsonschema

    from .shape import ShapeError, check_shape
    from .source import SourceError, bundle, ref_trouble

    cls = dialect_class(schema)
    try:
        check_shape(schema)
        _refuse_complex_patterns(schema, where)
        cls.check_schema(schema, format_checker=_meta_format_checker())
        bundled = bundle(schema, base_uri, where, fetch=fetch, folder=folder, retrieve=retrieve)
        if bundled is not schema:
            check_shape(bundled)  # the documents its references name, now inside it
        schema = bundled
        _check_patterns(schema, where)
        trouble = ref_trouble(schema, base_uri)
    except jsonschema.SchemaError as error:
        place = "/".join(str(part) for part in error.absolute_path) or "the top level"
        raise SchemaError(f"{where}: not a valid JSON Schema at {place}: {error.message}") from None
    except SourceError as error:
        raise SchemaError(str(error)) from None
    except ShapeError as error:
        raise SchemaError(f"{where}: {error}") from None
    except RecursionError:  # a shape check_shape lets through and a library still recurses on
        raise SchemaError(f"{where}: the schema nests too deeply for fmlint to read") from None
    if trouble is not None:
        raise SchemaError(f"{where}: {trouble}")
    return schema


def _meta_format_checker():
    """The meta-schemas say `pattern` has `format: regex`: an ECMA-262 regex, not Python's."""
    import jsonschema

    from .ecma import BadPattern, compile_pattern

    checker = jsonschema.FormatChecker(formats=())

    def regex(instance: Any) -> bool:
        if isinstance(instance, str):
            compile_pattern(instance)
        return True

    checker.checkers["regex"] = (regex, (BadPattern,))
    return checker


def _refuse_complex_patterns(schema: Any, where: str) -> None:
    """No pattern regress could crash on (validator.schema.ecma.too_complex): checked before the
    meta-schema's check hands every pattern to regress."""
    from .ecma import too_complex

    for place, pattern in _patterns(schema):
        detail = too_complex(pattern)
        if detail is not None:
            raise SchemaError(f"{where}: {_too_complex(place, detail)}")


def _check_patterns(schema: Any, where: str) -> None:
    """Every pattern of the schema is an ECMA-262 regex fmlint matches in bounded time
    (validator.schema.ecma), or a `SchemaError` naming where it is."""
    from .ecma import BadPattern, TooComplex, TooSlow, searcher

    for place, pattern in _patterns(schema):
        try:
            searcher(pattern)
        except TooComplex as error:
            raise SchemaError(f"{where}: {_too_complex(place, error.detail)}") from None
        except TooSlow as error:
            raise SchemaError(f"{where}: {_slow_pattern(pattern, place, error)}") from None
        except BadPattern as error:
            raise SchemaError(f"{where}: {error}") from None


def _too_complex(place: str, detail: str) -> str:
    return f"the pattern at {_shown_pointer(place)} is too complex for fmlint ({detail})"


def _shown_pointer(place: str) -> str:
    """A JSON Pointer as a message shows it: a `patternProperties` key may be the long part."""
    return place if len(place) <= 120 else f"{place[:100]}... ({len(place)} characters)"


def _slow_pattern(pattern: str, pointer: str, error) -> str:
    """Why a pattern only the backtracking engine can match is refused, and what to change."""
    from .ecma import SHORTEST_CHECKED, shown

    needs = (
        f"the pattern at {_shown_pointer(pointer)} needs a backtracking engine (it has a "
        "lookaround, a backreference, or syntax RE2 does not read alike) and "
    )
    if error.kind == "exponential":
        return (
            f"the schema's pattern {shown(pattern)} may take exponential time: {needs}has a "
            "repeated part that itself repeats or branches; rewrite it without nested quantifiers"
        )
    if error.kind == "empty loop":
        return (
            f"the schema's pattern {shown(pattern)} cannot be matched safely: {needs}repeats a "
            "part that may match nothing inside a repeat whose rounds may match nothing, which "
            "makes that engine run out of memory; make the inner repeat match a character at least"
        )
    return (
        f"the schema's pattern {shown(pattern)} may take too long: {needs}has repeats side by "
        "side that could take it past its time budget on a value of "
        f"{SHORTEST_CHECKED} characters; rewrite it with fewer adjacent quantifiers"
    )


def _patterns(schema: Any) -> Iterator[tuple[str, str]]:
    """(JSON Pointer, regex) for every `pattern` and `patternProperties` regex in a schema,
    walked with a stack of its own (a deep schema must not exhaust Python's)."""
    from .source import schema_parts

    stack: list[tuple[Any, str, bool]] = [(schema, "#", False)]
    while stack:
        node, pointer, named = stack.pop()
        if isinstance(node, dict) and not named:
            if isinstance(node.get("pattern"), str):
                yield f"{pointer}/pattern", node["pattern"]
            if isinstance(node.get("patternProperties"), dict):
                for pattern in node["patternProperties"]:
                    yield f"{pointer}/patternProperties/{_token(pattern)}", pattern
        parts = list(schema_parts(node, named))
        stack.extend(
            (value, f"{pointer}/{_token(key)}", names)
            for key, value, names in reversed(parts)
            if isinstance(value, (dict, list))
        )


def _token(key: Any) -> str:
    """A JSON Pointer reference token (RFC 6901)."""
    return str(key).replace("~", "~0").replace("/", "~1")


class SchemaChecker:
    """A schema compiled once per process; `check(value)` returns findings by document path.

    `formats=False` treats `format` as an annotation (2020-12's default) instead of asserting it
    (check-jsonschema's default, and fmlint's)."""

    def __init__(self, schema: Any, *, formats: bool = True):
        self.schema = schema
        self.formats = formats

    @cached_property
    def _compiled(self):
        """The pure-Python verdict engine (no import cost), or None for a schema it cannot take."""
        from .compiled import Unsupported, compile_parts

        try:
            return compile_parts(self.schema, formats=self.formats)
        except (Unsupported, RecursionError):  # compiled whole, a long `$ref` path is too deep:
            return None  # jsonschema follows a reference only as deep as the value goes

    @cached_property
    def _fast(self):
        """jsonschema-rs, for the benchmarks' comparison (fmlint's verdict never comes from it:
        its drafts, formats and regexes are not those of the explanation)."""
        import jsonschema_rs

        from .formats import is_iri, is_uri

        return jsonschema_rs.validator_for(
            self.schema, validate_formats=True, formats={"uri": is_uri, "iri": is_iri}
        )

    @cached_property
    def reference(self):
        """The jsonschema validator for the schema's dialect, with fmlint's format checks
        (validator.schema.formats, which the compiled engine uses too), ECMA-262 patterns
        (validator.schema.ecma), and no way to look a reference up outside the schema itself."""
        import jsonschema
        import referencing

        from .formats import CHECKERS
        from .keywords import explaining

        cls = explaining(dialect_class(self.schema), _vocabularies(self.schema))
        checker = None
        if self.formats:
            checker = jsonschema.FormatChecker(formats=())
            for name, test in CHECKERS.items():
                checker.checkers[name] = (_strings_only(test), ())
        registry = referencing.Registry(retrieve=_no_retrieval)
        return cls(self.schema, format_checker=checker, registry=registry)

    def is_valid(self, value: Any) -> bool:
        compiled = self._compiled
        if compiled is not None:
            try:
                return compiled.check(value)
            except (ValueError, TypeError, OverflowError, RecursionError):
                pass  # a value the compiled engine cannot take
        return not self._errors(self.reference, value)

    def check(self, value: Any) -> list[Finding]:
        compiled = self._compiled
        if compiled is not None:
            try:
                if compiled.check(value):
                    return []
            except (ValueError, TypeError, OverflowError, RecursionError):
                pass
        return self.explain(value)

    @cached_property
    def _pruned(self):
        """`reference` whose `properties` and `items` skip the values the compiled engine passes.

        Every other keyword (`required`, `additionalProperties`, `if`/`then`/`else`, `anyOf`,
        `$ref`, ...) is jsonschema's own and still runs at each node on the way to a failing
        value, so paths, schema paths, messages and the errors' order are a whole walk's. Only
        for a schema the compiled engine takes; else the reference itself."""
        parts = self._compiled
        reference = self.reference
        if parts is None:
            return reference
        import jsonschema

        cls = type(reference)
        whole_items = cls.VALIDATORS["items"]
        passes = parts.passes

        def properties(validator, properties, instance, schema):
            if not validator.is_type(instance, "object"):
                return
            for name, subschema in properties.items():
                if name not in instance:
                    continue
                item = instance[name]
                # a list is not asked first: its `items` asks item by item, one pass, not two
                if type(item) is list or not passes(subschema, item):
                    yield from validator.descend(item, subschema, path=name, schema_path=name)

        def items(validator, items, instance, schema):
            if (
                isinstance(items, bool)
                or "prefixItems" in schema
                or not validator.is_type(instance, "array")
            ):
                yield from whole_items(validator, items, instance, schema)
                return
            for index, item in enumerate(instance):
                if not passes(items, item):
                    yield from validator.descend(instance=item, schema=items, path=index)

        pruned = jsonschema.validators.extend(cls, {"properties": properties, "items": items})
        return pruned(
            self.schema, format_checker=reference.format_checker, registry=reference._registry
        )

    def explain(self, value: Any) -> list[Finding]:
        """One finding per problem: per unknown or missing key, and per offending value."""
        return self._explain(self._pruned, value)

    def _explain_whole(self, value: Any) -> list[Finding]:
        """The explanation of a whole-record walk, which `explain` must equal (the tests say)."""
        return self._explain(self.reference, value)

    def _errors(self, validator, value: Any) -> list:
        """jsonschema's errors; a reference it cannot follow, or a recursion deeper than Python
        allows (a `$ref` cycle `ref_trouble` cannot see, through an anchor or `$dynamicRef`), is
        one error of its own."""
        import referencing.exceptions

        from .ecma import BadPattern

        try:
            return list(validator.iter_errors(value))
        except referencing.exceptions.Unresolvable as error:
            return [_Unresolved(error)]
        except RecursionError:
            return [_Unresolved(None)]
        except BadPattern as error:  # one `prepare_schema` did not see: a schema built in code
            return [_Unresolved(None, f"the schema's pattern cannot be used: {error}")]

    def _explain(self, validator, value: Any) -> list[Finding]:
        from jsonschema.exceptions import best_match

        chosen: dict[tuple, tuple[int, Finding]] = {}
        for error in self._errors(validator, value):
            if isinstance(error, _Unresolved):
                finding = Finding(SCHEMA_VIOLATION, error.message, ())
                chosen[((), "ref")] = (0, finding)
                continue
            if error.validator in ("anyOf", "oneOf") and error.context:
                error = best_match([error])
            try:
                found = self._findings(error, value)
            except (LookupError, TypeError, AttributeError):  # a schema path through a $ref
                found = []
            if not found:  # every error is a finding: never "invalid" with nothing to say
                found = [self._plain_finding(error)]
            for slot, rank, finding in found:
                if slot not in chosen or rank < chosen[slot][0]:
                    chosen[slot] = (rank, finding)
        return _merge_typos(chosen)

    def _plain_finding(self, error) -> tuple[tuple, int, Finding]:
        path: DocPath = tuple(error.absolute_path)
        where = format_path(path) if path else "the front matter"
        keyword = error.validator
        if keyword is None:
            text = "is not allowed here"
        else:
            text = f"breaks the schema's '{keyword}' rule: {quote(error.message, 120)}"
        return (path, "plain", keyword), 4, Finding(SCHEMA_VIOLATION, f"{where} {text}", path)

    def _findings(self, error, root: Any) -> list[tuple[tuple, int, Finding]]:
        path: DocPath = tuple(error.absolute_path)
        where = format_path(path)
        keyword = error.validator
        value = error.instance
        too_long = getattr(error, "fmlint_too_long", None)
        if too_long is not None:
            return [((path, "value"), 3, Finding(BAD_STRING, f"{where}: {too_long}", path))]
        if keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(value, dict):
            keys = getattr(error, "fmlint_keys", None)
            if keys is None:
                from .keywords import extra_keys

                keys = extra_keys(error.schema, value)
            return [
                ((path, "key", key), 0, self._unknown_key(error.schema, path, key, value))
                for key in keys
            ]
        if keyword == "required" and isinstance(value, dict):
            condition = self._condition(error)
            prefix = f"{where}: " if path else ""
            return [
                (
                    (path, "required", name),
                    0,
                    Finding(MISSING_KEY, f"{prefix}missing required key '{name}'{condition}", path),
                )
                for name in error.validator_value
                if name not in value
            ]
        if keyword is None:  # a `false` subschema: this key may not be here at all
            condition = self._condition(error) or " here"
            return [
                (
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
                for key_path in self._forbidden_paths(error, path, root)
            ]
        code, message = _describe(keyword, error.validator_value, value, error.schema)
        fix = _number_fix(keyword, error.validator_value, value, path)
        finding = Finding(code, f"{where}: {message}", path, fix=fix)
        return [((path, "value"), _PRIORITY.get(keyword, 3), finding)]

    def _forbidden_paths(self, error, path: DocPath, root: Any) -> list[DocPath]:
        """The keys a `false` subschema rejects.

        jsonschema reports `properties: {webUrl: false}` without the key in either path, so find
        the keys of the object at `path` whose subschema is `false`.
        """
        schema_path = list(error.absolute_schema_path)
        parent = root
        for part in path:
            parent = parent[part]
        if schema_path and schema_path[-1] == "properties" and isinstance(parent, dict):
            node: Any = self.schema
            for part in schema_path:
                node = node[part]
            keys = [key for key, rule in node.items() if rule is False and key in parent]
            if keys:
                return [(*path, key) for key in keys]
        return [path]

    def _unknown_key(self, schema: dict, path: DocPath, key: str, mapping: dict) -> Finding:
        """FM101 for a key the schema does not allow. Where the schema says
        `"x-fmlint-unknown-keys": "warning"` (the bundled one does: a writer that adds a field
        breaks nothing), only a near miss of a known key that is absent stays FM101, since the
        real key is then missing; any other unknown key is the warning FM110."""
        where = format_path(path) if path else "the front matter"
        message = f"unknown key '{key}' in {where}"
        close = _near_miss(key, list(schema.get("properties", {})))
        lenient = schema.get("x-fmlint-unknown-keys") == "warning"
        if close and close not in mapping:
            return Finding(
                UNKNOWN_KEY, f"{message}; did you mean '{close}'?", (*path, key), on_key=True
            )
        if lenient:
            also = f" (it also has '{close}')" if close else ""
            message = f"{where} has the key '{key}'{also}, which the schema does not describe"
            return Finding(UNDESCRIBED_KEY, message, (*path, key), on_key=True)
        return Finding(UNKNOWN_KEY, message, (*path, key), on_key=True)

    def _condition(self, error) -> str:
        """' when type is 'video'' for an error raised under an if/then, else ''."""
        schema_path = list(error.absolute_schema_path)
        if "then" not in schema_path and "else" not in schema_path:
            return ""
        cut = max(i for i, part in enumerate(schema_path) if part in ("then", "else"))
        node: Any = self.schema
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


def _merge_typos(chosen: dict) -> list[Finding]:
    """A misspelt required key is one problem: keep the unknown key's did-you-mean, drop the
    missing-key finding it already explains."""
    explained = {
        (slot[0], "required", finding.message.rsplit("'", 2)[-2])
        for slot, (_, finding) in chosen.items()
        if finding.code == UNKNOWN_KEY and finding.message.endswith("?")
    }
    return [finding for slot, (_, finding) in chosen.items() if slot not in explained]


def _number_fix(keyword: str, expected: Any, value: Any, path: DocPath) -> Fix | None:
    """`width: "620"` where an integer belongs: unquoting is certain for a plain whole number."""
    types = [expected] if isinstance(expected, str) else expected
    if keyword != "type" or "integer" not in types or not isinstance(value, str):
        return None
    if not _WHOLE_NUMBER.fullmatch(value):
        return None
    return Fix(path, f"write {value} as a number", int(value))


_WHOLE_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")


def _strings_only(test):
    """A format applies to strings only; any other value passes it (JSON Schema's rule)."""

    def checked(instance: Any) -> bool:
        return not isinstance(instance, str) or test(instance)

    return checked


def _no_line_breaks(check):
    """The format libraries match with `$`, which lets a trailing line break through; the compiled
    engine (rightly) does not. Refuse line breaks first so both engines agree."""

    def checked(instance: Any) -> bool:
        if isinstance(instance, str) and ("\n" in instance or "\r" in instance):
            return False
        return check(instance)

    return checked


class _Unresolved:
    """A `$ref` jsonschema could not follow while validating (the schema is at fault), or, with
    no error, one it followed for ever (or the `message` of another fault of the schema's)."""

    validator = None

    def __init__(self, error: Exception | None, message: str = ""):
        if error is None:
            self.message = message or (
                "the schema refers to itself too deeply on this front matter (a $ref cycle?), "
                "so it cannot be checked"
            )
            return
        ref = getattr(error, "ref", None)
        what = f"$ref {ref!r}" if ref else "a $ref"
        self.message = (
            f"the schema's {what} does not resolve, so the front matter cannot be checked"
        )


def _no_retrieval(uri: str):
    """Every document a schema needs is in it (validator.schema.source); nothing is looked up."""
    import referencing.exceptions

    raise referencing.exceptions.NoSuchResource(ref=uri)


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
            import difflib

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
            from .ecma import too_complex

            detail = too_complex(value)
            if detail is not None:
                return (
                    BAD_FORMAT,
                    f"{shown} is too complex for fmlint to read as a regex ({detail})",
                )
        if expected == "date-time" and _DATE_TIME_SHAPE.fullmatch(str(value)):
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
    from .ecma import BadPattern, searcher

    try:
        return searcher(pattern)(text)
    except BadPattern:  # a text too long for it: not the hint's to say
        return False


def _stray_char(text: str) -> str | None:
    """`a space`, `U+2028 (LINE SEPARATOR)`: the first character that can be in no URL."""
    import unicodedata

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
