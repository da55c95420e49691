"""`aicompete validate`: every problem of a knowledge file, with its kind, id, field and line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

from aicompete.knowledge.kinds import BY_TABLE
from aicompete.knowledge.problems import Problem, dotted
from aicompete.listings.contract import Field, Listing, Row

FIELDS = (
    Field("file", "string", "The knowledge file", "File"),
    Field(
        "kind",
        "string",
        "Kind of record (dau, campaign...), if the problem is in one",
        "Kind",
        nullable=True,
    ),
    Field("id", "string", "Id of the record, if it has one", "Id", nullable=True),
    Field("field", "string", "The key, below the record if in one", "Field", nullable=True),
    Field("line", "integer", "Line of the file where it can be found", "Line", nullable=True),
    Field("message", "string", "What is wrong", "Problem", "long"),
)


def build(file: str, document: Mapping[str, Any], found: Sequence[Problem]) -> Listing:
    """The problems of one knowledge file, each with its kind, record id, field and line."""
    rows: list[Row] = []
    for problem in found:
        table, index, field = _where(problem.path)
        rows.append(
            {
                "file": file,
                "kind": BY_TABLE[table].name if table else None,
                "id": _record_id(document, table, index),
                "field": field,
                "line": problem.line,
                "message": problem.message,
            }
        )
    count = f"{len(rows)} problem{'s' * (len(rows) != 1)}"
    return Listing(
        FIELDS,
        rows,
        ("kind", "id", "field", "line", "message"),
        title=f"{PurePath(file).name}: {count}",
    )


def _where(path: tuple[int | str, ...]) -> tuple[str | None, int | None, str | None]:
    """A problem's table of records, record index and field, from its document path."""
    if not path or not isinstance(path[0], str):
        return None, None, None
    if path[0] not in BY_TABLE:
        return None, None, dotted(path)
    if len(path) > 1 and isinstance(path[1], int):
        return path[0], path[1], dotted(path[2:]) or None
    return path[0], None, dotted(path[1:]) or None


def _record_id(document: Mapping[str, Any], table: str | None, index: int | None) -> str | None:
    records = document.get(table) if table is not None else None
    if index is None or not isinstance(records, list) or index >= len(records):
        return None
    record = records[index]
    identifier = record.get("id") if isinstance(record, dict) else None
    return identifier if isinstance(identifier, str) else None
