"""The counts the HTML report shows, from a run's results: a pure function, plain values out.

Kept apart from the page so that each number can be checked against the findings themselves
(`tests/test_report_html.py`), and so the page only lays them out. Every ordering is stable:
larger counts first, then by name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..facts import MONTH, PROVIDER

# Families of codes, as codes.py groups them (FM0xx front matter ... FM5xx other fields).
FAMILIES = (
    ("FM0", "Front matter"),
    ("FM1", "Schema"),
    ("FM2", "URLs"),
    ("FM3", "Dates"),
    ("FM4", "Images"),
    ("FM5", "Fields"),
)
OTHER = "Other"
FAMILY_NAMES = (*(name for _, name in FAMILIES), OTHER)
NO_MONTH = "no date"
NO_PROVIDER = "(no provider)"
TOP = 15  # providers, files and hosts listed
_URL = re.compile(r"https?://[^\s\"'<>\\]+", re.IGNORECASE)
MAX_GAP_MONTHS = 240  # a calendar wider than this (a stray 1900 date) shows only months that occur


def family(code: str) -> str:
    for prefix, name in FAMILIES:
        if code.startswith(prefix):
            return name
    return OTHER


@dataclass
class Row:
    """One line of a ranking: a name and its findings by severity, in how many files."""

    name: str
    errors: int = 0
    warnings: int = 0
    files: int = 0
    codes: Counter = field(default_factory=Counter)
    facts: dict = field(default_factory=dict)

    @property
    def findings(self) -> int:
        return self.errors + self.warnings


@dataclass
class Tally:
    files: int
    clean: int
    errors: int
    warnings: int
    fixable: int
    unsafe_fixable: int
    unreadable: int
    codes: list  # Row per code, most findings first
    months: list  # (month, {family: count}) in calendar order
    undated: dict  # {family: count} of findings in records without a month
    providers: list  # Row per provider, at most TOP
    worst: list  # Row per file (facts: month, provider), at most TOP
    hosts: list  # Row per host named by URL and image findings, at most TOP


def tally(results) -> Tally:
    diagnostics = results.diagnostics
    checked = getattr(results, "checked", None)
    files = len(results.files) if checked is None else checked
    touched = [r for r in results.files if r.diagnostics]
    errors = sum(d.severity == "error" for d in diagnostics)
    fixes = [d.fix.safety for d in diagnostics if d.fix is not None]
    by_code: dict[str, Row] = {}
    by_month: dict[str, Counter] = {}
    by_provider: dict[str, Row] = {}
    by_host: dict[str, Row] = {}
    worst = []
    for result in touched:
        facts = dict(result.facts)
        month = facts.get(MONTH, NO_MONTH)
        provider = facts.get(PROVIDER, NO_PROVIDER)
        file_row = Row(result.path, facts=facts)
        provider_row = by_provider.setdefault(provider, Row(provider))
        provider_row.files += 1
        hosts_here = set()
        for d in result.diagnostics:
            for row in (file_row, provider_row, by_code.setdefault(d.code, Row(d.code))):
                _count(row, d)
            by_month.setdefault(month, Counter())[family(d.code)] += 1
            host = _host(d, result.lines.get(d.line))
            if host is not None:
                host_row = by_host.setdefault(host, Row(host))
                _count(host_row, d)
                if host not in hosts_here:
                    hosts_here.add(host)
                    host_row.files += 1
        for code in {d.code for d in result.diagnostics}:
            by_code[code].files += 1
        worst.append(file_row)
    undated = dict(by_month.pop(NO_MONTH, {}))
    return Tally(
        files=files,
        clean=files - len(touched),
        errors=errors,
        warnings=len(diagnostics) - errors,
        fixable=sum(safety == "safe" for safety in fixes),
        unsafe_fixable=sum(safety != "safe" for safety in fixes),
        unreadable=len(results.errors),
        codes=_ranked(by_code.values()),
        months=_calendar(by_month),
        undated=undated,
        providers=_ranked(by_provider.values())[:TOP],
        worst=sorted(worst, key=lambda r: (-r.errors, -r.findings, r.name))[:TOP],
        hosts=_ranked(by_host.values())[:TOP],
    )


def _count(row: Row, d) -> None:
    if d.severity == "error":
        row.errors += 1
    else:
        row.warnings += 1
    row.codes[d.code] += 1


def _ranked(rows) -> list:
    return sorted(rows, key=lambda r: (-r.findings, -r.errors, r.name))


def _host(d, source: str | None) -> str | None:
    """The host a URL or image finding is about: of the first URL its message quotes, else of
    the first URL on its source line (an online finding about a dead link or a picture's real
    size names its URL either way); None for other findings."""
    if family(d.code) not in ("URLs", "Images", OTHER):
        return None
    for text in (d.message, source or ""):
        found = _URL.search(text)
        if found is None:
            continue
        try:
            host = urlsplit(found.group(0)).hostname
        except ValueError:
            host = None
        if host:
            return host
    return None


def _calendar(by_month: dict) -> list:
    """Every month from the first to the last (a month without findings is a gap worth seeing),
    or only the months that occur when that would be too wide."""
    if not by_month:
        return []
    months = sorted(by_month)
    first, last = _index(months[0]), _index(months[-1])
    if last - first > MAX_GAP_MONTHS:
        return [(m, dict(by_month[m])) for m in months]
    calendar = [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(first, last + 1)]
    return [(m, dict(by_month.get(m, {}))) for m in calendar]


def _index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1
