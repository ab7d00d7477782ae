"""A pattern's tree (`ecma_syntax`) in RE2's syntax, with exactly its ECMA-262 matches
(`to_re2`), and a pattern that starts with lookaheads as searches RE2 may make
(`leading_lookaheads`). A pattern RE2 cannot take so stays with regress (validator.schema.ecma).
"""

from __future__ import annotations

from .ecma_syntax import (
    SURROGATES,
    Alt,
    Assertion,
    Chars,
    Group,
    Look,
    Repeat,
    Seq,
    Unreadable,
    chars_ranges,
)

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Callable

_RE2_MAX_REPEAT = 1000


def to_re2(tree, prop: Callable[[str], list]) -> str:
    """The pattern in RE2's syntax, with the same matches: every character set spelt out as code
    point ranges (so `\\s`, `.` and `\\p{L}` mean what they mean to regress), `^` and `$` as
    `\\A` and `\\z`. Unreadable for what RE2 has not (lookarounds, backreferences, repeats
    of over 1,000) or reads otherwise (`\\B`)."""
    parts: list[str] = []
    _emit(tree, prop, parts)
    return "".join(parts)


def _emit(node, prop, parts: list[str]) -> None:
    kind = type(node)
    if kind is Chars:
        parts.append(_re2_class(chars_ranges(node, prop)))
    elif kind is Assertion:
        if node.kind == "B":  # RE2 tries it between the bytes of a character too: `\B` on "é"
            raise Unreadable("\\B")
        parts.append({"^": r"\A", "$": r"\z", "b": r"\b"}[node.kind])
    elif kind is Group:
        parts.append("(?:")
        _emit(node.body, prop, parts)
        parts.append(")")
    elif kind is Alt:
        parts.append("(?:")
        for index, option in enumerate(node.options):
            if index:
                parts.append("|")
            _emit(option, prop, parts)
        parts.append(")")
    elif kind is Seq:
        parts.append("(?:")
        for item in node.items:
            _emit(item, prop, parts)
        parts.append(")")
    elif kind is Repeat:
        if node.low > _RE2_MAX_REPEAT or (node.high or 0) > _RE2_MAX_REPEAT:
            raise Unreadable("a repeat count over RE2's 1,000")
        parts.append("(?:")
        _emit(node.body, prop, parts)
        high = "" if node.high is None else node.high
        parts.append(f"){{{node.low},{high}}}")
    else:
        raise Unreadable("a lookaround or a backreference")


def _re2_class(ranges: list[tuple[int, int]]) -> str:
    """A character class of exactly these code points (surrogates aside: no text holds one)."""
    low_gap, high_gap = SURROGATES
    kept = []
    for low, high in ranges:
        if low < low_gap:
            kept.append((low, min(high, low_gap - 1)))
        if high > high_gap:
            kept.append((max(low, high_gap + 1), high))
    if not kept:
        return r"[^\x{0}-\x{10FFFF}]"
    spelt = (
        f"\\x{{{low:X}}}" if low == high else f"\\x{{{low:X}}}-\\x{{{high:X}}}"
        for low, high in kept
    )
    return "[" + "".join(spelt) + "]"


def leading_lookaheads(tree) -> tuple[list, object] | None:
    """`^(?=A)(?!B)C` as ([(`^A`, False), (`^B`, True)], `^C`), or None for another shape: a
    lookahead right after a leading `^` looks at the start of the text only, so the pattern
    matches where `^A` does, `^B` does not, and `^C` does: each a search RE2 may make (the
    password and the length-bounded host name patterns)."""
    items = tree.items if type(tree) is Seq else []
    count = 1
    while count < len(items) and type(items[count]) is Look and items[count].ahead:
        count += 1
    if count == 1 or type(items[0]) is not Assertion or items[0].kind != "^":
        return None
    caret = items[0]
    looks = [(Seq([caret, look.body]), look.negative) for look in items[1:count]]
    return looks, Seq([caret, *items[count:]])
