"""ECMA-262 regular expressions, as JSON Schema's `pattern`, `patternProperties` and the `regex`
format mean them, through `regress` (the Rust engine jsonschema-rs and others build on), and RE2.

Python's `re` differs from ECMA-262 where schemas notice it: `\\p{L}` is an error, `\\d` and `\\w`
match any Unicode digit or letter, `$` matches before a trailing line break. Every engine
(`compiled` for the verdict, `checker` for the explanation) asks this module, so they always
agree. A pattern is compiled in Unicode mode (`u`, which `\\p{...}` needs), else, for
the few that mode rejects (`\\-` outside a class, say), in the legacy mode.

A schema comes from the repository being linted, so a pattern is hostile until shown otherwise:

- regress recurses once per alternative: `a|a|...` with 47,600 of them overflows an 8 MB stack
  and kills the process (a segmentation fault; the count found with a subprocess per try). No
  pattern, nor a value checked as `format: regex`, reaches regress with over MAX_ALTERNATIVES,
  over MAX_LENGTH characters or groups nested over MAX_NESTING deep (`TooComplex`).
- regress backtracks, holding the GIL (no signal handler runs, no thread timeout stops it):
  `^\\d*\\d*\\d*y$` took 16 s on 2,000 digits, `^(a+)+$` for ever. So every pattern RE2
  (google-re2, linear time) can take goes to RE2, rewritten by validator.schema.ecma_re2 with the
  same meaning: each character set spelt out as regress reads it (`\\s`, `.`, `\\p{L}` of
  regress's Unicode version), `^` and `$` as `\\A` and `\\z`; `^(?=A)B` as two searches.
- What is left for regress (a lookaround, a backreference, `\\B`, a legacy octal escape) runs
  under a budget: `ecma_bound.Backtracking` bounds the steps of a match on a text of each
  length, and a text longer than STEP_BUDGET allows is not matched (`TooLong`: a finding). A
  pattern that allows not even SHORTEST_CHECKED characters, or that holds an empty loop regress
  runs out of memory on (`ecma_bound.empty_loop`), is refused (`TooSlow`: a schema error).
- RE2 without its DFA takes time in proportion to its program's size times the text's length:
  bounded the same way by RE2_BUDGET.

Either budget is at most ~0.5 s of one match on the machine they were measured on (the slowest
shapes found: `^\\d*\\d*(?!z)y$` for regress at 6.5 ns a step, `a[ab]{999}c` for RE2 at 4.7 ns);
tests/test_hostile_schema.py holds such matches under a second.
"""

from __future__ import annotations

import math
import sys
from functools import lru_cache

import regress

from .ecma_re2 import leading_lookaheads, to_re2
from .ecma_syntax import Unreadable, alternatives, nesting, parse

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Callable

# regress: a stack overflow at ~47,600 alternatives (8 MB stack), 255 nested groups its own limit
MAX_ALTERNATIVES = 1_000
MAX_NESTING = 50  # validator.schema.ecma_syntax reads a group with ~5 Python frames
MAX_LENGTH = 20_000
STEP_BUDGET = 30_000_000  # ecma_bound.Backtracking's steps of one regress match
RE2_BUDGET = 50_000_000  # RE2's program size times the text's bytes
SHORTEST_CHECKED = 256  # a regress-only pattern must be matchable on values this long


class BadPattern(ValueError):
    """A pattern that is no ECMA-262 regular expression, or that fmlint will not match."""


class TooComplex(BadPattern):
    """A pattern over a limit regress needs to not crash (`detail`: "N alternatives; limit M")."""

    def __init__(self, pattern: str, detail: str):
        super().__init__(f"{shown(pattern)} is too complex for fmlint ({detail})")
        self.detail = detail


class TooSlow(BadPattern):
    """A pattern only regress can match (a lookaround, a backreference) that it cannot match
    safely: in `kind` "exponential" time, or "polynomial" time too long on a short value, or
    with an "empty loop" (a repeat of a part that may match nothing, inside a repeat whose
    rounds may match nothing: regress then allocates without end, gigabytes on `(?:(?:a*)?){2}x`
    against one `a`, until the process dies)."""

    def __init__(self, pattern: str, kind: str):
        self.kind = kind
        how = {
            "exponential": "may take exponential time",
            "polynomial": "may take too long on a short value",
            "empty loop": "repeats a part that may match nothing inside a repeat",
        }[kind]
        super().__init__(f"{shown(pattern)} {how}")


class TooLong(BadPattern):
    """A text longer than a pattern can be matched on within the budget (`longest`)."""

    def __init__(self, pattern: str, longest: int, length: int):
        super().__init__(
            f"{length} characters are too many to match against {shown(pattern)} "
            f"in bounded time (at most {longest})"
        )
        self.longest = longest
        self.length = length


def shown(pattern: str) -> str:
    """A pattern as a message shows it: whole, or its start and its length."""
    if len(pattern) <= 80:
        return repr(pattern)
    return f"{pattern[:60]!r} (... {len(pattern)} characters)"


def too_complex(pattern: str) -> str | None:
    """What makes a pattern too complex to hand to regress ("N alternatives; limit M"), or None."""
    count = alternatives(pattern)
    if count > MAX_ALTERNATIVES:
        return f"{count} alternatives; limit {MAX_ALTERNATIVES}"
    if len(pattern) > MAX_LENGTH:
        return f"{len(pattern)} characters; limit {MAX_LENGTH}"
    depth = nesting(pattern)
    if depth > MAX_NESTING:
        return f"{depth} nested groups; limit {MAX_NESTING}"
    return None


def compile_pattern(pattern: str):
    """The compiled regex for `pattern` (regress's), or BadPattern."""
    return _compiled(pattern)[0]


@lru_cache(maxsize=4096)
def _compiled(pattern: str):
    """(regress's regex, whether in Unicode mode): cached, schemas repeat their patterns."""
    detail = too_complex(pattern)
    if detail is not None:
        raise TooComplex(pattern, detail)
    try:
        return regress.Regex(pattern, "u"), True
    except (regress.RegressError, UnicodeError):
        pass
    try:
        return regress.Regex(pattern), False
    except (regress.RegressError, UnicodeError) as error:
        raise BadPattern(f"{pattern!r} is not an ECMA-262 regular expression: {error}") from None


@lru_cache(maxsize=4096)
def searcher(pattern: str) -> Callable[[str], bool]:
    """text -> whether `pattern` matches somewhere in it (JSON Schema patterns are unanchored),
    by RE2 where it can, else by regress on texts up to the budget's length (`TooLong` beyond).
    Cached: the explaining validator asks again for every value it checks."""
    regex, unicode = _compiled(pattern)  # an ECMA-262 pattern, or BadPattern
    tree, exact = _tree(pattern, unicode)
    linear = _linear(tree) if exact else None
    if linear is not None:
        return _bounded(pattern, *linear, utf8=True)
    from .ecma_bound import Backtracking, empty_loop  # only a pattern RE2 cannot take

    if empty_loop(tree):
        raise TooSlow(pattern, "empty loop")
    bound = Backtracking(tree)
    longest = longest_text(bound)
    if longest < SHORTEST_CHECKED:
        exponential = math.isinf(bound.steps(1000))
        raise TooSlow(pattern, "exponential" if exponential else "polynomial")
    return _bounded(pattern, lambda text: regex.find(text) is not None, longest)


def _linear(tree) -> tuple[Callable[[str], bool], int] | None:
    """(whether RE2 finds the tree in a text, the longest text it may take within RE2_BUDGET),
    or None where RE2 cannot take it; `^(?=A)B` as two searches (`leading_lookaheads`)."""
    whole = _re2(tree)
    if whole is not None:
        search = whole.search
        return (lambda text: search(text) is not None), RE2_BUDGET // max(whole.programsize, 1)
    split = leading_lookaheads(tree)
    if split is None:
        return None
    looks, rest = split
    parts = [(_re2(part), negative) for part, negative in [*looks, (rest, False)]]
    if any(compiled is None for compiled, _ in parts):
        return None
    searches = [(compiled.search, negative) for compiled, negative in parts]

    def matches(text: str) -> bool:
        return all((find(text) is None) is negative for find, negative in searches)

    size = sum(compiled.programsize for compiled, _ in parts)
    return matches, RE2_BUDGET // max(size, 1)


def _bounded(pattern: str, matches, longest: int, utf8: bool = False) -> Callable[[str], bool]:
    """`matches`, on a text of at most `longest` characters (`utf8`: bytes, so a quarter of
    that for a text beyond ASCII), or TooLong."""

    def search(text: str) -> bool:
        limit = longest // 4 if utf8 and not text.isascii() else longest
        if len(text) > limit:
            raise TooLong(pattern, limit, len(text))
        return matches(text)

    return search


def _tree(pattern: str, unicode: bool):
    try:
        return parse(pattern, unicode)
    except (Unreadable, RecursionError):
        raise BadPattern(f"{pattern!r}: fmlint cannot read this regular expression") from None


def _re2(tree):
    """RE2's compiled form of a pattern's tree, or None where RE2 cannot take it."""
    import re2  # ~4 ms: a search needs it, `is_regex` and `compile_pattern` do not

    try:
        source = to_re2(tree, unicode_property)
    except Unreadable:
        return None
    options = re2.Options()
    options.log_errors = False  # RE2 would print its parse errors on stderr
    try:
        return re2.compile(source, options)
    except re2.error:
        return None


def longest_text(bound) -> int:
    """The longest text regress may search within STEP_BUDGET steps, by the pattern's
    `ecma_bound.Backtracking` bound."""
    low, high = 0, STEP_BUDGET  # every search takes at least a step per character
    while low < high:
        middle = (low + high + 1) // 2
        if bound.steps(middle) <= STEP_BUDGET:
            low = middle
        else:
            high = middle - 1
    return low


@lru_cache(maxsize=64)
def unicode_property(name: str) -> list[tuple[int, int]]:
    """The code points `\\p{name}` matches, as regress says (its Unicode version, not RE2's):
    the runs it finds in a text of every code point."""
    runs = regress.Regex(f"\\p{{{name}}}+", "u").find_iter(_every_code_point())
    return [
        (_code_point_at(run.range().start), _code_point_at(run.range().stop - 1)) for run in runs
    ]


@lru_cache(maxsize=1)
def _every_code_point() -> str:
    """Every code point but the surrogates, in order (as UTF-32: 4 times faster than chr)."""
    import array  # only a `\p{...}` class needs the table

    points = array.array("I", range(0xD800))
    points.extend(range(0xE000, 0x110000))
    return points.tobytes().decode(f"utf-32-{sys.byteorder[0]}e")


def _code_point_at(offset: int) -> int:
    """The code point at a byte offset of `_every_code_point()` in UTF-8 (regress's offsets)."""
    for start, first, width in _UTF8_SPANS:
        if offset >= start:
            return first + (offset - start) // width
    return offset


# (first byte offset, first code point, bytes per code point) of each span, last first
_UTF8_SPANS = (
    (0x80 + 0x780 * 2 + 0xD000 * 3 + 0x2000 * 3, 0x10000, 4),
    (0x80 + 0x780 * 2 + 0xD000 * 3, 0xE000, 3),
    (0x80 + 0x780 * 2, 0x800, 3),
    (0x80, 0x80, 2),
)


def is_regex(text: str) -> bool:
    """The `regex` format: an ECMA-262 regular expression, in Unicode mode (where `\\a`, an
    escape ECMA-262 does not have, is an error rather than a letter `a`), and one simple enough
    for regress to read without crashing (`too_complex`)."""
    if too_complex(text) is not None:
        return False
    try:
        regress.Regex(text, "u")
    except (regress.RegressError, UnicodeError):
        return False
    return True


def may_backtrack(pattern: str) -> bool:
    """True for a regex on which a backtracking engine may take exponential time (`(a+)+`,
    `(a*)*`, `(\\w+\\s?)*`); a pattern that is no regex is left to the engines to report."""
    from .ecma_bound import Backtracking  # only a pattern RE2 cannot take, or this question

    try:
        tree, _ = parse(pattern, _compiled(pattern)[1])
    except (BadPattern, Unreadable):
        return False
    return math.isinf(Backtracking(tree).steps(1000))
