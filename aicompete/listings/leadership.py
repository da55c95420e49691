"""`aicompete leadership`: leadership and organisation changes, statements and profile facts,
in date order.

An event without a date sits with the dated event it belongs to: the one it restates
(`same_as`, either way round), else the latest of those it follows (`after`), right after
it. Those that nothing places come last, in the order of the file. One category alone
(`--category statement`) shows what matters of it: for statements, who said what, when, and
the words as quoted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from aicompete.errors import UsageError
from aicompete.knowledge import agreement, dates
from aicompete.knowledge.models import Event, KnowledgeBase, by_id
from aicompete.listings.contract import (
    AGREEMENT_FIELDS,
    CITATION_FIELDS,
    INFERRED_FIELD,
    TIME_FIELDS,
    Field,
    Listing,
    Row,
    inferred_names,
    one_of,
    shown_agreement,
)

FIELDS = (
    Field("id", "string", "Id of the event", "Id"),
    Field("category", "string", "leadership, organisation, statement or profile", "Kind"),
    Field("person_id", "string", "Id of the person, if any", "Person id", nullable=True),
    Field("who", "string", "The person, or the company when no person is named", "Who", "name"),
    Field("role", "string", "The person's role as reported", "Role", nullable=True),
    Field("company_id", "string", "Id of the company, if any", "Company id", nullable=True),
    Field("company", "string", "Company name, if any", "Company", nullable=True),
    Field("change", "string", "What changed or was said", "What changed"),
    *TIME_FIELDS,
    Field(
        "placed_with",
        "string",
        "For an undated event, the id of the dated event it sits with: the one it restates, "
        "else the latest it follows; null for a dated event, or one nothing places",
        "Placed with",
        nullable=True,
    ),
    Field(
        "speech",
        "string",
        "For something said: direct (quoted in quote marks) or reported",
        "Speech",
        nullable=True,
    ),
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
    INFERRED_FIELD,
)

CATEGORIES = ("leadership", "organisation", "statement", "profile")
# The row fields that show each field of an event, where they are not the field's own name.
SHOWN_AS = {
    "person": ("person_id", "who"),
    "company": ("company_id", "company"),
    "summary": ("change",),
}


class UnknownCategory(UsageError):
    """A `--category` that is no category of the listing."""


def category_named(name: str) -> str:
    """The category `name` stands for, case aside; raise `UnknownCategory`."""
    return one_of(name, CATEGORIES, UnknownCategory)


def build(knowledge: KnowledgeBase, category: str | None = None) -> Listing:
    """Leadership and organisation changes, the company's statements and profile facts, as
    reported, in date order; with `category`, that category's alone."""
    people = by_id(knowledge.people)
    companies = by_id(knowledge.companies)
    agreed = agreement.of_events(knowledge)
    placed = placements(knowledge.events)

    def row(event: Event) -> Row:
        person = people.get(event.person) if event.person else None
        company = companies.get(event.company) if event.company else None
        who = person.name if person else (company.name if company else "")
        return {
            "id": event.id,
            "category": event.category,
            "person_id": event.person,
            "who": who,
            "role": person.role if person else None,
            "company_id": event.company,
            "company": company.name if company else None,
            "change": event.summary,
            "when": event.when,
            "date": event.date,
            "placed_with": placed[event.id][1],
            "speech": event.speech,
            "sources_agreeing": agreed.sources_agreeing.get(event.id, 1),
            "conflicts_with": agreed.conflicts_with.get(event.id, ()),
            "source": event.source,
            "quote": event.quote,
            # Who is the company only where no person is named.
            "inferred": inferred_names(event, FIELDS, SHOWN_AS)
            + (("who",) if person is None and "company" in (event.inferred or {}) else ()),
        }

    wanted = (category,) if category else CATEGORIES
    chosen = [event for event in knowledge.events if event.category in wanted]
    chosen.sort(key=lambda event: placed[event.id][0])
    rows = [row(event) for event in chosen]
    if category == "statement":
        # What exactly was said: the words as quoted, who said them and when.
        table_fields: tuple[str, ...] = ("date", "when", "who", "speech", "quote")
        title = "Statements"
    else:
        table_fields = ("who", "role", "change", "when", "date", "speech", "quote")
        title = "Leadership and organisation"
    if category is not None and category != "statement":
        title = f"{title}: {category}"
    return Listing(
        FIELDS,
        rows,
        table_fields + shown_agreement(rows),
        title=title,
        empty_message=f"no {category} events" if category else "",
    )


# Where an event sits in date order: its first and last day (or those of the event it sits
# with), whether it follows that event, and its place in the file.
Place = tuple[date, date, int, int, int]
_LAST = date.max


def placements(events: Sequence[Event]) -> dict[str, tuple[Place, str | None]]:
    """For each event, where it sits in date order, and the id of the dated event an undated
    one sits with (the one it restates, else the latest it follows), if any."""
    index = {event.id: at for at, event in enumerate(events)}
    by_name = {event.id: event for event in events}
    spans = {event.id: dates.parse(event.date) for event in events if event.date}

    def key(anchor: str) -> tuple[date, date, int]:
        return spans[anchor].first, spans[anchor].last, index[anchor]

    # The dated event each event is, or follows last: `after` links go round in no circle.
    followed: dict[str, str | None] = {}

    def follows(event: Event) -> str | None:
        if event.id not in followed:
            if event.id in spans:
                followed[event.id] = event.id
            else:
                anchors = [
                    anchor
                    for name in event.after
                    if name in by_name and (anchor := follows(by_name[name])) is not None
                ]
                followed[event.id] = max(anchors, key=key) if anchors else None
        return followed[event.id]

    # An event told again is the same event: the dated one of its tellings, else the one the
    # others follow.
    anchors = {event.id: follows(event) for event in events}
    for group in agreement.restated(events):
        dated = [event.id for event in group if event.id in spans]
        placed = [anchor for event in group if (anchor := anchors[event.id]) is not None]
        shared = (dated or placed or [None])[0]
        for event in group:
            if event.id not in spans and shared is not None:
                anchors[event.id] = shared
    found: dict[str, tuple[Place, str | None]] = {}
    for event in events:
        anchor = anchors[event.id]
        if anchor is None:
            found[event.id] = ((_LAST, _LAST, index[event.id], 0, index[event.id]), None)
        else:
            first, last, at = key(anchor)
            itself = anchor == event.id
            found[event.id] = (
                (first, last, at, 0 if itself else 1, index[event.id]),
                None if itself else anchor,
            )
    return found
