"""FM101's did-you-mean renames the key (`fmlint check --fix --unsafe-fixes`): the key's own span
rewritten in the front matter's syntax (YAML in its quoting, a TOML bare or quoted key, a JSON
string), everything else byte for byte; refused where the new key is there already, and where
the text does not read back as that one key renamed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from validator.config import Settings
from validator.diagnostic import Fix
from validator.engine import Engine
from validator.fixing import edits
from validator.fixing.passes import fix_text

from .conftest import EXAMPLES

SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
TITLE_LINE = 'title: "Children making AI-generated child abuse images, says charity"'
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string"},
        "date": {},
        "count": {"type": "integer"},
        "cover image": {"type": "string"},
        "extra": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"width": {"type": "integer"}, "sub": {}},
        },
        "a": {"$ref": "#/$defs/site"},
        "b": {"$ref": "#/$defs/site"},
    },
    "$defs": {
        "site": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"domain": {"type": "string"}},
        }
    },
}


@pytest.fixture
def schema(tmp_path) -> Path:
    path = tmp_path / "page.schema.json"
    path.write_text(json.dumps(SCHEMA), encoding="utf-8")
    return path


def fix(run, path: Path, *args: str):
    return run("check", "--isolated", "--no-cache", "--fix", "--show-fixes", *args, str(path))


def fixed(run, tmp_path: Path, name: str, text: str, *args: str) -> tuple[str, object]:
    """The file's text after `check --fix --unsafe-fixes`, and the run's result."""
    target = tmp_path / name
    target.write_bytes(text.encode("utf-8"))
    result = fix(run, target, "--unsafe-fixes", *args)
    return target.read_bytes().decode("utf-8"), result


# --- YAML --------------------------------------------------------------------------------------


def test_an_article_key_is_renamed_with_unsafe_fixes_only(run, tmp_path):
    typo = SEED.replace(TITLE_LINE, "t" + TITLE_LINE, 1)
    target = tmp_path / "post.md"
    target.write_text(typo, encoding="utf-8")

    safe = fix(run, target)
    assert safe.exit_code == 1
    assert target.read_text(encoding="utf-8") == typo  # renaming changes what the file says
    assert safe.stderr.endswith(
        "Found 1 error in 1 of 1 file. 1 finding fixable with --fix --unsafe-fixes.\n"
    )

    text, result = fixed(run, tmp_path, "post.md", typo)
    assert result.exit_code == 0, result.output
    assert text == SEED
    assert "post.md: fixed FM101: rename 'ttitle' to 'title'\n" in result.stderr


def test_yaml_keeps_the_keys_quoting_and_place(run, tmp_path, schema):
    text, result = fixed(
        run,
        tmp_path,
        "page.md",
        "---\n'tittle': Hi  # the title\n\"cont\": 3\nextra: {widht: 3}\n---\nbody\n",
        "--schema",
        str(schema),
    )
    assert result.exit_code == 0, result.output
    assert text == "---\n'title': Hi  # the title\n\"count\": 3\nextra: {width: 3}\n---\nbody\n"


def test_crlf_and_a_bom_are_kept(run, tmp_path, schema):
    text, _ = fixed(
        run, tmp_path, "page.md", "\ufeff---\r\ntittle: Hi\r\n---\r\n", "--schema", str(schema)
    )
    assert text == "\ufeff---\r\ntitle: Hi\r\n---\r\n"


# --- TOML --------------------------------------------------------------------------------------


def test_toml_keys_are_written_bare_or_quoted(run, tmp_path, schema):
    before = (
        "+++\n"
        '"tittle" = "Hi"\n'
        "date = 2024-01-02T10:00:00Z\n"
        "'cover imag' = 'a.png'\n"
        "extra.widht = 3\n"
        "+++\n"
        "body\n"
    )
    text, result = fixed(run, tmp_path, "page.md", before, "--schema", str(schema))
    assert result.exit_code == 0, result.output
    assert text == (
        "+++\n"
        'title = "Hi"\n'
        "date = 2024-01-02T10:00:00Z\n"  # a datetime, still unquoted
        "\"cover image\" = 'a.png'\n"
        "extra.width = 3\n"
        "+++\n"
        "body\n"
    )


def test_a_toml_table_named_in_two_headers_is_not_renamed(run, tmp_path, schema):
    # renaming `[extr]` alone would leave `[extr.sub]` behind: refused, and the safe fix in the
    # same pass (`count`) is still made
    before = '+++\ncount = "12"\n[extr]\nwidth = 1\n[extr.sub]\nq = 1\n+++\n'
    text, result = fixed(run, tmp_path, "page.md", before, "--schema", str(schema))
    assert text == before.replace('"12"', "12")
    assert result.exit_code == 1
    assert "FM101 unknown key 'extr' in the front matter; did you mean 'extra'?" in result.stdout


def test_a_toml_table_named_in_one_header_is_renamed(run, tmp_path, schema):
    before = "---toml\n[extr]\nwidth = 1\n---\n"
    text, result = fixed(run, tmp_path, "page.md", before, "--schema", str(schema))
    assert result.exit_code == 0, result.output
    assert text == "---toml\n[extra]\nwidth = 1\n---\n"


# --- JSON --------------------------------------------------------------------------------------


def test_json_keys_are_json_strings(run, tmp_path, schema):
    before = '{\n  "tittle": "Hi",\n  "extra": {"widht": 3},\n  "cover imag": "a.png"\n}\nbody\n'
    text, result = fixed(run, tmp_path, "page.md", before, "--schema", str(schema))
    assert result.exit_code == 0, result.output
    assert text == (
        '{\n  "title": "Hi",\n  "extra": {"width": 3},\n  "cover image": "a.png"\n}\nbody\n'
    )


def test_json_in_a_fence(run, tmp_path, schema):
    text, _ = fixed(
        run, tmp_path, "page.md", '---json\n{"tittle": "Hi"}\n---\n', "--schema", str(schema)
    )
    assert text == '---json\n{"title": "Hi"}\n---\n'


# --- refusals ----------------------------------------------------------------------------------


def test_two_keys_near_one_name_rename_only_the_first(run, tmp_path, schema):
    # both are near `title` while it is missing; once the first is renamed, the second would
    # be a duplicate key, and is no near miss any more
    before = "---\ntittle: Hi\ntitel: Ho\n---\n"
    text, result = fixed(run, tmp_path, "page.md", before, "--schema", str(schema))
    assert text == "---\ntitle: Hi\ntitel: Ho\n---\n"
    assert result.exit_code == 1
    assert "FM101 unknown key 'titel' in the front matter\n" in result.stdout


def test_an_aliased_mapping_is_not_renamed(run, tmp_path, schema):
    # the key is written once, in the anchored mapping, and read twice: renaming it would rename
    # both, which no single fix says
    before = "---\na: &site {domian: x}\nb: *site\n---\n"
    text, result = fixed(run, tmp_path, "page.md", before, "--schema", str(schema))
    assert text == before
    assert result.exit_code == 1


def test_the_fixer_refuses_a_name_the_mapping_has():
    text = "---\ntittle: Hi\ntitle: Ho\n---\n"
    rename = Fix((), "rename", safety="unsafe", delete=True, insert_key="title", after="tittle")
    assert edits.apply(text, [rename]) == (text, [])
    missing = Fix((), "rename", safety="unsafe", delete=True, insert_key="x", after="nokey")
    assert edits.apply(text, [missing]) == (text, [])
    inside = Fix(("tittle",), "rename", safety="unsafe", delete=True, insert_key="x", after="y")
    assert edits.apply(text, [inside]) == (text, [])  # not a mapping: no traceback either


def test_a_rename_and_a_value_fix_inside_it_in_one_pass():
    """The value fix names the renamed key by its old name; both are read back together."""
    text = '---\nextr:\n  width: "3"\n---\n'
    value = Fix(("extr", "width"), "write 3 as a number", 3)
    rename = Fix((), "rename", safety="unsafe", delete=True, insert_key="extra", after="extr")
    assert edits.apply(text, [rename, value]) == ("---\nextra:\n  width: 3\n---\n", [rename, value])


def test_a_key_and_a_key_inside_it_renamed_in_one_pass(run, tmp_path, schema):
    before = "---\nextr:\n  widht: 3\n---\n"
    outer = Fix((), "rename", safety="unsafe", delete=True, insert_key="extra", after="extr")
    inner = Fix(
        ("extr",), "rename", safety="unsafe", delete=True, insert_key="width", after="widht"
    )
    assert edits.apply(before, [outer, inner]) == ("---\nextra:\n  width: 3\n---\n", [outer, inner])

    text, result = fixed(run, tmp_path, "page.md", before, "--schema", str(schema))
    assert result.exit_code == 0, result.output
    assert text == "---\nextra:\n  width: 3\n---\n"
    page = tmp_path / "page.md"
    assert result.stderr.startswith(
        f"{page}: fixed FM101: rename 'extr' to 'extra'\n"
        f"{page}: fixed FM101: rename 'widht' to 'width'\n"
    )


def test_the_passes_rename_and_fix_until_nothing_is_left(tmp_path, schema):
    engine = Engine(settings=Settings(schema=schema, root=tmp_path))
    text = '---\nextra:\n  widht: "3"\n  wdth: x\ncount: "4"\ntittle: Hi\n---\n'
    # the passes: `widht` (not `wdth` too: one name, one key), `count` and `tittle`; then the
    # renamed `width`'s number
    new, applied, result = fix_text(engine, text, "page.md", unsafe=True)
    assert new == "---\nextra:\n  width: 3\n  wdth: x\ncount: 4\ntitle: Hi\n---\n"
    assert [code for code, _ in applied] == ["FM101", "FM103", "FM101", "FM103"]
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("FM101", "unknown key 'wdth' in extra")
    ]
