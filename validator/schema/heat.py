"""The heat from which a site's feed publishes an article record, read from its records.

`published` follows `heat` at a threshold that is the site's own (70 on diablo4 and powerapps, 100
on coronavirus): FM505 judges each record against `published-heat`, which `fmlint init` writes
from what the records show. Records withdrawn (`removed: true`), not yet scored (`heat: -1`) or
of the 2021 layout (no `published`) say nothing of it.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

EXCEPTIONS = 0.05  # the share of records that may disagree with the threshold found
MIN_EACH = 3  # published and unpublished records needed, at least, of each


@dataclass(frozen=True)
class Heat:
    threshold: int
    evidence: str  # what the records show, in words


def published_heat(records) -> Heat | None:
    """The threshold the records follow, or None when they show none (too few, or too many
    that disagree with any threshold)."""
    published, unpublished = [], []
    for record in records:
        value = record.value
        flag, heat = value.get("published"), value.get("heat")
        if not isinstance(flag, bool) or type(heat) is not int or heat < 0:
            continue
        if value.get("removed") is True:
            continue
        (published if flag else unpublished).append(heat)
    if len(published) < MIN_EACH or len(unpublished) < MIN_EACH:
        return None
    published.sort()
    unpublished.sort()
    total = len(published) + len(unpublished)

    def disagreeing(threshold: int) -> int:
        below = bisect_left(published, threshold)  # published under the threshold
        return below + len(unpublished) - bisect_left(unpublished, threshold)

    # the count changes only just past a record's heat: constant from one candidate to the next
    lowest = min(published[0], unpublished[0])
    candidates = sorted({lowest} | {heat + 1 for heat in published + unpublished})
    counts = [disagreeing(t) for t in candidates]
    least = min(counts)
    if least > EXCEPTIONS * total:
        return None
    # the thresholds that do as well form ranges [candidate, next candidate): the roundest wins
    best = None
    for index, threshold in enumerate(candidates):
        if counts[index] != least:
            continue
        end = candidates[index + 1] if index + 1 < len(candidates) else threshold + 1
        roundest = _roundest(threshold, end)
        if best is None or _roundness(roundest) > _roundness(best):
            best = roundest
    exceptions = f", {least} disagree" if least else ""
    return Heat(
        best,
        f"{len(published)} published and {len(unpublished)} unpublished records: published "
        f"exactly when heat >= {best}{exceptions}",
    )


def _roundest(start: int, end: int) -> int:
    """The roundest whole number in [start, end): a multiple of the greatest power of ten there
    is one of (70 in 66-72), else `start`."""
    step = 1
    while step * 10 <= max(abs(start), abs(end), 1):
        step *= 10
    while step > 1:
        first = -(-start // step) * step
        if first < end:
            return first
        step //= 10
    return start


def _roundness(number: int) -> int:
    zeros = 0
    while number and number % 10 == 0:
        number //= 10
        zeros += 1
    return zeros
