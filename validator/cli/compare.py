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
import math
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePath

from ..diagnostic import Diagnostic
from ..disk.safe_read import read_bytes
from ..escape import dumps
from ..reporters.style import headline

# A report holds ~250 bytes a finding: a million findings fit; /dev/zero or a 10 GB file do not.
REPORT_CAP = 256 << 20
MAX_POSITION = 1 << 32  # a line or column beyond any file fmlint reads (1 GB, ARTICLE_CAP)
MAX_DIGITS = 20  # a number in a report: 4300 digits would be refused by `int` itself, slowly
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
_POSITIONS = ("line", "column", "end_line", "end_column")


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

    data = read_bytes(path, REPORT_CAP)
    try:
        value = json.loads(
            data.decode("utf-8"),
            parse_constant=_constant,
            parse_int=_int,
            parse_float=_float,
        )
    except RecursionError:  # `[[[[...]]]]`: the decoder's recursion limit, reached quickly
        raise NotAReport("not JSON as fmlint writes it (nested too deeply)") from None
    except UnicodeDecodeError:
        raise NotAReport("not JSON (not UTF-8 text)") from None
    except _Refused as error:
        raise NotAReport(str(error)) from None
    except ValueError as error:
        raise NotAReport(f"not JSON ({error})") from None
    if isinstance(value, list):
        return [_from_json(item, index) for index, item in enumerate(value)]
    if isinstance(value, dict) and isinstance(value.get("runs"), list):
        return _from_sarif(value)
    raise NotAReport("neither a JSON array of findings nor a SARIF log")


class _Refused(ValueError):
    """A JSON number no report of fmlint holds (raised from the decoder's hooks)."""


def _constant(name: str):
    raise _Refused(f"not JSON ({name} is no JSON number)")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"a number of {len(text.lstrip('-'))} digits, more than a report holds")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_DIGITS * 2:
        raise _Refused(f"a number of {len(text)} characters, more than a report holds")
    value = float(text)
    if not math.isfinite(value):  # `1e999`
        raise _Refused(f"the number {text} is beyond a float's range")
    return value


def _from_json(item: object, index: int) -> Entry:
    if not isinstance(item, dict):
        raise NotAReport(f"finding {index + 1} is not an object")
    values = []
    for name, kind in _FIELDS:
        value = item.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise NotAReport(f"finding {index + 1} has no {kind.__name__} {name!r}")
        if name in _POSITIONS:
            _line_or_column(value, f"finding {index + 1}'s {name!r}")
        values.append(value)
    diagnostic = Diagnostic(*values)
    return Entry(diagnostic, diagnostic.message)


def _line_or_column(value: object, what: str) -> int:
    """A line or column: a whole number from 0 to MAX_POSITION, else NotAReport."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise NotAReport(f"{what} is not a whole number")
    if not 0 <= value <= MAX_POSITION:
        raise NotAReport(f"{what} is {value}: no line or column of a file")
    return value


_KINDS = {str: "a string", dict: "an object", list: "an array"}


def _typed(value: object, kind: type, what: str):
    """`value` when it is a `kind` (str, dict or list), else NotAReport naming `what`."""
    if not isinstance(value, kind):
        raise NotAReport(f"{what} is not {_KINDS[kind]}")
    return value


def _text(value: object, what: str) -> str:
    return _typed(value, str, what)


def _object(value: object, what: str) -> dict:
    return _typed(value, dict, what)


def _array(value: object, what: str) -> list:
    return _typed(value, list, what)


def _from_sarif(log: dict) -> list[Entry]:
    """The results of a SARIF log as fmlint writes it; NotAReport naming what is not."""
    entries = []
    for r, run in enumerate(log["runs"], 1):
        run = _object(run, f"SARIF run {r}")
        for n, result in enumerate(_array(run.get("results", []), f"SARIF run {r}: 'results'"), 1):
            what = f"SARIF result {n} of run {r}"
            result = _object(result, what)
            locations = _array(result.get("locations"), f"{what}: 'locations'")
            if not locations:
                raise NotAReport(f"{what} has no location")
            first = _object(locations[0], f"{what}: its location")
            location = _object(first.get("physicalLocation"), f"{what}: 'physicalLocation'")
            region = _object(location.get("region"), f"{what}: 'region'")
            artifact = _object(location.get("artifactLocation"), f"{what}: 'artifactLocation'")
            line = _line_or_column(region.get("startLine"), f"{what}: 'startLine'")
            column = _line_or_column(region.get("startColumn", 1), f"{what}: 'startColumn'")
            diagnostic = Diagnostic(
                _sarif_path(_text(artifact.get("uri"), f"{what}: 'uri'")),
                line,
                column,
                _line_or_column(region.get("endLine", line), f"{what}: 'endLine'"),
                _line_or_column(region.get("endColumn", column), f"{what}: 'endColumn'"),
                _text(result.get("ruleId"), f"{what}: 'ruleId'"),
                _text(result.get("level", "warning"), f"{what}: 'level'"),
                _text(
                    _object(result.get("message"), f"{what}: 'message'").get("text"),
                    f"{what}: the message's 'text'",
                ),
            )
            prints = _object(result.get("partialFingerprints") or {}, f"{what}: fingerprints")
            texts = sorted(_text(v, f"{what}: a fingerprint") for v in prints.values())
            entries.append(Entry(diagnostic, texts[0] if texts else diagnostic.message))
    return entries


def _sarif_path(uri: str) -> str:
    from urllib.parse import unquote

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
