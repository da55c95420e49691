"""Listings as text: machine formats and the cell text people read.

Machine formats carry raw values (145000000, null); human formats carry units (145.0M,
¥3.0B). Nothing here imports rich: JSON and CSV must not pay for it (see `tables`).
"""

from __future__ import annotations

import json
import re

from aicompete.queries import Field, Listing, Row, Value

# Formats for people: they show a listing's table fields unless --fields says otherwise.
HUMAN_FORMATS = frozenset({"table", "markdown", "svg"})

DERIVED_MARK = "†"
CHECK_MARK = "✓"
CROSS_MARK = "✗"
UNKNOWN = "unknown"
# A pattern, not a compiled one: re compiles it on first use, which JSON output never makes.
_CONTROL = r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def clean(text: str) -> str:
    """Text from the knowledge file made safe for a terminal: control characters escaped."""
    return re.sub(_CONTROL, lambda match: f"\\x{ord(match.group()):02x}", text)


def to_json(listing: Listing) -> str:
    """The rows as a JSON array, indented by two spaces: `json.dumps(..., indent=2)`'s text.

    json.dumps runs its pure-Python encoder when asked to indent. Rows are flat, so each is
    encoded by the C encoder with the indentation written into its item separator instead.
    """
    records = _records(listing)
    if not records:
        return "[]\n"
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": ")).encode
    rows = ",\n".join("  {\n    " + encode(r)[1:-1] + "\n  }" if r else "  {}" for r in records)
    return "[\n" + rows + "\n]\n"


def to_jsonl(listing: Listing) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in _records(listing))


def to_delimited(listing: Listing, delimiter: str) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([field.name for field in listing.fields])
    for row in listing.rows:
        writer.writerow([_raw(row[field.name]) for field in listing.fields])
    return out.getvalue()


def to_markdown(listing: Listing) -> str:
    if listing.columns_by:
        return _to_markdown_columns(listing, listing.columns_by)
    names = [field.name for field in listing.fields]
    headers = [header(field) for field in listing.fields]
    aligns = ["---:" if _is_numeric(field) else "---" for field in listing.fields]
    rows = [
        [cell(listing, field, row).replace("|", "\\|") for field in listing.fields]
        for row in listing.rows
    ]
    if listing.bar_field:
        at = names.index(listing.bar_field) + 1
        peak = bar_peak(listing)
        headers.insert(at, "")
        aligns.insert(at, "---")
        for cells, row in zip(rows, listing.rows, strict=True):
            cells.insert(at, bar(row[listing.bar_field], peak, 20))
    lines = ["| " + " | ".join(cells) + " |" for cells in [headers, aligns, *rows]]
    lines += [f"\n_{note}_" for note in notes_for(listing)]
    return "\n".join(lines) + "\n"


def _to_markdown_columns(listing: Listing, heading: str) -> str:
    """One column per row, headed by the `heading` field; one line per other field."""
    shown = [field for field in listing.fields if field.name != heading]
    head = ["", *(clean(str(row[heading])) for row in listing.rows)]
    lines = [head, ["---"] * len(head)]
    lines += [
        [header(field), *(cell(listing, field, row) for row in listing.rows)] for field in shown
    ]
    text = "\n".join(
        "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |" for cells in lines
    )
    return text + "".join(f"\n\n_{note}_" for note in notes_for(listing)) + "\n"


def notes_for(listing: Listing) -> tuple[str, ...]:
    """The listing's notes, when a field they explain is shown."""
    shown = any(
        part.derived or part.fallback for field in listing.fields for part in (field, *field.items)
    )
    return listing.notes if shown else ()


def header(field: Field) -> str:
    return field.header + (DERIVED_MARK if field.derived else "")


def cell(listing: Listing, field: Field, row: Row) -> str:
    """The text a person reads for one value: units, unknowns and derived marks."""
    value = row[field.name]
    if value is None and field.fallback is not None and row.get(field.fallback) is not None:
        return human(row[field.fallback], field) + DERIVED_MARK
    if value is None:
        return UNKNOWN if _is_numeric(field) else "—"
    if isinstance(value, tuple):
        return "; ".join(item_lines(listing, field, value)) or "—"
    return human(value, field)


def human(value: Value, field: Field) -> str:
    if field.display == "check":
        return CHECK_MARK if value else CROSS_MARK
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, (int, float)):
        return clean(str(value))
    if field.display == "share":
        return f"{value * 100:.1f}%"
    if field.display == "count":
        return short_number(value)
    if field.display == "cny":
        return "¥" + short_number(value)
    if field.display == "usd":
        return "$" + short_number(value)
    return str(value)


def item_lines(listing: Listing, field: Field, items: tuple[Row, ...]) -> list[str]:
    """An array field's items as a person reads them, one line each.

    Empty text is left out of a line; an unknown amount still reads `unknown`.
    """
    shown = [field.item(name) for name in field.item_text]
    return [
        " · ".join(
            cell(listing, part, item)
            for part in shown
            if item[part.name] is not None or _is_numeric(part)
        )
        for item in items
    ]


def short_number(value: float) -> str:
    """145000000 -> 145.0M; 73520000 -> 73.52M; 3000000000 -> 3.0B.

    Two decimals where the figure has them, so that a stated 73.52 million is not shown as
    73.5M; one where the second would be a zero.
    """
    for size, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K")):
        if abs(value) >= size:
            text = f"{value / size:.2f}"
            return (text[:-1] if text.endswith("0") else text) + suffix
    return f"{value:g}"


_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar_peak(listing: Listing) -> float:
    if not listing.bar_field:
        return 0.0
    values = [row[listing.bar_field] for row in listing.rows]
    return float(max((v for v in values if isinstance(v, (int, float))), default=0))


def bar(value: Value, peak: float, width: int) -> str:
    """A bar of `width` cells at most, in eighths of a cell, for value / peak."""
    if not isinstance(value, (int, float)) or peak <= 0:
        return ""
    eighths = round(value / peak * width * 8)
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def _records(listing: Listing) -> list[dict[str, Value]]:
    return [{field.name: row[field.name] for field in listing.fields} for row in listing.rows]


def _raw(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        # An array keeps its items, as JSON text in one cell.
        return clean(json.dumps(value, ensure_ascii=False))
    if isinstance(value, bool):
        return "true" if value else "false"
    return clean(str(value))


def _is_numeric(field: Field) -> bool:
    return field.type in ("integer", "number")
