"""Listings as Markdown pipe tables, ready to paste into a report: each with a line under it
naming the sources its rows cite, then its notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

from aicompete.listings.contract import Field, Listing, sections
from aicompete.output.display import bar, cell, header, is_numeric, notes_for
from aicompete.output.display import heading as section_heading
from aicompete.output.escaping import markdown_safe

if TYPE_CHECKING:
    from aicompete.listings.publications import Publication

# What a link's address keeps as it is: the characters a URL gives meaning to, and `%`, so
# that its escapes stay escapes. The rest, parentheses and spaces among them (which would end
# the address), and every character beyond ASCII, are percent-escaped.
_URL_KEEPS = "!#$%&'*+,/:;=?@[]~"


def to_markdown(listing: Listing, sources: Sequence[Publication] = ()) -> str:
    """The listing as a pipe table; `sources` are those its rows cite, in the order named.
    A listing in sections (`dau`'s groups) is a table per section, one or more, under a line
    that says what makes it one, as the terminal's table shows it."""
    if listing.columns_by:
        return _to_markdown_columns(listing, listing.columns_by) + _below(listing, sources)
    if not listing.sections_by or not listing.rows:
        return _table(listing, listing.fields) + _below(listing, sources)
    parts = sections(listing)
    fields = [field for field in listing.fields if field.name not in listing.sections_by]
    shown = []
    for part in parts:
        heading = section_heading(
            listing,
            [field for field in listing.fields if field.name in listing.sections_by],
            part.rows,
        )
        title = f"**{markdown_safe(heading)}**\n\n" if heading else ""
        shown.append(title + _table(part, fields))
    return "\n\n".join(shown) + _below(listing, sources)


def _table(listing: Listing, fields: Sequence[Field]) -> str:
    """The rows as one pipe table of `fields`, with the listing's bar to its own leader."""
    names = [field.name for field in fields]
    headers = [header(field) for field in fields]
    aligns = ["---:" if is_numeric(field) else "---" for field in fields]
    rows = [[markdown_safe(cell(listing, field, row)) for field in fields] for row in listing.rows]
    if listing.bar_field in names:
        at = names.index(listing.bar_field) + 1
        peak = listing.bar_peak()
        headers.insert(at, "")
        aligns.insert(at, "---")
        for cells, row in zip(rows, listing.rows, strict=True):
            cells.insert(at, bar(listing.bar_value(row), peak, 20))
    headers = list(map(markdown_safe, headers))
    lines = ["| " + " | ".join(cells) + " |" for cells in [headers, aligns, *rows]]
    return "\n".join(lines)


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
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _below(listing: Listing, sources: Sequence[Publication]) -> str:
    """What follows a table: its source line, if its rows cite any, then its notes, each a
    paragraph of its own (a line right under a table would be read as one of its rows)."""
    paragraphs = [_source_line(sources)] if sources else []
    paragraphs += [f"_{markdown_safe(note)}_" for note in notes_for(listing)]
    return "".join(f"\n\n{paragraph}" for paragraph in paragraphs) + "\n"


def _source_line(sources: Sequence[Publication]) -> str:
    """`Source: China Daily, “Headline”, 2026-03-01.`, several sources `; `-separated."""
    label = "Sources" if len(sources) > 1 else "Source"
    return f"{label}: {'; '.join(map(_citation, sources))}."


def _citation(source: Publication) -> str:
    """Publisher, headline and date; the headline a link to a web address, where there is one."""
    title = f"“{markdown_safe(source.title)}”"
    if source.link:
        # `&` would start a character reference in the address, as it does in text.
        address = quote(source.link, safe=_URL_KEEPS).replace("&", "&amp;")
        title = f"[{title}]({address})"
    parts = [markdown_safe(source.publisher), title]
    return ", ".join(parts + ([markdown_safe(source.published)] if source.published else []))
