"""A hostile schema (CI lints pull requests, and a pull request can change the schema) ends in one
clear error line and exit 2, or in a finding, in bounded time: never a crash, a hang or a
traceback. Each attack runs on the real command line, `fmlint check` in a subprocess, on a
project whose `.fmlint.toml` names the schema; the language server is driven at the end.

- regress (the ECMA-262 engine) overflows its stack on `a|a|...` with ~47,600 alternatives: a
  segmentation fault, in a schema's `pattern` or in a value checked as `format: regex`;
- regress backtracks: `^\\d*\\d*\\d*y$` took 16 s on 2,000 digits (98 s on 5,000); such
  patterns now go to RE2, and what only regress can match is bounded (validator.schema.ecma);
- `$ref` cycles, long `$ref` chains and schemas hundreds of levels deep ended in a
  RecursionError (an internal error).
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from validator.schema import ecma
from validator.schema.ecma_bound import Backtracking, empty_loop
from validator.schema.ecma_ranges import complement
from validator.schema.ecma_syntax import LINE_TERMINATORS, SPACES, parse

FMLINT = [sys.executable, "-m", "validator"]
TIMEOUT = 30  # seconds a run may take at all; each test asserts its own, smaller, bound
ALTERNATIVES = "|".join(["a"] * 50_000)
DIGITS = "1" * 5_000


def project(tmp_path: Path, schema: dict | str, record: str) -> Path:
    """A folder with `schemas/x.json` (a value, or JSON text as it is), `.fmlint.toml` naming
    it, and `a.md`."""
    text = schema if isinstance(schema, str) else json.dumps(schema)
    (tmp_path / "schemas").mkdir(parents=True, exist_ok=True)
    (tmp_path / "schemas" / "x.json").write_text(text, encoding="utf-8")
    (tmp_path / ".fmlint.toml").write_text('schema = "schemas/x.json"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text(record, encoding="utf-8")
    return tmp_path


def check(folder: Path) -> tuple[subprocess.CompletedProcess, float]:
    """`fmlint check a.md` in `folder`, and the seconds it took."""
    start = time.monotonic()
    result = subprocess.run(
        [*FMLINT, "check", "--no-cache", "--output-format=concise", "a.md"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    return result, time.monotonic() - start


def schema_error(folder: Path) -> str:
    """The one line of a run that stopped on its schema (exit 2), without the file's name."""
    result, _ = check(folder)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    prefix = f"fmlint: error: {(folder / 'schemas' / 'x.json').resolve()}: "
    assert result.stderr.startswith(prefix), result.stderr
    return result.stderr[len(prefix) :].rstrip("\n")


def findings(folder: Path, seconds: float = 10) -> tuple[int, str]:
    """(exit code, findings) of a run that checked the file, within `seconds`."""
    result, took = check(folder)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert took < seconds, f"{took:.1f} s"
    return result.returncode, result.stdout


def string_schema(**rule) -> dict:
    return {"properties": {"x": {"type": "string", **rule}}}


def record(value: str) -> str:
    return f"---\nx: '{value}'\n---\n"


# --- regress's stack: too many alternatives ----------------------------------------------------


def test_a_pattern_of_50000_alternatives_is_a_schema_error(tmp_path):
    folder = project(tmp_path, string_schema(pattern=ALTERNATIVES), record("a"))
    assert schema_error(folder) == (
        "the pattern at #/properties/x/pattern is too complex for fmlint "
        "(50000 alternatives; limit 1000)"
    )


def test_a_pattern_properties_key_of_50000_alternatives_is_a_schema_error(tmp_path):
    folder = project(tmp_path, {"patternProperties": {ALTERNATIVES: {}}}, "---\na: 1\n---\n")
    message = schema_error(folder)
    assert message.startswith("the pattern at #/patternProperties/a|a|a|")
    assert message.endswith("is too complex for fmlint (50000 alternatives; limit 1000)")
    assert len(message) < 300  # the pointer shortened, not 100,000 characters of it


def test_a_regex_value_of_50000_alternatives_is_a_finding(tmp_path):
    folder = project(tmp_path, string_schema(format="regex"), record(ALTERNATIVES))
    code, found = findings(folder)
    assert code == 1
    assert found.startswith("a.md:2:4: FM105 x: ")
    assert found.split("\n")[0].endswith(
        "is too complex for fmlint to read as a regex (50000 alternatives; limit 1000)"
    )


def test_every_limit_regress_needs_is_checked_before_it_sees_a_pattern():
    assert ecma.too_complex("|".join(["a"] * 1000)) is None
    assert ecma.too_complex("|".join(["a"] * 1001)) == "1001 alternatives; limit 1000"
    assert ecma.too_complex("[|]" * 2000 + r"\|" * 2000) is None  # no alternative at all
    assert ecma.too_complex("(" * 51 + ")" * 51) == "51 nested groups; limit 50"
    assert ecma.too_complex("a" * 20_001) == "20001 characters; limit 20000"
    assert not ecma.is_regex(ALTERNATIVES)
    with pytest.raises(ecma.TooComplex):
        ecma.compile_pattern(ALTERNATIVES)


# --- regress's backtracking: RE2 for what it can read, a budget for the rest ------------------


def test_adjacent_repeats_are_matched_in_linear_time(tmp_path):
    """16 s on 2,000 digits, 98 s on 5,000, before: RE2 answers at once."""
    folder = project(tmp_path, string_schema(pattern=r"^\d*\d*\d*y$"), record(DIGITS))
    code, found = findings(folder)
    assert code == 1
    assert found.startswith('a.md:2:4: FM107 x: "1111')
    assert found.split("\n")[0].endswith(r"does not match the pattern ^\d*\d*\d*y$")
    (folder / "a.md").write_text(record(DIGITS + "y"), encoding="utf-8")
    assert findings(folder)[0] == 0


def test_a_lookaround_pattern_matches_values_within_its_budget(tmp_path):
    """Only regress can match a lookaround: up to the length its budget allows (3,869 digits
    for this one), and a longer value is a finding of its own."""
    folder = project(tmp_path, string_schema(pattern=r"^\d*\d*(?!z)y$"), record(DIGITS))
    code, found = findings(folder)
    assert code == 1
    assert found.split("\n")[0] == (
        r"a.md:2:4: FM107 x: the value is 5,000 characters long: fmlint matches the pattern "
        r"^\d*\d*(?!z)y$ only on 3,869 characters or fewer (beyond, it may take too long)"
    )
    (folder / "a.md").write_text(record("1" * 3_000 + "y"), encoding="utf-8")
    assert findings(folder)[0] == 0
    (folder / "a.md").write_text(record("1" * 3_000 + "z"), encoding="utf-8")
    code, found = findings(folder)
    assert code == 1
    assert "does not match the pattern" in found


def test_a_key_too_long_for_its_pattern_is_one_finding(tmp_path):
    schema = {
        "patternProperties": {r"^\d*\d*(?!z)y$": {"type": "integer"}},
        "additionalProperties": False,
    }
    folder = project(tmp_path, schema, f"---\n? '{DIGITS}'\n: 1\n---\n")  # a key over 1,024
    code, found = findings(folder)
    assert code == 1
    lines = found.strip().split("\n")
    assert len(lines) == 1, found  # not an unknown key as well
    assert lines[0].startswith("a.md:3:3: FM107 ")
    assert lines[0].endswith(
        r": the key is 5,000 characters long: fmlint matches the pattern ^\d*\d*(?!z)y$ only "
        "on 3,869 characters or fewer (beyond, it may take too long)"
    )


def test_a_property_named_like_a_data_keyword_has_its_pattern_checked(tmp_path):
    """`default` names data in a schema object, but a property in `properties`."""
    schema = {"properties": {"default": {"type": "string", "pattern": ALTERNATIVES}}}
    folder = project(tmp_path, schema, record("a"))
    assert schema_error(folder) == (
        "the pattern at #/properties/default/pattern is too complex for fmlint "
        "(50000 alternatives; limit 1000)"
    )


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_signal_ends_a_run_of_slow_matches_at_once(tmp_path, name):
    """60 values of 3,800 digits against a lookaround pattern: 0.2 s of regress each, holding
    the GIL. One match is bounded, so a signal is handled within one: the run ends at once."""
    import signal

    lines = [f"k{i}: '{'1' * 3_800}'" for i in range(60)]
    schema = {"additionalProperties": {"type": "string", "pattern": r"^\d*\d*(?!z)y$"}}
    folder = project(tmp_path, schema, "---\n" + "\n".join(lines) + "\n---\n")
    command = [*FMLINT, "check", "--no-cache", "a.md"]
    with subprocess.Popen(
        command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as run:
        time.sleep(1.5)  # started, and matching
        assert run.poll() is None
        sent = time.monotonic()
        run.send_signal(getattr(signal, name))
        _, err = run.communicate(timeout=TIMEOUT)
    assert time.monotonic() - sent < 2.0
    assert run.returncode in (130, -signal.SIGTERM), err
    assert b"Traceback" not in err


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"^((?=a)a+)+$", "may take exponential time"),
        (r"^(\w+)(?:\s+\w+)*\s+\1$", "may take exponential time"),
        (r"^\d*\d*\d*(?!z)y$", "may take too long"),
        (r"(?:(?:a*)?){2}(?=x)", "cannot be matched safely"),
    ],
)
def test_a_pattern_only_regress_can_match_and_could_run_away_is_refused(tmp_path, pattern, why):
    folder = project(tmp_path, string_schema(pattern=pattern), record("a"))
    message = schema_error(folder)
    assert message.startswith(f"the schema's pattern {pattern!r} {why}: the pattern at ")
    assert "#/properties/x/pattern needs a backtracking engine" in message


def test_regress_runs_out_of_memory_on_an_empty_loop_which_is_never_matched():
    """`(?:(?:a*)?){2}x` against one `a` made regress allocate gigabytes until the process died
    (found by fuzzing); `empty_loop` spares the shapes regress matches (`(?:a*)*`)."""
    for pattern in [
        r"(?:(?:a*)?){2}x",
        r"(?:(?:a|)?){2}x",
        r"(?:(?:a*)+){2}x",
        r"(?<n>[^a]*(?<m>|\S*?\W?){2,}}+?){2,}",
    ]:
        assert empty_loop(parse(pattern, True)[0]), pattern
    for pattern in [r"(?:a*)*x", r"(?:a?)+x", r"(?:(?:a+)?){2}x", r"(?:c(?:a*)?){2}x"]:
        assert not empty_loop(parse(pattern, True)[0]), pattern


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"^\d*\d*(?!z)y$", lambda n: "1" * n),
        (r"^(\d*)(\d*)(?!z)y\1\2$", lambda n: "1" * n),
        (r"^\p{L}*\p{L}*(?!z)y$", lambda n: "é" * n),
        (r"(?=.*a)(?=.*b)(?=.*c)", lambda n: "x" * n),
        (r"\b(\w+)\s+\1\b", lambda n: "ab " * (n // 3)),
        (r"(.+)\1", lambda n: "".join(chr(0x4E00 + i) for i in range(n))),
    ],
)
def test_a_match_within_the_budget_takes_under_a_second(pattern, text):
    """The slowest shapes found, at the longest text their budget allows (~0.2 s here)."""
    tree = parse(pattern, True)[0]
    search = ecma.searcher(pattern)
    longest = ecma.longest_text(Backtracking(tree))
    value = text(longest)
    start = time.monotonic()
    search(value)
    assert time.monotonic() - start < 1.0
    with pytest.raises(ecma.TooLong):
        search(value + "1" * (longest + 1 - len(value)))


def test_re2_is_bounded_too():
    """RE2 without its DFA: `a[ab]{999}c` took 4.7 s on a megabyte."""
    search = ecma.searcher("a[ab]{999}c")
    value = "ab" * 20_000
    start = time.monotonic()
    search(value)
    assert time.monotonic() - start < 1.0
    with pytest.raises(ecma.TooLong):
        search(value * 2)


# --- RE2 reads each pattern as regress does ---------------------------------------------------


def _regress_verdict(pattern: str, text: str) -> bool:
    return ecma.compile_pattern(pattern).find(text) is not None


@pytest.mark.parametrize(
    ("pattern", "texts"),
    [
        (r"^\s$", ["\v", "\xa0", "\ufeff", "\u2028", "\u3000", "\u200b", "\x85", "x"]),
        (r"^\S$", ["\v", "\xa0", "x", "\u200b"]),
        (r"^.$", ["\n", "\r", "\u2028", "\u2029", "\x85", "😀", "a"]),
        (r"^[^]$", ["\n", "😀"]),
        (r"[]", ["", "a"]),
        (r"^abc$", ["abc", "abc\n", "\nabc"]),
        (r"^\d$", ["1", "٣"]),
        (r"^\w$", ["a", "é", "_"]),
        (r"\bx", ["éx", "ax", "x"]),
        (r"^\p{L}$", ["a", "\u088f", "\ua7cb", "1"]),  # newer Unicode than RE2's own tables
        (r"^\P{L}$", ["a", "\u088f", "1"]),
        (r"^\p{Lu}\p{Ll}+$", ["Émile", "émile"]),
        (r"^\cC$", ["\x03", "C"]),
        (r"^\u{1F600}\uD83D\uDE00$", ["😀😀", "😀"]),
        (r"^[\b]$", ["\b", "b"]),
        (r"^\-\a$", ["-a", "\\-\\a"]),  # legacy mode: identity escapes
        (r"^a{,5}$", ["a{,5}", "aaaaa"]),  # legacy mode: not a repeat
        (r"^]{$", ["]{"]),
    ],
)
def test_re2_gives_regress_verdict(pattern, texts):
    tree, exact = parse(pattern, ecma._compiled(pattern)[1])
    assert exact and ecma._linear(tree) is not None, "RE2 takes it"
    search = ecma.searcher(pattern)
    for text in texts:
        assert search(text) == _regress_verdict(pattern, text), (pattern, text)


def test_what_re2_reads_otherwise_stays_with_regress():
    """`\\B` holds between the bytes of one character for RE2 (`\\B` on "zéz")."""
    assert ecma.searcher(r"\B")("zéz") is False
    tree, _ = parse(r"\B", True)
    assert ecma._linear(tree) is None


def test_leading_lookaheads_are_searches_of_their_own():
    pattern = r"^(?=.*\d)(?!.*--)(?=.{1,12}$)[a-z\d-]+$"
    tree, _ = parse(pattern, True)
    assert ecma._linear(tree) is not None
    search = ecma.searcher(pattern)
    for text in ["abc1", "abc", "a--1", "abcdefghijk12", "ab-1", "1" * 5_000]:
        assert search(text) == _regress_verdict(pattern, text), text


def test_the_fixed_classes_are_regress_own():
    """`\\s` and `.` are spelt out for RE2 from validator.schema.ecma_syntax's tables: regress's
    runs over every code point (the surrogates left out) are the same."""
    every = ecma._every_code_point()

    def runs(pattern: str) -> list[tuple[int, int]]:
        spans = [match.range() for match in ecma.compile_pattern(pattern).find_iter(every)]
        return [(ecma._code_point_at(s.start), ecma._code_point_at(s.stop - 1)) for s in spans]

    assert runs(r"\s+") == list(SPACES)
    assert runs(r".+") == complement(LINE_TERMINATORS)


def test_re2_agrees_with_regress_on_random_patterns():
    """A small run of the fuzzing that found `\\B` and the empty loop (seeded: the same each
    time); only patterns RE2 takes, and none with an empty loop (regress would die on it)."""
    rng = random.Random(2026)
    atoms = [
        *"ab-é😀",
        *[r"\d", r"\D", r"\w", r"\W", r"\s", r"\S", ".", r"\b", "^", "$", "[ab]", "[^a]"],
        *[r"[\s-]", r"[^\s]", "[]", "[^]", r"\p{L}", r"\P{Lu}", r"\x41", r"\u{1F600}", r"\cA"],
        *[r"\t", r"\/", r"\-", "]", "{", r"\a", r"[\d-z]", "[a-]", r"\u2028", r"\v"],
    ]
    quantifiers = ["", "", "", "*", "+", "?", "{2}", "{1,3}", "{2,}", "*?", "{,3}"]
    alphabet = [*"abA- \n\r\t\v\xa0\ufeff1_.{}]$\u2028\u1680", "é", "😀", "Σ"]

    def pattern(depth: int = 0) -> str:
        parts = []
        for _ in range(rng.randint(0, 4)):
            if rng.random() < 0.2 and depth < 3:
                atom = rng.choice(["(", "(?:", "(?<g>"]) + pattern(depth + 1) + ")"
            else:
                atom = rng.choice(atoms)
            parts.append(atom + rng.choice(quantifiers))
        joined = "".join(parts)
        return joined + "|" + pattern(depth + 1) if rng.random() < 0.2 else joined

    compared = 0
    while compared < 300:
        source = pattern()
        try:
            regex, unicode = ecma._compiled(source)
            search = ecma.searcher(source)
        except ecma.BadPattern:
            continue
        tree, exact = parse(source, unicode)
        if not exact or empty_loop(tree) or ecma._linear(tree) is None:
            continue
        compared += 1
        for _ in range(10):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
            assert search(text) == (regex.find(text) is not None), (source, text)


# --- $ref cycles and deep schemas --------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "cycle"),
    [
        ({"$ref": "#"}, "$ref cycle at # (# -> #)"),
        (
            {
                "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                "$ref": "#/$defs/a",
            },
            "$ref cycle at #/$defs/a (#/$defs/a -> #/$defs/b -> #/$defs/a)",
        ),
        ({"allOf": [{"$ref": "#"}]}, "$ref cycle at # (# -> #/allOf/0 -> #)"),
        (
            {
                "properties": {
                    "x": {"anyOf": [{"type": "string"}, {"not": {"$ref": "#/properties/x"}}]}
                }
            },
            "$ref cycle at #/properties/x "
            "(#/properties/x -> #/properties/x/anyOf/1 -> #/properties/x/anyOf/1/not "
            "-> #/properties/x)",
        ),
    ],
)
def test_a_ref_cycle_is_a_schema_error(tmp_path, schema, cycle):
    folder = project(tmp_path, schema, record("a"))
    assert schema_error(folder) == f"{cycle}: the schema applies itself to the same value for ever"


def _chain(length: int, step) -> dict:
    """`$defs` a0 -> a1 -> ... -> a{length}, each `step(next ref)`, entered from `x`."""
    defs = {f"a{i}": step(f"#/$defs/a{i + 1}") for i in range(length)}
    defs[f"a{length}"] = {"type": "string"}
    return {"$defs": defs, "properties": {"x": {"$ref": "#/$defs/a0"}}}


def test_a_long_chain_of_refs_on_the_same_value_is_a_schema_error(tmp_path):
    """3,000 `$defs` each a `$ref` to the next: not deep as JSON, but a validator recurses on
    each (an internal RecursionError before)."""
    folder = project(tmp_path, _chain(3_000, lambda ref: {"$ref": ref}), record("a"))
    assert schema_error(folder) == (
        "the schema nests deeper than 64 levels through $ref at #/properties/x: a chain of "
        "3002 subschemas, each applying the next to the same value"
    )


def test_a_long_chain_of_refs_into_the_value_is_followed_as_deep_as_the_value(tmp_path):
    """Each link steps into `x`: jsonschema follows it only as deep as the value goes (the
    compiled engine, which compiles it whole, gives way: an internal error before)."""
    link = {"type": ["object", "integer"]}
    chain = _chain(3_000, lambda ref: {**link, "properties": {"x": {"$ref": ref}}})
    folder = project(tmp_path, chain, "---\nx:\n  x:\n    x: 1\n---\n")
    assert findings(folder)[0] == 0
    (folder / "a.md").write_text("---\nx:\n  x:\n    x:\n      x: [1]\n---\n", encoding="utf-8")
    code, found = findings(folder)
    assert code == 1
    assert "FM103 x.x.x.x: expected" in found


TREE = {
    "$defs": {
        "node": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "kids": {"type": "array", "items": {"$ref": "#/$defs/node"}},
            },
        }
    },
    "$ref": "#/$defs/node",
}


def _tree_record(depth: int, leaf: str) -> str:
    lines = ["---"]
    for level in range(depth):
        indent = "  " * (2 * level)
        lines += [f"{indent}name: n{level}", f"{indent}kids:", f"{indent}  -"]
    lines += ["  " * (2 * depth) + f"name: {leaf}", "---", ""]
    return "\n".join(lines)


def test_a_recursive_schema_that_steps_into_the_value_still_works(tmp_path):
    folder = project(tmp_path, TREE, _tree_record(40, "leaf"))
    assert findings(folder)[0] == 0
    (folder / "a.md").write_text(_tree_record(40, "[not, a, name]"), encoding="utf-8")
    code, found = findings(folder)
    assert code == 1
    assert "FM103 kids[0].kids[0]." in found
    assert found.count("FM103") == 1


def _nested(open_: str, close: str, levels: int) -> str:
    return open_ * levels + '{"type": "string"}' + close * levels


@pytest.mark.parametrize(
    ("open_", "close"),
    [('{"properties": {"a": ', "}}"), ('{"allOf": [', "]}"), ('{"not": ', "}")],
)
@pytest.mark.parametrize("levels", [500, 5_000])
def test_a_schema_nested_too_deep_is_a_schema_error(tmp_path, open_, close, levels):
    """500 levels: fmlint's own bound; 5,000: beyond what Python's JSON reader can read."""
    folder = project(tmp_path, _nested(open_, close, levels), record("a"))
    assert schema_error(folder) == "the schema nests deeper than 64 levels"


def test_a_schema_just_within_the_depth_limit_works(tmp_path):
    """63 levels of JSON (31 of `properties`): the bound leaves room for jsonschema's
    meta-schema check, the compiled engine and an explanation of a value as deep."""
    keys = "".join("  " * level + "a:\n" for level in range(30))
    text = f"---\n{keys}{'  ' * 30}a: 1\n---\n"
    folder = project(tmp_path, _nested('{"properties": {"a": ', "}}", 31), text)
    code, found = findings(folder)
    assert code == 1
    path = ".".join(["a"] * 31)
    assert found.split("\n")[0].endswith(f"FM103 {path}: expected a string, got integer 1")


@pytest.mark.parametrize(
    ("open_", "close", "levels"), [('{"allOf": [', "]}", 31), ('{"not": ', "}", 62)]
)
def test_applicators_just_within_the_depth_limit_work(tmp_path, open_, close, levels):
    folder = project(tmp_path, _nested(open_, close, levels), "---\nx: 1\n---\n")
    code, found = findings(folder)
    assert code == 1
    assert found.startswith("a.md:2:1: FM1")  # FM103 (`allOf`) or FM199 (`not`)


# --- the language server -----------------------------------------------------------------------


def test_the_language_server_lives_through_hostile_schemas(tmp_path):
    """A project whose schema is refused, then one whose values are the attacks: the server
    says why for the first, and answers with findings for the second, in time."""
    pytest.importorskip("pytest_lsp")
    asyncio.run(asyncio.wait_for(_drive_server(tmp_path), TIMEOUT * 2))


async def _drive_server(tmp_path: Path) -> None:
    from lsprotocol import types
    from pytest_lsp import ClientServerConfig, client_capabilities

    refused = project(tmp_path / "refused", string_schema(pattern=ALTERNATIVES), record("a"))
    schema = {
        "properties": {
            "x": {"type": "string", "format": "regex"},
            "y": {"type": "string", "pattern": r"^\d*\d*\d*y$"},
        }
    }
    text = f"---\nx: '{ALTERNATIVES}'\ny: '{DIGITS}'\n---\n"
    attacked = project(tmp_path / "attacked", schema, text)
    config = ClientServerConfig(server_command=[*FMLINT, "server"])
    client = await config.start()
    try:
        await client.initialize_session(
            types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
        )
        first = _open(client, types, refused / "a.md")
        assert await _diagnostics(client, first) == []
        await _until(lambda: any("too complex for fmlint" in m.message for m in client.messages))
        start = time.monotonic()
        second = _open(client, types, attacked / "a.md")
        found = await _diagnostics(client, second)
        assert time.monotonic() - start < 5.0  # under the server's own budget of 5 s
        assert sorted(d.code for d in found) == ["FM105", "FM107"]
        await client.shutdown_session()
    finally:
        await client.stop()


def _open(client, types, path: Path) -> str:
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    item = types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    return uri


async def _until(condition, timeout: float = 15.0) -> None:
    async def poll():
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout)


async def _diagnostics(client, uri: str) -> list:
    await _until(lambda: client.diagnostics.get(uri) is not None)
    return list(client.diagnostics[uri])
