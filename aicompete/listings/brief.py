"""The brief: the three comparisons, the timeline and the leadership changes, every figure
tied to a numbered note that gives its quote, its source and what `verify` found of it.

Each section is a listing, built as its command builds it, with the fields a reader needs
(quotes go to the notes), and for each row the marks of its cells: the notes a cell cites
and the fields it shows that the evidence does not prove (inferred, or failed). Notes are
numbered in the order the page first cites them. Pure: the facts' checks are given;
`output.brief` writes the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Literal

from aicompete.frozen import frozen
from aicompete.knowledge.kinds import FACT_KINDS
from aicompete.knowledge.models import KnowledgeBase
from aicompete.listings import campaigns, compare, dau, leadership, timeline
from aicompete.listings.contract import Listing, Row, objects, select_fields, texts
from aicompete.listings.publications import Publication, publications
from aicompete.proof.verification import STATUSES, FactCheck

FlagStatus = Literal["inferred", "failed"]
TITLE = "China's AI assistant race: the brief"


@frozen
class Flag:
    """A field that the evidence does not prove: `inferred` (the knowledge file says so, and
    why) or `failed` (`verify` says why). `evidence` stands for the quote and context."""

    field: str
    status: FlagStatus
    reason: str


@frozen
class Note:
    """One fact's numbered note: its quote and context, its source, and its flags."""

    number: int
    kind: str
    id: str
    quote: str
    context: tuple[str, ...]
    publication: Publication
    flags: tuple[Flag, ...]


@frozen
class Mark:
    """What a cell carries beside its text: the notes it cites and the flags of the fields
    it shows; an array's cell, each item's mark."""

    notes: tuple[int, ...] = ()
    flags: tuple[Flag, ...] = ()
    items: tuple[Mark, ...] = ()


Marks = dict[str, dict[str, Mark]]


@frozen
class Section:
    """A part of the brief: a listing of the fields shown, and its rows' marks (by row id,
    then field)."""

    anchor: str
    title: str
    listing: Listing
    marks: Marks
    intro: str = ""


@frozen
class Brief:
    """The whole page: its sections, the notes they cite and every source."""

    title: str
    facts: int
    # How many fields of all the facts have each status of `verify`.
    statuses: dict[str, int]
    sections: tuple[Section, ...]
    notes: tuple[Note, ...]
    sources: tuple[Publication, ...]


class _Notes:
    """The notes, numbered as they are first cited, and each fact's flags."""

    def __init__(self, knowledge: KnowledgeBase, checks: Sequence[FactCheck]) -> None:
        self.facts = {
            (kind.name, fact.id): fact
            for kind in FACT_KINDS
            for fact in getattr(knowledge, kind.table)
        }
        self.checks = {(check.kind, check.id): check for check in checks}
        self.publications = publications(knowledge)
        self.rates = {rate.id for rate in knowledge.rates}
        self.numbers: dict[tuple[str, str], int] = {}
        self.notes: list[Note] = []

    def number(self, kind: str, fact_id: str) -> int:
        """The number of the fact's note, the next one if it is first cited now."""
        key = (kind, fact_id)
        if key not in self.numbers:
            fact = self.facts[key]
            self.numbers[key] = len(self.notes) + 1
            self.notes.append(
                Note(
                    self.numbers[key],
                    kind,
                    fact_id,
                    fact.quote,
                    fact.context,
                    self.publications[fact.source],
                    self.flags(kind, fact_id),
                )
            )
        return self.numbers[key]

    def flags(
        self, kind: str, fact_id: str, fields: Iterable[str] | None = None
    ) -> tuple[Flag, ...]:
        """What of the fact the evidence does not prove: the evidence itself, then each
        inferred or failed field (of `fields` alone, when given)."""
        check = self.checks.get((kind, fact_id))
        if check is None:
            return ()
        shown = None if fields is None else set(fields)
        found = [Flag("evidence", "failed", problem) for problem in check.evidence]
        for field in check.fields:
            if field.status in ("inferred", "failed") and (shown is None or field.field in shown):
                found.append(Flag(field.field, field.status, field.reason))
        return tuple(found)

    def mark(
        self, kind: str, fact_id: str, fields: Iterable[str] = (), *also: tuple[str, str]
    ) -> Mark:
        """The fact's note, any other facts' notes (`also`: kind and id), and the flags of
        `fields`; the evidence's flags always."""
        numbers = (self.number(kind, fact_id), *(self.number(k, i) for k, i in also))
        return Mark(tuple(dict.fromkeys(numbers)), self.flags(kind, fact_id, fields))

    def flagged(self, kind: str, fact_id: str | None, fields: Iterable[str]) -> Mark:
        """Only the flags of the fact's `fields`: for a cell beside the one with the note."""
        if fact_id is None:
            return Mark()
        return Mark(flags=self.flags(kind, fact_id, fields))

    def cited(self, kind: str, fact_ids: Iterable[object]) -> Mark:
        """The notes of other facts of `kind`, such as those a row conflicts with."""
        return Mark(tuple(self.number(kind, str(fact_id)) for fact_id in fact_ids))

    def rate_kind(self, stated_by: str) -> str:
        """A rate is stated by a `[[rates]]` record or by a campaign stated in two currencies."""
        return "rate" if stated_by in self.rates else "campaign"


def build(knowledge: KnowledgeBase, checks: Sequence[FactCheck]) -> Brief:
    """The brief of the knowledge base, given each fact's check from `verify`."""
    notes = _Notes(knowledge, checks)
    statuses: dict[str, int] = {
        status: sum(check.count(status) for check in checks) for status in STATUSES
    }
    return Brief(
        TITLE,
        len(checks),
        statuses,
        (
            _dau_section(knowledge, notes),
            _campaigns_section(knowledge, notes),
            _compare_section(knowledge, notes),
            _timeline_section(knowledge, notes),
            _leadership_section(knowledge, notes),
        ),
        tuple(notes.notes),
        tuple(notes.publications.values()),
    )


# What the notes carry instead of a column: each figure's quote and source, and, beside the
# players, the DAU figures' agreement, which the DAU section shows.
_IN_THE_NOTES = ("quote", "source", "dau_sources_agreeing", "dau_conflicts_with")


def _shown(listing: Listing, *names: str) -> Listing:
    """The listing showing its table's fields, less `names` and what the notes carry."""
    return select_fields(
        listing, [name for name in listing.table_fields if name not in (*_IN_THE_NOTES, *names)]
    )


def _conflicts(notes: _Notes, kind: str, row: Row) -> dict[str, Mark]:
    return {"conflicts_with": notes.cited(kind, texts(row["conflicts_with"]))}


# The fields of a figure that its value's cell carries the flags of: the group's fields head
# the table, so their flags go with the figure.
FIGURE_FLAGS = ("value", "metric", "bound", "when", "date", "measured_by")


def _dau_section(knowledge: KnowledgeBase, notes: _Notes) -> Section:
    listing = dau.build(knowledge)
    marks: Marks = {}
    for row in listing.rows:
        figure = str(row["id"])
        marks[figure] = {
            # The group's fields head the table; their flags go with the figure.
            "value": notes.mark("figure", figure, FIGURE_FLAGS),
            # The share cites the figure it is of, as well as its own.
            "share_of_leader_derived": notes.mark(
                "figure", figure, (), ("figure", str(row["share_of"]))
            ),
            "app": notes.flagged("figure", figure, ("app",)),
            "reported_comparison": notes.flagged("figure", figure, ("reported_comparison",)),
            **_conflicts(notes, "figure", row),
        }
    return Section(
        "dau",
        listing.title,
        _shown(listing),
        marks,
        "Figures compare only within their group: the same metric, date and measurer.",
    )


def _campaigns_section(knowledge: KnowledgeBase, notes: _Notes) -> Section:
    listing = campaigns.build(knowledge)
    marks: Marks = {}
    for row in listing.rows:
        campaign = str(row["id"])
        # A converted amount cites the record that states its rate, too.
        rates = {
            str(rate["counter"]): (notes.rate_kind(str(rate["stated_by"])), str(rate["stated_by"]))
            for rate in objects(row["rates_derived"])
        }
        marks[campaign] = {
            "amount_cny": notes.mark(
                "campaign", campaign, ("amounts",), *([rates["CNY"]] if "CNY" in rates else [])
            ),
            "amount_usd": notes.mark(
                "campaign", campaign, (), *([rates["USD"]] if "USD" in rates else [])
            ),
            "amounts": notes.mark("campaign", campaign),
            "app": notes.flagged("campaign", campaign, ("app",)),
            "purpose": notes.flagged("campaign", campaign, ("purpose",)),
            **_conflicts(notes, "campaign", row),
        }
    return Section(
        "campaigns",
        listing.title,
        _shown(listing),
        marks,
        "Largest first, in yuan: stated, or converted at a rate a source states.",
    )


def _compare_section(knowledge: KnowledgeBase, notes: _Notes) -> Section:
    """Every company that runs an app, side by side, one row each."""
    players = list(dict.fromkeys(app.company for app in knowledge.apps))
    title = "Side by side"
    if len(players) < 2:
        empty = Listing(compare.FIELDS, [], ("company",), title=title)
        return Section(
            "compare",
            title,
            replace(empty, empty_message="Fewer than two companies with an app to compare."),
            {},
        )
    listing = compare.build(knowledge, players)
    marks: Marks = {}
    for row in listing.rows:
        spent = notes.cited("campaign", (item["id"] for item in objects(row["campaigns"])))
        figure = row["dau_id"]
        marks[str(row["id"])] = {
            "dau": notes.mark("figure", str(figure), FIGURE_FLAGS)
            if isinstance(figure, str)
            else Mark(),
            "share_of_leader_derived": notes.mark("figure", figure)
            if isinstance(figure, str)
            else Mark(),
            "spend_cny_derived": spent,
            "spend_usd_derived": spent,
            "events": Mark(
                items=tuple(
                    notes.mark("event", str(item["id"]), ("when", "person", "company"))
                    for item in objects(row["events"])
                )
            ),
        }
    return Section(
        "compare",
        title,
        # Campaigns are listed above; the totals cite them.
        replace(_shown(listing, "campaigns"), columns_by=None),
        marks,
        "Each company that runs an app: its DAU, its total promotional spend and its "
        "leadership and organisation changes.",
    )


def _event_marks(notes: _Notes, row: Row, note_field: str) -> dict[str, Mark]:
    event = str(row["id"])
    return {
        note_field: notes.mark("event", event),
        # Who is the person, or the company when no person is named.
        "who": notes.flagged("event", event, ("person",) if row["person_id"] else ("company",)),
        "when": notes.flagged("event", event, ("when",)),
        "date": notes.flagged("event", event, ("date",)),
        "speech": notes.flagged("event", event, ("speech",)),
        "role": notes.flagged("person", _text(row.get("person_id")), ("role",)),
        **_conflicts(notes, "event", row),
    }


def _timeline_section(knowledge: KnowledgeBase, notes: _Notes) -> Section:
    listing = timeline.build(knowledge)
    marks = {str(row["id"]): _event_marks(notes, row, "event") for row in listing.rows}
    return Section(
        "timeline",
        listing.title,
        _shown(listing),
        marks,
        "Each time as reported, beside the date it resolves to. Place: whether the sources "
        "state the order (stated), the knowledge file infers it (inferred), or nothing orders "
        "the event (file order).",
    )


def _leadership_section(knowledge: KnowledgeBase, notes: _Notes) -> Section:
    listing = leadership.build(knowledge)
    shown = select_fields(
        listing,
        ["category", *(name for name in listing.table_fields if name != "quote")],
    )
    marks = {str(row["id"]): _event_marks(notes, row, "change") for row in listing.rows}
    return Section(
        "leadership",
        listing.title,
        shown,
        marks,
        "Leadership and organisation changes, the company's statements and the profile facts "
        "the sources give.",
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
