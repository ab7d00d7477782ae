"""The one gate every finding passes: run the checks, place findings, stamp severity, sort.

Checks return `Finding`s by document path; here each becomes a `Diagnostic` with its line and
column (from the document), its severity (from the code table) and the file's display path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import document as yamldoc
from . import frontmatter, rules, suppressions
from .codes import all_codes
from .config import Settings
from .diagnostic import ERROR, Diagnostic, Finding, Span
from .files import Missing, Selection, Target, discover
from .rules import Context, RuleOptions
from .schema import SchemaChecker, load_schema

NOT_TEXT = "FM011"
# What a walk lints: files that open with a fence, and UTF-16/32 files (BOM), which get FM011.
_FENCE_BYTES = re.compile(rb"(?:\xef\xbb\xbf)?---[ \t]*\r?(?:\n|\Z)|\xff\xfe|\xfe\xff")


@dataclass(frozen=True)
class FileResult:
    """One file's diagnostics, plus the source lines they point at (for reporters that quote)."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    lines: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class FileError:
    """A file fmlint could not read: reported on its own line, exit code 2."""

    path: str
    message: str


@dataclass(frozen=True)
class Change:
    """A file `--fix` would rewrite: its bytes as read, its text before and after."""

    path: Path
    original: bytes
    before: str
    after: str
    applied: tuple  # (code, Fix) pairs


@dataclass(frozen=True)
class Results:
    files: tuple[FileResult, ...] = ()
    errors: tuple[FileError, ...] = ()

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for result in self.files for d in result.diagnostics]


class Linter:
    """Holds what is built once per process: the compiled schema and the severity table."""

    def __init__(
        self,
        schema: dict | None = None,
        options: RuleOptions | None = None,
        settings: Settings | None = None,
    ):
        self.settings = settings or Settings()
        if schema is None:
            schema = load_schema(self.settings.schema)
        self.schema = SchemaChecker(schema)
        self.options = options or self.settings.options
        self.severities = {code.code: code.severity for code in all_codes()}

    def findings(self, split: frontmatter.FrontMatter) -> tuple[list[Finding], yamldoc.Document]:
        """Every check in data-flow order; later checks run only on what earlier ones could read."""
        doc = yamldoc.parse(split.yaml, split.line_offset)
        found = list(doc.findings)
        if not doc.ok:
            return found, doc
        if not isinstance(doc.value, dict):
            if doc.value is None:
                span = Span(1, 1, split.closing_line, 4)
                found.append(Finding(frontmatter.EMPTY, "front matter is empty", span=span))
            else:
                kind = "a list" if isinstance(doc.value, list) else "a single value"
                found.append(
                    Finding(
                        yamldoc.NOT_A_MAPPING,
                        f"front matter must be a mapping of keys to values, not {kind}",
                    )
                )
            return found, doc
        schema_findings = self.schema.check(doc.value)
        context = Context(self.options, frozenset(f.path for f in schema_findings))
        rule_findings, replaced = rules.run(doc.value, context)
        found.extend(f for f in schema_findings if (f.path, f.code) not in replaced)
        found.extend(rule_findings)
        return found, doc

    def lint_text(self, text: str, path: str = "<stdin>") -> FileResult:
        split = frontmatter.split(text)
        if isinstance(split, Finding):
            found, doc, directives = [split], None, []
        else:
            found, doc = self.findings(split)
            directives = suppressions.directives(split.yaml, split.line_offset)
        diagnostics = self.gate(self.place(found, doc, path), directives, path)
        return FileResult(path, tuple(diagnostics), _quoted_lines(text, diagnostics))

    def lint_bytes(self, data: bytes, path: str) -> FileResult:
        text_or_finding = decode(data)
        if isinstance(text_or_finding, Finding):
            placed = self.place([text_or_finding], None, path)
            return FileResult(path, tuple(self.gate(placed, [], path)))
        return self.lint_text(text_or_finding, path)

    def gate(self, placed: list[Diagnostic], directives: list, path: str) -> list[Diagnostic]:
        """Filter by configuration, apply suppression comments, and sort."""
        settings = self.settings
        per_file = settings.ignored_in(path)

        def wanted(code: str) -> bool:
            return settings.enabled(code) and not (per_file and code.startswith(per_file))

        kept = [d for d in placed if wanted(d.code)]
        kept, unused = suppressions.apply(kept, directives)
        if unused and wanted(suppressions.UNUSED):
            kept.extend(self.place(unused, None, path))
        return sorted(kept)

    def place(self, found: Iterable[Finding], doc, path: str) -> list[Diagnostic]:
        placed = []
        for finding in found:
            span = finding.span
            if span is None:
                span = doc.locate(finding.path, finding.on_key) if doc else Span(1, 1, 1, 1)
            placed.append(
                Diagnostic(
                    path,
                    span.line,
                    span.column,
                    span.end_line,
                    span.end_column,
                    finding.code,
                    self.settings.severity_of(
                        finding.code, self.severities.get(finding.code, ERROR)
                    ),
                    finding.message,
                    finding.fix,
                )
            )
        return placed

    def targets(
        self,
        paths: Iterable[str | Path],
        *,
        only_front_matter: bool = False,
        force_exclude: bool = False,
    ) -> list:
        """What `lint_targets` reads: files, and `Missing` for paths that are not there.

        `only_front_matter` treats named files as a walk does (skipped without `---`), and
        `force_exclude` applies `exclude` to them: what a pre-commit hook, which names every
        file, wants.
        """
        settings = self.settings
        selection = Selection(settings.include, settings.exclude, settings.root)
        found = []
        for target in discover(list(paths), selection):
            if isinstance(target, Target) and target.explicit:
                if force_exclude and selection.excluded(target.path):
                    continue
                if only_front_matter:
                    target = Target(target.path, explicit=False)
            found.append(target)
        return found

    def lint_stdin(self, data: bytes, name: str) -> Results:
        """Text from stdin, under the name `--stdin-filename` gives it."""
        return Results((self.lint_bytes(data, name),))

    def lint_targets(self, targets: Iterable) -> Results:
        files, errors = [], []
        for target, data in _read(targets, errors):
            try:
                files.append(self.lint_bytes(data, str(target.path)))
            except Exception as error:  # a bug must not hide the other files' findings
                errors.append(FileError(str(target.path), f"internal error: {error!r}"))
        return Results(tuple(files), tuple(errors))

    def fix_text(self, text: str, path: str, unsafe: bool = False) -> tuple[str, list, FileResult]:
        """Apply fixes pass by pass until none is left (at most 10 passes, so it ends).

        Returns the fixed text, the (code, Fix) pairs applied, and the findings that remain.
        Only findings that survive the gate (selected, not suppressed) are fixed.
        """
        from . import fix

        applied: list = []
        result = self.lint_text(text, path)
        for _ in range(10):
            wanted = [d for d in result.diagnostics if fix.wanted(d.fix, unsafe)]
            if not wanted:
                break
            text, done = fix.apply(text, [d.fix for d in wanted])
            if not done:
                break
            codes = {id(d.fix): d.code for d in wanted}
            applied.extend((codes[id(f)], f) for f in done)
            result = self.lint_text(text, path)
        return text, applied, result

    def fix_targets(self, targets: Iterable, unsafe: bool = False) -> tuple[Results, list]:
        """Lint with fixes applied in memory: the results after fixing, and the changes to write."""
        files, errors, changes = [], [], []
        for target, data in _read(targets, errors):
            text = decode(data)
            if isinstance(text, Finding):
                files.append(self.lint_bytes(data, str(target.path)))
                continue
            fixed, applied, result = self.fix_text(text, str(target.path), unsafe)
            files.append(result)
            if applied:
                changes.append(Change(target.path, data, text, fixed, tuple(applied)))
        return Results(tuple(files), tuple(errors)), changes

    def lint_paths(self, paths: Iterable[str | Path]) -> Results:
        return self.lint_targets(self.targets(paths))


def _read(targets: Iterable, errors: list):
    """(target, bytes) for each file to lint; what cannot be read goes to `errors`."""
    for target in targets:
        if isinstance(target, Missing):
            errors.append(FileError(str(target.path), target.reason))
            continue
        try:
            data = target.path.read_bytes()
        except OSError as error:
            errors.append(FileError(str(target.path), error.strerror or str(error)))
            continue
        if target.explicit or _FENCE_BYTES.match(data):  # a walk takes only front-matter files
            yield target, data


def decode(data: bytes) -> str | Finding:
    """UTF-8 text, or the FM011 finding that says where it stops being text."""
    if b"\x00" in data[:8192]:
        return Finding(NOT_TEXT, "binary file: it contains NUL bytes", span=Span(1, 1, 1, 1))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = error.start
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
        return Finding(
            NOT_TEXT,
            f"not valid UTF-8: byte 0x{data[start]:02x} cannot start or continue a character",
            span=Span(line, column, line, column + 1),
        )


def _quoted_lines(text: str, diagnostics: list[Diagnostic]) -> dict[int, str]:
    wanted = {d.line for d in diagnostics}
    if not wanted:
        return {}
    lines, position, number, last = {}, 0, 1, max(wanted)
    while number <= last:
        end = text.find("\n", position)
        if number in wanted:
            lines[number] = text[position : end if end >= 0 else len(text)].rstrip("\r")
        if end < 0:
            break
        position, number = end + 1, number + 1
    if 1 in lines:
        lines[1] = lines[1].lstrip("\ufeff")
    return lines
