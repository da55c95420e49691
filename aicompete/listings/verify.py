"""`aicompete verify`: every fact with its verdict against its source, in file order."""

from __future__ import annotations

from collections.abc import Sequence

from aicompete.knowledge.verification import FactCheck
from aicompete.listings.contract import Field, Listing, Row

FIELDS = (
    Field("kind", "string", "Kind of record (dau, campaign...)", "Kind"),
    Field("id", "string", "Id of the fact", "Id"),
    Field("source", "string", "Id of the source it cites", "Source"),
    Field(
        "figures", "integer", "How many figures the fact states, each found in its quote", "Figures"
    ),
    Field("ok", "boolean", "Whether the fact is proven against its source", "OK", "check"),
    Field("reason", "string", "Why it is not, if it is not", "Reason", "long", nullable=True),
)

# The knowledge file stores no derived value (shares and conversions are computed when
# asked), so there is none to recompute; the verdict says so rather than stay silent.
NO_DERIVED_VALUES = "no stored derived values to recompute"


def build(checks: Sequence[FactCheck]) -> Listing:
    """Every fact with its verdict, in file order."""
    rows: list[Row] = [
        {
            "kind": check.kind,
            "id": check.id,
            "source": check.source,
            "figures": check.figures,
            "ok": check.ok,
            "reason": "; ".join(check.failures) or None,
        }
        for check in checks
    ]
    proven = sum(check.ok for check in checks)
    return Listing(
        FIELDS,
        rows,
        ("kind", "id", "figures", "ok", "reason"),
        title=f"Facts proven: {proven} of {len(checks)} · {NO_DERIVED_VALUES}",
    )
