"""Proof that every fact says what its source says.

For each fact: its quote is a verbatim span of its source's text (runs of white space may
differ, nothing else); each figure it states is a number its quote gives, read the way news
reports write numbers ("73.52 million", "1 billion yuan ($145 million)"); each name or
comparison it quotes is in its quote; an event's `when` is in its quote, and so is the person
it is about, by full name or one word of it ("Lin", "Ma"), not only by "he". Pure: the source
texts are given, nothing is read or printed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from fractions import Fraction

from aicompete.frozen import frozen
from aicompete.knowledge.kinds import FACT_KINDS
from aicompete.knowledge.models import App, Campaign, Company, Dau, Event, KnowledgeBase, Person
from aicompete.knowledge.source_texts import Unreadable

Fact = Company | App | Person | Dau | Campaign | Event

_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_CURRENCIES = {"$": "USD", "dollars": "USD", "usd": "USD", "¥": "CNY", "yuan": "CNY", "rmb": "CNY"}
# A number standing on its own (not the 3 of "Qwen3" or the 10 of "P10"), with an optional
# currency sign before it and a scale word and currency word after it.
_NUMBER = re.compile(
    r"(?:(?P<sign>[$¥])|(?<![\w.]))"
    r"(?P<digits>\d+(?:,\d{3})*(?:\.\d+)?)(?![\w])"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?:\s+(?P<unit>yuan|rmb|dollars|usd)\b)?",
    re.IGNORECASE,
)
# Longer runs of digits are no figure (and Python will not read thousands of them).
_MAX_DIGITS = 40
_SPACE = re.compile(r"\s+")
# How much of a quote to show around the place where it departs from its source.
_CONTEXT = 24


@frozen
class StatedNumber:
    """A number as a quote writes it: its value, its currency if it names one, its text."""

    value: Fraction
    currency: str | None
    text: str


@frozen
class FactCheck:
    """The verdict on one fact: every failure found, none when it is proven."""

    kind: str
    id: str
    source: str
    figures: int
    failures: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


def check_facts(knowledge: KnowledgeBase, texts: Mapping[str, str | Unreadable]) -> list[FactCheck]:
    """Every fact of the knowledge base checked against its source's text, in file order.

    `texts` maps a source id to that source's full text, or to why it could not be read.
    """
    normalised = {
        source: text if isinstance(text, Unreadable) else _squeeze(text)
        for source, text in texts.items()
    }
    people = {person.id: person.name for person in knowledge.people}
    return [
        check_fact(kind, fact, normalised.get(fact.source), _person(fact, people))
        for kind, fact in _facts(knowledge)
    ]


def check_fact(
    kind: str, fact: Fact, source_text: str | Unreadable | None, person: str | None = None
) -> FactCheck:
    """One fact against its source's text, white space already squeezed (see `_squeeze`).

    `person` is the name of the person the fact is about, if any, which its quote must name.
    """
    failures: list[str] = []
    quote = _squeeze(fact.quote).strip()
    if isinstance(source_text, Unreadable):
        failures.append(f"the text of source {fact.source!r} cannot be read: {source_text.reason}")
    elif source_text is None:
        failures.append(f"source {fact.source!r} has no text")
    elif not quote:
        failures.append("quote is blank")
    elif quote not in source_text:
        failures.append(f"quote is not in source {fact.source!r}: {_departure(quote, source_text)}")
    for field, text in _quoted_texts(fact):
        if _squeeze(text).strip() not in quote:
            failures.append(f"{field} {text!r} is not in the quote")
    if isinstance(fact, Event) and fact.when and _folded(fact.when) not in quote.casefold():
        failures.append(f"when {fact.when!r} is not in the quote")
    if person is not None and not names_person(quote, person):
        failures.append(f"person {person!r} is not in the quote, by full name or one word of it")
    figures = list(_figures(fact))
    numbers = read_numbers(quote)
    for field, value, currency in figures:
        if not any(_matches(number, value, currency) for number in numbers):
            failures.append(_missing_figure(field, value, currency, numbers))
    return FactCheck(kind, fact.id, fact.source, len(figures), tuple(failures))


def names_person(quote: str, name: str) -> bool:
    """Whether the quote names the person: the whole name, or one word of it as a word.

    A word of the name is enough because reports name people again by surname ("Lin", "Ma",
    "Cao"); it must stand as a word, in its own case, so that "Ma" is not found in "many".
    """
    name = _squeeze(name).strip()
    if name and name in quote:
        return True
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", quote) for word in name.split())


def read_numbers(text: str) -> list[StatedNumber]:
    """Every number the text states, scaled: "73.52 million" is 73,520,000.

    A currency sign or word beside a number ("$145 million", "500 million yuan") gives its
    currency; numbers spelled in words ("three") are not read.
    """
    numbers: list[StatedNumber] = []
    for match in _NUMBER.finditer(text):
        digits = match["digits"].replace(",", "")
        if len(digits) > _MAX_DIGITS:
            continue
        value = Fraction(digits)
        if match["scale"]:
            value *= _SCALES[match["scale"].lower()]
        marker = match["sign"] or match["unit"]
        currency = _CURRENCIES[marker.lower()] if marker else None
        numbers.append(StatedNumber(value, currency, match.group().strip()))
    return numbers


def _facts(knowledge: KnowledgeBase) -> Iterator[tuple[str, Fact]]:
    for kind in FACT_KINDS:
        for fact in getattr(knowledge, kind.table):
            yield kind.name, fact


def _person(fact: Fact, people: Mapping[str, str]) -> str | None:
    """The name of the person an event is about, if it names one that exists."""
    return people.get(fact.person) if isinstance(fact, Event) and fact.person else None


def _figures(fact: Fact) -> Iterator[tuple[str, int, str | None]]:
    """The numbers a fact states: field, value and currency (None when not money)."""
    if isinstance(fact, Dau):
        yield "value", fact.value, None
    elif isinstance(fact, Campaign):
        for index, money in enumerate(fact.amounts):
            yield f"amounts[{index}].value", money.value, money.currency
    elif isinstance(fact, Event):
        for name, value in (fact.figures or {}).items():
            yield f"figures.{name}", value, None


def _quoted_texts(fact: Fact) -> Iterator[tuple[str, str]]:
    """Text a fact takes word for word from its quote: names and reported comparisons."""
    if isinstance(fact, (Company, App, Person, Campaign)) and fact.name:
        yield "name", fact.name
    if isinstance(fact, Dau) and fact.reported_comparison:
        yield "reported_comparison", fact.reported_comparison


def _matches(number: StatedNumber, value: int, currency: str | None) -> bool:
    return number.value == value and (currency is None or number.currency == currency)


def _missing_figure(
    field: str, value: int, currency: str | None, numbers: list[StatedNumber]
) -> str:
    stated = f"{field} = {value:,}" + (f" {currency}" if currency else "")
    if not numbers:
        return f"{stated} is not in the quote, which states no number"
    given = ", ".join(
        f'"{number.text}"' + (f" ({number.currency})" if currency and number.currency else "")
        for number in numbers
    )
    return f"{stated} is not in the quote, which states {given}"


def _departure(quote: str, text: str) -> str:
    """Where the quote stops following the text: the longest start of it that the text holds."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return "no part of it is"
    before = "…" * (low > _CONTEXT) + quote[max(0, low - _CONTEXT) : low]
    after = quote[low : low + _CONTEXT] + "…" * (len(quote) > low + _CONTEXT)
    return f'it follows the source up to "{before}", then reads "{after}"'


def _folded(text: str) -> str:
    """Text compared regardless of case and spacing: case folded, white space squeezed."""
    return _squeeze(text).strip().casefold()


def _squeeze(text: str) -> str:
    """Runs of white space made one space, so that line breaks and spacing may differ."""
    return _SPACE.sub(" ", text)
