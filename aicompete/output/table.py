"""Listings as tables for people: on a terminal (`text_table`'s lines), or as an SVG image of them.

A text field with one value in every row (or a section's own fields) goes above the table;
the notes go below it. Numbers, ids and bars never wrap, so a terminal too narrow for them
gets a table wider than itself rather than cropped figures or broken ids. Text from the
knowledge file is already safe here: `display` cleaned it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from aicompete.listings.contract import Field, Listing, Row, table_parts, texts
from aicompete.output import text_table
from aicompete.output.display import (
    bar,
    cell,
    cell_writer,
    header,
    is_numeric,
    item_lines,
    notes_for,
)
from aicompete.output.display import heading as section_heading
from aicompete.output.escaping import clean

# Bar width by the least terminal width that shows it.
BAR_WIDTHS = ((100, 16), (70, 8))
# Fields that name a record by its id: copied into `show`, so never broken across lines.
_ID = "id"


def lines(listing: Listing, width: int) -> list[text_table.Line]:
    """The listing's table as styled lines: one table, one per section, or one column per
    row (`columns_by`); then its notes."""
    if listing.columns_by:
        out = _columns(listing, listing.columns_by, width)
    else:
        # Each section's rows: a listing of each, as `sections` makes, would cost more.
        out = _tables(listing, table_parts(listing), width)
    for note in notes_for(listing):
        out += text_table.paragraph(note, width, "dim")
    # The blank line that parts a table from notes ends nothing when there are none.
    while out and not out[-1]:
        out.pop()
    return out


def _title(listing: Listing) -> list[str]:
    return [clean(listing.title)] if listing.title else []


def _tables(listing: Listing, parts: Sequence[Sequence[Row]], width: int) -> list[text_table.Line]:
    """A table for each part of the listing, under its title; every part has the same
    columns, as wide in each, so that they line up, and is measured once."""
    out: list[text_table.Line] = []
    if len(parts) > 1:
        for title in _title(listing):
            for start, end in text_table.wrapped(title, width):
                out.append([(text_table.centred(title[start:end], width), "bold")])
    shared = _shared_fields(listing)
    shared_names = {field.name for field in shared}
    fields = [field for field in listing.fields if field.name not in shared_names]
    if not fields:
        # Rows alike in every field shown still make a table, of those fields.
        shared = [field for field in shared if field.name in listing.sections_by]
        fields = [field for field in listing.fields if field not in shared]
    # Bars need room to show a gap; on a narrow terminal the figures matter more.
    bar_width = next((size for least, size in BAR_WIDTHS if width >= least), 0)
    shown = listing if bar_width else replace(listing, bar_field=None)
    columns: list[text_table.Column] = []
    bar_column = text_table.Column("", wraps=False, style="cyan")
    # What may be left out for width, in turn, right to left: long text (a quote), the bar,
    # then other text; never the first column, a name, a figure, an id or what the listing
    # keeps.
    long_text: list[text_table.Column] = []
    other_text: list[text_table.Column] = []
    for field in fields:
        column = _column(field)
        if field.name in listing.keeps or not columns:
            pass
        elif column.grows:
            long_text.insert(0, column)
        elif column.wraps and field.display != "name":
            other_text.insert(0, column)
        columns.append(column)
        if field.name == shown.bar_field:
            columns.append(bar_column)
    # Each part's bars are drawn to the scale of its own leader.
    cells = []
    writers = [(field.name, cell_writer(shown, field)) for field in fields]
    for part in parts:
        peak = shown.bar_peak(part)
        cells.append([_cells(shown, writers, row, peak, bar_width) for row in part])
    optional = [*long_text, *([bar_column] if bar_column in columns else []), *other_text]
    kept, measured = _fitted(columns, [row for rows in cells for row in rows], width, optional)
    shown_columns = [columns[at] for at in kept]
    sized = text_table.widths(shown_columns, measured, width)
    # Every part has the same columns, so the same headers.
    head = text_table.head_of(shown_columns, sized)
    for part, rows in zip(parts, cells, strict=True):
        heading = [] if len(parts) > 1 else _title(listing)
        if shared:
            heading.append(section_heading(listing, shared, part))
        out += text_table.render(
            shown_columns,
            rows if len(kept) == len(columns) else [[row[at] for at in kept] for row in rows],
            sized,
            heading=heading,
            head=head,
        )
    # The bar only draws the figures beside it: leaving it out goes without saying.
    named = [
        column.header.lower()
        for at, column in enumerate(columns)
        if at not in kept and column is not bar_column
    ]
    if named:
        note = (
            f"Left out for width: {', '.join(named)}; "
            "a wider terminal, fewer --fields or --json shows it."
        )
        out += text_table.paragraph(note, width, "dim")
    return out


def _fitted(
    columns: list[text_table.Column],
    rows: list[list[text_table.Cell]],
    width: int,
    optional: list[text_table.Column],
) -> tuple[list[int], text_table.Measures]:
    """Which columns (by position) fit `width` with no word broken, and their measures: the
    `optional` ones are left out, in turn, until they fit; if even that is not enough,
    words break."""
    kept = list(range(len(columns)))
    natural, least = text_table.measures(columns, rows)
    for column in optional:
        if sum(least) + text_table.overhead(len(kept)) <= width:
            break
        at = kept.index(columns.index(column))
        del kept[at], natural[at], least[at]
    return kept, (natural, least)


def _column(field: Field) -> text_table.Column:
    numeric = is_numeric(field)
    return text_table.Column(
        header(field),
        align="right" if numeric else "left",
        wraps=not numeric and field.name != _ID and not field.name.endswith("_" + _ID),
        grows=field.display == "long",
    )


def _shared_fields(listing: Listing) -> list[Field]:
    """The text fields with one value in every row, and always a section's own fields. A
    field that a row infers stays in the rows, where its mark says which."""
    if not listing.rows:
        return []
    first = listing.rows[0]
    return [
        field
        for field in listing.fields
        if field.name in listing.sections_by
        or (
            len(listing.rows) > 1
            and field.display in ("text", "name")
            and field.type == "string"
            and first[field.name] is not None
            and all(row[field.name] == first[field.name] for row in listing.rows)
            and not any(field.name in texts(row.get("inferred")) for row in listing.rows)
        )
    ]


def _cells(
    listing: Listing,
    fields: list[tuple[str, Callable[[Row], str]]],
    row: Row,
    peak: float,
    bar_width: int,
) -> list[text_table.Cell]:
    """A row's cells: each of `fields`, a name and its `cell_writer`, and the bar."""
    cells: list[text_table.Cell] = []
    marks, bar_field = listing.marks, listing.bar_field
    new_cell = text_table.Cell
    for name, written in fields:
        text = written(row)
        style = "dim" if row[name] is None else None
        cells.append(
            new_cell(text, style, marks(text)) if marks is not None else new_cell(text, style)
        )
        if name == bar_field:
            cells.append(new_cell(bar(listing.bar_value(row), peak, bar_width)))
    return cells


def _columns(listing: Listing, heading: str, width: int) -> list[text_table.Line]:
    """One column per row, headed by its `heading` value; one line per other field. An array
    field shows one item a line, each after a bullet."""
    columns = [text_table.Column("", style="bold")]
    columns += [text_table.Column(clean(str(row[heading])), grows=True) for row in listing.rows]
    rows = []
    for field in listing.fields:
        if field.name == heading:
            continue
        cells = [text_table.Cell(header(field))]
        for row in listing.rows:
            value = row[field.name]
            if isinstance(value, tuple) and value:
                items = item_lines(listing, field, value)
                cells.append(text_table.Cell("\n".join(f"• {line}" for line in items)))
            else:
                cells.append(
                    text_table.Cell(
                        cell(listing, field, row), "dim" if value in (None, ()) else None
                    )
                )
        rows.append(cells)
    sized = text_table.widths(columns, text_table.measures(columns, rows), width)
    return text_table.render(columns, rows, sized, heading=_title(listing))


def to_table(listing: Listing, *, color: bool, width: int) -> str:
    """The table as text: ANSI styles only when `color` is set."""
    return text_table.to_text(lines(listing, width), color=color)


# The SVG of a table: rich's placeholders in a page of our own, which loads no web font (the
# reader's own monospace fonts draw it, offline) and has no link to anywhere.
SVG_PAGE = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">
<style>
.{unique_id}-matrix {{
    font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace;
    font-size: {char_height}px;
    line-height: {line_height}px;
    font-variant-east-asian: full-width;
}}
.{unique_id}-title {{
    font-size: 18px;
    font-weight: bold;
    font-family: system-ui, sans-serif;
}}
{styles}
</style>
<defs>
<clipPath id="{unique_id}-clip-terminal">
<rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
</clipPath>
{lines}
</defs>
{chrome}
<g transform="translate({terminal_x}, {terminal_y})" clip-path="url(#{unique_id}-clip-terminal)">
{backgrounds}
<g class="{unique_id}-matrix">
{matrix}
</g>
</g>
</svg>
"""


def to_svg(listing: Listing, *, width: int) -> str:
    """The table, with its colours and bars, as an SVG image (drawn by rich) on a light
    background that needs nothing from the network."""
    import io

    from rich.console import Console
    from rich.terminal_theme import DEFAULT_TERMINAL_THEME
    from rich.text import Text

    drawn = lines(listing, width)
    console = Console(
        file=io.StringIO(),
        width=max(
            [width, *(sum(text_table.width_of(piece) for piece, _ in line) for line in drawn)]
        ),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    styles = {"bold": "bold", "dim": "dim", "cyan": "cyan", "mark": "bold yellow"}
    for line in drawn:
        text = Text()
        for piece, style in line:
            text.append(piece, styles[style] if style else "")
        console.print(text, no_wrap=True, crop=False)
    return console.export_svg(
        title=f"aicompete: {clean(listing.title)}",
        theme=DEFAULT_TERMINAL_THEME,
        code_format=SVG_PAGE,
    )
