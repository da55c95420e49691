"""`aicompete draft`: a draft's candidates beside the knowledge base, as plain items to print.

Each candidate says what the knowledge base already holds of it and where other sources
agree or disagree, by what `agreement` counts as the same thing: a figure of the same
subject and group agrees or conflicts with it; a campaign of the same app, or an event about the
same person, may be the one it restates (`same_as`, which the curator decides), and its
amounts or its `when` would then agree or conflict. A name the knowledge base holds whose
role or company the article gives otherwise conflicts with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aicompete.knowledge import agreement
from aicompete.knowledge.kinds import BY_NAME
from aicompete.knowledge.models import (
    Campaign,
    Event,
    Figure,
    Inference,
    KnowledgeBase,
    Money,
    Time,
    by_id,
)
from aicompete.knowledge.readings import Reading
from aicompete.proof.drafting import AliasProposal, Candidate, Draft

Item = dict[str, Any]


def build(knowledge: KnowledgeBase, found: Draft) -> list[Item]:
    """The draft's source, then each candidate, then each alias it proposes for a record of
    the knowledge base, as JSON-ready items."""
    source: Item = {
        "kind": "source",
        "id": found.source.id,
        "draft": "new" if found.new_source else "known",
        "record": {
            name: getattr(found.source, name)
            for name in found.source.__dataclass_fields__
            if getattr(found.source, name) is not None
        },
        "fields": {},
        "reasons": {},
        "agrees_with": [],
        "conflicts_with": [],
        "may_restate": [],
    }
    years = agreement.source_years(knowledge)
    if found.source.published:
        years[found.source.id] = int(found.source.published[:4])
    if found.missing_metrics:
        source["missing_metrics"] = list(found.missing_metrics)
    return [
        source,
        *(_item(knowledge, candidate, years) for candidate in found.candidates),
        *(_alias(proposal) for proposal in found.aliases),
    ]


def _alias(proposal: AliasProposal) -> Item:
    """Another name the article gives a record of the knowledge base: the draft cannot write
    it into that record, so it proposes it, with its evidence."""
    status = "proven" if proposal.proven else "left"
    return {
        "kind": "alias",
        "id": proposal.record,
        "draft": "proposed",
        "record": {
            "record": proposal.record,
            "name": proposal.name,
            "alias": proposal.alias,
            "quote": proposal.quote,
        },
        "fields": {"alias": status},
        "reasons": {"alias": proposal.reason},
        "agrees_with": [],
        "conflicts_with": [],
        "may_restate": [],
    }


def _item(knowledge: KnowledgeBase, candidate: Candidate, years: Mapping[str, int | None]) -> Item:
    agrees: list[Item] = []
    conflicts: list[Item] = []
    restates: list[Item] = []
    if candidate.known and candidate.kind in ("company", "app", "person"):
        conflicts = _entity_conflicts(knowledge, candidate)
    elif candidate.complete and not candidate.known:
        record = candidate.record()
        if isinstance(record, Figure):
            agrees, conflicts = _figure_agreement(knowledge, record, years)
        elif isinstance(record, Campaign):
            owner = (record.app, record.company)
            restates = _restated(
                "campaign",
                knowledge.campaigns,
                record,
                lambda other: (other.app, other.company) == owner,
                ("amounts", agreement.same_amounts),
            )
        elif isinstance(record, Event) and (record.person or record.company):
            about = _about(record)
            restates = _restated(
                "event",
                knowledge.events,
                record,
                lambda other: _about(other) == about,
                ("when", agreement.same_when),
            )
    return {
        "kind": candidate.kind,
        "id": candidate.id,
        "draft": "known" if candidate.known else "new" if candidate.complete else "incomplete",
        "record": {name: plain(value) for name, value in candidate.values.items()},
        "fields": dict(candidate.statuses),
        "reasons": dict(candidate.reasons),
        "agrees_with": agrees,
        "conflicts_with": conflicts,
        "may_restate": restates,
    }


def plain(value: Any) -> Any:
    """A value as the knowledge file writes it: an amount as `{ value, currency }` (and its
    bound, unless exact), a time as `{ when, date }`, an inference as `{ value, why }`, a
    list for a tuple."""
    if isinstance(value, Money):
        money = {"value": value.value, "currency": value.currency}
        return money if value.bound == "exact" else {**money, "bound": value.bound}
    if isinstance(value, Time):
        return {"when": value.when} | ({"date": value.date} if value.date else {})
    if isinstance(value, Inference):
        return {"value": plain(value.value), "why": value.why}
    if isinstance(value, dict):
        return {name: plain(inner) for name, inner in value.items()}
    if isinstance(value, (tuple, list)):
        return [plain(item) for item in value]
    return value


def _entity_conflicts(knowledge: KnowledgeBase, candidate: Candidate) -> list[Item]:
    """Where the article describes a record of the knowledge base otherwise."""
    table = BY_NAME[candidate.kind].table
    held = next(record for record in getattr(knowledge, table) if record.id == candidate.known)
    found = []
    for field in ("role", "company"):
        ours, theirs = candidate.values.get(field), getattr(held, field, None)
        if ours is not None and theirs is not None and str(ours).casefold() != theirs.casefold():
            found.append(_named(candidate.kind, held, field, theirs))
    return found


def _figure_agreement(
    knowledge: KnowledgeBase, figure: Figure, years: Mapping[str, int | None]
) -> tuple[list[Item], list[Item]]:
    """The figures of other sources that state the same thing, as `conflicts` compares them:
    those that state the very same value agree, those that cannot be true beside it conflict."""
    metrics = by_id(knowledge.metrics)
    ours = Reading(figure, metrics)
    same_thing = agreement.comparable(ours)
    agrees, conflicts = [], []
    for other in knowledge.figures:
        if other.source == figure.source:
            continue
        theirs = Reading(other, metrics)
        if agreement.comparable(theirs) != same_thing:
            continue
        verdict = agreement.verdict_of(ours, theirs, years)
        if verdict is False:
            conflicts.append(_named("figure", other, "value", other.value))
        elif verdict and agreement.corroborate(figure, other):
            agrees.append({"kind": "figure", "id": other.id, "source": other.source})
    return agrees, conflicts


def _about(event: Event) -> tuple[str, str | None]:
    """Whom an event is about: its person, else its company."""
    return ("person", event.person) if event.person else ("company", event.company)


def _restated(
    kind: str,
    records: Sequence[Any],
    record: Any,
    same_subject: Callable[[Any], bool],
    compared: tuple[str, Callable[[Any, Any], bool | None]],
) -> list[Item]:
    """The records of other sources about the same subject, each with whether the compared
    field would agree with the candidate's, were it the record it restates (None: nothing to
    compare)."""
    field, verdict = compared
    found = []
    for other in records:
        if other.source == record.source or not same_subject(other):
            continue
        said = verdict(record, other)
        item = _named(kind, other, field, plain(getattr(other, field)))
        item["verdict"] = None if said is None else "agrees" if said else "conflicts"
        found.append(item)
    return found


def _named(kind: str, record: Any, field: str, value: Any) -> Item:
    return {
        "kind": kind,
        "id": record.id,
        "source": getattr(record, "source", None),
        "field": field,
        "value": value,
    }
