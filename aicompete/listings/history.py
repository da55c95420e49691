"""`aicompete history APP`: one app's figures over time, with the change between them.

A change compares figures of one series only: the same metric and measurer. A peak dated to
one day is that day's count of the daily metric it is the peak of, marked as the peak: it
joins that metric's series (Qwen's peak of 30 million on New Year's Eve, then 22 million by
Feb 21, is a fall of 26.7%). Within a series, figures come in the order of their dates,
earliest first; undated ones follow, by the publication date of their sources, then in the
order of the file. Several sources' figures for one date are that date's, side by side: the
change is from the date before, only where that date's sources agree on one figure, where it
ends before this one begins, and where neither figure is a bound ("over", "under", "up to"),
which no difference can be taken of; an undated figure has no change into or out of it,
since nothing orders it.
"""

from __future__ import annotations

from aicompete.knowledge import dates
from aicompete.knowledge.catalog import app_named
from aicompete.knowledge.models import KnowledgeBase, by_id
from aicompete.knowledge.readings import Reading
from aicompete.listings.contract import (
    AGREEMENT_FIELDS,
    CITATION_FIELDS,
    DERIVED_NOTE,
    INFERRED_FIELD,
    TIME_FIELDS,
    Field,
    Listing,
    Row,
    shown_agreement,
    texts,
)
from aicompete.listings.figures import (
    SOURCE_FIELDS,
    SUBJECT_FIELDS,
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
        "first, for an undated figure, where the dates overlap, where that date's sources "
        "disagree, or where either figure is a bound: over, under or up to (derived)",
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
    Field(
        "series_metric",
        "string",
        "Id of the metric its series follows: its own, or for a peak dated to one day, the "
        "daily metric it is that day's count of",
        "Series metric id",
    ),
    Field("series_metric_name", "string", "The metric its series follows", "Metric"),
    *SOURCE_FIELDS,
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
    INFERRED_FIELD,
)

SERIES_FIELDS = ("series_metric_name", "measured_by")
# The bounds a change can be taken of: a figure that is only over or under a value has none.
CHANGES = ("exact", "about")


def build(knowledge: KnowledgeBase, name: str, metric: str | None = None) -> Listing:
    """The app `name` (an id, name or alias) figure by figure, each series in date order;
    with `metric` (an id or name), that metric's series only.

    Raise `UnknownName` for a name that is no app, or no metric.
    """
    app = by_id(knowledge.apps)[app_named(knowledge, name)]
    wanted = metric_named(knowledge, metric) if metric is not None else None
    figure_rows = FigureRows(knowledge)
    metrics = figure_rows.metrics
    published = {source.id: source.published for source in knowledge.sources}
    series: dict[tuple[str, str | None], list[Reading]] = {}
    for figure in knowledge.figures:
        if figure.app != app.id:
            continue
        reading = Reading(figure, metrics)
        if wanted in (None, figure.metric, reading.counts):
            series.setdefault((reading.counts, figure.measured_by), []).append(reading)
    rows: list[Row] = []
    for (counts, _), readings in series.items():
        extra = {"series_metric": counts, "series_metric_name": metrics[counts].name}
        dated = sorted(
            ((reading.span, reading) for reading in readings if reading.span),
            key=lambda pair: pair[0].key,
        )
        undated = sorted(
            (reading.figure for reading in readings if not reading.span),
            key=lambda figure: published[figure.source] or "~",
        )
        on_date: dict[str, tuple[dates.Span, list[Reading]]] = {}
        for span, reading in dated:
            on_date.setdefault(span.text, (span, []))[1].append(reading)
        # The value of the date before, and its days, where a change can be taken of it.
        before: tuple[int | float, dates.Span] | None = None
        for span, together in on_date.values():
            for reading in sorted(together, key=lambda r: published[r.figure.source] or ""):
                figure = reading.figure
                changed = (
                    before[0]
                    if before is not None and before[1].before(span) and figure.bound in CHANGES
                    else None
                )
                rows.append(
                    _row({**figure_rows.row(figure), **extra}, published[figure.source], changed)
                )
            stated = {(reading.figure.number, reading.figure.bound) for reading in together}
            (value, bound), *others = stated
            before = (value, span) if not others and bound in CHANGES else None
        rows += [
            _row({**figure_rows.row(figure), **extra}, published[figure.source], None)
            for figure in undated
        ]
    # A day's peak in a daily series is marked so, as is a metric the file infers.
    metric_shown = any(
        row["metric"] != row["series_metric"] or "metric_name" in texts(row["inferred"])
        for row in rows
    )
    table_fields: tuple[str, ...] = ("when", "date", "published", *SERIES_FIELDS)
    table_fields += ("metric_name",) * metric_shown + ("value", "change_derived")
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
