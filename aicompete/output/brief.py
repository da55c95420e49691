"""The brief as one self-contained HTML page, from a Jinja2 template that escapes every value.

The page's styles are inline; it has no script and loads nothing from anywhere. Its cells
read as a table's do (`output.display`: 145.0M, ¥3.0B, derived values marked †), each with the
numbers of the notes it cites and the flags of what the evidence does not prove. The
template is `aicompete/templates/brief.html.j2`. Imported only by `aicompete brief`.
"""

from __future__ import annotations

from dataclasses import replace

import jinja2

from aicompete import __version__
from aicompete.frozen import frozen
from aicompete.listings.brief import Brief, Flag, Mark, Note, Section
from aicompete.listings.contract import DERIVED_NOTE, Field, Listing, Row, sections
from aicompete.listings.publications import Publication
from aicompete.output.display import (
    cell,
    header,
    heading,
    is_numeric,
    item_lines,
    notes_for,
)
from aicompete.output.escaping import clean

# A table of more columns than this shows its rows as cards on a tablet or a printed page.
WIDE = 6
# How each flag reads on the page.
FLAG_WORDS = {"inferred": "inferred", "failed": "unproven"}


@frozen
class Item:
    """One item of an array's cell: its text, the notes it cites, its flags."""

    text: str
    notes: tuple[int, ...]
    flags: tuple[Flag, ...]


@frozen
class Cell:
    """One cell: its text (or items), the notes it cites, its flags, and its bar if it has
    one (a percentage of the column's full bar; `derived` when the bar's value is)."""

    label: str
    text: str
    numeric: bool
    notes: tuple[int, ...]
    flags: tuple[Flag, ...]
    items: tuple[Item, ...]
    bar: float | None
    derived: bool


@frozen
class Table:
    """One table: its caption (a group's fields), its headers and cells, and what to say
    when it has no row."""

    caption: str
    headers: tuple[tuple[str, bool], ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty: str

    @property
    def wide(self) -> bool:
        """Whether it has too many columns for a tablet's or a printed page's width."""
        return len(self.headers) > WIDE


@frozen
class Part:
    """One section of the page, its tables and the notes under them."""

    anchor: str
    title: str
    intro: str
    tables: tuple[Table, ...]
    remarks: tuple[str, ...]


def to_html(brief: Brief) -> str:
    """The brief as an HTML page."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("aicompete", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("brief.html.j2").render(
        title=clean(brief.title),
        findings=[(clean(finding.text), finding.notes) for finding in brief.findings],
        facts=brief.facts,
        sources_held=brief.sources_held,
        cited_facts=len(brief.notes),
        statuses=brief.statuses,
        sources=[_source(publication) for publication in brief.sources],
        parts=[_part(section) for section in brief.sections],
        notes=[_note(note) for note in brief.notes],
        flag_words=FLAG_WORDS,
        derived_note=DERIVED_NOTE,
        version=__version__,
    )


def _part(section: Section) -> Part:
    listing = section.listing
    return Part(
        section.anchor,
        clean(section.title),
        clean(section.intro),
        tuple(_table(part, section) for part in sections(listing)),
        tuple(clean(note) for note in notes_for(listing)),
    )


def _table(listing: Listing, section: Section) -> Table:
    """A group of a listing (or the whole of one without groups) as a table: the group's
    fields in its caption, every other field a column."""
    grouped = [field for field in listing.fields if field.name in listing.sections_by]
    columns = [field for field in listing.fields if field not in grouped]
    caption = ""
    if grouped and listing.rows:
        caption = heading(listing, grouped, listing.rows)
    peak = listing.bar_peak()
    return Table(
        caption,
        tuple((header(field), is_numeric(field)) for field in columns),
        tuple(
            tuple(
                _cell(listing, field, row, section.marks.get(str(row["id"]), {}), peak)
                for field in columns
            )
            for row in listing.rows
        ),
        clean(listing.empty_message or "None recorded."),
    )


def _cell(listing: Listing, field: Field, row: Row, marks: dict[str, Mark], peak: float) -> Cell:
    mark = marks.get(field.name, Mark())
    value = row[field.name]
    items: tuple[Item, ...] = ()
    if isinstance(value, tuple) and value and field.items:
        lines = item_lines(listing, field, value)
        item_marks = mark.items or tuple(Mark() for _ in lines)
        items = tuple(
            Item(line, item.notes, _cleaned(item.flags))
            for line, item in zip(lines, item_marks, strict=True)
        )
    shown = listing.bar_value(row) if field.name == listing.bar_field else None
    bar = round(100 * shown / peak, 1) if isinstance(shown, (int, float)) and peak > 0 else None
    return Cell(
        header(field),
        cell(listing, field, row),
        is_numeric(field),
        mark.notes,
        _cleaned(mark.flags),
        items,
        bar,
        # A bar of the derived value shown in place of an unknown stated one.
        derived=bar is not None and value is None,
    )


def _note(note: Note) -> dict[str, object]:
    return {
        "number": note.number,
        "kind": note.kind,
        "id": note.id,
        "quote": clean(note.quote),
        "context": [clean(span) for span in note.context],
        "source": _source(note.publication),
        "flags": _cleaned(note.flags),
    }


def _cleaned(flags: tuple[Flag, ...]) -> tuple[Flag, ...]:
    return tuple(replace(flag, reason=clean(flag.reason)) for flag in flags)


def _source(publication: Publication) -> dict[str, str | None]:
    """A source as the page cites it; a link only to a web address (never `javascript:`)."""
    return {
        "publisher": clean(publication.publisher),
        "title": clean(publication.title),
        "published": publication.published,
        "url": clean(publication.link) if publication.link else None,
    }
