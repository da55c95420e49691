"""`aicompete show`: everything about one record: every field, what it names, what names it,
and each quote with its source.
"""

from __future__ import annotations

from dataclasses import asdict

from aicompete.frozen import frozen
from aicompete.knowledge.catalog import Catalog, Entry, Link
from aicompete.knowledge.models import KnowledgeBase, Metric, Source


@frozen
class Related:
    """Another record, linked through `field`: of the shown record, or of the other one."""

    field: str
    kind: str
    id: str
    summary: str


@frozen
class Quote:
    """A verbatim span and the source it comes from."""

    kind: str
    id: str
    quote: str
    source: str
    title: str | None
    publisher: str | None


@frozen
class Detail:
    kind: str
    id: str
    summary: str
    # Every field of the record as in the knowledge file; amounts as {value, currency}.
    fields: dict[str, object]
    refers_to: tuple[Related, ...]
    referred_by: tuple[Related, ...]
    quotes: tuple[Quote, ...]


def build(knowledge: KnowledgeBase, name: str) -> Detail:
    """The record `name` (an id, `kind:id` or an exact name) with everything linked to it.

    Raise `UnknownName` or `AmbiguousId` (usage errors) when `name` is not one record.
    """
    catalog = Catalog(knowledge)
    entry = catalog.find(name)
    referrers = catalog.referrers(entry)

    def related(link: Link) -> Related:
        return Related(link.field, link.entry.kind, link.entry.id, catalog.summary(link.entry))

    quoted = [entry, *(link.entry for link in referrers)]
    return Detail(
        entry.kind,
        entry.id,
        catalog.summary(entry),
        asdict(entry.record),
        tuple(related(link) for link in catalog.links(entry)),
        tuple(related(link) for link in referrers),
        tuple(quote for item in quoted if (quote := _quote(catalog, item)) is not None),
    )


def _quote(catalog: Catalog, entry: Entry) -> Quote | None:
    record = entry.record
    if isinstance(record, (Source, Metric)):
        return None
    source = catalog.get("source", record.source)
    document = source.record if source and isinstance(source.record, Source) else None
    return Quote(
        entry.kind,
        entry.id,
        record.quote,
        record.source,
        document.title if document else None,
        document.publisher if document else None,
    )
