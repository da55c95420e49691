"""Every output format by name: what renders it, and whether it is for people or programs.

Formats for people show a listing's table fields unless `--fields` says otherwise, with
units and marks; formats for programs show every field, with raw values. Each renderer is
imported only when its format is asked for, so that JSON never pays for rich.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from aicompete.listings.contract import Listing
from aicompete.terminal import Terminal


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

    def render(self, listing: Listing, terminal: Terminal) -> str:
        return _RENDERERS[self](listing, terminal)


_FOR_PEOPLE = frozenset({OutputFormat.table, OutputFormat.markdown, OutputFormat.svg})


def _table(listing: Listing, terminal: Terminal) -> str:
    from aicompete.output.table import to_table

    return to_table(listing, color=terminal.color, width=terminal.width)


def _svg(listing: Listing, terminal: Terminal) -> str:
    from aicompete.output.table import to_svg

    return to_svg(listing, width=terminal.width)


def _markdown(listing: Listing, _terminal: Terminal) -> str:
    from aicompete.output.markdown import to_markdown

    return to_markdown(listing)


def _machine(name: str) -> Callable[[Listing, Terminal], str]:
    """A renderer for programs: `output.machine`'s function `name`, which needs no terminal."""

    def render(listing: Listing, _terminal: Terminal) -> str:
        from aicompete.output import machine

        function: Callable[[Listing], str] = getattr(machine, name)
        return function(listing)

    return render


_RENDERERS: dict[OutputFormat, Callable[[Listing, Terminal], str]] = {
    OutputFormat.table: _table,
    OutputFormat.json: _machine("to_json"),
    OutputFormat.jsonl: _machine("to_jsonl"),
    OutputFormat.csv: _machine("to_csv"),
    OutputFormat.tsv: _machine("to_tsv"),
    OutputFormat.markdown: _markdown,
    OutputFormat.svg: _svg,
}
