"""`aicompete campaigns`: promotional campaigns with their amounts, stated or converted.

One campaign is one row: the records of other sources that restate it (`same_as`, either way
round) fold into the row of the one they restate, which lists every source and the ids it
folds in. Where a restatement states another amount, the row keeps the first stated and marks
it disputed, with the other amounts and who states them.

Amounts compare in yuan: stated, or converted at a rate the knowledge base states, either
as a `[[rates]]` record or implied by a campaign stated in two currencies (1 billion yuan
($145 million)). A converted amount is derived, and the rates it used are listed with where
they come from. Rates are used directly or inverted, never chained.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from aicompete.errors import UsageError
from aicompete.frozen import frozen
from aicompete.knowledge import agreement
from aicompete.knowledge.models import Campaign, KnowledgeBase, Money, Time, by_id
from aicompete.listings.contract import (
    AGREEMENT_FIELDS,
    CITATION_FIELDS,
    DERIVED_NOTE,
    INFERRED_FIELD,
    Field,
    Listing,
    Row,
    Value,
    inferred_names,
    one_of,
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

DISPUTED_ITEMS = (
    Field("id", "string", "Id of the record that states the amount", "Id"),
    Field("source", "string", "Id of its source", "Source", cites=True),
    *MONEY_ITEMS,
)

FIELDS = (
    Field(
        "rank",
        "integer",
        "Position in the chosen order; equal keys share a rank; by spend, null for an amount "
        "not stated or in a currency no known rate puts in yuan, which come last, unranked",
        "#",
        "rank",
        nullable=True,
    ),
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
    Field(
        "amounts_from",
        "string",
        "Id of the record whose amounts the row shows: its own, or where it states none, the "
        "first record restating it that does",
        "Amounts from",
    ),
    Field(
        "restated_by",
        "array",
        "Ids of the records of other sources that restate the campaign (`same_as`), folded "
        "into this row",
        "Restated by",
    ),
    Field(
        "sources",
        "array",
        "Ids of every source that states the campaign: its own first, then those of the "
        "records that restate it",
        "All sources",
        cites=True,
    ),
    Field(
        "disputed",
        "array",
        "Amounts that records restating it state otherwise, each with the record and source "
        "that state it; empty when none does",
        "Disputed by",
        items=DISPUTED_ITEMS,
        item_text=("value", "source"),
    ),
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
    INFERRED_FIELD,
)

# The row fields that show each field of a campaign, where they are not the field's own name.
SHOWN_AS = {
    "app": ("app_id", "app"),
    "company": ("company_id", "company"),
    "description": ("campaign",),
    "amounts": ("amount_cny", "amount_usd", "amounts"),
    **{name: (name, f"{name}_date") for name in ("announced", "start", "end")},
}
# The row fields that show amounts, which may come from a record that restates the campaign.
AMOUNT_FIELDS = ("amount_cny", "amount_usd", "amounts")

SortKey = Literal["spend", "company", "app"]
SORT_KEYS: tuple[SortKey, ...] = ("spend", "company", "app")


class UnknownSortKey(UsageError):
    """A `--sort` value that is no sort key."""


def sort_key_named(name: str) -> SortKey:
    """The sort key `name` stands for, case aside; raise `UnknownSortKey`."""
    found = one_of(name, SORT_KEYS, UnknownSortKey)
    return next(key for key in SORT_KEYS if key == found)


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
                # A pair already known keeps its first: no need to work out the rate again.
                if first.value and (first.currency, second.currency) not in found:
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
    """Promotional campaigns, each once; by spend in yuan, largest first, unless sorted
    otherwise.

    By spend, a campaign whose amount cannot be put in yuan (no known rate) comes after every
    known amount, and one whose amount is unknown comes last, in both directions; neither is
    ranked, since neither has a place in the order.
    """
    apps = by_id(knowledge.apps)
    companies = by_id(knowledge.companies)
    rates = known_rates(knowledge)

    def row(campaign: Campaign, restatements: Sequence[Campaign]) -> Row:
        app = apps[campaign.app] if campaign.app else None
        company = app.company if app else str(campaign.company)
        # What the campaign leaves unsaid, the first restatement that says it gives; most
        # campaigns are told once, and say what they say.
        told = (campaign, *restatements)
        amounts = campaign
        said: Campaign | _Told = campaign
        agreeing: set[str] = set()
        against: list[Campaign] = []
        if restatements:
            amounts = next((record for record in told if record.amounts), campaign)
            said = _Told(told)
            for other in told:
                verdict = agreement.same_amounts(amounts, other) if other is not amounts else None
                if verdict and other.source != amounts.source:
                    agreeing.add(other.source)
                elif verdict is False:
                    against.append(other)
        cny = converted(amounts, "CNY", rates)
        usd = converted(amounts, "USD", rates)
        used = {conversion[1] for conversion in (cny, usd) if conversion}
        inferred = inferred_names(campaign, FIELDS, SHOWN_AS)
        if amounts is not campaign:
            inferred += tuple(
                name for name in inferred_names(amounts, FIELDS, SHOWN_AS) if name in AMOUNT_FIELDS
            )
        return {
            "rank": None,
            "id": campaign.id,
            "company_id": company,
            "company": companies[company].name,
            "app_id": campaign.app,
            "app": app.name if app else None,
            "name": said.name,
            "campaign": campaign.description,
            "amount_cny": amounts.amount("CNY"),
            "amount_cny_derived": cny[0] if cny else None,
            "amount_usd": amounts.amount("USD"),
            "amount_usd_derived": usd[0] if usd else None,
            "amounts": tuple(_money(money) for money in amounts.amounts),
            "amounts_from": amounts.id,
            "rates_derived": tuple(
                _rate(rate) for rate in sorted(used, key=lambda rate: (rate.base, rate.counter))
            ),
            "purpose": said.purpose,
            "reach": said.reach,
            **_time("announced", said.announced),
            **_time("start", said.start),
            **_time("end", said.end),
            "restated_by": tuple(record.id for record in restatements),
            "sources": tuple(dict.fromkeys(record.source for record in told))
            if restatements
            else (campaign.source,),
            "disputed": tuple(
                {"id": other.id, "source": other.source, **_money(money)}
                for other in against
                for money in other.amounts
            ),
            "sources_agreeing": 1 + len(agreeing),
            "conflicts_with": tuple(other.id for other in against),
            "source": campaign.source,
            "quote": campaign.quote,
            "inferred": tuple(dict.fromkeys(inferred)),
        }

    rows = [row(campaign, restatements) for campaign, restatements in folded(knowledge.campaigns)]
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
    for rank, item in zip(shared_ranks([key(r) for r in known]), known, strict=True):
        item["rank"] = rank
    ordered = known + unconverted + unknown
    table_fields: tuple[str, ...] = ("rank", "company", "app", "campaign", "amount_cny")
    table_fields += ("amount_usd", "purpose")
    if unconverted:
        table_fields += ("amounts",)
    if any(r["disputed"] for r in ordered):
        table_fields += ("disputed",)
    return Listing(
        FIELDS,
        ordered,
        table_fields + shown_agreement(ordered),
        title="Promotional campaigns",
        bar_field="amount_cny",
        notes=(DERIVED_NOTE, *rate_notes(ordered)),
    )


def folded(campaigns: Sequence[Campaign]) -> list[tuple[Campaign, tuple[Campaign, ...]]]:
    """Each campaign once, in the order of the file, with the records of other sources that
    restate it: of a group joined by `same_as`, the first that restates none stands for it."""
    grouped = agreement.restated(campaigns)
    restating: dict[str, tuple[Campaign, ...]] = {}
    folded_in: set[str] = set()
    for group in grouped:
        first = next((record for record in group if record.same_as is None), group[0])
        restating[first.id] = tuple(record for record in group if record is not first)
        folded_in.update(record.id for record in restating[first.id])
    return [
        (campaign, restating.get(campaign.id, ()))
        for campaign in campaigns
        if campaign.id not in folded_in
    ]


class _Told:
    """What a campaign and the records that restate it say of it: each field, as the first of
    them that says it."""

    def __init__(self, records: Sequence[Campaign]) -> None:
        self.records = records

    def __getattr__(self, name: str) -> Any:
        return next((value for record in self.records if (value := getattr(record, name))), None)


def _money(money: Money) -> Row:
    return {"value": money.value, "currency": money.currency, "bound": money.bound}


def _time(name: str, time: Time | None) -> Row:
    return {name: time.when if time else None, f"{name}_date": time.date if time else None}


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
