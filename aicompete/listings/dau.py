"""`aicompete dau`: apps ranked by daily active users within each comparable group.

Figures compare only with figures of the same metric, period and measurer (a group), the
period read in the year its source was published. Within a group apps are ranked, one app's
figures from several sources sharing its rank, and each figure's share is of the leading
app's figure as the same source states it. Groups come newest first where their sources give
a publication date, then in the order of the file.
"""

from __future__ import annotations

from collections.abc import Mapping

from aicompete.knowledge import agreement
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
from aicompete.listings.ranks import shared_ranks

FIELDS = (
    Field(
        "rank",
        "integer",
        "Position of its app by DAU within its group (same metric, period and measurer), "
        "largest first; equal figures, and one app's figures from several sources, share a rank",
        "#",
    ),
    Field("id", "string", "Id of the DAU figure", "Id"),
    Field("app_id", "string", "Id of the app", "App id"),
    Field("app", "string", "App name", "App", "name"),
    Field("company_id", "string", "Id of the company that runs the app", "Company id"),
    Field("company", "string", "Company name", "Company", "name"),
    Field("dau", "integer", "Daily active users, in people", "DAU", "count"),
    Field(
        "share_of_leader_derived",
        "number",
        "DAU as a fraction of the leading app's DAU in its group, as the same source states "
        "it where it does; null when that is 0 (derived)",
        "% of leader",
        "share",
        derived=True,
        nullable=True,
    ),
    Field(
        "share_of",
        "string",
        "Id of the DAU figure the share is of: the leader's, as the same source states it "
        "where it does (a leader's own figure is its own)",
        "Share of",
    ),
    Field(
        "reported_comparison",
        "string",
        "A comparison the source itself makes",
        "As reported",
        nullable=True,
    ),
    Field("metric", "string", "What the figure is, such as peak DAU", "Metric"),
    Field("period", "string", "When, exactly as reported", "Period"),
    Field(
        "period_year",
        "integer",
        "The year its source was published, in which the period is read; null if undated",
        "Year",
        nullable=True,
    ),
    Field("measured_by_id", "string", "Id of who measured it", "Measured by id"),
    Field("measured_by", "string", "Who measured it", "Measured by", "name"),
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
)

SOURCES_NOTE = (
    "Where sources give different figures, each share is of the leader as the same source "
    "states it."
)
# The fields that make a group, shown above each group's table.
GROUP_FIELDS = ("metric", "period", "period_year", "measured_by")


def build(knowledge: KnowledgeBase) -> Listing:
    """Each group of comparable figures, newest first, its apps ranked by DAU."""
    apps = by_id(knowledge.apps)
    companies = by_id(knowledge.companies)
    agreed = agreement.of_dau(knowledge)
    years = agreement.source_years(knowledge)
    rows: list[Row] = []
    groups = ordered_groups(knowledge, years)
    for group in groups:
        for rank, figure, leader in _ranked(group):
            app = apps[figure.app]
            rows.append(
                {
                    "rank": rank,
                    "id": figure.id,
                    "app_id": app.id,
                    "app": app.name,
                    "company_id": app.company,
                    "company": companies[app.company].name,
                    "dau": figure.value,
                    "share_of_leader_derived": (
                        round(figure.value / leader.value, 4) if leader.value else None
                    ),
                    "share_of": leader.id,
                    "reported_comparison": figure.reported_comparison,
                    "metric": figure.metric,
                    "period": figure.period,
                    "period_year": years[figure.source],
                    "measured_by_id": figure.measured_by,
                    "measured_by": companies[figure.measured_by].name,
                    "sources_agreeing": agreed.sources_agreeing.get(figure.id, 1),
                    "conflicts_with": agreed.conflicts_with.get(figure.id, ()),
                    "source": figure.source,
                    "quote": figure.quote,
                }
            )
    dated = any(row["period_year"] is not None for row in rows)
    # Where one group holds several sources' figures, which source states each tells them
    # apart, and the shares are said to be of the leader as each source states it.
    mixed = any(len({figure.source for figure in group}) > 1 for group in groups)
    table_fields: tuple[str, ...] = ("rank", "app", "company", "dau", "share_of_leader_derived")
    table_fields += (
        "reported_comparison",
        *(f for f in GROUP_FIELDS if dated or f != "period_year"),
    )
    table_fields += ("source",) * mixed
    return Listing(
        FIELDS,
        rows,
        table_fields + shown_agreement(rows),
        title="Daily active users",
        bar_field="dau",
        notes=(DERIVED_NOTE,),
        field_notes=(("share_of_leader_derived", SOURCES_NOTE),) * mixed,
        sections_by=GROUP_FIELDS,
    )


def ordered_groups(knowledge: KnowledgeBase, years: Mapping[str, int | None]) -> list[list[Dau]]:
    """The figures in groups of the same metric, period and measurer (`years`: the year of
    each source, as `agreement.source_years` gives it): the groups whose sources are dated
    newest first, then the others in the order of the file."""
    published = {source.id: source.published for source in knowledge.sources}
    groups: dict[agreement.DauGroup, list[Dau]] = {}
    for figure in knowledge.dau:
        groups.setdefault(agreement.dau_group(figure, years), []).append(figure)

    def newest(group: list[Dau]) -> str:
        return max((published[figure.source] or "" for figure in group), default="")

    dated = sorted((group for group in groups.values() if newest(group)), key=newest, reverse=True)
    return dated + [group for group in groups.values() if not newest(group)]


def _ranked(group: list[Dau]) -> list[tuple[int, Dau, Dau]]:
    """Each figure of a group with its app's rank and the leader's figure its share is of.

    Apps are ranked, not figures: two sources' figures for one app (agreeing or in conflict)
    share that app's rank, placed by its largest. A share is of the leading app's figure as
    the same source states it, else of the leader's largest.
    """
    best: dict[str, Dau] = {}
    for figure in group:
        if figure.app not in best or figure.value > best[figure.app].value:
            best[figure.app] = figure
    order = sorted(best, key=lambda app: -best[app].value)
    app_ranks = dict(zip(order, shared_ranks([best[app].value for app in order]), strict=True))
    leader = order[0]
    leader_by_source: dict[str, Dau] = {}
    for figure in group:
        if figure.app == leader:
            leader_by_source.setdefault(figure.source, figure)
    # Rows in the apps' order (equal ones in the order of the file), the leader's first, so
    # that the first row is the leader the shares are of.
    position = {app: at for at, app in enumerate(order)}
    ranked = sorted(group, key=lambda figure: (position[figure.app], -figure.value))
    return [
        (
            app_ranks[figure.app],
            figure,
            figure if figure.app == leader else leader_by_source.get(figure.source, best[leader]),
        )
        for figure in ranked
    ]
