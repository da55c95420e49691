"""The knowledge base: plain frozen dataclasses.

They import nothing heavy, so a command that reads a cached knowledge base never pays for
pydantic, and `frozen.frozen` makes them without compiling code for each class. The loader
validates the TOML against these same classes with a pydantic TypeAdapter
(``__pydantic_config__`` and the attribute docstrings are read there), and the JSON Schema of
the knowledge file is generated from them too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal, Protocol, TypeVar

from aicompete.frozen import frozen
from aicompete.knowledge.dates import DATE_PATTERN

# Read by pydantic only: unknown keys are refused, docstrings become schema descriptions.
STRICT: Any = {"extra": "forbid", "use_attribute_docstrings": True, "strict": True}


class Bounds:
    """Bounds on a value, read by pydantic only, as the annotated_types constraints they name.

    Importing annotated_types costs more than the rest of this module, and a command answered
    from the cache never validates, so the constraints are built when pydantic asks for them.
    """

    __slots__ = ("constraints",)

    def __init__(self, **constraints: int | str) -> None:
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        import annotated_types as at
        from pydantic import StringConstraints

        def pattern(value: str) -> Any:
            return StringConstraints(pattern=value)

        made: dict[str, Any] = {
            "min_length": at.MinLen,
            "max_length": at.MaxLen,
            "ge": at.Ge,
            "le": at.Le,
            "pattern": pattern,
        }
        arguments = (source, *(made[name](value) for name, value in self.constraints.items()))
        annotated: Any = Annotated
        return handler.generate_schema(annotated[arguments])

    def __repr__(self) -> str:
        return f"Bounds({', '.join(f'{k}={v}' for k, v in self.constraints.items())})"


class Described:
    """A field's description in the JSON Schema, for a type that several fields share."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> Any:
        found = handler(schema)
        found["description"] = self.text
        return found


# Plain lowercase ASCII words joined by hyphens: an id that reads as it prints, with no
# look-alike letters or invisible characters.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# The characters that print as nothing, as a regular expression's character class body:
# the soft hyphen, zero-width spaces and joiners, direction marks, fillers, the blank braille
# pattern, variation selectors, the byte-order mark. Written with \u escapes, which JSON
# Schema's regular expressions read too.
PRINTS_AS_NOTHING = (
    r"\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
# Text with something to read: a character that is neither white space, nor a control, nor
# one that prints as nothing.
TEXT_PATTERN = rf"[^\s\u0000-\u001f\u007f-\u009f{PRINTS_AS_NOTHING}]"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# What a figure counts in: people, a percentage, things (queries, orders), or a currency.
UNIT_PATTERN = r"^(?:users|percent|count|[A-Z]{3})$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
DECIMAL_PATTERN = r"^\d+(?:\.\d+)?$"
# What `validate` says of a value that does not match each pattern.
PATTERN_MESSAGES = {
    ID_PATTERN: "should be an id: lowercase ASCII letters and digits joined by hyphens, "
    "such as 'qwen-spring-festival-peak'",
    TEXT_PATTERN: "should not be blank: it holds nothing to read, only spaces or characters "
    "that print as nothing",
    CURRENCY_PATTERN: "should be an ISO 4217 code of three capital letters, such as 'CNY'",
    DAY_PATTERN: "should be a day written YYYY-MM-DD",
    DATE_PATTERN: "should be an ISO 8601 date: a day 2026-02-16, a month 2026-02, a year 2025, "
    "or an interval 2025-10-01/2025-12-31",
    UNIT_PATTERN: "should be users, percent, count or an ISO 4217 currency code such as 'CNY'",
    SHA256_PATTERN: "should be a SHA-256 in 64 lowercase hex digits",
    DECIMAL_PATTERN: "should be a decimal number written as text, such as '7.2'",
}
# The largest integer SQLite and JSON readers keep exactly.
LARGEST = 2**63 - 1

Id = Annotated[str, Bounds(max_length=100, pattern=ID_PATTERN)]
Text = Annotated[str, Bounds(min_length=1, pattern=TEXT_PATTERN)]
Count = Annotated[int, Bounds(ge=0, le=LARGEST)]
Currency = Annotated[str, Bounds(pattern=CURRENCY_PATTERN)]
Day = Annotated[str, Bounds(pattern=DAY_PATTERN)]
_WHEN = 'When, exactly as reported: "Wednesday", "this year\'s Spring Festival holiday".'
_DATE = (
    "The date `when` resolves to, ISO 8601 with its precision: a day `2026-02-16`, a month "
    "`2026-02`, a year `2025`, or an interval `2025-10-01/2025-12-31`; `verify` proves it from "
    "`when` and the source's `published`."
)
Date = Annotated[str, Bounds(pattern=DATE_PATTERN)]
# Every time is written so, described once: the words as reported, and the date they give.
When = Annotated[Text, Described(_WHEN)]
OptionalWhen = Annotated[Text | None, Described(_WHEN)]
OptionalDate = Annotated[Date | None, Described(_DATE)]
Unit = Annotated[str, Bounds(pattern=UNIT_PATTERN)]
Sha256 = Annotated[str, Bounds(pattern=SHA256_PATTERN)]
Decimal = Annotated[str, Bounds(pattern=DECIMAL_PATTERN)]
# How a stated number stands to the truth: "passed 100 million" is over 100 million.
Bound = Literal["exact", "about", "over", "under", "up_to"]
MetricCounts = Literal["users", "rate", "money", "count"]
Window = Literal["day", "week", "month", "7-day", "30-day", "none"]
Statistic = Literal["peak", "average", "median"]
EventCategory = Literal["leadership", "organisation", "statement", "profile", "context"]
Speech = Literal["direct", "reported"]
# Every fact ends with these two: the other spans of its source that it rests on, and the
# fields it records that its evidence does not state.
Context = Annotated[
    tuple[Text, ...],
    Described(
        "Further verbatim spans of the source that the fact rests on, such as the sentence "
        "before the quote that names who measured a figure."
    ),
]


@frozen
class Inference:
    """Why the knowledge file records a value that the evidence does not state."""

    __pydantic_config__ = STRICT

    value: Any
    """The value it was written for, as the file writes it: `verify` fails the inference once
    the field holds another, until the reason is written again."""
    why: Text
    """Why the file records it, in a sentence."""


Inferred = Annotated[
    dict[str, Inference] | None,
    Described(
        "Fields that the evidence does not state, each with the value it was written for and "
        'why the knowledge file records it: `inferred.metric = { value = "peak-dau", why = '
        '"..." }`.'
    ),
]


# A field whose value follows from another's (a date from its `when`, a count's unit from its
# metric) is only as good as that one: inferred where that one is inferred.
FOLLOWS = {"date": "when", "unit": "metric"}


def inferred_fields(fact: Any) -> tuple[str, ...]:
    """The fields of a fact that its source does not state: those its `inferred` table names,
    then those that follow from one of them (`FOLLOWS`) and hold a value."""
    declared: dict[str, Inference] = getattr(fact, "inferred", None) or {}
    if not declared:
        return ()
    following = (
        name
        for name, basis in FOLLOWS.items()
        if basis in declared and name not in declared and getattr(fact, name, None) is not None
    )
    return (*declared, *following)


def as_written(value: Any) -> Any:
    """A field's value as the knowledge file writes it: a record as a table of its fields
    (an amount `{ value, currency }`, a time `{ when, date }`), a tuple as a list, a default
    left out of a table."""
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: as_written(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if getattr(value, field.name) not in (None, field.default)
        }
    if isinstance(value, (tuple, list)):
        return [as_written(item) for item in value]
    if isinstance(value, dict):
        return {key: as_written(item) for key, item in value.items()}
    return value


@frozen
class Source:
    """A document that facts cite."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the source, cited by every fact's `source`."""
    title: Text
    """Headline as published."""
    publisher: Text
    """Who published it."""
    file: Text
    """Path of the source's full text, relative to the knowledge file and inside its folder."""
    contact: str | None = None
    """The reporter's address as printed, if any."""
    url: Text | None = None
    """Where it was published, if known."""
    published: Day | None = None
    """The day it was published, `YYYY-MM-DD`: required when its facts give a time relative to
    it ("Wednesday", "this year's Spring Festival holiday")."""
    author: Text | None = None
    """Who wrote it, if known."""
    sha256: Sha256 | None = None
    """SHA-256 of the text file, in hex: `verify` fails every fact of a changed text."""


@frozen
class Company:
    """A company or organisation that takes part in the race or measures it."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the company."""
    name: Text
    """Name as the source writes it."""
    description: Text
    """What the company is, in a few words: proven in its quote's own words, else editorial."""
    source: Id
    """Id of the source that mentions it."""
    quote: Text
    """Verbatim span of the source that names it."""
    aliases: tuple[Text, ...] = ()
    """Other names the source uses."""
    context: Context = ()
    inferred: Inferred = None


@frozen
class App:
    """An AI assistant application."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the app."""
    name: Text
    """Name as the source writes it."""
    company: Id
    """Id of the company that runs it."""
    source: Id
    """Id of the source that mentions it."""
    quote: Text
    """Verbatim span of the source that names it with its company."""
    aliases: tuple[Text, ...] = ()
    """Other names the source uses."""
    context: Context = ()
    inferred: Inferred = None


@frozen
class Person:
    """Someone the source names."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the person."""
    name: Text
    """Name as the source writes it."""
    role: Text
    """Role as the source gives it, beside the name."""
    source: Id
    """Id of the source that names the person."""
    quote: Text
    """Verbatim span of the source that states the name and role."""
    company: Id | None = None
    """Id of the person's company, if the source gives one."""
    aliases: tuple[Text, ...] = ()
    """Other names sources use, such as the name in another order ("Junyang Lin")."""
    context: Context = ()
    inferred: Inferred = None


@frozen
class Metric:
    """What a figure counts, and the words reports name it by."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the metric, named by each figure's `metric`."""
    name: Text
    """Its name as tables print it, such as `peak DAU`."""
    counts: MetricCounts
    """What one value counts: `users`, a `rate`, `money` or a `count` of things."""
    window: Window
    """The span one value covers: `day`, `week`, `month`, `7-day`, `30-day` or `none`."""
    words: Annotated[tuple[Text, ...], Bounds(min_length=1)]
    """The ways reports name it, each read whole, case aside; `{value}` stands for the
    figure's own number as stated: `peak of {value} DAUs`."""
    statistic: Statistic | None = None
    """The statistic it is of the metric `of` over a figure's date, if it is one: a peak DAU
    over one day is that day's DAU."""
    of: Id | None = None
    """Id of the metric it is the `statistic` of."""


@frozen
class Figure:
    """One number a source states about a player: a DAU figure, a retention rate, a spend."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the figure."""
    metric: Id
    """Id of the metric it is, a `[[metrics]]` record."""
    value: Count | Decimal
    """The number in base units (people, yuan, queries); a rate with decimals is text: `"44.5"`."""
    unit: Unit
    """`users`, `percent`, `count` or an ISO 4217 currency code, such as `CNY`."""
    source: Id
    """Id of the source that states it."""
    quote: Text
    """Verbatim span of the source that states the figure."""
    app: Id | None = None
    """Id of the app it is about, if it is about one."""
    company: Id | None = None
    """Id of the company it is about, if it is about a company rather than one of its apps."""
    companies: tuple[Id, ...] = ()
    """Ids of the companies it is a total over, if it is about several."""
    bound: Bound = "exact"
    """How the value stands to the truth: `exact`, `about`, `over` ("passed", "more than"),
    `under` ("less than") or `up_to`."""
    when: OptionalWhen = None
    date: OptionalDate = None
    measured_by: Id | None = None
    """Id of the company that measured it, if the source says."""
    reported_via: Id | None = None
    """Id of an outlet that only relays it, if the source says so."""
    reported_comparison: Text | None = None
    """A comparison the source itself makes, quoted, such as `roughly half that of Doubao`."""
    context: Context = ()
    inferred: Inferred = None

    @property
    def number(self) -> int | float:
        """The value as a number: a rate written as text is read as a decimal."""
        return self.value if isinstance(self.value, int) else float(self.value)

    @property
    def subjects(self) -> tuple[str, ...]:
        """The ids of the companies it is about, when it is about companies, not an app."""
        return self.companies or ((self.company,) if self.company else ())


@frozen
class Time:
    """A time as reported, and the date it resolves to."""

    __pydantic_config__ = STRICT

    when: When
    date: OptionalDate = None


@frozen
class Money:
    """An amount of money in one currency, as stated."""

    __pydantic_config__ = STRICT

    value: Count
    """The amount in base units (yuan, dollars)."""
    currency: Currency
    """ISO 4217 code, such as `CNY` or `USD`."""
    bound: Bound = "exact"
    """How the amount stands to what is spent: `exact`, `about`, `over`, `under` or `up_to`."""


@frozen
class Campaign:
    """A promotional campaign of a company, for one of its apps or for the company itself."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the campaign."""
    description: Text
    """What the campaign is, in a few words: proven in its quote's own words, else editorial."""
    source: Id
    """Id of the source that states it."""
    quote: Text
    """Verbatim span of the source that states the campaign and its amounts."""
    app: Id | None = None
    """Id of the app promoted, if any: a campaign names its app, its company, or both."""
    company: Id | None = None
    """Id of the company that runs it: needed where it promotes no one app (JD.com has none)."""
    name: Text | None = None
    """The campaign's own name, if the source gives one."""
    amounts: tuple[Money, ...] = ()
    """Amounts as stated, one per currency; empty when the source gives none (unknown)."""
    purpose: Text | None = None
    """What it aims at, in the source's words, if it says."""
    reach: Text | None = None
    """Whom it reached, in the source's words, if it says."""
    announced: Time | None = None
    """When it was announced: `{ when = "Jan 25", date = "2026-01-25" }`."""
    start: Time | None = None
    """When it starts."""
    end: Time | None = None
    """When it ends."""
    same_as: Id | None = None
    """Id of a campaign of another source that this one restates, if any."""
    context: Context = ()
    inferred: Inferred = None

    def amount(self, currency: str) -> int | None:
        """The amount stated in this currency (`CNY`, `USD`), or None when none is (unknown)."""
        return next((money.value for money in self.amounts if money.currency == currency), None)


@frozen
class Rate:
    """An exchange rate a source states: one `base` is worth `value` of `counter`."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the rate."""
    base: Currency
    """The currency of which one unit is priced, such as `USD`."""
    counter: Currency
    """The currency it is priced in, such as `CNY`."""
    value: Decimal
    """How many of `counter` one `base` is worth, as the source writes it: `"7.2"`."""
    source: Id
    """Id of the source that states it."""
    quote: Text
    """Verbatim span of the source that states the rate."""
    context: Context = ()
    inferred: Inferred = None


@frozen
class Event:
    """Something that happened or was said: a leadership change, a statement, context."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the event."""
    category: EventCategory
    """leadership, organisation, statement, profile (about a person) or context (editorial)."""
    summary: Text
    """What happened or changed, in a few words, in the source's tense: proven in its quote's
    own words, else editorial."""
    source: Id
    """Id of the source that states it."""
    quote: Text
    """Verbatim span of the source that states it."""
    person: Id | None = None
    """Id of the person it is about, if any: of a statement, the one who speaks; else the first
    person its quote names."""
    company: Id | None = None
    """Id of the company it is about, if no person is named or as well: of a statement, the
    one who speaks or the speaker's."""
    when: OptionalWhen = None
    date: OptionalDate = None
    after: tuple[Id, ...] = ()
    """Ids of events the source says, or clearly implies, came before this one (no circles)."""
    figures: dict[str, Count] | None = None
    """Numbers the quote states, by name: `{ born = 1993 }`; a bound keeps its qualifier in
    the name: `{ parameters_more_than = 1000000000000 }`."""
    speech: Speech | None = None
    """For something said: `direct` (quoted in quote marks) or `reported`."""
    same_as: Id | None = None
    """Id of an event of another source that this one restates, if any."""
    context: Context = ()
    inferred: Inferred = None


@frozen
class KnowledgeBase:
    """The whole knowledge file."""

    __pydantic_config__ = STRICT

    sources: tuple[Source, ...] = ()
    """Source documents."""
    metrics: tuple[Metric, ...] = ()
    """What figures count: DAU, MAU, retention, spend."""
    companies: tuple[Company, ...] = ()
    """Companies and organisations."""
    apps: tuple[App, ...] = ()
    """AI assistant applications."""
    people: tuple[Person, ...] = ()
    """People named by the sources."""
    figures: tuple[Figure, ...] = ()
    """Every number the sources state about the players."""
    campaigns: tuple[Campaign, ...] = ()
    """Promotional campaigns."""
    rates: tuple[Rate, ...] = ()
    """Exchange rates the sources state."""
    events: tuple[Event, ...] = ()
    """Leadership changes, organisation changes, statements and context."""


class HasId(Protocol):
    @property
    def id(self) -> str: ...


Identified = TypeVar("Identified", bound=HasId)


def by_id(items: Iterable[Identified]) -> dict[str, Identified]:
    """Index records by their id."""
    return {item.id: item for item in items}
