"""`fmlint server` end to end: a real LSP client (pytest-lsp) drives `python -m validator server`.

No fixed sleeps: every wait polls what the client has received, with a generous timeout.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp")
pytest.importorskip("pygls")

from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from validator.codes import all_codes  # noqa: E402
from validator.diagnostic import Diagnostic  # noqa: E402
from validator.reporters.ruledocs import DOCS_SITE, rule_url  # noqa: E402
from validator.server.positions import (  # noqa: E402
    from_lsp_character,
    split_lines,
    to_lsp_range,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "examples" / "valid" / "seed.md").read_text(encoding="utf-8")
TIMEOUT = 15.0  # seconds; a healthy run needs well under one

TITLE_LINE = 'title: "Children making AI-generated child abuse images, says charity"'
EMOJI_TITLE = 'title: "🤖 Children making AI-generated child abuse images, says charity 🚸 "'
PROVIDER = "provider:\n  name: BBC\n  domain: bbc.co.uk"
FLOW_PROVIDER = 'provider: {name: "BBC 📰", domain: bbc.co.uk}'
TYPO_PROVIDER = 'provider: {name: "BBC 📰", domian: bbc.co.uk}'
assert TITLE_LINE in SEED and PROVIDER in SEED

# The seed with an emoji title that ends in a space (FM502, line 3) and a misspelt key after an
# emoji in a flow mapping (FM101, line 15): both ranges move when columns count UTF-16 units.
BAD = SEED.replace(TITLE_LINE, EMOJI_TITLE).replace(PROVIDER, TYPO_PROVIDER)
TITLE_MESSAGE = (
    'title: trailing whitespace (space); write "🤖 Children making AI-generated child abuse '
    'images, says charity 🚸"'
)
TYPO_MESSAGE = "unknown key 'domian' in provider; did you mean 'domain'?"

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "validator", "server"])
CODES = {code.code: code for code in all_codes()}


def _initialize_params(spec: str) -> types.InitializeParams:
    return types.InitializeParams(capabilities=client_capabilities(spec))


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):
    """A VS Code-like client: no position encoding offered, so UTF-16."""
    await lsp_client.initialize_session(_initialize_params("visual-studio-code"))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=SERVER,
    params=[
        ("visual-studio-code", "utf-16"),
        ("neovim@v0.11.0", "utf-8"),  # offers utf-8 first
        ("emacs", "utf-32"),  # offers utf-32 first
    ],
)
async def any_client(lsp_client: LanguageClient, request):
    spec, encoding = request.param
    result = await lsp_client.initialize_session(_initialize_params(spec))
    assert result.capabilities.position_encoding == encoding
    lsp_client.encoding = encoding
    yield
    await lsp_client.shutdown_session()


# --- helpers -----------------------------------------------------------------------------------


async def wait_for_diagnostics(client: LanguageClient, uri: str, predicate=lambda found: True):
    """The diagnostics last published for `uri`, once there are some that satisfy `predicate`."""

    async def poll():
        while True:
            found = client.diagnostics.get(uri)
            if found is not None and predicate(found):
                return list(found)
            await asyncio.sleep(0.01)

    try:
        return await asyncio.wait_for(poll(), TIMEOUT)
    except asyncio.TimeoutError:
        pytest.fail(f"no matching diagnostics for {uri}; last: {client.diagnostics.get(uri)!r}")


def open_document(client: LanguageClient, path: Path, text: str, language: str = "markdown"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=text
            )
        )
    )
    return uri


def change_document(client: LanguageClient, uri: str, version: int, *changes) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=list(changes),
        )
    )


def whole(text: str) -> types.TextDocumentContentChangeWholeDocument:
    return types.TextDocumentContentChangeWholeDocument(text=text)


def rng(line: int, start: int, end_line: int, end: int) -> types.Range:
    return types.Range(
        start=types.Position(line=line, character=start),
        end=types.Position(line=end_line, character=end),
    )


def summary(diagnostics) -> list[tuple]:
    return [
        (
            d.range,
            d.code,
            d.severity,
            d.message,
            d.source,
            d.code_description.href if d.code_description else None,
        )
        for d in diagnostics
    ]


def expected_bad(title_end: int, typo_start: int, typo_end: int) -> list[tuple]:
    return [
        (
            rng(2, 7, 2, title_end),
            "FM502",
            types.DiagnosticSeverity.Warning,
            TITLE_MESSAGE,
            "fmlint",
            "https://fmlint.github.io/fmlint/rules/FM502/",
        ),
        (
            rng(14, typo_start, 14, typo_end),
            "FM101",
            types.DiagnosticSeverity.Error,
            TYPO_MESSAGE,
            "fmlint",
            "https://fmlint.github.io/fmlint/rules/FM101/",
        ),
    ]


# --- end to end --------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_bad_file_then_fixed_clears(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "_news" / "2023-11-27-bad.md", BAD)
    found = await wait_for_diagnostics(client, uri)
    # 75 code points to the end of the title are 77 UTF-16 units (two emoji); the key after
    # one emoji starts at code point 26, unit 27
    assert summary(found) == expected_bad(77, 27, 33)

    # an incremental edit, its range in UTF-16 units: `domian` -> `domain`
    change_document(
        client,
        uri,
        2,
        types.TextDocumentContentChangePartial(range=rng(14, 27, 14, 33), text="domain"),
    )
    found = await wait_for_diagnostics(client, uri, lambda d: len(d) == 1)
    assert [d.code for d in found] == ["FM502"]

    change_document(client, uri, 3, whole(SEED))
    assert await wait_for_diagnostics(client, uri, lambda d: len(d) == 0) == []


@pytest.mark.asyncio
async def test_positions_follow_the_negotiated_encoding(any_client: LanguageClient, tmp_path):
    uri = open_document(any_client, tmp_path / "bad.md", BAD)
    found = await wait_for_diagnostics(any_client, uri)
    ends = {"utf-16": (77, 27, 33), "utf-8": (81, 29, 35), "utf-32": (75, 26, 32)}
    assert summary(found) == expected_bad(*ends[any_client.encoding])


@pytest.mark.asyncio
async def test_latest_text_wins(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "post.md", SEED)
    assert await wait_for_diagnostics(client, uri) == []
    change_document(client, uri, 2, whole(BAD))
    change_document(client, uri, 3, whole(SEED))
    change_document(client, uri, 4, whole(SEED.replace("heat: 67", "heat: cold")))
    found = await wait_for_diagnostics(client, uri, lambda d: len(d) > 0)
    assert [(d.code, d.range.start.line) for d in found] == [("FM103", 11)]


@pytest.mark.asyncio
async def test_without_front_matter_publishes_an_empty_list(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "README.md", "# Notes\n\nNo front matter here.\n")
    assert await wait_for_diagnostics(client, uri) == []


@pytest.mark.asyncio
async def test_save_lints_and_close_clears(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "bad.md", BAD)
    assert len(await wait_for_diagnostics(client, uri)) == 2

    del client.diagnostics[uri]
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert len(await wait_for_diagnostics(client, uri)) == 2

    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await wait_for_diagnostics(client, uri, lambda d: len(d) == 0) == []


@pytest.mark.asyncio
async def test_configuration_nearest_the_document(client: LanguageClient, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / ".fmlint.toml").write_text('ignore = ["FM502"]\n', encoding="utf-8")
    inside = open_document(client, site / "_news" / "bad.md", BAD)
    outside = open_document(client, tmp_path / "elsewhere" / "bad.md", BAD)
    assert [d.code for d in await wait_for_diagnostics(client, inside)] == ["FM101"]
    assert [d.code for d in await wait_for_diagnostics(client, outside)] == ["FM502", "FM101"]


@pytest.mark.asyncio
async def test_excluded_documents_get_no_diagnostics(client: LanguageClient, tmp_path):
    (tmp_path / ".fmlint.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    draft = open_document(client, tmp_path / "drafts" / "bad.md", BAD)
    post = open_document(client, tmp_path / "_news" / "bad.md", BAD)
    assert len(await wait_for_diagnostics(client, post)) == 2
    assert await wait_for_diagnostics(client, draft) == []


@pytest.mark.asyncio
async def test_bad_configuration_is_shown_not_fatal(client: LanguageClient, tmp_path):
    (tmp_path / ".fmlint.toml").write_text('selekt = ["FM"]\n', encoding="utf-8")
    uri = open_document(client, tmp_path / "bad.md", BAD)
    assert await wait_for_diagnostics(client, uri) == []
    assert any("unknown key 'selekt'" in m.message for m in client.messages)

    # the server is still there: fix the config, and the next change lints again
    (tmp_path / ".fmlint.toml").write_text('select = ["FM1"]\n', encoding="utf-8")
    change_document(client, uri, 2, whole(BAD))
    found = await wait_for_diagnostics(client, uri, lambda d: len(d) > 0)
    assert [d.code for d in found] == ["FM101"]


async def hover(client: LanguageClient, uri: str, line: int, character: int):
    return await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        ),
        TIMEOUT,
    )


@pytest.mark.asyncio
async def test_hover_on_a_key_shows_its_schema_description(client: LanguageClient, tmp_path):
    text = SEED.replace(PROVIDER, FLOW_PROVIDER)
    uri = open_document(client, tmp_path / "post.md", text)
    lines = text.split("\n")

    result = await hover(client, uri, 2, 2)  # on `title`
    assert result is not None
    assert result.contents.kind == types.MarkupKind.Markdown
    assert result.contents.value.startswith(
        "**Title**\n\nHeadline of the article or video as the source published it; required."
    )
    assert "Examples: `Introducing inline actions`" in result.contents.value
    assert result.range == rng(2, 0, 2, 5)

    # `domain` after an emoji: the cursor is in UTF-16 units; `$ref` into `$defs/provider`
    line = lines.index(FLOW_PROVIDER)
    result = await hover(client, uri, line, 28)
    assert result is not None
    assert result.contents.value.startswith("**Domain**\n\nRegistered domain of the publisher")
    assert result.range == rng(line, 27, line, 33)

    # a key inside a list item: images[0].width
    line = lines.index("    width: 1024")
    result = await hover(client, uri, line, 6)
    assert result is not None
    assert result.contents.value.startswith("**Width**\n\nWidth of the picture in pixels")

    assert await hover(client, uri, 2, 20) is None  # on the value, not the key
    body = open_document(client, tmp_path / "plain.md", "# no front matter\n")
    assert await hover(client, body, 0, 2) is None


@pytest.mark.asyncio
async def test_hover_asks_the_schema_the_check_uses(client: LanguageClient, tmp_path):
    # no configuration: a page is no article record, so no schema describes its keys (the check
    # gives it the generic checks only), however its path looks
    page = "---\ntitle: About us\nlayout: page\n---\nWho we are.\n"
    uri = open_document(client, tmp_path / "_news" / "about.md", page)
    assert await wait_for_diagnostics(client, uri) == []
    assert await hover(client, uri, 1, 2) is None  # on `title`
    # the same folder, an article record: the article schema describes `title`
    article = open_document(client, tmp_path / "_news" / "post.md", SEED)
    result = await hover(client, article, 2, 2)
    assert result is not None and result.contents.value.startswith("**Title**")


# --- units -------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_code_actions_offer_the_cli_fixes(client: LanguageClient, tmp_path):
    text = SEED.replace("  - AI\n", "  - AI\n  - AI\n").replace(
        "2023-11-27T16:07:00Z", "2023-11-27 16:07:00Z", 1
    )
    uri = open_document(client, tmp_path / "fixable.md", text)
    found = await wait_for_diagnostics(client, uri)
    topic = next(d for d in found if d.code == "FM503")
    actions = await actions_for(client, uri, topic)
    titles = [action.title for action in actions]
    assert titles == ['Fix FM503: remove the repeated topic "AI"', "Fix all in file (2 fixes)"]
    quick, fix_all = actions
    assert quick.kind == types.CodeActionKind.QuickFix
    assert fix_all.kind == types.CodeActionKind.SourceFixAll
    (edit,) = quick.edit.changes[uri]
    assert edit.new_text == text.replace("  - AI\n  - AI\n", "  - AI\n")
    assert edit.range == rng(0, 0, text.count("\n"), 0)
    assert fix_all.edit is None  # worked out only when the client resolves it
    fix_all = await client.code_action_resolve_async(fix_all)
    assert fix_all.title == "Fix all in file (2 fixes)"
    (edit,) = fix_all.edit.changes[uri]
    assert edit.new_text == SEED
    assert edit.range == rng(0, 0, text.count("\n"), 0)


@pytest.mark.asyncio
async def test_a_misspelt_key_offers_its_rename_as_an_unsafe_quick_fix(client, tmp_path):
    text = SEED.replace("\ntitle:", "\ntittle:", 1)
    uri = open_document(client, tmp_path / "typo.md", text)
    (typo,) = await wait_for_diagnostics(client, uri)
    assert (typo.code, typo.range) == ("FM101", rng(2, 0, 2, 6))
    (quick,) = await actions_for(client, uri, typo)  # no "Fix all": it takes safe fixes only
    assert quick.title == "Fix FM101 (unsafe): rename 'tittle' to 'title'"
    assert quick.kind == types.CodeActionKind.QuickFix
    assert not quick.is_preferred  # never applied unasked
    (edit,) = quick.edit.changes[uri]
    assert edit.new_text == SEED
    assert edit.range == rng(0, 0, text.count("\n"), 0)


@pytest.mark.asyncio
async def test_fix_all_leaves_the_unsafe_rename_out(client: LanguageClient, tmp_path):
    text = FIXABLE.replace("\ntitle:", "\ntittle:", 1)  # + a repeated topic, a date's space
    uri = open_document(client, tmp_path / "typo.md", text)
    found = await wait_for_diagnostics(client, uri)
    typo = next(d for d in found if d.code == "FM101")
    titles = [action.title for action in await actions_for(client, uri, typo)]
    assert titles == [
        "Fix FM101 (unsafe): rename 'tittle' to 'title'",
        "Fix all in file (2 fixes)",
    ]
    fix_all = (await actions_for(client, uri, typo))[-1]
    resolved = await client.code_action_resolve_async(fix_all)
    assert resolved.edit.changes[uri][0].new_text == SEED.replace("\ntitle:", "\ntittle:", 1)


@pytest.mark.asyncio
async def test_the_rename_is_written_in_toml_and_json(client: LanguageClient, tmp_path):
    (tmp_path / "page.schema.json").write_text(
        '{"type": "object", "additionalProperties": false, '
        '"properties": {"title": {"type": "string"}, "date": {}}}',
        encoding="utf-8",
    )
    (tmp_path / ".fmlint.toml").write_text('schema = "page.schema.json"\n', encoding="utf-8")
    cases = {
        "toml.md": ('+++\ntittle = "Hi"\ndate = 2024-01-02\n+++\n', 'title = "Hi"'),
        "json.md": ('{\n  "tittle": "Hi",\n  "date": "2024"\n}\nbody\n', '"title": "Hi"'),
    }
    for name, (text, renamed) in cases.items():
        uri = open_document(client, tmp_path / name, text)
        (typo,) = await wait_for_diagnostics(client, uri)
        assert typo.code == "FM101"
        (quick,) = await actions_for(client, uri, typo)
        (edit,) = quick.edit.changes[uri]
        assert edit.new_text == text.replace(renamed.replace("title", "tittle"), renamed)


# --- what a request costs: counted inside the server (tests/lsp_probe.py) ----------------------

PROBE = ClientServerConfig(
    server_command=[sys.executable, str(Path(__file__).resolve().parent / "lsp_probe.py")]
)
FIXABLE = SEED.replace("  - AI\n", "  - AI\n  - AI\n").replace(
    "2023-11-27T16:07:00Z", "2023-11-27 16:07:00Z", 1
)


@pytest_lsp.fixture(config=PROBE, params=["visual-studio-code", "emacs"])
async def probed(lsp_client: LanguageClient, request):
    """VS Code keeps `data` and resolves edits; this Emacs keeps neither (the fallbacks)."""
    await lsp_client.initialize_session(_initialize_params(request.param))
    lsp_client.spec = request.param
    yield
    await lsp_client.shutdown_session()


async def counts(client: LanguageClient) -> dict:
    """The server's counters; everything it did before this request is counted (in order)."""
    found = await asyncio.wait_for(client.protocol.send_request_async("fmlint/counts", {}), TIMEOUT)
    if isinstance(found, dict):
        return found
    return {key: getattr(found, key) for key in ("lints", "fixes", "configReads")}


async def relint(client: LanguageClient, uri: str, version: int, text: str):
    del client.diagnostics[uri]
    change_document(client, uri, version, whole(text))
    return await wait_for_diagnostics(client, uri)


def action_request(uri: str, diagnostic, **context) -> types.CodeActionParams:
    return types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic], **context),
    )


@pytest.mark.asyncio
async def test_a_code_action_request_does_not_lint_again(probed: LanguageClient, tmp_path):
    client = probed
    uri = open_document(client, tmp_path / "fixable.md", FIXABLE)
    found = await wait_for_diagnostics(client, uri)
    topic = next(d for d in found if d.code == "FM503")
    before = await counts(client)
    assert before["lints"] == 1  # the open

    for _ in range(3):  # an editor asks on every cursor move
        actions = await client.text_document_code_action_async(action_request(uri, topic))
        assert actions[0].title == 'Fix FM503: remove the repeated topic "AI"'
        (edit,) = actions[0].edit.changes[uri]
        assert edit.new_text == FIXABLE.replace("  - AI\n  - AI\n", "  - AI\n")
    after = await counts(client)
    assert after == before  # no lint, no fix pass: the fix came with its diagnostic

    if client.spec == "visual-studio-code":  # "Fix all" runs the passes once it is resolved
        fix_all = actions[-1]
        assert fix_all.edit is None
        resolved = await client.code_action_resolve_async(fix_all)
        assert resolved.edit.changes[uri][0].new_text == SEED
        assert (await counts(client))["lints"] > after["lints"]
    else:  # no resolve: computed for an invoked request only, never on an automatic one
        automatic = action_request(uri, topic, trigger_kind=types.CodeActionTriggerKind.Automatic)
        titles = [a.title for a in await client.text_document_code_action_async(automatic)]
        assert titles == ['Fix FM503: remove the repeated topic "AI"']
        assert await counts(client) == after
        invoked = action_request(uri, topic, trigger_kind=types.CodeActionTriggerKind.Invoked)
        actions = await client.text_document_code_action_async(invoked)
        assert actions[-1].title == "Fix all in file (2 fixes)"
        assert actions[-1].edit.changes[uri][0].new_text == SEED


@pytest.mark.asyncio
async def test_an_edited_document_offers_no_stale_fix(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "fixable.md", FIXABLE)
    topic = next(d for d in await wait_for_diagnostics(client, uri) if d.code == "FM503")
    change_document(client, uri, 2, whole(FIXABLE + "more body\n"))
    # the fix `topic` carries was made for version 1: replacing version 2 with it would lose
    # the edit, so it is not offered (whether or not version 2 has been linted yet)
    actions = await client.text_document_code_action_async(action_request(uri, topic))
    assert [a for a in actions if a.kind == types.CodeActionKind.QuickFix] == []


@pytest.mark.asyncio
async def test_the_config_is_read_again_only_when_it_changes(probed: LanguageClient, tmp_path):
    client = probed
    config_file = tmp_path / ".fmlint.toml"
    config_file.write_text('ignore = ["FM502"]\n', encoding="utf-8")
    uri = open_document(client, tmp_path / "_news" / "bad.md", BAD)
    assert [d.code for d in await wait_for_diagnostics(client, uri)] == ["FM101"]
    read = (await counts(client))["configReads"]
    assert read > 0

    for version in (2, 3, 4):  # typing: every lint, but the same config
        assert [d.code for d in await relint(client, uri, version, BAD)] == ["FM101"]
    assert (await counts(client))["configReads"] == read

    config_file.write_text('ignore = ["FM101", "FM502"]\n', encoding="utf-8")  # size changes
    assert await relint(client, uri, 5, BAD) == []
    again = (await counts(client))["configReads"]
    assert again > read
    assert await relint(client, uri, 6, BAD) == []
    assert (await counts(client))["configReads"] == again

    # same size, same mtime, same inode: only the client's notification can tell
    info = config_file.stat()
    config_file.write_text('ignore = ["FM103", "FM502"]\n', encoding="utf-8")
    os.utime(config_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert await relint(client, uri, 7, BAD) == []  # not noticed, not read
    assert (await counts(client))["configReads"] == again
    del client.diagnostics[uri]
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config_file.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    assert [d.code for d in await wait_for_diagnostics(client, uri)] == ["FM101"]
    assert (await counts(client))["configReads"] > again


def test_to_lsp_range_counts_utf16_units_after_an_emoji():
    lines = split_lines('---\ntitle: "😀 x" \r\n---\n')
    assert lines[1] == 'title: "😀 x" '
    # `x` is 1-based column 11 (10 code points before it): 😀 takes two UTF-16 units
    d = Diagnostic("a.md", 2, 11, 2, 12, "FM999", "error", "m")
    assert to_lsp_range(lines, d) == rng(1, 11, 1, 12)
    assert to_lsp_range(lines, d, "utf-8") == rng(1, 13, 1, 14)
    assert to_lsp_range(lines, d, "utf-32") == rng(1, 10, 1, 11)
    # a span before the emoji is unchanged; one past the end of the line is clamped
    assert to_lsp_range(lines, Diagnostic("a.md", 2, 1, 2, 6, "X", "error", "m")) == rng(1, 0, 1, 5)
    assert to_lsp_range(lines, Diagnostic("a.md", 2, 1, 2, 99, "X", "error", "m")) == rng(
        1, 0, 1, 14
    )
    # a BMP character that is not ASCII is one unit
    assert to_lsp_range(["é😀x"], Diagnostic("a", 1, 3, 1, 4, "X", "error", "m")) == rng(0, 3, 0, 4)


def test_from_lsp_character_inverts_it():
    line = 'name: "📰 BBC"'
    assert from_lsp_character(line, 7) == 7  # on the emoji
    assert from_lsp_character(line, 8) == 7  # between its two surrogates: still the emoji
    assert from_lsp_character(line, 9) == 8  # the space after it
    assert from_lsp_character(line, 10, "utf-8") == 7
    assert from_lsp_character(line, 11, "utf-8") == 8
    assert from_lsp_character(line, 500) == len(line)


def test_rule_links_are_the_rule_pages_of_the_documentation_site():
    from validator.server.diagnostics import rule_links

    links = rule_links()
    assert links == {code: rule_url(CODES[code]) for code in CODES}  # the reporters' own address
    assert links["FM203"] == f"{DOCS_SITE}rules/FM203/"
    assert all(href.startswith("https://") and "#" not in href for href in links.values())


@pytest.mark.asyncio
async def test_fix_all_of_one_fix_says_one_fix(client: LanguageClient, tmp_path):
    text = SEED.replace("  - AI\n", "  - AI\n  - AI\n")
    uri = open_document(client, tmp_path / "one-fix.md", text)
    found = await wait_for_diagnostics(client, uri)
    topic = next(d for d in found if d.code == "FM503")
    actions = await actions_for(client, uri, topic)
    assert [action.title for action in actions][-1] == "Fix all in file (1 fix)"
    resolved = await client.code_action_resolve_async(actions[-1])
    assert resolved.title == "Fix all in file (1 fix)"


async def actions_for(client: LanguageClient, uri: str, diagnostic) -> list:
    """The code actions the server offers for one of its diagnostics."""
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
