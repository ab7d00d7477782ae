"""What every rule may consult: its options, the clock, and which values the schema rejected."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from ..diagnostic import DocPath


@dataclass(frozen=True)
class RuleOptions:
    """Tunable thresholds, one table per rule family in the configuration."""

    now: datetime | None = None  # None: the real clock; tests inject a fixed time
    future_skew: timedelta = timedelta(days=1)
    date_floor: datetime = datetime(1995, 1, 1, tzinfo=timezone.utc)
    image_max: int = 16384
    aspect_min: float = 0.1  # 1:10
    aspect_max: float = 10.0  # 10:1
    published_heat: int = 70

    def clock(self) -> datetime:
        return self.now or datetime.now(timezone.utc)


@dataclass(frozen=True)
class Context:
    options: RuleOptions = field(default_factory=RuleOptions)
    rejected_paths: frozenset = frozenset()

    def rejected(self, path: DocPath) -> bool:
        """True when the schema already reported this value, a part of it, or a value holding it.

        One problem, one finding: a rule leaves such values to the schema's finding.
        """
        path = tuple(path)
        for other in self.rejected_paths:
            shorter = min(len(other), len(path))
            if shorter and other[:shorter] == path[:shorter]:
                return True
        return False
