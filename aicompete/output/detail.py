"""One record's detail (`show`) as tables of lines (`text_table`): its fields, its links and its
quotes. Words are never split where they fit, ids never, and no line ends in spaces.
"""

from __future__ import annotations

from collections.abc import Sequence

from aicompete.knowledge.catalog import BOUND_WORDS
from aicompete.listings.detail import Detail, Related
from aicompete.output import text_table
from aicompete.output.escaping import clean

# The columns that share the room the others leave: long text.
WIDE_COLUMNS = frozenset({"Value", "Summary", "Quote", "Source"})
# Never broken across lines: copied into `show`.
UNBROKEN_COLUMNS = frozenset({"Id"})
LINK_HEADERS = ("Field", "Kind", "Id", "Summary")


def to_detail_text(found: Detail, *, color: bool, width: int) -> str:
    """The detail as text: ANSI styles only when `color` is set."""
    quotes = [
        (quote.kind, quote.id, quote.quote, _source(quote.source, quote.title, quote.publisher))
        for quote in found.quotes
    ]
    lines: list[text_table.Line] = [[(f"{found.kind} {clean(found.id)}", "bold")]]
    lines += [*text_table.paragraph(clean(found.summary), width), []]
    fields = [(name, value_text(value)) for name, value in _ordered(found)]
    lines += _section("Fields", ("Field", "Value"), fields, width)
    lines += _section("Refers to", LINK_HEADERS, _link_rows(found.refers_to), width)
    lines += _section("Referred to by", LINK_HEADERS, _link_rows(found.referred_by), width)
    lines += _section("Quotes", ("Kind", "Id", "Quote", "Source"), quotes, width)
    while lines and not lines[-1]:
        lines.pop()
    return text_table.to_text(lines, color=color)


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
        if {"value", "currency"} <= set(value):
            bound = BOUND_WORDS.get(str(value.get("bound", "exact")), "")
            return f"{bound}{value_text(value['value'])} {value['currency']}"
        if set(value) == {"value", "why"}:
            return f"{value['why']} (for {value_text(value['value'])})"
        if "when" in value:
            date = value.get("date")
            return f"{value['when']} ({date})" if date else str(value["when"])
        return ", ".join(f"{key} = {value_text(item)}" for key, item in value.items())
    return str(value)


def _link_rows(links: Sequence[Related]) -> list[tuple[str, ...]]:
    return [(link.field, link.kind, link.id, link.summary) for link in links]


def _source(source_id: str, title: str | None, publisher: str | None) -> str:
    return f"{publisher}: {title} ({source_id})" if title and publisher else source_id


def _section(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], width: int
) -> list[text_table.Line]:
    """A heading and its table, or the heading and `nothing` when there are no rows; then a
    blank line."""
    if not rows:
        return [[(title, "bold"), (": nothing", "dim")], []]
    columns = [
        text_table.Column(name, grows=name in WIDE_COLUMNS, wraps=name not in UNBROKEN_COLUMNS)
        for name in headers
    ]
    cells = [[text_table.Cell(clean(text)) for text in row] for row in rows]
    sized = text_table.widths(columns, text_table.measures(columns, cells), width)
    # The table's own blank line above it would part it from its heading.
    return [[(title, "bold")], *text_table.render(columns, cells, sized)[1:]]
