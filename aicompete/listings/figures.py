"""`aicompete figures`: every number the sources state, whatever it counts.

One row per `[[figures]]` record, in the order of the knowledge file, with who it is about,
its metric, its value with its unit and bound, the time as reported beside the date it
resolves to, and who measured or relayed it. The figure fields are declared here once: `dau`
and `history` build their rows with `figure_row` and show the same fields.
"""

from __future__ import annotations

from collections.abc import Iterable

from aicompete.knowledge import agreement
from aicompete.knowledge.models import Figure, KnowledgeBase, by_id
from aicompete.listings.contract import (
    AGREEMENT_FIELDS,
    CITATION_FIELDS,
    INFERRED_FIELD,
    TIME_FIELDS,
    Field,
    Listing,
    Row,
    inferred_names,
    shown_agreement,
)

# Who a figure is about, what it is and when: the fields every listing of figures shares.
SUBJECT_FIELDS = (
    Field("id", "string", "Id of the figure", "Id"),
    Field("app_id", "string", "Id of the app it is about, if one", "App id", nullable=True),
    Field("app", "string", "App name", "App", "name", nullable=True),
    Field(
        "company_id",
        "string",
        "Id of the company it is about, or that runs its app; null for a total over several",
        "Company id",
        nullable=True,
    ),
    Field("company", "string", "Company name, or the companies of a total", "Company", "name"),
    Field(
        "company_ids",
        "array",
        "Ids of every company it is about: one, or those a total is over",
        "Company ids",
    ),
)
VALUE_FIELDS = (
    Field("metric", "string", "Id of the metric, a `[[metrics]]` record", "Metric id"),
    Field("metric_name", "string", "What the figure counts, such as peak DAU", "Metric"),
    Field(
        "value",
        "number",
        "The number as stated, in base units (people, yuan, queries); a rate in percent",
        "Value",
        "figure",
    ),
    Field("unit", "string", "users, percent, count, or an ISO 4217 currency code", "Unit"),
    Field(
        "bound",
        "string",
        "How the value stands to the truth: exact, about, over, under or up_to",
        "Bound",
    ),
)
SOURCE_FIELDS = (
    Field("measured_by_id", "string", "Id of who measured it", "Measured by id", nullable=True),
    Field("measured_by", "string", "Who measured it", "Measured by", "name", nullable=True),
    Field(
        "reported_via_id",
        "string",
        "Id of an outlet that only relays it",
        "Reported via id",
        nullable=True,
    ),
    Field("reported_via", "string", "Who relays it", "Reported via", "name", nullable=True),
    Field(
        "reported_comparison",
        "string",
        "A comparison the source itself makes",
        "As reported",
        nullable=True,
    ),
)

FIELDS = (
    *SUBJECT_FIELDS,
    *VALUE_FIELDS,
    *TIME_FIELDS,
    *SOURCE_FIELDS,
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
    INFERRED_FIELD,
)
# The row fields that show each field of a figure, where they are not the field's own name.
SHOWN_AS = {
    "app": ("app_id", "app"),
    "company": ("company_id", "company", "company_ids"),
    "companies": ("company_id", "company", "company_ids"),
    "metric": ("metric", "metric_name"),
    "measured_by": ("measured_by_id", "measured_by"),
    "reported_via": ("reported_via_id", "reported_via"),
}


class FigureRows:
    """What a figure's row names, looked up once for a whole listing."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.apps = by_id(knowledge.apps)
        self.companies = by_id(knowledge.companies)
        self.metrics = by_id(knowledge.metrics)
        self.agreed = agreement.of_figures(knowledge)

    def company_ids(self, figure: Figure) -> tuple[str, ...]:
        """The companies a figure is about: its app's, its own, or those of a total."""
        if figure.app is not None:
            return (self.apps[figure.app].company,)
        return figure.subjects

    def row(self, figure: Figure) -> Row:
        app = self.apps.get(figure.app) if figure.app else None
        company_ids = self.company_ids(figure)
        measured_by = self.companies.get(figure.measured_by) if figure.measured_by else None
        relay = self.companies.get(figure.reported_via) if figure.reported_via else None
        return {
            "id": figure.id,
            "app_id": figure.app,
            "app": app.name if app else None,
            "company_id": company_ids[0] if len(company_ids) == 1 else None,
            "company": " + ".join(self.companies[company].name for company in company_ids),
            "company_ids": company_ids,
            "metric": figure.metric,
            "metric_name": self.metrics[figure.metric].name,
            "value": figure.number,
            "unit": figure.unit,
            "bound": figure.bound,
            "when": figure.when,
            "date": figure.date,
            "measured_by_id": figure.measured_by,
            "measured_by": measured_by.name if measured_by else None,
            "reported_via_id": figure.reported_via,
            "reported_via": relay.name if relay else None,
            "reported_comparison": figure.reported_comparison,
            "sources_agreeing": self.agreed.sources_agreeing.get(figure.id, 1),
            "conflicts_with": self.agreed.conflicts_with.get(figure.id, ()),
            "source": figure.source,
            "quote": figure.quote,
            "inferred": inferred_names(figure, FIELDS, SHOWN_AS),
        }


def build(knowledge: KnowledgeBase) -> Listing:
    """Every figure, in the order of the file (the filters `--metric`, `--since` and
    `--until` narrow it, as every listing of figures)."""
    rows = FigureRows(knowledge)
    listed = [rows.row(figure) for figure in knowledge.figures]
    return Listing(
        FIELDS,
        listed,
        (
            "id",
            "company",
            "app",
            "metric_name",
            "value",
            "when",
            "date",
            "measured_by",
            *shown_agreement(listed),
        ),
        title="Figures",
        empty_message="no figures",
    )


def metric_named(knowledge: KnowledgeBase, name: str) -> str:
    """The id of the metric `name` stands for: its id or its name, case aside; raise
    `UnknownName` with the known metrics."""
    from aicompete.knowledge.catalog import UnknownName, normalized, suggest

    called: dict[str, str] = {}
    for record in knowledge.metrics:
        for text in (record.id, record.name):
            called.setdefault(normalized(text), record.id)
    found = called.get(normalized(name))
    if found is None:
        known: Iterable[str] = (record.id for record in knowledge.metrics)
        raise UnknownName(name, "metric", list(known), suggest(name, called))
    return found
