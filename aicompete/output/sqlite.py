"""The knowledge base as a SQLite database, for sqlite3, sqlite-utils or Datasette.

Its tables are made from the declarations the rest of aicompete reads, so they cannot drift:

- one table per kind of record (`kinds.KINDS`), with the model's fields as columns, ids as
  primary keys and a foreign key for every declared reference; a list of text (aliases) is a
  JSON array, and a list of references (`after`), of amounts or of named figures is a table
  of its own (`event_after`, `campaign_amounts`, `event_figures`);
- one table per listing whose values aicompete derives (`dau_ranked`, `campaigns_usd`),
  holding that listing's rows exactly as every other output shows them, ranks and derived
  values included, and `usd_per_cny_derived`, the rate that conversions use.

The file is built beside its destination and renamed into place, so a reader never sees
half a database.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import tempfile
import types
import typing
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from aicompete.frozen import frozen
from aicompete.knowledge.kinds import BY_NAME, KINDS, Kind
from aicompete.knowledge.models import KnowledgeBase
from aicompete.listings import campaigns, dau
from aicompete.listings.contract import Field, Listing


@frozen
class Table:
    """One table to write: its `CREATE TABLE` statement and its rows."""

    name: str
    definition: str
    rows: list[tuple[object, ...]]


def write_database(knowledge: KnowledgeBase, destination: Path) -> None:
    """Write the database to `destination` atomically, replacing what is there."""
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent
    )
    os.close(descriptor)
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            for table in tables(knowledge):
                connection.execute(table.definition)
                if table.rows:
                    marks = ", ".join("?" * len(table.rows[0]))
                    connection.executemany(f"INSERT INTO {table.name} VALUES ({marks})", table.rows)
            connection.commit()
        finally:
            connection.close()
        Path(temporary).replace(destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def tables(knowledge: KnowledgeBase) -> Iterator[Table]:
    """Every table of the database, each after the tables it refers to."""
    for kind in KINDS:
        yield from _kind_tables(kind, getattr(knowledge, kind.table))
    yield _listing_table("dau_ranked", BY_NAME["dau"], dau.build(knowledge))
    yield _listing_table("campaigns_usd", BY_NAME["campaign"], campaigns.build(knowledge))
    rates = campaigns.known_rates(knowledge).values()
    yield Table(
        "rates_derived",
        "CREATE TABLE rates_derived (\n"
        "    base TEXT NOT NULL, counter TEXT NOT NULL, rate REAL NOT NULL,\n"
        "    stated_by TEXT NOT NULL, PRIMARY KEY (base, counter)\n)",
        [(rate.base, rate.counter, float(rate.value), rate.stated_by) for rate in rates],
    )


def _kind_tables(kind: Kind, records: Sequence[Any]) -> Iterator[Table]:
    """The table of one kind of record, then one for each field that holds several records."""
    hints = typing.get_type_hints(kind.model, include_extras=True)
    targets = {reference.field: BY_NAME[reference.kind] for reference in kind.references}
    columns: list[str] = []
    stored: list[str] = []
    lists: list[Table] = []
    for field in dataclasses.fields(kind.model):
        base, nullable, checks = _unwrap(hints[field.name])
        item = _unwrap(typing.get_args(base)[0])[0] if typing.get_origin(base) is tuple else None
        if typing.get_origin(base) is dict:
            value_hint = typing.get_args(base)[1]
            lists.append(_named_table(kind, field.name, value_hint, records))
        elif item is not None and field.name in targets:
            lists.append(_links_table(kind, field.name, targets[field.name], records))
        elif item is not None and dataclasses.is_dataclass(item):
            lists.append(_items_table(kind, field.name, item, records))
        else:
            column = _column(field.name, base, nullable, checks)
            if field.name == "id":
                column += " PRIMARY KEY"
            if field.name in targets:
                column += f" REFERENCES {targets[field.name].table}(id)"
            columns.append(column)
            stored.append(field.name)
    rows = [tuple(_stored(getattr(record, name)) for name in stored) for record in records]
    yield Table(kind.table, _create(kind.table, columns), rows)
    yield from lists


def _links_table(kind: Kind, field: str, target: Kind, records: Sequence[Any]) -> Table:
    """A list of references (an event's `after`): a row for each record it names."""
    name = f"{kind.name}_{field}"
    columns = [
        _owner(kind),
        f"{_quoted(field)} TEXT NOT NULL REFERENCES {target.table}(id)",
        f"PRIMARY KEY ({_quoted(kind.name)}, {_quoted(field)})",
    ]
    rows: list[tuple[object, ...]] = [
        (record.id, value) for record in records for value in getattr(record, field)
    ]
    return Table(name, _create(name, columns), rows)


def _items_table(kind: Kind, field: str, item: Any, records: Sequence[Any]) -> Table:
    """A list of small records (a campaign's amounts): a row for each, with its fields."""
    name = f"{kind.name}_{field}"
    hints = typing.get_type_hints(item, include_extras=True)
    parts = [part.name for part in dataclasses.fields(item)]
    columns = [_owner(kind), *(_column(part, *_unwrap(hints[part])) for part in parts)]
    rows: list[tuple[object, ...]] = [
        (record.id, *(getattr(value, part) for part in parts))
        for record in records
        for value in getattr(record, field)
    ]
    return Table(name, _create(name, columns), rows)


def _named_table(kind: Kind, field: str, value_hint: Any, records: Sequence[Any]) -> Table:
    """Named values (an event's `figures`, a fact's `inferred` reasons): a row for each name."""
    name = f"{kind.name}_{field}"
    columns = [
        _owner(kind),
        "name TEXT NOT NULL",
        _column("value", *_unwrap(value_hint)),
        f"PRIMARY KEY ({_quoted(kind.name)}, name)",
    ]
    rows: list[tuple[object, ...]] = [
        (record.id, key, value)
        for record in records
        for key, value in (getattr(record, field) or {}).items()
    ]
    return Table(name, _create(name, columns), rows)


def _owner(kind: Kind) -> str:
    return f"{_quoted(kind.name)} TEXT NOT NULL REFERENCES {kind.table}(id)"


def _column(name: str, hint: Any, nullable: bool, checks: Sequence[str]) -> str:
    column = f"{_quoted(name)} {'INTEGER' if hint is int else 'TEXT'}"
    column += "" if nullable else " NOT NULL"
    return column + "".join(f" CHECK ({_quoted(name)} {check})" for check in checks)


def _listing_table(name: str, kind: Kind, listing: Listing) -> Table:
    """A listing's rows as a table: the values every other output shows, derived ones too."""
    columns = [_listing_column(field, kind) for field in listing.fields]
    rows = [tuple(_stored(row[field.name]) for field in listing.fields) for row in listing.rows]
    return Table(name, _create(name, columns), rows)


def _listing_column(field: Field, kind: Kind) -> str:
    sql_type = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
    definition = f"{_quoted(field.name)} {sql_type.get(field.type, 'TEXT')}"
    if field.name == "id":
        return definition + f" PRIMARY KEY REFERENCES {kind.table}(id)"
    return definition + ("" if field.nullable else " NOT NULL")


def _unwrap(hint: Any) -> tuple[Any, bool, list[str]]:
    """A field's type without `Annotated` and `None`: the type, whether it may be null, and
    the checks its bounds ask for."""
    checks: list[str] = []
    nullable = False
    while True:
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            members = [member for member in typing.get_args(hint) if member is not type(None)]
            nullable = len(members) < len(typing.get_args(hint))
            hint = members[0]
        elif typing.get_origin(hint) is typing.Annotated:
            hint, *metadata = typing.get_args(hint)
            for bound in metadata:
                constraints = getattr(bound, "constraints", {})
                checks += [f">= {constraints['ge']}"] if "ge" in constraints else []
                checks += [f"<= {constraints['le']}"] if "le" in constraints else []
        else:
            return hint, nullable, checks


def _stored(value: object) -> object:
    """A value as SQLite keeps it: a list of text (aliases, ids) as a JSON array."""
    if isinstance(value, (tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _create(name: str, columns: Sequence[str]) -> str:
    body = ",\n    ".join(columns)
    return f"CREATE TABLE {name} (\n    {body}\n)"


def _quoted(name: str) -> str:
    """A column name as SQL reads it: `when` and `after` are keywords."""
    return f'"{name}"'
