"""ECMA-262 regular expressions, as JSON Schema's `pattern`, `patternProperties` and the `regex`
format mean them, through `regress` (the Rust engine jsonschema-rs and others build on).

Python's `re` differs from ECMA-262 where schemas notice it: `\\p{L}` is an error, `\\d` and `\\w`
match any Unicode digit or letter, `$` matches before a trailing line break. Every engine
(validator.compiled for the verdict, validator.schema for the explanation) asks this module, so
they always agree. A pattern is compiled in Unicode mode (`u`, which `\\p{...}` needs), else, for
the few that mode rejects (`\\-` outside a class, say), in the legacy mode.

regress backtracks, so a pattern with a repeated part that itself repeats (`^(a+)+$`, which takes
exponential time on such an engine; `may_backtrack` finds them) is matched by RE2
(google-re2), which takes linear time on any text, where RE2 reads it (no lookaround, no
backreference); a schema with one RE2 cannot read is refused (`schema`). RE2's `.` and `\\s` differ
from ECMA-262's on a few Unicode characters (U+2028 and U+2029, some spaces): only such patterns
see the difference.
"""

from __future__ import annotations

import re
from functools import lru_cache

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


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


@lru_cache(maxsize=4096)
def searcher(pattern: str) -> Callable[[str], bool]:
    """text -> whether `pattern` matches somewhere in it (JSON Schema patterns are unanchored).
    Cached: the explaining validator asks again for every value it checks."""
    compiled = compile_pattern(pattern)  # an ECMA-262 pattern, or BadPattern
    if may_backtrack(pattern):
        search = linear(pattern)
        if search is None:
            raise BadPattern(f"{pattern!r} may take exponential time and RE2 cannot read it")
        return lambda text: search(text) is not None
    find = compiled.find
    return lambda text: find(text) is not None


@lru_cache(maxsize=256)
def linear(pattern: str):
    """RE2's `search` for `pattern` (linear time on any text), or None where RE2 cannot read it."""
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print its parse errors on stderr
    try:
        return re2.compile(pattern, options).search
    except re2.error:
        return None


def is_regex(text: str) -> bool:
    """The `regex` format: an ECMA-262 regular expression, in Unicode mode (where `\\a`, an
    escape ECMA-262 does not have, is an error rather than a letter `a`)."""
    import regress

    try:
        regress.Regex(text, "u")
    except regress.RegressError:
        return False
    return True


_BOUNDED = 10  # an outer repeat of at most this many rounds multiplies the work only so much


def may_backtrack(pattern: str) -> bool:
    """True for a regex with a repeated part that itself repeats (`(a+)+`, `(a*)*`, `(\\w+\\s?)*`):
    the shape on which a backtracking engine takes exponential time. Conservative: a pattern it
    cannot parse is left to the engines, which report it."""
    try:
        from re import _parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse as parser  # type: ignore[no-redef]
    # `\p{L}` (ECMA-262) is one character of a class, as `\w` is to Python's parser
    pattern = re.sub(r"\\[pP]\{[^}]*\}", r"\\w", pattern)
    try:
        tree = parser.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return False
    repeats = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}

    def chars(items: Any) -> list | None:
        """The single-character elements a repeat's body is made of, or None if it is more."""
        found = []
        for op, arg in items:
            name = str(op)
            if name in ("LITERAL", "NOT_LITERAL", "IN", "ANY"):
                found.append((name, arg))
            elif name in repeats:
                inner = chars(arg[2])
                if inner is None:
                    return None
                found.extend(inner)
            elif name == "SUBPATTERN":
                inner = chars(arg[-1])
                if inner is None:
                    return None
                found.extend(inner)
            else:
                return None
        return found

    def overlaps(element: tuple, code: int) -> bool:
        """Whether one character element may match the character `code` (True when unsure)."""
        name, arg = element
        if name == "LITERAL":
            return arg == code
        if name == "NOT_LITERAL":
            return arg != code
        if name != "IN":
            return True
        negate = False
        hit = False
        for op, value in arg:
            kind = str(op)
            if kind == "NEGATE":
                negate = True
            elif kind == "LITERAL":
                hit = hit or value == code
            elif kind == "RANGE":
                hit = hit or value[0] <= code <= value[1]
            else:
                return True
        return hit != negate

    def separated(body: Any) -> bool:
        """A repeated body with a required character that none of its inner repeats can match
        (`(-[a-z]+)*`): each round then starts at one place, so there is nothing to backtrack."""
        inner: list = []
        for op, arg in body:
            if str(op) in repeats:
                found = chars(arg[2])
                if found is None:
                    return False
                inner.extend(found)
        return any(
            str(op) == "LITERAL" and not any(overlaps(element, arg) for element in inner)
            for op, arg in body
        )

    def walk(items: Any, inside: bool) -> bool:
        for op, arg in items:
            name = str(op)
            if name in repeats:
                _low, high, body = arg
                if inside and high > 1:
                    return True
                while len(body) == 1 and str(body[0][0]) == "SUBPATTERN":
                    body = body[0][1][-1]
                outer = high > _BOUNDED and not separated(body)
                if walk(body, inside or outer):
                    return True
            elif name == "SUBPATTERN":
                if walk(arg[-1], inside):
                    return True
            elif name == "BRANCH":
                if any(walk(branch, inside) for branch in arg[1]):
                    return True
            elif name in ("ASSERT", "ASSERT_NOT") and walk(arg[1], inside):
                return True
        return False

    return walk(tree, False)
