"""FM3xx, dates: each rule fires on one edit of a valid record, with `now` fixed by the test."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import validator
from validator.rules import RuleOptions, fm303_date_style
from validator.rules.dates import parse, show_span, style
from validator.run.linter import Linter

VALID = Path(__file__).resolve().parent.parent.parent / "examples" / "valid"
SEED = (VALID / "seed.md").read_text(encoding="utf-8")
TOP = "publishedDateTime: 2023-11-27T16:07:00Z"  # line 5, value at column 20
RELATED = "    publishedDateTime: 2023-11-27T04:02:00Z"  # line 31, value at column 24
UTC = timezone.utc
NOW = datetime(2023, 11, 28, 12, 0, tzinfo=UTC)


def seed(old: str, new: str) -> str:
    assert old in SEED
    return SEED.replace(old, new, 1)


def lint(text: str, options=(), now=NOW) -> list[tuple[int, int, str, str]]:
    """Findings at the fixed time `now`, with `options` by config key (`{"floor": ...}`)."""
    diagnostics = Linter(options=RuleOptions(options, now=now)).lint_text(text).diagnostics
    return [(d.line, d.column, d.code, d.message) for d in diagnostics]


def test_seed_is_clean_at_its_own_time():
    assert lint(SEED) == []


# FM301 date-in-future


def test_future_date_fires():
    found = lint(seed(TOP, "publishedDateTime: 2023-11-30T16:07:00Z"))
    assert found == [
        (
            5,
            20,
            "FM301",
            "publishedDateTime: 2023-11-30T16:07:00Z is in the future: later than "
            "2023-11-29T12:00:00Z (now, 2023-11-28T12:00:00Z, plus 1 day)",
        )
    ]


def test_future_date_in_related_fires():
    found = lint(seed(RELATED, "    publishedDateTime: 2024-11-27T04:02:00Z"))
    assert [f[:3] for f in found] == [(31, 24, "FM301")]
    assert found[0][3].startswith("related[0].publishedDateTime: 2024-11-27T04:02:00Z is in")


@pytest.mark.parametrize(
    "value",
    [
        "2023-11-28T12:00:00Z",  # now
        "2023-11-29T11:59:59Z",  # within the skew
        "2023-11-29T12:00:00Z",  # exactly now plus the skew
        "2023-11-29T13:00:00+02:00",  # 11:00 UTC: the offset counts
        "2023-11-29T12:00:00.000Z",
    ],
)
def test_date_within_the_skew_does_not_fire(value):
    assert lint(seed(TOP, f"publishedDateTime: {value}")) == []


def test_offset_is_taken_into_account():
    found = lint(seed(TOP, "publishedDateTime: 2023-11-29T11:00:00-02:00"))  # 13:00 UTC
    assert [f[2] for f in found] == ["FM301"]


def test_skew_is_configurable():
    text = seed(TOP, "publishedDateTime: 2023-11-28T12:00:01Z")
    assert lint(text) == []
    found = lint(text, {"future-skew-hours": 0})
    assert found == [
        (
            5,
            20,
            "FM301",
            "publishedDateTime: 2023-11-28T12:00:01Z is in the future: later than "
            "2023-11-28T12:00:00Z (now, 2023-11-28T12:00:00Z, plus 0 seconds)",
        )
    ]
    assert lint(text, {"future-skew-hours": 36}) == []


def test_naive_now_is_utc():
    text = seed(TOP, "publishedDateTime: 2023-11-29T12:00:01Z")
    assert [f[2] for f in lint(text, now=datetime(2023, 11, 28, 12, 0))] == ["FM301"]


def test_real_clock_by_default():
    found = validator.lint_text(seed(TOP, "publishedDateTime: 2999-11-27T16:07:00Z"))
    assert [(d.line, d.column, d.code) for d in found] == [(5, 20, "FM301")]
    assert validator.lint_text(SEED) == []


def test_future_date_the_schema_rejected_is_left_to_it():
    found = lint(seed(TOP, "publishedDateTime: 2999-02-30T16:07:00Z"))
    assert [f[2] for f in found] == ["FM105"]


# FM302 date-too-old


def test_date_before_the_floor_fires():
    found = lint(seed(TOP, "publishedDateTime: 1970-01-01T00:00:00Z"))
    assert found == [
        (
            5,
            20,
            "FM302",
            "publishedDateTime: 1970-01-01T00:00:00Z is before 1995-01-01T00:00:00Z, "
            "the earliest date allowed",
        )
    ]


def test_date_before_the_floor_in_related_fires():
    found = lint(seed(RELATED, "    publishedDateTime: 1994-12-31T23:59:59Z"))
    assert [f[:3] for f in found] == [(31, 24, "FM302")]


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("1995-01-01T00:00:00Z", []),  # the floor itself is allowed
        ("1995-01-01T00:30:00+01:00", ["FM302"]),  # 1994-12-31T23:30:00Z
        ("1994-12-31T23:30:00-01:00", []),  # 1995-01-01T00:30:00Z
        ("0001-01-01T00:00:00Z", ["FM302"]),
    ],
)
def test_floor_edges(value, codes):
    assert [f[2] for f in lint(seed(TOP, f"publishedDateTime: {value}"))] == codes


def test_floor_is_configurable():
    text = seed(TOP, "publishedDateTime: 2019-08-19T21:00:10Z")
    assert lint(text) == []
    found = lint(text, {"floor": datetime(2020, 1, 1, tzinfo=UTC)})
    assert found == [
        (
            5,
            20,
            "FM302",
            "publishedDateTime: 2019-08-19T21:00:10Z is before 2020-01-01T00:00:00Z, "
            "the earliest date allowed",
        )
    ]


# FM303 date-style


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2023-11-27",
            '"2023-11-27" is a date without a time; write the time and the time zone too, '
            "for example 2023-11-27T00:00:00Z",
        ),
        (
            "2023-11-27 16:07:00Z",
            "\"2023-11-27 16:07:00Z\" has a space instead of 'T'; write 2023-11-27T16:07:00Z",
        ),
        (
            "2023-11-27t16:07:00z",
            "\"2023-11-27t16:07:00z\" has a lower-case 't' and a lower-case 'z'; "
            "write 2023-11-27T16:07:00Z",
        ),
        (
            '"2023-11-27T16:07:00"',
            '"2023-11-27T16:07:00" has no time zone; add the time zone, e.g. Z for UTC: '
            "2023-11-27T16:07:00Z",
        ),
        (
            "2023-11-27 16:07",
            "\"2023-11-27 16:07\" has a space instead of 'T', no seconds and no time zone; "
            "write 2023-11-27T16:07:00 and add the time zone, e.g. Z for UTC: "
            "2023-11-27T16:07:00Z",
        ),
        (
            "2023-11-27T16:07Z",
            '"2023-11-27T16:07Z" has no seconds; write 2023-11-27T16:07:00Z',
        ),
        (
            '"2023-11-27T16:07:00+0100"',
            '"2023-11-27T16:07:00+0100" has an offset not written as ±hh:mm; '
            "write 2023-11-27T16:07:00+01:00",
        ),
        (
            "2023-11-27 16:07:00 +01:00",
            "\"2023-11-27 16:07:00 +01:00\" has a space instead of 'T' and a space before the "
            "time zone; write 2023-11-27T16:07:00+01:00",
        ),
    ],
)
def test_date_style_shows_how_to_write_it(value, message):
    found = lint(seed(TOP, f"publishedDateTime: {value}"))
    assert found == [(5, 20, "FM303", f"publishedDateTime: {message}")]  # no FM105 besides


def test_date_style_in_related():
    found = lint(seed(RELATED, "    publishedDateTime: 2023-11-27 04:02:00Z"))
    assert found == [
        (
            31,
            24,
            "FM303",
            "related[0].publishedDateTime: \"2023-11-27 04:02:00Z\" has a space instead of 'T'; "
            "write 2023-11-27T04:02:00Z",
        )
    ]


@pytest.mark.parametrize(
    "value",
    [
        "2023-02-30",  # no such day: the schema's FM105 says so
        "2023-02-30 16:07:00Z",
        "2023-11-27 24:07:00Z",
        "27.11.2023",
        '"2023-11-27T16:07:00Z "',
        "yesterday",
    ],
)
def test_date_style_leaves_what_it_cannot_rewrite_to_the_schema(value):
    assert [f[2] for f in lint(seed(TOP, f"publishedDateTime: {value}"))] == ["FM105"]


@pytest.mark.parametrize(
    "value", ["2023-11-27T16:07:00Z", "2023-11-27T16:07:00.5+05:30", "2023-11-27T16:07:00-00:00"]
)
def test_date_style_accepts_rfc3339(value):
    assert style(value) is None
    assert lint(seed(TOP, f"publishedDateTime: {value}")) == []


def test_date_style_is_fixable_and_replaces_fm105():
    assert fm303_date_style.FIX == "safe"
    assert fm303_date_style.SUPERSEDES == ("FM105",)
    assert style("2023-11-27 16:07:00Z")[1] == "2023-11-27T16:07:00Z"
    assert style("2023-11-27t16:07:00z")[1] == "2023-11-27T16:07:00Z"
    assert style("2023-11-27")[1] is None  # the time would be a guess
    assert style("2023-11-27T16:07:00")[1] is None  # so would the time zone


# Robustness and helpers


@pytest.mark.parametrize("value", ["5", "true", "null", "[2023-11-27T16:07:00Z]", "{a: 1}"])
def test_wrong_types_are_left_to_the_schema(value):
    found = lint(seed(TOP, f"publishedDateTime: {value}"))
    assert [f[2] for f in found] == ["FM103"]


def test_odd_related_shapes_do_not_crash():
    for related in ("related: 5", "related: [1, null, [], {}]"):
        lines = SEED.split("\n")
        start = lines.index("related:")
        end = next(i for i, line in enumerate(lines) if line.startswith("secured:"))
        text = "\n".join([*lines[:start], related, "", *lines[end:]])
        assert not any(f[2].startswith("FM3") for f in lint(text))


def test_parse_reads_rfc3339_on_python_310():
    assert parse("2023-11-27T16:07:00Z") == datetime(2023, 11, 27, 16, 7, tzinfo=UTC)
    assert parse("2023-11-27T16:07:00.5Z") == datetime(2023, 11, 27, 16, 7, 0, 500000, tzinfo=UTC)
    assert parse("2023-11-27T16:07:00.123456789+01:00") == datetime(
        2023, 11, 27, 15, 7, 0, 123456, tzinfo=UTC
    )
    assert parse("2023-02-30T16:07:00Z") is None
    assert parse("2023-11-27") is None
    assert parse(20231127) is None


def test_show_span():
    assert show_span(timedelta(days=1)) == "1 day"
    assert show_span(timedelta(hours=36, minutes=1)) == "1 day 12 hours 1 minute"
