"""Units a person reads: 145.0M, ¥3.0B, >100.0M, 44.5%; and the marks that say a value is
derived (†) or inferred (*).

Pure text from numbers, for every answer a person reads: tables (`output.display`), the
brief's findings and the chart's labels. What they are given is validated by the knowledge
file's models: a unit or currency is a code of capital letters, never text to escape.
"""

from __future__ import annotations

from aicompete.listings.contract import Value

DERIVED_MARK = "†"
# A value the source does not state, which the knowledge file infers.
INFERRED_MARK = "*"
UNKNOWN = "unknown"

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
    return f"{sign}{short_number(value)}" if sign else f"{currency} {short_number(value)}"


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
