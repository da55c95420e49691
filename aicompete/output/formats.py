"""Every output format by name: what renders it, and whether it is for people or programs.

Formats for people show a listing's table fields unless `--fields` says otherwise, with
units and marks; formats for programs show every field, with raw values. Each renderer is
imported only when its format is asked for, so that JSON never pays for rich, nor for its
colours unless it goes to a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import TYPE_CHECKING

from aicompete.terminal import Terminal

if TYPE_CHECKING:
    # Only named here: `--help`, `--version` and `schema` need neither listings nor the
    # knowledge models that publications load.
    from aicompete.listings.contract import Listing
    from aicompete.listings.publications import Publication


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    svg = "svg"

    @property
    def for_people(self) -> bool:
        return self in _FOR_PEOPLE

    @property
    def names_sources(self) -> bool:
        """Whether it says, under the table, where the figures come from: `render` is given
        the sources that the rows cite."""
        return self in _NAMING_SOURCES

    def render(
        self,
        listing: Listing,
        terminal: Terminal,
        csv: CsvOptions | None = None,
        sources: Sequence[Publication] = (),
    ) -> str:
        return _RENDERERS[self](listing, terminal, csv or CsvOptions(), sources)


_FOR_PEOPLE = frozenset({OutputFormat.table, OutputFormat.markdown, OutputFormat.svg})
# Markdown is pasted into reports, where a table says its source.
_NAMING_SOURCES = frozenset({OutputFormat.markdown})


class CsvOptions:
    """How CSV and TSV are written: with a byte-order mark (for Excel on Windows), and with
    text cells kept as they are even where a spreadsheet would run them as formulas.

    A plain class: every command defines it, and a `frozen` one costs ten times as much."""

    __slots__ = ("bom", "formulas")

    def __init__(self, bom: bool = False, formulas: bool = False) -> None:
        self.bom = bom
        self.formulas = formulas


def json_for(text: str, terminal: Terminal) -> str:
    """JSON text, escaped already, as it goes to `terminal`: highlighted on a terminal in
    colour, as gh and jq show it; anywhere else exactly as it is. FORCE_COLOR colours a table
    in a pipe, but JSON in a pipe or a file is for a program, never coloured."""
    if not (terminal.color and terminal.isatty):
        return text
    from aicompete.output.highlight import highlight_json

    return highlight_json(text)


if TYPE_CHECKING:
    Renderer = Callable[[Listing, Terminal, CsvOptions, Sequence[Publication]], str]


def _table(
    listing: Listing, terminal: Terminal, _csv: CsvOptions, _sources: Sequence[Publication]
) -> str:
    from aicompete.output.table import to_table

    return to_table(listing, color=terminal.color, width=terminal.width)


def _svg(
    listing: Listing, terminal: Terminal, _csv: CsvOptions, _sources: Sequence[Publication]
) -> str:
    from aicompete.output.table import to_svg

    return to_svg(listing, width=terminal.width)


def _markdown(
    listing: Listing, _terminal: Terminal, _csv: CsvOptions, sources: Sequence[Publication]
) -> str:
    from aicompete.output.markdown import to_markdown

    return to_markdown(listing, sources)


def _json(
    listing: Listing, terminal: Terminal, _csv: CsvOptions, _sources: Sequence[Publication]
) -> str:
    from aicompete.output.machine import to_json

    return json_for(to_json(listing), terminal)


def _jsonl(
    listing: Listing, terminal: Terminal, _csv: CsvOptions, _sources: Sequence[Publication]
) -> str:
    from aicompete.output.machine import to_jsonl

    return json_for(to_jsonl(listing), terminal)


def _delimited(delimiter: str) -> Renderer:
    def render(
        listing: Listing, terminal: Terminal, csv: CsvOptions, _sources: Sequence[Publication]
    ) -> str:
        from aicompete.output.machine import to_delimited

        return to_delimited(
            listing, delimiter, terminal=terminal.isatty, bom=csv.bom, formulas=csv.formulas
        )

    return render


_RENDERERS: dict[OutputFormat, Renderer] = {
    OutputFormat.table: _table,
    OutputFormat.json: _json,
    OutputFormat.jsonl: _jsonl,
    OutputFormat.csv: _delimited(","),
    OutputFormat.tsv: _delimited("\t"),
    OutputFormat.markdown: _markdown,
    OutputFormat.svg: _svg,
}
