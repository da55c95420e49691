"""Events in the order the sources give them, with their dates exactly as reported.

Sources mostly give relative dates ("Wednesday", "late Thursday", "earlier this week"), so no
calendar can order them. Instead each event lists in `after` the events its source says came
before it, and the timeline is a topological order of those `after` links: an event comes
after every event it names. Events the links leave unordered keep the order of the knowledge
file. The timeline holds every event with a `when` or in an `after` link; no date is ever
computed or filled in.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from aicompete.knowledge.catalog import Catalog
from aicompete.knowledge.models import Event, KnowledgeBase
from aicompete.listings.contract import CITATION_FIELDS, Field, Listing, Row

FIELDS = (
    Field("rank", "integer", "Position in the timeline, earliest first", "#"),
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
    *CITATION_FIELDS,
)


def ordered(events: Sequence[Event]) -> list[Event]:
    """The dated or dateable events, each after those its `after` names, else in file order.

    The links must not go round in a circle, which validation makes sure of.
    """
    linked = {earlier for event in events for earlier in event.after}
    chosen = [event for event in events if event.when or event.after or event.id in linked]
    waiting = {event.id: set(event.after) for event in chosen}
    followers: dict[str, list[int]] = {}
    for index, event in enumerate(chosen):
        for earlier in waiting[event.id]:
            followers.setdefault(earlier, []).append(index)
    # A heap of file positions: of the events free to come next, the first in the file does.
    ready = [index for index, event in enumerate(chosen) if not event.after]
    heapq.heapify(ready)
    out: list[Event] = []
    while ready:
        event = chosen[heapq.heappop(ready)]
        out.append(event)
        for index in followers.get(event.id, ()):
            before = waiting[chosen[index].id]
            before.discard(event.id)
            if not before:
                heapq.heappush(ready, index)
    return out


def build(knowledge: KnowledgeBase) -> Listing:
    """Every dated or dateable event, earliest first, dated as reported."""
    catalog = Catalog(knowledge)
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
            "source": event.source,
            "quote": event.quote,
        }
        for rank, event in enumerate(ordered(knowledge.events), start=1)
    ]
    return Listing(
        FIELDS,
        rows,
        ("rank", "when", "who", "event", "quote"),
        title="Timeline, earliest first",
    )
