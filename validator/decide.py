"""The decision engine: which codes run on a file, and at which severity, decided before any check.

flake8's idea: `select`, `ignore`, `extend-select`, `per-file-ignores` and `severity` resolve once
per distinct set of per-file ignores into a `Decision`, so a deselected rule is never called (a
network rule never fetches while ignored) and every finding of a file is stamped from one table.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import Settings
from .diagnostic import ERROR


@dataclass(frozen=True)
class Decision:
    """What runs on one file: the codes that report, and each code's severity."""

    codes: frozenset[str]
    severities: dict

    def runs(self, code: str) -> bool:
        return code in self.codes

    def severity(self, code: str) -> str:
        return self.severities.get(code, ERROR)


class Decider:
    """Decisions for one run's settings, one per distinct set of per-file ignores (cached)."""

    def __init__(self, settings: Settings, defaults: dict[str, str]):
        self.settings = settings
        self.defaults = defaults  # code -> its default severity, every code fmlint has
        self._decisions: dict[tuple, Decision] = {}

    def for_path(self, path: str) -> Decision:
        ignored = self.settings.ignored_in(path)
        decision = self._decisions.get(ignored)
        if decision is None:
            decision = self._decisions[ignored] = self._decide(ignored)
        return decision

    def _decide(self, ignored: tuple[str, ...]) -> Decision:
        settings = self.settings
        codes = frozenset(
            code
            for code in self.defaults
            if settings.enabled(code) and not (ignored and code.startswith(ignored))
        )
        severities = {
            code: settings.severity_of(code, default) for code, default in self.defaults.items()
        }
        return Decision(codes, severities)
