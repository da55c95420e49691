"""`aicompete dau`: apps ranked by daily active users within each comparable group.

The daily-user figures are those whose metric counts users per day (DAU, peak DAU). They
compare only within a group: figures of one metric, by one measurer, whose dates overlap (an
article's Feb 16 comparison is one group, however each figure words its time). A peak dated
to one day is that day's count, marked as the peak: it joins that day's daily counts. An
undated figure's words of time are read in the year its source was published. Within a group
apps are ranked, one app's figures from several sources sharing its rank, and each figure's
share is of the leading app's figure as the same source states it; a group of one app has no
rank and no share. Groups come newest first by their dates, then undated ones by their
sources' publication, then in the order of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from aicompete.knowledge import agreement, dates
from aicompete.knowledge.models import Figure, KnowledgeBase, by_id
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
)
from aicompete.listings.ranks import shared_ranks

FIELDS = (
    Field(
        "rank",
        "integer",
        "Position of its app by value within its group, largest first; equal figures, and one "
        "app's figures from several sources, share a rank; null in a group of one app",
        "#",
        "rank",
        nullable=True,
    ),
    *SUBJECT_FIELDS,
    *(replace(field, header="DAU") if field.name == "value" else field for field in VALUE_FIELDS),
    Field(
        "share_of_leader_derived",
        "number",
        "The value as a fraction of the leading app's in its group, as the same source states "
        "it where it does; null in a group of one app, or when the leader's is 0 (derived)",
        "% of leader",
        "share",
        derived=True,
        nullable=True,
    ),
    Field(
        "share_bound",
        "string",
        "How the true share stands to the one given, where a figure is a bound: `exact`, "
        "`under` (of a leader of more than 100 million, 50.0% is under), `over` or `about`; "
        "null without a share, or where the bounds pull both ways and no share is given",
        "Share bound",
        derived=True,
        nullable=True,
    ),
    Field(
        "share_of",
        "string",
        "Id of the figure the share is of: the leader's, as the same source states it where "
        "it does (a leader's own figure is its own); null without a share",
        "Share of",
        nullable=True,
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
    Field(
        "group_metric",
        "string",
        "Id of the metric its group compares: its own, or for a peak dated to one day, the "
        "daily metric it is that day's count of (DAU)",
        "Group metric id",
    ),
    Field("group_metric_name", "string", "The metric its group compares", "Metric"),
    Field(
        "group_when",
        "string",
        "The words of time its group's figures all give, where they give the same (an undated "
        "group's, read in `group_year`); null where they differ",
        "When",
        nullable=True,
    ),
    Field(
        "group_date",
        "string",
        "The days its group's figures cover, first to last, as an ISO 8601 date; null for a "
        "group of undated figures",
        "Dates",
        nullable=True,
    ),
    Field(
        "group_year",
        "integer",
        "The year a group of undated figures is read in: that of its sources' publication",
        "Year",
        nullable=True,
    ),
    *SOURCE_FIELDS,
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
    INFERRED_FIELD,
)

SOURCES_NOTE = (
    "Where sources give different figures, each share is of the leader as the same source "
    "states it."
)
# What makes a group, shown above each group's table: one metric, one measurer, and dates that
# overlap (or, undated, the same words of time in the same year).
GROUP_FIELDS = (
    "group_metric_name",
    "group_when",
    "group_date",
    "group_year",
    "measured_by",
)

# What makes a group, as its rows hold it, by id.
GROUP_KEY = ("group_metric", "group_date", "group_when", "group_year", "measured_by_id")


class Group:
    """Daily-user figures that compare: the metric they count (a day's peak counts as that
    day's daily metric), their measurer, and the days they cover, or the words of time and
    year of undated ones. A plain class: `dau` makes one per group."""

    __slots__ = ("figures", "measured_by", "metric", "span", "when", "year")

    def __init__(
        self,
        metric: str,
        measured_by: str | None,
        span: dates.Span | None,
        when: str | None = None,
        year: int | None = None,
    ) -> None:
        self.metric = metric
        self.measured_by = measured_by
        self.span = span
        self.when = when
        self.year = year
        self.figures: list[Figure] = []


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
    metrics = figure_rows.metrics
    rows: list[Row] = []
    groups = ordered_groups(knowledge, years)
    for group in groups:
        first = len(rows)
        for rank, figure, leader in _ranked(group.figures):
            row = figure_rows.row(figure)
            inferred = texts(row["inferred"])
            # What a figure counts decides the group it stands in: a metric the file infers
            # is marked on the figure, under its group's heading.
            if "metric" in inferred:
                row["inferred"] = (*inferred, "value")
            rows.append(
                {
                    "rank": rank,
                    **row,
                    **_share(figure, leader),
                    "share_of": leader.id if leader is not None else None,
                    "period_year": years[figure.source],
                    "group_metric": group.metric,
                    "group_metric_name": metrics[group.metric].name,
                    "group_date": group.span.text if group.span else None,
                    "group_when": group.when or _words(group),
                    "group_year": group.year,
                }
            )
        _mark_inferred_heading(rows[first:])
    undated = any(row["date"] is None and row["period_year"] is not None for row in rows)
    # Where one group holds several sources' figures, which source states each tells them
    # apart, at any width, and the shares are said to be of the leader as each source states it.
    mixed = any(len({figure.source for figure in group.figures}) > 1 for group in groups)
    # A group may hold a day's peak beside that day's counts, marked so, and figures of
    # several days, or of one day in other words.
    metrics_shown = any(row["metric"] != row["group_metric"] for row in rows)
    days_differ = any(len({figure.date for figure in group.figures}) > 1 for group in groups)
    words_differ = any(row["group_when"] is None for row in rows)
    table_fields: tuple[str, ...] = ("rank", "app", "company", "value", "share_of_leader_derived")
    table_fields += ("metric_name",) * metrics_shown + ("when",) * words_differ
    table_fields += ("date",) * days_differ
    table_fields += ("period_year",) * undated + ("reported_comparison", *GROUP_FIELDS)
    table_fields += ("source",) * mixed
    agreeing = shown_agreement(rows)
    return Listing(
        FIELDS,
        rows,
        table_fields + agreeing,
        title="Daily active users",
        bar_field="value",
        notes=(DERIVED_NOTE,),
        field_notes=(("share_of_leader_derived", SOURCES_NOTE),) * mixed,
        sections_by=GROUP_FIELDS,
        keeps=("metric_name",) * metrics_shown + ("source",) * mixed,
    )


# A group's heading field, and the field of its figures that it is read from.
_HEADING_FROM = (("group_metric_name", "metric"), ("group_when", "when"), ("group_date", "date"))


def _mark_inferred_heading(rows: list[Row]) -> None:
    """A group's heading infers what every figure in it infers: named in each row's
    `inferred`, so that the heading carries the mark its figures do (a heading the group
    leaves empty, an undated group's dates, is none)."""
    for heading, field in _HEADING_FROM:
        if (
            rows
            and rows[0][heading] is not None
            and all(field in texts(row["inferred"]) for row in rows)
        ):
            for row in rows:
                row["inferred"] = (*texts(row["inferred"]), heading)


def ordered_groups(knowledge: KnowledgeBase, years: Mapping[str, int | None]) -> list[Group]:
    """The daily-user figures of apps in groups of one metric and one measurer whose dates
    overlap, or undated with the same words of time read in the same year (`years`: the year
    of each source, as `agreement.source_years` gives it): dated groups newest first, then
    undated ones whose sources are dated, newest first, then the others in the order of the
    file."""
    daily = daily_user_metrics(knowledge)
    metrics = by_id(knowledge.metrics)
    published = {source.id: source.published or "" for source in knowledge.sources}
    dated: dict[tuple[str, str | None], list[tuple[dates.Span, Figure]]] = {}
    undated: dict[tuple[str, str | None, str, int | None], Group] = {}
    for figure in knowledge.figures:
        if figure.metric not in daily or figure.app is None:
            continue
        reading = Reading(figure, metrics)
        if reading.span is not None:
            dated.setdefault((reading.counts, figure.measured_by), []).append(
                (reading.span, figure)
            )
        else:
            when, year = figure.when or "", years.get(figure.source)
            key = (figure.metric, figure.measured_by, when.casefold(), year)
            if key not in undated:
                undated[key] = Group(figure.metric, figure.measured_by, None, when, year)
            undated[key].figures.append(figure)
    groups: list[Group] = []
    for (metric, measured_by), spans in dated.items():
        spans.sort(key=lambda pair: pair[0].key)
        for span, figure in spans:
            last = groups[-1] if groups else None
            if (
                last is not None
                and last.span is not None
                and (last.metric, last.measured_by) == (metric, measured_by)
                and span.first <= last.span.last
            ):
                last.span = dates.between(last.span.first, max(last.span.last, span.last))
            else:
                groups.append(Group(metric, measured_by, span))
            groups[-1].figures.append(figure)
    groups.sort(key=lambda group: group.span.key if group.span else (), reverse=True)

    def newest(group: Group) -> str:
        return max(published[figure.source] for figure in group.figures)

    later = sorted((group for group in undated.values() if newest(group)), key=newest)
    return groups + later[::-1] + [group for group in undated.values() if not newest(group)]


def _words(group: Group) -> str | None:
    """The words of time every figure of a group gives, where they give the same."""
    said = {figure.when for figure in group.figures}
    return said.pop() if len(said) == 1 else None


def share_bound(figure: Figure, leader: Figure) -> str | None:
    """How the true share of `figure` in `leader` stands to the one their numbers give: a
    figure's own bound moves the share its way, the leader's the other way ("more than 100
    million" makes a share of it smaller than it shows); None when they pull apart."""
    if figure.id == leader.id:
        return "exact"
    ways = set()
    for bound, against in ((figure.bound, False), (leader.bound, True)):
        if bound == "about":
            ways.add("about")
        elif bound != "exact":
            ways.add("over" if (bound == "over") != against else "under")
    if not ways:
        return "exact"
    return ways.pop() if len(ways) == 1 else None


def _share(figure: Figure, leader: Figure | None) -> Row:
    """The figure's share of its leader, derived, with its bound: none where there is no
    leader, the leader's is 0, or their bounds leave the share unknown."""
    bound = share_bound(figure, leader) if leader is not None and leader.number else None
    return {
        "share_of_leader_derived": (
            round(figure.number / leader.number, 4) if leader is not None and bound else None
        ),
        "share_bound": bound,
    }


def _ranked(group: list[Figure]) -> list[tuple[int | None, Figure, Figure | None]]:
    """Each figure of a group with its app's rank and the leader's figure its share is of;
    neither in a group of one app.

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
    if len(order) == 1:
        return [(None, figure, None) for figure in ranked]
    return [
        (
            app_ranks[str(figure.app)],
            figure,
            figure if figure.app == leader else leader_by_source.get(figure.source, best[leader]),
        )
        for figure in ranked
    ]
