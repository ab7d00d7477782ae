"""`fmlint check --fix / --diff / --unsafe-fixes / --show-fixes`, end to end.

The golden cases in `tests/fix_golden/` are pairs `<name>.before.md` / `<name>.after.md`; the
`after` files were written by hand (not produced by fmlint), so a golden test states what the fix
must produce, byte for byte: only the fixed values change; comments, quoting, indentation, line
endings, a BOM and the body stay as they were.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.article_config import article_config
from validator.codes import all_codes
from validator.config import Collection, Settings
from validator.diagnostic import Fix
from validator.fixing import edits as fixmod
from validator.fixing import passes as fixing
from validator.rules import all_rules
from validator.run.linter import Linter

from .conftest import CORPUS, EXAMPLES, needs_corpus

GOLDEN = Path(__file__).parent / "fix_golden"
CASES = sorted(path.name.removesuffix(".before.md") for path in GOLDEN.glob("*.before.md"))
EXTRA_ARGS = {name: ("--unsafe-fixes",) for name in ("FM101-unknown-key", "FM202-url-insecure")}
SEED = EXAMPLES / "valid" / "seed.md"
OLD = 1_000_000_000  # an mtime in 2001: any rewrite would move it


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


@pytest.fixture(scope="module")
def articles() -> Linter:
    """A linter to which every file is an article record, as small as a test's may be (`type`
    and `quality`: too few keys to be told for an article by them)."""
    return Linter(settings=Settings(collections=(Collection("**", "article"),)))


def copy_to(tmp_path: Path, source: Path | bytes, name: str = "article.md") -> Path:
    target = tmp_path / name
    target.write_bytes(source if isinstance(source, bytes) else source.read_bytes())
    os.utime(target, (OLD, OLD))
    return target


def fixable_findings(linter: Linter, data: bytes, unsafe: bool = False) -> list:
    result = linter.lint_bytes(data, "article.md")
    return [d for d in result.diagnostics if fixmod.wanted(d.fix, unsafe)]


def raw_stdout(result) -> str:
    """What was printed, byte for byte (click's `Result.stdout` turns CRLF into LF)."""
    return result.stdout_bytes.decode("utf-8")


def seed_with(old: str, new: str) -> bytes:
    text = SEED.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1).encode("utf-8")


# --- golden before/after files ------------------------------------------------------------------


def test_golden_cases_are_there():
    assert len(CASES) >= 10
    for name in CASES:
        assert (GOLDEN / f"{name}.after.md").is_file(), name


def test_every_fixable_code_has_a_golden_case():
    # FM103's fix comes from the schema (`width: "620"`), not from a rule module.
    fixable = {code.code for code in all_codes() if code.fix} | {"FM103"}
    # the online rules' fixes (FM208, FM406) need the network's answers: tests/test_online.py
    # applies them against a real HTTP server on 127.0.0.1
    fixable -= {module.CODE for module in all_rules() if getattr(module, "ONLINE", False)}
    # FM408's fix needs a site with the picture file, linted from its root (the golden cases are
    # linted from a temporary folder outside the project): tests/test_local_pictures.py
    fixable -= {"FM408"}
    covered = {name.split("-")[0] for name in CASES}
    assert fixable <= covered, f"no golden case for {sorted(fixable - covered)}"


def test_crlf_golden_case_really_has_crlf_and_a_bom():
    """A checkout that converts line endings would silently turn this case into an LF one."""
    for suffix in ("before", "after"):
        data = (GOLDEN / f"CRLF-bom-comment-body.{suffix}.md").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf---\r\n")
        assert data.count(b"\n") == data.count(b"\r\n") > 50
        assert data.endswith(b"---\r\n\r\n\r\n")
        assert b" # a number now\r\n" in data


@pytest.mark.parametrize("name", CASES)
def test_golden_before_has_fixable_findings_and_after_is_clean(linter, name):
    extra = EXTRA_ARGS.get(name, ())
    before = (GOLDEN / f"{name}.before.md").read_bytes()
    after = (GOLDEN / f"{name}.after.md").read_bytes()
    assert fixable_findings(linter, before, unsafe="--unsafe-fixes" in extra)
    assert linter.lint_bytes(after, "after.md").diagnostics == ()


@pytest.mark.parametrize("name", CASES)
def test_golden_fix(run, linter, tmp_path, name):
    extra = EXTRA_ARGS.get(name, ())
    before = (GOLDEN / f"{name}.before.md").read_bytes()
    after = (GOLDEN / f"{name}.after.md").read_bytes()
    target = copy_to(tmp_path, before)
    expected_count = len(fixable_findings(linter, before, unsafe="--unsafe-fixes" in extra))

    first = run("check", "--fix", *extra, str(target))
    assert target.read_bytes() == after
    assert first.exit_code == 0, first.output
    assert first.stdout == ""  # nothing remains to report
    noun = "finding" if expected_count == 1 else "findings"
    assert f"Fixed {expected_count} {noun} in 1 file.\n" in first.stderr
    assert os.listdir(tmp_path) == ["article.md"]  # no temporary file left behind

    os.utime(target, (OLD, OLD))
    second = run("check", "--fix", *extra, str(target))
    assert target.read_bytes() == after
    assert second.exit_code == 0
    assert "Fixed" not in second.stderr
    assert second.stderr == "All checks passed (1 file).\n"
    assert target.stat().st_mtime == OLD  # not rewritten


@pytest.mark.parametrize("name", CASES)
def test_golden_diff_is_what_fix_writes(run, tmp_path, monkeypatch, name):
    """--diff describes exactly the change --fix makes: applying it as a patch gives `after`."""
    extra = EXTRA_ARGS.get(name, ())
    before = (GOLDEN / f"{name}.before.md").read_bytes()
    after = (GOLDEN / f"{name}.after.md").read_bytes()
    target = copy_to(tmp_path, before)
    monkeypatch.chdir(tmp_path)
    result = run("check", "--diff", *extra, "article.md")
    assert result.exit_code == 1
    assert target.read_bytes() == before and target.stat().st_mtime == OLD
    assert apply_patch(before.decode("utf-8"), raw_stdout(result)) == after.decode("utf-8")


def apply_patch(text: str, diff: str) -> str:
    """A minimal unified-diff applier for one file (enough to check --diff against --fix)."""
    lines = text.splitlines(keepends=True)
    patch = diff.splitlines(keepends=True)
    assert patch[0].startswith("--- a/") and patch[1].startswith("+++ b/")
    out, position, index = [], 0, 2
    while index < len(patch):
        header = patch[index]
        assert header.startswith("@@ -"), header
        start = int(header[4:].split(",")[0].split(" ")[0]) - 1
        out.extend(lines[position:start])
        position = start
        index += 1
        while index < len(patch) and not patch[index].startswith("@@ "):
            tag, body = patch[index][0], patch[index][1:]
            if tag in " -":
                assert lines[position] == body, (position, body)
                position += 1
            if tag in " +":
                out.append(body)
            index += 1
    out.extend(lines[position:])
    return "".join(out)


# --- --diff -------------------------------------------------------------------------------------

EXPECTED_DIFF = """\
--- a/article.md
+++ b/article.md
@@ -19,9 +19,6 @@
 topics:
   - AI # the first spelling stays
   - Power Apps
-  - ai
-  - 'AI'
-  - "power  apps"
 \n\
 images:
   - url: "https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/_131809931_mediaitem131809929.jpg"
"""


def test_diff_prints_a_unified_diff_and_writes_nothing(run, tmp_path, monkeypatch):
    target = copy_to(tmp_path, GOLDEN / "FM503-duplicate-topic.before.md")
    before = target.read_bytes()
    monkeypatch.chdir(tmp_path)
    result = run("check", "--diff", "article.md")
    assert result.exit_code == 1
    assert raw_stdout(result) == EXPECTED_DIFF
    assert result.stderr == "Would fix 3 findings in 1 file.\n"
    assert target.read_bytes() == before
    assert target.stat().st_mtime == OLD
    assert os.listdir(tmp_path) == ["article.md"]


def test_diff_keeps_crlf_in_the_lines_it_shows(run, tmp_path, monkeypatch):
    copy_to(tmp_path, GOLDEN / "CRLF-bom-comment-body.before.md")
    monkeypatch.chdir(tmp_path)
    result = run("check", "--diff", "article.md")
    assert result.exit_code == 1
    assert "-quality: '57' # a number now\r\n+quality: 57 # a number now\r\n" in raw_stdout(result)


def test_diff_with_fix_still_writes_nothing(run, tmp_path):
    target = copy_to(tmp_path, GOLDEN / "FM103-wrong-type.before.md")
    result = run("check", "--fix", "--diff", str(target))
    assert result.exit_code == 1
    assert '-quality: "57" # from the CMS\n+quality: 57 # from the CMS\n' in raw_stdout(result)
    assert target.read_bytes() == (GOLDEN / "FM103-wrong-type.before.md").read_bytes()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(SEED.read_bytes(), id="clean"),
        pytest.param(seed_with("category: news", "category: news\ntittle: x"), id="unfixable"),
    ],
)
def test_diff_is_empty_and_exits_0_when_nothing_to_fix(run, tmp_path, data):
    target = copy_to(tmp_path, data)
    result = run("check", "--diff", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_bytes() == data and target.stat().st_mtime == OLD


def test_diff_only_shows_unsafe_fixes_when_asked(run, tmp_path, monkeypatch):
    copy_to(tmp_path, GOLDEN / "FM202-url-insecure.before.md")
    monkeypatch.chdir(tmp_path)
    safe = run("check", "--diff", "article.md")
    assert (safe.exit_code, safe.stdout) == (0, "")
    unsafe = run("check", "--diff", "--unsafe-fixes", "article.md")
    assert unsafe.exit_code == 1
    assert '+originalUrl: "https://www.bbc.co.uk/news/technology-67521226"\n' in unsafe.stdout


def test_diff_reports_a_missing_path(run, tmp_path):
    missing = tmp_path / "nope.md"
    result = run("check", "--diff", str(missing))
    assert result.exit_code == 2
    assert f"fmlint: error: {missing}: no such file or directory" in result.stderr


def test_diff_of_files_without_a_final_line_break(run, tmp_path, monkeypatch):
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_bytes(b'---\ntype: video\nquality: "57"\n---')
    article_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("check", "--diff", "a.md", "b.md")
    assert result.exit_code == 1
    one = (
        "--- a/{0}\n+++ b/{0}\n@@ -1,4 +1,4 @@\n ---\n type: video\n"
        '-quality: "57"\n+quality: 57\n ---\n\\ No newline at end of file\n'
    )
    assert raw_stdout(result) == one.format("a.md") + one.format("b.md")


# --- --fix, --unsafe-fixes, --show-fixes ---------------------------------------------------------


def test_fix_reports_what_remains(run, tmp_path):
    data = seed_with("quality: 57\n", 'quality: "57"\nremoved: 3\n')
    target = copy_to(tmp_path, data)
    result = run("check", "--fix", "--output-format", "concise", str(target))
    assert result.exit_code == 1  # `removed: 3` is an error (FM103) and has no fix
    assert target.read_bytes() == seed_with("quality: 57\n", "quality: 57\nremoved: 3\n")
    codes = [line.split(" ")[1] for line in result.stdout.splitlines()]
    assert codes == ["FM103"]
    assert "Fixed 1 finding in 1 file.\n" in result.stderr
    assert result.stderr.endswith("Found 1 error in 1 of 1 file.\n")


def test_show_fixes_lists_each_fix(run, tmp_path):
    target = copy_to(tmp_path, GOLDEN / "FM503-duplicate-topic.before.md")
    result = run("check", "--fix", "--show-fixes", str(target))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f'{target}: fixed FM503: remove the repeated topic "ai"',
        f'{target}: fixed FM503: remove the repeated topic "AI"',
        f'{target}: fixed FM503: remove the repeated topic "power  apps"',
        "Fixed 3 findings in 1 file.",
        "All checks passed (1 file).",
    ]


def test_show_fixes_over_several_files(run, tmp_path):
    fm103 = copy_to(tmp_path, GOLDEN / "FM103-wrong-type.before.md", "a.md")
    fm303 = copy_to(tmp_path, GOLDEN / "FM303-date-style-space.before.md", "b.md")
    copy_to(tmp_path, SEED, "c.md")
    result = run("check", "--fix", "--show-fixes", str(tmp_path))
    assert result.exit_code == 0
    fixed = [line for line in result.stderr.splitlines() if ": fixed " in line]
    assert fixed == [
        f"{fm103}: fixed FM103: write 57 as a number",
        f"{fm103}: fixed FM103: write 1024 as a number",
        f"{fm103}: fixed FM103: write 620 as a number",
        f"{fm303}: fixed FM303: write 2023-11-27T16:07:00Z",
        f"{fm303}: fixed FM303: write 2023-11-27T04:02:00+01:00",
    ]
    assert "Fixed 5 findings in 2 files.\n" in result.stderr
    assert result.stderr.endswith("All checks passed (3 files).\n")


def test_without_show_fixes_only_the_count(run, tmp_path):
    copy_to(tmp_path, GOLDEN / "FM503-duplicate-topic.before.md")
    result = run("check", "--fix", str(tmp_path))
    assert ": fixed " not in result.stderr
    assert result.stderr == "Fixed 3 findings in 1 file.\nAll checks passed (1 file).\n"


def test_safe_run_leaves_fm202_alone_and_unsafe_fixes_it(run, tmp_path):
    before = (GOLDEN / "FM202-url-insecure.before.md").read_bytes()
    after = (GOLDEN / "FM202-url-insecure.after.md").read_bytes()
    target = copy_to(tmp_path, before)

    safe = run("check", "--fix", "--output-format", "concise", str(target))
    assert safe.exit_code == 0  # FM202 is a warning
    assert target.read_bytes() == before
    assert target.stat().st_mtime == OLD  # nothing safe to fix: not rewritten
    assert "Fixed" not in safe.stderr
    assert [line.split(" ")[1] for line in safe.stdout.splitlines()] == ["FM202", "FM202"]

    unsafe = run("check", "--fix", "--unsafe-fixes", "--show-fixes", str(target))
    assert target.read_bytes() == after
    assert unsafe.stdout == ""
    assert f"{target}: fixed FM202: write https://www.bbc.co.uk/news/technology-67521226" in (
        unsafe.stderr
    )


def test_unsafe_fixes_alone_does_not_write(run, tmp_path):
    before = (GOLDEN / "FM202-url-insecure.before.md").read_bytes()
    target = copy_to(tmp_path, before)
    result = run("check", "--unsafe-fixes", str(target))
    assert result.exit_code == 0
    assert target.read_bytes() == before and target.stat().st_mtime == OLD


def test_only_selected_findings_are_fixed(run, tmp_path):
    before = (GOLDEN / "CRLF-bom-comment-body.before.md").read_bytes()
    target = copy_to(tmp_path, before)
    result = run("check", "--fix", "--ignore", "FM103", "--show-fixes", str(target))
    assert result.exit_code == 0
    fixed = target.read_bytes()
    assert b"quality: '57' # a number now\r\n" in fixed  # ignored: left as written
    assert b"publishedDateTime: 2023-11-27T16:07:00Z\r\n" in fixed
    assert "FM103" not in result.stderr


def test_suppressed_findings_are_not_fixed(run, tmp_path):
    data = seed_with("quality: 57\n", "quality: '57' # fmlint: disable=FM103\n")
    target = copy_to(tmp_path, data)
    result = run("check", "--fix", str(target))
    assert result.exit_code == 0
    assert target.read_bytes() == data and target.stat().st_mtime == OLD


def test_unsafe_fix_chain_ends_in_the_right_bytes(linter):
    """FM202 on ampWebUrl changes what FM203 expects of cdnAmpWebUrl; the passes settle on the
    https pair. (The applied list names an FM203 fix to the `/c/` form and one back to `/c/s/`:
    --show-fixes reports both, though cdnAmpWebUrl ends as it started.)"""
    text = SEED.read_text(encoding="utf-8")
    amp = 'ampWebUrl: "https://www.bbc.co.uk/news/technology-67521226.amp"'
    broken = text.replace(amp, amp.replace("https:", "http:"), 1)
    fixed, applied, result = linter.fix_text(broken, "seed.md", unsafe=True)
    assert fixed == text
    assert result.diagnostics == ()
    assert {code for code, _ in applied} == {"FM202", "FM203"}


# --- only the fixed values change ---------------------------------------------------------------


def test_comment_on_a_repeated_topic_keeps_it(run, tmp_path):
    """Deleting the item would delete the comment: the finding is reported, not fixed."""
    data = seed_with("  - AI\n", "  - AI\n  - ai # keep me\n")
    target = copy_to(tmp_path, data)
    result = run("check", "--fix", "--output-format", "concise", str(target))
    assert target.read_bytes() == data and target.stat().st_mtime == OLD
    assert "FM503" in result.stdout


TITLE = 'title: "Children making AI-generated child abuse images, says charity"\n'
DATE = "publishedDateTime: 2023-11-27T16:07:00Z\n"


@pytest.mark.parametrize(
    ("line", "written", "fixed"),
    [
        ("quality: 57\n", "quality: '57'\n", "quality: 57\n"),
        ("quality: 57\n", "quality: '57' # note\n", "quality: 57 # note\n"),
        (TITLE, TITLE.replace(': "', ": '  ").replace('"\n', "'\n"), None),
        (TITLE, TITLE.replace(': "', ": ").replace('y"', "y\u00a0"), TITLE.replace('"', "")),
        (DATE, DATE.replace(":00Z", "Z"), DATE),
        (DATE, DATE.replace(":00Z", ":00+0100"), DATE.replace("Z", "+01:00")),
        # values without one right answer are left as written
        (TITLE, TITLE.replace(': "', ": >-\n  ").replace('"\n', " \n"), "unchanged"),
        (DATE, DATE.replace("T", " ").replace("Z", ""), "unchanged"),
        (DATE, "publishedDateTime: 2023-11-27\n", "unchanged"),
        ("quality: 57\n", 'quality: "057"\n', "unchanged"),
    ],
)
def test_value_edits(linter, line, written, fixed):
    """A fix writes the value in its own quoting style, and only a value with one right answer."""
    text = SEED.read_text(encoding="utf-8")
    assert line in text
    text = text.replace(line, written, 1)
    if fixed is None:  # single-quoted stays single-quoted
        fixed = written.replace("'  ", "'")
    out, applied, _ = linter.fix_text(text, "seed.md")
    if fixed == "unchanged":
        assert (out, applied) == (text, [])
    else:
        assert out == text.replace(written, fixed, 1)
        assert len(applied) == 1


def test_no_trailing_newline_and_dot_fence_are_kept(articles):
    text = '\ufeff---\r\ntype: video\r\nquality: "57"  # c\r\n...\r\nbody\r\n---\r\nno newline'
    out, applied, _ = articles.fix_text(text, "x.md")
    assert out == text.replace('"57"', "57")
    assert [code for code, _ in applied] == ["FM103"]


@pytest.mark.parametrize("separator", ["\u2028", "\x85"])
def test_a_unicode_line_separator_in_a_value_does_not_block_later_fixes(articles, separator):
    text = f'---\ntype: video\nexcerpt: "a{separator}b"\nquality: "57"\n---\n'
    out, applied, _ = articles.fix_text(text, "x.md")
    assert out == text.replace('"57"', "57")
    assert [code for code, _ in applied] == ["FM103"]


# --- writing: atomic, mode kept, changed on disk, syntax errors --------------------------------


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o755])
def test_mode_is_kept(run, tmp_path, mode):
    target = copy_to(tmp_path, GOLDEN / "FM103-wrong-type.before.md")
    target.chmod(mode)
    run("check", "--fix", str(target))
    assert target.read_bytes() == (GOLDEN / "FM103-wrong-type.after.md").read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_write_is_a_fsynced_temporary_file_renamed_over_the_original(run, tmp_path, monkeypatch):
    target = copy_to(tmp_path, GOLDEN / "FM103-wrong-type.before.md")
    inode = target.stat().st_ino
    calls = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        calls.append(("fsync", fd))
        return real_fsync(fd)

    def replace(source, destination):
        calls.append(("replace", Path(source), Path(destination)))
        assert Path(source).read_bytes() == (GOLDEN / "FM103-wrong-type.after.md").read_bytes()
        return real_replace(source, destination)

    monkeypatch.setattr(fixmod.os, "fsync", fsync)
    monkeypatch.setattr(fixmod.os, "replace", replace)
    run("check", "--fix", str(target))
    assert [call[0] for call in calls] == ["fsync", "replace"]
    _, source, destination = calls[1]
    assert source.parent == tmp_path  # same folder, so the rename is atomic
    assert source.name.startswith(".article.md.") and source.name.endswith(".tmp")
    assert destination == target
    assert target.stat().st_ino != inode  # a new file took the old one's name
    assert os.listdir(tmp_path) == ["article.md"]


def test_failed_rename_leaves_the_original_and_no_temporary_file(run, tmp_path, monkeypatch):
    before = (GOLDEN / "FM103-wrong-type.before.md").read_bytes()
    target = copy_to(tmp_path, before)

    def replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fixmod.os, "replace", replace)
    result = run("check", "--fix", str(target))
    assert result.exit_code == 2
    assert f"fmlint: error: {target}: cannot write: No space left on device" in result.stderr
    assert target.read_bytes() == before
    assert target.stat().st_mtime == OLD
    assert os.listdir(tmp_path) == ["article.md"]


def test_interrupted_write_leaves_the_original(tmp_path, monkeypatch):
    before = (GOLDEN / "FM103-wrong-type.before.md").read_bytes()
    target = copy_to(tmp_path, before)

    def fsync(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(fixmod.os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        fixmod.write_atomic(target, b"new", before)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["article.md"]


def test_file_changed_between_reading_and_writing_is_left_alone(run, tmp_path, monkeypatch):
    target = copy_to(tmp_path, GOLDEN / "FM103-wrong-type.before.md")
    meanwhile = b"---\ntype: video\nquality: '1'\n---\nsomeone else's edit\n"
    real_fix_text = fixing.fix_text

    def fix_text(engine, text, path, unsafe=False):
        fixed = real_fix_text(engine, text, path, unsafe)
        Path(path).write_bytes(meanwhile)  # an editor saves while fmlint works
        return fixed

    monkeypatch.setattr(fixing, "fix_text", fix_text)
    result = run("check", "--fix", str(target))
    assert result.exit_code == 2
    assert f"fmlint: error: {target}: changed on disk while fixing; left alone\n" in (result.stderr)
    assert target.read_bytes() == meanwhile
    assert os.listdir(tmp_path) == ["article.md"]


def test_file_changed_while_the_temporary_file_is_written_is_left_alone(run, tmp_path, monkeypatch):
    target = copy_to(tmp_path, GOLDEN / "FM103-wrong-type.before.md")
    meanwhile = b"someone else's edit\n"
    real_fsync = os.fsync

    def fsync(fd):
        target.write_bytes(meanwhile)
        return real_fsync(fd)

    monkeypatch.setattr(fixmod.os, "fsync", fsync)
    result = run("check", "--fix", str(target))
    assert result.exit_code == 2
    assert "changed on disk while fixing; left alone" in result.stderr
    assert target.read_bytes() == meanwhile
    assert os.listdir(tmp_path) == ["article.md"]


@pytest.mark.parametrize("failure", ["changed-on-disk", "cannot-write"])
def test_a_file_left_alone_is_not_reported_as_fixed(run, tmp_path, monkeypatch, failure):
    target = copy_to(tmp_path, GOLDEN / "FM103-wrong-type.before.md")
    if failure == "changed-on-disk":
        real_fix_text = fixing.fix_text

        def fix_text(engine, text, path, unsafe=False):
            fixed = real_fix_text(engine, text, path, unsafe)
            Path(path).write_bytes(b"---\ntype: video\nquality: '1'\n---\n")
            return fixed

        monkeypatch.setattr(fixing, "fix_text", fix_text)
    else:

        def replace(source, destination):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(fixmod.os, "replace", replace)
    result = run("check", "--fix", "--show-fixes", str(target))
    assert result.exit_code == 2
    assert ": fixed " not in result.stderr
    assert "Fixed" not in result.stderr
    assert "All checks passed" not in result.stderr


def test_write_atomic_refuses_a_file_that_is_not_the_original(tmp_path):
    target = tmp_path / "a.md"
    target.write_bytes(b"now")
    with pytest.raises(fixmod.ChangedOnDisk):
        fixmod.write_atomic(target, b"new", b"then")
    assert target.read_bytes() == b"now"
    assert os.listdir(tmp_path) == ["a.md"]


BROKEN = {
    "unclosed-quote": ("excerpt: ", 'excerpt: "unclosed\nexcerpt2: '),
    "bad-indent": ("type: article\n", "type: article\n  bad: indent\n"),
    "tab": ("heat: 67\n", "heat: 67\n\tx: 1\n"),
    "duplicate-key": ("heat: 67\n", "heat: 67\nheat: 68\n"),
    "unknown-alias": ("heat: 67\n", "heat: *nowhere\n"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_file_with_a_yaml_error_is_never_rewritten(run, linter, tmp_path, name):
    old, new = BROKEN[name]
    text = (GOLDEN / "CRLF-bom-comment-body.before.md").read_bytes().decode("utf-8")
    text = text.replace(old.replace("\n", "\r\n"), new.replace("\n", "\r\n"), 1)
    data = text.encode("utf-8")
    target = copy_to(tmp_path, data)
    for flags in (("--fix",), ("--fix", "--unsafe-fixes"), ("--diff",)):
        result = run("check", *flags, "--output-format", "concise", str(target))
        assert target.read_bytes() == data, flags
        assert target.stat().st_mtime == OLD
        assert "Fixed" not in result.stderr
    codes = {d.code for d in linter.lint_bytes(data, "x.md").diagnostics}
    assert codes & {"FM005", "FM006", "FM007"}, codes


def test_apply_refuses_yaml_it_cannot_read():
    text = '---\nquality: "57"\ntitle: "unclosed\n---\n'
    assert fixmod.apply(text, [Fix(("quality",), "write 57 as a number", 57)]) == (text, [])


def test_apply_quotes_a_plain_value_that_would_read_as_something_else():
    text = "---\ntitle: x # c\n---\n"
    colon = Fix(("title",), "write a: b", "a: b")  # plain `a: b` would be a mapping
    assert fixmod.apply(text, [colon]) == ('---\ntitle: "a: b" # c\n---\n', [colon])


def test_apply_skips_a_fix_it_cannot_place():
    text = "---\ntitle: x\n---\n"
    assert fixmod.apply(text, [Fix(("nope",), "write 1", 1)]) == (text, [])


# --- files with nothing to fix ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(SEED.read_bytes(), id="clean"),
        pytest.param((EXAMPLES / "valid" / "crlf.md").read_bytes(), id="crlf"),
        pytest.param(seed_with("category: news", "category: news\ntittle: x"), id="unfixable"),
        pytest.param(b"no front matter\n", id="no-front-matter"),
        pytest.param(b"\xff\xfe-\x00-\x00-\x00", id="not-utf8"),
    ],
)
def test_nothing_to_fix_keeps_the_file_and_its_mtime(run, tmp_path, data):
    target = copy_to(tmp_path, data)
    result = run("check", "--fix", "--unsafe-fixes", str(target))
    assert target.read_bytes() == data
    assert target.stat().st_mtime == OLD
    assert "Fixed" not in result.stderr


def test_fix_through_a_symlink_writes_the_target(run, tmp_path):
    real = copy_to(tmp_path, GOLDEN / "FM103-wrong-type.before.md", "real.md")
    link = tmp_path / "link.md"
    link.symlink_to("real.md")
    run("check", "--fix", str(link))
    assert link.is_symlink()
    assert real.read_bytes() == (GOLDEN / "FM103-wrong-type.after.md").read_bytes()


# --- rules and their documentation say how safely a code is fixed ------------------------------


def table_row(output: str, code: str) -> list[str]:
    return next(line.split() for line in output.splitlines() if line.startswith(code + " "))


@pytest.mark.parametrize(
    ("code", "fixable"),
    [
        ("FM202", "unsafe"),
        ("FM203", "safe"),
        ("FM204", "safe"),
        ("FM303", "safe"),
        ("FM502", "safe"),
        ("FM503", "safe"),
        ("FM101", "unsafe"),
        ("FM205", "no"),
    ],
)
def test_rules_and_rule_docs_say_how_a_code_is_fixed(run, code, fixable):
    table = run("rules")
    header = table.stdout.splitlines()[0].split()
    assert table_row(table.stdout, code)[header.index("FIXABLE")] == fixable
    doc = run("rule", code)
    assert f"fixable: {fixable})" in doc.stdout.splitlines()[0]
    markdown = run("rules", "--format", "markdown").stdout
    assert f"Fixable: {fixable}." in markdown


def test_rule_docs_of_fixable_codes_describe_the_fix(run):
    for code in ("FM101", "FM202", "FM203", "FM204", "FM303", "FM502", "FM503"):
        assert "\nFix: " in run("rule", code).stdout, code
    for code in ("FM101", "FM202"):
        assert run("rule", code).stdout.split("\nFix: ")[1].startswith("unsafe"), code
    assert "\nFix: " not in run("rule", "FM110").stdout  # FM101's documentation, not its fix


def test_rules_say_fm103_is_fixable(run):
    table = run("rules").stdout
    assert table_row(table, "FM103")[3] == "safe"
    assert "fixable: safe)" in run("rule", "FM103").stdout


# --- the shared corpus ---------------------------------------------------------------------------


@needs_corpus
def test_fix_over_the_corpus_changes_only_the_files_with_something_to_fix(run, linter, tmp_path):
    """Every corpus record is real; --fix must leave alone every file it has nothing to fix in.

    Today exactly one file has a fix: a title ending in a no-break space (FM502).
    """
    copy = tmp_path / "news"
    shutil.copytree(CORPUS, copy)
    copy.chmod(0o755)  # the shared corpus may be read-only; its copy must take a new file
    originals = {}
    for path in sorted(copy.iterdir()):
        path.chmod(0o644)
        os.utime(path, (OLD, OLD))
        originals[path.name] = path.read_bytes()
    fixable = {
        name: fixable_findings(linter, data)
        for name, data in originals.items()
        if fixable_findings(linter, data)
    }
    assert "2022-11-09-security-in-microsoft-dataverse.md" in fixable
    assert all(d.code == "FM502" for found in fixable.values() for d in found)

    result = run("check", "--fix", "--show-fixes", str(copy))
    assert result.exit_code == 0

    changed = {path.name for path in copy.iterdir() if path.read_bytes() != originals[path.name]}
    assert changed == set(fixable)
    assert sorted(os.listdir(copy)) == sorted(originals)  # no temporary files, none added
    for path in copy.iterdir():
        if path.name not in changed:
            assert path.stat().st_mtime == OLD, path.name
    for name in changed:
        before = originals[name].decode("utf-8").splitlines(keepends=True)
        after = (copy / name).read_bytes().decode("utf-8").splitlines(keepends=True)
        assert len(before) == len(after)
        touched = {d.line for d in fixable[name]}
        for number, (old, new) in enumerate(zip(before, after, strict=True), start=1):
            assert (old == new) != (number in touched), (name, number, old, new)
    title = (copy / "2022-11-09-security-in-microsoft-dataverse.md").read_text(encoding="utf-8")
    assert 'title: "Security in Microsoft Dataverse"\n' in title
    assert f"Fixed {sum(map(len, fixable.values()))} finding" in result.stderr
