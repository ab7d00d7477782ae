"""How much work a backtracking engine (regress) may do with a pattern's tree (`ecma_syntax`):
an upper bound of its steps on a text of each length (`Backtracking`), and the empty loops
regress runs out of memory on (`empty_loop`). validator.schema.ecma holds what only regress can
match to this bound.
"""

from __future__ import annotations

import math

from .ecma_ranges import disjoint, normal, union
from .ecma_syntax import Alt, Assertion, Backref, Chars, Group, Look, Repeat, Seq, chars_ranges


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
                union(self.starting[child] for child in inner),
                union(self.every[child] for child in inner),
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
            union(self.every[item] for item in inner),
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
        return following is not None and own is not None and disjoint(following, own)

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
            others = union(self.every[id(part)] for part in rest)
            if own is not None and others is not None and disjoint(own, others):
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
