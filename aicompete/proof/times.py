"""Time expressions as news writes them, and the rules that resolve them to dates.

`find` reads every time expression of a text whole, longest first ("late Thursday", never
"Thursday"); `resolve` gives the words a date by the one rule that reads them, relative to the
day the source was published, and says which rule in a sentence a person reads, or why no rule
gives them one ("shortly afterward"). Each rule is a function below whose docstring's first
sentence states it as users read it.

Chinese festivals come from the lunar calendar (`lunardate`) and statutory holidays from the
State Council's notices as `chinesecalendar` holds them; both are imported by the rules that
need them only, so that reading the knowledge file never pays for them. The grammar is
compiled on first use, for the same reason.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, timedelta

from aicompete.frozen import frozen
from aicompete.knowledge.dates import MONTH_NAMES, Span, between, of_day, of_month, of_year


@frozen
class Expression:
    """A time expression of a text: where it stands and its words."""

    start: int
    end: int
    text: str


@frozen
class Resolution:
    """What the words of a time expression resolve to: the `span` of days, the `rule` that
    gave it in one sentence, and, when no date is given, the `reason`."""

    span: Span | None
    rule: str
    reason: str | None = None


Rule = Callable[[str, "date | None", "Span | None"], Resolution]


@frozen
class _Kind:
    """One kind of time expression: the context that must stand before and after it (outside
    its words), its words, the rule that resolves them, and whether that may read the source's
    publication (when the words give no year: "Feb 4" does, "Feb 4, 2026" does not)."""

    before: str
    words: str
    after: str
    rule: Rule
    reads_publication: bool


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
# Month names are capitalized and whole: "May" and "March" the words are read as months only
# where a kind of expression puts a day, a year or "in", "early", "late" or "mid-" beside them.
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![a-z])"
)
_YEAR = r"(?:19|20)[0-9]{2}"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_MONTH_DAY = rf"{MONTH}\.?\s+{_DAY}(?:,?\s+{_YEAR})?"
_DAY_MONTH = rf"{_DAY}\s+(?:(?i:of)\s+)?{MONTH}(?:\.?,?\s+{_YEAR})?"
_ISO_DAY = rf"{_YEAR}-(?:0[1-9]|1[0-2])-(?:3[01]|[12][0-9]|0[1-9])"
_MONTH_YEAR = rf"{MONTH}\.?,?\s+{_YEAR}"
# One end of an interval: a day, a month or a year.
_POINT = (
    rf"(?:(?:{MONTH}(?:\.?\s+{_DAY})?|{_DAY}\s+(?:(?i:of)\s+)?{MONTH})(?:\.?,?\s+{_YEAR})?"
    rf"|{_YEAR})"
)
# The end of an interval may be a day alone, of the start's month: "from Feb 15 to 23". A
# bare year or day there is no amount ("from 2024 to 2025 users" is none), but one with its
# month's name is a day whatever follows ("between Feb 6 and Feb 12 users asked").
_END = (
    rf"(?:(?:{MONTH}(?:\.?\s+{_DAY})?|{_DAY}\s+(?:(?i:of)\s+)?{MONTH})(?:\.?,?\s+{_YEAR})?"
    rf"|(?:{_YEAR}|{_DAY}(?:,?\s+{_YEAR})?)(?:{{AMOUNT}}))"
)
# What follows a number that is an amount, not a day or a year: "23 million", "2025 users".
_AMOUNT_AFTER = (
    r"(?![.,:][0-9]|\s*%|\s+(?i:thousand|million|billion|trillion|percent|per|yuan|dollars?"
    r"|euros?|pounds?|users|people|times)(?![\w-]))"
)
_END = _END.replace("{AMOUNT}", _AMOUNT_AFTER)
# What names a year a festival or holiday is of: "this year's", "2026's", "the 2026", and how
# long it runs: "the nine-day", "the week-long".
_OF_YEAR = (
    rf"(?:(?i:this|last|next)\s+year['\u2019]s\s+|{_YEAR}['\u2019]s\s+|(?i:the)\s+(?:{_YEAR}\s+)?)?"
    r"(?:(?:[a-z0-9]+-day|(?i:week-?long))\s+)?"
)
# Capitalized words that begin a sentence or a phrase, never the name of a holiday.
_NO_NAME = (
    r"(?!(?:The|This|That|These|Those|Its|Their|His|Her|Our|During|Over|After|Before|Since"
    r"|In|On|At|A|An|Last|Next)\s)"
)
_NAME_WORD = r"[A-Z][\w'\u2019-]*"
# A name quoted is a campaign's ('"Spring Festival Treat" campaign'); a capitalized word after
# a festival makes it part of a longer name ("the Spring Festival Gala").
_NOT_QUOTED = r"(?<![\"\u201c\u2018])"
_NO_LONGER_NAME = r"(?!\s+[A-Z])"


# Words read alone, with no text around them, are read as if after this word, which every
# kind that needs a word before it takes ("through January", "through the 12th").
_ALONE_AFTER = "through "


def _after_words(*words: str) -> str:
    """Context: the expression comes right after one of these words ("in January"), or after
    "through"."""
    every = (*words, _ALONE_AFTER.strip())
    return "(?:" + "|".join(rf"(?<=\b(?i:{word})\s)" for word in every) + ")"


def _statement(rule: Rule) -> str:
    """The first sentence of a rule's docstring: the rule as users read it."""
    joined = " ".join((rule.__doc__ or "").split())
    end = re.search(r"[.!?](?=\s|$)", joined)
    return joined[: end.end()] if end else joined


def _unresolved(rule: Rule, reason: str) -> Resolution:
    return Resolution(None, _statement(rule), reason)


def _without_publication(rule: Rule, words: str) -> Resolution:
    return _unresolved(
        rule,
        f"{words!r} counts from the day the source was published, and the source gives no "
        "publication date",
    )


def _distance(span: Span, day: date) -> int:
    """How many days the span lies from the day: none when it holds it."""
    if day < span.first:
        return (span.first - day).days
    return max(0, (day - span.last).days)


def _nearest(published: date, span_in: Callable[[int], Span]) -> Span | None:
    """Of the spans the words give in the year before publication's, in its year and in the
    next, the one nearest publication (the earlier of two as near); None when no year has one."""
    spans = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            spans.append(span_in(year))
        except ValueError:
            continue
    return min(spans, key=lambda span: (_distance(span, published), span.key), default=None)


def _year_of(words: str) -> int | None:
    found = re.search(rf"(?<![0-9]){_YEAR}(?![0-9])", words)
    return int(found.group()) if found else None


def _month_of(words: str) -> int | None:
    found = re.search(rf"(?<![A-Za-z]){MONTH}", words)
    if found is None:
        return None
    return [name[:3] for name in MONTH_NAMES].index(found.group()[:3]) + 1


def _day_of(words: str) -> int | None:
    """The day of the month the words give: digits that are no year."""
    found = re.search(r"(?<![0-9])([0-9]{1,2})(?:st|nd|rd|th)?(?![0-9])", words)
    return int(found.group(1)) if found else None


def _month_name(month: int) -> str:
    return MONTH_NAMES[month - 1]


def _ordinal(day: int) -> str:
    """A day of a month as an ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 21st."""
    suffix = "th" if 10 < day < 14 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _weekday(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """A weekday ("Wednesday", "late Thursday", "Thursday night") is the latest such day on or
    before the source's publication; "last Wednesday" is the latest before it, "next Wednesday"
    the first after it and "this Wednesday" the one of its week, Monday to Sunday."""
    if published is None:
        return _without_publication(_weekday, words)
    name = next(day for day in WEEKDAYS if day in words)
    number = WEEKDAYS.index(name)
    modifier = words.split()[0].casefold()
    back = (published.weekday() - number) % 7
    if modifier == "last":
        day, how = published - timedelta(days=back or 7), f"the latest {name} before"
    elif modifier == "next":
        day = published + timedelta(days=(number - published.weekday()) % 7 or 7)
        how = f"the first {name} after"
    elif modifier == "this":
        day = published + timedelta(days=number - published.weekday())
        how = f"the {name} of the week (Monday to Sunday) of"
    else:
        day, how = published - timedelta(days=back), f"the latest {name} on or before"
    return Resolution(of_day(day), f"{how} the source's publication ({published})")


def _day(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """A day of a month ("Feb 4", "4 February", "February 4, 2026") is that day, in the year
    the words give or else in the year that puts it nearest the source's publication."""
    year, month, day = _point(words)
    if month is None or day is None:
        return _no_time(words, published, anchor)
    name = f"{_month_name(month)} {day}"
    if year is not None:
        try:
            return Resolution(of_day(date(year, month, day)), f"{name}, {year}: the day it names")
        except ValueError:
            return _unresolved(_day, f"{_month_name(month)} {year} has no day {day}")
    if published is None:
        return _without_publication(_day, words)
    span = _nearest(published, lambda year: of_day(date(year, month, day)))
    if span is None:
        return _unresolved(
            _day, f"{_month_name(month)} has no day {day} in any year near {published}"
        )
    return Resolution(
        span, f"{name} in the year that puts it nearest the source's publication ({published})"
    )


# Early, mid- and late in a month: its days 1 to 10, 11 to 20, and 21 to its end.
_PARTS_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def _part_of_month(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """Early, mid- and late February are its days 1 to 10, 11 to 20 and 21 to the end of the
    month, in the year the words give or else the one nearest the source's publication."""
    part = re.split(r"[-\s]", words, maxsplit=1)[0].casefold()
    first, last = _PARTS_OF_MONTH[part]
    month = _month_of(words)
    if month is None:
        return _no_time(words, published, anchor)
    days = f"days {first} to {last if last < 31 else 'the end'} of {_month_name(month)}"

    def span_in(year: int) -> Span:
        end = min(last, of_month(year, month).last.day)
        return between(date(year, month, first), date(year, month, end))

    year = _year_of(words)
    if year is not None:
        return Resolution(span_in(year), f"{days} {year}")
    if published is None:
        return _without_publication(_part_of_month, words)
    span = _nearest(published, span_in)
    assert span is not None  # some year near any date has every month
    return Resolution(span, f"{days}, in the year nearest the source's publication ({published})")


def _month(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """A month ("February", "in January", "January 2026") is that month, in the year the
    words give or else the one nearest the source's publication."""
    month = _month_of(words)
    if month is None:
        return _no_time(words, published, anchor)
    year = _year_of(words)
    if year is not None:
        return Resolution(of_month(year, month), f"{_month_name(month)} {year}: the month it names")
    if published is None:
        return _without_publication(_month, words)
    span = _nearest(published, lambda year: of_month(year, month))
    assert span is not None  # some year near any date has every month
    return Resolution(
        span,
        f"{_month_name(month)} in the year that puts it nearest the source's publication "
        f"({published})",
    )


_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}


def _quarter(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """A quarter ("the fourth quarter of 2025", "Q4 2025") or half ("the first half of 2025",
    "H1") is those three or six months, of the year the words give ("of last year" counts from
    the source's publication) or else the one nearest the source's publication."""
    folded = words.casefold()
    half = "half" in folded or folded.startswith("h")
    parts = 2 if half else 4
    coded = re.match(r"[qh]([1-4])", folded)
    if coded:
        number = int(coded.group(1))
    else:
        ordinal = re.search(r"first|second|third|fourth|final|last|1st|2nd|3rd|4th", folded)
        number = parts if ordinal is None else _ORDINALS.get(ordinal.group(), parts)
    unit, months = ("half", 6) if half else ("quarter", 3)
    if number > parts:
        return _unresolved(_quarter, f"a year has no {words.split()[-1]} {unit}: it has {parts}")
    named = f"{['first', 'second', 'third', 'fourth'][number - 1]} {unit}"

    def span_in(year: int) -> Span:
        first = of_month(year, months * (number - 1) + 1).first
        return between(first, of_month(year, months * number).last)

    year = _year_of(words)
    relative = re.search(r"of\s+(this|last|next)\s+year", folded)
    if year is None and relative:
        if published is None:
            return _without_publication(_quarter, words)
        year = published.year + {"this": 0, "last": -1, "next": 1}[relative.group(1)]
        return Resolution(
            span_in(year),
            f"the {named} of {year}: {relative.group(1)} year, counted from the source's "
            f"publication ({published})",
        )
    if year is not None:
        return Resolution(span_in(year), f"the {named} of {year}")
    if published is None:
        return _without_publication(_quarter, words)
    span = _nearest(published, span_in)
    assert span is not None  # some year near any date has every quarter
    return Resolution(
        span, f"the {named} of the year nearest the source's publication ({published})"
    )


def _year(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """A year ("2025", "in 2025") is that year."""
    year = _year_of(words)
    if year is None:
        return _no_time(words, published, anchor)
    return Resolution(of_year(year), f"the year {year}")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _period_of(unit: str, day: date, shift: int = 0) -> Span:
    """The day, week (Monday to Sunday), month, quarter or year that holds the day, or the one
    `shift` of them later (earlier when negative)."""
    if unit == "day":
        return of_day(day + timedelta(days=shift))
    if unit == "week":
        monday = _monday(day) + timedelta(weeks=shift)
        return between(monday, monday + timedelta(days=6))
    if unit == "year":
        return of_year(day.year + shift)
    months = {"month": 1, "quarter": 3}[unit]
    index = day.year * 12 + (day.month - 1) // months * months + shift * months
    first = of_month(index // 12, index % 12 + 1)
    last = of_month((index + months - 1) // 12, (index + months - 1) % 12 + 1)
    return first if months == 1 else between(first.first, last.last)


def _relative_period(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """This, last and next week, month, quarter and year count from the source's publication:
    this week is the Monday to Sunday that holds it, last year the year before its year."""
    if published is None:
        return _without_publication(_relative_period, words)
    which, unit = words.casefold().split()
    shift = {"this": 0, "last": -1, "next": 1}[which]
    span = _period_of(unit, published, shift)
    held = {0: "that holds", -1: "before the one that holds", 1: "after the one that holds"}
    return Resolution(
        span,
        f"the {unit}{' (Monday to Sunday)' * (unit == 'week')} {held[shift]} the source's "
        f"publication ({published})",
    )


def _so_far(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """Earlier this week, month or year runs from its first day (a week's Monday) to the day
    before the source's publication; later this week, month or year from the day after it to
    its last day."""
    if published is None:
        return _without_publication(_so_far, words)
    when, _, unit = words.casefold().split()
    period = _period_of(unit, published)
    if when == "earlier":
        first, last = period.first, published - timedelta(days=1)
        start = "Monday" if unit == "week" else "first day"
        how = f"from the {start} of the {unit} of the source's publication to the day before it"
    else:
        first, last = published + timedelta(days=1), period.last
        how = f"from the day after the source's publication to the last day of its {unit}"
    if last < first:
        return _unresolved(
            _so_far, f"the source was published on {published}: {words!r} holds no day"
        )
    return Resolution(between(first, last), f"{how} ({published})")


# Days from publication, by the words that say them.
_DAYS_FROM_PUBLICATION = {
    "the day before yesterday": -2,
    "yesterday": -1,
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tomorrow": 1,
    "the day after tomorrow": 2,
}


def _from_publication(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """Yesterday, today and tomorrow count from the day the source was published."""
    if published is None:
        return _without_publication(_from_publication, words)
    days = _DAYS_FROM_PUBLICATION[" ".join(words.casefold().split())]
    how = {-2: "two days before", -1: "the day before", 0: "the day of"}.get(days)
    how = how or ("the day after" if days == 1 else "two days after")
    return Resolution(
        of_day(published + timedelta(days=days)), f"{how} the source's publication ({published})"
    )


_COUNTS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_EARLIER = ("prior", "previous", "preceding", "earlier", "before")


def _from_anchor(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """The prior day, a day earlier, the next day, a year earlier and the same day count from
    the date that another time expression of the same sentence gives."""
    if anchor is None:
        return _unresolved(
            _from_anchor,
            f"{words!r} counts from a date that another time expression of the same sentence "
            "gives, and it gives none",
        )
    folded = words.casefold().split()
    unit = next(word.rstrip("s") for word in folded if word.rstrip("s") in _UNITS)
    direction = 0 if "same" in folded else -1 if any(w in _EARLIER for w in folded) else 1
    count = _COUNTS.get(folded[0]) or (int(folded[0]) if folded[0].isdigit() else 1)
    from_date = f"the date the same sentence gives ({anchor.text})"
    if folded[0] == "the":
        # "the prior day", "the same week", "the year before": the calendar's day, week, month
        # or year next to the one that holds the date.
        period = _period_of(unit, anchor.first)
        if not period.contains(anchor):
            return _unresolved(
                _from_anchor, f"{anchor.text} is not within one {unit}: {words!r} names none"
            )
        span = _period_of(unit, anchor.first, direction)
        how = {0: f"the same {unit} as", -1: f"the {unit} before", 1: f"the {unit} after"}
        return Resolution(span, f"{how[direction]} {from_date}")
    # "a day earlier", "two years later": the date moved by that many days, months or years.
    try:
        span = _moved(anchor, unit, direction * count)
    except ValueError as error:
        return _unresolved(_from_anchor, str(error))
    side = "before" if direction < 0 else "after"
    units = f"a {unit}" if count == 1 else f"{count} {unit}s"
    return Resolution(span, f"{units} {side} {from_date}")


_UNITS = ("day", "week", "month", "year")


def _moved(anchor: Span, unit: str, by: int) -> Span:
    """The anchor's date moved by `by` days, weeks, months or years, at its own precision."""
    if unit in ("day", "week"):
        if anchor.precision != "day":
            raise ValueError(f"{anchor.text} is not one day: no {unit} counts from it")
        return of_day(anchor.first + timedelta(days=by * (7 if unit == "week" else 1)))
    months = by * (12 if unit == "year" else 1)
    if anchor.precision == "year":
        if unit == "month":
            raise ValueError(f"{anchor.text} is a year: no month counts from it")
        return of_year(anchor.first.year + by)
    if anchor.precision == "month":
        index = anchor.first.year * 12 + anchor.first.month - 1 + months
        return of_month(index // 12, index % 12 + 1)
    first, last = _add_months(anchor.first, months), _add_months(anchor.last, months)
    return of_day(first) if anchor.precision == "day" else between(first, last)


def _add_months(day: date, months: int) -> date:
    """The same day that many months later, or the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    month = of_month(index // 12, index % 12 + 1)
    return min(month.last, month.first + timedelta(days=day.day - 1))


def _day_of_month(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """The 12th is that day of the month that another time expression of the same sentence
    gives, or else of the month of the source's publication."""
    day = _day_of(words)
    if day is None:
        return _no_time(words, published, anchor)
    if anchor is not None and (anchor.first.year, anchor.first.month) == (
        anchor.last.year,
        anchor.last.month,
    ):
        year, month = anchor.first.year, anchor.first.month
        how = f"of the month the same sentence gives ({year:04d}-{month:02d})"
    elif published is not None:
        year, month = published.year, published.month
        how = f"of the month of the source's publication ({published})"
    else:
        return _without_publication(_day_of_month, words)
    try:
        return Resolution(of_day(date(year, month, day)), f"the {_ordinal(day)} {how}")
    except ValueError:
        return _unresolved(_day_of_month, f"{_month_name(month)} {year} has no day {day}")


def _given_year(words: str, published: date | None) -> int | None:
    """The year a festival or holiday is of, by the words: "this year's", "2026's", "the
    2026"; None when they give none."""
    year = _year_of(words)
    if year is not None:
        return year
    relative = re.match(r"(this|last|next)\s+year", words.casefold())
    if relative is None or published is None:
        return None
    return published.year + {"this": 0, "last": -1, "next": 1}[relative.group(1)]


def _festival_name(words: str) -> str:
    """The festival or holiday the words name, without the year and length before it."""
    name = re.sub(rf"^{_OF_YEAR}", "", words)
    name = re.sub(r"\s+(?:holidays?|break|Golden\s+Week)$", "", name)
    return " ".join(name.replace("\u2019", "'").split()).casefold()


def _lunar_day(year: int, month: int, day: int) -> date:
    """The day of the lunar calendar, in the Gregorian calendar. Raises ValueError for a year
    the calendar does not cover (1900 to 2099)."""
    from lunardate import LunarDate

    solar: date = LunarDate(year, month, day).to_solar_date()
    return solar


_NEW_YEAR = (1, 1, "the Lunar New Year, the first day of the lunar year")
# Festivals of the lunar calendar: their month and day there, and what they are.
_LUNAR_FESTIVALS = {
    "spring festival": _NEW_YEAR,
    "lunar new year": _NEW_YEAR,
    "chinese new year": _NEW_YEAR,
    "lunar new year's day": _NEW_YEAR,
    "chinese new year's day": _NEW_YEAR,
    "lantern festival": (1, 15, "the Lantern Festival, the 15th day of the lunar year"),
    "dragon boat festival": (5, 5, "the Dragon Boat Festival, day 5 of the fifth lunar month"),
    "mid-autumn festival": (8, 15, "the Mid-Autumn Festival, day 15 of the eighth lunar month"),
}


def _festival(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """A festival of the lunar calendar is its day there, in the lunar year the words give or
    else the one nearest the source's publication: Spring Festival, the Lunar New Year and
    Chinese New Year are the first day of the first month, the Lantern Festival its 15th day."""
    name = _festival_name(words)
    if name not in _LUNAR_FESTIVALS:
        return _unresolved(_festival, f"{words!r} names no festival the rules know")
    month, day, what = _LUNAR_FESTIVALS[name]
    return _lunar(_festival, words, published, what, lambda year: _lunar_day(year, month, day))


def _new_years_eve(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """New Year's Eve is the eve of the Lunar New Year, the day before the first day of the
    lunar year, in the lunar year the words give or else the one nearest the source's
    publication: in reports of the race around it, "New Year's Eve" means the lunar one."""
    what = "the eve of the Lunar New Year, the day before the first day of the lunar year"
    if not re.search(r"Lunar|Chinese|Spring", words):
        what += " (in reports of this race, New Year's Eve is the Lunar New Year's)"
    return _lunar(
        _new_years_eve,
        words,
        published,
        what,
        lambda year: _lunar_day(year, 1, 1) - timedelta(days=1),
    )


def _lunar(
    rule: Rule, words: str, published: date | None, what: str, day_in: Callable[[int], date]
) -> Resolution:
    """A day of the lunar calendar, of the year the words give or else the one nearest
    publication."""
    year = _given_year(words, published)
    if year is not None:
        try:
            return Resolution(of_day(day_in(year)), f"{what}, {year}, by the lunar calendar")
        except ValueError as error:
            return _unresolved(rule, f"the lunar calendar has no {year}: {error}")
    if published is None:
        return _without_publication(rule, words)
    span = _nearest(published, lambda year: of_day(day_in(year)))
    if span is None:
        return _unresolved(
            rule, f"the lunar calendar covers 1900 to 2099, not the years around {published}"
        )
    return Resolution(
        span,
        f"{what}, by the lunar calendar, in the year nearest the source's publication "
        f"({published})",
    )


# China's statutory holidays, by the names reports give them: the member of the holiday
# calendar's `Holiday` and a day the holiday always holds or is next to, which picks its year
# (a lunar month and day, or a Gregorian one).
_HOLIDAYS: dict[str, tuple[str, bool, int, int]] = {
    "spring festival": ("spring_festival", True, 1, 1),
    "lunar new year": ("spring_festival", True, 1, 1),
    "chinese new year": ("spring_festival", True, 1, 1),
    "national day": ("national_day", False, 10, 1),
    "may day": ("labour_day", False, 5, 1),
    "labour day": ("labour_day", False, 5, 1),
    "labor day": ("labour_day", False, 5, 1),
    "new year's day": ("new_years_day", False, 1, 1),
    "dragon boat festival": ("dragon_boat_festival", True, 5, 5),
    "mid-autumn festival": ("mid_autumn_festival", True, 8, 15),
    "qingming": ("tomb_sweeping_day", False, 4, 5),
    "qingming festival": ("tomb_sweeping_day", False, 4, 5),
    "tomb-sweeping day": ("tomb_sweeping_day", False, 4, 5),
}
# How far from that day a statutory holiday may begin or end.
_HOLIDAY_REACH = 15


def _holiday(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """A holiday ("the Spring Festival holiday", "this year's National Day holiday") is China's
    statutory holiday by that name as the State Council's notice sets it, by China's holiday
    calendar, of the year the words give or else the one nearest the source's publication."""
    name = _festival_name(words)
    if name not in _HOLIDAYS:
        return _unresolved(_holiday, f"{words!r} names no statutory holiday the rules know")
    member, lunar, month, day = _HOLIDAYS[name]

    def day_in(year: int) -> date:
        return _lunar_day(year, month, day) if lunar else date(year, month, day)

    year = _given_year(words, published)
    if year is None:
        if published is None:
            return _without_publication(_holiday, words)
        nearest = _nearest(published, lambda year: of_day(day_in(year)))
        if nearest is None:
            return _unresolved(_holiday, f"no year near {published} has a {name} holiday")
        year = nearest.first.year
        which = f"of the year nearest the source's publication ({published})"
    else:
        which = f"of {year}"
    try:
        held = day_in(year)
    except ValueError as error:
        return _unresolved(_holiday, f"the lunar calendar has no {year}: {error}")
    try:
        span = _statutory(member, held)
    except NotImplementedError as error:
        return _unresolved(
            _holiday,
            f"China's holiday calendar has no statutory holidays of {year} ({error}); a newer "
            "chinesecalendar release may",
        )
    if span is None:
        return _unresolved(_holiday, f"China's holiday calendar gives no {name} holiday in {year}")
    title = name.title().replace("'S", "'s")
    return Resolution(
        span,
        f"the statutory {title} holiday {which}, as the State Council's notice sets it "
        "(China's holiday calendar)",
    )


# Asked of every fact that names a holiday, and a day at a time: once for each holiday.
@functools.cache
def _statutory(member: str, held: date) -> Span | None:
    """The days of the statutory holiday near the day it holds, by China's holiday calendar.
    Raises NotImplementedError for a year the calendar has no data for."""
    import chinese_calendar

    name = chinese_calendar.Holiday[member].value
    chinese_calendar.get_holiday_detail(held)
    days = []
    for offset in range(-_HOLIDAY_REACH, _HOLIDAY_REACH + 1):
        day = held + timedelta(days=offset)
        try:
            on_holiday, named = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            continue
        if on_holiday and named == name:
            days.append(day)
    return between(days[0], days[-1]) if days else None


def _interval(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """An interval ("from Jan 26 to Mar 12", "between Feb 15 and Feb 23", "Feb 15-23") runs
    from the first day of its start to the last day of its end, in the years the words give or
    else in those that put it nearest the source's publication."""
    ends = re.sub(r"^(?i:from|between)\s+", "", words)
    start_words, end_words = re.split(
        r"\s+(?i:to|until|till|through|thru|and)\s+|\s*[-\u2013]\s*", ends, maxsplit=1
    )
    start, end = _point(start_words), _point(end_words)
    if end[1] is None and end[2] is not None:
        # A day alone ends it in the start's month: "Feb 15-23".
        end = (end[0], start[1], end[2])
    if start[0] is not None or end[0] is not None:
        try:
            span = _interval_of_years(start, end)
        except ValueError as error:
            return _unresolved(_interval, str(error))
        return Resolution(span, f"from {start_words} to {end_words}, in the years the words give")
    if published is None:
        return _without_publication(_interval, words)

    def span_in(year: int) -> Span:
        return _interval_of_years((year, start[1], start[2]), end)

    nearest = _nearest(published, span_in)
    if nearest is None:
        return _unresolved(_interval, f"{words!r} is no interval of any year near {published}")
    return Resolution(
        nearest,
        f"from {start_words} to {end_words}, in the year that puts it nearest the source's "
        f"publication ({published})",
    )


_Point = tuple[int | None, int | None, int | None]


def _point(words: str) -> _Point:
    """The year, month and day the words give ("Feb 4, 2026", "2026-02-04", "January",
    "23"), each None when they give none."""
    iso = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", words)
    if iso:
        return int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
    return _year_of(words), _month_of(words), _day_of(re.sub(_YEAR, "", words))


def _span_of(year: int, month: int | None, day: int | None) -> Span:
    if month is None:
        return of_year(year)
    if day is None:
        return of_month(year, month)
    return of_day(date(year, month, day))


def _interval_of_years(start: _Point, end: _Point) -> Span:
    """The interval, a year missing from one end taken from the other, and moved on by a year
    where that would end it before it starts ("from Dec 28 to Jan 3, 2026")."""
    start_year, end_year = start[0], end[0]
    if start_year is None and end_year is not None:
        first = _span_of(end_year, start[1], start[2])
        last = _span_of(end_year, end[1], end[2])
        if last.last < first.first:
            first = _span_of(end_year - 1, start[1], start[2])
    else:
        assert start_year is not None
        first = _span_of(start_year, start[1], start[2])
        last = _span_of(end_year or start_year, end[1], end[2])
        if end_year is None and last.last < first.first:
            last = _span_of(start_year + 1, end[1], end[2])
    return between(first.first, last.last)


def _by(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """A deadline ("by Feb 21") is the date it names, read by the rule for that date."""
    named = re.sub(r"^(?i:by)\s+", "", words)
    resolution = resolve(named, published, anchor)
    if resolution.span is None:
        return Resolution(None, _statement(_by), resolution.reason)
    return Resolution(resolution.span, f"no later than {named}: {resolution.rule}")


def _relative_to_event(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """A time relative to another event ("shortly afterward", "later", "earlier that week",
    "the night of the gala", "that first day") gets no date: no rule says how far from that
    event it is, or when that event was."""
    return _unresolved(
        _relative_to_event, f"{words!r} is relative to another event; no rule gives it a date"
    )


def _unnamed_holiday(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """A holiday the words do not name ("during the holiday") gets no date: no rule says which
    holiday it is."""
    return _unresolved(
        _unnamed_holiday, f"{words!r} does not name the holiday; no rule gives it a date"
    )


def _no_time(words: str, published: date | None, anchor: Span | None) -> Resolution:
    """Words that are no time expression the rules read get no date."""
    return _unresolved(_no_time, f"{words!r} is no time expression the rules read")


_KINDS = (
    _Kind(
        "",
        rf"(?i:from|between)\s+{_POINT}\s+(?i:to|until|till|through|thru|and)\s+{_END}"
        rf"|{MONTH}\.?\s+{_DAY}\s*[-\u2013]\s*{_END}",
        "",
        _interval,
        True,
    ),
    _Kind(
        "",
        rf"(?i:by)\s+(?:{_POINT}|{_WEEKDAY})",
        _AMOUNT_AFTER,
        _by,
        True,
    ),
    _Kind(
        _NOT_QUOTED,
        rf"{_OF_YEAR}{_NO_NAME}(?:{_NAME_WORD}\s+){{0,3}}(?:Festival|Day|Year|Qingming)"
        r"\s+(?:holidays?|break|Golden\s+Week)",
        "",
        _holiday,
        True,
    ),
    _Kind(
        _NOT_QUOTED,
        rf"{_OF_YEAR}(?:(?:(?:Lunar|Chinese)\s+)?New\s+Year['\u2019]s|Spring\s+Festival)\s+Eve"
        r"|(?i:the)\s+eve\s+of\s+(?:(?i:the)\s+)?(?:(?:Lunar|Chinese)\s+New\s+Year"
        r"|Spring\s+Festival)",
        _NO_LONGER_NAME,
        _new_years_eve,
        True,
    ),
    _Kind(
        _NOT_QUOTED,
        rf"{_OF_YEAR}{_NO_NAME}(?:(?:Lunar|Chinese)\s+New\s+Year(?:['\u2019]s\s+Day)?"
        rf"|(?:{_NAME_WORD}\s+){{1,2}}Festival)",
        _NO_LONGER_NAME,
        _festival,
        True,
    ),
    _Kind(
        "",
        r"(?:(?i:the)\s+)?(?i:first|second|third|fourth|final|1st|2nd|3rd|4th)[-\s]+"
        rf"(?i:quarter|half)(?:\s+(?i:of)\s+(?:{_YEAR}|(?i:this|last|next)\s+year))?"
        r"|(?:(?i:the)\s+)?(?i:last)[-\s]+(?i:quarter|half)\s+(?i:of)\s+"
        rf"(?:{_YEAR}|(?i:this|last|next)\s+year)"
        rf"|[QH][1-4](?:\s+{_YEAR})?",
        "",
        _quarter,
        True,
    ),
    _Kind(
        "",
        rf"(?i:early|mid|late)(?:-\s*|\s+){MONTH}(?:\.?,?\s+{_YEAR})?",
        r"(?!\.?\s+[0-9])",
        _part_of_month,
        True,
    ),
    _Kind(
        "",
        rf"{_MONTH_DAY}|(?:(?i:the)\s+)?{_DAY_MONTH}|{_ISO_DAY}",
        r"(?![.,:][0-9])",
        _day,
        True,
    ),
    _Kind("", _MONTH_YEAR, _AMOUNT_AFTER, _month, False),
    _Kind(
        _after_words("in", "during", "since", "until"),
        MONTH,
        "",
        _month,
        True,
    ),
    # A month inside a sentence before a word that it qualifies: "put February monthly active
    # users", "its February campaign". "May" before a word is the verb as often as the month.
    _Kind(
        r"(?<=[a-z]\s)(?!May\b)",
        MONTH,
        r"(?=\s+[a-z])(?!\s+(?:of|to|with|on|and|or|in|at)\b)",
        _month,
        True,
    ),
    _Kind("", r"(?i:(?:earlier|later)\s+this\s+(?:week|month|year))", "", _so_far, True),
    _Kind(
        "",
        r"(?i:(?:this|last|next)\s+(?:week|month|quarter|year))",
        "",
        _relative_period,
        True,
    ),
    _Kind(
        "",
        rf"(?:(?i:late|early|last|next|this)\s+)?{_WEEKDAY}"
        r"(?:\s+(?i:morning|afternoon|evening|night))?",
        "",
        _weekday,
        True,
    ),
    _Kind(
        "",
        r"(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today"
        r"|tonight|tomorrow|this\s+(?:morning|afternoon|evening))",
        "",
        _from_publication,
        True,
    ),
    _Kind(
        "",
        r"(?i:the\s+(?:prior|previous|preceding|next|following|subsequent|same)\s+"
        r"(?:day|week|month|year)"
        r"|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|[0-9]{1,2})\s+"
        r"(?:days?|weeks?|months?|years?)\s+(?:earlier|later))",
        # "A day earlier than Kimi" counts from Kimi's day, which no date of the text says.
        r"(?!\s+(?i:than)\b)",
        _from_anchor,
        False,
    ),
    # "The day before" with words after it counts from what they say ("the day before the
    # launch"), not from a date.
    _Kind(
        "",
        r"(?i:(?:the|a|an|one|two|three|four|five|six|seven|eight|nine|ten|[0-9]{1,2})\s+"
        r"(?:days?|weeks?|months?|years?)\s+(?:before|after))",
        r"(?![ \t]+[\w\"\u201c])",
        _from_anchor,
        False,
    ),
    _Kind(
        _after_words("on", "by", "from", "until", "till", "since", "to", "before", "after"),
        r"(?i:the)\s+(?:3[01]|[12][0-9]|0?[1-9])(?i:st|nd|rd|th)",
        "",
        _day_of_month,
        True,
    ),
    _Kind(r"(?<![$¥€£#])", _YEAR, _AMOUNT_AFTER, _year, False),
    _Kind(
        "",
        r"(?i:(?:shortly\s+|soon\s+)?afterwards?|(?:shortly|soon)\s+(?:after|before)"
        r"|(?:earlier|later)\s+(?:that|last|next)\s+(?:week|month|year)|later|subsequently"
        # "the night of the gala", "that first day", "the 11 days of its free-order event".
        r"|the\s+(?:night|evening|morning|eve)\s+of\s+the\s+[a-z][\w-]*"
        r"|that\s+(?:first|same|last|final)\s+(?:day|night|week)"
        r"|the\s+(?:[0-9]+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
        r"(?:days|weeks)\s+of\s+(?:its|their|the|his|her)\s+(?:[\w-]+\s+){0,2}"
        r"(?:event|campaign|promotion|giveaway|drive|holiday|festival|break))",
        "",
        _relative_to_event,
        False,
    ),
    _Kind(
        _after_words(
            "during",
            "over",
            "throughout",
            "after",
            "before",
            "since",
            "until",
            "of",
            "for",
            "in",
            "around",
        ),
        r"(?i:the)\s+(?i:holidays?|festival|festive\s+season|holiday\s+(?:season|period))",
        "",
        _unnamed_holiday,
        False,
    ),
)
_ANCHORED = (_from_anchor, _day_of_month)
# What may come before an expression's words: "in", "during", "on" and the like.
_LEADING = r"(?i:in|on|at|during|over|since|until|through|throughout|from|of|around)\s+"


# Words that count from the source's publication when no year is given.
_PUBLICATION_WORDS = (
    rf"(?<![A-Za-z]){MONTH}|{_WEEKDAY}|Festival|New\s+Year|Qingming|Day\s+(?:holidays?|break)"
    r"|[QH][1-4]\b|(?i:\b(?:yesterday|today|tonight|tomorrow|quarter|half)\b"
    r"|\b(?:this|last|next)\s+(?:week|month|quarter|year|morning|afternoon|evening)\b"
    r"|\bthe\s+[0-9]{1,2}(?:st|nd|rd|th)\b)"
)


@functools.cache
def _never_reads() -> re.Pattern[str]:
    """The kinds of expression that never read publication: a year, a month of a year, a time
    counted from another date or event, and a holiday not named."""
    return re.compile("|".join(kind.words for kind in _KINDS if not kind.reads_publication))


@functools.cache
def _finder() -> re.Pattern[str]:
    """Every kind of expression in its context, the kinds in order, whole words only."""
    kinds = "|".join(
        f"(?P<k{index}>{kind.before}(?:{kind.words}){kind.after})"
        for index, kind in enumerate(_KINDS)
    )
    return re.compile(rf"(?<![\w-])(?:{kinds})(?![\w-])")


def _read(words: str) -> re.Match[str] | None:
    """The words, all of them, as one expression of a kind."""
    return _finder().fullmatch(words) or _finder().fullmatch(
        _ALONE_AFTER + words, len(_ALONE_AFTER)
    )


def _kind(words: str) -> tuple[_Kind, str] | None:
    """The kind of expression the words are, and the words as it reads them (spacing squeezed,
    a leading "in" or "on" dropped); None when they are none."""
    words = " ".join(words.split())
    found = _read(words)
    leading = re.match(_LEADING, words)
    if found is None and leading:
        words = words[leading.end() :]
        found = _read(words)
    if found is None or found.lastgroup is None:
        return None
    return _KINDS[int(found.lastgroup[1:])], words


def same_time(stated: str, claimed: str) -> bool:
    """Whether a claimed time is the stated one, case, spacing and a leading "the", "on" or
    "in" aside ("the Spring Festival holiday" is "Spring Festival holiday")."""

    def bare(words: str) -> str:
        return re.sub(r"^(?:the|on|in)\s+", "", " ".join(words.split()).casefold())

    return bare(stated) == bare(claimed)


def readings(words: str) -> tuple[str, ...]:
    """The times an expression states: itself, and for a deadline ("by Feb 21") the date it
    names, which a figure "still had 22 million by Feb 21" is of."""
    deadline = re.fullmatch(r"(?i:by)\s+(.+)", " ".join(words.split()))
    return (words, deadline.group(1)) if deadline else (words,)


def interval_ends(
    words: str, published: date | None
) -> tuple[tuple[str, Span | None], tuple[str, Span | None]] | None:
    """The two ends of an interval ("from Jan 26 to Mar 12"), each with its words and the
    date it gives at its own precision ("Jan 26" is 2026-01-26, "March" 2026-03), in the years
    the whole interval resolves to; None for any other expression."""
    found = _kind(words)
    if found is None or found[0].rule is not _interval:
        return None
    read = re.sub(r"^(?i:from|between)\s+", "", found[1])
    start_words, end_words = re.split(
        r"\s+(?i:to|until|till|through|thru|and)\s+|\s*[-\u2013]\s*", read, maxsplit=1
    )
    span = resolve(found[1], published).span
    if span is None:
        return (start_words, None), (end_words, None)
    start, end = _point(start_words), _point(end_words)
    if end[1] is None and end[2] is not None:
        end = (end[0], start[1], end[2])
    first = _span_of(span.first.year, start[1], start[2] and span.first.day)
    last = _span_of(span.last.year, end[1] and span.last.month, end[2] and span.last.day)
    return (start_words, first), (end_words, last)


def weekday_of(words: str) -> int | None:
    """The day of the week a time expression names (Monday is 0), if it names one."""
    for number, day in enumerate(WEEKDAYS):
        if re.search(rf"(?<!\w){day}(?!\w)", words):
            return number
    return None


def find(text: str) -> list[Expression]:
    """Every time expression of the text, each read whole, the longest at each place ("late
    Thursday", never "Thursday"; "from Jan 26 to Mar 12", one interval)."""
    return [
        Expression(match.start(), match.end(), match.group()) for match in _finder().finditer(text)
    ]


def needs_published(words: str) -> bool:
    """Whether resolving the words may need the day their source was published: a weekday,
    "Feb 4" without a year, "this year's ...", "earlier this week" do; "February 4, 2026",
    "2025", "Q4 2025", "shortly afterward", "the prior day" do not.

    Read from the words' vocabulary, not the whole grammar, whose compiling costs more than
    validating a knowledge file should: a year given, or words that count from another date or
    event, need no publication; a month, weekday, festival or holiday, or a day, week, quarter
    or year counted from now, does.
    """
    words = " ".join(words.split())
    leading = re.match(_LEADING, words)
    read = words[leading.end() :] if leading else words
    if _year_of(words) is not None or _never_reads().fullmatch(read):
        return False
    return re.search(_PUBLICATION_WORDS, words) is not None


def resolve(words: str, published: date | None, anchor: Span | None = None) -> Resolution:
    """The date the words of a time expression give, by the rule for their kind, relative to
    the day the source was `published`; `anchor` is the date another expression of the same
    sentence gives, from which "the prior day" and "the 12th" count."""
    found = _kind(words)
    if found is None:
        return _no_time(" ".join(words.split()), published, anchor)
    kind, read = found
    try:
        return kind.rule(read, published, anchor)
    except (ValueError, OverflowError) as error:
        # Only a date at the calendar's ends (a source of 9999-12-31 saying "next year").
        return _unresolved(kind.rule, f"{read!r} gives no date within years 1 to 9999: {error}")


def resolve_in(text: str, published: date | None) -> list[tuple[Expression, Resolution]]:
    """Every time expression of the text, resolved: one that counts from another date ("the
    prior day", "the 12th") from the nearest dated expression of its sentence."""
    from aicompete.proof.text import sentences

    expressions = find(text)
    resolutions: dict[int, Resolution] = {}
    counting: list[int] = []
    for index, expression in enumerate(expressions):
        found = _kind(expression.text)
        if found is not None and found[0].rule in _ANCHORED:
            counting.append(index)
        else:
            resolutions[index] = resolve(expression.text, published)
    # Only dates that count from no other date are counted from: "the day before" in "a year
    # earlier and 70 million the day before" is the day before the sentence's own date.
    dated = [
        (expressions[index].start, resolution.span)
        for index, resolution in resolutions.items()
        if resolution.span is not None
    ]
    bounds = [(sentence.start, sentence.end) for sentence in sentences(text)]
    for index in counting:
        at = expressions[index].start
        start, end = next((bound for bound in bounds if bound[0] <= at < bound[1]), (at, at))
        near = [(abs(other - at), other, span) for other, span in dated if start <= other < end]
        anchor = min(near, key=lambda found: found[:2])[2] if near else None
        resolutions[index] = resolve(expressions[index].text, published, anchor)
    return [(expression, resolutions[index]) for index, expression in enumerate(expressions)]
