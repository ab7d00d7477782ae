"""`fmlint server`: a Language Server (pygls) on stdio for editors.

Diagnostics are the CLI's own (codes, severities, messages, configuration), published when a
document opens, when it is saved, and ~300 ms after the last change; documents without front
matter get an empty list. Hover on a front-matter key shows the schema's title, description and
examples for that field.

Costs: a lint makes each fix once (safe or unsafe) and publishes it in its diagnostic's `data`
(as ruff-lsp does), so a code-action request only reads it back; "Fix all in file" runs the fix
passes when the client resolves that action. Configuration files are stat'ed before a lint and
read only when they change (or the client reports a change with
`workspace/didChangeWatchedFiles`).

This module is the wiring: the server, its handlers, and when it lints. The work is done beside it:
- `positions`: LSP positions (UTF-16 by default) <-> fmlint's lines and code-point columns;
- `diagnostics`: findings as LSP diagnostics, linked to their rule pages, each fix carried in
  its `data`;
- `config`: the Linter for each file's configuration, re-read only when it changes;
- `hover`: the schema part for a document path, and its description;
- `actions`: quick fixes and "Fix all in file";
- `transport`: stdio that survives malformed messages, and the lint's time budget.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__, config
from ..source import frontmatter
from . import actions as server_actions
from . import diagnostics as server_diagnostics
from . import hover as server_hover
from . import transport as server_transport
from .config import Linters, excluded
from .positions import UTF8, UTF16, UTF32

DEBOUNCE_SECONDS = 0.3
LINT_BUDGET_SECONDS = 5.0  # a lint that takes longer is reported as such; the server goes on

logger = logging.getLogger(__name__)


class FmlintServer(LanguageServer):
    """Lints open documents as `fmlint check` would, with the configuration nearest each file."""

    def __init__(self) -> None:
        super().__init__(
            "fmlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=server_transport.FmlintProtocol,
        )
        self.pending: dict[str, asyncio.Task] = {}
        self.linters = Linters()
        # uri -> (version, the diagnostics published for it, each fixable one with its fix)
        self.published: dict[str, tuple[int | None, list[types.Diagnostic]]] = {}
        self.reported: set[str] = set()
        self._links: dict[str, str] | None = None

    # -- helpers

    @property
    def links(self) -> dict[str, str]:
        if self._links is None:
            self._links = server_diagnostics.rule_links()
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

    # -- linting

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
        """`_diagnostics` with LINT_BUDGET_SECONDS to finish: one document that is slow to lint
        gets one diagnostic saying so, and the server goes on serving (each later lint of the
        document gets a budget of its own)."""
        finished, diagnostics = server_transport.within(
            LINT_BUDGET_SECONDS, lambda: self._diagnostics(uri, text, version)
        )
        if not finished:
            self.log(f"fmlint: linting {uri} took over {LINT_BUDGET_SECONDS:g} s; gave up")
            return [server_diagnostics.too_long()]
        return diagnostics

    def _diagnostics(self, uri: str, text: str, version: int | None) -> list[types.Diagnostic]:
        # here, not at the top: the schema loader loads with the engine, on the first lint
        from ..schema.load import SchemaError

        file_path = to_fs_path(uri)
        try:
            linter = self.linters.for_file(file_path)
        except (config.ConfigError, SchemaError, OSError) as error:
            self.tell_once(f"fmlint: {error}")
            return []
        if file_path and excluded(linter.settings, file_path):
            return []  # `exclude` in the configuration: as a walk of the folder would skip it
        return server_diagnostics.lint(
            linter, text, file_path or uri, version, lambda: self.links, self.encoding
        )

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

    # -- requests

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        if uri not in self.workspace.text_documents:
            return None
        text = self.workspace.get_text_document(uri).source
        return server_hover.hover(
            text, params.position, self.encoding, lambda: self._schema(uri, text)
        )

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        if uri not in self.workspace.text_documents:
            return []
        return server_actions.code_actions(
            params,
            self.workspace.get_text_document(uri),
            self.published.get(uri, (None, [])),
            self._code_action_capabilities,
            self.encoding,
            self._fixer(uri),
        )

    def resolve_code_action(self, action: types.CodeAction) -> types.CodeAction:
        uri = server_actions.fix_all_uri(action)
        if uri not in self.workspace.text_documents:
            return action
        document = self.workspace.get_text_document(uri)
        return server_actions.resolve_fix_all(action, document, self.encoding, self._fixer(uri))

    def _schema(self, uri: str, text: str) -> dict | None:
        """The schema the document at `uri` is checked against (None: a file in no collection),
        decided as its lint decides it: by its path and, without collections, by its `text`."""
        file_path = to_fs_path(uri)
        return self.linters.for_file(file_path).schema_for(file_path or uri, text)

    def _fixer(self, uri: str) -> server_actions.FixText:
        """`--fix` on a text of the document at `uri`, with its configuration."""

        def fix_text(text: str) -> tuple:
            file_path = to_fs_path(uri)
            return self.linters.for_file(file_path).fix_text(text, file_path or uri)

        return fix_text

    @property
    def _code_action_capabilities(self) -> types.CodeActionClientCapabilities | None:
        capabilities = getattr(self, "client_capabilities", None)
        text_document = capabilities.text_document if capabilities else None
        return text_document.code_action if text_document else None


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
            ls.linters.forget([to_fs_path(change.uri) or change.uri for change in params.changes])
            for uri in list(ls.workspace.text_documents):
                ls.lint_later(uri)  # a config changed: what it decides may have too
        except Exception as error:
            ls.log(f"fmlint: didChangeWatchedFiles failed: {error!r}")

    return server


def serve() -> None:
    """Run the language server on stdin/stdout until the client says exit (`--stdio`)."""
    server_transport.log_without_tracebacks()
    build_server().start_io(stdin=server_transport.FramedReader(sys.stdin.buffer))
