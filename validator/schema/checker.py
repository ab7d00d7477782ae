"""Say whether front-matter values keep a JSON Schema, and on a failure gather its explanation.

A fast engine decides whether a record is valid: `validator.schema.compiled` (the schema compiled
once per process into Python closures, ~0.04 ms a record, nothing heavy to import) for the schemas
it can compile. Only an invalid record pays for importing jsonschema, the reference implementation,
whose errors `explain` words as findings. A schema the compiled engine cannot take (another draft,
`unevaluatedProperties`, references to other documents, ...) gets its verdict from jsonschema
too, so a verdict and its explanation never disagree: an invalid value has at least one finding,
a valid one none (tests/test_schema_suite.py holds this on the whole JSON-Schema-Test-Suite).
`load` reads and prepares the schema a checker is given; no module outside `schema/` knows a
validator.

An explanation costs what the error costs: jsonschema walks the record with its own keywords,
except that `properties` and `items` step only into the values the compiled engine says fail
(`_pruned`). A passing value gives jsonschema no error, so the findings are exactly those of a
whole-record walk (`_explain_whole`, kept as the reference), at the price of the keywords on the
way down to each failing value instead of every value of a 2,400-line record. A schema the
compiled engine cannot take is still explained whole.
"""

from __future__ import annotations

from functools import cached_property

from ..diagnostic import Finding
from .compiled import Unsupported, compile_parts
from .load import dialect_class, vocabularies

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any


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
        try:
            return compile_parts(self.schema, formats=self.formats)
        except (Unsupported, RecursionError):  # compiled whole, a long `$ref` path is too deep:
            return None  # jsonschema follows a reference only as deep as the value goes

    @cached_property
    def _fast(self):
        """jsonschema-rs, for the benchmarks' comparison (fmlint's verdict never comes from it:
        its drafts, formats and regexes are not those of the explanation)."""
        import jsonschema_rs  # the benchmarks' only

        from .formats import is_iri, is_uri

        return jsonschema_rs.validator_for(
            self.schema, validate_formats=True, formats={"uri": is_uri, "iri": is_iri}
        )

    @cached_property
    def reference(self):
        """The jsonschema validator for the schema's dialect, with fmlint's format checks
        (validator.schema.formats, which the compiled engine uses too), ECMA-262 patterns
        (validator.schema.ecma), and no way to look a reference up outside the schema itself."""
        import jsonschema  # ~30 ms: a record `compiled` passes never needs it
        import referencing

        from .formats import CHECKERS  # a schema without formats loads them here only
        from .keywords import explaining  # for jsonschema only

        cls = explaining(dialect_class(self.schema), vocabularies(self.schema))
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
        import jsonschema  # ~30 ms: a record `compiled` passes never needs it

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
        import referencing.exceptions  # ~30 ms: a record `compiled` passes never needs it

        from .ecma import BadPattern  # regex engines: not every schema loads them

        try:
            return list(validator.iter_errors(value))
        except referencing.exceptions.Unresolvable as error:
            return [_Unresolved(error)]
        except RecursionError:
            return [_Unresolved(None)]
        except BadPattern as error:  # one `prepare_schema` did not see: a schema built in code
            return [_Unresolved(None, f"the schema's pattern cannot be used: {error}")]

    def _explain(self, validator, value: Any) -> list[Finding]:
        from jsonschema.exceptions import best_match  # ~30 ms: an explanation only

        from .explain import SCHEMA_VIOLATION, explain  # the wording: an explanation only

        chosen: dict[tuple, tuple[int, Finding, tuple | None]] = {}
        for error in self._errors(validator, value):
            if isinstance(error, _Unresolved):
                finding = Finding(SCHEMA_VIOLATION, error.message, ())
                chosen[((), "ref")] = (0, finding, None)
                continue
            if error.validator in ("anyOf", "oneOf") and error.context:
                error = best_match([error])
            for slot, rank, finding, explains in explain(error, value, self.schema):
                if slot not in chosen or rank < chosen[slot][0]:
                    chosen[slot] = (rank, finding, explains)
        # a misspelt required key is one problem: the unknown key's did-you-mean stays, and the
        # missing-key finding it explains goes
        explained = {explains for _, _, explains in chosen.values() if explains is not None}
        return [finding for slot, (_, finding, _) in chosen.items() if slot not in explained]


def _strings_only(test):
    """A format applies to strings only; any other value passes it (JSON Schema's rule)."""

    def checked(instance: Any) -> bool:
        return not isinstance(instance, str) or test(instance)

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
    import referencing.exceptions  # ~30 ms: a record `compiled` passes never needs it

    raise referencing.exceptions.NoSuchResource(ref=uri)
