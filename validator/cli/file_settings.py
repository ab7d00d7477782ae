"""`fmlint config PATH`: the settings that apply to one file, as ruff's `--show-settings`.

The collection the file falls in, the schema it is checked against, what `exclude` and
`per-file-ignores` say of it, and the codes that run on it at their severity: the engine's own
decision for that path (`decide.Decider`), so this can never disagree with a check.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..codes import all_codes
from ..decide import DEFAULT_SCHEMA, Decider
from ..disk.safe_read import ARTICLE_CAP, read_bytes
from ..escape import visible
from ..rules import all_rules
from ..schema.load import bundled_schema_path
from ..source.files import Selection
from ..source.reading import decode

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from ..config import Settings


def describe_file(settings: Settings, path: str) -> str:
    """The lines `fmlint config PATH` prints (the path must name a file)."""
    codes = all_codes()
    decision = Decider.for_codes(settings, codes).for_path(path, _text(path))
    lines = [f"file: {path}"]
    lines.append(f"collection: {_collection(settings, path, decision.schema is None)}")
    lines.append(f"schema: {_schema(settings, decision.schema)}")
    excluded = Selection(exclude=settings.walk_exclude, root=settings.root).excluded(Path(path))
    if excluded:
        lines.append(
            "exclude: matches it: a directory walk skips it (named on the command line, it is "
            "linted unless --force-exclude)"
        )
    ignored = settings.ignored_in(path)
    if ignored:
        lines.append(
            f"per-file-ignores: {', '.join(ignored)}  # {settings.source('per-file-ignores')}"
        )
    online = {module.CODE for module in all_rules() if getattr(module, "ONLINE", False)}
    running = [code for code in codes if decision.runs(code.code)]
    lines.append(f"codes that run ({len(running)} of {len(codes)}):")
    width = max((len(code.name) for code in running), default=0)
    for code in running:
        note = "  (with --online)" if code.code in online and not settings.online else ""
        severity = decision.severity(code.code)
        lines.append(f"  {code.code}  {severity:<7}  {code.name:<{width}}{note}".rstrip())
    return "".join(visible(line) + "\n" for line in lines)  # a path from the tree: no forged line


def _text(path: str) -> str:
    """The file's text as a check reads it ("" when it is not text: no record of any kind)."""
    try:
        text = decode(read_bytes(path, ARTICLE_CAP))
    except OSError:
        return ""
    return text if isinstance(text, str) else ""


def _collection(settings: Settings, path: str, generic: bool) -> str:
    if not settings.collections:
        if settings.schema is not None:
            return "(none: every file is checked against the one schema)"
        if generic:
            return (
                "(none configured; not an article record: only the checks that hold for any "
                "front matter run)"
            )
        return "(none configured; an article record, by its keys: the article schema)"
    collection = settings.collection_of(path)
    if collection is None:
        return (
            "(none: no glob of [tool.fmlint.collections] matches it: only the checks that hold "
            "for any front matter run)"
        )
    return f"{collection.glob!r} = {collection.schema}  # {settings.source('collections')}"


def _schema(settings: Settings, name: str | None) -> str:
    """The schema a decision names: the run's one (`--schema`/`schema`, else the bundled article
    schema), a collection's (a bundled name, a file or a URL), or none."""
    if name is None:
        return "(none)"
    if name == DEFAULT_SCHEMA:
        if settings.schema is not None:
            return f"{settings.schema}  # {settings.source('schema')}"
        name = "article"
    if name == "article":
        return f"article, the bundled schema ({os.path.normpath(bundled_schema_path())})"
    return name
