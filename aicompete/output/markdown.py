"""Listings as Markdown pipe tables, ready to paste into a report."""

from __future__ import annotations

from aicompete.listings.contract import Listing
from aicompete.output.cells import bar, cell, header, is_numeric, notes_for
from aicompete.output.escaping import markdown_safe


def to_markdown(listing: Listing) -> str:
    if listing.columns_by:
        return _to_markdown_columns(listing, listing.columns_by)
    names = [field.name for field in listing.fields]
    headers = [header(field) for field in listing.fields]
    aligns = ["---:" if is_numeric(field) else "---" for field in listing.fields]
    rows = [
        [markdown_safe(cell(listing, field, row)) for field in listing.fields]
        for row in listing.rows
    ]
    if listing.bar_field:
        at = names.index(listing.bar_field) + 1
        peak = listing.bar_peak()
        headers.insert(at, "")
        aligns.insert(at, "---")
        for cells, row in zip(rows, listing.rows, strict=True):
            cells.insert(at, bar(listing.bar_value(row), peak, 20))
    headers = list(map(markdown_safe, headers))
    lines = ["| " + " | ".join(cells) + " |" for cells in [headers, aligns, *rows]]
    lines += [f"\n_{markdown_safe(note)}_" for note in notes_for(listing)]
    return "\n".join(lines) + "\n"


def _to_markdown_columns(listing: Listing, heading: str) -> str:
    """One column per row, headed by the `heading` field; one line per other field."""
    shown = [field for field in listing.fields if field.name != heading]
    head = ["", *(markdown_safe(str(row[heading])) for row in listing.rows)]
    lines = [head, ["---"] * len(head)]
    lines += [
        [
            markdown_safe(header(field)),
            *(markdown_safe(cell(listing, field, row)) for row in listing.rows),
        ]
        for field in shown
    ]
    text = "\n".join("| " + " | ".join(cells) + " |" for cells in lines)
    notes = "".join(f"\n\n_{markdown_safe(note)}_" for note in notes_for(listing))
    return text + notes + "\n"
