"""`aicompete campaigns`: promotional campaigns with their amounts, stated or converted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Literal

from aicompete.frozen import frozen
from aicompete.knowledge.models import Campaign, KnowledgeBase, by_id
from aicompete.listings.contract import CITATION_FIELDS, DERIVED_NOTE, Field, Listing, Row, Value
from aicompete.listings.ranks import shared_ranks

if TYPE_CHECKING:
    from fractions import Fraction

FIELDS = (
    Field("rank", "integer", "Position in the chosen order; equal keys share a rank", "#"),
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
    *CITATION_FIELDS,
)

SortKey = Literal["spend", "company", "app"]
SORT_KEYS: tuple[SortKey, ...] = ("spend", "company", "app")


@frozen
class Rate:
    """Dollars per yuan, and the campaign whose amounts in both currencies state it."""

    value: Fraction
    stated_by: str


def usd_per_cny(knowledge: KnowledgeBase) -> Rate | None:
    """The exchange rate the sources imply: from the first campaign stated in both currencies."""
    from fractions import Fraction

    for campaign in knowledge.campaigns:
        cny, usd = campaign.amount("CNY"), campaign.amount("USD")
        if cny and usd is not None:
            return Rate(Fraction(usd, cny), campaign.id)
    return None


def build(knowledge: KnowledgeBase, sort: SortKey = "spend", reverse: bool = False) -> Listing:
    """Promotional campaigns; by spend, largest first, unless sorted otherwise.

    A campaign whose amount is unknown sorts last in both directions.
    """
    apps = by_id(knowledge.apps)
    companies = by_id(knowledge.companies)
    rate = usd_per_cny(knowledge)

    def row(campaign: Campaign) -> Row:
        app = apps[campaign.app]
        cny, usd = campaign.amount("CNY"), campaign.amount("USD")
        derived = round(cny * rate.value) if usd is None and cny is not None and rate else None
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
    keys: Mapping[SortKey, Callable[[Row], Value]] = {
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
    for rank, item in zip(shared_ranks([key(r) for r in ordered]), ordered, strict=True):
        item["rank"] = rank
    return Listing(
        FIELDS,
        ordered,
        ("rank", "company", "app", "campaign", "amount_cny", "amount_usd", "purpose"),
        title="Promotional campaigns",
        bar_field="amount_cny",
        notes=(DERIVED_NOTE,),
    )
