"""ISO 8601 dates with their precision, as the knowledge file writes them in `date`: a day
(`2026-02-16`), a month (`2026-02`), a year (`2025`), or an interval of two of those
(`2025-10-01/2025-12-31`, `2025-10/2025-12`).

A `Span` is the days such a date covers, first and last included, with the text it is written
as. A one-day interval is written as that day; any longer one is written as its two days, even
when it covers exactly a whole month or year: "early February" and "February" are different
words read by different rules, and the text keeps which rule made the date. Compare spans by
their days (`contains` both ways), not by their text.

Light on purpose: the standard library's `datetime` and one pattern, since knowledge-file
validation reads every `date`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from aicompete.frozen import frozen

# One date of the file format: a year, a month or a day. ASCII digits only, written out, since
# a regex's \d takes other scripts' digits in Python and in pydantic.
_ONE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
# The file format, for the JSON Schema and pydantic: one date, or an interval `A/B` of two.
DATE_PATTERN = rf"^{_ONE}(?:/{_ONE})?$"
_PARTS = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SHAPE = (
    "write a day (2026-02-16), a month (2026-02), a year (2025) or an interval of two of "
    "them (2025-10-01/2025-12-31)"
)

Precision = Literal["day", "month", "year", "interval"]


@frozen
class Span:
    """The days a date covers, `first` to `last` inclusive, and the ISO 8601 `text` it is
    written as. Made by `parse` and the constructors, which keep the three consistent."""

    first: date
    last: date
    text: str

    @property
    def precision(self) -> Precision:
        """What the text names: a `day`, a `month`, a `year` or an `interval`."""
        if "/" in self.text:
            return "interval"
        if len(self.text) == len("2026-02-16"):
            return "day"
        if len(self.text) == len("2026-02"):
            return "month"
        return "year"

    @property
    def key(self) -> tuple[date, date]:
        """The order of spans: by first day, then by last."""
        return (self.first, self.last)

    def overlaps(self, other: Span) -> bool:
        """Whether the two share a day."""
        return self.first <= other.last and other.first <= self.last

    def contains(self, other: Span) -> bool:
        """Whether every day of `other` is one of this span's."""
        return self.first <= other.first and other.last <= self.last

    def before(self, other: Span) -> bool:
        """Whether this span ends before `other` starts."""
        return self.last < other.first


def parse(text: str) -> Span:
    """The span an ISO 8601 date of the file format covers.

    Raises ValueError, with a message a person reads, for anything else: "2026-13",
    "2026-02-30", an interval that ends before it starts.
    """
    ends = text.split("/")
    if len(ends) > 2:
        raise ValueError(f"{text!r} is no date: {_SHAPE}")
    first, last = _one(ends[0], text)[0], _one(ends[-1], text)[1]
    if last < first:
        raise ValueError(f"the interval {text} ends before it starts")
    return Span(first, last, text)


def _one(text: str, whole: str) -> tuple[date, date]:
    """The first and last day of one date of the file format."""
    parts = _PARTS.fullmatch(text)
    if parts is None:
        raise ValueError(f"{whole!r} is no date: {_SHAPE}")
    year_text, month_text, day_text = parts.groups()
    year = int(year_text)
    if year < 1:
        raise ValueError(f"{year_text} is no year: years run from 0001 to 9999")
    if month_text is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(month_text)
    if not 1 <= month <= 12:
        raise ValueError(f"{year_text}-{month_text} is no month: months run from 01 to 12")
    end = _month_end(year, month)
    if day_text is None:
        return date(year, month, 1), end
    day = int(day_text)
    if not 1 <= day <= end.day:
        raise ValueError(f"{text} is no day of {MONTH_NAMES[month - 1]} {year_text}")
    return date(year, month, day), date(year, month, day)


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def of_day(day: date) -> Span:
    """One day: `2026-02-16`."""
    return Span(day, day, day.isoformat())


def of_month(year: int, month: int) -> Span:
    """One month: `2026-02`. Raises ValueError for a month or year that is none."""
    if not 1 <= year <= 9999:
        raise ValueError(f"{year} is no year: years run from 1 to 9999")
    if not 1 <= month <= 12:
        raise ValueError(f"{month} is no month: months run from 1 to 12")
    return Span(date(year, month, 1), _month_end(year, month), f"{year:04d}-{month:02d}")


def of_year(year: int) -> Span:
    """One year: `2025`. Raises ValueError for a year that is none."""
    if not 1 <= year <= 9999:
        raise ValueError(f"{year} is no year: years run from 1 to 9999")
    return Span(date(year, 1, 1), date(year, 12, 31), f"{year:04d}")


def between(first: date, last: date) -> Span:
    """The days from `first` to `last`: `2026-02-15/2026-02-23`, or one day written as that
    day. Raises ValueError when it ends before it starts."""
    if last < first:
        raise ValueError(f"the interval {first}/{last} ends before it starts")
    if first == last:
        return of_day(first)
    return Span(first, last, f"{first.isoformat()}/{last.isoformat()}")
