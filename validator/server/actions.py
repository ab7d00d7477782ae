"""Code actions for the language server: `--fix` in the editor.

"Fix FMxxx: ..." per fixable finding, and "Fix all in file". A quick fix costs nothing: it is the
one its diagnostic carries (`data`, made when the document was linted, `server_diagnostics`), for
the version of the text it was made for. An unsafe fix is a quick fix too ("Fix FM101 (unsafe):
rename 'tittle' to 'title'"), never the preferred one, and "Fix all in file" leaves it out, as
`--fix` does without `--unsafe-fixes`. "Fix all in file" runs the fix passes only when asked:
when the client resolves the action (`codeAction/resolve`), or, for a client that cannot, when
the request asks for `source.fixAll` or was invoked.
"""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types
from pygls.workspace import TextDocument

from .diagnostics import carried_fix
from .positions import end_of, touches

# (text) -> (fixed text, the fixes applied, ...): every safe fix, pass by pass, as `--fix`
FixText = Callable[[str], tuple]


def code_actions(
    params: types.CodeActionParams,
    document: TextDocument,
    published: tuple[int | None, list[types.Diagnostic]],
    capabilities: types.CodeActionClientCapabilities | None,
    encoding: str,
    fix_text: FixText,
) -> list[types.CodeAction]:
    """The actions for `params` on `document`, whose last lint published `published`
    (its version, its diagnostics). `capabilities`: what the client says of code actions."""
    uri = document.uri
    text, version = document.source, document.version
    published_version, diagnostics = published
    if published_version != version:
        return []  # edited since the last lint: the fixes it made no longer apply
    actions = []
    if _keeps_data(capabilities):
        candidates = params.context.diagnostics
    else:  # the client drops `data`: take the fixes from what was published
        candidates = [d for d in diagnostics if touches(d.range, params.range)]
    kinds = params.context.only
    if kinds is None or any(_kind_covers(kind, types.CodeActionKind.QuickFix) for kind in kinds):
        for diagnostic in candidates:
            data = carried_fix(diagnostic, version)
            if data is None:
                continue
            actions.append(
                types.CodeAction(
                    title=data["title"],
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=data.get("safe") is True,  # what an editor's "Auto Fix" applies
                    edit=_replace_all(uri, text, data["newText"], encoding),
                )
            )
    fixable = sum(1 for d in diagnostics if (carried_fix(d, version) or {}).get("safe") is True)
    wants_fix_all = kinds is None or any(
        _kind_covers(kind, types.CodeActionKind.SourceFixAll) for kind in kinds
    )
    if fixable and wants_fix_all:
        action = types.CodeAction(
            title=f"Fix all in file ({_fixes(fixable)})",
            kind=types.CodeActionKind.SourceFixAll,
            data={"uri": uri, "version": version, "fixAll": True},
        )
        if _resolves_edits(capabilities):
            actions.append(action)  # the edit is worked out in `resolve_fix_all`
        elif kinds is not None or (
            params.context.trigger_kind == types.CodeActionTriggerKind.Invoked
        ):
            resolved = resolve_fix_all(action, document, encoding, fix_text)
            if resolved.edit is not None:
                actions.append(resolved)
    return actions


def fix_all_uri(action: types.CodeAction) -> str | None:
    """The document a "Fix all in file" action is for; None for any other action."""
    data = action.data if isinstance(action.data, dict) else {}
    return data.get("uri") if data.get("fixAll") else None


def resolve_fix_all(
    action: types.CodeAction, document: TextDocument, encoding: str, fix_text: FixText
) -> types.CodeAction:
    """Fill in "Fix all in file": every safe fix, pass by pass, as `fmlint check --fix`."""
    if document.version != action.data.get("version"):
        return action  # edited meanwhile: no edit rather than one for another text
    text = document.source
    fixed, applied, _ = fix_text(text)
    if applied:
        action.title = f"Fix all in file ({_fixes(len(applied))})"
        action.edit = _replace_all(document.uri, text, fixed, encoding)
    return action


def _keeps_data(capabilities: types.CodeActionClientCapabilities | None) -> bool:
    """The client sends a diagnostic's `data` back with a code-action request (LSP 3.16)."""
    return bool(capabilities and capabilities.data_support)


def _resolves_edits(capabilities: types.CodeActionClientCapabilities | None) -> bool:
    support = capabilities.resolve_support if capabilities else None
    return bool(support and "edit" in support.properties)


def _kind_covers(asked: str, kind: str) -> bool:
    """`source` asks for `source.fixAll`; `quickfix` for `quickfix`; kinds are dot-separated."""
    return kind == asked or kind.startswith(f"{asked}.")


def _replace_all(uri: str, old: str, new: str, encoding: str) -> types.WorkspaceEdit:
    """One edit replacing the whole document: simple, and exact whatever the fix did."""
    start = types.Position(line=0, character=0)
    edit = types.TextEdit(range=types.Range(start=start, end=end_of(old, encoding)), new_text=new)
    return types.WorkspaceEdit(changes={uri: [edit]})


def _fixes(count: int) -> str:
    return f"{count} fix" if count == 1 else f"{count} fixes"
