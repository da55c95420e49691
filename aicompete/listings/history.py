"""`aicompete history APP`: one app's figures over time, with the change between them.

A change compares figures of one series only: the same metric and measurer. Within a series,
figures come in the order of their dates, earliest first; undated ones follow, by the
publication date of their sources, then in the order of the file. Several sources' figures
for one date are that date's, side by side: the change is from the date before, and only
where that date's sources agree on one figure; an undated figure has no change into or out
of it, since nothing orders it.
"""

from __future__ import annotations

from aicompete.knowledge import dates
from aicompete.knowledge.catalog import app_named
from aicompete.knowledge.models import Figure, KnowledgeBase, by_id
from aicompete.listings.contract import (
    AGREEMENT_FIELDS,
    CITATION_FIELDS,
    DERIVED_NOTE,
    Field,
    Listing,
    Row,
    shown_agreement,
)
from aicompete.listings.figures import (
    SOURCE_FIELDS,
    SUBJECT_FIELDS,
    TIME_FIELDS,
    VALUE_FIELDS,
    FigureRows,
    metric_named,
)

FIELDS = (
    *SUBJECT_FIELDS,
    *VALUE_FIELDS,
    *TIME_FIELDS,
    Field(
        "published",
        "string",
        "When its source was published, YYYY-MM-DD, which orders undated figures",
        "Published",
        nullable=True,
    ),
    Field(
        "change_derived",
        "number",
        "The change from the date before it in its series, in the figure's unit; null for the "
        "first, for an undated figure, or when that date's sources disagree (derived)",
        "Change",
        "change",
        derived=True,
        nullable=True,
    ),
    Field(
        "change_share_derived",
        "number",
        "The change as a fraction of the figure before; null where the change is, or when "
        "that figure is 0 (derived)",
        "Change %",
        "change_share",
        derived=True,
        nullable=True,
    ),
    *SOURCE_FIELDS,
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
)

SERIES_FIELDS = ("metric_name", "measured_by")


def build(knowledge: KnowledgeBase, name: str, metric: str | None = None) -> Listing:
    """The app `name` (an id, name or alias) figure by figure, each series in date order;
    with `metric` (an id or name), that metric's series only.

    Raise `UnknownName` for a name that is no app, or no metric.
    """
    app = by_id(knowledge.apps)[app_named(knowledge, name)]
    wanted = metric_named(knowledge, metric) if metric is not None else None
    figure_rows = FigureRows(knowledge)
    published = {source.id: source.published for source in knowledge.sources}
    series: dict[tuple[str, str | None], list[Figure]] = {}
    for figure in knowledge.figures:
        if figure.app == app.id and wanted in (None, figure.metric):
            series.setdefault((figure.metric, figure.measured_by), []).append(figure)
    rows: list[Row] = []
    for figures in series.values():
        dated = sorted(
            (figure for figure in figures if figure.date),
            key=lambda figure: dates.parse(str(figure.date)).key,
        )
        undated = sorted(
            (figure for figure in figures if not figure.date),
            key=lambda figure: published[figure.source] or "~",
        )
        on_date: dict[str | None, list[Figure]] = {}
        for figure in dated:
            on_date.setdefault(figure.date, []).append(figure)
        before: int | float | None = None
        for date, together in on_date.items():
            for figure in sorted(together, key=lambda figure: published[figure.source] or ""):
                rows.append(_row(figure_rows.row(figure), published[figure.source], before))
            values = {figure.number for figure in together}
            before = values.pop() if len(values) == 1 and date else None
        rows += [
            _row(figure_rows.row(figure), published[figure.source], None) for figure in undated
        ]
    table_fields = ("when", "date", "published", *SERIES_FIELDS, "value", "change_derived")
    return Listing(
        FIELDS,
        rows,
        (*table_fields, "change_share_derived", *shown_agreement(rows)),
        title=f"{app.name}: figures over time",
        notes=(DERIVED_NOTE,),
        sections_by=SERIES_FIELDS,
        empty_message=f"no figures for {app.name}",
    )


def _row(row: Row, published: str | None, before: int | float | None) -> Row:
    value = row["value"]
    change = value - before if before is not None and isinstance(value, (int, float)) else None
    return {
        **row,
        "published": published,
        "change_derived": change,
        "change_share_derived": (
            round(change / before, 4) if change is not None and before else None
        ),
    }
