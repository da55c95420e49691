"""Two or more players side by side: each one's app, DAU, campaigns and leadership events.

A player is a company; an app's id, name or alias stands for the company that runs it. The
figures are the rows of the `dau`, `campaigns` and `leadership` listings, so a comparison
always agrees with those commands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from aicompete.errors import UsageError
from aicompete.knowledge.catalog import company_named
from aicompete.knowledge.models import Company, KnowledgeBase, by_id
from aicompete.listings import campaigns, dau, leadership
from aicompete.listings.contract import (
    CITATION_FIELDS,
    DERIVED_NOTE,
    Field,
    Listing,
    Row,
    Value,
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
        for field in _pick(dau.FIELDS, ("share_of_leader_derived", "reported_comparison"))
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
        "campaigns",
        "array",
        "The company's campaigns, largest first, with their amounts as in `campaigns`",
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
        "events",
        "array",
        "Leadership and organisation changes, as in `leadership`",
        "Leadership and organisation",
        items=EVENT_ITEMS,
        item_text=("when", "who", "change"),
    ),
    *CITATION_FIELDS,
)


NOT_COMPARABLE_NOTE = (
    "The DAU figures come from different groups (metric, date or measurer) and do not compare."
)

DISPUTED_NOTE = (
    "Another source states a different DAU figure for a player: `aicompete conflicts` shows both."
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
    people = by_id(knowledge.people)
    dau_rows = dau.build(knowledge).rows
    campaign_rows = campaigns.build(knowledge).rows
    event_rows = leadership.build(knowledge).rows

    def belongs(row: Row, company_id: str) -> bool:
        person_id = row["person_id"]
        person = people.get(person_id) if isinstance(person_id, str) else None
        return row["company_id"] == company_id or (
            person is not None and person.company == company_id
        )

    chosen = players(knowledge, names)
    figures, shared = _figures(dau_rows, [company.id for company in chosen])
    restated = {campaign.id for campaign in knowledge.campaigns if campaign.same_as}
    rows: list[Row] = []
    for company in chosen:
        apps = [app for app in knowledge.apps if app.company == company.id]
        figure = figures.get(company.id, {})
        spent = [row for row in campaign_rows if row["company_id"] == company.id]
        # A campaign that another source restates counts once in the totals.
        counted = [row for row in spent if row["id"] not in restated]
        events = [
            row
            for row in event_rows
            if row["category"] in EVENT_CATEGORIES and belongs(row, company.id)
        ]
        rows.append(
            {
                "id": company.id,
                "company": company.name,
                "description": company.description,
                "app_id": ", ".join(app.id for app in apps) or None,
                "app": ", ".join(app.name for app in apps) or None,
                "dau_id": figure.get("id"),
                "dau": figure.get("value"),
                "dau_bound": figure.get("bound"),
                "share_of_leader_derived": figure.get("share_of_leader_derived"),
                "reported_comparison": figure.get("reported_comparison"),
                "dau_metric": figure.get("metric_name"),
                "dau_when": figure.get("when"),
                "dau_date": figure.get("date"),
                "dau_measured_by": figure.get("measured_by"),
                "dau_source": figure.get("source"),
                "dau_sources_agreeing": figure.get("sources_agreeing"),
                "dau_conflicts_with": figure.get("conflicts_with", ()),
                "dau_comparable": shared if figure else None,
                "campaigns": _items(spent, CAMPAIGN_ITEMS),
                "spend_cny_derived": _total(counted, "amount_cny", "amount_cny_derived"),
                "spend_usd_derived": _total(counted, "amount_usd", "amount_usd_derived"),
                "events": _items(events, EVENT_ITEMS),
                "source": company.source,
                "quote": company.quote,
            }
        )
    # Figures from different groups do not compare: each one's group is shown, and said.
    groups = () if shared else ("dau_metric", "dau_date", "dau_measured_by")
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
            "events",
        ),
        title="Side by side",
        notes=(DERIVED_NOTE, *(() if shared else (NOT_COMPARABLE_NOTE,)), *disputed),
        columns_by="company",
    )


def _figures(dau_rows: Sequence[Row], companies: Sequence[str]) -> tuple[dict[str, Row], bool]:
    """Each company's DAU figure, from the newest group that holds a figure of every one of
    them that has a figure at all (and whether there is such a group); else each one's newest
    figure. A company without any figure does not keep the others' figures apart. Within a
    group, one source's figures for them all are taken where a source gives them all, so
    that shares compare like with like."""
    groups: dict[tuple[object, ...], list[Row]] = {}
    for row in dau_rows:
        if row["company_id"] in companies:
            groups.setdefault(tuple(row[name] for name in dau.GROUP_FIELDS), []).append(row)
    measured = {str(row["company_id"]) for rows in groups.values() for row in rows}
    if not measured:
        # No figure at all: nothing fails to compare.
        return {}, True
    for rows in groups.values():
        if {str(row["company_id"]) for row in rows} == measured:
            by_source: dict[object, dict[str, Row]] = {}
            for row in rows:
                by_source.setdefault(row["source"], {}).setdefault(str(row["company_id"]), row)
            whole = next((found for found in by_source.values() if set(found) == measured), None)
            return whole or _first_of_each(rows), True
    return _first_of_each(row for rows in groups.values() for row in rows), False


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
