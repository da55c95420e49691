"""The kinds of record, declared once: each one's name, its table, and the records it names.

Loading, validation, the catalog behind `show` and `lookup`, verification, the cache, the
SQLite export and the benchmark generator all read this table, so that a new kind of record
or a new reference is written here and in `models` alone.
"""

from __future__ import annotations

from aicompete.frozen import frozen
from aicompete.knowledge.models import (
    App,
    Campaign,
    Company,
    Dau,
    Event,
    Person,
    Rate,
    Source,
)


@frozen
class Reference:
    """A field of one kind of record that holds the id (or ids) of a record of `kind`."""

    field: str
    kind: str


@frozen
class Kind:
    """One kind of record."""

    # As people, messages and `show` (`app:qwen`) call one record of it.
    name: str
    # The knowledge file's array of tables (`[[apps]]`), the knowledge base's field and the
    # export's table.
    table: str
    # A record of it in a sentence: "no DAU figure has id ...".
    label: str
    model: type
    references: tuple[Reference, ...]
    # The fields whose text a person calls a record by: its name and aliases, a title.
    names: tuple[str, ...]
    # The fields that whoever curates the file writes (summaries, descriptions, categories,
    # which record of another source a record restates): shown as such, never proven.
    editorial: tuple[str, ...] = ()

    @property
    def is_fact(self) -> bool:
        """Whether its records are facts: they cite a source and quote it."""
        return any(reference.field == "source" for reference in self.references)


# The fields of a fact that are its evidence, not claims: what it is, where it is stated and
# what it records without the evidence stating it.
EVIDENCE_FIELDS = ("id", "source", "quote", "context", "inferred")

_CITES = Reference("source", "source")

# In the order of the knowledge file and of `KnowledgeBase`'s fields.
KINDS: tuple[Kind, ...] = (
    Kind("source", "sources", "source", Source, (), ("title",)),
    Kind(
        "company",
        "companies",
        "company",
        Company,
        (_CITES,),
        ("name", "aliases"),
        ("description",),
    ),
    Kind("app", "apps", "app", App, (Reference("company", "company"), _CITES), ("name", "aliases")),
    Kind(
        "person", "people", "person", Person, (Reference("company", "company"), _CITES), ("name",)
    ),
    Kind(
        "dau",
        "dau",
        "DAU figure",
        Dau,
        (Reference("app", "app"), Reference("measured_by", "company"), _CITES),
        (),
    ),
    Kind(
        "campaign",
        "campaigns",
        "campaign",
        Campaign,
        (Reference("app", "app"), Reference("same_as", "campaign"), _CITES),
        ("name",),
        ("description", "same_as"),
    ),
    Kind("rate", "rates", "exchange rate", Rate, (_CITES,), ()),
    Kind(
        "event",
        "events",
        "event",
        Event,
        (
            Reference("person", "person"),
            Reference("company", "company"),
            Reference("after", "event"),
            Reference("same_as", "event"),
            _CITES,
        ),
        (),
        ("category", "summary", "same_as"),
    ),
)

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
BY_TABLE: dict[str, Kind] = {kind.table: kind for kind in KINDS}
FACT_KINDS: tuple[Kind, ...] = tuple(kind for kind in KINDS if kind.is_fact)
