"""ECMA-262 regular expressions read into a small tree, for `ecma`: to hand a pattern to
RE2 with exactly its ECMA-262 meaning (`to_re2`), and to bound what a backtracking engine may do
with one that RE2 cannot take (`Backtracking`).

regress has accepted the pattern (in Unicode mode, or else in the legacy mode of ECMA-262's
Annex B) before this module reads it, so the reader checks nothing. Where it is unsure of what
regress means (a legacy octal escape, a `(?i:...)` modifier, a lone surrogate) it clears
`exact`: the pattern then stays with regress, and only its shape (repeats, alternatives,
lookarounds, backreferences) counts. `alternatives` and `nesting` read any text at all: they
measure what regress must not see (validator.schema.ecma).
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

    __slots__ = ("ahead", "body", "negative")

    def __init__(self, body, ahead: bool = True, negative: bool = False):
        self.body = body
        self.ahead = ahead
        self.negative = negative


class Backref:
    __slots__ = ()


class Group:
    __slots__ = ("body", "capturing")

    def __init__(self, body, capturing: bool = False):
        self.body = body
        self.capturing = capturing


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


def alternatives(pattern: str) -> int:
    """How many alternatives a pattern has in all: a `|` escaped or in a class does not count."""
    return _unclassed(pattern).count("|") + 1


def nesting(pattern: str) -> int:
    """How deep a pattern's groups nest (a Python loop: for patterns of bounded length)."""
    depth = deepest = 0
    for paren in _NOT_PAREN.sub("", _unclassed(pattern)):
        depth = depth + 1 if paren == "(" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


_NOT_PAREN = re.compile(r"[^()]+")
_ESCAPE_OR_CLASS = re.compile(r"\\.|\[(?:[^\]\\]|\\.)*\]", re.S)


def _unclassed(pattern: str) -> str:
    """The pattern without its escapes and character classes (`[]` and `[^]` included)."""
    return _ESCAPE_OR_CLASS.sub("", pattern)


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
        plain = _unclassed(pattern)
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

    def alternative(self):
        items = []
        while self.pos < len(self.text) and self.text[self.pos] not in "|)":
            items.append(self.quantified(self.atom()))
        return items[0] if len(items) == 1 else Seq(items)

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
            negative = self.at("(?!")
            self.pos += 3
            return Look(self.closed(), ahead=True, negative=negative)
        if self.at("(?<=") or self.at("(?<!"):
            negative = self.at("(?<!")
            self.pos += 4
            return Look(self.closed(), ahead=False, negative=negative)
        capturing = False
        if self.at("(?<"):
            self.pos = self.text.index(">", self.pos) + 1
            capturing = True
        elif self.at("(?:"):
            self.pos += 3
        elif self.at("(?"):  # a modifier, `(?i:...)`: regress's meaning, not read here
            self.pos = self.text.index(":", self.pos) + 1
            self.exact = False
        else:
            self.pos += 1
            capturing = True
        return Group(self.closed(), capturing)

    def closed(self):
        """The disjunction up to the `)` that closes the group, which it passes."""
        body = self.disjunction()
        if not self.at(")"):
            raise ValueError("unclosed group")
        self.pos += 1
        return body

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
        if letter.isascii() and (
            letter.isalpha() or (in_class and (letter.isdigit() or letter == "_"))
        ):
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


# -- backtracking ---------------------------------------------------------------------------


class Backtracking:
    """An upper bound of the steps a backtracking engine takes to search a text for a pattern:
    every way each part may match, tried from every start. A repeat of one way per round may
    take one more round per character (the text's length multiplies the ways), a repeat of
    several ways per round multiplies them per round (exponential), a lookaround adds its work
    each time it is tried but no ways (it is atomic), a backreference compares up to the longest
    capture. Where only one way can go on, one counts: of alternatives that start with
    different characters, of a repeat of a set followed by a character outside it (`\\w+\\s`),
    of rounds that each start with a character the rest cannot match (`(-[a-z]+)*`).

    What does not depend on the text's length is worked out once, walking the tree bottom up
    with a stack of its own; `steps(length)` then costs one pass over the tree."""

    def __init__(self, tree):
        self.tree = tree
        self.nullable: dict[int, bool] = {}
        self.ranges: dict[int, list | None] = {}  # of a `Chars`, None with a property
        self.starting: dict[int, list | None] = {}  # what a part's first character may be
        self.every: dict[int, list | None] = {}  # what any of a part's characters may be
        self.exclusive: dict[int, bool] = {}
        self.stops: dict[int, list[bool]] = {}
        self.separated: dict[int, bool] = {}
        self.lengths: dict[int, float] = {}  # the most characters a part may match
        for node in reversed(list(_descendants(tree))):  # every part after the parts inside it
            self._learn(node)
        captures = [n for n in _descendants(tree) if type(n) is Group and n.capturing]
        self.capture = max((self.lengths[id(group)] for group in captures), default=0.0)
        self.anchored = _anchored(tree)

    def steps(self, length: int) -> float:
        compare = min(length, self.capture) + 1.0
        work = self._measure(self.tree, length, compare)[1]
        if self.anchored:  # `^` (no `m` flag) holds at the start only: every other start fails
            return work + length + 1
        return (length + 1) * work

    # -- what the length does not change --

    def _learn(self, node) -> None:
        key, kind = id(node), type(node)
        inner = [id(child) for child in _children(node)]
        if kind is Chars:
            ranges = chars_ranges(node, None)
            self.ranges[key] = ranges
            self._set(key, False, ranges, ranges, 1.0)
        elif kind in (Assertion, Look, Backref):
            chars = [] if kind is Assertion else None
            length = math.inf if kind is Backref else 0.0
            self._set(key, True, [] if kind is not Backref else None, chars, length)
        elif kind is Group:
            self._copy(key, inner[0])
        elif kind is Repeat:
            body = inner[0]
            length = self.lengths[body] * node.high if node.high is not None else math.inf
            self._set(
                key,
                node.low == 0 or self.nullable[body],
                self.starting[body],
                self.every[body],
                0.0 if node.high == 0 or not self.lengths[body] else length,
            )
            self.separated[key] = self._separated(node.body)
        elif kind is Alt:
            self._set(
                key,
                any(self.nullable[child] for child in inner),
                _union(self.starting[child] for child in inner),
                _union(self.every[child] for child in inner),
                max(self.lengths[child] for child in inner),
            )
            self.exclusive[key] = self._exclusive(inner)
        else:
            self._learn_seq(node, inner)

    def _set(self, key: int, nullable: bool, starting, every, length: float) -> None:
        self.nullable[key] = nullable
        self.starting[key] = starting
        self.every[key] = every
        self.lengths[key] = length

    def _copy(self, key: int, source: int) -> None:
        self._set(
            key,
            self.nullable[source],
            self.starting[source],
            self.every[source],
            self.lengths[source],
        )

    def _learn_seq(self, node: Seq, inner: list[int]) -> None:
        key = id(node)
        leading: list | None = None  # of the parts after the current one: what follows decides
        stops = []
        for item, item_key in zip(reversed(node.items), reversed(inner), strict=True):
            stops.append(self._stops_before(item, leading))
            if type(item) is Assertion and item.kind == "$":
                leading = []  # nothing after the end
            elif not self.nullable[item_key]:
                leading = self.starting[item_key]
            elif leading is not None and self.starting[item_key] is not None:
                leading = normal([*self.starting[item_key], *leading])
            else:
                leading = None
        self.stops[key] = stops[::-1]
        starting: list | None = []
        for item, item_key in zip(node.items, inner, strict=True):
            if type(item) is Assertion and item.kind == "$":
                break
            first = self.starting[item_key]
            if first is None:
                starting = None
                break
            starting = [*starting, *first]
            if not self.nullable[item_key]:
                break
        self._set(
            key,
            all(self.nullable[item] for item in inner),
            None if starting is None else normal(starting),
            _union(self.every[item] for item in inner),
            sum(self.lengths[item] for item in inner),
        )

    def _stops_before(self, item, following: list | None) -> bool:
        """A repeat of one character set (`\\w+`) followed by parts that can only go on with a
        character outside the set (or the end): only its longest match can go on, every
        shorter one fails on the next step."""
        item = _ungrouped(item)
        if type(item) is not Repeat or type(_ungrouped(item.body)) is not Chars:
            return False
        own = self.ranges[id(_ungrouped(item.body))]
        return following is not None and own is not None and _disjoint(following, own)

    def _exclusive(self, options: list[int]) -> bool:
        """Alternatives of which at most one can match at a place: none may match nothing, and
        each starts with a character no other may start with (one sweep over their ranges)."""
        spans = []
        for option in options:
            first = self.starting[option]
            if first is None or self.nullable[option]:
                return False
            spans.extend(first)
        spans.sort()
        return all(spans[i][0] > spans[i - 1][1] for i in range(1, len(spans)))

    def _separated(self, body) -> bool:
        """A repeated body of characters and at most one repeat of a character set, that starts
        (or ends) with a character none of the rest may match (`(-[a-z]+)*`): each round then
        begins (or ends) at one place only, and its ways to match are of different lengths."""
        body = _ungrouped(body)
        if type(body) is not Seq or len(body.items) < 2:
            return False
        items = [_ungrouped(item) for item in body.items]
        repeats = [item for item in items if type(item) is Repeat]
        if len(repeats) > 1 or any(type(_ungrouped(r.body)) is not Chars for r in repeats):
            return False
        if any(type(item) not in (Chars, Repeat) for item in items):
            return False
        for edge, rest in ((items[0], items[1:]), (items[-1], items[:-1])):
            own = self.ranges.get(id(edge)) if type(edge) is Chars else None
            others = _union(self.every[id(part)] for part in rest)
            if own is not None and others is not None and _disjoint(own, others):
                return True
        return False

    # -- what the length changes --

    def _measure(self, node, n: int, compare: float) -> tuple[float, float]:
        """(ways to match, steps to try them all) of a part, on a text of `n` characters; a
        backreference costs `compare` steps."""
        kind = type(node)
        if kind is Chars or kind is Assertion:
            return 1.0, 1.0
        if kind is Backref:
            return 1.0, compare
        if kind is Look:
            return 1.0, self._measure(node.body, n, compare)[1] + 1
        if kind is Group:
            return self._measure(node.body, n, compare)
        if kind is Alt:
            measured = [self._measure(option, n, compare) for option in node.options]
            ways = [option_ways for option_ways, _ in measured]
            work = sum(option_work for _, option_work in measured) + 1
            return (max(ways) if self.exclusive[id(node)] else sum(ways)), work
        if kind is Seq:
            ways, work = 1.0, 1.0
            for item, stops in zip(node.items, self.stops[id(node)], strict=True):
                item_ways, item_work = self._measure(item, n, compare)
                work += ways * item_work
                if stops:
                    work += ways * item_ways  # every shorter match fails at once on what follows
                else:
                    ways *= item_ways
            return ways, work
        return self._measure_repeat(node, n, compare)

    def _measure_repeat(self, node: Repeat, n: int, compare: float) -> tuple[float, float]:
        body_ways, body_work = self._measure(node.body, n, compare)
        rounds = (node.low if self.nullable[id(node.body)] else 0) + n + 1
        if node.high is not None:
            rounds = min(rounds, node.high)
        if body_ways <= 1:  # one way per count of rounds, from `low` up
            return max(rounds - node.low, 0) + 1.0, body_work * rounds
        if self.separated[id(node)]:  # each round ends where the next one's first character is
            return min(1 + rounds * body_ways, n + 2.0), rounds * (body_work + body_ways)
        if (rounds + 1) * math.log(body_ways) > 700:  # beyond what a float holds
            return math.inf, math.inf
        series = (body_ways ** (rounds + 1) - 1) / (body_ways - 1)
        return series, body_work * series


def _union(parts) -> list | None:
    """The union of code point range lists, None if any is None (unknown)."""
    found: list = []
    for part in parts:
        if part is None:
            return None
        found.extend(part)
    return normal(found)


def _disjoint(one: list, two: list) -> bool:
    """Whether two sorted, merged range lists share no code point (one sweep)."""
    i = j = 0
    while i < len(one) and j < len(two):
        if one[i][1] < two[j][0]:
            i += 1
        elif two[j][1] < one[i][0]:
            j += 1
        else:
            return False
    return True


def empty_loop(tree) -> bool:
    """Whether a repeat of more than one round, whose rounds may match nothing, holds another
    repeat that may match nothing (`(?:(?:a*)?){2}`, `(|\\S*?\\W?){2,}`, `(?:(?:a|)?)+`):
    regress (2026.9.1) then allocates without end, gigabytes on a one-character text, until
    the process dies. Found by fuzzing it against RE2; wider than the cases seen (`(?:a*)*` is
    spared), as the cause inside regress is not known."""
    nullable = Backtracking(tree).nullable
    for node in _descendants(tree):
        if type(node) is not Repeat or node.high in (0, 1) or not nullable[id(node.body)]:
            continue
        body = _ungrouped(node.body)
        if type(body) is Repeat and nullable[id(body.body)]:
            return True
        inner = _descendants(body)
        next(inner)  # the body itself
        if any(type(part) is Repeat and nullable[id(part)] for part in inner):
            return True
    return False


def _descendants(node):
    """The node and every part inside it, each before the parts inside it."""
    stack = [node]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(_children(node))


def _children(node) -> list:
    kind = type(node)
    if kind is Alt:
        return node.options
    if kind is Seq:
        return node.items
    if kind in (Group, Look, Repeat):
        return [node.body]
    return []


def _anchored(tree) -> bool:
    """Whether every alternative of the pattern starts with `^`."""
    options = tree.options if type(tree) is Alt else [tree]
    return all(_starts_with_caret(option) for option in options)


def _starts_with_caret(node) -> bool:
    node = _ungrouped(node)
    if type(node) is Seq and node.items:
        return _starts_with_caret(node.items[0])
    return type(node) is Assertion and node.kind == "^"


def _ungrouped(node):
    """The part inside a group (or a sequence of one part)."""
    while type(node) is Group or (type(node) is Seq and len(node.items) == 1):
        node = node.body if type(node) is Group else node.items[0]
    return node
