"""Property-based tests of `--fix` (hypothesis): records made from the valid seed by a random set
of fixable mutations, in random dress (CRLF, a BOM, comments, a body, no final line break).

Every mutation is undone by exactly one fix, so the fixed text is known in advance: the dressed
seed. The properties:

(a) idempotence: fixing the fixed text changes nothing and applies no fix;
(b) none of the fixed codes remain (nothing at all remains, but FM202 in a safe run);
(c) every byte outside the fixed values is unchanged: each line no mutation touched is in the
    output, in its place, byte for byte; and the whole output is the expected text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator.run.linter import Linter

from .conftest import EXAMPLES

SEED_LINES = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8").split("\n")
CLOSING = SEED_LINES.index("---", 1)  # the closing fence's index

FIXED_CODES = {"FM103", "FM105", "FM202", "FM203", "FM204", "FM303", "FM502", "FM503"}

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is deterministic
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def index_of(line: str) -> int:
    matches = [i for i, seed_line in enumerate(SEED_LINES) if seed_line == line]
    assert len(matches) == 1, line
    return matches[0]


# integers the schema wants as numbers: written as strings, FM103 unquotes them
INTEGERS = [
    "quality: 57",
    "heat: 67",
    "    width: 1024",
    "    height: 576",
    "    quality: 56",
    "        width: 620",
    "        height: 372",
]
DATES = ["publishedDateTime: 2023-11-27T16:07:00Z", "    publishedDateTime: 2023-11-27T04:02:00Z"]
TITLES = [
    'title: "Children making AI-generated child abuse images, says charity"',
    '  - title: "UK school pupils \u2018using AI to create indecent imagery of other '
    'children\u2019"',
]
URLS = [
    'originalUrl: "https://www.bbc.co.uk/news/technology-67521226"',
    'webUrl: "https://www.bbc.co.uk/news/technology-67521226"',
    'ampWebUrl: "https://www.bbc.co.uk/news/technology-67521226.amp"',
    "    webUrl: "
    '"https://www.theguardian.com/global-development/2023/nov/27/'
    'uk-school-pupils-using-ai-create-indecent-sexual-abuse-images-of-other-children"',
    '  - url: "https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/'
    '_131809931_mediaitem131809929.jpg"',
]
HTTP_URLS = [URLS[0], URLS[1], URLS[4]]  # not ampWebUrl: that changes what FM203 expects
CACHE_URLS = [
    'cdnAmpWebUrl: "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/'
    'technology-67521226.amp"',
    '    cdnAmpWebUrl: "https://amp-theguardian-com.cdn.ampproject.org/c/s/amp.theguardian.com/'
    "global-development/2023/nov/27/"
    'uk-school-pupils-using-ai-create-indecent-sexual-abuse-images-of-other-children"',
]
TOPIC = "  - AI"

DATE_SLIPS = {
    "space": lambda v: v.replace("T", " "),
    "lower-t": lambda v: v.replace("T", "t"),
    "lower-z": lambda v: v.replace("Z", "z"),
    "lower-t-and-z": lambda v: v.replace("T", "t").replace("Z", "z"),
    "space-lower-z": lambda v: v.replace("T", " ").replace("Z", "z"),
    "no-seconds": lambda v: v.replace(":00Z", "Z"),
}
WHITESPACE = [" ", "  ", "\u00a0", "\\t", " \\u00a0", "\u2003"]
CACHE_BREAKS = {
    "host-dots": lambda v: v.replace("www-bbc-co-uk", "www.bbc.co.uk").replace(
        "amp-the", "amp.the"
    ),
    "no-s": lambda v: v.replace("/c/s/", "/c/"),
    "wrong-path": lambda v: v[:-1] + 'x"',
}
DUPLICATES = ["AI", "ai", "'AI'", '"ai"', "' ai '", "Ai"]
COMMENTS = ["# note", "# fmlint is watching", "#   x: 'y' - [z]", "#"]
BODIES = [
    "",
    "Body text.\n",
    'Looks like YAML but is the body:\nquality: "57"\ntitle: " x "\n---\n',
]


@dataclass(frozen=True)
class Record:
    text: str
    expected: str
    newline: str
    tail: str  # everything after the closing fence: a blank line and the body
    untouched: tuple  # (line index, exact line) for each front matter line no mutation touched
    unsafe: bool
    keeps_http: bool  # a safe run leaves an http URL (FM202) as written
    mutated: bool


def quote(value: str, style: str) -> str:
    return f"{style}{value}{style}"


@st.composite
def records(draw) -> Record:
    written: dict[int, str] = {}  # seed index -> the line as written
    fixed: dict[int, str] = {}  # seed index -> the line after fixing (seed line by default)
    unsafe = draw(st.booleans())
    keeps_http = False

    for line in draw(st.sets(st.sampled_from(INTEGERS))):
        key, _, number = line.partition(": ")
        style = draw(st.sampled_from(['"', "'"]))
        written[index_of(line)] = f"{key}: {quote(number, style)}"

    for line in draw(st.sets(st.sampled_from(DATES))):
        key, _, value = line.partition(": ")
        slip = DATE_SLIPS[draw(st.sampled_from(sorted(DATE_SLIPS)))]
        style = draw(st.sampled_from(["", '"', "'"]))
        written[index_of(line)] = f"{key}: {quote(slip(value), style)}"
        fixed[index_of(line)] = f"{key}: {quote(value, style)}"

    for line in draw(st.sets(st.sampled_from(TITLES))):
        key, _, value = line.partition(": ")
        inner = value[1:-1]
        lead = draw(st.sampled_from(["", *WHITESPACE]))
        trail = draw(st.sampled_from(["", *WHITESPACE] if lead else WHITESPACE))
        if draw(st.booleans()) and "\\" not in lead + trail:  # single-quoted: no escapes
            written[index_of(line)] = f"{key}: '{lead}{inner}{trail}'"
            fixed[index_of(line)] = f"{key}: '{inner}'"
        else:
            written[index_of(line)] = f'{key}: "{lead}{inner}{trail}"'

    http = set(draw(st.sets(st.sampled_from(HTTP_URLS))))
    spaced = set(draw(st.sets(st.sampled_from(URLS))))
    for line in http | spaced:
        key, _, value = line.partition(": ")
        inner = value[1:-1]
        after = inner
        if line in http:
            inner = inner.replace("https://", "http://", 1)
            after = after if unsafe else inner
            keeps_http = keeps_http or not unsafe
        lead = trail = ""
        if line in spaced:
            lead = draw(st.sampled_from(["", *WHITESPACE]))
            trail = draw(st.sampled_from(["", *WHITESPACE] if lead else WHITESPACE))
        written[index_of(line)] = f'{key}: "{lead}{inner}{trail}"'
        fixed[index_of(line)] = f'{key}: "{after}"'

    deleted = set()
    for line in CACHE_URLS:
        what = draw(st.sampled_from(["keep", "break", "delete"]))
        if what == "break":
            how = CACHE_BREAKS[draw(st.sampled_from(sorted(CACHE_BREAKS)))]
            written[index_of(line)] = how(line)
            assert written[index_of(line)] != line
        elif what == "delete":
            deleted.add(index_of(line))

    duplicates = draw(st.lists(st.sampled_from(DUPLICATES), max_size=3))

    # dress: comments at line ends and on lines of their own, CRLF, a BOM, a body
    candidates = [i for i in range(1, CLOSING) if i not in deleted]
    trailing = draw(st.dictionaries(st.sampled_from(candidates), st.sampled_from(COMMENTS)))
    own_line = draw(st.dictionaries(st.sampled_from(candidates), st.sampled_from(COMMENTS)))
    newline = "\r\n" if draw(st.booleans()) else "\n"
    bom = "\ufeff" if draw(st.booleans()) else ""
    body = draw(st.sampled_from(BODIES))
    final_newline = draw(st.booleans())

    text_lines, expected_lines, untouched = [], [], []
    for index, seed_line in enumerate(SEED_LINES[: CLOSING + 1]):
        if index in own_line:
            untouched.append((len(expected_lines), own_line[index]))
            text_lines.append(own_line[index])
            expected_lines.append(own_line[index])
        comment = f" {trailing[index]}" if index in trailing else ""
        after = fixed.get(index, seed_line) + comment
        if index not in deleted:
            line = written.get(index, seed_line) + comment
            if index not in written:
                untouched.append((len(expected_lines), line))
            text_lines.append(line)
        expected_lines.append(after)
        if seed_line == TOPIC:
            text_lines.extend(f"  - {duplicate}" for duplicate in duplicates)

    # after the closing fence: the seed's blank line, then the body
    rest = "\n".join(SEED_LINES[CLOSING + 1 :]) + body
    tail = ("\n" + rest).replace("\n", newline)
    if not final_newline:
        tail = tail.rstrip("\r\n")
    untouched[0] = (0, bom + untouched[0][1])  # the opening fence
    return Record(
        text=bom + newline.join(text_lines) + tail,
        expected=bom + newline.join(expected_lines) + tail,
        newline=newline,
        tail=tail,
        untouched=tuple(untouched),
        unsafe=unsafe,
        keeps_http=keeps_http,
        mutated=bool(written or deleted or duplicates),
    )


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def test_the_seed_is_clean(linter):
    text = "\n".join(SEED_LINES)
    assert linter.lint_text(text, "seed.md").diagnostics == ()
    assert linter.fix_text(text, "seed.md", unsafe=True)[:2] == (text, [])


@SETTINGS
@given(record=records())
def test_fix_is_idempotent(linter, record):
    once, applied, _ = linter.fix_text(record.text, "record.md", record.unsafe)
    twice, applied_again, _ = linter.fix_text(once, "record.md", record.unsafe)
    assert twice == once
    assert applied_again == []
    if record.mutated:
        assert applied or (record.keeps_http and once == record.text)


@SETTINGS
@given(record=records())
def test_no_fixed_code_remains(linter, record):
    fixed, _, result = linter.fix_text(record.text, "record.md", record.unsafe)
    left = [(d.line, d.code, d.message) for d in result.diagnostics]
    allowed = {"FM202"} if record.keeps_http else set()
    assert {code for _, code, _ in left} <= allowed, left
    assert not {code for _, code, _ in left} & (FIXED_CODES - allowed), left
    assert linter.lint_text(fixed, "record.md").diagnostics == result.diagnostics


@SETTINGS
@given(record=records())
def test_only_the_fixed_values_change(linter, record):
    fixed, _, _ = linter.fix_text(record.text, "record.md", record.unsafe)
    lines = fixed.split(record.newline)
    for index, line in record.untouched:
        assert lines[index] == line, (index, line)
    assert fixed.endswith(record.tail)
    assert fixed == record.expected
