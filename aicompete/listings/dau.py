"""`aicompete dau`: apps ranked by daily active users, with each one's share of the leader."""

from __future__ import annotations

from aicompete.knowledge.models import KnowledgeBase, by_id
from aicompete.listings.contract import CITATION_FIELDS, DERIVED_NOTE, Field, Listing, Row
from aicompete.listings.ranks import shared_ranks

FIELDS = (
    Field("rank", "integer", "Position by DAU, largest first; equal figures share a rank", "#"),
    Field("id", "string", "Id of the DAU figure", "Id"),
    Field("app_id", "string", "Id of the app", "App id"),
    Field("app", "string", "App name", "App", "name"),
    Field("company_id", "string", "Id of the company that runs the app", "Company id"),
    Field("company", "string", "Company name", "Company", "name"),
    Field("dau", "integer", "Daily active users, in people", "DAU", "count"),
    Field(
        "share_of_leader_derived",
        "number",
        "DAU as a fraction of the largest DAU of the same period; null when that is 0 (derived)",
        "% of leader",
        "share",
        derived=True,
        nullable=True,
    ),
    Field(
        "reported_comparison",
        "string",
        "A comparison the source itself makes",
        "As reported",
        nullable=True,
    ),
    Field("metric", "string", "What the figure is", "Metric"),
    Field("period", "string", "When, exactly as reported", "Period"),
    Field("measured_by_id", "string", "Id of who measured it", "Measured by id"),
    Field("measured_by", "string", "Who measured it", "Measured by", "name"),
    *CITATION_FIELDS,
)


def build(knowledge: KnowledgeBase) -> Listing:
    """Apps ranked by DAU, largest first, with each one's share of its period's leader."""
    apps = by_id(knowledge.apps)
    companies = by_id(knowledge.companies)
    leaders: dict[str, int] = {}
    for figure in knowledge.dau:
        leaders[figure.period] = max(leaders.get(figure.period, 0), figure.value)
    ranked = sorted(knowledge.dau, key=lambda figure: -figure.value)
    ranks = shared_ranks([figure.value for figure in ranked])
    rows: list[Row] = []
    for rank, figure in zip(ranks, ranked, strict=True):
        app = apps[figure.app]
        leader = leaders[figure.period]
        rows.append(
            {
                "rank": rank,
                "id": figure.id,
                "app_id": app.id,
                "app": app.name,
                "company_id": app.company,
                "company": companies[app.company].name,
                "dau": figure.value,
                "share_of_leader_derived": round(figure.value / leader, 4) if leader else None,
                "reported_comparison": figure.reported_comparison,
                "metric": figure.metric,
                "period": figure.period,
                "measured_by_id": figure.measured_by,
                "measured_by": companies[figure.measured_by].name,
                "source": figure.source,
                "quote": figure.quote,
            }
        )
    return Listing(
        FIELDS,
        rows,
        (
            "rank",
            "app",
            "company",
            "dau",
            "share_of_leader_derived",
            "reported_comparison",
            "period",
            "measured_by",
        ),
        title="Daily active users",
        bar_field="dau",
        notes=(DERIVED_NOTE,),
    )
