"""Every check is linear (or n log n) in the size of the front matter: each hostile shape of
issue 11 (tests/hostile_shapes.py) is linted at n and at 4n, and the time may grow by less than
8 (linear is 4, quadratic 16). No wall-clock limit: a busy machine slows both runs alike.
`benchmarks/hostile.py` prints time and memory at 10 MB."""

from __future__ import annotations

import gc
import random
import re
import time

import pytest

from tests import hostile_shapes
from validator.run.linter import Linter

MAX_RATIO = 10  # 4n against n: linear is 4, quadratic 16; room for a busy machine

# n for each shape, so that a run at n takes ~0.05-0.2 s and at 4n ~0.2-0.8 s
SIZES = {
    "related-bad-dates": 400,
    "related-bad-urls": 400,
    "image-findings": 5000,
    "suppressions": 1000,
    "unclosed-quote": 500_000,
    "long-url": 1_000_000,
}


def seconds(text: str, linter: Linter, repeat: int = 5) -> float:
    """The fastest of `repeat` lints: noise only ever adds time."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()  # start each run from the same heap; its own garbage it collects itself
        started = time.perf_counter()
        linter.lint_text(text, "a.md")
        best = min(best, time.perf_counter() - started)
    return best


def growth(build, n: int) -> float:
    linter = Linter()
    small, large = build(n), build(4 * n)
    linter.lint_text(small, "a.md")  # warm: imports, caches, the schema's explanation engine
    return seconds(large, linter) / seconds(small, linter)


@pytest.mark.parametrize("shape", list(SIZES))
def test_shape_grows_linearly(shape):
    ratio = growth(hostile_shapes.SHAPES[shape], SIZES[shape])
    assert ratio < MAX_RATIO, f"{shape}: 4x the input took {ratio:.1f}x the time"


@pytest.mark.parametrize("shape", list(SIZES))
def test_shape_has_its_findings(shape):
    """The shapes are what they say: the findings each is built to cause, and nothing else."""
    expected = {
        "related-bad-dates": {"FM105"},
        "related-bad-urls": {"FM105", "FM201", "FM202", "FM507"},
        "image-findings": {"FM401", "FM402", "FM403", "FM404"},
        "suppressions": {"FM502", "FM020"},
        "unclosed-quote": {"FM005"},
        "long-url": {"FM105"},
    }[shape]
    result = Linter().lint_text(
        hostile_shapes.SHAPES[shape](60 if shape != "long-url" else 99), "a.md"
    )
    assert {d.code for d in result.diagnostics} == expected


def test_suppressions_silence_in_linear_time_with_whole_file_directives():
    """Thousands of `disable-file` comments over thousands of findings: each prefix looked up
    once per finding, not every directive."""

    def build(n):
        comments = "".join(f"# fmlint: disable-file=FM9{i % 100:02d}\n" for i in range(n))
        return hostile_shapes.suppressions(n).replace("related:\n", comments + "related:\n", 1)

    assert growth(build, 1000) < MAX_RATIO


def test_suppressions_keep_their_meaning():
    """A finding silenced both on its line and by a whole-file prefix uses both comments."""
    text = hostile_shapes.record(
        rest="# fmlint: disable-file=FM5\n# fmlint: disable-file=FM9\n"
        + "related:\n"
        + hostile_shapes._related(0, "2023-11-27T04:02:00Z", "https://www.theguardian.com/a", "")
        .replace('0"\n', '0 "  # fmlint: disable=FM502\n', 1)
        .replace("    quality: 56\n", "    quality: 56\n    # fmlint: disable=FM1\n", 1)
    )
    result = Linter().lint_text(text, "a.md")
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("FM020", "suppression comment silences nothing (FM9); remove it"),
        ("FM020", "suppression comment silences nothing (FM1); remove it"),
    ]


# The unclosed-quote heuristic: the same answer as the regex scan it replaces, in linear time.
_OPEN_STRING_LINE = re.compile(
    r'^[ \t]*(?:-[ \t]+)?[^\s"#][^:"]*:[ \t]+(")(?:[^"\\\n]|\\.)*$', re.M
)


def _reference_last_open_string(text: str, end: int):
    found = None
    for match in _OPEN_STRING_LINE.finditer(text, 0, end):
        found = match.start(1)
    return found


def test_last_open_string_is_the_regex_scan():
    from validator.source.document import _last_open_string

    pieces = ["a", " ", "\t", "-", ":", '"', "\\", "\n", "#", 'k: "', '- k: "x', "\n  ", "\u2028"]
    rng = random.Random(11)
    for _ in range(50_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        end = rng.randint(0, len(text))
        assert _last_open_string(text, end) == _reference_last_open_string(text, end), (text, end)


# Long URLs: the format check's linear rule is rfc3986_validator's URI rule.
_URI_PIECES = [
    "http", "https", "s", ":", "//", "/", "?", "#", "@", "[", "]", "::1", "v1.x", "%41", "%4",
    "%", "1", "255", "256", ".", "a", "Z", "-", "_", "~", "!", "$", "'", "(", "*", "+", ",", ";",
    "=", "1.2.3.4", "[::1]", "[v1.a:b]", "x@", ":80", "%zz", "g", " ", "é",
]  # fmt: skip


def test_linear_uri_rule_is_rfc3986_validator():
    from rfc3986_validator import validate_rfc3986

    from validator.schema import formats

    linear = formats._linear_uri()
    rng = random.Random(3986)
    for _ in range(50_000):
        text = "".join(rng.choice(_URI_PIECES) for _ in range(rng.randint(0, 12)))
        if rng.random() < 0.5:
            text = rng.choice(["http://", "https://", "a:", "mailto:", "x://"]) + text
        reference = bool(validate_rfc3986(text, rule="URI"))
        prechecked = formats._NOT_URI_CHAR(text) is None and formats._BAD_PERCENT(text) is None
        assert (prechecked and linear(text) is not None) == reference, text
        assert formats.is_uri(text) == reference, text
        assert not formats._PLAIN_URL(text) or reference, text
