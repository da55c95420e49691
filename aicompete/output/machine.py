"""Listings for programs: JSON, JSON Lines, CSV and TSV, with raw values (145000000, null).

Each round-trips: what a parser reads back is the data, exactly. JSON escapes every character
that a terminal would act on (`\u001b`), which changes nothing for a parser. CSV and TSV have
no escapes: written to a terminal, such characters are shown escaped (as in tables); written to
a file or a pipe, they are kept. A text cell that a spreadsheet would run as a formula starts
with `'` unless asked otherwise; numbers are never touched.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from aicompete.listings.contract import Field, Listing, Value
from aicompete.output.escaping import clean, json_safe, spreadsheet_safe

if TYPE_CHECKING:
    from aicompete.listings.detail import Detail


def to_json(listing: Listing) -> str:
    """The rows as a JSON array, indented by two spaces: `json.dumps(..., indent=2)`'s text.

    json.dumps runs its pure-Python encoder when asked to indent. A flat row is encoded by
    the C encoder instead, with the indentation written into its item separator; only a row
    that holds a non-empty array or object takes the slower way.
    """
    records = _records(listing)
    if not records:
        return "[]\n"
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": ")).encode

    def row(record: dict[str, Value]) -> str:
        if not record:
            return "  {}"
        if any(isinstance(value, (tuple, dict)) and value for value in record.values()):
            return "  " + json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        return "  {\n    " + encode(record)[1:-1] + "\n  }"

    return json_safe("[\n" + ",\n".join(map(row, records)) + "\n]\n")


def to_jsonl(listing: Listing) -> str:
    lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in _records(listing))
    return json_safe("".join(lines))


def to_delimited(
    listing: Listing, delimiter: str, *, terminal: bool, bom: bool, formulas: bool
) -> str:
    """CSV (`,`) or TSV (tab): for a `terminal`, unsafe characters shown escaped; with `bom`, a
    byte-order mark first (Excel on Windows reads UTF-8 by it; never on a terminal); with
    `formulas`, text cells kept even where a spreadsheet would run them."""
    import csv
    import io

    # The writer quotes a value holding any character of its line ending: with "\r\n" that is
    # a lone "\r" too, which a reader would otherwise take for the end of a row. Each row then
    # ends in "\n", as the tools of a shell expect.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    lines = []
    table = [[field.name for field in listing.fields]]
    table += [[_cell(row[f.name], f, formulas) for f in listing.fields] for row in listing.rows]
    for cells in table:
        writer.writerow(cells)
        lines.append(buffer.getvalue()[:-2] + "\n")
        buffer.seek(0)
        buffer.truncate()
    text = "".join(lines)
    if terminal:
        return clean(text)
    return ("\ufeff" if bom else "") + text


def _cell(value: Value, field: Field, formulas: bool) -> str:
    text = _raw(value)
    return text if formulas or field.type != "string" else spreadsheet_safe(text)


def _records(listing: Listing) -> list[dict[str, Value]]:
    return [{field.name: row[field.name] for field in listing.fields} for row in listing.rows]


def _raw(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, dict)):
        # An array or an object keeps its items, as JSON text in one cell.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def detail_to_json(found: Detail) -> str:
    """One record's detail (`show --json`) as one JSON object."""
    return json_safe(json.dumps(asdict(found), ensure_ascii=False, indent=2) + "\n")
