"""`aicompete sources`: the source documents, how many facts cite each and whether they verify."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aicompete.knowledge.models import KnowledgeBase
from aicompete.knowledge.verification import FactCheck
from aicompete.listings.contract import Field, Listing, Row

FIELDS = (
    Field("id", "string", "Id of the source, as facts cite it", "Id"),
    Field("title", "string", "Headline as published", "Title"),
    Field("publisher", "string", "Who published it", "Publisher", "name"),
    Field("contact", "string", "The reporter's address as printed", "Contact", nullable=True),
    Field("file", "string", "Its full text, relative to the knowledge file", "File"),
    Field("readable", "boolean", "Whether its text could be read", "Readable"),
    Field("facts", "integer", "How many facts cite it", "Facts"),
    Field("verified", "integer", "How many of those are proven against its text", "Proven"),
    Field(
        "all_verified",
        "boolean",
        "Whether every fact citing it is proven",
        "All proven",
        "check",
    ),
)


def build(
    knowledge: KnowledgeBase, texts: Mapping[str, object], checks: Sequence[FactCheck]
) -> Listing:
    """Each source with how many facts cite it and whether their quotes verify."""
    rows: list[Row] = []
    for source in knowledge.sources:
        citing = [check for check in checks if check.source == source.id]
        proven = sum(check.ok for check in citing)
        rows.append(
            {
                "id": source.id,
                "title": source.title,
                "publisher": source.publisher,
                "contact": source.contact,
                "file": source.file,
                "readable": isinstance(texts.get(source.id), str),
                "facts": len(citing),
                "verified": proven,
                "all_verified": proven == len(citing),
            }
        )
    return Listing(
        FIELDS,
        rows,
        ("id", "title", "publisher", "facts", "verified", "all_verified"),
        title="Sources",
    )
