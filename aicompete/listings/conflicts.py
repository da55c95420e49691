"""`aicompete conflicts`: every place where two sources state the same thing in ways that
cannot both be true, with both values, both quotes and both sources.

What counts as the same thing, and as a disagreement, is `agreement`'s: figures of one subject
and metric over overlapping dates, bounds counted, whoever measured them (each conflict says
whether one measurer or two stand behind it); a campaign and those it restates; an event and
those it restates.
"""

from __future__ import annotations

from typing import Any

from aicompete.knowledge import agreement
from aicompete.knowledge.catalog import Catalog
from aicompete.knowledge.models import Campaign, Event, Figure, KnowledgeBase, by_id
from aicompete.listings.contract import (
    INFERRED_FIELD,
    Field,
    Listing,
    Row,
    inferred_names,
    texts,
)

FIELDS = (
    Field("kind", "string", "Kind of record: figure, campaign or event", "Kind"),
    Field("field", "string", "What differs: value, amounts or when", "Field"),
    Field("subject", "string", "The thing both records state", "About"),
    Field(
        "measurers",
        "string",
        "For figures, who stands behind the two: `same` (one measurer's figures disagree), "
        "`different` (two measurers disagree) or `unstated` (one names no measurer); null for "
        "campaigns and events",
        "Measurers",
        nullable=True,
    ),
    Field(
        "company_id", "string", "Id of the company it is about, if any", "Company id", nullable=True
    ),
    Field("app_id", "string", "Id of the app it is about, if any", "App id", nullable=True),
    Field("id", "string", "Id of the first record", "Id"),
    Field(
        "value",
        "string",
        "What the first record states: a figure, amounts as 'N CUR; N CUR', or a time",
        "Value",
        "stated",
    ),
    Field(
        "bound",
        "string",
        "For a figure, how its value stands to the truth: exact, about, over, under or up_to",
        "Bound",
        nullable=True,
    ),
    Field("unit", "string", "For a figure, its unit", "Unit", nullable=True),
    Field("when", "string", "For a figure, its time as reported", "When", nullable=True),
    Field("date", "string", "For a figure, the date its time resolves to", "Date", nullable=True),
    Field("measured_by", "string", "For a figure, who measured it", "Measured by", nullable=True),
    Field("source", "string", "Id of the first record's source", "Source", cites=True),
    Field("quote", "string", "The first record's quote", "Quote", "long"),
    Field("other_id", "string", "Id of the second record", "Other id"),
    Field(
        "other_value",
        "string",
        "What the second record states, as `value`",
        "Other value",
        "stated",
    ),
    Field("other_bound", "string", "As `bound`, of the second", "Other bound", nullable=True),
    Field("other_when", "string", "As `when`, of the second", "Other when", nullable=True),
    Field("other_date", "string", "As `date`, of the second", "Other date", nullable=True),
    Field(
        "other_measured_by",
        "string",
        "As `measured_by`, of the second",
        "Other measured by",
        nullable=True,
    ),
    Field("other_source", "string", "Id of the second record's source", "Other source", cites=True),
    Field("other_quote", "string", "The second record's quote", "Other quote", "long"),
    INFERRED_FIELD,
)
# The fields of one side of a conflict, by their first side's names.
_ONE_SIDE = tuple(
    field for field in FIELDS if f"other_{field.name}" in {other.name for other in FIELDS}
)

# Short enough for a terminal 80 columns wide, as every line of an answer is.
NOTHING_THE_SAME = "no conflicts: no two sources state the same thing, so none can disagree"


def _agreeing(compared: int) -> str:
    pairs = f"{compared:,} pair{'s' * (compared != 1)}"
    return f"no conflicts: sources that state the same thing agree ({pairs} compared)"


# The fields of a conflict's side that show each field of its record: the second side's
# under `other_`. What a figure's value counts (its metric, its unit) is part of its value.
_SHOWN_AS = {
    "amounts": ("value",),
    "when": ("when", "value"),
    "metric": ("value",),
    "unit": ("value",),
}


def build(knowledge: KnowledgeBase) -> Listing:
    """Every conflict: figures, then campaigns, then events, each in file order, those of one
    subject and measurers together."""
    apps = by_id(knowledge.apps)
    companies = by_id(knowledge.companies)
    metrics = by_id(knowledge.metrics)
    catalog = Catalog(knowledge)
    found = (
        agreement.of_figures(knowledge),
        agreement.of_campaigns(knowledge),
        agreement.of_events(knowledge),
    )

    def measurer(record: Any) -> str | None:
        measured_by = getattr(record, "measured_by", None)
        return companies[measured_by].name if measured_by else None

    def about(conflict: agreement.Conflict) -> tuple[str, str | None, str | None]:
        """What the conflict is about, its company and its app."""
        record = conflict.first
        if isinstance(record, Figure):
            entry = catalog.get("figure", record.id)
            company = catalog.about(entry)[0] if entry else None
            names = dict.fromkeys(
                metrics[side.metric].name for side in (conflict.first, conflict.second)
            )
            return f"{catalog.subject(record)}: {' and '.join(names)}", company, record.app
        if isinstance(record, Campaign):
            app = apps[record.app] if record.app else None
            company = app.company if app else record.company
            return f"{catalog.subject(record)}: {record.description}", company, record.app
        event: Event = record
        entry = catalog.get("event", event.id)
        company = catalog.about(entry)[0] if entry else event.company
        who = catalog.who(event)
        return (f"{who}: {event.summary}" if who else event.summary), company, None

    def side(record: Any, field: str, prefix: str) -> Row:
        figure = record if isinstance(record, Figure) else None
        names = inferred_names(record, _ONE_SIDE, _SHOWN_AS)
        return {
            f"{prefix}value": _stated(record, field),
            f"{prefix}bound": figure.bound if figure else None,
            f"{prefix}when": figure.when if figure else None,
            f"{prefix}date": figure.date if figure else None,
            f"{prefix}measured_by": measurer(record),
            f"{prefix}source": record.source,
            f"{prefix}quote": record.quote,
            "inferred": tuple(prefix + name for name in names),
        }

    rows: list[Row] = []
    for conflict in (conflict for each in found for conflict in each.conflicts):
        subject, company, app = about(conflict)
        first = side(conflict.first, conflict.field, "")
        second = side(conflict.second, conflict.field, "other_")
        rows.append(
            {
                "kind": conflict.kind,
                "field": conflict.field,
                "subject": subject,
                "measurers": conflict.measurers,
                "company_id": company,
                "app_id": app,
                "id": conflict.first.id,
                "unit": getattr(conflict.first, "unit", None),
                **first,
                "other_id": conflict.second.id,
                **second,
                "inferred": (*texts(first["inferred"]), *texts(second["inferred"])),
            }
        )
    # One table a subject and its measurers: the rows of each together, in the order first
    # found (figures, then campaigns, then events, each in file order).
    found_at: dict[tuple[object, ...], int] = {}
    for at, row in enumerate(rows):
        found_at.setdefault((row["kind"], row["subject"]), at)
        found_at.setdefault((row["kind"], row["subject"], row["measurers"]), at)
    rows.sort(
        key=lambda row: (
            found_at[row["kind"], row["subject"]],
            found_at[row["kind"], row["subject"], row["measurers"]],
        )
    )
    compared = sum(each.compared for each in found)
    return Listing(
        FIELDS,
        rows,
        (
            "kind",
            "subject",
            "measurers",
            "value",
            "source",
            "other_value",
            "other_source",
            "quote",
            "other_quote",
        ),
        title="Conflicts between sources",
        empty_message=_agreeing(compared) if compared else NOTHING_THE_SAME,
        # What the disagreement is about, and who stands behind it, head its table: the
        # columns keep both sides whole.
        sections_by=("kind", "subject", "measurers"),
        keeps=("value", "source", "other_value", "other_source"),
    )


def _stated(record: Any, field: str) -> str:
    """A record's value of the field as text: a figure, amounts in their currencies, a time."""
    if field == "amounts":
        return "; ".join(f"{money.value} {money.currency}" for money in record.amounts)
    if isinstance(record, Figure):
        return str(record.value)
    if field == "when" and record.date:
        return f"{record.when} ({record.date})"
    return str(getattr(record, field))
