"""Find any fact or entity by the words a person would type, best match first.

What matches, and how matches rank, is `knowledge.search`; the records come from the
knowledge file's search index (`knowledge.search_index`), so only those that match are read.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from aicompete.knowledge.search import Query
from aicompete.listings.contract import (
    AGREEMENT_FIELDS,
    CITATION_FIELDS,
    Field,
    Listing,
    Row,
    shown_agreement,
)

if TYPE_CHECKING:
    from aicompete.knowledge.search_index import SearchIndex

FIELDS = (
    Field("rank", "integer", "Position, best match first", "#"),
    Field("kind", "string", "company, app, person, dau, campaign, rate or event", "Kind"),
    Field("id", "string", "Id of the record (see `aicompete show ID`)", "Id"),
    Field(
        "company_id", "string", "Id of the company it is about, if any", "Company id", nullable=True
    ),
    Field("app_id", "string", "Id of the app it is about, if any", "App id", nullable=True),
    Field(
        "category",
        "string",
        "An event's category: leadership, organisation, statement, profile or context",
        "Category",
        nullable=True,
    ),
    Field("summary", "string", "The record in one line", "Summary", "long"),
    Field("match", "string", "The field that matched best", "Matched"),
    Field("score", "integer", "How well it matched; higher is better", "Score"),
    replace(
        AGREEMENT_FIELDS[0],
        description=AGREEMENT_FIELDS[0].description
        + "; null for a kind that no other source restates (company, app, person, rate)",
        nullable=True,
    ),
    AGREEMENT_FIELDS[1],
    *CITATION_FIELDS,
)


def build(index: SearchIndex, text: str) -> Listing:
    """Every fact and entity that matches `text`, best first."""
    import json

    query = Query.parse(text)
    rows: list[Row] = []
    for rank, found in enumerate(index.find(query), start=1):
        agreeing, conflicts = json.loads(found.agreement) if found.agreement else (None, [])
        rows.append(
            {
                "rank": rank,
                "kind": found.kind,
                "id": found.id,
                "company_id": found.company_id,
                "app_id": found.app_id,
                "category": found.category,
                "summary": found.summary,
                "match": found.match,
                "score": found.score,
                "sources_agreeing": agreeing,
                "conflicts_with": tuple(conflicts),
                "source": found.source,
                "quote": found.quote,
            }
        )
    return Listing(
        FIELDS,
        rows,
        ("rank", "kind", "id", "summary", "quote", *shown_agreement(rows)),
        title=f"Lookup: {text}",
        marks=query.spans,
        empty_message=f"no match for {text!r}",
    )
