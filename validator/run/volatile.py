"""What a clock-dependent verdict means for the cache: which rules depend on the clock, and
whether a file could be judged differently by them later (then its result is not stored).

A rule whose verdict depends on the clock declares `VOLATILE = True` (FM301 does). The clock
moves forward, so a date that is not in the future now will not be later either: only a file
holding a date from two days before now on (or an escape a date could hide behind) could change.
"""

from __future__ import annotations

import re

# each date as (year, month-day): found from its `-` (a literal: a fast scan), the year looked
# back at (four digits that do not end a longer number)
_DATES = re.compile(rb"-(?<=(?<![0-9])([0-9]{4})-)([0-9]{2}-[0-9]{2})")
# YAML escapes that can spell a digit or `-` (`\x32`, `\u002d`, ...) or join two lines (`\`
# before a line break in a double-quoted scalar): a date could hide behind them.
_HIDDEN = rb"\\(?:x(?:3[0-9]|2[dD])|u00(?:3[0-9]|2[dD])|U000000(?:3[0-9]|2[dD])|\r?\n)"


def volatile_codes() -> frozenset[str]:
    """Codes of the rules whose verdict depends on the clock (`VOLATILE = True`)."""
    from ..rules import all_rules  # every rule module: only on a run that lints a file

    return frozenset(module.CODE for module in all_rules() if getattr(module, "VOLATILE", False))


def changes_with_clock(data: bytes, now) -> bool:
    """Whether a clock-dependent rule could judge this file differently later: it holds a date
    from two days before `now` on (or an escape a date could hide behind). Conservative: dates
    anywhere in the file count, whatever their key."""
    from datetime import timedelta

    if re.search(_HIDDEN, data):
        return True
    dates = _DATES.findall(data)
    if not dates:
        return False
    threshold = (now - timedelta(days=2)).strftime("%Y-%m-%d").encode("ascii")
    return max(dates) >= (threshold[:4], threshold[5:])  # ISO dates compare as their bytes do
