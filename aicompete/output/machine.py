"""Listings for programs: JSON, JSON Lines, CSV and TSV, with raw values (145000000, null).

Each round-trips: what a parser reads back is the data, exactly. JSON escapes every character
that a terminal would act on (`\u001b`), which changes nothing for a parser. CSV and TSV have
no escapes: written to a terminal, such characters are shown escaped (as in tables); written to
a file or a pipe, they are kept. A text cell that a spreadsheet would run as a formula starts
with `'` unless asked otherwise; numbers are never touched.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING

from aicompete.listings.contract import Field, Listing, Value
from aicompete.output.escaping import clean, json_safe, spreadsheet_safe

if TYPE_CHECKING:
    from aicompete.listings.detail import Detail


def to_json(listing: Listing) -> str:
    """The rows as a JSON array, indented by two spaces: `json.dumps(..., indent=2)`'s text."""
    return json_array(json_rows(listing))


def json_array(rows: Sequence[str]) -> str:
    """The JSON array of rows written by `json_rows`, made safe for a terminal."""
    if not rows:
        return "[]\n"
    return json_safe("[\n" + ",\n".join(rows) + "\n]\n")


def json_rows(listing: Listing) -> list[str]:
    """Each row as an item of `to_json`'s array: its object, indented, not yet made safe.

    json.dumps runs its pure-Python encoder, a generator per value, when asked to indent.
    Here the C encoder writes a column at a time: a field's values, every row's in one call,
    split where it put its separator (an encoded scalar holds no line break); an array or
    object is indented as `_indented` writes it. Each row is then one format, its values put
    into it.
    """
    rows = listing.rows
    if not rows or not listing.fields:
        return ["  {}"] * len(rows)
    row_margin, field_margin = "\n  ", "\n    "
    key = _flat(field_margin)
    columns = [
        _column(list(map(itemgetter(field.name), rows)), field_margin) for field in listing.fields
    ]
    items = ("," + field_margin).join(
        key(field.name).replace("%", "%%") + ": %s" for field in listing.fields
    )
    form = "  {" + field_margin + items + row_margin + "}"
    return list(map(form.__mod__, zip(*columns, strict=True)))


# The types of value that JSON writes as arrays and objects.
_CONTAINERS = frozenset({dict, list, tuple})


def _column(values: list[object], margin: str) -> list[str]:
    """Each of a field's values as `_indented` writes it at `margin`: a column of scalars
    written by the C encoder in one call, an array or object of scalars whole by it."""
    if _CONTAINERS.isdisjoint(map(type, values)):
        # The items of a flat array, one to a line.
        return _flat("\n")(values)[1:-1].split(",\n")
    inner = margin + "  "
    texts = []
    for value, flat in zip(values, _flat_each(inner)(values), strict=True):
        if not value or not isinstance(value, (dict, list, tuple)):
            texts.append(flat)
            continue
        items = value.values() if isinstance(value, dict) else value
        if _CONTAINERS.isdisjoint(map(type, items)):
            texts.append(flat[0] + inner + flat[1:-1] + margin + flat[-1])
        else:
            texts.append(_indented(value, margin))
    return texts


def _indented(value: object, margin: str) -> str:
    """`value` as `json.dumps(value, ensure_ascii=False, indent=2)` writes it, at the
    indentation that `margin` (a line break and spaces) starts its lines with."""
    if not value or not isinstance(value, (dict, list, tuple)):
        return _flat(margin)(value)
    inner = margin + "  "
    encode = _flat(inner)
    if _CONTAINERS.isdisjoint(map(type, value.values() if isinstance(value, dict) else value)):
        # Scalars alone, most objects and arrays: written whole by C, braces and all.
        flat = encode(value)
        return flat[0] + inner + flat[1:-1] + margin + flat[-1]
    # Runs of scalar items go to the C encoder together, their braces cut off; only a
    # non-empty array or object among them is indented here.
    parts: list[str] = []
    if isinstance(value, dict):
        scalars: dict[str, object] = {}
        for key, item in value.items():
            if item and isinstance(item, (dict, list, tuple)):
                if scalars:
                    parts.append(encode(scalars)[1:-1])
                    scalars = {}
                parts.append(f"{encode(key)}: {_indented(item, inner)}")
            else:
                scalars[key] = item
        if scalars:
            parts.append(encode(scalars)[1:-1])
        return "{" + inner + ("," + inner).join(parts) + margin + "}"
    items: list[object] = []
    for item in value:
        if item and isinstance(item, (dict, list, tuple)):
            if items:
                parts.append(encode(items)[1:-1])
                items = []
            parts.append(_indented(item, inner))
        else:
            items.append(item)
    if items:
        parts.append(encode(items)[1:-1])
    return "[" + inner + ("," + inner).join(parts) + margin + "]"


_FLAT: dict[str, Callable[[object], str]] = {}


def _flat(inner: str) -> Callable[[object], str]:
    """The C encoder that writes a flat array's or object's items on lines starting `inner`."""
    encode = _FLAT.get(inner)
    if encode is None:
        encode = _FLAT[inner] = _c_encoder(inner) or _python_encoder(inner)
    return encode


def _c_encoder(inner: str) -> Callable[[object], str] | None:
    """`json.JSONEncoder(...).encode` without what it does on each call before it reaches
    its C encoder (making it again, among other things): half the cost of a flat object.
    None where the C encoder is missing."""
    make = _c_maker(inner)
    if make is None:
        return None
    join = "".join

    def encode(value: object) -> str:
        return join(make(value, 0))

    return encode


def _flat_each(inner: str) -> Callable[[list[object]], list[str]]:
    """What `_flat(inner)` writes of each value, the C encoder called for each without a call
    in Python between."""
    make = _c_maker(inner)
    if make is None:
        return lambda values: list(map(_flat(inner), values))
    return lambda values: list(map("".join, map(make, values, repeat(0))))


def _c_maker(inner: str) -> Callable[[object, int], list[str]] | None:
    """The C encoder of items separated by "," and `inner`, as `json.JSONEncoder` makes it:
    called with a value and 0, the chunks of its text. None where there is none."""
    from json.encoder import encode_basestring

    # Not in the standard library's type stubs: the encoder `json.JSONEncoder` calls.
    c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
    if c_make_encoder is None:
        return None
    # Arguments as `JSONEncoder.iterencode` passes them: no circular check (rows are trees),
    # no default, text as `ensure_ascii=False` writes it, no indent, keys unsorted, no key
    # skipped, NaN allowed.
    maker: Callable[[object, int], list[str]] = c_make_encoder(
        None, _unserializable, encode_basestring, None, ": ", "," + inner, False, False, True
    )
    return maker


def _python_encoder(inner: str) -> Callable[[object], str]:
    encoder = json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": "))
    return encoder.encode


def _unserializable(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


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
    if terminal:
        # Each cell shown escaped; the delimiters and the ends of rows stay what they are.
        table = [[clean(text) for text in cells] for cells in table]
    for cells in table:
        writer.writerow(cells)
        lines.append(buffer.getvalue()[:-2] + "\n")
        buffer.seek(0)
        buffer.truncate()
    text = "".join(lines)
    return ("\ufeff" if bom and not terminal else "") + text


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
