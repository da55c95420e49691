"""Where sources agree and where they disagree: the same thing stated by several sources.

Figures state the same thing when they are of the same subject, unit and metric (a peak of a
daily metric counting as that metric: a day's DAU and a holiday's peak DAU compare) and their
dates overlap, whoever measured them. They disagree when they cannot both be true, bounds
counted (`readings`): two counts of one day, or a day's peak and a peak over a stretch that
holds the day ("a peak of 30 million on New Year's Eve" against "a 73.52 million peak over
the holiday"), must allow a value in common; a day's count must not exceed a peak over a
stretch that holds it (">100 million on Feb 16" agrees with "a 145 million peak over the
holiday"); a peak over a stretch must not exceed the peak over a stretch that holds it; other
figures compare over the same dates only. Undated figures compare when their words of time
are the same, in the year their sources were published. A campaign and those it restates
(`same_as`, either way round) state the same amounts, compared in each currency both give,
bounds counted; an event and those it restates, the same day, where both are dated.

Figures that state the same value, bound and dates, measured by the same measurer, corroborate
one another. Every listing marks its rows with both, and `aicompete conflicts` lists each
disagreement with both sides, saying whether one measurer or two disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

from aicompete.knowledge import dates
from aicompete.knowledge.models import Campaign, Event, Figure, KnowledgeBase, by_id
from aicompete.knowledge.readings import Reading, ranges_meet, value_range

# Who stands behind two figures that disagree: one measurer, two, or a figure that names none.
Measurers = Literal["same", "different", "unstated"]


# Plain classes, not `frozen` records: every listing pays for defining these, and a plain
# class costs a tenth as much.
class Conflict:
    """Two records of different sources that state the same thing differently; for figures,
    whether one measurer (`same`), two (`different`) or one not named (`unstated`) is behind
    them."""

    __slots__ = ("field", "first", "kind", "measurers", "second")

    def __init__(
        self, kind: str, field: str, first: Any, second: Any, measurers: Measurers | None = None
    ) -> None:
        self.kind = kind
        self.field = field
        self.first = first
        self.second = second
        self.measurers = measurers


class Agreement:
    """For each record id (of one kind), the records that conflict with it and how many
    sources state what it states (itself included); every conflict; and how many pairs of
    records of different sources state the same thing, agreeing or not."""

    __slots__ = ("compared", "conflicts", "conflicts_with", "sources_agreeing")

    def __init__(
        self,
        conflicts_with: dict[str, tuple[str, ...]],
        sources_agreeing: dict[str, int],
        conflicts: tuple[Conflict, ...],
        compared: int,
    ) -> None:
        self.conflicts_with = conflicts_with
        self.sources_agreeing = sources_agreeing
        self.conflicts = conflicts
        self.compared = compared


def source_years(knowledge: KnowledgeBase) -> dict[str, int | None]:
    """The year each source was published, where it says."""
    return {
        source.id: int(source.published[:4]) if source.published else None
        for source in knowledge.sources
    }


def subject_of(figure: Figure) -> tuple[str, ...]:
    """Whom a figure is about: its app, else its company or companies."""
    return (f"app:{figure.app}",) if figure.app else tuple(sorted(figure.subjects))


def comparable(reading: Reading) -> tuple[object, ...]:
    """What two figures must share to state the same thing: subject, unit and base metric."""
    return subject_of(reading.figure), reading.figure.unit, reading.base


# How two values of the same thing compare: they agree, they conflict, or one does not say.
Verdict = bool | None


def figures_verdict(first: Reading, second: Reading) -> Verdict:
    """Whether two figures of one subject, unit and base metric, dated over days that overlap,
    can both be true; None when they do not state the same thing."""
    if first.role == "peak" and second.role != "peak":
        first, second = second, first
    ours, theirs = first.span, second.span
    if ours is None or theirs is None:
        return None
    if first.role == "day" and second.role == "day":
        return ranges_meet(first.values, second.values)
    if first.role == "day" and second.role == "peak":
        # A day's peak is a claim about the stretch around it, too: the same peak.
        if first.day_peak:
            return ranges_meet(first.values, second.values)
        return first.low <= second.high
    if first.role == "peak" and second.role == "peak":
        if ours.key == theirs.key:
            return ranges_meet(first.values, second.values)
        if ours.contains(theirs):
            return second.low <= first.high
        if theirs.contains(ours):
            return first.low <= second.high
        return None
    same_dates = ours.key == theirs.key
    if first.role == second.role == "span" and first.counts == second.counts and same_dates:
        return ranges_meet(first.values, second.values)
    return None


def verdict_of(first: Reading, second: Reading, years: Mapping[str, int | None]) -> Verdict:
    """Whether two comparable figures (`comparable`) agree, conflict, or state different
    things (None): dated ones over days that overlap, by `figures_verdict`; undated ones of
    one metric and the same words of time in the same year, by their values."""
    if first.span is None or second.span is None:
        if first.span is not None or second.span is not None:
            return None
        ours, theirs = first.figure, second.figure
        if (ours.metric, (ours.when or "").casefold(), years.get(ours.source)) != (
            theirs.metric,
            (theirs.when or "").casefold(),
            years.get(theirs.source),
        ):
            return None
        return ranges_meet(first.values, second.values)
    if first.span.last < second.span.first or second.span.last < first.span.first:
        return None
    return figures_verdict(first, second)


def of_figures(knowledge: KnowledgeBase) -> Agreement:
    """Figures of different sources that state the same thing: agreeing, corroborating, or
    in conflict."""
    metrics = by_id(knowledge.metrics)
    years = source_years(knowledge)
    order = {figure.id: at for at, figure in enumerate(knowledge.figures)}
    groups: dict[tuple[object, ...], list[Reading]] = {}
    for figure in knowledge.figures:
        reading = Reading(figure, metrics)
        groups.setdefault(comparable(reading), []).append(reading)
    found = _Found()
    for readings in groups.values():
        if len(readings) < 2:
            continue
        for first, second in _overlapping(readings, years):
            if first.figure.source == second.figure.source:
                continue
            verdict = verdict_of(first, second, years)
            if verdict is None:
                continue
            one, other = sorted((first.figure, second.figure), key=lambda f: order[f.id])
            found.add(one, other, verdict, verdict and corroborate(one, other))
            if verdict is False:
                found.conflicts.append(
                    Conflict("figure", "value", one, other, _measurers(one, other))
                )
    found.conflicts.sort(key=lambda conflict: (order[conflict.first.id], order[conflict.second.id]))
    return found.agreement(order)


def _overlapping(
    readings: Sequence[Reading], years: Mapping[str, int | None]
) -> Iterable[tuple[Reading, Reading]]:
    """Each pair of readings whose dates overlap, swept in date order; and each pair of
    undated ones with the same words of time, read in the same year."""
    dated = sorted(
        ((reading.span, reading) for reading in readings if reading.span is not None),
        key=lambda pair: pair[0].key,
    )
    open_: list[tuple[dates.Span, Reading]] = []
    for span, reading in dated:
        open_ = [
            (other_span, other) for other_span, other in open_ if other_span.last >= span.first
        ]
        for _, other in open_:
            yield other, reading
        open_.append((span, reading))
    undated: dict[tuple[str, int | None], list[Reading]] = {}
    for reading in readings:
        if reading.span is None:
            figure = reading.figure
            key = ((figure.when or "").casefold(), years.get(figure.source))
            undated.setdefault(key, []).append(reading)
    for same in undated.values():
        for at, first_reading in enumerate(same):
            for second_reading in same[at + 1 :]:
                yield first_reading, second_reading


def corroborate(first: Figure, second: Figure) -> bool:
    """Whether two agreeing figures state the very same: value, bound, dates and measurer."""
    return (first.number, first.bound, first.date, first.when if not first.date else None) == (
        second.number,
        second.bound,
        second.date,
        second.when if not second.date else None,
    ) and first.measured_by == second.measured_by


def _measurers(first: Figure, second: Figure) -> Measurers:
    if first.measured_by is None or second.measured_by is None:
        return "unstated"
    return "same" if first.measured_by == second.measured_by else "different"


class _Found:
    """What comparing pairs of records finds, gathered into an `Agreement`."""

    def __init__(self) -> None:
        self.against: dict[str, list[str]] = {}
        self.agreeing: dict[str, set[str]] = {}
        self.conflicts: list[Conflict] = []
        self.compared = 0

    def add(self, first: Any, second: Any, verdict: bool, corroborates: bool) -> None:
        self.compared += 1
        if not verdict:
            self.against.setdefault(first.id, []).append(second.id)
            self.against.setdefault(second.id, []).append(first.id)
        elif corroborates:
            self.agreeing.setdefault(first.id, set()).add(second.source)
            self.agreeing.setdefault(second.id, set()).add(first.source)

    def agreement(self, order: Mapping[str, int] | None = None) -> Agreement:
        """What was found; each record's conflicting ones in the order of the file, where
        `order` gives it (pairs found out of it)."""
        if order is not None:
            for others in self.against.values():
                others.sort(key=lambda record: order[record])
        return Agreement(
            {record: tuple(others) for record, others in self.against.items()},
            {record: 1 + len(sources) for record, sources in self.agreeing.items()},
            tuple(self.conflicts),
            self.compared,
        )


def of_campaigns(knowledge: KnowledgeBase) -> Agreement:
    """Campaigns that restate one another, from different sources: their amounts, in each
    currency both state."""
    return _restatements("campaign", "amounts", restated(knowledge.campaigns), same_amounts)


def of_events(knowledge: KnowledgeBase) -> Agreement:
    """Events that restate one another, from different sources: their dates."""
    return _restatements("event", "when", restated(knowledge.events), same_when)


def restated(records: Sequence[Campaign] | Sequence[Event]) -> list[list[Any]]:
    """Records joined by `same_as`, either way round and through each other: each group of
    two or more, in the order of the file."""
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


def _restatements(
    kind: str,
    field: str,
    groups: Sequence[Sequence[Any]],
    verdict: Callable[[Any, Any], Verdict],
) -> Agreement:
    found = _Found()
    for group in groups:
        for at, first in enumerate(group):
            for second in group[at + 1 :]:
                if first.source == second.source:
                    continue
                said = verdict(first, second)
                if said is None:
                    continue
                found.add(first, second, said, said)
                if said is False:
                    found.conflicts.append(Conflict(kind, field, first, second))
    return found.agreement()


def same_amounts(first: Campaign, second: Campaign) -> Verdict:
    """Amounts agree when each currency both state allows a value in common, bounds counted
    ("up to 1 billion yuan" and "1 billion yuan" do); none shared says nothing."""
    ours = {money.currency: value_range(money.value, money.bound) for money in first.amounts}
    theirs = {money.currency: value_range(money.value, money.bound) for money in second.amounts}
    shared = ours.keys() & theirs.keys()
    if not shared:
        return None
    return all(ranges_meet(ours[currency], theirs[currency]) for currency in shared)


def same_when(first: Event, second: Event) -> Verdict:
    """Events agree when their dates share a day ("Wednesday" and "March 4" of one week do);
    one without a date says nothing."""
    if first.date is None or second.date is None:
        return None
    return dates.parse(first.date).overlaps(dates.parse(second.date))
