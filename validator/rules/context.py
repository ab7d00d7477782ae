"""What every rule may consult: its options, the clock, which values the schema rejected, which
codes run on this file, and where its values are by role (the file's schema's `roles`)."""

from __future__ import annotations

from ..diagnostic import DocPath
from ..value import Value
from .options import RuleOptions
from .record import Walk
from .roles import RoleTree, article_roles

__all__ = ["Context", "RuleOptions"]


_INTERNAL = ("roles", "_inside_rejected", "_walks")


class Context(Value, not_compared=_INTERNAL, hidden=_INTERNAL):
    """One file's: `options`, `rejected_paths`, `enabled` (the codes that run on this file; None:
    every code), `online` (`--online`: the run's answers, `OnlineAnswers`; None: offline), `file`
    (the path of the file being linted, as the engine was given it; None: stdin, tests), `roles`
    (what its schema says its values are, `roles.RoleTree`; by default the article schema's)."""

    FIELDS = ("options", "rejected_paths", "enabled", "online", "file", *_INTERNAL)
    __slots__ = FIELDS
    options: RuleOptions
    rejected_paths: frozenset
    enabled: frozenset | None
    online: object
    file: str | None
    roles: RoleTree
    _inside_rejected: frozenset
    _walks: dict

    def __init__(
        self,
        options: RuleOptions | None = None,
        rejected_paths: frozenset = frozenset(),
        enabled: frozenset | None = None,
        online: object = None,
        file: str | None = None,
        roles: RoleTree | None = None,
    ) -> None:
        put = object.__setattr__
        put(self, "options", RuleOptions() if options is None else options)
        put(self, "rejected_paths", rejected_paths)
        put(self, "enabled", enabled)
        put(self, "online", online)
        put(self, "file", file)
        put(self, "roles", article_roles() if roles is None else roles)
        # every proper prefix of a rejected path: a value holding a rejected one
        holders = {path[:end] for path in rejected_paths for end in range(1, len(path))}
        put(self, "_inside_rejected", frozenset(holders))
        put(self, "_walks", {})

    def record(self, record: dict) -> Walk:
        """The record's values by role (`record.Walk`), walked once per file: several rules read
        the same URLs, pictures or dates, and a real record has hundreds of them."""
        found = self._walks.get("record")
        if found is None:
            found = self._walks["record"] = Walk(record, self.roles)
        return found

    def rejected(self, path: DocPath) -> bool:
        """True when the schema already reported this value, a part of it, or a value holding it.

        One problem, one finding: a rule leaves such values to the schema's finding. Costs the
        path's depth, whatever the number of rejected values.
        """
        rejected = self.rejected_paths
        if not rejected:
            return False  # the usual case: a valid record
        path = tuple(path)
        if not path:
            return False
        if path in self._inside_rejected:
            return True
        return any(path[:end] in rejected for end in range(1, len(path) + 1))

    def answer(self, url: str):
        """What the network said about `url` (`online.answer.Answer`), or None: offline, or
        not fetched (excluded, deselected)."""
        return None if self.online is None else self.online.get(url)

    def runs(self, code: str) -> bool:
        """Whether `code` runs on this file: a rule that defers to another asks first."""
        return self.enabled is None or code in self.enabled
