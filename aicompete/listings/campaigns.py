"""`aicompete campaigns`: promotional campaigns with their amounts, stated or converted.

Amounts compare in yuan: stated, or converted at a rate the knowledge base states, either
as a `[[rates]]` record or implied by a campaign stated in two currencies (1 billion yuan
($145 million)). A converted amount is derived, and the rates it used are listed with where
they come from. Rates are used directly or inverted, never chained.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Literal

from aicompete.frozen import frozen
from aicompete.knowledge import agreement
from aicompete.knowledge.models import Campaign, KnowledgeBase, Money, Time, by_id
from aicompete.listings.contract import (
    AGREEMENT_FIELDS,
    CITATION_FIELDS,
    DERIVED_NOTE,
    Field,
    Listing,
    Row,
    Value,
    shown_agreement,
)
from aicompete.listings.ranks import shared_ranks

if TYPE_CHECKING:
    from fractions import Fraction

MONEY_ITEMS = (
    Field("value", "integer", "The amount, in base units", "Amount", "amount"),
    Field("currency", "string", "ISO 4217 code", "Currency"),
    Field("bound", "string", "exact, about, over, under or up_to", "Bound"),
)
RATE_ITEMS = (
    Field("base", "string", "The currency converted from", "From"),
    Field("counter", "string", "The currency converted to", "To"),
    Field("rate", "number", "How many of `counter` one `base` is worth", "Rate"),
    Field("stated_by", "string", "Id of the rate or of the campaign that states it", "Stated by"),
)

FIELDS = (
    Field("rank", "integer", "Position in the chosen order; equal keys share a rank", "#"),
    Field("id", "string", "Id of the campaign", "Id"),
    Field("company_id", "string", "Id of the company", "Company id"),
    Field("company", "string", "Company name", "Company", "name"),
    Field("app_id", "string", "Id of the app promoted, if one", "App id", nullable=True),
    Field("app", "string", "App name", "App", "name", nullable=True),
    Field("name", "string", "The campaign's own name, if given", "Name", nullable=True),
    Field("campaign", "string", "What the campaign is", "Campaign"),
    Field(
        "amount_cny",
        "integer",
        "Amount in yuan as stated; null if not stated",
        "CNY",
        "cny",
        nullable=True,
        fallback="amount_cny_derived",
        unconverted="amounts",
    ),
    Field(
        "amount_cny_derived",
        "integer",
        "Amount in yuan converted from a stated amount at a rate the knowledge base states, "
        "when no yuan amount is stated (derived)",
        "CNY (derived)",
        "cny",
        derived=True,
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
        unconverted="amounts",
    ),
    Field(
        "amount_usd_derived",
        "integer",
        "Amount in US dollars converted from a stated amount at a rate the knowledge base "
        "states, when no dollar amount is stated (derived)",
        "USD (derived)",
        "usd",
        derived=True,
        nullable=True,
    ),
    Field(
        "amounts",
        "array",
        "Every amount as stated, in its own currency; empty when the amount is unknown",
        "Stated",
        items=MONEY_ITEMS,
        item_text=("value",),
    ),
    Field(
        "rates_derived",
        "array",
        "The rates the converted amounts used, each with what states it (derived)",
        "Rates",
        derived=True,
        items=RATE_ITEMS,
        item_text=("base", "counter", "rate", "stated_by"),
    ),
    Field("purpose", "string", "What it aims at, if stated", "Purpose", nullable=True),
    Field("reach", "string", "Whom it reached, if stated", "Reach", nullable=True),
    *(
        field
        for name, header in (("announced", "Announced"), ("start", "Starts"), ("end", "Ends"))
        for field in (
            Field(name, "string", f"When it {header.lower()}, as reported", header, nullable=True),
            Field(
                f"{name}_date",
                "string",
                f"The ISO 8601 date `{name}` resolves to, if any",
                f"{header} (date)",
                nullable=True,
            ),
        )
    ),
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
)

SortKey = Literal["spend", "company", "app"]
SORT_KEYS: tuple[SortKey, ...] = ("spend", "company", "app")


@frozen
class Rate:
    """How many of `counter` one `base` is worth, and the record that states it."""

    base: str
    counter: str
    value: Fraction
    stated_by: str


def known_rates(knowledge: KnowledgeBase) -> dict[tuple[str, str], Rate]:
    """Every rate the knowledge base states, each way round: first the `[[rates]]` records,
    then those implied by campaigns stated in two currencies; the first of a pair is used."""
    from fractions import Fraction

    found: dict[tuple[str, str], Rate] = {}

    def add(base: str, counter: str, value: Fraction, stated_by: str) -> None:
        if value and base != counter:
            found.setdefault((base, counter), Rate(base, counter, value, stated_by))
            found.setdefault((counter, base), Rate(counter, base, 1 / value, stated_by))

    for rate in knowledge.rates:
        add(rate.base, rate.counter, Fraction(rate.value), rate.id)
    for campaign in knowledge.campaigns:
        for first in campaign.amounts:
            for second in campaign.amounts:
                if first.value:
                    add(
                        first.currency,
                        second.currency,
                        Fraction(second.value, first.value),
                        campaign.id,
                    )
    return found


def converted(
    campaign: Campaign, currency: str, rates: Mapping[tuple[str, str], Rate]
) -> tuple[int, Rate] | None:
    """The campaign's amount in `currency` converted from one it states, and the rate used;
    None when it states that currency itself, or none that a known rate converts."""
    if campaign.amount(currency) is not None:
        return None
    for money in campaign.amounts:
        rate = rates.get((money.currency, currency))
        if rate is not None:
            return round(money.value * rate.value), rate
    return None


def build(knowledge: KnowledgeBase, sort: SortKey = "spend", reverse: bool = False) -> Listing:
    """Promotional campaigns; by spend in yuan, largest first, unless sorted otherwise.

    By spend, a campaign whose amount cannot be put in yuan (no known rate) comes after every
    known amount, and one whose amount is unknown comes last, in both directions.
    """
    apps = by_id(knowledge.apps)
    companies = by_id(knowledge.companies)
    rates = known_rates(knowledge)
    agreed = agreement.of_campaigns(knowledge)

    def row(campaign: Campaign) -> Row:
        app = apps[campaign.app] if campaign.app else None
        company = app.company if app else str(campaign.company)
        cny = converted(campaign, "CNY", rates)
        usd = converted(campaign, "USD", rates)
        used = {conversion[1] for conversion in (cny, usd) if conversion}
        return {
            "rank": 0,
            "id": campaign.id,
            "company_id": company,
            "company": companies[company].name,
            "app_id": campaign.app,
            "app": app.name if app else None,
            "name": campaign.name,
            "campaign": campaign.description,
            "amount_cny": campaign.amount("CNY"),
            "amount_cny_derived": cny[0] if cny else None,
            "amount_usd": campaign.amount("USD"),
            "amount_usd_derived": usd[0] if usd else None,
            "amounts": tuple(_money(money) for money in campaign.amounts),
            "rates_derived": tuple(
                _rate(rate) for rate in sorted(used, key=lambda rate: (rate.base, rate.counter))
            ),
            "purpose": campaign.purpose,
            "reach": campaign.reach,
            **{
                field: value
                for name in ("announced", "start", "end")
                for field, value in _time(name, getattr(campaign, name))
            },
            "sources_agreeing": agreed.sources_agreeing.get(campaign.id, 1),
            "conflicts_with": agreed.conflicts_with.get(campaign.id, ()),
            "source": campaign.source,
            "quote": campaign.quote,
        }

    rows = [row(campaign) for campaign in knowledge.campaigns]
    keys: Mapping[SortKey, Callable[[Row], Value]] = {
        "spend": spend_cny,
        "company": lambda r: str(r["company"]).casefold(),
        "app": lambda r: str(r["app"] or "").casefold(),
    }
    key = keys[sort]
    known = [r for r in rows if key(r) is not None]
    # Stated in a currency that no known rate converts: after the known, before the unknown.
    unconverted = [r for r in rows if key(r) is None and r["amounts"]]
    unknown = [r for r in rows if key(r) is None and not r["amounts"]]
    # Spend reads best largest first; names read best A to Z.
    descending = (sort == "spend") != reverse
    known.sort(key=lambda r: key(r), reverse=descending)  # type: ignore[arg-type, return-value]
    ordered = known + unconverted + unknown
    # An unconverted amount and an unknown one are both without a key, but not alike.
    keys_shown = [(key(r), bool(r["amounts"])) for r in ordered]
    for rank, item in zip(shared_ranks(keys_shown), ordered, strict=True):
        item["rank"] = rank
    table_fields: tuple[str, ...] = ("rank", "company", "app", "campaign", "amount_cny")
    table_fields += ("amount_usd", "purpose")
    if unconverted:
        table_fields += ("amounts",)
    return Listing(
        FIELDS,
        ordered,
        table_fields + shown_agreement(ordered),
        title="Promotional campaigns",
        bar_field="amount_cny",
        notes=(DERIVED_NOTE, *rate_notes(ordered)),
    )


def _money(money: Money) -> Row:
    return {"value": money.value, "currency": money.currency, "bound": money.bound}


def _time(name: str, time: Time | None) -> tuple[tuple[str, Value], tuple[str, Value]]:
    return (name, time.when if time else None), (f"{name}_date", time.date if time else None)


def _rate(rate: Rate) -> Row:
    return {
        "base": rate.base,
        "counter": rate.counter,
        "rate": float(rate.value),
        "stated_by": rate.stated_by,
    }


def spend_cny(row: Row) -> int | None:
    """A campaign row's spend in yuan: stated, else converted; None when neither is known."""
    for name in ("amount_cny", "amount_cny_derived"):
        value = row[name]
        if isinstance(value, int):
            return value
    return None


def rate_notes(rows: list[Row]) -> tuple[str, ...]:
    """One line per rate the rows used: what it is and what states it."""
    used: dict[tuple[object, object], str] = {}
    for row in rows:
        for rate in row["rates_derived"]:  # type: ignore[union-attr]
            if isinstance(rate, dict):
                used.setdefault(
                    (rate["base"], rate["counter"]),
                    f"† converted at 1 {rate['base']} = {rate['rate']:.6g} {rate['counter']}, "
                    f"the rate that {rate['stated_by']} states",
                )
    return tuple(used.values())
