"""Where sources agree and where they disagree: the same thing stated by several sources.

The same thing is: a figure of the same subject, metric, measurer and date (or, undated, the
same words of time in the year its source was published); a campaign and
the campaigns it restates (`same_as`, either way round); an event and the events it restates.
Its value is the figure, the campaign's amounts (compared in each currency both state) or the
event's `when`. Equal values from different sources corroborate each other; different values
conflict. Every listing marks its rows with both, and `aicompete conflicts` lists each
conflict with both sides.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

from aicompete.knowledge.models import Campaign, Event, Figure, KnowledgeBase


# Plain classes, not `frozen` records: every listing pays for defining these, and a plain
# class costs a tenth as much.
class Conflict:
    """Two records of different sources that state the same thing differently."""

    __slots__ = ("field", "first", "kind", "second")

    def __init__(self, kind: str, field: str, first: Any, second: Any) -> None:
        self.kind = kind
        self.field = field
        self.first = first
        self.second = second


class Agreement:
    """For each record id (of one kind), the records that conflict with it and how many
    sources state what it states (itself included)."""

    __slots__ = ("conflicts", "conflicts_with", "sources_agreeing")

    def __init__(
        self,
        conflicts_with: dict[str, tuple[str, ...]],
        sources_agreeing: dict[str, int],
        conflicts: tuple[Conflict, ...],
    ) -> None:
        self.conflicts_with = conflicts_with
        self.sources_agreeing = sources_agreeing
        self.conflicts = conflicts


# A figure's metric, its measurer, and its date, else its words of time and its source's year.
FigureGroup = tuple[str, "str | None", str, "int | None"]


def source_years(knowledge: KnowledgeBase) -> dict[str, int | None]:
    """The year each source was published, where it says."""
    return {
        source.id: int(source.published[:4]) if source.published else None
        for source in knowledge.sources
    }


def figure_group(figure: Figure, years: Mapping[str, int | None]) -> FigureGroup:
    """What makes two figures comparable: the same metric and measurer, and the same date;
    an undated figure's words of time are read in the year its source was published ("this
    year's Spring Festival holiday" of a 2026 article is not that of a 2025 one)."""
    if figure.date is not None:
        return figure.metric, figure.measured_by, figure.date, None
    return figure.metric, figure.measured_by, figure.when or "", years.get(figure.source)


def subject_of(figure: Figure) -> tuple[str, ...]:
    """Whom a figure is about: its app, else its company or companies."""
    return (f"app:{figure.app}",) if figure.app else tuple(sorted(figure.subjects))


# How two values of the same thing compare: they agree, they conflict, or one does not say.
Verdict = bool | None


def of_figures(knowledge: KnowledgeBase) -> Agreement:
    """Figures of the same subject and group, from different sources."""
    years = source_years(knowledge)
    return _agreement(
        "figure",
        "value",
        _grouped(
            knowledge.figures,
            lambda figure: (subject_of(figure), *figure_group(figure, years)),
        ),
        lambda first, second: (
            (first.number, first.unit, first.bound) == (second.number, second.unit, second.bound)
        ),
    )


def of_campaigns(knowledge: KnowledgeBase) -> Agreement:
    """Campaigns that restate one another, from different sources: their amounts, in each
    currency both state."""
    return _agreement("campaign", "amounts", _restated(knowledge.campaigns), same_amounts)


def of_events(knowledge: KnowledgeBase) -> Agreement:
    """Events that restate one another, from different sources: their `when`."""
    return _agreement("event", "when", _restated(knowledge.events), same_when)


def _grouped(records: Iterable[Figure], key: Callable[[Figure], Hashable]) -> list[list[Figure]]:
    groups: dict[Hashable, list[Figure]] = {}
    for record in records:
        groups.setdefault(key(record), []).append(record)
    return [group for group in groups.values() if len(group) > 1]


def _restated(records: Sequence[Campaign] | Sequence[Event]) -> list[list[Any]]:
    """Records joined by `same_as`, either way round and through each other."""
    parent = {record.id: record.id for record in records}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for record in records:
        if record.same_as in parent:
            parent[root(record.id)] = root(record.same_as)
    groups: dict[str, list[Any]] = {}
    for record in records:
        groups.setdefault(root(record.id), []).append(record)
    return [group for group in groups.values() if len(group) > 1]


def _agreement(
    kind: str,
    field: str,
    groups: Sequence[Sequence[Any]],
    verdict: Callable[[Any, Any], Verdict],
) -> Agreement:
    conflicts_with: dict[str, tuple[str, ...]] = {}
    agreeing: dict[str, int] = {}
    found: list[Conflict] = []
    for group in groups:
        for record in group:
            others = [other for other in group if other.source != record.source]
            against = [other.id for other in others if verdict(record, other) is False]
            if against:
                conflicts_with[record.id] = tuple(against)
            sources = {other.source for other in others if verdict(record, other)}
            agreeing[record.id] = 1 + len(sources)
        for at, first in enumerate(group):
            for second in group[at + 1 :]:
                if first.source != second.source and verdict(first, second) is False:
                    found.append(Conflict(kind, field, first, second))
    return Agreement(conflicts_with, agreeing, tuple(found))


def same_amounts(first: Campaign, second: Campaign) -> Verdict:
    """Amounts agree when each currency both state has one value; none shared says nothing."""
    ours = {money.currency: money.value for money in first.amounts}
    theirs = {money.currency: money.value for money in second.amounts}
    shared = ours.keys() & theirs.keys()
    return all(ours[currency] == theirs[currency] for currency in shared) if shared else None


def same_when(first: Event, second: Event) -> Verdict:
    """Events agree when both give the same `when`, case aside; one without says nothing."""
    if first.when is None or second.when is None:
        return None
    return first.when.casefold() == second.when.casefold()
