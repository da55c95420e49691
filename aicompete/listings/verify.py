"""`aicompete verify`: every fact with the status of each of its fields, in file order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from aicompete.listings.contract import Field, Listing, Row

if TYPE_CHECKING:
    # Imported where used: a kept listing is titled without the proof's modules.
    from aicompete.knowledge.models import KnowledgeBase
    from aicompete.proof.verification import FactCheck

FIELDS = (
    Field("kind", "string", "Kind of record (dau, campaign...)", "Kind"),
    Field("id", "string", "Id of the fact", "Id"),
    Field("source", "string", "Id of the source it cites", "Source", cites=True),
    Field(
        "company_id", "string", "Id of the company it is about, if any", "Company id", nullable=True
    ),
    Field("app_id", "string", "Id of the app it is about, if any", "App id", nullable=True),
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
        "verdict",
        "string",
        "`proven` (nothing failed and at least one field is proven), `not proven` (nothing "
        "failed, but every field is inferred or editorial) or `failed`",
        "Verdict",
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
        "For each failed field, why; for each inferred one, the knowledge file's reason; for "
        "each editorial one that a rule could have proven (a summary, a description), why it "
        "did not",
        "Reasons",
    ),
)

# Why a fact of inferred and editorial fields alone is not proven.
NO_FIELD_PROVEN = "no field is proven: each is inferred or editorial"
# How many ids a title names before it counts the rest.
_NAMED = 5
# The fields that count a fact's fields of each status, named as `verification.STATUSES`
# names them (tests/test_verify.py holds them to it): a kept listing is titled without
# importing the proof's modules.
COUNTED = ("proven", "inferred", "editorial", "failed")
# The knowledge file stores no derived value (shares and conversions are computed when
# asked), so there is none to recompute; the verdict says so rather than stay silent.
NO_DERIVED_VALUES = "no stored derived values to recompute"


def build(knowledge: KnowledgeBase, checks: Sequence[FactCheck]) -> Listing:
    """Every fact with its verdict, in file order; `titled` gives it its title."""
    from aicompete.knowledge.catalog import Catalog
    from aicompete.proof.verification import EDITORIAL, STATUSES

    catalog = Catalog(knowledge)

    def about(check: FactCheck) -> tuple[str | None, str | None]:
        entry = catalog.get(check.kind, check.id)
        return catalog.about(entry) if entry else (None, None)

    rows: list[Row] = [
        {
            "kind": check.kind,
            "id": check.id,
            "source": check.source,
            "company_id": company,
            "app_id": app,
            **{status: check.count(status) for status in STATUSES},
            "counts": ", ".join(
                f"{check.count(status)} {status}" for status in STATUSES if check.count(status)
            )
            or "no claims",
            "ok": check.ok,
            "verdict": "proven" if check.is_proven else "not proven" if check.ok else "failed",
            "reason": "; ".join(check.failures) or (None if check.is_proven else NO_FIELD_PROVEN),
            "fields": {field.field: field.status for field in check.fields},
            "reasons": {
                field.field: field.reason
                for field in check.fields
                if field.status in ("failed", "inferred")
                or (field.status == "editorial" and field.reason != EDITORIAL)
            },
        }
        for check in checks
        for company, app in (about(check),)
    ]
    # Untitled: its title counts the rows left after any filter (`titled`).
    return Listing(FIELDS, rows, ("kind", "id", "counts", "reason"))


def titled(listing: Listing) -> Listing:
    """The listing titled with its rows' totals: after filters, those of the facts shown. It
    names the facts that are not proven for want of any proven field, and the events whose
    summary is not in their quote's own words."""
    proven = sum(row["verdict"] == "proven" for row in listing.rows)
    unproven = [str(row["id"]) for row in listing.rows if row["verdict"] == "not proven"]
    counts = {
        status: sum(count for row in listing.rows if isinstance(count := row[status], int))
        for status in COUNTED
    }
    fields = ", ".join(f"{count} {status}" for status, count in counts.items())
    unsupported = [
        str(row["id"])
        for row in listing.rows
        if row["kind"] == "event"
        and isinstance(statuses := row["fields"], dict)
        and statuses.get("summary") == "editorial"
    ]
    parts = [
        f"Facts proven: {proven} of {len(listing.rows)}"
        + (f" (no field proven: {_named(unproven)})" if unproven else ""),
        f"fields: {fields}",
        *([f"summaries not in their quote's words: {_named(unsupported)}"] if unsupported else []),
        NO_DERIVED_VALUES,
    ]
    return replace(listing, title=" · ".join(parts))


def _named(ids: Sequence[str]) -> str:
    """Ids as a title names them: the first few, then how many more."""
    more = len(ids) - _NAMED
    return ", ".join(ids[:_NAMED]) + (f" and {more} more" if more > 0 else "")
