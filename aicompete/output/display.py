"""The text a person reads for each value: units, unknowns, derived and inferred marks, bars.

Human formats carry units (145.0M, ¥3.0B) where machine formats carry raw values. Text from
the knowledge file is cleaned of control characters here. Nothing here imports rich: JSON
and CSV must not pay for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from aicompete.listings.contract import (
    DERIVED_NOTE,
    INFERRED_NOTE,
    Field,
    Listing,
    Row,
    Value,
    section_rows,
    texts,
)
from aicompete.listings.units import (
    BOUND_SIGNS,
    DERIVED_MARK,
    INFERRED_MARK,
    UNKNOWN,
    figure,
    money,
    short_number,
)
from aicompete.output.escaping import clean

CHECK_MARK = "✓"
CROSS_MARK = "✗"
# An amount stated in a currency that no known rate converts.
NO_RATE = "no rate"


def notes_for(listing: Listing) -> tuple[str, ...]:
    """The listing's notes; the note on derived values only when a derived value is shown,
    a note on a field's values only when that field is, and the note on inferred values only
    when a value shown is marked inferred: in a cell, or in a heading whose section infers it."""
    shown = any(
        part.derived or part.fallback for field in listing.fields for part in (field, *field.items)
    )
    names = {field.name for field in listing.fields}
    in_cells = names.difference(listing.sections_by)
    inferred = any(in_cells.intersection(texts(row.get("inferred"))) for row in listing.rows)
    headings = names.intersection(listing.sections_by)
    inferred = inferred or any(
        all_infer(rows, name) for rows in section_rows(listing) for name in headings
    )
    notes = [note for note in listing.notes if shown or note != DERIVED_NOTE]
    if inferred:
        # Beside the note on derived values: what a mark means comes before what was left out.
        notes.insert(notes.index(DERIVED_NOTE) + 1 if DERIVED_NOTE in notes else 0, INFERRED_NOTE)
    return tuple(notes) + tuple(note for name, note in listing.field_notes if name in names)


def heading(listing: Listing, fields: Sequence[Field], rows: Sequence[Row]) -> str:
    """What a table of one section (`rows`) shares, above it: `Header: value` for each of
    `fields`, but a section's field that its rows leave empty (an undated group's dates);
    marked inferred where every row of the section infers it."""
    first = rows[0]
    return " · ".join(
        f"{header(field)}: {_cell(listing, field, first)}"
        + (INFERRED_MARK if all_infer(rows, field.name) else "")
        for field in fields
        if first[field.name] is not None or field.name not in listing.sections_by
    )


def all_infer(rows: Sequence[Row], name: str) -> bool:
    """Whether every row infers the field `name`: what a heading over them marks."""
    # `inferred` holds names alone: looked in as it is, for each row of each section.
    for row in rows:
        named = row.get("inferred")
        if not (isinstance(named, tuple) and name in named):
            return False
    return True


def header(field: Field) -> str:
    return field.header + (DERIVED_MARK if field.derived else "")


def cell(listing: Listing, field: Field, row: Row) -> str:
    """The text a person reads for one value: units, unknowns, derived and inferred marks."""
    # A tuple of names (never other text): looked in as it is, for each cell of each row.
    inferred = row.get("inferred")
    mark = INFERRED_MARK if isinstance(inferred, tuple) and field.name in inferred else ""
    if field.display == "stated":
        return _stated(row, field.name.removesuffix("value"), mark)
    text = _cell(listing, field, row)
    return text + mark if text not in ("—", UNKNOWN) else text


# The displays that write a value their own way (units, marks, bounds): the rest write text as
# it is, cleaned, and a whole number in digits.
_OWN_WAY = frozenset(
    {
        "stated",
        "figure",
        "share",
        "check",
        "amount",
        "change",
        "change_share",
        "count",
        "cny",
        "usd",
    }
)


def cell_writer(listing: Listing, field: Field) -> Callable[[Row], str]:
    """`cell` for one field, row after row: what depends on the field alone decided once.
    A table writes thousands of cells, most of them text or a rank, which are written here;
    any other value is written by `cell`."""
    if field.display in _OWN_WAY or field.fallback is not None or field.unconverted is not None:
        return partial(cell, listing, field)
    name = field.name

    def written(row: Row) -> str:
        value = row[name]
        if isinstance(value, str):
            # Printable ASCII, most text, is as `clean` leaves it: no call made for it.
            text = value if value.isascii() and value.isprintable() else clean(value)
        elif type(value) is int:
            text = str(value)
        else:
            return cell(listing, field, row)
        inferred = row.get("inferred")
        if isinstance(inferred, tuple) and name in inferred and text not in ("—", UNKNOWN):
            return text + INFERRED_MARK
        return text

    return written


def _cell(listing: Listing, field: Field, row: Row) -> str:
    value = row[field.name]
    if value is None and field.fallback is not None and row.get(field.fallback) is not None:
        return human(row[field.fallback], field) + DERIVED_MARK
    if value is None and field.unconverted is not None and row.get(field.unconverted):
        return NO_RATE
    if value is None:
        # A change with nothing before it, or a share without a leader, is not unknown: there
        # is none.
        unknown = is_numeric(field) and field.display not in (
            "change",
            "change_share",
            "rank",
            "share",
        )
        return UNKNOWN if unknown else "—"
    if isinstance(value, tuple):
        return "; ".join(item_lines(listing, field, value)) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{clean(name)}: {clean(text)}" for name, text in value.items()) or "—"
    if field.display == "figure":
        # A figure's bound and unit are its row's, or, beside other figures, its own (`dau_bound`).
        bound = row.get(f"{field.name}_bound", row.get("bound", "exact"))
        return figure(value, row.get(f"{field.name}_unit", row.get("unit", "users")), bound)
    if field.display == "share":
        # A share of a bound is a bound too: `<50.0%` of a leader of more than 100 million.
        return BOUND_SIGNS.get(str(row.get("share_bound")), "") + human(value, field)
    return human(value, field, row.get("currency"))


def _stated(row: Row, side: str, mark: str) -> str:
    """One side of a conflict as a person reads it (`side`: the prefix of its fields, "" or
    "other_"), `mark` after what it states: a figure with its bound, its date and who measured
    it (`>100.0M, 2026-02-16, AICPB.com`), amounts in their currencies (`¥500.0M; $72.0M`), or
    a time as written."""
    value, what = str(row[side + "value"]), row.get("field")
    if what == "value" and row.get(side + "bound") is not None:
        number = float(value) if "." in value else int(value)
        parts = [figure(number, row.get("unit"), row.get(side + "bound")) + mark]
        time = row.get(side + "date") or row.get(side + "when")
        parts += [clean(str(time))] if time else []
        measurer = row.get(side + "measured_by")
        parts += [clean(str(measurer))] if measurer else []
        return ", ".join(parts)
    if what == "amounts":
        amounts = [part.split(" ") for part in value.split("; ")]
        if all(len(amount) == 2 and amount[0].isdigit() for amount in amounts):
            return "; ".join(money(int(number), currency) for number, currency in amounts) + mark
    return clean(value) + mark


def human(value: Value, field: Field, currency: Value = None) -> str:
    if field.display == "check":
        return CHECK_MARK if value else CROSS_MARK
    if field.display == "amount":
        # An amount beside its currency (a stated amount's item): `$650.0M`, `€500.0M`.
        return money(value, currency)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, (int, float)):
        return clean(str(value))
    if field.display == "share":
        return f"{value * 100:.1f}%"
    if field.display == "change_share":
        return f"{value * 100:+.1f}%"
    if field.display == "change":
        return ("+" if value > 0 else "") + short_number(value)
    if field.display == "count":
        return short_number(value)
    if field.display == "cny":
        return money(value, "CNY")
    if field.display == "usd":
        return money(value, "USD")
    return str(value)


def item_lines(
    listing: Listing, field: Field, items: tuple[Row, ...] | tuple[str, ...]
) -> list[str]:
    """An array field's items as a person reads them, one line each.

    Text items are shown as they are. Of an object, the fields of `item_text` are shown;
    empty text is left out of a line, and an unknown amount says which: `CNY unknown`.
    """
    shown = [field.item(name) for name in field.item_text]
    names = {item.name for item in field.items}

    def line(item: Row) -> str:
        texts: list[str] = []
        # Amounts that no known rate converts are shown once, as stated, with what is missing.
        no_rate: list[Field] = []
        for part in shown:
            if item[part.name] is None and not is_numeric(part):
                continue
            text = cell(listing, part, item)
            if text == NO_RATE and part.unconverted in names:
                no_rate.append(part)
            else:
                texts.append(f"{part.header} {text}" if text == UNKNOWN else text)
        if no_rate:
            stated = cell(listing, field.item(str(no_rate[0].unconverted)), item)
            headers = " or ".join(part.header for part in no_rate)
            texts.append(f"{stated} ({NO_RATE} to {headers})")
        return " · ".join(texts)

    return [line(item) if isinstance(item, dict) else clean(item) for item in items]


_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: Value, peak: float, width: int) -> str:
    """A bar of `width` cells at most, in eighths of a cell, for value / peak."""
    if not isinstance(value, (int, float)) or peak <= 0:
        return ""
    eighths = round(value / peak * width * 8)
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def is_numeric(field: Field) -> bool:
    return field.type in ("integer", "number")
