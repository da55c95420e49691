"""`aicompete leadership`: leadership and organisation changes, statements and profile facts."""

from __future__ import annotations

from aicompete.knowledge import agreement
from aicompete.knowledge.models import Event, KnowledgeBase, by_id
from aicompete.listings.contract import (
    AGREEMENT_FIELDS,
    CITATION_FIELDS,
    Field,
    Listing,
    Row,
    shown_agreement,
)

FIELDS = (
    Field("id", "string", "Id of the event", "Id"),
    Field("category", "string", "leadership, organisation, statement or profile", "Kind"),
    Field("person_id", "string", "Id of the person, if any", "Person id", nullable=True),
    Field("who", "string", "The person, or the company when no person is named", "Who", "name"),
    Field("role", "string", "The person's role as reported", "Role", nullable=True),
    Field("company_id", "string", "Id of the company, if any", "Company id", nullable=True),
    Field("company", "string", "Company name, if any", "Company", nullable=True),
    Field("change", "string", "What changed or was said", "What changed"),
    Field("when", "string", "When, exactly as reported", "When", nullable=True),
    Field(
        "speech",
        "string",
        "For something said: direct (quoted in quote marks) or reported",
        "Speech",
        nullable=True,
    ),
    *AGREEMENT_FIELDS,
    *CITATION_FIELDS,
)

CATEGORIES = ("leadership", "organisation", "statement", "profile")


def build(knowledge: KnowledgeBase) -> Listing:
    """Leadership and organisation changes and the company's statements, as reported."""
    people = by_id(knowledge.people)
    companies = by_id(knowledge.companies)
    agreed = agreement.of_events(knowledge)

    def row(event: Event) -> Row:
        person = people.get(event.person) if event.person else None
        company = companies.get(event.company) if event.company else None
        who = person.name if person else (company.name if company else "")
        return {
            "id": event.id,
            "category": event.category,
            "person_id": event.person,
            "who": who,
            "role": person.role if person else None,
            "company_id": event.company,
            "company": company.name if company else None,
            "change": event.summary,
            "when": event.when,
            "speech": event.speech,
            "sources_agreeing": agreed.sources_agreeing.get(event.id, 1),
            "conflicts_with": agreed.conflicts_with.get(event.id, ()),
            "source": event.source,
            "quote": event.quote,
        }

    rows = [row(event) for event in knowledge.events if event.category in CATEGORIES]
    return Listing(
        FIELDS,
        rows,
        ("who", "role", "change", "when", "speech", "quote", *shown_agreement(rows)),
        title="Leadership and organisation",
    )
