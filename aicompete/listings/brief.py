"""The brief: the key findings first, then the three comparisons, the timeline and the
leadership changes, every figure tied to a numbered note that gives its quote, its source and
what `verify` found of it.

The findings are a few sentences drawn from the sections below them (who leads DAU on what
basis, the largest campaign, where sources disagree, the latest leadership changes), each
footnoted to the facts it rests on. Each section is a listing, built as its command builds
it, narrowed by the filters asked for and cut to its first rows (`limit`), so that the page
stays one page however large the knowledge base; with the fields a reader needs (quotes go to
the notes), and for each row the marks of its cells: the notes a cell cites and the fields it
shows that the evidence does not prove (inferred, or failed). Notes are numbered in the order
the page first cites them, and only the facts it cites are checked: the checks are asked of
`check`, once a fact. Pure but for that; `output.brief` writes the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, Literal

from aicompete.frozen import frozen
from aicompete.knowledge import agreement
from aicompete.knowledge.kinds import FACT_KINDS
from aicompete.knowledge.models import KnowledgeBase
from aicompete.listings import campaigns, compare, conflicts, dau, leadership, timeline
from aicompete.listings.contract import Listing, Row, objects, select_fields, texts
from aicompete.listings.filters import Narrowing, narrow
from aicompete.listings.publications import Publication, publications
from aicompete.listings.units import figure as figure_text
from aicompete.listings.units import money
from aicompete.proof.verification import STATUSES, FactCheck

# How a fact is checked: given its kind and the fact, its check from `verify`.
Check = Callable[[str, Any], FactCheck]
# Rows a section shows unless asked otherwise: a page, not a database.
DEFAULT_LIMIT = 20

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
class Finding:
    """A key finding: a sentence drawn from the sections, and the notes it rests on."""

    text: str
    notes: tuple[int, ...]


@frozen
class Brief:
    """The whole page: its key findings, its sections, the notes they cite and the sources of
    those notes."""

    title: str
    # How many facts and sources the knowledge base holds, and how many facts the page cites.
    facts: int
    sources_held: int
    # How many fields of the facts the page cites have each status of `verify`.
    statuses: dict[str, int]
    findings: tuple[Finding, ...]
    sections: tuple[Section, ...]
    notes: tuple[Note, ...]
    sources: tuple[Publication, ...]


class _Notes:
    """The notes, numbered as they are first cited, and each fact's flags."""

    def __init__(self, knowledge: KnowledgeBase, check: Check) -> None:
        self.facts = {
            (kind.name, fact.id): fact
            for kind in FACT_KINDS
            for fact in getattr(knowledge, kind.table)
        }
        self.check = check
        self.checks: dict[tuple[str, str], FactCheck] = {}
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
        key = (kind, fact_id)
        if key not in self.facts:
            return ()
        if key not in self.checks:
            self.checks[key] = self.check(kind, self.facts[key])
        check = self.checks[key]
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


def build(
    knowledge: KnowledgeBase,
    check: Check,
    narrowing: Narrowing | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Brief:
    """The brief of the knowledge base, each fact it cites checked by `check`; its sections
    narrowed to what `narrowing` asks for, each cut to its first `limit` rows."""
    notes = _Notes(knowledge, check)

    def asked(listing: Listing) -> Listing:
        return narrow(listing, narrowing) if narrowing is not None else listing

    listings = {
        "dau": asked(dau.build(knowledge)).limited(limit),
        "campaigns": asked(campaigns.build(knowledge)).limited(limit),
        "compare": _players(knowledge, narrowing, limit),
        "timeline": asked(timeline.build(knowledge)).limited(limit),
        "leadership": asked(leadership.build(knowledge)).limited(limit),
        # Shown in no table: the findings count every disagreement.
        "conflicts": asked(conflicts.build(knowledge)),
    }
    # The findings cite first: their notes come first.
    findings = _findings(knowledge, listings, notes)
    sections = (
        _dau_section(listings["dau"], notes),
        _campaigns_section(listings["campaigns"], notes),
        _compare_section(listings["compare"], notes),
        _timeline_section(listings["timeline"], notes),
        _leadership_section(listings["leadership"], notes),
    )
    cited = [notes.checks[note.kind, note.id] for note in notes.notes]
    statuses: dict[str, int] = {
        status: sum(check.count(status) for check in cited) for status in STATUSES
    }
    return Brief(
        TITLE,
        len(notes.facts),
        len(knowledge.sources),
        statuses,
        findings,
        sections,
        tuple(notes.notes),
        tuple(dict.fromkeys(note.publication for note in notes.notes)),
    )


def _listed(items: list[str]) -> str:
    """Items as a sentence lists them: `a`, `a and b`, `a, b and c`."""
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def _players(knowledge: KnowledgeBase, narrowing: Narrowing | None, limit: int) -> Listing:
    """Every company that runs an app, side by side, one row each; narrowed to the company
    asked for, beside the others' basis."""
    players = list(dict.fromkeys(app.company for app in knowledge.apps))
    if len(players) < 2:
        empty = Listing(compare.FIELDS, [], ("company",), title="Side by side")
        return replace(empty, empty_message="Fewer than two companies with an app to compare.")
    listing = compare.build(knowledge, players)
    if narrowing is not None:
        wanted = narrowing.company or narrowing.app_company
        rows = [row for row in listing.rows if wanted in (None, row["id"])]
        if narrowing.sources is not None:
            rows = [
                row
                for row in rows
                if narrowing.sources.intersection(
                    (
                        row["source"],
                        row["dau_source"],
                        *(
                            source
                            for item in objects(row["campaigns"])
                            for source in texts(item["sources"])
                        ),
                    )
                )
            ]
        listing = replace(listing, rows=rows)
    return listing.limited(limit)


def _findings(
    knowledge: KnowledgeBase, listings: dict[str, Listing], notes: _Notes
) -> tuple[Finding, ...]:
    """The key findings, in the order a reader asks: who leads, who spends most, where
    sources disagree, what changed at the top; each only where the sections hold it."""
    found = [
        _dau_finding(listings["dau"], notes),
        _campaign_finding(listings["campaigns"], notes),
        _conflict_finding(listings["conflicts"], notes),
        _leadership_finding(listings["leadership"], notes, agreement.restated(knowledge.events)),
    ]
    return tuple(finding for finding in found if finding is not None)


def _dau_finding(listing: Listing, notes: _Notes) -> Finding | None:
    """Who leads the group of DAU figures that compares the most apps, on what basis."""
    groups: dict[tuple[object, ...], list[Row]] = {}
    for row in listing.rows:
        groups.setdefault(tuple(row[name] for name in dau.GROUP_KEY), []).append(row)
    best: list[Row] = []
    for rows in groups.values():
        apps = {row["app_id"] for row in rows}
        if len(apps) > len({row["app_id"] for row in best}):
            best = rows
    if len({row["app_id"] for row in best}) < 2:
        return None
    firsts = list({str(row["app_id"]): row for row in reversed(best)}.values())[::-1]
    leader, *others = firsts

    def said(row: Row) -> str:
        # A day's peak among daily counts says so.
        peak = f" ({row['metric_name']})" if row["metric"] != row["group_metric"] else ""
        return figure_text(row["value"], row["unit"], row["bound"]) + peak

    behind = _listed([f"{row['app']} at {said(row)}" for row in others[:3]])
    text = (
        f"{leader['app']} leads daily active users with {said(leader)}, ahead of {behind} "
        f"({compare.group_text(leader)})."
    )
    return Finding(text, tuple(notes.number("figure", str(row["id"])) for row in firsts[:4]))


def _campaign_finding(listing: Listing, notes: _Notes) -> Finding | None:
    """The largest campaign, how many sources state it, and whether its amount is disputed."""
    ranked = [row for row in listing.rows if row["rank"] == 1]
    if not ranked or campaigns.spend_cny(ranked[0]) is None:
        return None
    amount = money(campaigns.spend_cny(ranked[0]), "CNY")

    def named(row: Row, amount: str = "") -> str:
        owner = f"{row['company']}'s" + (f" {row['app']}" if row["app"] else "")
        stated = len(texts(row["sources"]))
        text = f"{owner} {row['campaign']}{amount}"
        text += f", stated by {stated} sources" if stated > 1 else ""
        disputed = objects(row["disputed"])
        if disputed:
            others = "; ".join(money(item["value"], item["currency"]) for item in disputed)
            text += f" (disputed: another source states {others})"
        return text

    if len(ranked) == 1:
        text = f"The largest promotional campaign is {named(ranked[0], f', {amount}')}."
    else:
        text = f"The largest promotional campaigns, at {amount} each: "
        text += "; ".join(named(row) for row in ranked[:3]) + "."
    cited = [
        number
        for row in ranked[:3]
        for number in (
            notes.number("campaign", str(row["amounts_from"])),
            *(notes.number("campaign", str(item["id"])) for item in objects(row["disputed"])),
        )
    ]
    return Finding(text, tuple(dict.fromkeys(cited)))


def _conflict_finding(listing: Listing, notes: _Notes) -> Finding | None:
    """Where sources disagree: how often, and the first disagreement of figures."""
    figures = [row for row in listing.rows if row["kind"] == "figure"]
    if not listing.rows:
        return None
    count = len(listing.rows)
    text = f"Sources disagree in {count} place{'s' * (count != 1)}"
    if not figures:
        return Finding(text + ".", ())
    first = figures[0]
    sides = []
    for side in ("", "other_"):
        value = str(first[side + "value"])
        number = float(value) if "." in value else int(value)
        measurer = first[side + "measured_by"] or "measurer not stated"
        when = first[side + "date"] or first[side + "when"]
        sides.append(
            f"{figure_text(number, first['unit'], first[side + 'bound'])} ({measurer}, {when})"
        )
    text += f": {first['subject']} is {sides[0]} against {sides[1]}."
    cited = (
        notes.number("figure", str(first["id"])),
        notes.number("figure", str(first["other_id"])),
    )
    return Finding(text, cited)


def _leadership_finding(
    listing: Listing, notes: _Notes, restated: list[list[Any]]
) -> Finding | None:
    """The leadership changes of the two latest dates, as reported: one of each date, and
    one of the records that restate one another."""
    same = {event.id: group[0].id for group in restated for event in group}
    changes = [row for row in listing.rows if row["category"] == "leadership" and row["date"]]
    latest: dict[object, Row] = {}
    told: set[str] = set()
    for row in changes:
        event = same.get(str(row["id"]), str(row["id"]))
        if row["date"] not in latest and event not in told:
            latest[row["date"]] = row
            told.add(event)
    chosen = list(latest.values())[-2:]
    if not chosen:
        return None
    said = "; then ".join(
        f"{row['who']} {str(row['change'])[:1].lower()}{str(row['change'])[1:]} ({row['date']})"
        for row in chosen
    )
    return Finding(
        f"Leadership: {said}.", tuple(notes.number("event", str(row["id"])) for row in chosen)
    )


# What the notes carry instead of a column: each figure's quote and source, and, beside the
# players, the DAU figures' agreement, which the DAU section shows.
_IN_THE_NOTES = ("quote", "source", "dau_sources_agreeing", "dau_conflicts_with")


def _shown(listing: Listing, *names: str) -> Listing:
    """The listing showing its table's fields, less `names` and what the notes carry; its
    rows without their `inferred` marks, which the flags from `verify` carry here."""
    shown = select_fields(
        listing, [name for name in listing.table_fields if name not in (*_IN_THE_NOTES, *names)]
    )
    return replace(shown, rows=[{**row, "inferred": ()} for row in shown.rows])


def _conflicts(notes: _Notes, kind: str, row: Row) -> dict[str, Mark]:
    return {"conflicts_with": notes.cited(kind, texts(row["conflicts_with"]))}


# The fields of a figure that its value's cell carries the flags of: the group's fields head
# the table, so their flags go with the figure.
FIGURE_FLAGS = ("value", "metric", "bound", "when", "date", "measured_by")


def _dau_section(listing: Listing, notes: _Notes) -> Section:
    marks: Marks = {}
    for row in listing.rows:
        figure = str(row["id"])
        marks[figure] = {
            # The group's fields head the table; their flags go with the figure.
            "value": notes.mark("figure", figure, FIGURE_FLAGS),
            # The share cites the figure it is of, as well as its own.
            "share_of_leader_derived": notes.mark(
                "figure", figure, (), *([("figure", str(row["share_of"]))] * bool(row["share_of"]))
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
        "Figures compare only within their group: one metric, one measurer, overlapping "
        "dates. A peak dated to one day is that day's count, marked as the peak.",
    )


def _campaigns_section(listing: Listing, notes: _Notes) -> Section:
    marks: Marks = {}
    for row in listing.rows:
        campaign = str(row["id"])
        # A converted amount cites the record that states its rate, too.
        rates = {
            str(rate["counter"]): (notes.rate_kind(str(rate["stated_by"])), str(rate["stated_by"]))
            for rate in objects(row["rates_derived"])
        }
        # The amounts are those of the record that states them: the campaign's, or a
        # restatement's where it states none.
        stated = str(row["amounts_from"])
        marks[campaign] = {
            # Where the amounts are a restatement's, the campaign's own note goes with it.
            "campaign": notes.mark("campaign", campaign) if stated != campaign else Mark(),
            "amount_cny": notes.mark(
                "campaign", stated, ("amounts",), *([rates["CNY"]] if "CNY" in rates else [])
            ),
            "amount_usd": notes.mark(
                "campaign", stated, (), *([rates["USD"]] if "USD" in rates else [])
            ),
            "amounts": notes.mark("campaign", stated),
            "disputed": Mark(
                items=tuple(
                    notes.mark("campaign", str(item["id"])) for item in objects(row["disputed"])
                )
            ),
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


def _compare_section(listing: Listing, notes: _Notes) -> Section:
    """Every company that runs an app, side by side, one row each."""
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
        listing.title,
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
        # Who is the person, or the company when no person is named (and none in context
        # that the file only infers a company of).
        "who": notes.flagged("event", event, ("person",) if row["person_id"] else ("company",))
        if row["who"]
        else Mark(),
        "when": notes.flagged("event", event, ("when",)),
        "date": notes.flagged("event", event, ("date",)),
        "speech": notes.flagged("event", event, ("speech",)),
        "role": notes.flagged("person", _text(row.get("person_id")), ("role",)),
        **_conflicts(notes, "event", row),
    }


def _timeline_section(listing: Listing, notes: _Notes) -> Section:
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


def _leadership_section(listing: Listing, notes: _Notes) -> Section:
    shown = _shown(replace(listing, table_fields=("category", *listing.table_fields)), "quote")
    marks = {str(row["id"]): _event_marks(notes, row, "change") for row in listing.rows}
    return Section(
        "leadership",
        listing.title,
        shown,
        marks,
        "Leadership and organisation changes, the company's statements and the profile facts "
        "the sources give, in date order: an undated one sits with the dated event it "
        "restates or follows.",
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
