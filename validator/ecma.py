"""ECMA-262 regular expressions, as JSON Schema's `pattern`, `patternProperties` and the `regex`
format mean them, through `regress` (the Rust engine jsonschema-rs and others build on).

Python's `re` differs from ECMA-262 where schemas notice it: `\\p{L}` is an error, `\\d` and `\\w`
match any Unicode digit or letter, `$` matches before a trailing line break. Every engine
(validator.compiled for the verdict, validator.schema for the explanation) asks this module, so
they always agree. A pattern is compiled in Unicode mode (`u`, which `\\p{...}` needs), else, for
the few that mode rejects (`\\-` outside a class, say), in the legacy mode.
"""

from __future__ import annotations

from functools import lru_cache

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Callable


class BadPattern(ValueError):
    """A pattern that is no ECMA-262 regular expression."""


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str):
    """The compiled regex for `pattern` (cached: schemas repeat their patterns)."""
    import regress

    try:
        return regress.Regex(pattern, "u")
    except regress.RegressError:
        pass
    try:
        return regress.Regex(pattern)
    except regress.RegressError as error:
        raise BadPattern(f"{pattern!r} is not an ECMA-262 regular expression: {error}") from None


def searcher(pattern: str) -> Callable[[str], bool]:
    """text -> whether `pattern` matches somewhere in it (JSON Schema patterns are unanchored)."""
    find = compile_pattern(pattern).find
    return lambda text: find(text) is not None


def is_regex(text: str) -> bool:
    """The `regex` format: an ECMA-262 regular expression, in Unicode mode (where `\\a`, an
    escape ECMA-262 does not have, is an error rather than a letter `a`)."""
    import regress

    try:
        regress.Regex(text, "u")
    except regress.RegressError:
        return False
    return True
