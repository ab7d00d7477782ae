"""ECMA-262 regular expressions read into a small tree, for validator.ecma: to hand a pattern to
RE2 with exactly its ECMA-262 meaning (`to_re2`), and to bound what a backtracking engine may do
with one that RE2 cannot take (`backtracking_steps`).

regress has accepted the pattern (in Unicode mode, or else in the legacy mode of ECMA-262's
Annex B) before this module reads it, so the reader checks nothing. Where it is unsure of what
regress means (a legacy octal escape, a `(?i:...)` modifier, a lone surrogate) it clears
`exact`: the pattern then stays with regress, and only its shape (repeats, alternatives,
lookarounds, backreferences) counts. `scan` is the one part that reads any text: the few
limits regress needs before it may see a pattern at all (validator.ecma).
"""

from __future__ import annotations

import math
import re

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Callable

MAX_CODE_POINT = 0x10FFFF
SURROGATES = (0xD800, 0xDFFF)  # no text fmlint reads holds one (the YAML reader refuses them)
# ECMA-262's fixed classes: `\s` is WhiteSpace and LineTerminator, `.` all but LineTerminator
# (tests/test_hostile_schema.py holds them equal to regress's own)
LINE_TERMINATORS = ((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029))
SPACES = (
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
)
DIGITS = ((0x30, 0x39),)
WORD = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
_CONTROL = {"f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B}
_BRACES = re.compile(r"\{(\d+)(,(\d*))?\}")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_HEX2 = re.compile(r"[0-9A-Fa-f]{2}")


class Unreadable(Exception):
    """A pattern this module cannot read, or cannot give RE2 with the same meaning."""


# -- the tree ---------------------------------------------------------------------------------


class Chars:
    """One character of a set: code point `ranges`, Unicode properties `props` ((name,
    negated) pairs, resolved by the caller), the whole `negated` (`[^...]`)."""

    __slots__ = ("negated", "props", "ranges")

    def __init__(self, ranges=(), props=(), negated=False):
        self.ranges = list(ranges)
        self.props = list(props)
        self.negated = negated


class Assertion:
    __slots__ = ("kind",)

    def __init__(self, kind: str):
        self.kind = kind  # "^", "$", "b" or "B"


class Look:
    """A lookahead or lookbehind: atomic, so it adds its work but no ways to match."""

    __slots__ = ("body",)

    def __init__(self, body):
        self.body = body


class Backref:
    __slots__ = ()


class Group:
    __slots__ = ("body",)

    def __init__(self, body):
        self.body = body


class Alt:
    __slots__ = ("options",)

    def __init__(self, options: list):
        self.options = options


class Seq:
    __slots__ = ("items",)

    def __init__(self, items: list):
        self.items = items


class Repeat:
    __slots__ = ("body", "high", "low")

    def __init__(self, body, low: int, high: int | None):
        self.body = body
        self.low = low
        self.high = high  # None: no limit


# -- limits before regress --------------------------------------------------------------------


def scan(pattern: str) -> tuple[int, int]:
    """(alternatives, deepest group nesting) of a pattern, whatever it holds: a `|` or a `(`
    escaped or inside a class does not count."""
    alternatives, depth, deepest = 1, 0, 0
    in_class = False
    index, end = 0, len(pattern)
    while index < end:
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern.startswith("]", index + 1) or pattern.startswith("^]", index + 1):
                index = pattern.index("]", index) + 1  # `[]` and `[^]` are whole classes
                in_class = False
                continue
        elif char == "|":
            alternatives += 1
        elif char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth = max(depth - 1, 0)
        index += 1
    return alternatives, deepest


# -- the reader -------------------------------------------------------------------------------


def parse(pattern: str, unicode: bool) -> tuple[object, bool]:
    """(the tree of a pattern regress accepted in that mode, whether it is exact)."""
    reader = _Reader(pattern, unicode)
    try:
        tree = reader.disjunction()
    except (IndexError, ValueError):
        raise Unreadable(pattern) from None
    if reader.pos != len(pattern):
        raise Unreadable(pattern)
    return tree, reader.exact


class _Reader:
    def __init__(self, pattern: str, unicode: bool):
        self.text = pattern
        self.pos = 0
        self.unicode = unicode
        self.exact = True
        plain = re.sub(r"\\.|\[(?:[^\]\\]|\\.)*\]", "", pattern, flags=re.S)
        self.groups = len(re.findall(r"\((?!\?)|\(\?<(?![=!])", plain))
        self.named = "(?<" in plain.replace("(?<=", "").replace("(?<!", "")

    def at(self, text: str) -> bool:
        return self.text.startswith(text, self.pos)

    def disjunction(self):
        options = [self.alternative()]
        while self.at("|"):
            self.pos += 1
            options.append(self.alternative())
        return options[0] if len(options) == 1 else Alt(options)

    def alternative(self) -> Seq:
        items = []
        while self.pos < len(self.text) and self.text[self.pos] not in "|)":
            items.append(self.quantified(self.atom()))
        return Seq(items)

    def quantified(self, atom):
        text, pos = self.text, self.pos
        char = text[pos] if pos < len(text) else ""
        if char in ("*", "+", "?"):
            low, high = (0, None) if char == "*" else (1, None) if char == "+" else (0, 1)
            self.pos += 1
        elif char == "{" and (braces := _BRACES.match(text, pos)):
            low = int(braces[1])
            high = low if braces[2] is None else int(braces[3]) if braces[3] else None
            self.pos = braces.end()
        else:
            return atom
        if self.at("?"):
            self.pos += 1  # lazy: the same strings match, only the match found first differs
        return Repeat(atom, low, high)

    def atom(self):
        char = self.text[self.pos]
        if char in "^$":
            self.pos += 1
            return Assertion(char)
        if char == "(":
            return self.group()
        if char == ".":
            self.pos += 1
            return Chars(LINE_TERMINATORS, negated=True)
        if char == "[":
            return self.char_class()
        if char == "\\":
            return self.atom_escape()
        self.pos += 1  # itself (legacy mode: a `]`, `{` or `}` that starts nothing too)
        return Chars([(ord(char), ord(char))])

    def group(self):
        if self.at("(?=") or self.at("(?!"):
            self.pos += 3
            return self.closed(Look)
        if self.at("(?<=") or self.at("(?<!"):
            self.pos += 4
            return self.closed(Look)
        if self.at("(?<"):
            self.pos = self.text.index(">", self.pos) + 1
        elif self.at("(?:"):
            self.pos += 3
        elif self.at("(?"):  # a modifier, `(?i:...)`: regress's meaning, not read here
            self.pos = self.text.index(":", self.pos) + 1
            self.exact = False
        else:
            self.pos += 1
        return self.closed(Group)

    def closed(self, kind):
        body = self.disjunction()
        if not self.at(")"):
            raise ValueError("unclosed group")
        self.pos += 1
        return kind(body)

    def atom_escape(self):
        text, pos = self.text, self.pos
        char = text[pos + 1]
        if char in "bB":
            self.pos += 2
            return Assertion(char)
        if char in "123456789":
            digits = re.match(r"\d+", text[pos + 1 :])[0]
            if self.unicode or int(digits) <= self.groups:
                self.pos += 1 + len(digits)
                return Backref()
            self.exact = False  # legacy: an octal escape, or the digit itself
            self.pos += 2
            return Chars([(ord(char), ord(char))])
        if char == "k" and (self.unicode or self.named):
            self.pos = text.index(">", pos) + 1
            return Backref()
        return self.as_chars(self.escape(in_class=False))

    @staticmethod
    def as_chars(member) -> Chars:
        return member if isinstance(member, Chars) else Chars([(member, member)])

    def escape(self, in_class: bool):
        """The code point or set (`Chars`) of the escape at `pos`, which it passes."""
        text, pos = self.text, self.pos
        char = text[pos + 1]
        self.pos += 2
        fixed = _CLASS_ESCAPES.get(char)
        if fixed is not None:
            return Chars(fixed[0], negated=fixed[1])
        if char in "pP" and self.unicode:
            end = text.index("}", pos)
            self.pos = end + 1
            return Chars(props=[(text[pos + 3 : end], char == "P")])
        if char in _CONTROL:
            return _CONTROL[char]
        if char == "c":
            return self.control(in_class)
        if char == "0" and not text[pos + 2 : pos + 3].isdigit():
            return 0
        if char in "01234567" or (char in "89" and in_class):
            self.exact = False  # a legacy octal escape
            return ord(char)
        if char == "x" and _HEX2.match(text, pos + 2):
            self.pos += 2
            return int(text[pos + 2 : pos + 4], 16)
        if char == "u":
            return self.unicode_escape()
        if in_class and char == "b":
            return 0x08
        return ord(char)  # an identity escape: `\.`, `\/`, legacy `\a`

    def control(self, in_class: bool) -> int:
        letter = self.text[self.pos : self.pos + 1]
        if letter.isascii() and (letter.isalpha() or (in_class and (letter.isdigit() or letter == "_"))):
            self.pos += 1
            return ord(letter) % 32
        self.pos -= 1  # legacy: a backslash, and then the `c` itself
        return 0x5C

    def unicode_escape(self) -> int:
        text, pos = self.text, self.pos
        if self.unicode and self.at("{"):
            end = text.index("}", pos)
            self.pos = end + 1
            return int(text[pos + 1 : end], 16)
        if not _HEX4.match(text, pos):
            if self.unicode or self.at("{"):
                self.exact = False  # legacy `\u{...}`: regress's reading, not Annex B's
            return ord("u")
        value = int(text[pos : pos + 4], 16)
        self.pos += 4
        if 0xD800 <= value <= 0xDBFF and self.unicode and self.at("\\u"):
            trail = text[self.pos + 2 : self.pos + 6]
            if _HEX4.fullmatch(trail) and 0xDC00 <= int(trail, 16) <= 0xDFFF:
                self.pos += 6
                return 0x10000 + ((value - 0xD800) << 10) + (int(trail, 16) - 0xDC00)
        if SURROGATES[0] <= value <= SURROGATES[1]:
            self.exact = False
        return value

    def char_class(self) -> Chars:
        self.pos += 1
        negated = self.at("^")
        if negated:
            self.pos += 1
        found = Chars(negated=negated)
        while not self.at("]"):
            first = self.class_atom()
            if self.at("-") and not self.at("-]"):
                self.pos += 1
                last = self.class_atom()
                if isinstance(first, int) and isinstance(last, int):
                    found.ranges.append((first, last))
                    continue
                self.add(found, ord("-"))  # legacy: `[\d-z]` is a set, a `-` and a `z`
                self.add(found, last)
            self.add(found, first)
        self.pos += 1
        return found

    def class_atom(self):
        char = self.text[self.pos]
        if char == "\\":
            return self.escape(in_class=True)
        self.pos += 1
        return ord(char)

    @staticmethod
    def add(found: Chars, member) -> None:
        if isinstance(member, int):
            found.ranges.append((member, member))
        elif member.negated:
            found.ranges.extend(complement(member.ranges))
            found.props.extend((name, not negated) for name, negated in member.props)
        else:
            found.ranges.extend(member.ranges)
            found.props.extend(member.props)


_CLASS_ESCAPES = {
    "d": (DIGITS, False),
    "D": (DIGITS, True),
    "w": (WORD, False),
    "W": (WORD, True),
    "s": (SPACES, False),
    "S": (SPACES, True),
}


# -- code point sets --------------------------------------------------------------------------


def normal(ranges) -> list[tuple[int, int]]:
    """Sorted, merged ranges."""
    merged: list[list[int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [(low, high) for low, high in merged]


def complement(ranges) -> list[tuple[int, int]]:
    found, start = [], 0
    for low, high in normal(ranges):
        if low > start:
            found.append((start, low - 1))
        start = high + 1
    if start <= MAX_CODE_POINT:
        found.append((start, MAX_CODE_POINT))
    return found


def chars_ranges(node: Chars, prop: Callable[[str], list] | None) -> list[tuple[int, int]] | None:
    """The code points a `Chars` matches; its properties through `prop(name)` (None: unknown)."""
    ranges = list(node.ranges)
    for name, negated in node.props:
        if prop is None:
            return None
        found = prop(name)
        ranges.extend(complement(found) if negated else found)
    return complement(ranges) if node.negated else normal(ranges)


# -- RE2 --------------------------------------------------------------------------------------

_RE2_MAX_REPEAT = 1000


def to_re2(tree, prop: Callable[[str], list]) -> str:
    """The pattern in RE2's syntax, with the same matches: every character set spelt out as code
    point ranges (so `\\s`, `.` and `\\p{L}` mean what they mean to regress), `^` and `$` as
    `\\A` and `\\z`. Unreadable for what RE2 has not: lookarounds, backreferences."""
    parts: list[str] = []
    _emit(tree, prop, parts)
    return "".join(parts)


def _emit(node, prop, parts: list[str]) -> None:
    kind = type(node)
    if kind is Chars:
        parts.append(_re2_class(chars_ranges(node, prop)))
    elif kind is Assertion:
        parts.append({"^": r"\A", "$": r"\z", "b": r"\b", "B": r"\B"}[node.kind])
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
    spelt = (f"\\x{{{low:X}}}" if low == high else f"\\x{{{low:X}}}-\\x{{{high:X}}}" for low, high in kept)
    return "[" + "".join(spelt) + "]"


# -- backtracking ---------------------------------------------------------------------------


def backtracking_steps(tree, length: int) -> float:
    """An upper bound of the steps a backtracking engine takes to search a text of `length`
    characters for the pattern: every way each part may match, tried from every start. Each
    repeat of one way per round may take one more round per character (the text's length
    multiplies the ways), a repeat of several ways per round multiplies them per round
    (exponential), a lookaround adds its work once each time it is tried, and a backreference
    compares up to the whole text."""
    ways, work = _measure(tree, length)
    if _anchored(tree):  # `^` (no `m` flag) holds at the start only: every other start fails
        return work + length + 1
    return (length + 1) * work if ways else math.inf


def _measure(node, n: int) -> tuple[float, float]:
    """(ways to match, steps to try them all) of a part of the tree, on a text of `n`."""
    kind = type(node)
    if kind is Chars or kind is Assertion:
        return 1.0, 1.0
    if kind is Backref:
        return 1.0, n + 1.0
    if kind is Look:
        return 1.0, _measure(node.body, n)[1] + 1
    if kind is Group:
        return _measure(node.body, n)
    if kind is Alt:
        measured = [_measure(option, n) for option in node.options]
        work = sum(w for _, w in measured) + 1
        if _exclusive(node.options):
            return max(w for w, _ in measured), work
        return sum(w for w, _ in measured), work
    if kind is Seq:
        return _measure_seq(node.items, n)
    return _measure_repeat(node, n)


def _measure_seq(items: list, n: int) -> tuple[float, float]:
    ways, work = 1.0, 1.0
    for index, item in enumerate(items):
        item_ways, item_work = _measure(item, n)
        work += ways * item_work
        following = items[index + 1] if index + 1 < len(items) else None
        if following is not None and _stops_before(item, following):
            work += ways * item_ways  # every shorter match fails at once on what follows
        else:
            ways *= item_ways
    return ways, work


def _measure_repeat(node: Repeat, n: int) -> tuple[float, float]:
    body_ways, body_work = _measure(node.body, n)
    rounds = (node.low if _nullable(node.body) else 0) + n + 1
    if node.high is not None:
        rounds = min(rounds, node.high)
    if body_ways <= 1:
        return rounds + 1.0, body_work * rounds
    if _separated(node.body):  # each round ends where the next one's first character is
        return 1 + rounds * body_ways, rounds * (body_work + body_ways)
    if rounds * math.log(body_ways) > 600:
        return math.inf, math.inf
    series = (body_ways ** (rounds + 1) - 1) / (body_ways - 1)
    return series, body_work * series


def _anchored(tree) -> bool:
    options = tree.options if type(tree) is Alt else [tree]
    return all(_starts_with_caret(option) for option in options)


def _starts_with_caret(node) -> bool:
    while type(node) is Group:
        node = node.body
    if type(node) is Seq and node.items:
        return _starts_with_caret(node.items[0])
    return type(node) is Assertion and node.kind == "^"


def _nullable(node) -> bool:
    kind = type(node)
    if kind is Chars:
        return False
    if kind is Group:
        return _nullable(node.body)
    if kind is Alt:
        return any(_nullable(option) for option in node.options)
    if kind is Seq:
        return all(_nullable(item) for item in node.items)
    if kind is Repeat:
        return node.low == 0 or _nullable(node.body)
    return True  # assertions, lookarounds, a backreference to an empty group


def _first(node) -> list | None:
    """The code points a part's first character may be (None: unknown, or it may be empty)."""
    kind = type(node)
    if kind is Chars:
        return chars_ranges(node, None)
    if kind is Group:
        return _first(node.body)
    if kind is Seq:
        return _first(node.items[0]) if node.items and not _nullable(node.items[0]) else None
    if kind is Repeat:
        return _first(node.body) if node.low >= 1 else None
    if kind is Alt:
        found = []
        for option in node.options:
            first = _first(option)
            if first is None:
                return None
            found.extend(first)
        return normal(found)
    return None


def _every_char(node) -> list | None:
    """The code points a part may match anywhere in it (None: unknown)."""
    kind = type(node)
    if kind is Chars:
        return chars_ranges(node, None)
    if kind is Assertion:
        return []
    if kind is Group or kind is Repeat:
        return _every_char(node.body)
    found = []
    for part in node.options if kind is Alt else node.items if kind is Seq else [None]:
        chars = None if part is None else _every_char(part)
        if chars is None:
            return None
        found.extend(chars)
    return normal(found)


def _disjoint(one: list, two: list) -> bool:
    return not any(a <= d and c <= b for a, b in one for c, d in two)


def _exclusive(options: list) -> bool:
    """Alternatives of which at most one can match at a place: each starts with a character no
    other may start with."""
    firsts = [_first(option) for option in options]
    if any(first is None for first in firsts):
        return False
    return all(
        _disjoint(firsts[i], firsts[j]) for i in range(len(firsts)) for j in range(i)
    )


def _stops_before(item, following) -> bool:
    """A repeat of one character set (`\\w+`) followed by a part that starts with a character
    outside the set: only its longest match can go on, the others fail on the next step."""
    while type(item) is Group:
        item = item.body
    if type(item) is not Repeat or type(item.body) is not Chars:
        return False
    first = _first(following)
    own = chars_ranges(item.body, None)
    return first is not None and own is not None and _disjoint(first, own)


def _separated(body) -> bool:
    """A repeated body that starts (or ends) with a character none of the rest of it may match
    (`(-[a-z]+)*`): each round then begins (or ends) at one place only."""
    while type(body) is Group:
        body = body.body
    if type(body) is not Seq or len(body.items) < 2:
        return False
    for edge, rest in ((body.items[0], body.items[1:]), (body.items[-1], body.items[:-1])):
        if type(edge) is not Chars:
            continue
        own = chars_ranges(edge, None)
        others = _every_char(Seq(rest))
        if own is not None and others is not None and _disjoint(own, others):
            return True
    return False
