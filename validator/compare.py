"""`fmlint report --compare OLD NEW`: what was fixed and what is new between two runs' reports.

Each report is the output of `fmlint check --output-format json` (or `sarif`). A finding is
matched by its path, its code and a fingerprint that does not hold its line: in a JSON report the
message (which quotes the key or value at fault), in SARIF the partial fingerprint fmlint writes
(code, path and the text of the line). So a finding whose lines moved, because a line above it
was added or removed, is the same finding; equal findings in one file pair up in line order.
A finding only in OLD was fixed, one only in NEW is new.

Exit codes as `fmlint check`: 0 when nothing new is an error (with `strict`, nothing new at
all), 1 otherwise, 2 when a report cannot be read or is not a report.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePath

from .diagnostic import Diagnostic
from .reporters.safe import dumps
from .reporters.style import headline

REPORT_CAP = 1 << 30
_FIELDS = (
    ("path", str),
    ("line", int),
    ("column", int),
    ("end_line", int),
    ("end_column", int),
    ("code", str),
    ("severity", str),
    ("message", str),
)


class NotAReport(ValueError):
    """A file that is not a JSON or SARIF report of `fmlint check` (the message says why)."""


@dataclass(frozen=True)
class Entry:
    diagnostic: Diagnostic
    fingerprint: str


@dataclass(frozen=True)
class Comparison:
    fixed: tuple  # Diagnostics only in the old report, in report order
    new: tuple  # only in the new one
    unchanged: int
    before: int
    after: int


def load(path: Path) -> list[Entry]:
    """The findings of a report file; OSError when it cannot be read, NotAReport otherwise."""
    from .safe_read import read_bytes

    data = read_bytes(path, REPORT_CAP)
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise NotAReport(f"not JSON ({error})") from None
    if isinstance(value, list):
        return [_from_json(item, index) for index, item in enumerate(value)]
    if isinstance(value, dict) and isinstance(value.get("runs"), list):
        return _from_sarif(value)
    raise NotAReport("neither a JSON array of findings nor a SARIF log")


def _from_json(item: object, index: int) -> Entry:
    if not isinstance(item, dict):
        raise NotAReport(f"finding {index + 1} is not an object")
    values = []
    for name, kind in _FIELDS:
        value = item.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise NotAReport(f"finding {index + 1} has no {kind.__name__} {name!r}")
        values.append(value)
    diagnostic = Diagnostic(*values)
    return Entry(diagnostic, diagnostic.message)


def _from_sarif(log: dict) -> list[Entry]:
    entries = []
    try:
        for run in log["runs"]:
            for result in run.get("results", []):
                location = result["locations"][0]["physicalLocation"]
                region = location["region"]
                diagnostic = Diagnostic(
                    _sarif_path(location["artifactLocation"]),
                    int(region["startLine"]),
                    int(region.get("startColumn", 1)),
                    int(region.get("endLine", region["startLine"])),
                    int(region.get("endColumn", region.get("startColumn", 1))),
                    str(result["ruleId"]),
                    str(result.get("level", "warning")),
                    str(result["message"]["text"]),
                )
                prints = result.get("partialFingerprints") or {}
                fingerprint = next(iter(sorted(prints.values())), diagnostic.message)
                entries.append(Entry(diagnostic, str(fingerprint)))
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
        raise NotAReport(f"a SARIF result not as fmlint writes it ({error!r})") from None
    return entries


def _sarif_path(artifact: dict) -> str:
    from urllib.parse import unquote

    uri = artifact["uri"]
    if uri.startswith("file://"):
        return unquote(uri[len("file://") :])
    return unquote(uri)  # relative to %SRCROOT%: as fmlint reported it


def _key(entry: Entry) -> tuple:
    d = entry.diagnostic
    path = d.path if PurePath(d.path).is_absolute() else os.path.normpath(d.path)
    return (PurePath(path).as_posix(), d.code, entry.fingerprint)


def compare(old: list[Entry], new: list[Entry]) -> Comparison:
    """Pair equal findings: first by path, code and fingerprint (in line order, so a shifted
    finding is still itself), then what is left by path, code and exact place (a message that
    quotes the clock, or a value that changed but is still wrong there); the rest were fixed or
    are new."""
    left_old, left_new = list(old), list(new)
    unchanged = 0
    for key in (_key, _place):
        paired, left_old, left_new = _pair(left_old, left_new, key)
        unchanged += paired
    fixed, added = {id(e) for e in left_old}, {id(e) for e in left_new}
    return Comparison(
        fixed=tuple(e.diagnostic for e in old if id(e) in fixed),
        new=tuple(e.diagnostic for e in new if id(e) in added),
        unchanged=unchanged,
        before=len(old),
        after=len(new),
    )


def _place(entry: Entry) -> tuple:
    d = entry.diagnostic
    return (*_key(entry)[:2], d.line, d.column)


def _pair(old: list[Entry], new: list[Entry], key) -> tuple[int, list, list]:
    """How many pair up by `key` (in line order within a key), and the unpaired of each side."""
    waiting: dict[tuple, list] = defaultdict(list)
    for entry in sorted(old, key=_position, reverse=True):
        waiting[key(entry)].append(entry)
    paired: set[int] = set()
    unpaired_new = []
    for entry in sorted(new, key=_position):
        group = waiting.get(key(entry))
        if group:
            paired.add(id(group.pop()))
        else:
            unpaired_new.append(entry)
    return len(paired), [e for e in old if id(e) not in paired], unpaired_new


def _position(entry: Entry) -> tuple:
    return (entry.diagnostic.line, entry.diagnostic.column)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_text(result: Comparison) -> str:
    out = []
    for title, found in (("Fixed", result.fixed), ("New", result.new)):
        if found:
            out.append(f"{title} ({len(found)}):\n")
            out += [f"  {headline(d, color=False)}\n" for d in found]
    out.append(
        f"{len(result.fixed)} fixed, {len(result.new)} new, {result.unchanged} unchanged: "
        f"{_count(result.before, 'finding')} before, {result.after} now.\n"
    )
    return "".join(out)


def render_json(result: Comparison) -> str:
    return (
        dumps(
            {
                "fixed": [d.as_dict() for d in result.fixed],
                "new": [d.as_dict() for d in result.new],
                "unchanged": result.unchanged,
                "before": result.before,
                "after": result.after,
            },
            indent=2,
        )
        + "\n"
    )


def exit_code(result: Comparison, *, strict: bool = False) -> int:
    failing = ("error", "warning") if strict else ("error",)
    return 1 if any(d.severity in failing for d in result.new) else 0
