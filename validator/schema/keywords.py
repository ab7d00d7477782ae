"""jsonschema's keywords as fmlint needs them for an explanation (`checker` uses this).

- `pattern`, `patternProperties` and `additionalProperties` match ECMA-262 regexes
  (validator.schema.ecma), as the compiled engine does, instead of Python's `re`;
- `additionalProperties: false` and `unevaluatedProperties` name exactly the keys they refuse
  (`error.fmlint_keys`), and `unevaluatedProperties` counts a key as evaluated wherever the
  specification says: jsonschema 4.26's draft 2019-09 walk misses keys an adjacent
  `additionalProperties` schema evaluated (a JSON-Schema-Test-Suite case);
- a custom meta-schema's `$vocabulary` switches off the keywords of the vocabularies it leaves
  out (the validation vocabulary, in the suite).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

_VALIDATION = [
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
]
_CACHE: dict = {}


def explaining(cls, vocabularies: dict | None = None):
    """`cls` with fmlint's keywords (see the module); one class per (cls, vocabularies)."""
    key = (cls, tuple(sorted(vocabularies.items())) if vocabularies else None)
    if key in _CACHE:
        return _CACHE[key]
    import jsonschema

    changes = {
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
    }
    if "unevaluatedProperties" in cls.VALIDATORS:
        changes["unevaluatedProperties"] = _unevaluated_properties
    if vocabularies is not None and not any(
        uri.endswith("/vocab/validation") and used for uri, used in vocabularies.items()
    ):
        changes.update(dict.fromkeys(_VALIDATION, _nothing))
    extended = jsonschema.validators.extend(cls, changes)
    _CACHE[key] = extended
    return extended


def _nothing(validator, value, instance, schema):
    return iter(())


def _pattern(validator, expected, instance, schema):
    from jsonschema.exceptions import ValidationError

    from .ecma import TooLong, searcher  # regress and RE2: only a pattern keyword

    if not validator.is_type(instance, "string"):
        return
    try:
        if not searcher(expected)(instance):
            yield ValidationError(f"{instance!r} does not match {expected!r}")
    except TooLong as error:
        yield _too_long(error, expected, "the value")


def _too_long(error, pattern: str, what: str, path=()):
    """The error for a text too long to match in bounded time (validator.schema.ecma): a finding of
    its own (`fmlint_too_long` holds its message), never a silent pass or a false mismatch."""
    from jsonschema.exceptions import ValidationError

    found = ValidationError(str(error), path=path)
    found.fmlint_too_long = (
        f"{what} is {error.length:,} characters long: fmlint matches the pattern "
        f"{pattern} only on {error.longest:,} characters or fewer (beyond, it may take too long)"
    )
    return found


def _pattern_properties(validator, patterns, instance, schema):
    from .ecma import TooLong, searcher  # regress and RE2: only a pattern keyword

    if not validator.is_type(instance, "object"):
        return
    for expected, subschema in patterns.items():
        search = searcher(expected)
        for key, item in instance.items():
            try:
                matched = search(key)
            except TooLong as error:
                yield _too_long(error, expected, "the key", path=(key,))
                continue
            if matched:
                yield from validator.descend(item, subschema, path=key, schema_path=expected)


def _described(search, key: str) -> bool:
    """Whether a `patternProperties` regex takes the key; a key too long to match is taken (its
    own error says so: `_pattern_properties`), not called unknown as well."""
    from .ecma import TooLong  # regress and RE2: only a pattern keyword

    try:
        return search(key)
    except TooLong:
        return True


def extra_keys(schema: dict, value: dict) -> list[str]:
    """The keys of `value` neither `properties` nor `patternProperties` (ECMA-262) describe."""
    from .ecma import searcher  # regress and RE2: only a pattern keyword

    known = schema.get("properties", {})
    if not isinstance(known, dict):
        known = {}
    patterns = schema.get("patternProperties", {})
    searches = [searcher(p) for p in patterns] if isinstance(patterns, dict) else []
    return [
        key
        for key in value
        if key not in known and not any(_described(search, key) for search in searches)
    ]


def _additional_properties(validator, extra, instance, schema):
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "object"):
        return
    extras = extra_keys(schema, instance)
    if validator.is_type(extra, "object"):
        for key in extras:
            yield from validator.descend(instance[key], extra, path=key)
    elif not extra and extras:
        error = ValidationError(f"Additional properties are not allowed ({extras!r})")
        error.fmlint_keys = extras
        yield error


def _unevaluated_properties(validator, unevaluated, instance, schema):
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "object"):
        return
    evaluated = evaluated_keys(validator, instance, schema)
    keys = [key for key in instance if key not in evaluated]
    if unevaluated is False:
        if keys:
            error = ValidationError(f"Unevaluated properties are not allowed ({keys!r})")
            error.fmlint_keys = keys
            yield error
        return
    for key in keys:  # each key's own reasons
        yield from validator.descend(instance[key], unevaluated, path=key, schema_path=key)


def _valid(validator, instance: Any, subschema: Any) -> bool:
    return next(validator.descend(instance, subschema), None) is None


def evaluated_keys(validator, instance: dict, schema: Any) -> set:
    """The keys of `instance` that `schema` (with what it references and what applies in
    place) evaluates: 2020-12 section 11.3, and 2019-09's `$recursiveRef`."""
    if not isinstance(schema, dict):
        return set()
    keys: set = set()

    def follow(resolved) -> None:
        evolved = validator.evolve(schema=resolved.contents, _resolver=resolved.resolver)
        keys.update(evaluated_keys(evolved, instance, resolved.contents))

    for keyword in ("$ref", "$dynamicRef"):  # jsonschema's own walk follows both so
        if isinstance(schema.get(keyword), str):
            follow(validator._resolver.lookup(schema[keyword]))
    if "$recursiveRef" in schema:
        from jsonschema._legacy_keywords import lookup_recursive_ref

        follow(lookup_recursive_ref(validator._resolver))
    properties = schema.get("properties")
    if isinstance(properties, dict):
        keys.update(properties.keys() & instance.keys())
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        if keyword in schema:
            subschema = schema[keyword]
            keys.update(k for k, v in instance.items() if _valid(validator, v, subschema))
    patterns = schema.get("patternProperties")
    if isinstance(patterns, dict):
        from .ecma import searcher  # regress and RE2: only a pattern keyword

        searches = [searcher(p) for p in patterns]
        keys.update(k for k in instance if any(_described(search, k) for search in searches))
    dependent = schema.get("dependentSchemas")
    if isinstance(dependent, dict):
        for name, subschema in dependent.items():
            if name in instance:
                keys |= evaluated_keys(validator, instance, subschema)
    for keyword in ("allOf", "oneOf", "anyOf"):
        for subschema in schema.get(keyword, []) or []:
            if _valid(validator, instance, subschema):
                keys |= evaluated_keys(validator, instance, subschema)
    if "if" in schema:
        if _valid(validator, instance, schema["if"]):
            keys |= evaluated_keys(validator, instance, schema["if"])
            if "then" in schema:
                keys |= evaluated_keys(validator, instance, schema["then"])
        elif "else" in schema:
            keys |= evaluated_keys(validator, instance, schema["else"])
    return keys
