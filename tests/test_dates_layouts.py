"""Dates as each generator reads them: the layouts a schema accepts (`x-fmlint-date-layouts`, or
what `format` implies), among them `ruby`, what Jekyll reads with Ruby's `Time.parse`; FM304 on a
value in none of them or on a day or time that does not exist, and FM301-FM303 on the other
layouts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from validator.rules.dates import layouts_text, slip, span
from validator.run.linter import Linter
from validator.schema.date_layouts import layout_of, read

from .schema_lint import lint_with_schema

UTC = timezone.utc
NOW = datetime(2023, 11, 28, 12, 0, tzinfo=UTC)
JEKYLL = {"properties": {"date": {"x-fmlint-date-layouts": ["space", "date"]}}}
RFC3339 = {"properties": {"date": {"type": "string", "format": "date-time"}}}
RUBY = {"properties": {"date": {"x-fmlint-date-layouts": ["ruby"]}}}
PUBLISHED = {
    "properties": {
        "date": {"x-fmlint-date-layouts": ["space", "date"], "x-fmlint-role": "publication-date"}
    }
}


def lint(run, tmp_path, schema: dict, value: str, *options: str) -> list[str]:
    """`fmlint check --schema` of `date: VALUE`: `LINE:COL CODE message` of each finding."""
    return lint_with_schema(run, tmp_path, schema, f"date: {value}\n", *options)


# Reading the layouts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        ("2023-01-20T10:00:00+01:00", "rfc3339"),
        ("2023-01-20T10:00:00.123Z", "rfc3339"),
        ("2023-01-20T10:00:00", "local"),
        ("2023-01-20", "date"),
        ("2023-01-20 10:00:00", "space"),
        ("2016-01-28 17:21:50 -0800", "space"),
        ("2023-01-20 10:00:00.5+01:00", "space"),
        ("2023-01-20 10:00:00Z", "space"),
        ("23/01/2023", None),
        ("2023-01-20 10:00", None),  # seconds are part of every layout with a time
        ("2023-01-20t10:00:00Z", None),  # a lower-case `t` is FM303's slip
        ("٢٠٢٣-01-20", None),  # ASCII digits only
    ],
)
def test_each_value_is_read_in_its_layout(text, layout):
    assert read(text, ("rfc3339", "local", "date", "space")) == (layout, None)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2023-02-30", "February 2023 has 28 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2023-13-01", "there is no month 13"),
        ("2023-01-00", "there is no day 00"),
        ("2023-01-20 25:00:00", "there is no hour 25"),
        ("2023-01-20T10:61:00", "there is no minute 61"),
        ("2023-01-20T10:00:60Z", "there is no second 60 at 10:00"),
        ("2023-01-20 10:00:00 +2500", "the offset +2500 is no time zone"),
    ],
)
def test_a_day_or_time_that_does_not_exist_is_named(text, why):
    assert read(text, ("rfc3339", "local", "date", "space"))[1] == why


def test_the_span_of_a_value_without_an_offset_covers_every_time_zone():
    assert (
        span("2016-01-28 17:21:50 -0800", ("space",))
        == (datetime(2016, 1, 29, 1, 21, 50, tzinfo=UTC),) * 2
    )
    assert span("2023-01-20 10:00:00", ("space",)) == (
        datetime(2023, 1, 19, 20, 0, tzinfo=UTC),
        datetime(2023, 1, 20, 22, 0, tzinfo=UTC),
    )
    assert span("2023-01-20", ("date",)) == (
        datetime(2023, 1, 19, 10, 0, tzinfo=UTC),
        datetime(2023, 1, 21, 12, 0, tzinfo=UTC),
    )
    assert span("2023-01-20", ("rfc3339",)) is None  # not a layout accepted there
    assert span("0000-01-01", ("date",)) is None  # a year a datetime does not have
    assert span("0001-01-01", ("date",))[0] == datetime(1, 1, 1, tzinfo=UTC)
    assert span("9" * 100, ("date",)) is None


def test_slips_are_told_only_where_rfc3339_is_accepted_and_the_value_is_in_no_layout():
    assert slip("2023-11-27 16:07:00Z", ("rfc3339",))[1] == "2023-11-27T16:07:00Z"
    assert slip("2023-11-27 16:07:00Z", ("rfc3339", "space")) is None
    assert slip("2023-11-27 16:07:00Z", ("space",)) is None
    assert layouts_text(("date",)) == "date (2023-01-20)"


# FM304 on a user's schema -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "23/01/2023",
            '"23/01/2023" is not a date in a layout the schema accepts; write it as space '
            "(2023-01-20 10:00:00 +01:00) or date (2023-01-20)",
        ),
        (
            "2023-01-20T10:00:00",
            '"2023-01-20T10:00:00" is written as local, which is not accepted here; write it as '
            "space (2023-01-20 10:00:00 +01:00) or date (2023-01-20)",
        ),
        ("2023-02-30", '"2023-02-30" is no real date: February 2023 has 28 days'),
        ("2023-13-01", '"2023-13-01" is no real date: there is no month 13'),
        ('"2023-01-20 25:00:00"', '"2023-01-20 25:00:00" is no real date: there is no hour 25'),
        (
            '""',
            '"" is not a date in a layout the schema accepts; write it as space '
            "(2023-01-20 10:00:00 +01:00) or date (2023-01-20)",
        ),
    ],
)
def test_fm304_on_the_layouts_of_a_jekyll_schema(run, tmp_path, value, message):
    assert lint(run, tmp_path, JEKYLL, value) == [f"2:7: FM304 date: {message}"]


@pytest.mark.parametrize("value", ["2016-01-28 17:21:50 -0800", "2023-01-20", "5", "[2023]", "~"])
def test_fm304_accepts_the_layouts_and_leaves_other_types_to_the_schema(run, tmp_path, value):
    assert lint(run, tmp_path, JEKYLL, value) == []


def test_fm304_leaves_what_the_schemas_format_rejects_to_it(run, tmp_path):
    assert lint(run, tmp_path, RFC3339, "2023-02-30T10:00:00Z") == [
        '2:7: FM105 date: "2023-02-30T10:00:00Z" is not a real date and time (no such day or '
        "time of day)"
    ]
    assert lint(
        run, tmp_path, RFC3339, "2023-02-30T10:00:00Z", "--schema-format", "annotation"
    ) == ['2:7: FM304 date: "2023-02-30T10:00:00Z" is no real date: February 2023 has 28 days']


def test_fm303_explains_a_near_miss_of_rfc3339_and_fm304_stays_silent(run, tmp_path):
    assert lint(
        run, tmp_path, RFC3339, "2023-11-27 16:07:00Z", "--schema-format", "annotation"
    ) == [
        "2:7: FM303 date: \"2023-11-27 16:07:00Z\" has a space instead of 'T'; "
        "write 2023-11-27T16:07:00Z"
    ]
    assert lint(run, tmp_path, RFC3339, "2023-11-27 16:07:00Z") == [
        "2:7: FM303 date: \"2023-11-27 16:07:00Z\" has a space instead of 'T'; "
        "write 2023-11-27T16:07:00Z"
    ]  # and replaces the schema's FM105


def test_fm303_is_silent_where_the_schema_accepts_the_layout(run, tmp_path):
    both = {"properties": {"date": {"x-fmlint-date-layouts": ["rfc3339", "space"]}}}
    assert lint(run, tmp_path, both, "2023-11-27 16:07:00 +01:00") == []
    assert lint(run, tmp_path, both, "2023-11-27T16:07:00Z") == []


# FM301 and FM302 on a publication date in other layouts -------------------------------------


def findings(schema: dict, value: str) -> list[tuple[int, int, str]]:
    from validator.config import Settings
    from validator.rules import RuleOptions

    settings = Settings(schema="schema.json")  # a schema given: no file is sniffed for its kind
    linter = Linter(schema=schema, settings=settings, options=RuleOptions({}, now=NOW))
    result = linter.lint_text(f"---\ndate: {value}\n---\n")
    return [(d.line, d.column, d.code) for d in result.diagnostics]


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("2032-11-27 16:07:00 +0100", [(2, 7, "FM301")]),
        ("2023-12-01", [(2, 7, "FM301")]),  # after now plus a day, whatever the time zone
        ("2023-11-30", []),  # began at 2023-11-29T10:00Z at UTC+14: within the day allowed
        ("2023-11-29 23:00:00", []),
        ("1970-01-01", [(2, 7, "FM302")]),
        ("1994-12-31 23:00:00", []),  # 1995 already, west of UTC-1
        ("1994-12-30 23:00:00 +0000", [(2, 7, "FM302")]),
        ("2023-11-27 16:07:00", []),
    ],
)
def test_future_and_old_publication_dates_in_other_layouts(value, codes):
    assert findings(PUBLISHED, value) == codes


def test_other_dates_may_lie_ahead(tmp_path):
    assert findings(JEKYLL, "2032-11-27 16:07:00 +0100") == []  # an event, an expiry date


def test_span_widths():
    earliest, latest = span("2023-11-29", ("date",))
    assert latest - earliest == timedelta(days=1, hours=26)


# The `ruby` layout: what Jekyll reads with Ruby's `Time.parse` ------------------------------
# Each reading below is what Ruby 3.1's `Time.parse` gives (checked with TZ=UTC: a value Ruby
# reads without a zone is local time, here shown in UTC).


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        # the year written twice in Jekyll's own docs: `-0800` follows the year, not the time
        ("2023-01-29 18:30:22 2023 -0800", "2023-01-29 18:30:22"),
        ("2016-01-28 17:21:50 -0800", "2016-01-29 01:21:50+00:00"),
        ("2023-01-20T10:00:00.123Z", "2023-01-20 10:00:00.123000+00:00"),
        ("2023-1-5", "2023-01-05"),
        ("23/01/2023", "2023-01-23"),  # with the year last Ruby reads day/month/year
        ("2023/01/29", "2023-01-29"),
        ("29.01.2023", "2023-01-29"),
        ("Sun, 29 Jan 2023 10:00:00 +0000", "2023-01-29 10:00:00+00:00"),
        ("January 29, 2023", "2023-01-29"),
        ("29th January 2023 10:00 pm PST", "2023-01-30 06:00:00+00:00"),
        ("2023-01-29 12:00 am", "2023-01-29 00:00:00"),
        ("2019-08-31 23:59:56 America/New_York", "2019-08-31 23:59:56"),  # a zone Ruby knows not
        ("2023-01-29 10:00:00 +5", "2023-01-29 10:00:00"),  # `Time.zone_offset` reads no `+5`
        ("2023-01-29 18:30:22 +0000 UTC", "2023-01-29 18:30:22+00:00"),
        ("2023-01-29 5", "2023-01-29 05:00:00"),  # a lone number after a day is its hour
    ],
)
def test_the_ruby_layout_reads_what_ruby_reads(text, instant):
    assert read(text, ("ruby",)) == ("ruby", None)
    earliest, latest = span(text, ("ruby",))
    moment = datetime.fromisoformat(instant)
    if moment.tzinfo is not None:  # an offset: one instant
        assert earliest == latest == moment
    elif len(instant) == 10:  # a day alone: all of it, in some time zone
        assert (earliest, latest) == span(instant, ("date",))
    else:  # a clock time without a zone: that time in some time zone
        assert (earliest, latest) == span(instant.replace(" ", "T"), ("local",))


@pytest.mark.parametrize(
    "text",
    [
        "tomorrow",  # Ruby: "no time information" (the build fails)
        "Last Modified",
        "2023-01-29 March",  # Ruby: 29 March of the year the site is built
        "2023-01-29 10:00 America/Mar 5",  # Ruby: 5 March, the zone's next word taken for a day
        "2023-01-29 BC",  # Ruby: the year -2022
        "2023-01-29 5 pm",  # a time after a number: left out
        "01/02/03",  # Ruby guesses 3 February 2001
        "2023-01-29 10h30",
        "x" * 100,
    ],
)
def test_the_ruby_layout_leaves_out_what_ruby_fails_on_or_reads_by_a_guess(text):
    assert read(text, ("ruby",)) == (None, None)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2023-02-30", "February 2023 has 28 days"),  # Ruby: 2 March, without a word
        ("01/23/2023", "there is no month 23"),  # Ruby: "argument out of range"
        ("2023-01-32 10:00", "January 2023 has 31 days"),
        ("2023-01-29 25:00", "there is no hour 25"),
        ("2023-01-29 10:00:00 +2500", "the offset +2500 is no time zone"),  # Ruby: out of range
        ("29 Feb 2023", "February 2023 has 28 days"),
    ],
)
def test_a_day_ruby_reads_that_does_not_exist_is_named(text, why):
    assert read(text, ("ruby",)) == ("ruby", why)


def test_ruby_is_never_named_for_a_value_in_no_accepted_layout():
    assert read("23/01/2023", ("space", "date")) == (None, None)
    assert read("2023-01-20T10:00:00", ("ruby",)) == ("ruby", None)
    assert layout_of("2023-01-29 18:30:22 2023 -0800") is None  # infer: exact layouts only
    assert layout_of("2023-01-20t10:00:00Z") is None  # as the rules read it: FM303's slip
    assert layout_of("2023-02-30") is None
    assert layout_of("2023-01-20 10:00:00 -0800") == "space"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-02-30", '"2023-02-30" is no real date: February 2023 has 28 days'),
        ("01/23/2023", '"01/23/2023" is no real date: there is no month 23'),
        (
            "tomorrow",
            '"tomorrow" is not a date in a layout the schema accepts; write it as ruby '
            "(2023-01-20 10:00:00 +0100)",
        ),
    ],
)
def test_fm304_on_a_jekyll_schema(run, tmp_path, value, message):
    assert lint(run, tmp_path, RUBY, value) == [f"2:7: FM304 date: {message}"]


@pytest.mark.parametrize(
    "value", ["2023-01-29 18:30:22 2023 -0800", "23/01/2023", '"Sun, 29 Jan 2023 10:00:00 +0000"']
)
def test_fm304_accepts_what_jekyll_reads(run, tmp_path, value):
    assert lint(run, tmp_path, RUBY, value) == []


def test_a_ruby_publication_date_is_judged_by_the_instant_ruby_reads():
    published = {
        "properties": {
            "date": {"x-fmlint-date-layouts": ["ruby"], "x-fmlint-role": "publication-date"}
        }
    }
    assert findings(published, "2032-01-29 18:30:22 2023 -0800") == [(2, 7, "FM301")]
    assert findings(published, "1970-01-29 18:30:22 2023 -0800") == [(2, 7, "FM302")]
    assert findings(published, "2023-11-29 18:30:22 2023 -0800") == []  # some zone's today
