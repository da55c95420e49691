"""The kinds of record, declared once: each one's name, its table, the records it names and
the rule that proves each of its fields.

Loading, validation, the catalog behind `show` and `lookup`, verification, drafting, the
cache, the SQLite export and the benchmark generator all read this table, so that a new kind
of record, a new reference or a new field is written here and in `models` alone.
"""

from __future__ import annotations

from aicompete.frozen import frozen
from aicompete.knowledge.models import (
    App,
    Campaign,
    Company,
    Event,
    Figure,
    Metric,
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
    # which record of another source a record restates): shown as such, unless a rule of
    # `rules` proves one (a summary in its quote's own words).
    editorial: tuple[str, ...] = ()
    # Each claim of a fact, by the name of the rule in `aicompete.proof.rules` that proves it.
    rules: tuple[tuple[str, str], ...] = ()

    def rule(self, field: str) -> str | None:
        """The name of the rule that proves `field`, if a rule does."""
        return next((rule for name, rule in self.rules if name == field), None)

    @property
    def is_fact(self) -> bool:
        """Whether its records are facts: they cite a source and quote it."""
        return any(reference.field == "source" for reference in self.references)


# The fields of a fact that are its evidence, not claims: what it is, where it is stated and
# what it records without the evidence stating it.
EVIDENCE_FIELDS = ("id", "source", "quote", "context", "inferred")

_CITES = Reference("source", "source")

_NAMED = (("name", "named"), ("aliases", "alias"))
_TIME = (("when", "when"), ("date", "date"))

# In the order of the knowledge file and of `KnowledgeBase`'s fields.
KINDS: tuple[Kind, ...] = (
    Kind("source", "sources", "source", Source, (), ("title",)),
    Kind("metric", "metrics", "metric", Metric, (Reference("of", "metric"),), ("name", "words")),
    Kind(
        "company",
        "companies",
        "company",
        Company,
        (_CITES,),
        ("name", "aliases"),
        ("description",),
        (*_NAMED, ("description", "own_words")),
    ),
    Kind(
        "app",
        "apps",
        "app",
        App,
        (Reference("company", "company"), _CITES),
        ("name", "aliases"),
        (),
        (*_NAMED, ("company", "reference")),
    ),
    Kind(
        "person",
        "people",
        "person",
        Person,
        (Reference("company", "company"), _CITES),
        ("name", "aliases"),
        (),
        (*_NAMED, ("role", "role"), ("company", "reference")),
    ),
    Kind(
        "figure",
        "figures",
        "figure",
        Figure,
        (
            Reference("metric", "metric"),
            Reference("app", "app"),
            Reference("company", "company"),
            Reference("companies", "company"),
            Reference("measured_by", "company"),
            Reference("reported_via", "company"),
            _CITES,
        ),
        (),
        (),
        (
            ("metric", "metric"),
            ("value", "value"),
            ("unit", "unit"),
            ("bound", "bound"),
            ("app", "subject"),
            ("company", "subject"),
            ("companies", "subject"),
            *_TIME,
            ("measured_by", "measurer"),
            ("reported_via", "relay"),
            ("reported_comparison", "comparison"),
        ),
    ),
    Kind(
        "campaign",
        "campaigns",
        "campaign",
        Campaign,
        (
            Reference("app", "app"),
            Reference("company", "company"),
            Reference("same_as", "campaign"),
            _CITES,
        ),
        ("name",),
        ("description", "same_as"),
        (
            ("app", "reference"),
            ("company", "reference"),
            ("name", "campaign_name"),
            ("amounts", "amounts"),
            ("purpose", "purpose"),
            ("reach", "reach"),
            ("announced", "time"),
            ("start", "time"),
            ("end", "time"),
            ("description", "own_words"),
        ),
    ),
    Kind(
        "rate",
        "rates",
        "exchange rate",
        Rate,
        (_CITES,),
        (),
        (),
        (("base", "rate_base"), ("counter", "rate_counter"), ("value", "rate_value")),
    ),
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
        (
            ("person", "person"),
            ("company", "event_company"),
            *_TIME,
            ("after", "after"),
            ("figures", "figures"),
            ("speech", "speech"),
            ("summary", "own_words"),
        ),
    ),
)

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
BY_TABLE: dict[str, Kind] = {kind.table: kind for kind in KINDS}
FACT_KINDS: tuple[Kind, ...] = tuple(kind for kind in KINDS if kind.is_fact)
