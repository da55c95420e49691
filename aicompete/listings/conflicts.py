"""`aicompete conflicts`: every place where two sources state the same thing differently,
with both values, both quotes and both sources."""

from __future__ import annotations

from typing import Any

from aicompete.knowledge import agreement
from aicompete.knowledge.catalog import Catalog
from aicompete.knowledge.models import Campaign, Event, Figure, KnowledgeBase, by_id
from aicompete.listings.contract import Field, Listing, Row

FIELDS = (
    Field("kind", "string", "Kind of record: figure, campaign or event", "Kind"),
    Field("field", "string", "What differs: value, amounts or when", "Field"),
    Field("subject", "string", "The thing both records state", "About", "long"),
    Field(
        "company_id", "string", "Id of the company it is about, if any", "Company id", nullable=True
    ),
    Field("app_id", "string", "Id of the app it is about, if any", "App id", nullable=True),
    Field("when", "string", "For a figure, its time as reported", "When", nullable=True),
    Field("id", "string", "Id of the first record", "Id"),
    Field(
        "value",
        "string",
        "What the first record states: a figure, amounts as 'N CUR; N CUR', or a time",
        "Value",
        "stated",
    ),
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
    Field("other_source", "string", "Id of the second record's source", "Other source", cites=True),
    Field("other_quote", "string", "The second record's quote", "Other quote", "long"),
)


def build(knowledge: KnowledgeBase) -> Listing:
    """Every conflict: figures, then campaigns, then events, each in file order."""
    apps = by_id(knowledge.apps)
    companies = by_id(knowledge.companies)
    metrics = by_id(knowledge.metrics)
    catalog = Catalog(knowledge)
    conflicts = (
        *agreement.of_figures(knowledge).conflicts,
        *agreement.of_campaigns(knowledge).conflicts,
        *agreement.of_events(knowledge).conflicts,
    )

    def about(record: Any) -> tuple[str, str | None, str | None, str | None]:
        """What the conflict is about, its company, app and time."""
        if isinstance(record, Figure):
            entry = catalog.get("figure", record.id)
            company = catalog.about(entry)[0] if entry else None
            measurer = companies[record.measured_by].name if record.measured_by else None
            subject = ", ".join(
                text
                for text in (
                    f"{catalog.subject(record)}: {metrics[record.metric].name}",
                    record.date or record.when,
                    f"measured by {measurer}" if measurer else None,
                )
                if text
            )
            return subject, company, record.app, record.when
        if isinstance(record, Campaign):
            app = apps[record.app] if record.app else None
            company = app.company if app else record.company
            return f"{catalog.subject(record)}: {record.description}", company, record.app, None
        event: Event = record
        entry = catalog.get("event", event.id)
        company = catalog.about(entry)[0] if entry else event.company
        who = catalog.who(event)
        return (f"{who}: {event.summary}" if who else event.summary), company, None, None

    rows: list[Row] = []
    for conflict in conflicts:
        subject, company, app, period = about(conflict.first)
        rows.append(
            {
                "kind": conflict.kind,
                "field": conflict.field,
                "subject": subject,
                "company_id": company,
                "app_id": app,
                "when": period,
                "id": conflict.first.id,
                "value": _stated(conflict.first, conflict.field),
                "source": conflict.first.source,
                "quote": conflict.first.quote,
                "other_id": conflict.second.id,
                "other_value": _stated(conflict.second, conflict.field),
                "other_source": conflict.second.source,
                "other_quote": conflict.second.quote,
            }
        )
    return Listing(
        FIELDS,
        rows,
        (
            "kind",
            "subject",
            "value",
            "quote",
            "source",
            "other_value",
            "other_quote",
            "other_source",
        ),
        title="Conflicts between sources",
        empty_message="no conflicts: where sources state the same thing, they agree",
    )


def _stated(record: Any, field: str) -> str:
    """A record's value of the field as text: a figure, amounts in their currencies, a date."""
    if field == "amounts":
        return "; ".join(f"{money.value} {money.currency}" for money in record.amounts)
    if isinstance(record, Figure):
        return str(record.value)
    return str(getattr(record, field))
