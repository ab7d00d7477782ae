"""`# fmlint: disable=...` comments: silence findings on one line or in the whole file.

- `# fmlint: disable=FM401,FM2` at the end of a line silences those codes (or prefixes) there;
  alone on a line, it silences them on the next line.
- `# fmlint: disable-file=FM2` anywhere in the front matter silences them in the whole file;
  with no `=...`, every code.
A directive that silences nothing is reported (FM020), so suppressions do not outlive their reason.

A directive counts only where its `#` is in a comment of the front matter's own syntax: text inside
a value (quoted, block or plain, like `title: "Tips #fmlint: disable-file"`) never switches the
linter off. For YAML, the YAML scanner's tokens say where every value lies, and a `#` outside all
of them is a comment; for TOML, the TOML scanner says where each line's comment starts. JSON has
no comments, so no directives.
"""

from __future__ import annotations

import re

from ..diagnostic import Diagnostic, Finding, Span
from ..value import Value

UNUSED = "FM020"
_DIRECTIVE = re.compile(
    r"(?:^|\s)#\s*fmlint:\s*(?P<kind>disable-file|disable)\b(?:\s*=\s*(?P<codes>[A-Za-z0-9, ]+))?"
)


class Directive(Value):
    FIELDS = ("line", "target", "codes", "span")
    __slots__ = FIELDS
    line: int  # where the comment is
    target: int | None  # the line it silences; None for the whole file
    codes: tuple[str, ...]  # empty: every code
    span: Span

    def covers(self, diagnostic: Diagnostic) -> bool:
        if self.target is not None and diagnostic.line != self.target:
            return False
        return not self.codes or diagnostic.code.startswith(self.codes)


def directives(yaml_text: str, line_offset: int, syntax: str = "yaml") -> list[Directive]:
    """Every directive in the front matter text (whose first line is file line line_offset+1),
    written in `syntax` ("yaml", "toml" or "json")."""
    if "fmlint:" not in yaml_text or syntax == "json":
        return []
    lines = yaml_text.splitlines()
    candidates = []  # (line index, column of the `#`, match), in text order
    for index, line in enumerate(lines):
        match = _DIRECTIVE.search(line)
        if match is not None:
            hash_column = match.start() + (1 if match.group(0)[0].isspace() else 0)
            candidates.append((index, hash_column, match))
    if not candidates:
        return []
    found = []
    comments = _toml_comments if syntax == "toml" else _comments
    for index, _column, match in comments(yaml_text, candidates):
        number, line = index + line_offset + 1, lines[index]
        codes = tuple(
            code.strip().upper() for code in (match["codes"] or "").split(",") if code.strip()
        )
        start = match.start() + (1 if match.group(0)[0].isspace() else 0)
        span = Span(number, start + 1, number, len(line.rstrip()) + 1)
        if match["kind"] == "disable-file":
            target = None
        else:
            target = number + 1 if not line[: match.start()].strip() else number
        found.append(Directive(number, target, codes, span))
    return found


def _comments(yaml_text: str, candidates: list) -> list:
    """The candidates whose `#` lies outside every YAML token (so starts a comment).

    One pass over the tokens beside one over the candidates (both in text order): linear. Past a
    lexical error nothing is known for sure, so candidates from there on do not count.
    """
    from .document import token_ranges  # only files that mention `fmlint:` pay for the scan

    comments = []
    i, count = 0, len(candidates)
    for start, end in token_ranges(yaml_text):
        if start is None:  # a lexical error: the candidates not yet judged stay out
            return comments
        if i >= count:
            break
        while i < count and candidates[i][:2] < start:
            comments.append(candidates[i])
            i += 1
        while i < count and candidates[i][:2] < end:
            i += 1  # inside a value: text, not a comment
    comments.extend(candidates[i:])  # after the last token
    return comments


def _toml_comments(text: str, candidates: list) -> list:
    """The candidates whose `#` lies in a TOML comment: at or after where the comment on its
    line starts, as the TOML scanner found it (candidates past what it could read do not count)."""
    from .toml_document import comment_columns

    starts = comment_columns(text)
    return [c for c in candidates if c[0] in starts and starts[c[0]] <= c[1]]


def apply(diagnostics: list[Diagnostic], found: list[Directive]) -> tuple[list, list[Finding]]:
    """The diagnostics left after suppression, and a finding for each directive that did nothing.

    Costs the diagnostics plus the directives, not their product (a file may hold thousands of
    each): line directives are looked up by the line they silence, whole-file ones by the code
    prefixes they name ("" for every code), and each group is marked used once.
    """
    if not found:
        return diagnostics, []
    by_line: dict[int, list[int]] = {}
    by_prefix: dict[str, list[int]] = {}  # whole-file directives
    for i, directive in enumerate(found):
        if directive.target is not None:
            by_line.setdefault(directive.target, []).append(i)
        else:
            for prefix in directive.codes or ("",):
                by_prefix.setdefault(prefix, []).append(i)
    used: set[int] = set()
    used_prefixes: set[str] = set()
    kept = []
    for diagnostic in diagnostics:
        code = diagnostic.code
        silenced = False
        for i in by_line.get(diagnostic.line, ()):
            if found[i].covers(diagnostic):
                used.add(i)
                silenced = True
        if by_prefix:
            for end in range(len(code) + 1):
                prefix = code[:end]
                if prefix in by_prefix:
                    silenced = True
                    if prefix not in used_prefixes:
                        used_prefixes.add(prefix)
                        used.update(by_prefix[prefix])
        if not silenced:
            kept.append(diagnostic)
    unused = [
        Finding(
            UNUSED,
            "suppression comment silences nothing"
            + (f" ({', '.join(directive.codes)})" if directive.codes else "")
            + "; remove it",
            span=directive.span,
        )
        for i, directive in enumerate(found)
        if i not in used
    ]
    return kept, unused
