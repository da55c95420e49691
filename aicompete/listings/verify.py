"""`aicompete verify`: every fact with the status of each of its fields, in file order."""

from __future__ import annotations

from collections.abc import Sequence

from aicompete.knowledge.verification import STATUSES, FactCheck
from aicompete.listings.contract import Field, Listing, Row

FIELDS = (
    Field("kind", "string", "Kind of record (dau, campaign...)", "Kind"),
    Field("id", "string", "Id of the fact", "Id"),
    Field("source", "string", "Id of the source it cites", "Source", cites=True),
    Field("proven", "integer", "How many of its fields its evidence states, by rule", "Proven"),
    Field(
        "inferred",
        "integer",
        "How many of its fields the knowledge file declares inferred, with why",
        "Inferred",
    ),
    Field(
        "editorial",
        "integer",
        "How many of its fields are written by whoever curates the file",
        "Editorial",
    ),
    Field("failed", "integer", "How many of its fields failed", "Failed"),
    Field(
        "counts",
        "string",
        "The counts above in words, the statuses it has: `3 proven, 2 editorial`",
        "Fields",
    ),
    Field(
        "ok",
        "boolean",
        "Whether its evidence is in its source and no field failed",
        "OK",
        "check",
    ),
    Field(
        "reason",
        "string",
        "Why it is not proven, if it is not",
        "Reason",
        "long",
        nullable=True,
    ),
    Field(
        "fields",
        "object",
        "Each field's status: proven, inferred, editorial or failed",
        "Fields",
    ),
    Field(
        "reasons",
        "object",
        "For each failed field, why; for each inferred one, the knowledge file's reason",
        "Reasons",
    ),
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
            **{status: check.count(status) for status in STATUSES},
            "counts": ", ".join(
                f"{check.count(status)} {status}" for status in STATUSES if check.count(status)
            )
            or "no claims",
            "ok": check.ok,
            "reason": "; ".join(check.failures) or None,
            "fields": {field.field: field.status for field in check.fields},
            "reasons": {
                field.field: field.reason
                for field in check.fields
                if field.status in ("failed", "inferred")
            },
        }
        for check in checks
    ]
    proven = sum(check.ok for check in checks)
    counts = {status: sum(check.count(status) for check in checks) for status in STATUSES}
    fields = ", ".join(f"{count} {status}" for status, count in counts.items())
    return Listing(
        FIELDS,
        rows,
        ("kind", "id", "counts", "reason"),
        title=f"Facts proven: {proven} of {len(checks)} · fields: {fields} · {NO_DERIVED_VALUES}",
    )
