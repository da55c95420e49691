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

# Read by pydantic only: unknown keys are refused, docstrings become schema descriptions.
STRICT: Any = {"extra": "forbid", "use_attribute_docstrings": True, "strict": True}


class Bounds:
    """Bounds on a value, read by pydantic only, as the annotated_types constraints they name.

    Importing annotated_types costs more than the rest of this module, and a command answered
    from the cache never validates, so the constraints are built when pydantic asks for them.
    """

    __slots__ = ("constraints",)

    def __init__(self, **constraints: int) -> None:
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        import annotated_types as at

        made = {"min_length": at.MinLen, "max_length": at.MaxLen, "ge": at.Ge}
        arguments = (source, *(made[name](value) for name, value in self.constraints.items()))
        annotated: Any = Annotated
        return handler.generate_schema(annotated[arguments])

    def __repr__(self) -> str:
        return f"Bounds({', '.join(f'{k}={v}' for k, v in self.constraints.items())})"


Id = Annotated[str, Bounds(min_length=1, max_length=100)]
Text = Annotated[str, Bounds(min_length=1)]
Count = Annotated[int, Bounds(ge=0)]
EventCategory = Literal["leadership", "organisation", "statement", "profile", "context"]


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
    """Path of the source's full text, relative to the knowledge file."""
    contact: str | None = None
    """The reporter's address as printed, if any."""


@frozen
class Company:
    """A company or organisation that takes part in the race or measures it."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the company."""
    name: Text
    """Name as the source writes it."""
    description: Text
    """What the company is, in a few words."""
    source: Id
    """Id of the source that mentions it."""
    quote: Text
    """Verbatim span of the source that names it."""
    aliases: tuple[Text, ...] = ()
    """Other names the source uses."""


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


@frozen
class Person:
    """Someone the source names."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the person."""
    name: Text
    """Name as the source writes it."""
    role: Text
    """Role as the source gives it."""
    source: Id
    """Id of the source that names the person."""
    quote: Text
    """Verbatim span of the source that states the name and role."""
    company: Id | None = None
    """Id of the person's company, if the source gives one."""


@frozen
class Dau:
    """A daily-active-user figure for one app."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the figure."""
    app: Id
    """Id of the app measured."""
    value: Count
    """Daily active users, in people."""
    metric: Text
    """What the figure is, such as `peak DAU`."""
    period: Text
    """When, exactly as reported."""
    measured_by: Id
    """Id of the company that measured it."""
    source: Id
    """Id of the source that states it."""
    quote: Text
    """Verbatim span of the source that states the figure."""
    reported_comparison: str | None = None
    """A comparison the source itself makes, quoted, such as `roughly half that of Doubao`."""


@frozen
class Money:
    """An amount of money in one currency, as stated."""

    __pydantic_config__ = STRICT

    value: Count
    """The amount in base units (yuan, dollars)."""
    currency: Literal["CNY", "USD"]
    """ISO 4217 code."""


@frozen
class Campaign:
    """A promotional campaign for an app."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the campaign."""
    app: Id
    """Id of the app promoted."""
    description: Text
    """What the campaign is, in the source's words."""
    source: Id
    """Id of the source that states it."""
    quote: Text
    """Verbatim span of the source that states the campaign and its amounts."""
    name: str | None = None
    """The campaign's own name, if the source gives one."""
    amounts: tuple[Money, ...] = ()
    """Amounts as stated, one per currency; empty when the source gives none (unknown)."""
    purpose: str | None = None
    """What it aims at, if the source says."""

    def amount(self, currency: str) -> int | None:
        """The amount stated in this currency (`CNY`, `USD`), or None when none is (unknown)."""
        return next((money.value for money in self.amounts if money.currency == currency), None)


@frozen
class Event:
    """Something that happened or was said: a leadership change, a statement, context."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique id of the event."""
    category: EventCategory
    """leadership, organisation, statement, profile (about a person) or context."""
    summary: Text
    """What happened or changed, in a few words."""
    source: Id
    """Id of the source that states it."""
    quote: Text
    """Verbatim span of the source that states it."""
    person: Id | None = None
    """Id of the person it is about, if any."""
    company: Id | None = None
    """Id of the company it is about, if no person is named or as well."""
    when: str | None = None
    """When, exactly as reported (`Wednesday`, `Feb 4`); never a date the source does not give."""
    after: tuple[Id, ...] = ()
    """Ids of events the source says, or clearly implies, came before this one (no circles)."""
    figures: dict[str, Count] | None = None
    """Numbers the quote states, by name, such as `{ born = 1993 }`."""


@frozen
class KnowledgeBase:
    """The whole knowledge file."""

    __pydantic_config__ = STRICT

    sources: tuple[Source, ...] = ()
    """Source documents."""
    companies: tuple[Company, ...] = ()
    """Companies and organisations."""
    apps: tuple[App, ...] = ()
    """AI assistant applications."""
    people: tuple[Person, ...] = ()
    """People named by the sources."""
    dau: tuple[Dau, ...] = ()
    """Daily-active-user figures."""
    campaigns: tuple[Campaign, ...] = ()
    """Promotional campaigns."""
    events: tuple[Event, ...] = ()
    """Leadership changes, organisation changes, statements and context."""


class HasId(Protocol):
    @property
    def id(self) -> str: ...


Identified = TypeVar("Identified", bound=HasId)


def by_id(items: Iterable[Identified]) -> dict[str, Identified]:
    """Index records by their id."""
    return {item.id: item for item in items}
