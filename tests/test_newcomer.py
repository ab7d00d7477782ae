"""What a newcomer meets first, through the real command line (`python -m validator`, fresh
processes): the summary line whatever the format, `--diff` that says what remains, a walk that
finds nothing, the job summary's order, `fmlint clean`, the HTML report and a terminal, a bad
`FMLINT_OUTPUT_FORMAT`, the Public Suffix List kept once, `--extend-exclude`, `fmlint config
PATH`, and the README's quick start run as written."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from validator.codes import all_codes
from validator.reporters import FORMATS
from validator.rules import suffixes

from .conftest import EXAMPLES, ROOT, SHARED
from .process import run_fmlint

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

GOLDEN = Path(__file__).parent / "fix_golden"
BAD = (EXAMPLES / "invalid" / "FM101-unknown-key.md").read_bytes()  # 1 error, an unsafe fix
UNFIXABLE = (EXAMPLES / "invalid" / "FM102-missing-key.md").read_bytes()  # 1 error, no fix
WARNED = (GOLDEN / "FM202-url-insecure.before.md").read_bytes()  # 2 warnings, unsafe fixes
FIXABLE = (GOLDEN / "FM503-duplicate-topic.before.md").read_bytes()  # 3 warnings, safe fixes
SEED = (EXAMPLES / "valid" / "seed.md").read_bytes()  # clean
FM101_LINE = "unknown key 'tittle' in the front matter; did you mean 'title'?"
MACHINE = [name for name in FORMATS if name not in ("full", "concise")]
BAD_SUMMARY = "Found 1 error in 1 of 1 file. 1 finding fixable with --fix --unsafe-fixes.\n"


def put(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def fmlint(cwd: Path, *args: str, **kwargs):
    return run_fmlint(*args, cwd=cwd, **kwargs)


# ---------------------------------------------------------------- 1. the summary line, always


@pytest.mark.parametrize("output_format", MACHINE)
def test_a_machine_format_written_to_a_file_still_says_why_the_run_failed(tmp_path, output_format):
    put(tmp_path, {"site/post.md": BAD})
    written = fmlint(tmp_path, "check", "--no-cache", "--output-format", output_format, "-o", "r")
    assert (written.returncode, written.stdout) == (1, "")
    assert written.stderr == BAD_SUMMARY
    printed = fmlint(tmp_path, "check", "--no-cache", "--output-format", output_format)
    assert printed.returncode == 1
    # stdout is the report, byte for byte what -o writes: nothing else joins it
    assert printed.stdout == (tmp_path / "r").read_text(encoding="utf-8")
    assert printed.stderr == BAD_SUMMARY


def test_gitlab_to_a_file_names_the_findings_on_stderr(tmp_path):
    put(tmp_path, {"content/a.md": BAD, "content/b.md": FIXABLE, "content/c.md": SEED})
    args = ("check", "--no-cache", "--output-format", "gitlab", "-o", "gl.json", "content")
    result = fmlint(tmp_path, *args)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "Found 1 error and 3 warnings in 2 of 3 files. 3 fixable with --fix (1 more with "
        "--unsafe-fixes).\n"
    )
    assert len(json.loads((tmp_path / "gl.json").read_text(encoding="utf-8"))) == 4


def test_quiet_keeps_stderr_empty_in_a_machine_format(tmp_path):
    put(tmp_path, {"post.md": BAD})
    result = fmlint(tmp_path, "check", "--no-cache", "-q", "--output-format", "json", "post.md")
    assert (result.returncode, result.stderr) == (1, "")
    assert [d["code"] for d in json.loads(result.stdout)] == ["FM101"]


def test_a_clean_run_in_a_machine_format_says_so(tmp_path):
    put(tmp_path, {"post.md": SEED})
    result = fmlint(tmp_path, "check", "--no-cache", "--output-format", "sarif", "-o", "x", ".")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "",
        "All checks passed (1 file).\n",
    )


# ---------------------------------------------------------------- 2. --diff says what remains


def test_diff_with_nothing_to_fix_on_an_error_exits_1_and_says_why(tmp_path):
    put(tmp_path, {"site/post.md": UNFIXABLE})
    result = fmlint(tmp_path, "check", "--diff", "site")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "Found 1 error in 1 of 1 file. No fixes available.\n"


def test_diff_names_the_fixes_only_unsafe_fixes_would_make(tmp_path):
    put(tmp_path, {"post.md": WARNED})
    result = fmlint(tmp_path, "check", "--diff", "post.md")
    assert (result.returncode, result.stdout) == (0, "")  # warnings fail nothing
    assert result.stderr == (
        "Found 2 warnings in 1 of 1 file. 2 findings fixable with --unsafe-fixes.\n"
    )
    strict = fmlint(tmp_path, "check", "--diff", "--strict", "post.md")
    assert (strict.returncode, strict.stdout) == (1, "")


def test_diff_says_what_it_would_fix_and_what_would_remain(tmp_path):
    put(tmp_path, {"site/a.md": FIXABLE, "site/b.md": BAD})
    result = fmlint(tmp_path, "check", "--diff", "site")
    assert result.returncode == 1
    assert result.stdout.startswith("--- a/site/a.md\n+++ b/site/a.md\n@@ -19,9 +19,6 @@\n")
    assert "--- a/site/b.md" not in result.stdout
    assert result.stderr == (
        "Would fix 3 findings in 1 file; what would remain:\n"
        "Found 1 error in 1 of 2 files. 1 finding fixable with --unsafe-fixes.\n"
    )
    fixable_only = fmlint(tmp_path, "check", "--diff", "site/a.md")
    assert fixable_only.stdout == result.stdout  # the diff itself is unchanged
    assert (fixable_only.returncode, fixable_only.stderr) == (
        1,
        "Would fix 3 findings in 1 file.\n",
    )


def test_diff_of_a_clean_file_passes(tmp_path):
    put(tmp_path, {"post.md": SEED})
    result = fmlint(tmp_path, "check", "--diff", "post.md")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "",
        "All checks passed (1 file).\n",
    )


def test_diff_of_stdin_says_what_remains_too(run):
    result = run("check", "--diff", "-", "--stdin-filename", "post.md", input=BAD)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Found 1 error in 1 of 1 file. 1 finding fixable with --unsafe-fixes.\n"
    fixable = run("check", "--diff", "-", "--stdin-filename", "post.md", input=FIXABLE)
    assert fixable.exit_code == 1
    assert fixable.stdout.startswith("--- a/post.md\n+++ b/post.md\n@@ -19,9 +19,6 @@\n")
    assert fixable.stderr == "Would fix 3 findings in 1 file.\n"


def test_diff_quiet_says_nothing_but_still_fails(tmp_path):
    put(tmp_path, {"post.md": BAD})
    result = fmlint(tmp_path, "check", "--diff", "-q", "post.md")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")


# ---------------------------------------------------------------- 3. nothing to lint


WALK = (
    "(a directory walk takes *.md, *.markdown, *.mdx, *.txt, *.html, *.htm, *.njk, *.liquid, "
    "*.webc, *.hbs, *.ejs, *.haml, *.pug and *.xml files that open with front matter: ---, +++, "
    "or { in Markdown; name a file to lint it whatever it holds)"
)


def test_an_empty_folder_is_no_pass(tmp_path):
    (tmp_path / "empty").mkdir()
    for extra in ((), ("--output-format", "json"), ("--diff",), ("--fix",)):
        result = fmlint(tmp_path, "check", "--no-cache", *extra, "empty")
        assert (result.returncode, result.stdout) == (2, ""), extra
        assert result.stderr == f"fmlint: error: no files to lint in empty {WALK}\n", extra


def test_folders_without_front_matter_files_are_no_pass(tmp_path):
    put(tmp_path, {"a/README.md": b"# a readme\n", "b/notes.rst": b"---\nx: 1\n---\n"})
    result = fmlint(tmp_path, "check", "--no-cache", "a", "b")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"fmlint: error: no files to lint in a, b {WALK}\n"
    default = fmlint(tmp_path, "check", "--no-cache")  # the current folder
    assert (default.returncode, default.stderr) == (
        2,
        f"fmlint: error: no files to lint in . {WALK}\n",
    )


def test_the_message_names_the_configured_include(tmp_path):
    put(tmp_path, {".fmlint.toml": b'include = ["*.md"]\n', "posts/a.txt": SEED})
    result = fmlint(tmp_path, "check", "--no-cache", "posts")
    assert result.returncode == 2
    assert result.stderr == (
        "fmlint: error: no files to lint in posts (a directory walk takes *.md files that open "
        "with front matter: ---, +++, or { in Markdown; name a file to lint it whatever it "
        "holds)\n"
    )


def test_a_named_file_is_linted_whatever_it_holds(tmp_path):
    put(tmp_path, {"README.md": b"# a readme\n"})
    result = fmlint(tmp_path, "check", "--no-cache", "--output-format", "concise", "README.md")
    assert result.returncode == 1
    assert result.stdout == "README.md:1:1: FM001 no front matter: the first line is not `---`\n"


def test_a_record_of_an_article_collection_that_opens_otherwise_is_reported(tmp_path):
    """Jekyll reads no record whose fence is not on its first line: in `_news/` a fence after a
    blank line or a space is a defect, even in a walk (and under pre-commit's
    --only-front-matter); a page outside the collection, or a README without a fence, is not."""
    record = (EXAMPLES / "valid" / "2021-layout.md").read_bytes()
    put(tmp_path, {".fmlint.toml": b'[collections]\n"_news/**" = "article"\n'})
    put(tmp_path, {"_news/blank.md": b"\n" + record, "_news/indented.md": b" " + record})
    put(tmp_path, {"_news/sound.md": record, "_news/notes.html": b"<p>x</p>\n"})
    put(tmp_path, {"_news/README.md": b"# How these records are written\n"})  # no fence: no record
    put(tmp_path, {"about.md": b"# About\n"})
    wanted = [
        "_news/blank.md:1:1: FM001 no front matter: the first line is not `---`",
        "_news/indented.md:1:1: FM001 no front matter: the first line is not `---`",
    ]
    walk = fmlint(tmp_path, "check", "--no-cache", "--output-format", "concise", ".")
    assert (walk.returncode, walk.stdout.splitlines()) == (1, wanted)
    hook = ("check", "--offline", "--only-front-matter", "--output-format", "concise")
    named = fmlint(tmp_path, *hook, "about.md", "_news/blank.md", "_news/indented.md")
    assert (named.returncode, named.stdout.splitlines()) == (1, wanted)
    put(tmp_path, {f"_news/sound{n}.md": record for n in range(300)})  # enough for workers
    workers = fmlint(tmp_path, "check", "--no-cache", "-j", "2", "--output-format", "concise")
    assert (workers.returncode, workers.stdout.splitlines()) == (1, wanted)


def test_pre_commit_naming_only_skipped_files_still_passes(tmp_path):
    put(tmp_path, {"README.md": b"# a readme\n", ".fmlint.toml": b'exclude = ["drafts/"]\n'})
    put(tmp_path, {"drafts/a.md": BAD})
    hook = ("check", "--offline", "--only-front-matter", "--force-exclude")
    result = fmlint(tmp_path, *hook, "README.md", "drafts/a.md")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "",
        "All checks passed (0 files).\n",
    )


def test_the_examples_lint_as_before():
    result = run_fmlint("check", "--no-cache", "examples/", cwd=EXAMPLES.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "Found 43 errors and 24 warnings in 66 of 74 files; 1 file not read (FM012). "
        "8 fixable with --fix (3 more with --unsafe-fixes)."
    )


# ---------------------------------------------------------------- 4. the job summary's order


def test_the_job_summary_lists_errors_first(tmp_path):
    put(tmp_path, {"content/a.md": WARNED, "content/b.md": BAD})
    summary = tmp_path / "summary.md"
    result = fmlint(
        tmp_path,
        "check",
        "--no-cache",
        "--output-format",
        "github",
        "content",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.returncode == 1
    assert result.stderr == (
        "Found 1 error and 2 warnings in 2 of 2 files. 3 findings fixable with --fix "
        "--unsafe-fixes.\n"
    )
    listed = summary.read_text(encoding="utf-8").split("Findings:\n\n")[1].splitlines()
    assert [line.split(" (")[0] for line in listed if line] == [
        "- content/b.md:3: FM101",  # the error first, though its path sorts last
        "- content/a.md:6: FM202",
        "- content/a.md:23: FM202",
    ]


# ---------------------------------------------------------------- 5. fmlint clean


def test_clean_removes_the_hint_stamp_and_so_the_folder(tmp_path):
    put(tmp_path, {"_news/a.md": BAD, "_games/b.md": BAD})
    checked = fmlint(tmp_path, "check", "--output-format", "concise", ".")
    assert checked.returncode == 1
    assert checked.stderr.splitlines()[-1].startswith(
        "fmlint: hint: without configuration every article record is linted"
    )
    cache = tmp_path / ".fmlint_cache"
    assert (cache / "collections-hint").is_file()
    (cache / "online-v1.json").write_text("{}", encoding="utf-8")  # as --online leaves it
    cleaned = fmlint(tmp_path, "clean")
    assert (cleaned.returncode, cleaned.stdout) == (0, "")
    assert cleaned.stderr == f"Removed the cache: {cache}\n"
    assert sorted(os.listdir(tmp_path)) == ["_games", "_news"]  # nothing for git to show


def test_clean_still_leaves_what_fmlint_did_not_write(tmp_path):
    cache = put(tmp_path / "cache", {"collections-hint": b"", "mine.txt": b"keep me\n"})
    cleaned = fmlint(tmp_path, "clean", "--cache-dir", str(cache))
    assert (cleaned.returncode, cleaned.stderr) == (0, f"Removed the cache: {cache}\n")
    assert os.listdir(cache) == ["mine.txt"]


# ---------------------------------------------------------------- 6. HTML and a terminal

# Runs the command with its stdout on a terminal (a pseudo-terminal read to the end, then
# forwarded), its stderr as run_fmlint captures it.
ON_A_TERMINAL = [
    sys.executable,
    "-c",
    "import os, pty, subprocess, sys\n"
    "master, slave = pty.openpty()\n"
    "child = subprocess.Popen(sys.argv[1:], stdout=slave)\n"
    "os.close(slave)\n"
    "seen = b''\n"
    "while True:\n"
    "    try:\n"
    "        chunk = os.read(master, 65536)\n"
    "    except OSError:\n"
    "        break\n"
    "    if not chunk:\n"
    "        break\n"
    "    seen += chunk\n"
    "sys.stdout.buffer.write(seen)\n"
    "sys.exit(child.wait())\n",
]
HTML_REFUSED = (
    "Usage: fmlint check [OPTIONS] [PATHS]...\n"
    "Try 'fmlint check --help' for help.\n"
    "\n"
    "Error: --output-format html writes a whole web page, not one for a terminal: give -o "
    "report.html (or redirect it: > report.html)\n"
)


@pytest.mark.parametrize("extra", [(), ("--statistics",)], ids=["lean", "click"])
def test_html_to_a_terminal_is_a_usage_error(tmp_path, extra):
    put(tmp_path, {"post.md": BAD})
    args = ("check", "--no-cache", "--output-format", "html", *extra, "post.md")
    result = fmlint(tmp_path, *args, prefix=ON_A_TERMINAL)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", HTML_REFUSED)
    from_env = fmlint(
        tmp_path, "check", "post.md", prefix=ON_A_TERMINAL, env={"FMLINT_OUTPUT_FORMAT": "html"}
    )
    assert (from_env.returncode, from_env.stderr) == (2, HTML_REFUSED)


def test_html_to_a_file_or_a_pipe_still_works(tmp_path):
    put(tmp_path, {"post.md": BAD})
    args = ("check", "--no-cache", "--output-format", "html")
    written = fmlint(tmp_path, *args, "-o", "report.html", "post.md", prefix=ON_A_TERMINAL)
    assert (written.returncode, written.stdout) == (1, "")
    assert written.stderr == BAD_SUMMARY
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n")
    piped = fmlint(tmp_path, *args, "post.md")
    assert (piped.returncode, piped.stdout) == (1, page)


# ---------------------------------------------------------------- 7. FMLINT_OUTPUT_FORMAT


BAD_ENV = (
    "fmlint: error: FMLINT_OUTPUT_FORMAT='gitlabb' is not an output format; use one of: full, "
    "concise, json, json-lines, github, gitlab, sarif, junit, html\n"
)


@pytest.mark.parametrize("extra", [(), ("--statistics",)], ids=["lean", "click"])
def test_a_bad_output_format_variable_is_named_as_one(tmp_path, extra):
    put(tmp_path, {"post.md": BAD})
    env = {"FMLINT_OUTPUT_FORMAT": "gitlabb"}
    result = fmlint(tmp_path, "check", "--no-cache", *extra, "post.md", env=env)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", BAD_ENV)


def test_the_flag_beats_the_variable_and_a_good_variable_works(tmp_path):
    put(tmp_path, {"post.md": BAD})
    args = ("check", "--no-cache", "post.md")
    flagged = fmlint(
        tmp_path, *args, "--output-format", "concise", env={"FMLINT_OUTPUT_FORMAT": "gitlabb"}
    )
    assert (flagged.returncode, flagged.stdout) == (1, f"post.md:3:1: FM101 {FM101_LINE}\n")
    lines = fmlint(tmp_path, *args, env={"FMLINT_OUTPUT_FORMAT": "json-lines"})
    assert lines.returncode == 1
    assert [json.loads(line)["code"] for line in lines.stdout.splitlines()] == ["FM101"]
    empty = fmlint(tmp_path, *args, "--output-format", "concise", env={"FMLINT_OUTPUT_FORMAT": ""})
    assert empty.returncode == 1


# ---------------------------------------------------------------- 8. one Public Suffix List


def test_storing_the_suffix_list_removes_the_other_installs_lists(tmp_path):
    folder = tmp_path / "cache"
    outside = put(tmp_path / "outside", {"psl-3-4.marshal": b"not ours to remove"})
    planted = {
        "psl-1-2.marshal": b"an older install's",  # the only one to go
        "psl-5-6.marshal.bak": b"",
        "psl-notes.marshal": b"",
        "mypsl-7-8.marshal": b"",
        "notes.txt": b"",
    }
    put(folder, planted)
    (folder / "psl-3-4.marshal").symlink_to(outside / "psl-3-4.marshal")  # never through a link
    (folder / "psl-9-10.marshal").mkdir()  # a folder is no list
    put(tmp_path, {"post.md": SEED})
    env = {"FMLINT_CACHE_DIR": str(folder)}
    result = fmlint(tmp_path, "check", "--no-cache", "post.md", env=env)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "",
        "All checks passed (1 file).\n",
    )
    info = os.stat(suffixes._list_file())
    current = f"psl-{info.st_size}-{info.st_mtime_ns}.marshal"
    kept = [name for name in planted if name != "psl-1-2.marshal"]
    assert sorted(os.listdir(folder)) == sorted(
        [current, *kept, "psl-3-4.marshal", "psl-9-10.marshal"]
    )
    assert (outside / "psl-3-4.marshal").read_bytes() == b"not ours to remove"
    again = fmlint(tmp_path, "check", "--no-cache", "post.md", env=env)  # read, not written
    assert (again.returncode, again.stderr) == (0, "All checks passed (1 file).\n")
    assert current in os.listdir(folder)


# ---------------------------------------------------------------- 9. --extend-exclude


def extend_exclude_site(root: Path) -> Path:
    return put(
        root,
        {
            ".fmlint.toml": b'exclude = ["drafts/"]\nextend-exclude = ["archive/"]\n',
            "drafts/a.md": BAD,
            "archive/b.md": BAD,
            "old/c.md": BAD,
            "news/d.md": BAD,
        },
    )


def test_extend_exclude_adds_to_exclude(tmp_path):
    extend_exclude_site(tmp_path)
    args = ("check", "--no-cache", "--output-format", "concise")
    plain = fmlint(tmp_path, *args, ".")
    assert plain.stdout == f"news/d.md:3:1: FM101 {FM101_LINE}\nold/c.md:3:1: FM101 {FM101_LINE}\n"
    more = fmlint(tmp_path, *args, "--extend-exclude", "old/", "--extend-exclude", "x/", ".")
    assert (more.returncode, more.stdout) == (1, f"news/d.md:3:1: FM101 {FM101_LINE}\n")
    assert more.stderr == BAD_SUMMARY
    named = fmlint(tmp_path, *args, "--force-exclude", "--extend-exclude", "old/", "old/c.md")
    assert (named.returncode, named.stdout) == (0, "")  # excluded like `exclude`'s own globs


def test_extend_exclude_in_help_and_in_config(tmp_path):
    extend_exclude_site(tmp_path)
    helped = fmlint(tmp_path, "check", "--help")
    assert "--extend-exclude GLOB" in helped.stdout
    shown = fmlint(tmp_path, "config")
    config = tmp_path.resolve() / ".fmlint.toml"
    assert f'extend-exclude = ["archive/"]  # {config}\n' in shown.stdout


def test_a_bad_extend_exclude_glob_is_a_usage_error(tmp_path):
    put(tmp_path, {"post.md": SEED})
    result = fmlint(tmp_path, "check", "--isolated", "--extend-exclude", "[z-a]", ".")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("fmlint: error: command line: 'extend-exclude': ")


# ---------------------------------------------------------------- 9. fmlint config PATH


GENERIC = [
    "  FM001  error    no-front-matter",
    "  FM002  error    unclosed-front-matter",
    "  FM003  error    empty-front-matter",
    "  FM004  error    front-matter-not-mapping",
    "  FM005  error    yaml-syntax",
    "  FM006  error    yaml-tab",
    "  FM007  error    duplicate-key",
    "  FM008  error    yaml-tag",
    "  FM009  error    alias-expansion",
    "  FM010  error    nesting-too-deep",
    "  FM011  error    not-text",
    "  FM012  warning  front-matter-unreadable",
    "  FM020  warning  unused-suppression",
]


@pytest.fixture
def site(tmp_path) -> Path:
    return put(
        tmp_path,
        {
            ".fmlint.toml": (
                b'exclude = ["_news/drafts/"]\n'
                b"[collections]\n"
                b'"_news/**" = "article"\n'
                b'"_games/**" = "schemas/games.schema.json"\n'
                b"[per-file-ignores]\n"
                b'"_news/old-*.md" = ["FM3", "FM205"]\n'
                b"[severity]\n"
                b'FM020 = "error"\n'
            ),
            "schemas/games.schema.json": b'{"type": "object"}\n',
            "_news/old-a.md": SEED,
            "_news/drafts/b.md": SEED,
            "_games/g.md": b"---\nname: x\n---\n",
            "about.md": b"---\nlayout: page\n---\n",
        },
    )


def test_config_path_of_a_page_in_no_collection(site):
    result = fmlint(site, "config", "about.md")
    assert (result.returncode, result.stderr) == (0, "")
    generic = [line.replace("FM020  warning", "FM020  error  ") for line in GENERIC]
    assert result.stdout.splitlines() == [
        "file: about.md",
        "collection: (none: no glob of [tool.fmlint.collections] matches it: only the checks "
        "that hold for any front matter run)",
        "schema: (none)",
        "codes that run (13 of 52):",
        *[line.rstrip() for line in generic],
    ]


def config_of(site: Path, path: str) -> list[str]:
    """`fmlint config PATH`'s lines (exit 0, nothing on stderr)."""
    result = fmlint(site, "config", path)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout.splitlines()


def test_config_path_of_a_record_of_a_user_schema(site):
    lines = config_of(site, "_games/g.md")
    assert lines[:4] == [
        "file: _games/g.md",
        f"collection: '_games/**' = schemas/games.schema.json  # {site.resolve() / '.fmlint.toml'}",
        f"schema: {site.resolve() / 'schemas' / 'games.schema.json'}",
        "codes that run (52 of 52):",
    ]
    # every code, as on an article: the rules find their values by what the schema says of them
    # (`format`, `x-fmlint-role`), so they find nothing in a schema that marks nothing
    assert [line.split()[0] for line in lines[4:]] == [code.code for code in all_codes()]
    assert lines[4:] == config_of(site, "_news/drafts/b.md")[5:]


def test_config_path_of_an_article_with_ignores_and_exclude(site):
    config = site.resolve() / ".fmlint.toml"
    lines = config_of(site, "_news/drafts/b.md")
    assert lines[:5] == [
        "file: _news/drafts/b.md",
        f"collection: '_news/**' = article  # {config}",
        f"schema: article, the bundled schema ({os.path.normpath(_bundled())})",
        "exclude: matches it: a directory walk skips it (named on the command line, it is "
        "linted unless --force-exclude)",
        "codes that run (52 of 52):",
    ]
    assert "  FM207  error    url-dead                  (with --online)" in lines
    old = config_of(site, "_news/old-a.md")
    assert old[3] == f"per-file-ignores: FM3, FM205  # {config}"
    assert old[4] == "codes that run (47 of 52):"  # FM301-FM304 and FM205 left out
    assert not [line for line in old[5:] if line.split()[0].startswith(("FM3", "FM205"))]


def test_config_path_must_name_a_file(site):
    missing = fmlint(site, "config", "nope.md")
    assert (missing.returncode, missing.stdout, missing.stderr) == (
        2,
        "",
        "fmlint: error: nope.md: no such file\n",
    )
    folder = fmlint(site, "config", "_news")
    assert (folder.returncode, folder.stderr) == (
        2,
        "fmlint: error: _news: a folder: name a file (the settings can differ file by file)\n",
    )


def test_config_without_a_path_is_unchanged(site):
    result = fmlint(site, "config")
    assert result.returncode == 0
    assert result.stdout.startswith(f"config file: {site.resolve() / '.fmlint.toml'}\n")


def _bundled() -> Path:
    from validator.schema.load import bundled_schema_path

    return bundled_schema_path()


def test_check_help_lists_the_online_options_apart(run):
    """`check --help` holds 40 options; the 14 that matter only with `--online` come under a
    heading of their own, after the others."""
    text = run("check", "--help").stdout
    general, _, online = text.partition("Online checks (--online):\n")
    assert online, text
    for name in ("--timeout", "--max-retries", "--resolve", "--allow-private-hosts", "--online"):
        assert name in online and name not in general.replace("--online / --offline", "")
    for name in ("--fix", "--output-format", "--select", "--extend-exclude", "--help"):
        assert name in general and name not in online


# ---------------------------------------------------------------- 9. the README's quick start


QUICK_START = (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start\n", 1)[1]
QUICK_START = QUICK_START.split("\n## ", 1)[0]
JEKYLL_DOCS = SHARED / "corpus" / "ssg" / "jekyll" / "docs"


def quick_start(kind: str) -> tuple[list[list[str]], str]:
    """The commands of the quick start's `kind` paragraph (`**An article archive.**`), each split
    as a shell splits it, and the words after them, one line."""
    part = QUICK_START.split(f"**{kind}**", 1)[1].split("\n**", 1)[0]
    block, words = re.match(r".*?^```sh\n(.*?)^```\n(.*)", part, flags=re.M | re.S).groups()
    return [shlex.split(line) for line in block.splitlines()], " ".join(words.split())


def run_as_written(written: list[list[str]], folder: Path):
    """Each `fmlint ...` command of the README, in `folder`."""
    assert all(command[0] == "fmlint" for command in written), written
    return [fmlint(folder, *command[1:]) for command in written]


def says(words: str, *quotes: str) -> None:
    """The README says each of these, between backticks."""
    for quote in quotes:
        assert f"`{quote}`" in words, quote


def test_the_quick_start_for_an_article_archive_does_what_it_says(tmp_path):
    written, words = quick_start("An article archive.")
    assert written == [["fmlint", "init"], ["fmlint", "check"]]
    archive = tmp_path / "archive"
    shutil.copytree(EXAMPLES / "valid", archive / "_news")  # "the records of `examples/valid/`"
    says(words, "examples/valid/", '"_news/**" = "article"')
    init, check = run_as_written(written, archive)
    assert init.returncode == 0, init.stderr
    says(words, init.stderr.splitlines()[0])  # `_news/: article (6 of 6 records fit ...)`
    config = (archive / ".fmlint.toml").read_text(encoding="utf-8")
    assert '"_news/**" = "article"' in config.splitlines()
    assert check.returncode == 0, check.stderr
    says(words, check.stderr.strip())  # `All checks passed (6 files).`

    # "or lists each finding and ends with ... and exits 1", the defect the README names added
    says(words, "examples/invalid/FM101-unknown-key.md")
    shutil.copy(EXAMPLES / "invalid" / "FM101-unknown-key.md", archive / "_news")
    (again,) = run_as_written(written[1:], archive)
    assert again.returncode == 1 and "exits 1" in words
    assert again.stdout.startswith("_news/FM101-unknown-key.md:3:1: FM101 unknown key 'tittle'")
    says(words, again.stderr.strip().splitlines()[-1])  # `Found 1 error in 1 of 7 files.`


@pytest.mark.skipif(
    not JEKYLL_DOCS.is_dir(),
    reason=f"the real sites of other generators are not here ({JEKYLL_DOCS}); CI has them",
)
def test_the_quick_start_for_a_site_does_what_it_says_on_jekyll_s_docs(tmp_path):
    written, words = quick_start("A Jekyll, Hugo or Astro site.")
    assert written == [["fmlint", "init"], ["fmlint", "check"]]
    site = Path(shutil.copytree(JEKYLL_DOCS, tmp_path / "site"))
    init, check = run_as_written(written, site)
    assert init.returncode == 0, init.stderr
    assert "recognises the generator by its configuration" in words
    assert init.stderr.startswith("Jekyll site (_config.yml)\n")
    config = tomllib.loads((site / ".fmlint.toml").read_text(encoding="utf-8"))
    globs = re.findall(r"`(_\w+/\*\*)`", words)  # "`_docs/**`, `_posts/**` and `_tutorials/**`"
    assert globs and set(globs) <= set(config["collections"])
    for schema in config["collections"].values():  # "writes `.fmlint.toml` and those schemas"
        assert (site / schema).is_file(), schema
    # "exits 0 when nothing is broken and 1 when something is": real defects may remain
    assert "exits 0 when nothing is broken and 1 when something is" in words
    summary = check.stderr.strip().splitlines()[-1]
    broken = re.match(r"Found \d+ errors? ", summary) is not None
    assert check.returncode == (1 if broken else 0), check.stderr
    assert broken or summary.startswith("All checks passed (")
    assert "fmlint: error" not in check.stderr
