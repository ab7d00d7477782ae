"""`fmlint server`: a Language Server (pygls) on stdio for editors.

Diagnostics are the CLI's own (codes, severities, messages, configuration), published when a
document opens, when it is saved, and ~300 ms after the last change; documents without front
matter get an empty list. Hover on a front-matter key shows the schema's title, description and
examples for that field.

Costs: a lint makes each safe fix once and publishes it in its diagnostic's `data` (as ruff-lsp
does), so a code-action request only reads it back; "Fix all in file" runs the fix passes when
the client resolves that action. Configuration files are stat'ed before a lint and read only when
they change (or the client reports a change with `workspace/didChangeWatchedFiles`).

Positions: fmlint counts 1-based lines and 1-based columns in Unicode code points (end column
exclusive); LSP counts 0-based lines and, by default, UTF-16 code units, so a character outside
the Basic Multilingual Plane (an emoji) is two units. `to_lsp_range` converts one to the other.

This is the only module that imports pygls.
"""

from __future__ import annotations

import asyncio
import json
import logging
import stat
import threading
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from . import __version__, config, frontmatter, pointer
from . import document as yamldoc
from .diagnostic import Diagnostic, Span

DEBOUNCE_SECONDS = 0.3
LINT_BUDGET_SECONDS = 5.0  # a lint that takes longer is reported as such; the server goes on
TOO_LONG = "fmlint took too long on this document"
MAX_LINTERS = 16  # configurations kept at once (a workspace rarely has more than a few)
SOURCE = "fmlint"

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
}

logger = logging.getLogger(__name__)


# --- positions ---------------------------------------------------------------------------------


def split_lines(text: str) -> list[str]:
    """The text's lines as fmlint numbers them (`\\n`-separated; a `\\r` before it is dropped)."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def _units(char: str, encoding: str) -> int:
    if encoding == UTF32:
        return 1
    if encoding == UTF8:
        return len(char.encode("utf-8", "surrogatepass"))
    return 2 if ord(char) > 0xFFFF else 1


def to_lsp_character(line: str, column: int, encoding: str = UTF16) -> int:
    """1-based code-point column -> 0-based offset in `encoding` units, clamped to the line."""
    prefix = line[: max(column - 1, 0)]
    if encoding == UTF32:
        return len(prefix)
    return sum(_units(char, encoding) for char in prefix)


def from_lsp_character(line: str, character: int, encoding: str = UTF16) -> int:
    """0-based offset in `encoding` code units -> 0-based code-point index into `line`.

    An offset inside a character (half a surrogate pair) counts as that character.
    """
    units = 0
    for index, char in enumerate(line):
        units += _units(char, encoding)
        if units > character:
            return index
    return len(line)


def to_lsp_range(text_lines: list[str], diagnostic: Diagnostic | Span, encoding: str = UTF16):
    """A Diagnostic's (or Span's) 1-based code-point span as an LSP Range (0-based lines,
    UTF-16 columns, or the units of `encoding` when the client chose UTF-8 or UTF-32).

    `text_lines` is the document split into lines (`split_lines`); columns past the end of a line,
    or lines past the end of the text, are clamped to what is there.
    """

    def position(line: int, column: int) -> types.Position:
        index = max(line - 1, 0)
        text = text_lines[index] if index < len(text_lines) else ""
        return types.Position(line=index, character=to_lsp_character(text, column, encoding))

    return types.Range(
        start=position(diagnostic.line, diagnostic.column),
        end=position(diagnostic.end_line, diagnostic.end_column),
    )


# --- diagnostics -------------------------------------------------------------------------------


def _rule_links() -> dict[str, str]:
    from .codes import all_codes
    from .ruledocs import anchor, docs_uri

    base = docs_uri()
    if base is None:
        return {}
    return {code.code: f"{base}#{anchor(code)}" for code in all_codes()}


def to_lsp_diagnostic(
    text_lines: list[str], diagnostic: Diagnostic, links: dict[str, str], encoding: str = UTF16
) -> types.Diagnostic:
    href = links.get(diagnostic.code)
    return types.Diagnostic(
        range=to_lsp_range(text_lines, diagnostic, encoding),
        message=diagnostic.message,
        severity=_SEVERITIES.get(diagnostic.severity, types.DiagnosticSeverity.Error),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
    )


# --- hover -------------------------------------------------------------------------------------


def key_at(text: str, line: int, column: int) -> tuple[tuple, Any] | None:
    """The document path of the front-matter key at 1-based (`line`, code-point `column`) and
    the Span of that key, or None when the cursor is not on a key."""
    split = frontmatter.split(text)
    if not isinstance(split, frontmatter.FrontMatter):
        return None
    doc = yamldoc.parse(split.yaml, split.line_offset)
    if not doc.ok:
        return None
    for path, span in doc.key_spans():
        # the end is inclusive, so the cursor just after the key (on the colon) counts too
        if (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column):
            return path, span
    return None


def _resolve_ref(root: dict, ref: str) -> Any:
    """What a `$ref` names, or None: hover shows what it can and is silent about the rest."""
    try:
        return pointer.resolve_ref(root, ref)
    except pointer.Unresolvable:
        return None


def _variants(root: dict, node: Any, depth: int = 0) -> list[dict]:
    """The node, what its `$ref` points at, and its allOf/anyOf/oneOf/then/else branches."""
    if not isinstance(node, dict) or depth > 16:
        return []
    out = [node]
    if isinstance(node.get("$ref"), str):
        out += _variants(root, _resolve_ref(root, node["$ref"]), depth + 1)
    for keyword in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(keyword, []) if isinstance(node.get(keyword), list) else []:
            out += _variants(root, branch, depth + 1)
    for keyword in ("then", "else"):
        out += _variants(root, node.get(keyword), depth + 1)
    return out


def _child(root: dict, node: Any, part: Any) -> Any:
    """The subschema for key or list index `part` of an instance of `node`."""
    variants = _variants(root, node)
    if isinstance(part, int):
        for variant in variants:
            prefix = variant.get("prefixItems")
            if isinstance(prefix, list) and part < len(prefix):
                return prefix[part]
            if isinstance(variant.get("items"), dict):
                return variant["items"]
        return None
    for variant in variants:  # a subschema that is a mapping beats a `false` in a branch
        child = variant.get("properties", {}).get(part)
        if isinstance(child, dict):
            return child
    for variant in variants:
        for pattern, child in variant.get("patternProperties", {}).items():
            if isinstance(child, dict) and _pattern_matches(pattern, part):
                return child
    for variant in variants:
        if isinstance(variant.get("additionalProperties"), dict):
            return variant["additionalProperties"]
    return None


def _pattern_matches(pattern: str, key: str) -> bool:
    """A `patternProperties` regex as JSON Schema reads it (ECMA-262, validator.ecma)."""
    from .ecma import BadPattern, searcher

    try:
        return searcher(pattern)(key)
    except BadPattern:
        return False


def schema_node(schema: dict, path: tuple) -> dict | None:
    """The subschema that describes the value at document `path`, or None."""
    node: Any = schema
    for part in path:
        node = _child(schema, node, part)
        if node is None:
            return None
    return node if isinstance(node, dict) else None


def describe_field(schema: dict, node: dict) -> str | None:
    """Markdown: **title**, the description and the scalar examples (the node's own words first,
    then those of what it `$ref`s)."""

    def first(keyword: str) -> Any:
        for variant in _variants(schema, node):
            if keyword in variant:
                return variant[keyword]
        return None

    title, description, examples = first("title"), first("description"), first("examples")
    parts = []
    if isinstance(title, str) and title:
        parts.append(f"**{title}**")
    if isinstance(description, str) and description:
        parts.append(description)
    if isinstance(examples, list):
        shown = [
            _code_span(item.strip() if isinstance(item, str) else json.dumps(item))
            for item in examples
            if not isinstance(item, (dict, list)) and str(item).strip()
        ]
        if shown:
            parts.append("Examples: " + ", ".join(shown))
    return "\n\n".join(parts) or None


def _code_span(text: str) -> str:
    """Inline Markdown code that survives backticks in the text."""
    text = " ".join(text.split())
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


# --- the server --------------------------------------------------------------------------------


class FmlintProtocol(LanguageServerProtocol):
    """pygls 2.1's protocol with two holes closed.

    - A request whose params do not fit its method (`{"textDocument": 5}` for a hover) fails while
      pygls turns the JSON into a message, before it knows there is a request to answer: it logs
      and answers nothing, so the client waits forever. Here it gets a `-32602` error reply.
    - pygls keeps the Future of every handler that is a generator (its own didOpen, didChange,
      didClose... are, and they call ours) in `_request_futures` under a fresh id, and only a
      request's reply takes it out: each notification leaked one (~2 KB). Here a Future leaves
      that table once it is done.
    """

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            msg_id = data.get("id")
            if "method" in data and isinstance(msg_id, (int, str)) and not isinstance(msg_id, bool):
                if not isinstance(error, JsonRpcInvalidParams):
                    error = JsonRpcInvalidParams()
                cause = error.__cause__
                message = f"{error.message}: {data.get('method')!r}"
                if cause is not None:
                    message += f": {str(cause).splitlines()[0][:200]}"
                self._send_response(
                    msg_id, error=JsonRpcInvalidParams(message=message).to_response_error()
                )
            raise

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(lambda done: self._forget(msg_id, done))

    def _forget(self, msg_id, future) -> None:
        if self._request_futures.get(msg_id) is future:
            del self._request_futures[msg_id]


class FmlintServer(LanguageServer):
    """Lints open documents as `fmlint check` would, with the configuration nearest each file."""

    def __init__(self) -> None:
        super().__init__(
            "fmlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=FmlintProtocol,
        )
        self.pending: dict[str, asyncio.Task] = {}
        # what the config files up from a folder look like (stat only) -> its Linter, or the
        # ConfigError reading them gave: a config file is read only when that picture changes
        self.linters: dict[tuple, Any] = {}
        # uri -> (version, the diagnostics published for it, each fixable one with its fix)
        self.published: dict[str, tuple[int | None, list[types.Diagnostic]]] = {}
        self.reported: set[str] = set()
        self._links: dict[str, str] | None = None

    # -- helpers

    @property
    def links(self) -> dict[str, str]:
        if self._links is None:
            self._links = _rule_links()
        return self._links

    @property
    def encoding(self) -> str:
        value = getattr(self.workspace, "position_encoding", None)
        value = getattr(value, "value", value)
        return value if value in (UTF8, UTF16, UTF32) else UTF16

    def log(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        logger.log(logging.ERROR if kind == types.MessageType.Error else logging.INFO, message)
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # pragma: no cover - the connection is gone
            logger.exception("cannot send a log message")

    def tell_once(self, message: str) -> None:
        """A problem the user must fix (a bad config): shown once, logged every time."""
        self.log(message)
        if message not in self.reported:
            self.reported.add(message)
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=message)
            )

    def linter_for(self, file_path: str | None):
        """The Linter for the configuration nearest the file (defaults when there is none).

        Before each lint only the candidate config files from the file's folder up are stat'ed;
        they are read (and a Linter built) only when one appears, goes, or changes (mtime, size,
        inode), or when the client says one changed (`workspace/didChangeWatchedFiles`).
        """
        folder = Path(file_path).resolve().parent if file_path else None
        signature = _config_signature(folder) if folder is not None else ()
        cached = self.linters.get(signature)
        if cached is None:
            cached = self._build_linter(folder, signature)
            while len(self.linters) >= MAX_LINTERS:
                del self.linters[next(iter(self.linters))]  # the oldest
            self.linters[signature] = cached
        if isinstance(cached, Exception):
            raise cached
        return cached

    def _build_linter(self, folder: Path | None, signature: tuple):
        from .linter import Linter
        from .schema import SchemaError

        try:
            found = config.find_config(folder) if signature else None
            settings = config.load(found[0]) if found else config.load(isolated=True)
            return Linter(settings=settings)
        except (config.ConfigError, SchemaError) as error:
            return error  # remembered: a bad config is not read again until it changes

    def forget_config(self, paths: list[str]) -> None:
        """Config files changed (the client watched them): read them again on the next lint."""
        changed = {str(Path(path).resolve()) for path in paths}
        for signature in list(self.linters):
            if any(entry[0] in changed for entry in signature):
                del self.linters[signature]

    def lint(self, uri: str) -> None:
        """Lint the document's current text and publish the result (never raises)."""
        try:
            if uri not in self.workspace.text_documents:
                return
            document = self.workspace.get_text_document(uri)
            text, version = document.source, document.version
            diagnostics: list[types.Diagnostic] = []
            if frontmatter.has_front_matter(text):
                diagnostics = self._diagnostics_in_time(uri, text, version)
            self.published[uri] = (version, diagnostics)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
            )
        except Exception as error:
            logger.exception("lint failed")
            self.log(f"fmlint: cannot lint {uri}: {error!r}")

    def _diagnostics_in_time(
        self, uri: str, text: str, version: int | None
    ) -> list[types.Diagnostic]:
        """`_diagnostics` in a worker thread with LINT_BUDGET_SECONDS to finish: one document
        that is slow to lint gets one diagnostic saying so, and the server goes on serving.

        A thread cannot be stopped: a lint over its budget runs on in the background and its
        result is dropped (each later lint of the document gets a budget of its own).
        """
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["diagnostics"] = self._diagnostics(uri, text, version)
            except BaseException as error:  # handed to the waiting thread
                outcome["error"] = error

        worker = threading.Thread(target=work, name="fmlint lint", daemon=True)
        worker.start()
        worker.join(LINT_BUDGET_SECONDS)
        if worker.is_alive():
            self.log(f"fmlint: linting {uri} took over {LINT_BUDGET_SECONDS:g} s; gave up")
            start = types.Position(line=0, character=0)
            return [
                types.Diagnostic(
                    range=types.Range(start=start, end=start),
                    message=TOO_LONG,
                    severity=types.DiagnosticSeverity.Warning,
                    source=SOURCE,
                )
            ]
        if "error" in outcome:
            raise outcome["error"]
        return outcome["diagnostics"]

    def _diagnostics(self, uri: str, text: str, version: int | None) -> list[types.Diagnostic]:
        """The document's diagnostics; each with a safe fix carries it, ready to apply, in `data`
        (`{"version", "title", "newText"}`), so a code action needs no work."""
        from . import fix
        from .schema import SchemaError

        file_path = to_fs_path(uri)
        try:
            linter = self.linter_for(file_path)
        except (config.ConfigError, SchemaError, OSError) as error:
            self.tell_once(f"fmlint: {error}")
            return []
        if file_path and _excluded(linter.settings, file_path):
            return []  # `exclude` in the configuration: as a walk of the folder would skip it
        result = linter.lint_text(text, file_path or uri)
        lines = split_lines(text)
        encoding = self.encoding
        found = []
        for d in result.diagnostics:
            diagnostic = to_lsp_diagnostic(lines, d, self.links, encoding)
            if fix.wanted(d.fix, unsafe=False):
                fixed, applied = fix.apply(text, [d.fix])
                if applied:
                    diagnostic.data = {
                        "version": version,
                        "title": f"Fix {d.code}: {d.fix.description}",
                        "newText": fixed,
                    }
            found.append(diagnostic)
        return found

    def cancel_pending(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()

    def lint_now(self, uri: str) -> None:
        """Open and save: lint at once; a change still waiting is covered by this run."""
        try:
            self.cancel_pending(uri)
        except Exception as error:  # pragma: no cover - defensive
            self.log(f"fmlint: cannot cancel a pending lint of {uri}: {error!r}")
        self.lint(uri)

    def lint_later(self, uri: str) -> None:
        """Debounce: lint once the document has been quiet for DEBOUNCE_SECONDS."""
        self.cancel_pending(uri)

        async def later() -> None:
            try:
                await asyncio.sleep(DEBOUNCE_SECONDS)
            except asyncio.CancelledError:
                return
            if self.pending.get(uri) is task:
                del self.pending[uri]
            self.lint(uri)  # reads the text as it is now: the latest change wins

        task = asyncio.get_running_loop().create_task(later())
        self.pending[uri] = task

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        if uri not in self.workspace.text_documents:
            return None
        text = self.workspace.get_text_document(uri).source
        if not frontmatter.has_front_matter(text):
            return None
        lines = split_lines(text)
        position = params.position
        if position.line >= len(lines):
            return None
        encoding = self.encoding
        column = from_lsp_character(lines[position.line], position.character, encoding) + 1
        found = key_at(text, position.line + 1, column)
        if found is None:
            return None
        path, span = found
        linter = self.linter_for(to_fs_path(uri))
        schema = linter.schema_for(to_fs_path(uri))
        if schema is None:  # a file in no collection: no schema describes its keys
            return None
        node = schema_node(schema, path)
        markdown = describe_field(schema, node) if node is not None else None
        if markdown is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown),
            range=to_lsp_range(lines, span, encoding),
        )

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """`--fix` in the editor: "Fix FMxxx: ..." per fixable finding, and "Fix all in file".

        Costs nothing: each quick fix is the one its diagnostic carries (`data`, made when the
        document was linted), for the version it was made for. "Fix all in file" runs the fix
        passes only when asked: when the client resolves the action (`codeAction/resolve`), or,
        for a client that cannot, when the request asks for `source.fixAll` or was invoked.
        """
        uri = params.text_document.uri
        if uri not in self.workspace.text_documents:
            return []
        document = self.workspace.get_text_document(uri)
        text, version = document.source, document.version
        published_version, published = self.published.get(uri, (None, []))
        if published_version != version:
            return []  # edited since the last lint: the fixes it made no longer apply
        encoding = self.encoding
        actions = []
        if self._client_keeps_data:
            candidates = params.context.diagnostics
        else:  # the client drops `data`: take the fixes from what was published
            candidates = [d for d in published if _touches(d.range, params.range)]
        kinds = params.context.only
        if kinds is None or any(
            _kind_covers(kind, types.CodeActionKind.QuickFix) for kind in kinds
        ):
            for diagnostic in candidates:
                data = _fix_data(diagnostic, version)
                if data is None:
                    continue
                actions.append(
                    types.CodeAction(
                        title=data["title"],
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=True,
                        edit=_replace_all(uri, text, data["newText"], encoding),
                    )
                )
        fixable = sum(1 for d in published if _fix_data(d, version) is not None)
        wants_fix_all = kinds is None or any(
            _kind_covers(kind, types.CodeActionKind.SourceFixAll) for kind in kinds
        )
        if fixable and wants_fix_all:
            action = types.CodeAction(
                title=f"Fix all in file ({fixable} fixes)",
                kind=types.CodeActionKind.SourceFixAll,
                data={"uri": uri, "version": version, "fixAll": True},
            )
            if self._client_resolves_edits:
                actions.append(action)  # the edit is worked out in `resolve_code_action`
            elif kinds is not None or (
                params.context.trigger_kind == types.CodeActionTriggerKind.Invoked
            ):
                resolved = self.resolve_code_action(action)
                if resolved.edit is not None:
                    actions.append(resolved)
        return actions

    def resolve_code_action(self, action: types.CodeAction) -> types.CodeAction:
        """Fill in "Fix all in file": every safe fix, pass by pass, as `fmlint check --fix`."""
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        if not data.get("fixAll") or uri not in self.workspace.text_documents:
            return action
        document = self.workspace.get_text_document(uri)
        if document.version != data.get("version"):
            return action  # edited meanwhile: no edit rather than one for another text
        text = document.source
        file_path = to_fs_path(uri)
        fixed, applied, _ = self.linter_for(file_path).fix_text(text, file_path or uri)
        if applied:
            action.title = f"Fix all in file ({len(applied)} fixes)"
            action.edit = _replace_all(uri, text, fixed, self.encoding)
        return action

    @property
    def _client_keeps_data(self) -> bool:
        """The client sends a diagnostic's `data` back with a code-action request (LSP 3.16)."""
        code_action = self._code_action_capabilities
        return bool(code_action and code_action.data_support)

    @property
    def _client_resolves_edits(self) -> bool:
        code_action = self._code_action_capabilities
        support = code_action.resolve_support if code_action else None
        return bool(support and "edit" in support.properties)

    @property
    def _code_action_capabilities(self):
        capabilities = getattr(self, "client_capabilities", None)
        text_document = capabilities.text_document if capabilities else None
        return text_document.code_action if text_document else None


def _fix_data(diagnostic: types.Diagnostic, version: int | None) -> dict | None:
    """The fix an fmlint diagnostic carries, if it was made for this version of the text."""
    data = diagnostic.data
    if diagnostic.source != SOURCE or not isinstance(data, dict):
        return None
    if data.get("version") != version or not isinstance(data.get("newText"), str):
        return None
    return data


def _kind_covers(asked: str, kind: str) -> bool:
    """`source` asks for `source.fixAll`; `quickfix` for `quickfix`; kinds are dot-separated."""
    return kind == asked or kind.startswith(f"{asked}.")


def _config_signature(folder: Path) -> tuple:
    """(path, mtime, size, inode) of every candidate config file from `folder` up: stat only."""
    found = []
    for directory in (folder, *folder.parents):
        for name in config.CONFIG_NAMES:
            candidate = directory / name
            try:
                info = candidate.stat()
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                found.append((str(candidate), info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(found)


def _touches(found: types.Range, wanted: types.Range) -> bool:
    start = (found.start.line, found.start.character)
    end = (found.end.line, found.end.character)
    return (
        start <= (wanted.end.line, wanted.end.character)
        and (
            wanted.start.line,
            wanted.start.character,
        )
        <= end
    )


def _replace_all(uri: str, old: str, new: str, encoding: str) -> types.WorkspaceEdit:
    """One edit replacing the whole document: simple, and exact whatever the fix did."""
    last = old.rsplit("\n", 1)[-1]
    end = types.Position(
        line=old.count("\n"), character=to_lsp_character(last, len(last) + 1, encoding)
    )
    edit = types.TextEdit(range=types.Range(start=types.Position(0, 0), end=end), new_text=new)
    return types.WorkspaceEdit(changes={uri: [edit]})


def _excluded(settings, file_path: str) -> bool:
    if not settings.exclude:
        return False
    from .files import Selection

    return Selection(exclude=settings.exclude, root=settings.root).excluded(Path(file_path))


def build_server() -> FmlintServer:
    server = FmlintServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FmlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.lint_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: FmlintServer, params: types.DidChangeTextDocumentParams) -> None:
        try:
            ls.lint_later(params.text_document.uri)
        except Exception as error:
            ls.log(f"fmlint: didChange failed: {error!r}")

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: FmlintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.lint_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FmlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        try:
            ls.cancel_pending(uri)
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )
        except Exception as error:
            ls.log(f"fmlint: didClose failed: {error!r}")

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: FmlintServer, params: types.HoverParams) -> types.Hover | None:
        try:
            return ls.hover(params)
        except Exception as error:
            ls.log(f"fmlint: hover failed: {error!r}")
            return None

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll],
            resolve_provider=True,
        ),
    )
    def code_action(ls: FmlintServer, params: types.CodeActionParams):
        try:
            return ls.code_actions(params)
        except Exception as error:
            ls.log(f"fmlint: code action failed: {error!r}")
            return []

    @server.feature(types.CODE_ACTION_RESOLVE)
    def code_action_resolve(ls: FmlintServer, action: types.CodeAction) -> types.CodeAction:
        try:
            return ls.resolve_code_action(action)
        except Exception as error:
            ls.log(f"fmlint: resolving a code action failed: {error!r}")
            return action

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: FmlintServer, params: types.DidChangeWatchedFilesParams):
        try:
            ls.forget_config([to_fs_path(change.uri) or change.uri for change in params.changes])
            for uri in list(ls.workspace.text_documents):
                ls.lint_later(uri)  # a config changed: what it decides may have too
        except Exception as error:
            ls.log(f"fmlint: didChangeWatchedFiles failed: {error!r}")

    return server


# --- transport ---------------------------------------------------------------------------------


class FramedReader:
    """stdin as pygls reads it, with every header block made well-formed first.

    pygls takes a message only after a `Content-Length: N\\r\\n` line exactly; without one (no
    length, a non-numeric one, LF-only lines) it reads the body as headers and loses every message
    after it. This reader parses each header block itself (CRLF or LF lines, names in any case,
    other headers ignored), skips a block without a valid length, and resynchronises on the next
    `Content-Length:` even when it follows the remains of a skipped body on the same line; pygls
    is then handed one canonical header line, a blank line and the body.

    A length over MAX_BODY (64 MB) is refused the same way: the block is skipped with a log line,
    and whatever body follows is read past in bounded lines until the next header, so a huge or
    lying length costs neither a huge allocation nor every message after it.
    """

    _NAME = b"content-length:"
    _LIMIT = 1 << 16  # a header line is short; longer runs are a skipped body, read in chunks
    _CHUNK = 1 << 20
    _DIGITS = 15  # a longer length is no message anyone sends
    MAX_BODY = 64 << 20  # a larger body is refused: its header block is skipped, as a bad one

    def __init__(self, raw):
        self._raw = raw
        self._pending: list[bytes] = []
        self._carry = b""  # the tail of a chunk cut mid-line: a header name may straddle it

    def readline(self) -> bytes:
        if not self._pending:
            length = self._next_length()
            if length is None:
                return b""  # end of input
            self._pending = [b"Content-Length: %d\r\n" % length, b"\r\n"]
        return self._pending.pop(0)

    def read(self, size: int) -> bytes:
        """`size` bytes, or fewer at the end of input; read in chunks, so that a lying length
        costs the bytes that really arrive, not an allocation of that size."""
        chunks = []
        while size > 0:
            chunk = self._raw.read(min(size, self._CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def _line(self) -> bytes:
        line = self._carry + self._raw.readline(self._LIMIT)
        self._carry = b""
        if line and not line.endswith(b"\n") and len(line) >= self._LIMIT:
            keep = len(self._NAME) - 1
            line, self._carry = line[:-keep], line[-keep:]
        return line

    def _next_length(self) -> int | None:
        length, skipped = None, ""  # skipped: why the block read so far carries no message
        while True:
            line = self._line()
            if not line:
                return None
            text = line.rstrip(b"\r\n")
            if not text.strip():
                if length is not None:
                    return length
                if skipped:
                    logger.warning("a message was skipped: %s", skipped)
                    skipped = ""
                continue
            found = text.lower().find(self._NAME)
            if found > 0:  # a header after the remains of a skipped body
                text = text[found:]
            name, _, value = text.partition(b":")
            if name.strip().lower() == b"content-length":
                value = value.strip()
                if value.isdigit() and len(value) <= self._DIGITS:
                    length = int(value)
                    if length <= self.MAX_BODY:
                        continue
                    skipped = f"Content-Length {length} is over the limit of {self.MAX_BODY}"
                else:
                    skipped = f"Content-Length is not a number: {value[:40]!r}"
                length = None
            elif length is None and not skipped:
                skipped = "no Content-Length header"


class _OneLineFormatter(logging.Formatter):
    """A log record on one line: an exception as its type and message, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        error = record.exc_info[1] if record.exc_info else None
        record = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
        text = super().format(record)
        # pygls formats some tracebacks into the message itself ("Unable to deserialize message")
        if "Traceback (most recent call last)" in text:
            text = text.split("\n", 1)[0]
        if error is not None:
            text += f": {error!r}"
        return text.replace("\n", "\\n")


def _log_without_tracebacks() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(_OneLineFormatter("fmlint server: %(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)


def serve() -> None:
    """Run the language server on stdin/stdout until the client says exit (`--stdio`)."""
    import sys

    _log_without_tracebacks()
    build_server().start_io(stdin=FramedReader(sys.stdin.buffer))
