"""Events in the order the sources give them, with their dates exactly as reported.

Sources mostly give relative dates ("Wednesday", "late Thursday", "earlier this week"), so no
calendar can order them. Instead each event lists in `after` the events its source says came
before it, and an event's rank is one more than the highest rank of those it follows. The
order the knowledge base holds is those links and no more: an event comes after the events
of its `after` and what they follow, and two events that no chain of links joins are not
ordered, whatever their ranks (`--fields after` shows the links, and the table says so).
Within a rank, rows keep the order of the file. The timeline holds every event with a `when`
or in an `after` link; no date is ever computed or filled in.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Literal

from aicompete.knowledge import agreement
from aicompete.knowledge.catalog import Catalog
from aicompete.knowledge.models import Event, KnowledgeBase
from aicompete.listings.contract import (
    AGREEMENT_FIELDS,
    CITATION_FIELDS,
    Field,
    Listing,
    Row,
    shown_agreement,
)

FIELDS = (
    Field(
        "rank",
        "integer",
        "Position in the timeline, earliest first; events the sources do not order one before "
        "the other can share a rank",
        "#",
    ),
    Field("id", "string", "Id of the event", "Id"),
    Field("when", "string", "When, exactly as reported", "When", nullable=True),
    Field(
        "category",
        "string",
        "leadership, organisation, statement, profile or context",
        "Kind",
    ),
    Field("person_id", "string", "Id of the person, if any", "Person id", nullable=True),
    Field("company_id", "string", "Id of the company, if any", "Company id", nullable=True),
    Field(
        "who",
        "string",
        "The person, or the company when no person is named",
        "Who",
        "name",
        nullable=True,
    ),
    Field("event", "string", "What happened", "What happened"),
    Field(
        "after",
        "array",
        "Ids of the events the source says came before (empty when it names none)",
        "After",
    ),
    Field(
        "place",
        "string",
        "What puts the event where it is: `stated` (every link to or from it is stated), "
        "`inferred` (a link is inferred, with why, in the knowledge file) or `file order` "
        "(no link: only the order of the knowledge file)",
        "Place",
    ),
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
)

Place = Literal["stated", "inferred", "file order"]
NOT_ORDERED_NOTE = (
    "An event comes after the events its source says it follows (--fields after shows them), "
    "and after what those follow; no other order is stated. Events that share a rank are not "
    "ordered by the sources."
)


def ordered(events: Sequence[Event]) -> list[tuple[int, Event]]:
    """The dated or dateable events with their ranks, earliest first, each ranked one after
    the highest of those its `after` names; within a rank, in file order.

    The links must not go round in a circle, which validation makes sure of.
    """
    linked = {earlier for event in events for earlier in event.after}
    chosen = [event for event in events if event.when or event.after or event.id in linked]
    waiting = {event.id: set(event.after) for event in chosen}
    followers: dict[str, list[int]] = {}
    for index, event in enumerate(chosen):
        for earlier in waiting[event.id]:
            followers.setdefault(earlier, []).append(index)
    ranks: dict[str, int] = {}
    ready = [index for index, event in enumerate(chosen) if not event.after]
    heapq.heapify(ready)
    while ready:
        event = chosen[heapq.heappop(ready)]
        ranks[event.id] = 1 + max((ranks[earlier] for earlier in event.after), default=0)
        for index in followers.get(event.id, ()):
            before = waiting[chosen[index].id]
            before.discard(event.id)
            if not before:
                heapq.heappush(ready, index)
    placed = sorted(enumerate(chosen), key=lambda item: (ranks[item[1].id], item[0]))
    return [(ranks[event.id], event) for _, event in placed]


def places(events: Sequence[Event]) -> dict[str, Place]:
    """For each event, whether the links that place it are all stated, some inferred, or none."""
    links: dict[str, list[bool]] = {}
    for event in events:
        inferred = "after" in (event.inferred or {})
        for earlier in event.after:
            links.setdefault(event.id, []).append(inferred)
            links.setdefault(earlier, []).append(inferred)
    found: dict[str, Place] = {}
    for event in events:
        marks = links.get(event.id, [])
        found[event.id] = "file order" if not marks else "inferred" if any(marks) else "stated"
    return found


def build(knowledge: KnowledgeBase) -> Listing:
    """Every dated or dateable event, earliest first, dated as reported."""
    catalog = Catalog(knowledge)
    place = places(knowledge.events)
    agreed = agreement.of_events(knowledge)
    rows: list[Row] = [
        {
            "rank": rank,
            "id": event.id,
            "when": event.when,
            "category": event.category,
            "person_id": event.person,
            "company_id": event.company,
            "who": catalog.who(event),
            "event": event.summary,
            "after": event.after,
            "place": place[event.id],
            "sources_agreeing": agreed.sources_agreeing.get(event.id, 1),
            "conflicts_with": agreed.conflicts_with.get(event.id, ()),
            "source": event.source,
            "quote": event.quote,
        }
        for rank, event in ordered(knowledge.events)
    ]
    return Listing(
        FIELDS,
        rows,
        ("rank", "when", "who", "event", "place", *shown_agreement(rows)),
        title="Timeline, earliest first",
        # Ranks are the longest chains of links: all ranks differ only when one chain runs
        # through every event, and two events share a rank only when no chain joins them.
        notes=(NOT_ORDERED_NOTE,) if len({row["rank"] for row in rows}) < len(rows) else (),
    )
