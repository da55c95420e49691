"""ISO 8601 dates with their precision: parsed, rejected with a reason, compared and ordered."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import StringConstraints, TypeAdapter, ValidationError

from aicompete.knowledge.dates import (
    DATE_PATTERN,
    Span,
    between,
    of_day,
    of_month,
    of_year,
    parse,
)


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("2026-02-16", date(2026, 2, 16), date(2026, 2, 16), "day"),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31), "month"),
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "year"),
        ("2025-10-01/2025-12-31", date(2025, 10, 1), date(2025, 12, 31), "interval"),
        ("2025-10/2025-12", date(2025, 10, 1), date(2025, 12, 31), "interval"),
        ("2025/2026-02-16", date(2025, 1, 1), date(2026, 2, 16), "interval"),
        ("2026-02-16/2026-02-16", date(2026, 2, 16), date(2026, 2, 16), "interval"),
        ("0001-01-01", date(1, 1, 1), date(1, 1, 1), "day"),
        ("9999", date(9999, 1, 1), date(9999, 12, 31), "year"),
    ],
)
def test_a_date_is_the_days_it_covers(text: str, first: date, last: date, precision: str) -> None:
    span = parse(text)
    assert (span.first, span.last, span.text, span.precision) == (first, last, text, precision)
    assert re.fullmatch(DATE_PATTERN, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13", "2026-13 is no month: months run from 01 to 12"),
        ("2026-00-01", "2026-00 is no month: months run from 01 to 12"),
        ("2026-02-30", "2026-02-30 is no day of February 2026"),
        ("2025-02-29", "2025-02-29 is no day of February 2025"),
        ("2026-04-31/2026-05", "2026-04-31 is no day of April 2026"),
        ("2026-03-01/2026-02-01", "the interval 2026-03-01/2026-02-01 ends before it starts"),
        ("2026/2025", "the interval 2026/2025 ends before it starts"),
        ("0000", "0000 is no year: years run from 0001 to 9999"),
        ("2026-2-16", "'2026-2-16' is no date: write a day (2026-02-16), a month (2026-02)"),
        ("Feb 16", "'Feb 16' is no date"),
        ("2026-02-16/", "'2026-02-16/' is no date"),
        ("2025/2026/2027", "'2025/2026/2027' is no date"),
        ("2026-02-16\n", "is no date"),
        (" 2026", "is no date"),
        ("", "'' is no date"),
        # Digits of another script are no ISO 8601 digits.
        ("\u0662\u0660\u0662\u0666", "is no date"),
    ],
)
def test_anything_else_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse(text)


def test_the_pattern_checks_the_shape_for_pydantic_and_the_schema() -> None:
    adapter = TypeAdapter(Annotated[str, StringConstraints(pattern=DATE_PATTERN)])
    for text in ("2026-02-16", "2026-02", "2025", "2025-10-01/2025-12-31", "2025/2026-02"):
        assert adapter.validate_python(text) == text
    for text in ("2026-2", "2026-02-16\n", "26", "2026-02-16/", "\u0662\u0660\u0662\u0666"):
        with pytest.raises(ValidationError):
            adapter.validate_python(text)


def test_constructors_write_the_iso_text() -> None:
    assert of_day(date(2026, 2, 16)) == parse("2026-02-16")
    assert of_month(2026, 2) == parse("2026-02")
    assert of_year(2025) == parse("2025")
    assert of_year(999).text == "0999"
    assert between(date(2026, 2, 15), date(2026, 2, 23)) == parse("2026-02-15/2026-02-23")
    # One day is written as that day; a longer interval stays one, even a whole month: the
    # text keeps the rule that made it ("early February" is days, "February" a month).
    assert between(date(2026, 2, 16), date(2026, 2, 16)) == parse("2026-02-16")
    whole_month = between(date(2026, 2, 1), date(2026, 2, 28))
    assert (whole_month.text, whole_month.precision) == ("2026-02-01/2026-02-28", "interval")
    assert whole_month.contains(of_month(2026, 2)) and of_month(2026, 2).contains(whole_month)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: of_month(2026, 13), "13 is no month"),
        (lambda: of_month(0, 1), "0 is no year"),
        (lambda: of_year(10000), "10000 is no year"),
        (lambda: between(date(2026, 2, 2), date(2026, 2, 1)), "ends before it starts"),
    ],
)
def test_constructors_refuse_what_is_no_date(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def test_spans_overlap_contain_and_come_before() -> None:
    february, holiday = parse("2026-02"), parse("2026-02-15/2026-02-23")
    march, eve = parse("2026-03"), parse("2026-02-16")
    assert february.overlaps(holiday) and holiday.overlaps(february)
    assert february.contains(holiday) and not holiday.contains(february)
    assert holiday.contains(eve) and holiday.contains(holiday)
    assert not february.overlaps(march)
    assert february.before(march) and not march.before(february)
    assert not holiday.before(eve) and not eve.before(holiday)
    # Touching spans overlap on their shared day, and neither comes before the other.
    touching = parse("2026-02-23/2026-03-01")
    assert holiday.overlaps(touching) and not holiday.before(touching)


def test_spans_order_by_first_day_then_last() -> None:
    texts = ["2026-03", "2026", "2026-02-16", "2026-02", "2025-10-01/2025-12-31", "2026-02-01"]
    ordered = sorted(map(parse, texts), key=lambda span: span.key)
    assert [span.text for span in ordered] == [
        "2025-10-01/2025-12-31",
        "2026",
        "2026-02-01",
        "2026-02",
        "2026-02-16",
        "2026-03",
    ]


def test_spans_are_frozen() -> None:
    span = parse("2026")
    with pytest.raises(AttributeError):
        span.text = "2025"  # type: ignore[misc]
    assert isinstance(span, Span) and hash(span) == hash(parse("2026"))


@given(st.text())
def test_any_text_parses_to_a_span_that_parses_back_or_is_refused(text: str) -> None:
    try:
        span = parse(text)
    except ValueError:
        return
    assert span.text == text
    assert parse(span.text) == span


_DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@given(_DATES, _DATES)
def test_any_two_dates_make_spans_that_parse_back(one: date, other: date) -> None:
    first, last = min(one, other), max(one, other)
    for span in (
        between(first, last),
        of_day(one),
        of_month(one.year, one.month),
        of_year(one.year),
    ):
        assert parse(span.text) == span
        assert span.first <= span.last
    interval = between(first, last)
    assert (interval.first, interval.last) == (first, last)
    assert interval.contains(of_day(one)) and interval.contains(of_day(other))
    # Any two texts of days, in any order, are an interval or refused as one.
    text = f"{one.isoformat()}/{other.isoformat()}"
    try:
        assert parse(text).key == (one, other)
    except ValueError as error:
        assert other < one and "ends before it starts" in str(error)
