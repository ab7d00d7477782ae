"""Read a schema and make it ready to check with, or say in a `SchemaError` why it cannot be used.

The bundled article schema is read as it is. A user's schema (a JSON or YAML file, or a URL) is
untrusted: it comes from the repository being linted. So before any library walks it, its depth
and size are bounded (`shape`) and no pattern that could crash regress reaches the meta-schema's
check; then it is checked against its dialect's meta-schema, made self-contained (the documents
its `$ref`s name embedded, `source`), and every pattern must be one fmlint matches in bounded
time (`ecma`). What a checked schema then says of a value is `checker`'s business.
"""

from __future__ import annotations

import json
from pathlib import Path

from .download import SourceError

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

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
    from .source import read_root  # reading a user's schema: the bundled one never loads it

    try:
        schema, uri = read_root(path, fetch)
    except SourceError as error:
        raise SchemaError(str(error)) from None
    return prepare_schema(schema, uri, str(path), fetch=fetch)


def vocabularies(schema: Any) -> dict | None:
    """The `$vocabulary` of a custom meta-schema the schema names in `$schema` and carries
    embedded (validator.schema.source fetched it), or None for a standard dialect."""
    if not isinstance(schema, dict) or not isinstance(schema.get("$schema"), str):
        return None
    from .source import embedded  # only an explanation (jsonschema's validator) needs it

    meta = embedded(schema, schema["$schema"])
    if isinstance(meta, dict) and isinstance(meta.get("$vocabulary"), dict):
        return meta["$vocabulary"]
    return None


def dialect_class(schema: Any):
    """The jsonschema validator class for a schema's `$schema`; 2020-12 when it names none (as
    jsonschema and check-jsonschema choose, and the bundled schema declares)."""
    import jsonschema  # ~30 ms: only a user's schema or an invalid record needs it

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
    import jsonschema  # ~30 ms; it and what reads a schema: only a user's schema needs them

    from .refs import ref_trouble
    from .shape import ShapeError, check_shape  # a user's schema only
    from .source import bundle  # a user's schema only

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
    import jsonschema  # ~30 ms: only a user's schema needs it

    from .ecma import BadPattern, compile_pattern  # regex engines: a user's schema only

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
    from .ecma import too_complex  # regex engines: a user's schema only

    for place, pattern in _patterns(schema):
        detail = too_complex(pattern)
        if detail is not None:
            raise SchemaError(f"{where}: {_too_complex(place, detail)}")


def _check_patterns(schema: Any, where: str) -> None:
    """Every pattern of the schema is an ECMA-262 regex fmlint matches in bounded time
    (validator.schema.ecma), or a `SchemaError` naming where it is."""
    from .ecma import BadPattern, TooComplex, TooSlow, searcher  # a user's schema only

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
    from .ecma import SHORTEST_CHECKED, shown  # a user's schema only

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
    from .structure import schema_parts  # a user's schema only

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
