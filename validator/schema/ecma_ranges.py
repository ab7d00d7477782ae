"""Sets of code points as lists of (first, last) ranges, the form every part of fmlint's ECMA-262
support speaks: the reader's character classes (`ecma_syntax`), RE2's spelt-out classes
(`ecma_re2`), the backtracking bound's look at what may come next (`ecma_bound`).
"""

from __future__ import annotations

MAX_CODE_POINT = 0x10FFFF


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


def union(parts) -> list | None:
    """The union of code point range lists, None if any is None (unknown)."""
    found: list = []
    for part in parts:
        if part is None:
            return None
        found.extend(part)
    return normal(found)


def disjoint(one: list, two: list) -> bool:
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
