"""Where each source was published: what a chart's source line, a brief's notes and a
Markdown table's source line name."""

from __future__ import annotations

from aicompete.frozen import frozen
from aicompete.knowledge.models import KnowledgeBase


@frozen
class Publication:
    """A source as a reader cites it: who published it, its headline, when and where."""

    publisher: str
    title: str
    published: str | None
    url: str | None

    @property
    def link(self) -> str | None:
        """Its address where a reader may follow it: a web address, never `javascript:` or a
        file on the reader's own machine."""
        return self.url if self.url and self.url.startswith(("https://", "http://")) else None


def publications(knowledge: KnowledgeBase) -> dict[str, Publication]:
    """Each source's publication, by source id."""
    return {
        source.id: Publication(source.publisher, source.title, source.published, source.url)
        for source in knowledge.sources
    }
