"""The text a person reads for each value: units, unknowns, derived marks and bars.

Human formats carry units (145.0M, ¥3.0B) where machine formats carry raw values. Text from
the knowledge file is cleaned of control characters here. Nothing here imports rich: JSON
and CSV must not pay for it.
"""

from __future__ import annotations

from aicompete.listings.contract import DERIVED_NOTE, Field, Listing, Row, Value
from aicompete.output.escaping import clean

DERIVED_MARK = "†"
CHECK_MARK = "✓"
CROSS_MARK = "✗"
UNKNOWN = "unknown"
# An amount stated in a currency that no known rate converts.
NO_RATE = "no rate"


def notes_for(listing: Listing) -> tuple[str, ...]:
    """The listing's notes; the note on derived values only when a derived value is shown,
    and a note on a field's values only when that field is."""
    shown = any(
        part.derived or part.fallback for field in listing.fields for part in (field, *field.items)
    )
    names = {field.name for field in listing.fields}
    return tuple(note for note in listing.notes if shown or note != DERIVED_NOTE) + tuple(
        note for name, note in listing.field_notes if name in names
    )


def header(field: Field) -> str:
    return field.header + (DERIVED_MARK if field.derived else "")


def cell(listing: Listing, field: Field, row: Row) -> str:
    """The text a person reads for one value: units, unknowns and derived marks."""
    value = row[field.name]
    if value is None and field.fallback is not None and row.get(field.fallback) is not None:
        return human(row[field.fallback], field) + DERIVED_MARK
    if value is None and field.unconverted is not None and row.get(field.unconverted):
        return NO_RATE
    if value is None:
        # A change with nothing before it is not unknown: there is none.
        unknown = is_numeric(field) and field.display not in ("change", "change_share", "rank")
        return UNKNOWN if unknown else "—"
    if isinstance(value, tuple):
        return "; ".join(item_lines(listing, field, value)) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{clean(name)}: {clean(text)}" for name, text in value.items()) or "—"
    if field.display == "stated":
        return _stated(str(value), row.get("field"))
    if field.display == "figure":
        return figure(value, row.get("unit", "users"), row.get("bound", "exact"))
    return human(value, field, row.get("currency"))


def _stated(value: str, what: Value) -> str:
    """A conflict's value as a person reads it: `125.0M`, `$650.0M`, or the time as written."""
    if what == "value" and value.isdigit():
        return short_number(int(value))
    if what == "amounts":
        parts = [part.split(" ") for part in value.split("; ")]
        if all(len(part) == 2 and part[0].isdigit() for part in parts):
            return "; ".join(money(int(number), currency) for number, currency in parts)
    return clean(value)


# Signs for the currencies that have one; others are written with their code.
CURRENCY_SIGNS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£"}
# How people write a bound before a figure: ">100.0M", "~7.07M", "<10.0M", "≤¥10.0K".
BOUND_SIGNS = {"exact": "", "about": "~", "over": ">", "under": "<", "up_to": "≤"}


def figure(value: Value, unit: Value, bound: Value) -> str:
    """A figure as a person reads it, in its unit and with its bound: `>100.0M`, `44.5%`,
    `¥3.0B`, `~7.07M`."""
    if not isinstance(value, (int, float)):
        return UNKNOWN
    sign = BOUND_SIGNS.get(str(bound), "")
    if unit == "percent":
        return f"{sign}{value:g}%"
    if unit in ("users", "count"):
        return sign + short_number(value)
    return sign + money(value, unit)


def money(value: Value, currency: Value) -> str:
    """An amount in its currency, as a person reads it: `¥3.0B`, `HKD 2.0B`."""
    if not isinstance(value, (int, float)):
        return UNKNOWN
    sign = CURRENCY_SIGNS.get(str(currency))
    return (
        f"{sign}{short_number(value)}" if sign else f"{clean(str(currency))} {short_number(value)}"
    )


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


def bar(value: Value, peak: float, width: int) -> str:
    """A bar of `width` cells at most, in eighths of a cell, for value / peak."""
    if not isinstance(value, (int, float)) or peak <= 0:
        return ""
    eighths = round(value / peak * width * 8)
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def is_numeric(field: Field) -> bool:
    return field.type in ("integer", "number")
