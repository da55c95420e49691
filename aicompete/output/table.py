"""Listings as rich tables, for a terminal or an SVG image.

Every cell is a `Text`, never markup, so that brackets in the knowledge file print as
brackets; `cells.clean` has already escaped control characters.
"""

from __future__ import annotations

import io
from dataclasses import replace

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from aicompete.listings.contract import Field, Listing, Row, sections
from aicompete.output.cells import (
    bar,
    cell,
    clean,
    header,
    is_numeric,
    item_lines,
    notes_for,
)

# Bar width by the least terminal width that shows it.
BAR_WIDTHS = ((100, 16), (70, 8))
# A wrapping column is never narrower than this, however narrow the terminal.
NARROWEST = 4
# A wrapping column asks for room for its longest word, up to this many cells.
LONGEST_WORD = 14
MARK_STYLE = "bold yellow"


def build_table(listing: Listing, width: int) -> tuple[RenderableType, int]:
    """The listing as a table, and the width it needs at the least.

    A text field with one value in every row goes above the table; the notes go below it.
    Numbers never wrap, so a terminal too narrow for them gets a table wider than itself
    rather than cropped figures.
    """
    if listing.columns_by:
        return _with_notes(listing, _build_columns_table(listing, listing.columns_by)), 0
    parts = sections(listing)
    if len(parts) > 1:
        # Each section a table of its own, headed by what its rows share.
        built = [_build_one(replace(part, title=""), width) for part in parts]
        title = Text(clean(listing.title), style="bold", justify="center")
        tables = Group(*([title] if listing.title else []), *(table for table, _ in built))
        return _with_notes(listing, tables), max(needed for _, needed in built)
    table, needed = _build_one(listing, width)
    return _with_notes(listing, table), needed


def _build_one(listing: Listing, width: int) -> tuple[Table, int]:
    shared = _shared_fields(listing)
    columns = [field for field in listing.fields if field not in shared]
    heading = [clean(listing.title)] if listing.title else []
    if shared:
        first = listing.rows[0]
        heading.append(" · ".join(f"{f.header}: {cell(listing, f, first)}" for f in shared))
    table = Table(
        title=Text("\n".join(heading), style="bold") if heading else None,
        box=box.SIMPLE_HEAD,
        header_style="bold",
    )
    # Bars need room to show a gap; on a narrow terminal the figures matter more.
    bar_width = next((size for least, size in BAR_WIDTHS if width >= least), 0)
    shown = listing if bar_width else replace(listing, bar_field=None)
    peak = shown.bar_peak()
    rows = [_cells(shown, columns, row, peak, bar_width) for row in listing.rows]
    minimums, needed = _minimum_widths(shown, columns, rows, width, bar_width)
    widths = iter(minimums)
    for field in columns:
        numeric = is_numeric(field)
        table.add_column(
            Text(header(field)),
            justify="right" if numeric else "left",
            overflow="fold",
            ratio=1 if field.display == "long" else None,
            min_width=next(widths),
            no_wrap=numeric,
        )
        if field.name == shown.bar_field:
            table.add_column("", no_wrap=True, style="cyan", width=next(widths))
    for cells in rows:
        table.add_row(*cells)
    return table, needed


def _with_notes(listing: Listing, table: RenderableType) -> RenderableType:
    notes = notes_for(listing)
    return Group(table, Text("\n".join(notes), style="dim")) if notes else table


def _shared_fields(listing: Listing) -> list[Field]:
    """The text fields with one value in every row, and always a section's own fields."""
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
        )
    ]


def _cells(
    listing: Listing, columns: list[Field], row: Row, peak: float, bar_width: int
) -> list[Text]:
    cells: list[Text] = []
    for field in columns:
        style = "dim" if row[field.name] is None else ""
        cells.append(_marked(listing, Text(cell(listing, field, row), style=style)))
        if field.name == listing.bar_field:
            cells.append(Text(bar(listing.bar_value(row), peak, bar_width)))
    return cells


def _marked(listing: Listing, text: Text) -> Text:
    """The text with the listing's marks highlighted; a console without colour drops them."""
    if listing.marks is not None:
        for start, end in listing.marks(text.plain):
            text.stylize(MARK_STYLE, start, end)
    return text


def _build_columns_table(listing: Listing, heading: str) -> Table:
    """One column per row, headed by its `heading` value; one line per other field."""
    table = Table(
        title=Text(clean(listing.title), style="bold") if listing.title else None,
        box=box.SIMPLE_HEAD,
        header_style="bold",
    )
    table.add_column("", style="bold", max_width=LONGEST_WORD)
    for row in listing.rows:
        table.add_column(Text(clean(str(row[heading]))), ratio=1, overflow="fold")
    for field in listing.fields:
        if field.name != heading:
            table.add_row(
                Text(header(field)), *(_column_cell(listing, field, row) for row in listing.rows)
            )
    return table


def _column_cell(listing: Listing, field: Field, row: Row) -> Text:
    """An array field shows one item a line, each after a bullet."""
    value = row[field.name]
    if isinstance(value, tuple) and value:
        return Text("\n".join(f"• {line}" for line in item_lines(listing, field, value)))
    return Text(cell(listing, field, row), style="dim" if value in (None, ()) else "")


def _minimum_widths(
    listing: Listing, columns: list[Field], rows: list[list[Text]], width: int, bar_width: int
) -> tuple[list[int], int]:
    """Room for each column's longest word (a name's whole text), while the table fits;
    and the width of the table when each wrapping column is at its narrowest.

    Rich would otherwise squeeze some columns to a few letters and fold every word; when
    the words cannot all fit, the wrapping columns share what is left.
    """
    wanted: list[tuple[bool, int]] = []
    for field in columns:
        fixed = is_numeric(field)
        whole = fixed or field.display == "name"
        texts = [cells[len(wanted)].plain for cells in rows] + [header(field)]
        parts = [part for text in texts for part in ([text] if whole else text.split())]
        longest = max((len(part) for part in parts), default=1)
        wanted.append((fixed, longest if fixed else min(longest, LONGEST_WORD)))
        if field.name == listing.bar_field:
            wanted.append((True, bar_width))
    # One space of padding on each side of a cell, and one between columns and at the edges.
    fixed_width = 3 * len(wanted) + 1 + sum(size for fixed, size in wanted if fixed)
    flexible = sum(size for fixed, size in wanted if not fixed)
    room = width - fixed_width
    scale = min(1.0, room / flexible) if flexible and room > 0 else 0.0
    minimums = [
        size if fixed else max(min(size, NARROWEST), int(size * scale)) for fixed, size in wanted
    ]
    return minimums, fixed_width + sum(
        m for (fixed, _), m in zip(wanted, minimums, strict=True) if not fixed
    )


def _console(file: io.StringIO, width: int, color: bool, record: bool = False) -> Console:
    return Console(
        file=file,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system=("truecolor" if record else "standard") if color else None,
        record=record,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )


def to_table(listing: Listing, *, color: bool, width: int) -> str:
    """The table as text: ANSI styles only when `color` is set."""
    table, needed = build_table(listing, width)
    return to_text(table, color=color, width=max(width, needed))


def to_text(renderable: RenderableType, *, color: bool, width: int) -> str:
    """Anything rich can print, as text: ANSI styles only when `color` is set."""
    out = io.StringIO()
    _console(out, width, color).print(renderable)
    return out.getvalue()


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
    """The table, with its colours and bars, as an SVG image on a light background that
    needs nothing from the network."""
    from rich.terminal_theme import DEFAULT_TERMINAL_THEME

    table, needed = build_table(listing, width)
    console = _console(io.StringIO(), max(width, needed), color=True, record=True)
    console.print(table)
    return console.export_svg(
        title=f"aicompete: {clean(listing.title)}",
        theme=DEFAULT_TERMINAL_THEME,
        code_format=SVG_PAGE,
    )
