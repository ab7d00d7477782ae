"""The pure per-file engine: a file's text (or bytes) and the run's settings -> its `FileResult`.

Checks run in data-flow order (fences, YAML, the schema, the rules), each only on what the one
before could read, and only what the file's `Decision` selects runs. Findings come back by
document path; `place` turns each into a `Diagnostic` with its line and column, `gate` applies
suppression comments and sorts. Nothing here reads files or schedules them (see `reading`,
`runner`), so a worker process or the language server can call it as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import rules
from .codes import all_codes
from .config import Settings
from .decide import ARTICLE, DEFAULT_SCHEMA, Decider, Decision
from .diagnostic import Diagnostic, Finding, Span
from .facts import record_facts
from .model import FileResult
from .rules import Context, RuleOptions
from .rules.roles import NO_ROLES, RoleTree, compile_roles
from .schema.checker import SchemaChecker
from .schema.run_schemas import load_run_schemas
from .source import document as yamldoc
from .source import frontmatter, suppressions
from .source.reader import parse_front
from .source.reading import NOT_TEXT, decode

_SCHEMA_FAMILY = "FM1"
_STDIN = "<stdin>"  # the name of text that comes from no file


class Engine:
    """What is built once per process: the compiled schemas (the run's one, and one per collection,
    each loaded once), the code table, the decisions."""

    def __init__(
        self,
        schema: dict | None = None,
        options: RuleOptions | None = None,
        settings: Settings | None = None,
        collection_schemas: dict[str, dict] | None = None,
    ):
        self.settings = settings = settings or Settings()
        schema, collection_schemas = load_run_schemas(settings, schema, collection_schemas)
        asserted = settings.schema_format == "assert"
        self.schema = SchemaChecker(schema if schema is not None else {}, formats=asserted)
        self.checkers = {
            name: SchemaChecker(s, formats=asserted) for name, s in collection_schemas.items()
        }
        self.checkers[DEFAULT_SCHEMA] = self.schema
        self.options = options or settings.options
        self.decider = Decider.for_codes(settings, all_codes())
        self.online = None  # `--online`: the run's answers (`OnlineAnswers`), set before linting
        # documents parsed already (collecting `--online`'s URLs), by their `FrontMatter`: each
        # is used once, then parsed anew
        self.parsed: dict = {}
        self._roles: dict[int, RoleTree] = {}  # each schema's roles, by the schema's identity

    def roles_for(self, checker: SchemaChecker | None) -> RoleTree:
        """What the checker's schema says its values are (`rules.roles`), read once per schema;
        no role for a file without a schema."""
        if checker is None:
            return NO_ROLES
        found = self._roles.get(id(checker.schema))
        if found is None:
            found = self._roles[id(checker.schema)] = compile_roles(checker.schema)
        return found

    @property
    def collection_schemas(self) -> dict[str, dict]:
        """Each collection's schema by name (what a worker process is built with)."""
        return {
            name: checker.schema
            for name, checker in self.checkers.items()
            if name != DEFAULT_SCHEMA
        }

    def schema_for(self, path: str, text: str | None = None) -> dict | None:
        """The schema this file is checked against; None for a file in no collection. Give its
        `text` where the file's own keys decide (no collections, no schema), as `lint_text` does."""
        name = self.decider.for_path(path, text).schema
        return None if name is None else self.checkers[name].schema

    def lint_text(self, text: str, path: str = _STDIN) -> FileResult:
        decision = self.decider.for_path(path, text)  # without collections, its keys decide
        surrogate = None if text.isascii() else _SURROGATE.search(text)
        if surrogate is not None:  # no character: YAML cannot read it, UTF-8 cannot hold it
            finding = _surrogate_finding(text, surrogate.start())
            placed = self.place([finding], None, path, decision)
            diagnostics = self.gate(placed, [], decision, path)
            return FileResult(path, tuple(diagnostics), _quoted_lines(text, diagnostics))
        split = frontmatter.split(text)
        if isinstance(split, Finding):
            found, doc, directives = [split], None, []
        else:
            found, doc = self.findings(split, decision, None if path == _STDIN else path)
            directives = suppressions.directives(split.text, split.line_offset, split.syntax)
        placed = self.place(found, doc, path, decision)
        diagnostics = self.gate(placed, directives, decision, path)
        facts = record_facts(doc.value) if diagnostics and doc is not None else ()
        return FileResult(path, tuple(diagnostics), _quoted_lines(text, diagnostics), facts)

    def lint_bytes(self, data: bytes, path: str) -> FileResult:
        text_or_finding = decode(data)
        if isinstance(text_or_finding, Finding):
            decision = self.decider.for_path(path, "")  # no text: no record of any kind
            placed = self.place([text_or_finding], None, path, decision)
            return FileResult(path, tuple(self.gate(placed, [], decision, path)))
        return self.lint_text(text_or_finding, path)

    def findings(
        self,
        split: frontmatter.FrontMatter,
        decision: Decision | None = None,
        path: str | None = None,
    ) -> tuple[list[Finding], yamldoc.Document]:
        """Every check in data-flow order; later checks run only on what earlier ones could read.
        `path`: the file's, for rules that look beside it (its pictures); None for stdin."""
        doc = self.parsed.pop(split, None) if self.parsed else None
        if doc is None:
            doc = parse_front(split, self.settings.yaml_version)
        found = list(doc.findings)
        if not doc.ok:
            return found, doc
        if not isinstance(doc.value, dict):
            kind = "a list" if isinstance(doc.value, list) else "a single value"
            found.append(
                Finding(
                    yamldoc.NOT_A_MAPPING,
                    f"front matter must be a mapping of keys to values, not {kind}",
                )
            )
            return found, doc
        if not doc.value and self.empty_is_error(decision):
            span = split.block_span()
            found.append(Finding(frontmatter.EMPTY, "front matter is empty", span=span))
            return found, doc
        enabled = decision.codes if decision is not None else None
        checker = self.schema if decision is None else self.checkers.get(decision.schema)
        schema_findings = []
        if checker is not None and (
            enabled is None or any(code.startswith(_SCHEMA_FAMILY) for code in enabled)
        ):
            schema_findings = checker.check(doc.value)
            if enabled is not None:
                schema_findings = [f for f in schema_findings if f.code in enabled]
        # rules defer only to schema findings that are reported
        context = Context(
            self.options,
            frozenset(f.path for f in schema_findings),
            enabled,
            self.online,
            path,
            roles=self.roles_for(checker),
        )
        rule_findings, replaced = rules.run(doc.value, context)
        found.extend(f for f in schema_findings if (f.path, f.code) not in replaced)
        found.extend(rule_findings)
        return found, doc

    def empty_is_error(self, decision: Decision | None) -> bool:
        """Whether empty front matter is FM003: in a record of the bundled article schema only.
        Anywhere else it is legal (Jekyll: it makes the file a page), and the empty mapping is
        checked as any record is (a schema reports the keys it requires)."""
        schema = DEFAULT_SCHEMA if decision is None else decision.schema
        if schema == DEFAULT_SCHEMA:
            return self.settings.schema is None
        return schema == ARTICLE

    def gate(self, placed: list, directives: list, decision: Decision, path: str) -> list:
        """Keep what the decision selects, apply suppression comments, and sort."""
        kept = [d for d in placed if decision.runs(d.code)]
        kept, unused = suppressions.apply(kept, directives)
        if unused and decision.runs(suppressions.UNUSED):
            kept.extend(self.place(unused, None, path, decision))
        return sorted(kept)

    def place(
        self, found: Iterable[Finding], doc, path: str, decision: Decision
    ) -> list[Diagnostic]:
        """Each finding at its line and column, stamped with the decided severity."""
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
                    decision.severity(finding.code),
                    finding.message,
                    finding.fix,
                )
            )
        return placed


_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate_finding(text: str, position: int) -> Finding:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return Finding(
        NOT_TEXT,
        f"not text: U+{ord(text[position]):04X} is a lone surrogate, not a character",
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
