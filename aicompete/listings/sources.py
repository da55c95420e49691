"""`aicompete sources`: the source documents, what is known of each, and whether the facts
that cite it verify against its text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aicompete.knowledge.catalog import Catalog
from aicompete.knowledge.models import KnowledgeBase
from aicompete.knowledge.source_texts import SourceText, Unreadable
from aicompete.listings.contract import Field, Listing, Row
from aicompete.proof.verification import FactCheck

FIELDS = (
    Field("id", "string", "Id of the source, as facts cite it", "Id"),
    Field("title", "string", "Headline as published", "Title"),
    Field("publisher", "string", "Who published it", "Publisher", "name"),
    Field(
        "published", "string", "The day it was published, YYYY-MM-DD", "Published", nullable=True
    ),
    Field("author", "string", "Who wrote it", "Author", nullable=True),
    Field("url", "string", "Where it was published", "URL", nullable=True),
    Field("contact", "string", "The reporter's address as printed", "Contact", nullable=True),
    Field("file", "string", "Its full text, relative to the knowledge file", "File"),
    Field("sha256", "string", "SHA-256 of the text file, as recorded", "SHA-256", nullable=True),
    Field("readable", "boolean", "Whether its text could be read", "Readable"),
    Field(
        "unreadable_because",
        "string",
        "Why its text cannot be read (a missing file, a knowledge file named as an article); "
        "null when it can",
        "Unreadable because",
        "long",
        nullable=True,
    ),
    Field(
        "text_matches",
        "boolean",
        "Whether the text still has the recorded SHA-256; null when none is recorded or the "
        "text cannot be read",
        "Text matches",
        "check",
        nullable=True,
    ),
    Field("facts", "integer", "How many facts cite it", "Facts"),
    Field("verified", "integer", "How many of those are proven against its text", "Proven"),
    Field(
        "all_verified",
        "boolean",
        "Whether every fact citing it is proven",
        "All proven",
        "check",
    ),
    Field("company_ids", "array", "Ids of the companies its facts are about", "Companies"),
    Field("app_ids", "array", "Ids of the apps its facts are about", "Apps"),
)


def build(
    knowledge: KnowledgeBase,
    texts: Mapping[str, SourceText | Unreadable],
    checks: Sequence[FactCheck],
) -> Listing:
    """Each source with how many facts cite it and whether their quotes verify."""
    catalog = Catalog(knowledge)
    about: dict[str, tuple[dict[str, None], dict[str, None]]] = {
        source.id: ({}, {}) for source in knowledge.sources
    }
    for entry in catalog.entries:
        cited = getattr(entry.record, "source", None)
        if cited in about:
            company, app = catalog.about(entry)
            if company:
                about[cited][0].setdefault(company)
            if app:
                about[cited][1].setdefault(app)
    rows: list[Row] = []
    citing_by: dict[str, list[FactCheck]] = {}
    for check in checks:
        citing_by.setdefault(check.source, []).append(check)
    for source in knowledge.sources:
        citing = citing_by.get(source.id, [])
        proven = sum(check.ok for check in citing)
        text = texts.get(source.id)
        readable = isinstance(text, SourceText)
        rows.append(
            {
                "id": source.id,
                "title": source.title,
                "publisher": source.publisher,
                "published": source.published,
                "author": source.author,
                "url": source.url,
                "contact": source.contact,
                "file": source.file,
                "sha256": source.sha256,
                "readable": readable,
                "unreadable_because": text.reason if isinstance(text, Unreadable) else None,
                "text_matches": (
                    text.sha256 == source.sha256
                    if isinstance(text, SourceText) and source.sha256
                    else None
                ),
                "facts": len(citing),
                "company_ids": tuple(about[source.id][0]),
                "app_ids": tuple(about[source.id][1]),
                "verified": proven,
                "all_verified": proven == len(citing),
            }
        )
    return Listing(
        FIELDS,
        rows,
        (
            "id",
            "title",
            "publisher",
            "published",
            # Who wrote it and where it is, where any source says.
            *(name for name in ("author", "url") if any(row[name] for row in rows)),
            "text_matches",
            "facts",
            "verified",
            "all_verified",
            # Why a text cannot be read, where one cannot.
            *(("unreadable_because",) if any(row["unreadable_because"] for row in rows) else ()),
        ),
        title="Sources",
    )
