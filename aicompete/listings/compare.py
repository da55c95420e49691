"""Two or more players side by side: each one's app, DAU, campaigns and leadership events.

A player is a company; an app's id, name or alias stands for the company that runs it. The
figures are the rows of the `dau`, `campaigns` and `leadership` listings, so a comparison
always agrees with those commands, and each is grouped by player once.

Every comparison names its basis: the group of DAU figures it takes (one metric, one
measurer, overlapping dates), the newest that holds a figure of every player that has one;
and, when fewer of the players named have a newer group of their own, that naming them alone
would change it. Spend totals count each campaign once (restatements folded), and say when a
total takes one of two amounts that sources dispute.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from aicompete.errors import UsageError
from aicompete.knowledge.catalog import company_named
from aicompete.knowledge.models import App, Company, KnowledgeBase, by_id
from aicompete.listings import campaigns, dau, leadership
from aicompete.listings.contract import (
    CITATION_FIELDS,
    DERIVED_NOTE,
    INFERRED_FIELD,
    Field,
    Listing,
    Row,
    Value,
    texts,
)


def _pick(fields: Sequence[Field], names: Sequence[str]) -> tuple[Field, ...]:
    return tuple(next(field for field in fields if field.name == name) for name in names)


CAMPAIGN_ITEMS = _pick(
    campaigns.FIELDS,
    (
        "id",
        "name",
        "campaign",
        "amount_cny",
        "amount_cny_derived",
        "amount_usd",
        "amount_usd_derived",
        "amounts",
        "purpose",
        "sources",
        "source",
        "quote",
    ),
)
EVENT_ITEMS = _pick(
    leadership.FIELDS,
    ("id", "category", "person_id", "who", "change", "when", "source", "quote"),
)

FIELDS = (
    Field("id", "string", "Id of the company", "Id"),
    Field("company", "string", "Company name", "Company", "name"),
    Field("description", "string", "What the company is", "About"),
    Field(
        "app_id", "string", "Ids of the company's apps, comma-separated", "App id", nullable=True
    ),
    Field("app", "string", "The company's apps, comma-separated", "App", "name", nullable=True),
    Field("dau_id", "string", "Id of the DAU figure", "DAU id", nullable=True),
    Field("dau", "integer", "Daily active users, in people", "DAU", "figure", nullable=True),
    Field(
        "dau_bound",
        "string",
        "How the DAU figure stands to the truth: exact, about, over, under or up_to",
        "DAU bound",
        nullable=True,
    ),
    # As in `dau`, but empty for a company without a figure.
    *(
        replace(field, nullable=True)
        for field in _pick(
            dau.FIELDS, ("share_of_leader_derived", "share_bound", "reported_comparison")
        )
    ),
    Field(
        "dau_metric", "string", "What the DAU figure is, such as peak DAU", "Metric", nullable=True
    ),
    Field("dau_when", "string", "When the DAU was measured, as reported", "When", nullable=True),
    Field(
        "dau_date",
        "string",
        "The ISO 8601 date the DAU figure's time resolves to",
        "Date",
        nullable=True,
    ),
    Field("dau_measured_by", "string", "Who measured the DAU", "Measured by", nullable=True),
    Field(
        "dau_source",
        "string",
        "Id of the source of the DAU figure",
        "DAU source",
        nullable=True,
        cites=True,
    ),
    Field(
        "dau_sources_agreeing",
        "integer",
        "How many sources state this DAU figure, its own included; null without a figure",
        "DAU sources",
        nullable=True,
    ),
    Field(
        "dau_conflicts_with",
        "array",
        "Ids of other sources' DAU figures for the same app and group that differ from it",
        "DAU conflicts with",
    ),
    Field(
        "dau_comparable",
        "boolean",
        "Whether every player's figure comes from one group (same metric, date and measurer), "
        "so that they compare; null for a player without a figure",
        "Comparable",
        nullable=True,
    ),
    Field(
        "dau_basis",
        "string",
        "The group the DAU figure comes from, as a person reads it: what it compares, who "
        "measured it and the days it covers; the same for every player when they compare; "
        "null without a figure",
        "Basis",
        nullable=True,
    ),
    Field(
        "campaigns",
        "array",
        "The company's campaigns, largest first, each once (restatements folded), with their "
        "amounts as in `campaigns`",
        "Campaigns",
        items=CAMPAIGN_ITEMS,
        item_text=("campaign", "amount_cny", "amount_usd"),
    ),
    Field(
        "spend_cny_derived",
        "integer",
        "Sum of the campaigns' yuan amounts; null when any is unknown or there is none (derived)",
        "Spend (CNY)",
        "cny",
        derived=True,
        nullable=True,
    ),
    Field(
        "spend_usd_derived",
        "integer",
        "Sum of the campaigns' dollar amounts, stated or converted; null when any is unknown "
        "or there is none (derived)",
        "Spend (USD)",
        "usd",
        derived=True,
        nullable=True,
    ),
    Field(
        "spend_disputed",
        "boolean",
        "Whether a campaign in the totals has an amount that another source states otherwise: "
        "the totals take the first stated (`campaigns` shows both)",
        "Spend disputed",
    ),
    Field(
        "events",
        "array",
        "Leadership and organisation changes, as in `leadership`",
        "Leadership and organisation",
        items=EVENT_ITEMS,
        item_text=("when", "who", "change"),
    ),
    *CITATION_FIELDS,
    INFERRED_FIELD,
)


NOT_COMPARABLE_NOTE = (
    "The DAU figures come from different groups (metric, measurer or dates) and do not compare."
)

DISPUTED_NOTE = (
    "Another source states a different DAU figure for a player: `aicompete conflicts` shows both."
)

SPEND_NOTE = (
    "Spend: each campaign once, restatements folded, in yuan as stated or converted; unknown "
    "when any campaign's amount is."
)
SPEND_DISPUTED_NOTE = (
    "Spend disputed: a total takes a campaign's first stated amount where another source "
    "states another; `aicompete campaigns` shows both."
)

# Statements and profile facts are not changes; `leadership` and `show` list them.
EVENT_CATEGORIES = ("leadership", "organisation")


class NotEnoughPlayers(UsageError):
    """Fewer than two different companies were named."""


def players(knowledge: KnowledgeBase, names: Sequence[str]) -> list[Company]:
    """The companies `names` stand for, in order, each once.

    Raise `UnknownName` for a name that is no company or app, `NotEnoughPlayers` when the
    names come to fewer than two companies.
    """
    companies = by_id(knowledge.companies)
    chosen: list[str] = []
    for name in names:
        company_id = company_named(knowledge, name)
        if company_id not in chosen:
            chosen.append(company_id)
    if len(chosen) < 2:
        raise NotEnoughPlayers(
            f"{' and '.join(map(repr, names))} name{'s' * (len(names) == 1)} only "
            f"{companies[chosen[0]].name if chosen else 'nothing'}; "
            "name two or more different companies or apps"
        )
    return [companies[company_id] for company_id in chosen]


def build(knowledge: KnowledgeBase, names: Sequence[str]) -> Listing:
    """The named players side by side, one row each."""
    chosen = players(knowledge, names)
    wanted = {company.id for company in chosen}
    people = by_id(knowledge.people)
    dau_rows = [row for row in dau.build(knowledge).rows if row["company_id"] in wanted]
    spent: dict[str, list[Row]] = {}
    for row in campaigns.build(knowledge).rows:
        spent.setdefault(str(row["company_id"]), []).append(row)
    changes: dict[str, list[Row]] = {}
    for row in leadership.build(knowledge).rows:
        if row["category"] not in EVENT_CATEGORIES:
            continue
        person = people.get(str(row["person_id"])) if row["person_id"] else None
        owners = {row["company_id"], person.company if person else None}
        for owner in owners & wanted:
            changes.setdefault(str(owner), []).append(row)
    apps: dict[str, list[App]] = {}
    for app in knowledge.apps:
        apps.setdefault(app.company, []).append(app)
    basis = _basis(dau_rows, [company.id for company in chosen])
    rows: list[Row] = []
    for company in chosen:
        runs = apps.get(company.id, [])
        figure = basis.figures.get(company.id, {})
        counted = spent.get(company.id, [])
        events = changes.get(company.id, [])
        rows.append(
            {
                "id": company.id,
                "company": company.name,
                "description": company.description,
                "app_id": ", ".join(app.id for app in runs) or None,
                "app": ", ".join(app.name for app in runs) or None,
                "dau_id": figure.get("id"),
                "dau": figure.get("value"),
                "dau_bound": figure.get("bound"),
                "share_of_leader_derived": figure.get("share_of_leader_derived"),
                "share_bound": figure.get("share_bound"),
                "reported_comparison": figure.get("reported_comparison"),
                "dau_metric": figure.get("metric_name"),
                "dau_when": figure.get("when"),
                "dau_date": figure.get("date"),
                "dau_measured_by": figure.get("measured_by"),
                "dau_source": figure.get("source"),
                "dau_sources_agreeing": figure.get("sources_agreeing"),
                "dau_conflicts_with": figure.get("conflicts_with", ()),
                "dau_comparable": basis.shared if figure else None,
                "dau_basis": group_text(figure) if figure else None,
                "campaigns": _items(counted, CAMPAIGN_ITEMS),
                "spend_cny_derived": _total(counted, "amount_cny", "amount_cny_derived"),
                "spend_usd_derived": _total(counted, "amount_usd", "amount_usd_derived"),
                "spend_disputed": any(row["disputed"] for row in counted),
                "events": _items(events, EVENT_ITEMS),
                "source": company.source,
                "quote": company.quote,
                "inferred": tuple(
                    mine
                    for theirs, mine in _FROM_THE_FIGURE
                    if theirs in texts(figure.get("inferred"))
                ),
            }
        )
    # Figures from different groups do not compare: each one's group is shown, and said. In
    # one group, a day's peak stands beside that day's counts, marked so.
    groups = () if basis.shared else ("dau_basis",)
    if basis.shared and len({row["dau_metric"] for row in rows if row["dau_metric"]}) > 1:
        groups = ("dau_metric",)
    agreement = tuple(
        name
        for name, says in (
            (
                "dau_sources_agreeing",
                any(row["dau_sources_agreeing"] not in (None, 1) for row in rows),
            ),
            ("dau_conflicts_with", any(row["dau_conflicts_with"] for row in rows)),
        )
        if says
    )
    disputed = (DISPUTED_NOTE,) if any(row["dau_conflicts_with"] for row in rows) else ()
    spend_disputed = any(row["spend_disputed"] for row in rows)
    return Listing(
        FIELDS,
        rows,
        (
            "company",
            "app",
            "dau",
            "share_of_leader_derived",
            "reported_comparison",
            *groups,
            *agreement,
            "campaigns",
            "spend_cny_derived",
            "spend_usd_derived",
            *("spend_disputed",) * spend_disputed,
            "events",
        ),
        title="Side by side",
        notes=(
            *basis.notes(chosen),
            *(() if basis.shared else (NOT_COMPARABLE_NOTE,)),
            *disputed,
            SPEND_NOTE,
            *(SPEND_DISPUTED_NOTE,) * spend_disputed,
            DERIVED_NOTE,
        ),
        columns_by="company",
    )


# The fields of a player that show its DAU figure's, by the figure's row's names.
_FROM_THE_FIGURE = (
    ("value", "dau"),
    ("bound", "dau_bound"),
    ("metric_name", "dau_metric"),
    ("when", "dau_when"),
    ("date", "dau_date"),
    ("measured_by", "dau_measured_by"),
)


def group_text(row: Row) -> str:
    """A `dau` row's group as a person reads it: `DAU, 2026-02-16, measured by AICPB.com`."""
    measurer = row.get("measured_by")
    time = row.get("group_date") or " ".join(
        str(part) for part in (row.get("group_when"), row.get("group_year")) if part
    )
    return ", ".join(
        (
            str(row.get("group_metric_name")),
            str(time or "undated"),
            f"measured by {measurer}" if measurer else "measurer not stated",
        )
    )


class _Basis:
    """The DAU figures a comparison takes: one per player, by company id; whether they come
    from one group (`shared`); and the groups that hold some of the players."""

    def __init__(
        self, figures: dict[str, Row], shared: bool, newer: tuple[Row, set[str]] | None
    ) -> None:
        self.figures = figures
        self.shared = shared
        # A newer group that holds some of the players, not all, and which of them.
        self.newer = newer

    def notes(self, chosen: Sequence[Company]) -> tuple[str, ...]:
        """The line that names the basis, and the one that says when fewer players would
        change it."""
        if not self.figures:
            return ("Basis: no DAU figure of any of these players.",)
        names = {company.id: company.name for company in chosen}
        if self.shared:
            first = next(iter(self.figures.values()))
            measured = [names[company] for company in names if company in self.figures]
            found = f"Basis: {group_text(first)}: the newest DAU figures of one metric, "
            found += f"measurer and dates held for every player with one ({', '.join(measured)})."
        else:
            found = (
                "Basis: each player's newest DAU figure, from different groups: "
                + "; ".join(
                    f"{names[company]}, {group_text(row)}" for company, row in self.figures.items()
                )
                + "."
            )
        if self.newer is None:
            return (found,)
        row, some = self.newer
        fewer = [names[company] for company in names if company in some]
        return (
            found,
            f"Naming {' and '.join(fewer)} alone changes the basis: they have newer figures "
            f"that compare ({group_text(row)}).",
        )


def _basis(dau_rows: Sequence[Row], companies: Sequence[str]) -> _Basis:
    """Each company's DAU figure, from the newest group that holds a figure of every one of
    them that has a figure at all; else each one's newest figure. A company without any
    figure does not keep the others apart. Within a group, one source's figures for them all
    are taken where a source gives them all, so that shares compare like with like. The rows
    come grouped, newest group first, as `dau` lists them."""
    groups: dict[tuple[object, ...], list[Row]] = {}
    for row in dau_rows:
        groups.setdefault(tuple(row[name] for name in dau.GROUP_KEY), []).append(row)
    measured = {str(row["company_id"]) for row in dau_rows}
    if not measured:
        # No figure at all: nothing fails to compare.
        return _Basis({}, True, None)
    newer: tuple[Row, set[str]] | None = None
    for rows in groups.values():
        held = {str(row["company_id"]) for row in rows}
        if held == measured:
            by_source: dict[object, dict[str, Row]] = {}
            for row in rows:
                by_source.setdefault(row["source"], {}).setdefault(str(row["company_id"]), row)
            whole = next((found for found in by_source.values() if set(found) == measured), None)
            return _Basis(whole or _first_of_each(rows), True, newer)
        if newer is None and len(held) > 1:
            newer = rows[0], held
    return _Basis(_first_of_each(dau_rows), False, None)


def _first_of_each(rows: Iterable[Row]) -> dict[str, Row]:
    first: dict[str, Row] = {}
    for row in rows:
        first.setdefault(str(row["company_id"]), row)
    return first


def _items(rows: Sequence[Row], fields: Sequence[Field]) -> tuple[Row, ...]:
    return tuple({field.name: row[field.name] for field in fields} for row in rows)


def _total(rows: Sequence[Row], name: str, fallback: str | None = None) -> int | None:
    """The sum of one amount over the rows: unknown (None) if any is unknown, or no rows."""
    amounts: list[Value] = [
        row[name] if row[name] is not None or fallback is None else row[fallback] for row in rows
    ]
    counted = [amount for amount in amounts if isinstance(amount, int)]
    return sum(counted) if rows and len(counted) == len(amounts) else None
