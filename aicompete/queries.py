"""Comparisons over the knowledge base: pure functions from models to rows.

A `Listing` is what every command produces: the fields it offers (with their types and how a
table shows them) and the rows, flat dicts of plain values. Renderers never look inside the
models, and nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import field, replace
from typing import TYPE_CHECKING, Literal

from aicompete.models import Campaign, Event, KnowledgeBase, by_id
from aicompete.records import record

if TYPE_CHECKING:
    from fractions import Fraction

Scalar = str | int | float | bool | None
# An array field holds one flat object per item (a campaign, an event) as a tuple of rows.
Value = Scalar | tuple["Row", ...]
Row = dict[str, Value]
Display = Literal["text", "name", "count", "cny", "usd", "share", "long", "check"]
FieldType = Literal["string", "integer", "number", "boolean", "array"]


@record
class Field:
    """One output field: its name in every format, its type and its table column."""

    name: str
    type: FieldType
    description: str
    header: str
    display: Display = "text"
    derived: bool = False
    nullable: bool = False
    # When this field is empty, a table shows the named (derived) field in its place.
    fallback: str | None = None
    # An array field's item fields, and the ones a person reads for each item, in order.
    items: tuple[Field, ...] = ()
    item_text: tuple[str, ...] = ()

    def item(self, name: str) -> Field:
        return next(item for item in self.items if item.name == name)


@record
class Listing:
    """The answer of one command, ready to render in any format."""

    fields: tuple[Field, ...]
    rows: list[Row]
    table_fields: tuple[str, ...]
    title: str = ""
    # The field whose values a table draws as bars.
    bar_field: str | None = None
    notes: tuple[str, ...] = field(default=())
    # When set, a table shows one column per row, headed by this field, and one row per field.
    columns_by: str | None = None
    # The spans of a cell's text that a terminal highlights, such as the words searched for.
    marks: Callable[[str], Sequence[tuple[int, int]]] | None = None

    def field(self, name: str) -> Field:
        return next(item for item in self.fields if item.name == name)


SOURCE_FIELDS = (
    Field("source", "string", "Id of the source that states the fact", "Source"),
    Field("quote", "string", "Verbatim span of the source that states the fact", "Quote", "long"),
)

DAU_FIELDS = (
    Field("rank", "integer", "Position by DAU, largest first", "#"),
    Field("id", "string", "Id of the DAU figure", "Id"),
    Field("app_id", "string", "Id of the app", "App id"),
    Field("app", "string", "App name", "App", "name"),
    Field("company_id", "string", "Id of the company that runs the app", "Company id"),
    Field("company", "string", "Company name", "Company", "name"),
    Field("dau", "integer", "Daily active users, in people", "DAU", "count"),
    Field(
        "share_of_leader_derived",
        "number",
        "DAU as a fraction of the largest DAU of the same period (derived)",
        "% of leader",
        "share",
        derived=True,
    ),
    Field(
        "reported_comparison",
        "string",
        "A comparison the source itself makes",
        "As reported",
        nullable=True,
    ),
    Field("metric", "string", "What the figure is", "Metric"),
    Field("period", "string", "When, exactly as reported", "Period"),
    Field("measured_by_id", "string", "Id of who measured it", "Measured by id"),
    Field("measured_by", "string", "Who measured it", "Measured by", "name"),
    *SOURCE_FIELDS,
)

CAMPAIGN_FIELDS = (
    Field("rank", "integer", "Position in the chosen order", "#"),
    Field("id", "string", "Id of the campaign", "Id"),
    Field("company_id", "string", "Id of the company", "Company id"),
    Field("company", "string", "Company name", "Company", "name"),
    Field("app_id", "string", "Id of the app promoted", "App id"),
    Field("app", "string", "App name", "App", "name"),
    Field("name", "string", "The campaign's own name, if given", "Name", nullable=True),
    Field("campaign", "string", "What the campaign is", "Campaign"),
    Field(
        "amount_cny",
        "integer",
        "Amount in yuan as stated; null if unknown",
        "CNY",
        "cny",
        nullable=True,
    ),
    Field(
        "amount_usd",
        "integer",
        "Amount in US dollars as stated; null if not stated",
        "USD",
        "usd",
        nullable=True,
        fallback="amount_usd_derived",
    ),
    Field(
        "amount_usd_derived",
        "integer",
        "Amount in US dollars converted from yuan at the rate the source implies, when the "
        "source states no dollar amount (derived)",
        "USD (derived)",
        "usd",
        derived=True,
        nullable=True,
    ),
    Field("purpose", "string", "What it aims at, if stated", "Purpose", nullable=True),
    *SOURCE_FIELDS,
)

LEADERSHIP_FIELDS = (
    Field("id", "string", "Id of the event", "Id"),
    Field("category", "string", "leadership, organisation, statement or profile", "Kind"),
    Field("person_id", "string", "Id of the person, if any", "Person id", nullable=True),
    Field("who", "string", "The person, or the company when no person is named", "Who", "name"),
    Field("role", "string", "The person's role as reported", "Role", nullable=True),
    Field("company_id", "string", "Id of the company, if any", "Company id", nullable=True),
    Field("company", "string", "Company name, if any", "Company", nullable=True),
    Field("change", "string", "What changed or was said", "What changed"),
    Field("when", "string", "When, exactly as reported", "When", nullable=True),
    *SOURCE_FIELDS,
)

DERIVED_NOTE = "† derived: computed by aicompete from the stated figures, not stated in the source"


def dau(knowledge: KnowledgeBase) -> Listing:
    """Apps ranked by DAU, largest first, with each one's share of its period's leader."""
    apps = by_id(knowledge.apps)
    companies = by_id(knowledge.companies)
    leaders: dict[str, int] = {}
    for figure in knowledge.dau:
        leaders[figure.period] = max(leaders.get(figure.period, 0), figure.value)
    ranked = sorted(knowledge.dau, key=lambda figure: -figure.value)
    rows: list[Row] = []
    for rank, figure in enumerate(ranked, start=1):
        app = apps[figure.app]
        leader = leaders[figure.period]
        rows.append(
            {
                "rank": rank,
                "id": figure.id,
                "app_id": app.id,
                "app": app.name,
                "company_id": app.company,
                "company": companies[app.company].name,
                "dau": figure.value,
                "share_of_leader_derived": round(figure.value / leader, 4) if leader else None,
                "reported_comparison": figure.reported_comparison,
                "metric": figure.metric,
                "period": figure.period,
                "measured_by_id": figure.measured_by,
                "measured_by": companies[figure.measured_by].name,
                "source": figure.source,
                "quote": figure.quote,
            }
        )
    return Listing(
        DAU_FIELDS,
        rows,
        (
            "rank",
            "app",
            "company",
            "dau",
            "share_of_leader_derived",
            "reported_comparison",
            "period",
            "measured_by",
        ),
        title="Daily active users",
        bar_field="dau",
        notes=(DERIVED_NOTE,),
    )


CampaignSort = Literal["spend", "company", "app"]


def usd_per_cny(knowledge: KnowledgeBase) -> Fraction | None:
    """The exchange rate the sources imply: from the campaigns stated in both currencies."""
    # Imported here: fractions imports decimal, and only campaigns need a rate.
    from fractions import Fraction

    for campaign in knowledge.campaigns:
        cny, usd = campaign.amount("CNY"), campaign.amount("USD")
        if cny and usd is not None:
            return Fraction(usd, cny)
    return None


def campaigns(
    knowledge: KnowledgeBase, sort: CampaignSort = "spend", reverse: bool = False
) -> Listing:
    """Promotional campaigns; by spend, largest first, unless sorted otherwise.

    A campaign whose amount is unknown sorts last in both directions.
    """
    apps = by_id(knowledge.apps)
    companies = by_id(knowledge.companies)
    rate = usd_per_cny(knowledge)

    def row(campaign: Campaign) -> Row:
        app = apps[campaign.app]
        cny, usd = campaign.amount("CNY"), campaign.amount("USD")
        derived = round(cny * rate) if usd is None and cny is not None and rate else None
        return {
            "rank": 0,
            "id": campaign.id,
            "company_id": app.company,
            "company": companies[app.company].name,
            "app_id": app.id,
            "app": app.name,
            "name": campaign.name,
            "campaign": campaign.description,
            "amount_cny": cny,
            "amount_usd": usd,
            "amount_usd_derived": derived,
            "purpose": campaign.purpose,
            "source": campaign.source,
            "quote": campaign.quote,
        }

    rows = [row(campaign) for campaign in knowledge.campaigns]
    keys: Mapping[CampaignSort, Callable[[Row], Value]] = {
        "spend": lambda r: r["amount_cny"],
        "company": lambda r: str(r["company"]).casefold(),
        "app": lambda r: str(r["app"]).casefold(),
    }
    key = keys[sort]
    known = [r for r in rows if key(r) is not None]
    unknown = [r for r in rows if key(r) is None]
    # Spend reads best largest first; names read best A to Z.
    descending = (sort == "spend") != reverse
    known.sort(key=lambda r: key(r), reverse=descending)  # type: ignore[arg-type, return-value]
    ordered = known + unknown
    for rank, item in enumerate(ordered, start=1):
        item["rank"] = rank
    return Listing(
        CAMPAIGN_FIELDS,
        ordered,
        ("rank", "company", "app", "campaign", "amount_cny", "amount_usd", "purpose"),
        title="Promotional campaigns",
        bar_field="amount_cny",
        notes=(DERIVED_NOTE,),
    )


LEADERSHIP_CATEGORIES = ("leadership", "organisation", "statement", "profile")


def leadership(knowledge: KnowledgeBase) -> Listing:
    """Leadership and organisation changes and the company's statements, as reported."""
    people = by_id(knowledge.people)
    companies = by_id(knowledge.companies)

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
            "source": event.source,
            "quote": event.quote,
        }

    rows = [row(event) for event in knowledge.events if event.category in LEADERSHIP_CATEGORIES]
    return Listing(
        LEADERSHIP_FIELDS,
        rows,
        ("who", "role", "change", "when", "quote"),
        title="Leadership and organisation",
    )


FIELD_FIELDS = (
    Field("name", "string", "Field name, as used by --fields and in JSON and CSV", "Field", "name"),
    Field("type", "string", "JSON type: string, integer, number, boolean or array", "Type"),
    Field("nullable", "boolean", "Whether the value can be null (unknown or not given)", "Null"),
    Field("derived", "boolean", "Whether aicompete computes it rather than the source", "Derived"),
    Field("description", "string", "What the field holds", "Description", "long"),
)


def describe_fields(command: str, fields: Sequence[Field]) -> Listing:
    """The fields of a listing command, as a listing of their own."""
    rows: list[Row] = [
        {
            "name": item.name,
            "type": item.type,
            "nullable": item.nullable,
            "derived": item.derived,
            "description": item.description,
        }
        for item in fields
    ]
    return Listing(
        FIELD_FIELDS,
        rows,
        ("name", "type", "nullable", "derived", "description"),
        title=f"Fields of aicompete {command}",
    )


def select_fields(listing: Listing, names: Sequence[str]) -> Listing:
    """The listing showing only `names`, in that order (names already checked).

    Rows keep every value, so that a table can still fall back to a derived field.
    """
    return replace(
        listing,
        fields=tuple(listing.field(name) for name in names),
        table_fields=tuple(names),
        bar_field=listing.bar_field if listing.bar_field in names else None,
    )
