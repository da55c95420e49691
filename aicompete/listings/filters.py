"""Narrowing a listing to one company, app, source or period.

Names work as in `compare`: a company's or an app's id, name or alias, an app standing for
the company that runs it; a source by id or title; a period as reported, case aside. A name
that matches nothing is a usage error that suggests a close one. A listing keeps its ranks:
Qwen is second by DAU whether or not the others are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from aicompete.frozen import frozen
from aicompete.knowledge.catalog import UnknownName, app_named, company_named, normalized, suggest
from aicompete.knowledge.models import KnowledgeBase
from aicompete.listings.contract import Listing, Row


@frozen
class Filters:
    """What the user asked to narrow to, as typed; None where nothing was asked."""

    company: str | None = None
    app: str | None = None
    source: str | None = None
    period: str | None = None

    def asked(self) -> bool:
        return any(
            value is not None for value in (self.company, self.app, self.source, self.period)
        )


@frozen
class Narrowing:
    """The filters resolved to ids: a row stays when it matches every one that is set."""

    company: str | None
    app: str | None
    # The company that runs the app: what an app stands for in a listing without apps.
    app_company: str | None
    source: str | None
    period: str | None


def resolve(knowledge: KnowledgeBase, filters: Filters) -> Narrowing:
    """The ids the filters name; raise `UnknownName`, naming its option, for a name that
    matches nothing."""

    def named(
        option: str, name: str | None, find: Callable[[KnowledgeBase, str], str]
    ) -> str | None:
        if name is None:
            return None
        try:
            return find(knowledge, name)
        except UnknownName as error:
            error.option = option
            raise

    app = named("--app", filters.app, app_named)
    app_company = next((item.company for item in knowledge.apps if item.id == app), None)
    return Narrowing(
        named("--company", filters.company, company_named),
        app,
        app_company,
        named("--source", filters.source, _source),
        named("--period", filters.period, _period),
    )


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
        if narrowing.source is not None and narrowing.source not in [
            row.get(name) for name in citing
        ]:
            return False
        period = row.get("period")
        return narrowing.period is None or (
            isinstance(period, str) and normalized(period) == normalized(narrowing.period)
        )

    # Bars keep the scale of the whole listing: a row left alone is not the leader.
    scale = listing.bar_peak() if listing.bar_field else None
    return replace(listing, rows=[row for row in listing.rows if keeps(row)], bar_scale=scale)


def _source(knowledge: KnowledgeBase, name: str) -> str:
    labels: dict[str, str] = {}
    for source in knowledge.sources:
        for text in (source.id, source.title):
            labels.setdefault(normalized(text), source.id)
    found = labels.get(normalized(name))
    if found is None:
        known = [source.id for source in knowledge.sources]
        raise UnknownName(name, "source", known, suggest(name, labels))
    return found


def _period(knowledge: KnowledgeBase, name: str) -> str:
    periods = {normalized(figure.period): figure.period for figure in knowledge.dau}
    if normalized(name) not in periods:
        guess = suggest(name, periods)
        raise UnknownName(
            name, "period", list(dict.fromkeys(periods.values())), periods.get(guess or "")
        )
    return periods[normalized(name)]
