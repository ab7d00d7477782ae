"""What every rule may consult: its options, the clock, and which values the schema rejected."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostic import DocPath
from .options import RuleOptions

__all__ = ["Context", "RuleOptions"]


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
