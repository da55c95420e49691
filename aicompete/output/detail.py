"""One record's detail (`show`) as rich tables: its fields, its links and its quotes.

Every cell is a `Text` of cleaned text, never markup.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from aicompete.listings.detail import Detail, Related
from aicompete.output.escaping import clean

# The columns that share the room the others leave; they never shrink below WIDE_MINIMUM.
WIDE_COLUMNS = frozenset({"Value", "Summary", "Quote", "Source"})
WIDE_MINIMUM = 12
LINK_HEADERS = ("Field", "Kind", "Id", "Summary")


def to_detail_text(found: Detail, *, color: bool, width: int) -> str:
    """The detail as text: ANSI styles only when `color` is set."""
    quotes = [
        (quote.kind, quote.id, quote.quote, _source(quote.source, quote.title, quote.publisher))
        for quote in found.quotes
    ]
    parts: list[RenderableType] = [
        Text(f"{found.kind} {clean(found.id)}", style="bold"),
        Text(clean(found.summary)),
        *_section("Fields", ("Field", "Value"), [(k, value_text(v)) for k, v in _ordered(found)]),
        *_section("Refers to", LINK_HEADERS, _link_rows(found.refers_to)),
        *_section("Referred to by", LINK_HEADERS, _link_rows(found.referred_by)),
        *_section("Quotes", ("Kind", "Id", "Quote", "Source"), quotes),
    ]
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    console.print(Group(*parts))
    return out.getvalue()


def _ordered(found: Detail) -> list[tuple[str, object]]:
    """The fields in the knowledge file's order, with the source and the quote last."""
    last = ("source", "quote")
    items = [(name, value) for name, value in found.fields.items() if name not in last]
    return items + [(name, found.fields[name]) for name in last if name in found.fields]


def value_text(value: object) -> str:
    """A field's value as a person reads it: lists joined, amounts with their currency."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (tuple, list)):
        return "; ".join(value_text(item) for item in value) or "—"
    if isinstance(value, dict):
        if set(value) == {"value", "currency"}:
            return f"{value_text(value['value'])} {value['currency']}"
        return ", ".join(f"{key} = {item}" for key, item in value.items())
    return str(value)


def _link_rows(links: Sequence[Related]) -> list[tuple[str, ...]]:
    return [(link.field, link.kind, link.id, link.summary) for link in links]


def _source(source_id: str, title: str | None, publisher: str | None) -> str:
    return f"{publisher}: {title} ({source_id})" if title and publisher else source_id


def _section(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]
) -> list[RenderableType]:
    """A heading and its table, or the heading and `nothing` when there are no rows."""
    heading = Text(f"\n{title}", style="bold")
    if not rows:
        return [heading + Text(": nothing", style="dim")]
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False)
    for name in headers:
        wide = name in WIDE_COLUMNS
        table.add_column(name, min_width=WIDE_MINIMUM if wide else None, overflow="fold")
    for row in rows:
        table.add_row(*(Text(clean(text)) for text in row))
    return [heading, table]
