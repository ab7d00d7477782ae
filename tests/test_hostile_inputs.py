"""What a stranger's tree (a pull request fmlint lints in CI) can hold, through the real CLI:
file and folder names that forge workflow commands on stderr, folder names `fmlint init` must
escape (globs, TOML) or leave out, links it must not write through, numbers JSON has no word for,
globs pathspec cannot compile, and reports built to crash or hang `fmlint report --compare`.

Each ends in one clear line and exit 2, a warning, or a finding: never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.article_config import as_articles
from tests.process import run_fmlint

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 60
if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def fmlint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return run_fmlint(*args, cwd=cwd)


def no_forged_line(stderr: str) -> None:
    """No line a GitHub runner would read as a workflow command, no raw control character."""
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    for line in stderr.splitlines():
        assert not line.lstrip().startswith("::"), stderr
    for char in "\x1b\r\u2028\u2029\x85\x7f":
        assert char not in stderr, stderr


FORGE = "a\n::error file=x::forged\nb.md"
SHOWN = "a\\n::error file=x::forged\\nb.md"


def huge(path: Path) -> None:
    """A file of 1 GB + 1 byte (sparse: nothing is written), which fmlint refuses to read."""
    with open(path, "wb") as stream:
        stream.truncate((1 << 30) + 1)


# --- 1. paths on stderr: `fmlint: error: PATH: message` -------------------------------------


@pytest.mark.parametrize("extra", [[], ["--fix", "--diff"]], ids=["check", "diff"])
def test_an_unreadable_file_whose_name_holds_a_workflow_command_forges_no_line(tmp_path, extra):
    huge(tmp_path / FORGE)
    result = fmlint(tmp_path, "check", "--no-cache", "--isolated", *extra, ".")
    assert result.returncode == 2, result.stderr
    assert f"fmlint: error: {SHOWN}: larger than 1024 MB\n" in result.stderr
    no_forged_line(result.stderr)


def test_a_missing_path_whose_name_holds_a_workflow_command_forges_no_line(tmp_path):
    result = fmlint(tmp_path, "check", "--no-cache", "--isolated", "n.md\n::error::forged\x1b[2J")
    assert result.returncode == 2
    assert (
        "fmlint: error: n.md\\n::error::forged\\x1b[2J: no such file or directory\n"
        in result.stderr
    )
    no_forged_line(result.stderr)


def test_show_fixes_names_a_fixed_file_with_escapes(tmp_path):
    golden = REPO / "tests" / "fix_golden" / "FM503-duplicate-topic.before.md"
    (tmp_path / FORGE).write_bytes(golden.read_bytes())
    result = fmlint(tmp_path, "check", "--no-cache", "--isolated", "--fix", "--show-fixes", ".")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        f'{SHOWN}: fixed FM503: remove the repeated topic "ai"'
    )
    no_forged_line(result.stderr)


def test_infer_names_an_unreadable_file_with_escapes(tmp_path):
    huge(tmp_path / FORGE)
    result = fmlint(tmp_path, "infer", ".")
    assert result.returncode == 2
    assert result.stderr == f"fmlint: error: {SHOWN}: larger than 1024 MB\n"


def test_a_config_error_quoting_the_config_forges_no_line(tmp_path):
    (tmp_path / ".fmlint.toml").write_text('ignore = ["X\\n::error::forged\\u001b"]\n')
    result = fmlint(tmp_path, "check", "--no-cache", ".")
    assert result.returncode == 2
    config = tmp_path.resolve() / ".fmlint.toml"
    assert result.stderr == (
        f"fmlint: error: {config}: 'ignore': 'X\\n::error::forged\\x1b' is not a code or "
        "prefix of one (see `fmlint rules`)\n"
    )


def test_a_gitignore_warning_names_its_folder_with_escapes(tmp_path):
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "d\n::warning::forged\u2028"
    folder.mkdir()
    (folder / ".gitignore").write_text("[z-a]\n")
    (folder / "a.md").write_text("---\ntitle: x\n---\n")  # an article record, by configuration
    articles = as_articles(tmp_path)
    result = fmlint(tmp_path, "check", "--no-cache", *articles, "--output-format", "json", ".")
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        "fmlint: warning: d\\n::warning::forged\\u2028/.gitignore: pattern '[z-a]' ignored: "
        "not a valid glob (bad character range z-a)\n"
        "Found 8 errors in 1 of 1 file.\n"
    )


def test_a_report_path_with_a_newline_forges_no_line(tmp_path):
    result = fmlint(tmp_path, "report", "--compare", "x\n::error::forged", "y")
    assert result.returncode == 2
    assert result.stderr == "fmlint: error: x\\n::error::forged: No such file or directory\n"


# --- 2. `fmlint init` and the folder names it writes --------------------------------------


def records(folder: Path, key: str = "name", count: int = 5) -> None:
    """`count` records no article schema accepts: init infers a schema for the folder."""
    folder.mkdir()
    for n in range(count):
        (folder / f"p{n}.md").write_text(f"---\n{key}: n{n}\ncount: {n}\n---\n")


def collections(site: Path) -> dict:
    return tomllib.loads((site / ".fmlint.toml").read_text(encoding="utf-8"))["collections"]


GLOBBY = {  # folder name: the glob init writes for it (as TOML gives it back)
    "a*b": "a\\*b/**",
    "x?y": "x\\?y/**",
    "[ab]": "\\[ab\\]/**",
    "!neg": "\\!neg/**",
    "#hash": "\\#hash/**",
    "back\\slash": "back\\\\slash/**",
}


def test_init_escapes_glob_characters_so_each_glob_matches_its_folder_only(tmp_path):
    from validator.source.files import gitignore_spec

    for name in GLOBBY:
        records(tmp_path / name)
    result = fmlint(tmp_path, "init")
    assert result.returncode == 0, result.stderr
    written = collections(tmp_path)
    assert set(written) == set(GLOBBY.values())
    others = [
        "axb/p.md",
        "xzy/p.md",
        "a/p.md",
        "b/p.md",
        "neg/p.md",
        "x/neg/p.md",
        "backxslash/p.md",
    ]
    for name, glob in GLOBBY.items():
        spec = gitignore_spec((glob,))
        assert spec.match_file(f"{name}/p0.md"), glob
        assert not [
            p for p in [*others, *(f"{n}/p0.md" for n in GLOBBY if n != name)] if spec.match_file(p)
        ], glob
    assert fmlint(tmp_path, "check", "--no-cache", ".").returncode == 0
    for decoy in ("axb", "xzy", "a", "backxslash"):  # each would fail the schema of a glob
        (tmp_path / decoy).mkdir()  # that matched it (`count` and `name` are required)
        (tmp_path / decoy / "x.md").write_text("---\nother: 1\n---\n")
    checked = fmlint(tmp_path, "check", "--no-cache", "--output-format", "concise", ".")
    assert checked.returncode == 0, checked.stdout  # in no collection: only the generic checks
    assert checked.stderr == "All checks passed (34 files).\n"


CONTROLS = ["del\x7fx", "nl\nx", "tab\tx", "sep\u2028x", "esc\x1b[2Jx", 'quote"x']


def test_init_writes_control_characters_as_toml_escapes(tmp_path):
    for name in CONTROLS:
        records(tmp_path / name)
    result = fmlint(tmp_path, "init")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / ".fmlint.toml").read_text(encoding="utf-8")
    assert '"del\\u007Fx/**" = ' in text and '"nl\\nx/**" = ' in text
    assert "\x7f" not in text and "\x1b" not in text and "\u2028" not in text
    from validator.source.files import escape_glob, gitignore_spec

    written = collections(tmp_path)  # TOML gives back each name exactly, escaped as a glob
    assert set(written) == {escape_glob(name) + "/**" for name in CONTROLS}
    assert "esc\x1b\\[2Jx/**" in written
    for name in CONTROLS:
        assert gitignore_spec((escape_glob(name) + "/**",)).match_file(f"{name}/p0.md")
    assert "del\\x7fx/: schemas/del-x.schema.json" in result.stderr
    no_forged_line(result.stderr)


def test_init_leaves_out_a_folder_whose_name_is_not_utf8(tmp_path):
    try:
        os.mkdir(os.fsencode(tmp_path) + b"/bad\xff")
    except (OSError, UnicodeError):  # pragma: no cover - a disk that takes UTF-8 names only
        pytest.skip("this file system takes only UTF-8 names")
    bad = Path(os.fsdecode(os.fsencode(tmp_path) + b"/bad\xff"))
    for n in range(5):
        (bad / f"p{n}.md").write_text(f"---\nname: n{n}\n---\n")
    records(tmp_path / "good")
    result = fmlint(tmp_path, "init")
    assert result.returncode == 0, result.stderr
    assert (
        "fmlint: warning: bad\\udcff/: left out: its name is not UTF-8, so no configuration "
        "file can name it\n" in result.stderr
    )
    assert collections(tmp_path) == {"good/**": "schemas/good.schema.json"}
    checked = fmlint(tmp_path, "check", "--no-cache", ".")  # re2 cannot take such a name
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == "All checks passed (10 files).\n"


def test_init_gives_two_folders_two_schema_files(tmp_path):
    records(tmp_path / "_games", key="title")
    records(tmp_path / "games", key="name")
    records(tmp_path / "Games", key="label")
    result = fmlint(tmp_path, "init")
    assert result.returncode == 0, result.stderr
    assert collections(tmp_path) == {
        "Games/**": "schemas/Games.schema.json",
        "_games/**": "schemas/games-2.schema.json",
        "games/**": "schemas/games-3.schema.json",
    }
    for schema, key in (("Games", "label"), ("games-2", "title"), ("games-3", "name")):
        written = json.loads((tmp_path / "schemas" / f"{schema}.schema.json").read_text())
        assert key in written["properties"]


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
@pytest.mark.parametrize(
    "link, shown",
    [
        ("schemas", "schemas"),
        (".fmlint.toml", ".fmlint.toml"),
        ("schemas/games.schema.json", "schemas/games.schema.json"),
    ],
)
def test_init_writes_nothing_through_a_symbolic_link(tmp_path, link, shown, force):
    site, outside = tmp_path / "site", tmp_path / "outside"
    site.mkdir()
    outside.mkdir()
    records(site / "games")
    if "/" in link:
        (site / "schemas").mkdir()
    target = outside if link == "schemas" else outside / "planted"
    (site / link).symlink_to(target)
    result = fmlint(site, "init", *force)
    assert result.returncode == 2
    assert result.stderr == (
        f"fmlint: error: {shown}: a symbolic link: `fmlint init` writes nothing through a link "
        "(remove it, then run init again)\n"
    )
    assert list(outside.iterdir()) == []
    assert not (site / ".fmlint.toml").exists() or link == ".fmlint.toml"


# --- 3. `fmlint infer`: numbers JSON has no word for ---------------------------------------


def _strict_json(text: str):
    def refuse(name):
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_infer_writes_no_infinity_nor_nan(tmp_path):
    for n, value in enumerate([".inf", ".nan", "-.inf", "1e400", "1.5", "2.5"]):
        (tmp_path / f"p{n}.md").write_text(f"---\nx: {value}\n---\n")
    result = fmlint(tmp_path, "infer", ".")
    assert result.returncode == 0, result.stderr
    schema = _strict_json(result.stdout)
    assert schema["properties"]["x"] == {"type": "number", "examples": [1.5, 2.5]}


def test_init_writes_no_infinity_into_a_schema(tmp_path):
    folder = tmp_path / "nums"
    folder.mkdir()
    for n, value in enumerate([".inf", ".nan", "-.inf", "1e400", "1.5"]):
        (folder / f"p{n}.md").write_text(f"---\nx: {value}\n---\n")
    result = fmlint(tmp_path, "init")
    assert result.returncode == 0, result.stderr
    schema = _strict_json((tmp_path / "schemas" / "nums.schema.json").read_text())
    assert schema["properties"]["x"] == {"type": "number", "examples": [1.5]}


def test_infer_reports_an_integer_beyond_a_float_as_an_outlier(tmp_path):
    for n in range(20):
        (tmp_path / f"p{n:02}.md").write_text(f"---\nx: {n + 1}\n---\n")
    (tmp_path / "p20.md").write_text("---\nx: 1" + "0" * 400 + "\n---\n")
    result = fmlint(tmp_path, "infer", ".")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "fmlint: infer: outlier: p20.md:2: x: 100000000000... (401 digits) is far outside the "
        "others (nine in ten lie between 1.95 and 19.05)",
        "Inferred a schema from 21 records (0 skipped, 1 outliers reported).",
    ]
    _strict_json(result.stdout)


# --- 4. globs pathspec cannot compile -------------------------------------------------------

LONG = "a" * 100_000


@pytest.mark.parametrize(
    "pattern, why",
    [
        ("[z-a]", "not a valid glob (bad character range z-a)"),
        ("\\", "not a valid glob (it ends with a lone backslash)"),
        ("!", "not a valid glob (it matches no path)"),
        (LONG, "longer than 4096 characters"),
    ],
    ids=["range", "backslash", "bang", "long"],
)
def test_a_bad_gitignore_pattern_is_dropped_with_one_warning(tmp_path, pattern, why):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text(f"{pattern}\nbroken.md\n")
    (tmp_path / "broken.md").write_text("---\n: [\n---\n")  # ignored: the rest still applies
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n")  # an article record, by configuration
    articles = as_articles(tmp_path)
    started = time.monotonic()
    result = fmlint(tmp_path, "check", "--no-cache", *articles, "--output-format", "json", ".")
    assert time.monotonic() - started < 20
    assert result.returncode == 1, result.stderr
    shown = repr(pattern) if len(pattern) <= 60 else f"{pattern[:60]!r}... (100000 characters)"
    assert result.stderr == (
        f"fmlint: warning: .gitignore: pattern {shown} ignored: {why}\n"
        "Found 8 errors in 1 of 1 file.\n"
    )
    assert {d["path"] for d in json.loads(result.stdout)} == {"a.md"}


def test_a_gitignore_too_large_for_one_re2_set_still_applies(tmp_path):
    """1,000 patterns of 400 characters: re2 fails to compile them as one set."""
    (tmp_path / ".git").mkdir()
    lines = [f"{n:04}" + "x" * 396 for n in range(1000)]
    (tmp_path / ".gitignore").write_text("\n".join([*lines, "broken.md"]) + "\n")
    (tmp_path / "broken.md").write_text("---\n: [\n---\n")
    result = fmlint(tmp_path, "check", "--no-cache", "--isolated", ".")
    assert result.returncode == 2, result.stderr  # broken.md left out: nothing else to lint
    assert result.stderr.startswith("fmlint: error: no files to lint in . (")


def test_a_folder_whose_name_is_not_utf8_is_matched_against_a_gitignore(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n")
    try:
        os.mkdir(os.fsencode(tmp_path) + b"/bad\xff")
    except (OSError, UnicodeError):  # pragma: no cover
        pytest.skip("this file system takes only UTF-8 names")
    (tmp_path / os.fsdecode(b"bad\xff") / "a.md").write_text("---\ntitle: x\n---\n")
    articles = as_articles(tmp_path)  # an article record: FM102 names a key it lacks
    result = fmlint(tmp_path, "check", "--no-cache", *articles, "--output-format", "concise", ".")
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stdout + result.stderr
    assert "bad\\udcff/a.md:2:1: FM102" in result.stdout


def test_check_glob_names_the_setting_and_the_glob():
    from validator.source.files import check_glob

    where = ".fmlint.toml: 'exclude'"
    assert check_glob("posts/**", where) is None
    assert check_glob("[z-a]", where) == (
        ".fmlint.toml: 'exclude': glob '[z-a]' cannot be used: not a valid glob "
        "(bad character range z-a)"
    )
    assert check_glob("a\\", where) == (
        ".fmlint.toml: 'exclude': glob 'a\\\\' cannot be used: not a valid glob "
        "(it ends with a lone backslash)"
    )
    started = time.monotonic()
    assert check_glob(LONG, where) == (
        f".fmlint.toml: 'exclude': glob {LONG[:60]!r}... (100000 characters) cannot be used: "
        "longer than 4096 characters"
    )
    assert time.monotonic() - started < 1
    assert check_glob("a*b*c*d*e", where).endswith(
        "more than 3 wildcards can take exponential time to match"
    )
    assert check_glob("", ".fmlint.toml: 'include'", gitignore=False) == (
        ".fmlint.toml: 'include': glob '' cannot be used: an empty glob matches nothing"
    )
    assert check_glob("*.md", ".fmlint.toml: 'include'", gitignore=False) is None


def test_a_dropped_glob_warning_names_where_it_came_from(capsys):
    from validator.source.files import gitignore_spec

    gitignore_spec(("[y-b]",), "pyproject.toml: 'per-file-ignores'")
    gitignore_spec(("[y-c]",))
    assert capsys.readouterr().err == (
        "fmlint: warning: pyproject.toml: 'per-file-ignores': pattern '[y-b]' ignored: not a "
        "valid glob (bad character range y-b)\n"
        "fmlint: warning: exclude: pattern '[y-c]' ignored: not a valid glob "
        "(bad character range y-c)\n"
    )


CONFIG_GLOBS = [
    ('exclude = ["[z-a]"]', "'exclude'", "'[z-a]'", "not a valid glob (bad character range z-a)"),
    (
        'exclude = ["\\\\"]',
        "'exclude'",
        "'\\\\'",
        "not a valid glob (it ends with a lone backslash)",
    ),
    (
        f'exclude = ["{LONG}"]',
        "'exclude'",
        f"{LONG[:60]!r}... (100000 characters)",
        "longer than 4096 characters",
    ),
    ('include = [""]', "'include'", "''", "an empty glob matches nothing"),
    (
        '[per-file-ignores]\n"[z-a]" = ["FM1"]',
        "'per-file-ignores'",
        "'[z-a]'",
        "not a valid glob (bad character range z-a)",
    ),
    (
        '[collections]\n"[z-a]" = "article"',
        "'collections'",
        "'[z-a]'",
        "not a valid glob (bad character range z-a)",
    ),
]


@pytest.mark.parametrize(
    "toml, key, glob, why", CONFIG_GLOBS, ids=["range", "backslash", "long", "empty", "pfi", "coll"]
)
def test_a_bad_glob_in_the_config_file_is_exit_2(tmp_path, toml, key, glob, why):
    (tmp_path / ".fmlint.toml").write_text(toml + "\n")
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n")
    result = fmlint(tmp_path, "check", "--no-cache", ".")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"fmlint: error: {tmp_path.resolve() / '.fmlint.toml'}: {key}")
    assert result.stderr.endswith(f"glob {glob} cannot be used: {why}\n")
    assert result.stderr.count("\n") == 1


# --- 5. `fmlint report --compare` on hostile JSON -------------------------------------------

FINDING = {
    "path": "a.md",
    "line": 1,
    "column": 1,
    "end_line": 1,
    "end_column": 2,
    "code": "FM102",
    "severity": "error",
    "message": "m",
}


def _finding(**changes) -> str:
    return json.dumps([{**FINDING, **changes}])


def _sarif(region: str = '{"startLine": 1}', results: str | None = None) -> str:
    result = (
        '{"ruleId": "FM102", "level": "error", "message": {"text": "m"}, '
        '"locations": [{"physicalLocation": '
        f'{{"artifactLocation": {{"uri": "a.md"}}, "region": {region}}}}}]}}'
    )
    return f'{{"runs": [{{"results": {results or f"[{result}]"}}}]}}'


COMPARED = [
    ("deep", "[" * 100_000 + "]" * 100_000, "not JSON as fmlint writes it (nested too deeply)"),
    (
        "infinity",
        _finding().replace('"line": 1', '"line": Infinity'),
        "not JSON (Infinity is no JSON number)",
    ),
    ("nan", _finding().replace('"line": 1', '"line": NaN'), "not JSON (NaN is no JSON number)"),
    (
        "big",
        _finding().replace('"line": 1', '"line": 1' + "0" * 5000),
        "a number of 5001 digits, more than a report holds",
    ),
    (
        "1e999",
        _finding().replace('"line": 1', '"line": 1e999'),
        "the number 1e999 is beyond a float's range",
    ),
    ("negative", _finding(line=-5), "finding 1's 'line' is -5: no line or column of a file"),
    (
        "beyond",
        _finding(column=1 << 40),
        "finding 1's 'column' is 1099511627776: no line or column of a file",
    ),
    ("shape", '{"runs": [1]}', "SARIF run 1 is not an object"),
    ("results", _sarif(results='{"a": 1}'), "SARIF run 1: 'results' is not an array"),
    (
        "region",
        _sarif(region='{"startLine": [1]}'),
        "SARIF result 1 of run 1: 'startLine' is not a whole number",
    ),
    (
        "sarif-inf",
        _sarif(region='{"startLine": 1e999}'),
        "the number 1e999 is beyond a float's range",
    ),
    ("uri", _sarif().replace('"a.md"', "7"), "SARIF result 1 of run 1: 'uri' is not a string"),
    ("not-utf8", b"[\xff]", "not JSON (not UTF-8 text)"),
]


@pytest.mark.parametrize("text, why", [c[1:] for c in COMPARED], ids=[c[0] for c in COMPARED])
def test_report_compare_refuses_a_hostile_report_in_one_line(tmp_path, text, why):
    (tmp_path / "old.json").write_text("[]\n")
    new = tmp_path / "new.json"
    new.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    started = time.monotonic()
    result = fmlint(tmp_path, "report", "--compare", "old.json", "new.json")
    assert time.monotonic() - started < 20
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr == (
        f"fmlint: error: new.json: not a report of `fmlint check --output-format json`: {why}\n"
    )
    assert result.stdout == ""


def test_report_compare_refuses_a_report_over_its_cap(tmp_path):
    (tmp_path / "old.json").write_text("[]\n")
    with open(tmp_path / "new.json", "wb") as stream:
        stream.truncate((256 << 20) + 1)
    result = fmlint(tmp_path, "report", "--compare", "old.json", "new.json")
    assert result.returncode == 2
    assert result.stderr == "fmlint: error: new.json: larger than 256 MB\n"


def test_report_compare_still_reads_a_sound_report(tmp_path):
    (tmp_path / "old.json").write_text("[]\n")
    (tmp_path / "new.json").write_text(_finding())
    (tmp_path / "new.sarif").write_text(_sarif())
    for name in ("new.json", "new.sarif"):
        result = fmlint(tmp_path, "report", "--compare", "old.json", name)
        assert result.returncode == 1, result.stderr
        assert result.stdout.endswith("0 fixed, 1 new, 0 unchanged: 0 findings before, 1 now.\n")


def test_a_superscript_job_count_is_a_usage_error_not_a_traceback(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n")
    result = fmlint(tmp_path, "check", "-j²", "a.md")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "'²' is not a valid integer" in result.stderr
