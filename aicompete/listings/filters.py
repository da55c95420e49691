"""Narrowing a listing to one company, app, source, period, metric or range of dates.

Names work as in `compare`: a company's or an app's id, name or alias, an app standing for
the company that runs it; a source by id or title, or every source of a publisher by its
name ("China Daily"); a metric by id or name. A period is words
of a time as reported, case aside and in part ("spring festival"), or a date that a row's
date overlaps (`2026-02`); `--since` and `--until` keep the rows dated within them. A name
that matches nothing is a usage error that suggests a close one. A listing keeps its ranks:
Qwen is second by DAU whether or not the others are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from aicompete.errors import UsageError
from aicompete.frozen import frozen
from aicompete.knowledge import dates
from aicompete.knowledge.catalog import UnknownName, app_named, company_named, normalized, suggest
from aicompete.knowledge.models import KnowledgeBase
from aicompete.listings.contract import Listing, Row

Found = TypeVar("Found")


@frozen
class Filters:
    """What the user asked to narrow to, as typed; None where nothing was asked."""

    company: str | None = None
    app: str | None = None
    source: str | None = None
    period: str | None = None
    metric: str | None = None
    since: str | None = None
    until: str | None = None

    def asked(self) -> bool:
        return any(
            value is not None
            for value in (
                self.company,
                self.app,
                self.source,
                self.period,
                self.metric,
                self.since,
                self.until,
            )
        )


class BadDate(UsageError):
    """A `--since`, `--until` or `--period` date that is no date."""


@frozen
class Narrowing:
    """The filters resolved to ids: a row stays when it matches every one that is set."""

    company: str | None
    app: str | None
    # The company that runs the app: what an app stands for in a listing without apps.
    app_company: str | None
    # The sources asked for: one, or every source of a publisher.
    sources: frozenset[str] | None
    # Words of a time, folded, and the date they are, if they are one.
    period: str | None
    period_date: dates.Span | None
    metric: str | None
    since: dates.Span | None
    until: dates.Span | None


def resolve(knowledge: KnowledgeBase, filters: Filters) -> Narrowing:
    """The ids the filters name; raise `UnknownName`, naming its option, for a name that
    matches nothing."""

    def named(
        option: str, name: str | None, find: Callable[[KnowledgeBase, str], Found]
    ) -> Found | None:
        if name is None:
            return None
        try:
            return find(knowledge, name)
        except UnknownName as error:
            error.option = option
            raise

    from aicompete.listings.figures import metric_named

    app = named("--app", filters.app, app_named)
    app_company = next((item.company for item in knowledge.apps if item.id == app), None)
    period = named("--period", filters.period, _period)
    return Narrowing(
        named("--company", filters.company, company_named),
        app,
        app_company,
        named("--source", filters.source, _sources),
        normalized(period) if period is not None else None,
        _date("--period", period) if period is not None and _looks_dated(period) else None,
        named("--metric", filters.metric, metric_named),
        _date("--since", filters.since),
        _date("--until", filters.until),
    )


def _looks_dated(text: str) -> bool:
    return text[:4].isdigit()


def _date(option: str, text: str | None) -> dates.Span | None:
    if text is None:
        return None
    try:
        return dates.parse(text.strip())
    except ValueError as error:
        bad = BadDate(f"{text!r}: {error}; give a day 2026-02-16, a month 2026-02 or a year 2026")
        bad.option = option
        raise bad from None


def narrow(listing: Listing, narrowing: Narrowing) -> Listing:
    """The listing with only the rows that match; ranks and everything else unchanged."""
    names = {field.name for field in listing.fields}

    # A listing of the sources themselves cites none: its rows are narrowed by their own ids.
    citing = [field.name for field in listing.fields if field.cites] or ["id"]

    def about(row: Row, name: str, wanted: str) -> bool:
        """Whether the row is about `wanted`: its `<name>_id`, or one of its `<name>_ids`."""
        if f"{name}_id" in names:
            return row.get(f"{name}_id") == wanted
        many = row.get(f"{name}_ids")
        return isinstance(many, tuple) and wanted in many

    def keeps(row: Row) -> bool:
        if narrowing.company is not None and not about(row, "company", narrowing.company):
            return False
        if narrowing.app is not None:
            if "app_id" in names or "app_ids" in names:
                if not about(row, "app", narrowing.app):
                    return False
            elif narrowing.app_company is None or not about(row, "company", narrowing.app_company):
                return False
        if narrowing.sources is not None and not narrowing.sources.intersection(
            cited for name in citing for cited in _ids(row.get(name))
        ):
            return False
        if narrowing.metric is not None and row.get("metric") != narrowing.metric:
            return False
        if narrowing.since is not None or narrowing.until is not None:
            span = _span(row)
            if span is None or (narrowing.since and span.last < narrowing.since.first):
                return False
            if narrowing.until and span.first > narrowing.until.last:
                return False
        return narrowing.period is None or _of_period(row, narrowing)

    # Bars keep the scale of the whole listing: a row left alone is not the leader.
    scale = listing.bar_peak() if listing.bar_field else None
    return replace(listing, rows=[row for row in listing.rows if keeps(row)], bar_scale=scale)


def _sources(knowledge: KnowledgeBase, name: str) -> frozenset[str]:
    """The sources `name` stands for: one by its id or title, or every source of a publisher
    by its name, case aside."""
    labels: dict[str, frozenset[str]] = {}
    shown: dict[str, str] = {}
    for source in knowledge.sources:
        key = normalized(source.publisher)
        labels[key] = labels.get(key, frozenset()) | {source.id}
        shown[key] = source.publisher
    # A source's own id or title names that source alone, before any publisher.
    for source in knowledge.sources:
        for text in (source.id, source.title):
            labels[normalized(text)] = frozenset({source.id})
            shown[normalized(text)] = text
    found = labels.get(normalized(name))
    if found is None:
        known = [source.id for source in knowledge.sources]
        known += list(dict.fromkeys(source.publisher for source in knowledge.sources))
        close = suggest(name, labels)
        raise UnknownName(name, "source or publisher", known, shown[close] if close else None)
    return found


def _ids(value: object) -> tuple[str, ...]:
    """The ids a row's field holds: one, or a list of them."""
    if isinstance(value, str):
        return (value,)
    return (
        tuple(item for item in value if isinstance(item, str)) if isinstance(value, tuple) else ()
    )


def _span(row: Row) -> dates.Span | None:
    date = row.get("date")
    return dates.parse(date) if isinstance(date, str) else None


def _of_period(row: Row, narrowing: Narrowing) -> bool:
    """Whether the row's time is of the period: its words hold the period's, case aside, or
    its date overlaps the period's date."""
    when = row.get("when")
    if isinstance(when, str) and narrowing.period and narrowing.period in normalized(when):
        return True
    span = _span(row) if narrowing.period_date is not None else None
    return (
        span is not None
        and narrowing.period_date is not None
        and span.overlaps(narrowing.period_date)
    )


def _period(knowledge: KnowledgeBase, name: str) -> str:
    """The period as typed, if some time of the knowledge base is of it (its words, case
    aside and in part, or a date that overlaps it); raise `UnknownName` otherwise."""
    times = [
        (record.when, record.date)
        for records in (knowledge.figures, knowledge.events)
        for record in records
        if record.when
    ]
    wanted = normalized(name)
    if any(wanted in normalized(when) for when, _ in times):
        return name
    if _looks_dated(name):
        span = _date("--period", name)
        if span is not None and any(date and dates.parse(date).overlaps(span) for _, date in times):
            return name
    known = {normalized(when): when for when, _ in times}
    raise UnknownName(name, "period", list(known.values()), known.get(suggest(name, known) or ""))
