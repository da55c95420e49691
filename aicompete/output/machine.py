"""Listings for programs: JSON, JSON Lines, CSV and TSV, with raw values (145000000, null)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from aicompete.listings.contract import Listing, Value
from aicompete.output.cells import clean

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

    return "[\n" + ",\n".join(map(row, records)) + "\n]\n"


def to_jsonl(listing: Listing) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in _records(listing))


def to_csv(listing: Listing) -> str:
    return _delimited(listing, ",")


def to_tsv(listing: Listing) -> str:
    return _delimited(listing, "\t")


def _delimited(listing: Listing, delimiter: str) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([field.name for field in listing.fields])
    for row in listing.rows:
        writer.writerow([_raw(row[field.name]) for field in listing.fields])
    return out.getvalue()


def _records(listing: Listing) -> list[dict[str, Value]]:
    return [{field.name: row[field.name] for field in listing.fields} for row in listing.rows]


def _raw(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, dict)):
        # An array or an object keeps its items, as JSON text in one cell.
        return clean(json.dumps(value, ensure_ascii=False))
    if isinstance(value, bool):
        return "true" if value else "false"
    return clean(str(value))


def detail_to_json(found: Detail) -> str:
    """One record's detail (`show --json`) as one JSON object."""
    return json.dumps(asdict(found), ensure_ascii=False, indent=2) + "\n"
