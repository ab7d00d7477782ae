"""ECMA-262 regular expressions read into a small tree, for `ecma`: to hand a pattern to
RE2 with exactly its ECMA-262 meaning (`ecma_re2`), and to bound what a backtracking engine may
do with one that RE2 cannot take (`ecma_bound`).

regress has accepted the pattern (in Unicode mode, or else in the legacy mode of ECMA-262's
Annex B) before this module reads it, so the reader checks nothing. Where it is unsure of what
regress means (a legacy octal escape, a `(?i:...)` modifier, a lone surrogate) it clears
`exact`: the pattern then stays with regress, and only its shape (repeats, alternatives,
lookarounds, backreferences) counts. `alternatives` and `nesting` read any text at all: they
measure what regress must not see (validator.schema.ecma).
"""

from __future__ import annotations

import re

from .ecma_ranges import complement, normal

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Callable

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


# -- what a set matches -----------------------------------------------------------------------


def chars_ranges(node: Chars, prop: Callable[[str], list] | None) -> list[tuple[int, int]] | None:
    """The code points a `Chars` matches; its properties through `prop(name)` (None: unknown)."""
    ranges = list(node.ranges)
    for name, negated in node.props:
        if prop is None:
            return None
        found = prop(name)
        ranges.extend(complement(found) if negated else found)
    return complement(ranges) if node.negated else normal(ranges)
