"""Where a user schema comes from: YAML files, sibling `$ref`s, and URLs fetched only when asked.

Remote schemas are served by a real HTTP server on 127.0.0.1 that counts its requests, so the
tests see that nothing is fetched without `--schema-fetch`, and that a second run reads fmlint's
download cache instead of the network.
"""

from __future__ import annotations

import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

RECORD_OK = "---\ntitle: abc\npublished: 2024-01-31\n---\n"
RECORD_BAD = "---\ntitle: too long\npublished: 2024-02-30\n---\n"


@pytest.fixture
def server(tmp_path):
    """(base URL, the paths requested, the folder served) for a server on 127.0.0.1, stopped
    at the end of the test."""
    root = tmp_path / "served"
    root.mkdir()
    requests: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self):
            requests.append(self.path)
            super().do_GET()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests, root
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def site(tmp_path, monkeypatch):
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("FMLINT_SCHEMA_CACHE", str(tmp_path / "schema-cache"))
    # the server is on 127.0.0.1, which a download reaches only when allowed (the next test)
    monkeypatch.setenv("FMLINT_ALLOW_PRIVATE_HOSTS", "1")
    return folder


def test_a_schema_download_never_reaches_a_private_address_unless_allowed(
    run, site, server, monkeypatch
):
    base, requests, root = server
    _serve_title(root)
    schema = {"properties": {"title": {"$ref": f"{base}/title.json"}}}
    (site / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    _write(site, RECORD_BAD)
    monkeypatch.delenv("FMLINT_ALLOW_PRIVATE_HOSTS")
    result = _lint(run, "--schema", "s.json", "--schema-fetch")
    assert result.exit_code == 2
    assert (
        f"cannot download {base}/title.json: 127.0.0.1 is 127.0.0.1 (a loopback address), "
        "which fmlint does not connect to (--allow-private-hosts allows it)"
    ) in result.stderr
    assert requests == []
    allowed = _lint(run, "--schema", "s.json", "--schema-fetch", "--allow-private-hosts")
    assert allowed.exit_code == 1, allowed.stderr
    assert requests == ["/title.json"]


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/title.json", "file:///etc/passwd"])
def test_a_schema_download_follows_no_redirect_out_of_http(run, site, tmp_path, target):
    """urllib's default opener follows a redirect to ftp: (no address guard there) or reads
    file:; fmlint's speaks http and https only."""
    import http.server

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/s.json"
        result = _lint(run, "--schema", url, "--schema-fetch")
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
    assert result.exit_code == 2
    assert f"cannot download {url}: " in result.stderr
    assert "root:" not in result.stderr


def _write(folder: Path, record: str) -> None:
    (folder / "a.md").write_text(record, encoding="utf-8")


def _lint(run, *args: str):
    return run("check", "--isolated", "--no-cache", "-j", "1", "--select", "FM1", *args, "a.md")


def _serve_title(root: Path) -> None:
    (root / "title.json").write_text('{"type": "string", "maxLength": 3}', encoding="utf-8")


def test_a_remote_ref_is_a_config_error_without_the_option(run, site, server):
    base, requests, root = server
    _serve_title(root)
    schema = {"properties": {"title": {"$ref": f"{base}/title.json"}}}
    (site / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    _write(site, RECORD_BAD)
    result = _lint(run, "--schema", "s.json")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(
        f"s.json: $ref '{base}/title.json' names the remote schema {base}/title.json: "
        "pass --schema-fetch (or set schema-fetch = true) to let fmlint download it"
    )
    assert requests == []


def test_a_remote_ref_is_fetched_once_with_the_option_then_cached(run, site, server):
    base, requests, root = server
    _serve_title(root)
    schema = {"properties": {"title": {"$ref": f"{base}/title.json"}}}
    (site / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    _write(site, RECORD_BAD)
    result = _lint(run, "--schema", "s.json", "--schema-fetch")
    assert result.exit_code == 1
    assert "a.md:2:8: FM107 title: is longer than 3 characters" in result.stdout
    assert requests == ["/title.json"]
    _write(site, RECORD_OK)
    assert _lint(run, "--schema", "s.json", "--schema-fetch").exit_code == 0
    assert requests == ["/title.json"]  # the second run read the cache


def test_a_schema_given_by_url_needs_the_option(run, site, server):
    base, requests, root = server
    _serve_title(root)
    (root / "main.json").write_text(
        '{"properties": {"title": {"$ref": "title.json"}}}', encoding="utf-8"
    )
    _write(site, RECORD_BAD)
    result = _lint(run, "--schema", f"{base}/main.json")
    assert result.exit_code == 2
    assert f"the schema {base}/main.json is remote: pass --schema-fetch" in result.stderr
    assert requests == []
    (site / ".fmlint.toml").write_text(
        f'schema = "{base}/main.json"\nschema-fetch = true\n', encoding="utf-8"
    )
    result = run("check", "--no-cache", "-j", "1", "--select", "FM1", "a.md")
    assert result.exit_code == 1
    assert "FM107 title: is longer than 3 characters" in result.stdout
    assert sorted(requests) == ["/main.json", "/title.json"]


def test_a_server_error_is_one_line_and_exit_2(run, site, server):
    base, _requests, _root = server
    schema = {"properties": {"title": {"$ref": f"{base}/missing.json"}}}
    (site / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    _write(site, RECORD_OK)
    result = _lint(run, "--schema", "s.json", "--schema-fetch")
    assert result.exit_code == 2
    assert f"cannot download {base}/missing.json: HTTP 404" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_a_yaml_schema_with_a_yaml_sibling(run, site):
    (site / "schemas").mkdir()
    (site / "schemas" / "article.yaml").write_text(
        "properties:\n  title: {$ref: 'parts.yml#/$defs/title'}\n  published: {format: date}\n",
        encoding="utf-8",
    )
    (site / "schemas" / "parts.yml").write_text(
        "$defs:\n  title:\n    type: string\n    maxLength: 3\n", encoding="utf-8"
    )
    _write(site, RECORD_BAD)
    result = _lint(run, "--schema", "schemas/article.yaml", "--output-format", "concise")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "a.md:2:8: FM107 title: is longer than 3 characters",
        'a.md:3:12: FM105 published: "2024-02-30" is not a valid date',
    ]


def test_a_yaml_schema_that_does_not_parse_is_exit_2(run, site):
    (site / "s.yaml").write_text("properties: {title: [}\n", encoding="utf-8")
    _write(site, RECORD_OK)
    result = _lint(run, "--schema", "s.yaml")
    assert result.exit_code == 2
    assert "s.yaml: the schema is not valid YAML (line 1)" in result.stderr


def test_format_as_annotation_by_flag_and_by_config(run, site):
    (site / "s.json").write_text('{"properties": {"published": {"format": "date"}}}', "utf-8")
    _write(site, "---\npublished: 2024-02-30\n---\n")
    assert _lint(run, "--schema", "s.json").exit_code == 1
    assert _lint(run, "--schema", "s.json", "--schema-format", "annotation").exit_code == 0
    (site / ".fmlint.toml").write_text(
        'schema = "s.json"\nschema-format = "annotation"\n', encoding="utf-8"
    )
    # no FM105; the date rule still reads `format` for what the value is: a day that does not
    # exist is its finding, left to FM105 only where `format` is asserted
    result = run("check", "--no-cache", "-j", "1", "--output-format", "concise", "a.md")
    assert result.stdout == (
        'a.md:2:12: FM304 published: "2024-02-30" is no real date: February 2024 has 29 days\n'
    )
    shown = run("config").stdout
    assert 'schema-format = "annotation"  # ' in shown
    assert "schema-fetch = false  # default" in shown


def test_a_bad_schema_format_value_is_a_config_error(run, site):
    (site / ".fmlint.toml").write_text('schema-format = "strict"\n', encoding="utf-8")
    result = run("config")
    assert result.exit_code == 2
    assert "'schema-format' must be \"assert\" or \"annotation\", not 'strict'" in result.stderr


def test_an_ecma_pattern_and_a_catastrophic_one(run, site):
    schema = {"properties": {"title": {"type": "string", "pattern": "^\\p{Lu}\\p{Ll}+$"}}}
    (site / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    _write(site, "---\ntitle: Émile\n---\n")
    assert _lint(run, "--schema", "s.json").exit_code == 0
    _write(site, "---\ntitle: émile\n---\n")
    assert _lint(run, "--schema", "s.json").exit_code == 1
    schema["properties"]["title"]["pattern"] = "^(\\p{L}+)+$"  # nested: matched by RE2
    (site / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    assert _lint(run, "--schema", "s.json").exit_code == 0
    _write(site, "---\ntitle: " + "é" * 5000 + "1\n---\n")
    assert _lint(run, "--schema", "s.json").exit_code == 1


def test_yaml_numbers_as_the_core_schema_reads_them(run, site):
    schema = {
        "properties": {
            "limit": {"type": "number", "minimum": 0},
            "mask": {"type": "integer", "maximum": 31},
            "count": {"type": "integer"},
        }
    }
    (site / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    _write(site, "---\nlimit: .inf\nmask: 0x1F\ncount: 0o17\n---\n")
    assert _lint(run, "--schema", "s.json").exit_code == 0
    _write(site, "---\nlimit: -.inf\nmask: 0x20\ncount: 1_000\n---\n")
    result = _lint(run, "--schema", "s.json", "--output-format", "concise")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        "a.md:2:8: FM106 limit: -Infinity must be at least 0",
        "a.md:3:7: FM106 mask: 32 must be at most 31",
        'a.md:4:8: FM103 count: expected an integer, got string "1_000" (YAML 1.2 reads 1_000 as '
        "text: write 1000)",
    ]


def test_yaml_1_1_numbers_say_how_yaml_1_2_writes_them(run, site):
    schema = {"additionalProperties": {"type": "number"}}
    (site / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    _write(site, "---\nmask: 0xdead_beef\nbits: 0b1101_0110\nsign: -0b11\nn_a: n_a_n\n---\n")
    result = _lint(run, "--schema", "s.json", "--output-format", "concise")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:4] == [
        'a.md:2:7: FM103 mask: expected a number, got string "0xdead_beef" (YAML 1.2 reads '
        "0xdead_beef as text: write 0xdeadbeef)",
        'a.md:3:7: FM103 bits: expected a number, got string "0b1101_0110" (YAML 1.2 reads '
        "0b1101_0110 as text: write 214)",
        'a.md:4:7: FM103 sign: expected a number, got string "-0b11" (YAML 1.2 reads -0b11 as '
        "text: write -3)",
        'a.md:5:6: FM103 n_a: expected a number, got string "n_a_n"',
    ]


def test_hover_reads_pattern_properties_as_ecma_262():
    from validator.server.hover import schema_node

    schema = {"patternProperties": {"^\\p{Lu}": {"description": "a capitalised key"}}}
    assert schema_node(schema, ("Émile",)) == {"description": "a capitalised key"}
    assert schema_node(schema, ("émile",)) is None


def test_a_collection_mapped_to_a_schema_url(run, site, server):
    base, requests, root = server
    _serve_title(root)
    (root / "main.json").write_text(
        '{"properties": {"title": {"$ref": "title.json"}}}', encoding="utf-8"
    )
    (site / "_pages").mkdir()
    (site / "_pages" / "a.md").write_text(RECORD_BAD, encoding="utf-8")
    config = f'[collections]\n"_pages/**" = "{base}/main.json"\n'
    (site / ".fmlint.toml").write_text(config, encoding="utf-8")
    result = run("check", "--no-cache", "-j", "1", "_pages")
    assert result.exit_code == 2
    assert f"the schema {base}/main.json is remote: pass --schema-fetch" in result.stderr
    assert requests == []
    (site / ".fmlint.toml").write_text("schema-fetch = true\n" + config, encoding="utf-8")
    result = run("check", "--no-cache", "-j", "1", "_pages")
    assert result.exit_code == 1
    assert "_pages/a.md:2:8: FM107 title: is longer than 3 characters" in result.stdout
    assert sorted(requests) == ["/main.json", "/title.json"]
