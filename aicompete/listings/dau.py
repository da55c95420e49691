"""`aicompete dau`: apps ranked by daily active users within each comparable group.

The daily-user figures are those whose metric counts users per day (DAU, peak DAU). They
compare only with figures of the same metric, measurer and date (a group); an undated
figure's words of time are read in the year its source was published. Within a group apps
are ranked, one app's figures from several sources sharing its rank, and each figure's share
is of the leading app's figure as the same source states it. Groups come newest first by
their date, then undated ones by their sources' publication, then in the order of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from aicompete.knowledge import agreement
from aicompete.knowledge.models import Figure, KnowledgeBase
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
)
from aicompete.listings.ranks import shared_ranks

FIELDS = (
    Field(
        "rank",
        "integer",
        "Position of its app by value within its group (same metric, measurer and date), "
        "largest first; equal figures, and one app's figures from several sources, share a rank",
        "#",
    ),
    *SUBJECT_FIELDS,
    *(replace(field, header="DAU") if field.name == "value" else field for field in VALUE_FIELDS),
    Field(
        "share_of_leader_derived",
        "number",
        "The value as a fraction of the leading app's in its group, as the same source states "
        "it where it does; null when that is 0 (derived)",
        "% of leader",
        "share",
        derived=True,
        nullable=True,
    ),
    Field(
        "share_of",
        "string",
        "Id of the figure the share is of: the leader's, as the same source states it where "
        "it does (a leader's own figure is its own)",
        "Share of",
    ),
    *TIME_FIELDS,
    Field(
        "period_year",
        "integer",
        "The year its source was published, in which an undated `when` is read; null if "
        "the source is undated",
        "Year",
        nullable=True,
    ),
    *SOURCE_FIELDS,
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
)

SOURCES_NOTE = (
    "Where sources give different figures, each share is of the leader as the same source "
    "states it."
)
# The fields that make a group, shown above each group's table.
GROUP_FIELDS = ("metric_name", "when", "date", "measured_by")


def daily_user_metrics(knowledge: KnowledgeBase) -> set[str]:
    """The ids of the metrics that count users per day: DAU, peak DAU."""
    return {
        metric.id
        for metric in knowledge.metrics
        if metric.counts == "users" and metric.window == "day"
    }


def build(knowledge: KnowledgeBase) -> Listing:
    """Each group of comparable daily-user figures, newest first, its apps ranked."""
    figure_rows = FigureRows(knowledge)
    years = agreement.source_years(knowledge)
    rows: list[Row] = []
    groups = ordered_groups(knowledge, years)
    for group in groups:
        for rank, figure, leader in _ranked(group):
            row = figure_rows.row(figure)
            rows.append(
                {
                    "rank": rank,
                    **row,
                    "share_of_leader_derived": (
                        round(figure.number / leader.number, 4) if leader.number else None
                    ),
                    "share_of": leader.id,
                    "period_year": years[figure.source],
                }
            )
    undated = any(row["date"] is None and row["period_year"] is not None for row in rows)
    # Where one group holds several sources' figures, which source states each tells them
    # apart, and the shares are said to be of the leader as each source states it.
    mixed = any(len({figure.source for figure in group}) > 1 for group in groups)
    table_fields: tuple[str, ...] = ("rank", "app", "company", "value", "share_of_leader_derived")
    table_fields += ("reported_comparison", *GROUP_FIELDS, *("period_year",) * undated)
    table_fields += ("source",) * mixed
    return Listing(
        FIELDS,
        rows,
        table_fields + shown_agreement(rows),
        title="Daily active users",
        bar_field="value",
        notes=(DERIVED_NOTE,),
        field_notes=(("share_of_leader_derived", SOURCES_NOTE),) * mixed,
        sections_by=GROUP_FIELDS,
    )


def ordered_groups(knowledge: KnowledgeBase, years: Mapping[str, int | None]) -> list[list[Figure]]:
    """The daily-user figures of apps in groups of the same metric, measurer and date
    (`years`: the year of each source, as `agreement.source_years` gives it): dated groups
    newest first, then undated ones whose sources are dated, newest first, then the others in
    the order of the file."""
    daily = daily_user_metrics(knowledge)
    published = {source.id: source.published for source in knowledge.sources}
    groups: dict[agreement.FigureGroup, list[Figure]] = {}
    for figure in knowledge.figures:
        if figure.metric in daily and figure.app is not None:
            groups.setdefault(agreement.figure_group(figure, years), []).append(figure)

    def newest(group: list[Figure]) -> tuple[str, str]:
        dated = max((figure.date or "" for figure in group), default="")
        return dated, max((published[figure.source] or "" for figure in group), default="")

    known = sorted((group for group in groups.values() if any(newest(group))), key=newest)
    return known[::-1] + [group for group in groups.values() if not any(newest(group))]


def _ranked(group: list[Figure]) -> list[tuple[int, Figure, Figure]]:
    """Each figure of a group with its app's rank and the leader's figure its share is of.

    Apps are ranked, not figures: two sources' figures for one app (agreeing or in conflict)
    share that app's rank, placed by its largest. A share is of the leading app's figure as
    the same source states it, else of the leader's largest.
    """
    best: dict[str, Figure] = {}
    for figure in group:
        app = str(figure.app)
        if app not in best or figure.number > best[app].number:
            best[app] = figure
    order = sorted(best, key=lambda app: -best[app].number)
    app_ranks = dict(zip(order, shared_ranks([best[app].number for app in order]), strict=True))
    leader = order[0]
    leader_by_source: dict[str, Figure] = {}
    for figure in group:
        if figure.app == leader:
            leader_by_source.setdefault(figure.source, figure)
    # Rows in the apps' order (equal ones in the order of the file), the leader's first, so
    # that the first row is the leader the shares are of.
    position = {app: at for at, app in enumerate(order)}
    ranked = sorted(group, key=lambda figure: (position[str(figure.app)], -figure.number))
    return [
        (
            app_ranks[str(figure.app)],
            figure,
            figure if figure.app == leader else leader_by_source.get(figure.source, best[leader]),
        )
        for figure in ranked
    ]
