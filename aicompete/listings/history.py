"""`aicompete history APP`: one app's DAU figures over time, with the change between them.

A change compares figures of one series only: the same metric and measurer. Within a series,
figures come in the order of their periods (a period read in the year its source was
published): by the publication date of their sources, then undated ones in the order of the
file. Several sources' figures for one period are that period's, side by side: the change is
from the period before, and only where that period's sources agree on one figure; an
undated period has no change into or out of it, since nothing orders it.
"""

from __future__ import annotations

from aicompete.knowledge import agreement
from aicompete.knowledge.catalog import app_named
from aicompete.knowledge.models import Dau, KnowledgeBase, by_id
from aicompete.listings.contract import (
    AGREEMENT_FIELDS,
    CITATION_FIELDS,
    DERIVED_NOTE,
    Field,
    Listing,
    Row,
    shown_agreement,
)

FIELDS = (
    Field("id", "string", "Id of the DAU figure", "Id"),
    Field("app_id", "string", "Id of the app", "App id"),
    Field("app", "string", "App name", "App", "name"),
    Field("company_id", "string", "Id of the company that runs the app", "Company id"),
    Field("metric", "string", "What the figure is, such as peak DAU", "Metric"),
    Field("measured_by_id", "string", "Id of who measured it", "Measured by id"),
    Field("measured_by", "string", "Who measured it", "Measured by", "name"),
    Field("period", "string", "When, exactly as reported", "Period"),
    Field(
        "period_year",
        "integer",
        "The year its source was published, in which the period is read; null if undated",
        "Year",
        nullable=True,
    ),
    Field(
        "published",
        "string",
        "When its source was published, YYYY-MM-DD, which orders the periods",
        "Published",
        nullable=True,
    ),
    Field("dau", "integer", "Daily active users, in people", "DAU", "count"),
    Field(
        "change_derived",
        "integer",
        "The change from the period before it in its series, in people; null for the first "
        "period, or when that period's sources disagree (derived)",
        "Change",
        "change",
        derived=True,
        nullable=True,
    ),
    Field(
        "change_share_derived",
        "number",
        "The change as a fraction of the period before's figure; null where the change is, or "
        "when that figure is 0 (derived)",
        "Change %",
        "change_share",
        derived=True,
        nullable=True,
    ),
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
)

SERIES_FIELDS = ("metric", "measured_by")


def build(knowledge: KnowledgeBase, name: str) -> Listing:
    """The app `name` (an id, name or alias) figure by figure, each series in period order.

    Raise `UnknownName` for a name that is no app.
    """
    app = by_id(knowledge.apps)[app_named(knowledge, name)]
    companies = by_id(knowledge.companies)
    published = {source.id: source.published for source in knowledge.sources}
    agreed = agreement.of_dau(knowledge)
    series: dict[tuple[str, str], list[Dau]] = {}
    for figure in knowledge.dau:
        if figure.app == app.id:
            series.setdefault((figure.metric, figure.measured_by), []).append(figure)
    years = agreement.source_years(knowledge)
    rows: list[Row] = []
    for figures in series.values():
        periods: dict[tuple[str, int | None], list[Dau]] = {}
        for figure in figures:
            periods.setdefault((figure.period, years[figure.source]), []).append(figure)

        first_published = {
            key: min(published[figure.source] or "" for figure in in_period)
            for key, in_period in periods.items()
        }
        dated = sorted(
            (key for key in periods if first_published[key]), key=lambda key: first_published[key]
        )
        ordered = dated + [key for key in periods if not first_published[key]]
        before: int | None = None
        for key in ordered:
            # An undated period is not put after the dated ones by anything the sources say:
            # no change is derived into or out of it.
            if key[1] is None:
                before = None
            in_period = sorted(periods[key], key=lambda figure: published[figure.source] or "")
            for figure in in_period:
                change = figure.value - before if before is not None else None
                rows.append(
                    {
                        "id": figure.id,
                        "app_id": app.id,
                        "app": app.name,
                        "company_id": app.company,
                        "metric": figure.metric,
                        "measured_by_id": figure.measured_by,
                        "measured_by": companies[figure.measured_by].name,
                        "period": figure.period,
                        "period_year": key[1],
                        "published": published[figure.source],
                        "dau": figure.value,
                        "change_derived": change,
                        "change_share_derived": (
                            round(change / before, 4) if change is not None and before else None
                        ),
                        "sources_agreeing": agreed.sources_agreeing.get(figure.id, 1),
                        "conflicts_with": agreed.conflicts_with.get(figure.id, ()),
                        "source": figure.source,
                        "quote": figure.quote,
                    }
                )
            values = {figure.value for figure in in_period}
            before = values.pop() if len(values) == 1 and key[1] is not None else None
    dated_rows = any(row["period_year"] is not None for row in rows)
    table_fields = (
        "period",
        *("period_year",) * dated_rows,
        "published",
        *SERIES_FIELDS,
        "dau",
        "change_derived",
    )
    return Listing(
        FIELDS,
        rows,
        (*table_fields, "change_share_derived", *shown_agreement(rows)),
        title=f"{app.name}: daily active users over time",
        notes=(DERIVED_NOTE,),
        sections_by=SERIES_FIELDS,
        empty_message=f"no DAU figures for {app.name}",
    )
