"""Events in date order, each with its time as reported beside the date it resolves to.

Dated events come first, earliest first. An event's rank is one more than the highest rank
of the events certainly before it: those whose dates end before its date begins, and those
its `after` names (the order the sources state, which also orders events whose dates
overlap, such as "earlier this week" and "Wednesday"). Two events that share a rank are not
ordered by anything the sources say; within a rank, rows keep the order of the file. Undated
events that have a `when` or an `after` link, or are named in one, come last, under their own
heading, ordered by their links alone: they have no rank.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Sequence
from datetime import date
from typing import Literal

from aicompete.knowledge import agreement, dates
from aicompete.knowledge.catalog import Catalog
from aicompete.knowledge.models import Event, KnowledgeBase
from aicompete.listings.contract import (
    AGREEMENT_FIELDS,
    CITATION_FIELDS,
    INFERRED_FIELD,
    TIME_FIELDS,
    Field,
    Listing,
    Row,
    inferred_names,
    shown_agreement,
)

FIELDS = (
    Field(
        "rank",
        "integer",
        "Position among the dated events, earliest first: one more than the highest rank of "
        "the events certainly before it; events not ordered one before the other can share a "
        "rank; null for an undated event",
        "#",
        "rank",
        nullable=True,
    ),
    Field("id", "string", "Id of the event", "Id"),
    *TIME_FIELDS,
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
    Field(
        "section",
        "string",
        "`dated` (ordered by date, then by the links) or `undated` (by the links alone)",
        "Events",
    ),
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
    INFERRED_FIELD,
)
# The row fields that show each field of an event, where they are not the field's own name.
SHOWN_AS = {"person": ("person_id", "who"), "company": ("company_id",), "summary": ("event",)}

Place = Literal["stated", "inferred", "file order"]
NOT_ORDERED_NOTE = (
    "An event comes after the events whose dates end before its date begins, and after those "
    "its source says it follows (--fields after shows them); no other order is stated. "
    "Events that share a rank are not ordered by the sources."
)
UNDATED_NOTE = "Undated events are ordered by the links the sources state alone."


def ordered(events: Sequence[Event]) -> list[tuple[int | None, Event]]:
    """The events of the timeline with their ranks: the dated ones earliest first, each
    ranked one after the highest of those certainly before it; then the undated ones that a
    `when` or a link puts there, in the order of their links, with no rank. Within a rank,
    and among undated events the links leave unordered, in file order.

    The links must not go round in a circle, which validation makes sure of.
    """
    linked = {earlier for event in events for earlier in event.after}
    chosen = [event for event in events if event.when or event.after or event.id in linked]
    spans = {event.id: dates.parse(event.date) for event in chosen if event.date}
    # The ends of the dated events, sorted, and the highest rank among each prefix of them,
    # filled in as ranks are found: the highest rank of the events that end before a date.
    ends = sorted({span.last for span in spans.values()})
    highest = _PrefixMaximum(len(ends))
    waiting = {event.id: set(event.after) for event in chosen}
    followers: dict[str, list[int]] = {}
    for index, event in enumerate(chosen):
        for earlier in waiting[event.id]:
            followers.setdefault(earlier, []).append(index)

    # Dated events in the order of their dates, so that those that end earlier are ranked
    # first; links can hold one back until what it follows is ranked.
    def key(index: int) -> tuple[int, date, date, int]:
        span = spans.get(chosen[index].id)
        return (0, span.first, span.last, index) if span else (1, date.min, date.min, index)

    ranks: dict[str, int] = {}
    depth: dict[str, int] = {}
    ready = [key(index) for index, event in enumerate(chosen) if not event.after]
    heapq.heapify(ready)
    while ready:
        event = chosen[heapq.heappop(ready)[-1]]
        depth[event.id] = 1 + max((depth[earlier] for earlier in event.after), default=0)
        span = spans.get(event.id)
        if span is not None:
            before = highest.up_to(bisect_left(ends, span.first))
            linked_ranks = (ranks[earlier] for earlier in event.after if earlier in ranks)
            ranks[event.id] = 1 + max([before, *linked_ranks])
            highest.raise_to(bisect_left(ends, span.last), ranks[event.id])
        for index in followers.get(event.id, ()):
            waiting_on = waiting[chosen[index].id]
            waiting_on.discard(event.id)
            if not waiting_on:
                heapq.heappush(ready, key(index))
    dated = sorted(
        (index for index, event in enumerate(chosen) if event.id in ranks),
        key=lambda index: (ranks[chosen[index].id], index),
    )
    undated = sorted(
        (index for index, event in enumerate(chosen) if event.id not in ranks),
        key=lambda index: (depth[chosen[index].id], index),
    )
    return [(ranks.get(chosen[index].id), chosen[index]) for index in (*dated, *undated)]


class _PrefixMaximum:
    """The highest value set at or before each position: a Fenwick tree of maxima."""

    def __init__(self, size: int) -> None:
        self.tree = [0] * (size + 1)

    def raise_to(self, position: int, value: int) -> None:
        """Position `position` (from 0) holds at least `value`."""
        at = position + 1
        while at < len(self.tree):
            self.tree[at] = max(self.tree[at], value)
            at += at & -at

    def up_to(self, count: int) -> int:
        """The highest value among the first `count` positions (0 when none)."""
        found, at = 0, count
        while at > 0:
            found = max(found, self.tree[at])
            at -= at & -at
        return found


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
    """Every dated event, earliest first, then the undated ones the sources place."""
    catalog = Catalog(knowledge)
    place = places(knowledge.events)
    agreed = agreement.of_events(knowledge)
    rows: list[Row] = [
        {
            "rank": rank,
            "id": event.id,
            "when": event.when,
            "date": event.date,
            "category": event.category,
            "person_id": event.person,
            "company_id": event.company,
            "who": catalog.who(event),
            "event": event.summary,
            "after": event.after,
            "place": place[event.id],
            "section": "dated" if event.date else "undated",
            "sources_agreeing": agreed.sources_agreeing.get(event.id, 1),
            "conflicts_with": agreed.conflicts_with.get(event.id, ()),
            "source": event.source,
            "quote": event.quote,
            # Who is the company only where no person is named.
            "inferred": inferred_names(event, FIELDS, SHOWN_AS)
            + (("who",) if event.person is None and "company" in (event.inferred or {}) else ()),
        }
        for rank, event in ordered(knowledge.events)
    ]
    return Listing(
        FIELDS,
        rows,
        ("rank", "when", "date", "who", "event", "place", "section", *shown_agreement(rows)),
        title="Timeline, earliest first",
        notes=_notes(rows),
        sections_by=("section",),
    )


def _notes(rows: Sequence[Row]) -> tuple[str, ...]:
    # Ranks are the longest chains of orders: all ranks differ only when one chain runs
    # through every dated event, and two share a rank only when no chain joins them.
    ranks = [row["rank"] for row in rows if row["rank"] is not None]
    notes = (NOT_ORDERED_NOTE,) if len(set(ranks)) < len(ranks) else ()
    return notes + (UNDATED_NOTE,) * (len(ranks) < len(rows))
