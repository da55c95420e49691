"""The checking commands' answers as listings: the problems of a file, the proof of its facts.

Pure, like `queries`: models and problems in, a `Listing` out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

from aicompete.load import KINDS, Problem, dotted
from aicompete.models import KnowledgeBase
from aicompete.queries import Field, Listing, Row
from aicompete.verify import FactCheck

PROBLEM_FIELDS = (
    Field("file", "string", "The knowledge file", "File"),
    Field(
        "kind",
        "string",
        "Kind of record (dau, campaigns...), if the problem is in one",
        "Kind",
        nullable=True,
    ),
    Field("id", "string", "Id of the record, if it has one", "Id", nullable=True),
    Field("field", "string", "The key, below the record if in one", "Field", nullable=True),
    Field("line", "integer", "Line of the file where it can be found", "Line", nullable=True),
    Field("message", "string", "What is wrong", "Problem", "long"),
)

CHECK_FIELDS = (
    Field("kind", "string", "Kind of record (dau, campaigns...)", "Kind"),
    Field("id", "string", "Id of the fact", "Id"),
    Field("source", "string", "Id of the source it cites", "Source"),
    Field(
        "figures", "integer", "How many figures the fact states, each found in its quote", "Figures"
    ),
    Field("ok", "boolean", "Whether the fact is proven against its source", "OK", "check"),
    Field("reason", "string", "Why it is not, if it is not", "Reason", "long", nullable=True),
)

SOURCE_FIELDS = (
    Field("id", "string", "Id of the source, as facts cite it", "Id"),
    Field("title", "string", "Headline as published", "Title"),
    Field("publisher", "string", "Who published it", "Publisher", "name"),
    Field("contact", "string", "The reporter's address as printed", "Contact", nullable=True),
    Field("file", "string", "Its full text, relative to the knowledge file", "File"),
    Field("readable", "boolean", "Whether its text could be read", "Readable"),
    Field("facts", "integer", "How many facts cite it", "Facts"),
    Field("verified", "integer", "How many of those are proven against its text", "Proven"),
    Field(
        "all_verified",
        "boolean",
        "Whether every fact citing it is proven",
        "All proven",
        "check",
    ),
)

# The knowledge file stores no derived value (shares and conversions are computed when
# asked), so there is none to recompute; the verdict says so rather than stay silent.
NO_DERIVED_VALUES = "no stored derived values to recompute"


def problems(file: str, document: Mapping[str, Any], found: Sequence[Problem]) -> Listing:
    """The problems of one knowledge file, each with its kind, record id, field and line."""
    rows: list[Row] = []
    for problem in found:
        kind, index, field = _where(problem.path)
        rows.append(
            {
                "file": file,
                "kind": kind,
                "id": _record_id(document, kind, index),
                "field": field,
                "line": problem.line,
                "message": problem.message,
            }
        )
    count = f"{len(rows)} problem{'s' * (len(rows) != 1)}"
    return Listing(
        PROBLEM_FIELDS,
        rows,
        ("kind", "id", "field", "line", "message"),
        title=f"{PurePath(file).name}: {count}",
    )


def verification(checks: Sequence[FactCheck]) -> Listing:
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
        CHECK_FIELDS,
        rows,
        ("kind", "id", "figures", "ok", "reason"),
        title=f"Facts proven: {proven} of {len(checks)} · {NO_DERIVED_VALUES}",
    )


def sources(
    knowledge: KnowledgeBase, texts: Mapping[str, object], checks: Sequence[FactCheck]
) -> Listing:
    """Each source with how many facts cite it and whether their quotes verify."""
    rows: list[Row] = []
    for source in knowledge.sources:
        citing = [check for check in checks if check.source == source.id]
        proven = sum(check.ok for check in citing)
        rows.append(
            {
                "id": source.id,
                "title": source.title,
                "publisher": source.publisher,
                "contact": source.contact,
                "file": source.file,
                "readable": isinstance(texts.get(source.id), str),
                "facts": len(citing),
                "verified": proven,
                "all_verified": proven == len(citing),
            }
        )
    return Listing(
        SOURCE_FIELDS,
        rows,
        ("id", "title", "publisher", "facts", "verified", "all_verified"),
        title="Sources",
    )


def _where(path: tuple[int | str, ...]) -> tuple[str | None, int | None, str | None]:
    """A problem's kind of record, record index and field, from its document path."""
    if not path or not isinstance(path[0], str):
        return None, None, None
    if path[0] not in KINDS:
        return None, None, dotted(path)
    if len(path) > 1 and isinstance(path[1], int):
        return path[0], path[1], dotted(path[2:]) or None
    return path[0], None, dotted(path[1:]) or None


def _record_id(document: Mapping[str, Any], kind: str | None, index: int | None) -> str | None:
    records = document.get(kind) if kind is not None else None
    if index is None or not isinstance(records, list) or index >= len(records):
        return None
    record = records[index]
    identifier = record.get("id") if isinstance(record, dict) else None
    return identifier if isinstance(identifier, str) else None
