"""The knowledge base as a SQLite database, for sqlite3, sqlite-utils or Datasette.

Its tables are made from the declarations the rest of aicompete reads, so they cannot drift:

- one table per kind of record (`kinds.KINDS`), with the model's fields as columns, ids as
  primary keys and a foreign key for every declared reference; a list of text (aliases) is a
  JSON array, and a list of references (`after`), of amounts or of named figures is a table
  of its own (`event_after`, `campaign_amounts`, `event_figures`);
- a full-text index of each record table's prose (`events_fts` for `events`), the FTS5
  table of the shape sqlite-utils and Datasette look for, so that both search it as it is;
- one table per listing whose values aicompete derives or gathers (`dau_ranked`,
  `campaigns_usd`, `timeline`, `leadership`), holding that listing's rows exactly as every
  other output shows them, ranks and derived values included, and `rates_derived`, the
  exchange rates that conversions use.

The database is built in memory and written so that whoever opens the file reads the old
database or the new one whole (see `write_database`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import json
import os
import sqlite3
import stat
import time
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from aicompete.errors import UsageError
from aicompete.frozen import frozen
from aicompete.knowledge.kinds import BY_NAME, KINDS, Kind
from aicompete.knowledge.models import TEXT_PATTERN, KnowledgeBase, as_written
from aicompete.listings import campaigns, dau, leadership, timeline
from aicompete.listings.contract import Field, Listing
from aicompete.output import files


@frozen
class Table:
    """One table to write: its `CREATE TABLE` statement, its rows, and the columns that its
    full-text index holds (none: no index)."""

    name: str
    definition: str
    rows: list[tuple[object, ...]]
    searched: tuple[str, ...] = ()


# The listings the export holds as tables, in this order: each table's name, the kind of
# record its `id` column names, and the listing, built as its command builds it by default.
LISTING_TABLES: tuple[tuple[str, Kind, Callable[[KnowledgeBase], Listing]], ...] = (
    ("dau_ranked", BY_NAME["figure"], dau.build),
    ("campaigns_usd", BY_NAME["campaign"], campaigns.build),
    ("timeline", BY_NAME["event"], timeline.build),
    ("leadership", BY_NAME["event"], leadership.build),
)


# What SQLite keeps beside a database while a program has it open, or after a writer
# crashed: read together with whatever database file has the name next, so the export never
# renames a new database in beside one.
JOURNAL, WAL = "-journal", "-wal"
_HEADER = b"SQLite format 3\x00"
# How long the export waits for another program to finish with the old database, when it has
# a journal or a write-ahead log beside it, and how often it looks.
WAIT_SECONDS = 10.0
_LOOK_EVERY_SECONDS = 0.1
# The pages copied into the file at a time: between two steps, Ctrl-C and signals are heard.
_PAGES_PER_STEP = 256


class ExportRefused(UsageError):
    """A destination that the export will not write: one beside a journal that belongs to no
    database there."""


class ExportFailed(OSError):
    """The written database did not pass SQLite's own integrity check, or holds a number
    SQLite cannot."""


class DatabaseInUse(OSError):
    """Another program kept the old database busy, with its journal or write-ahead log beside
    it, for longer than the export waits."""


def write_database(knowledge: KnowledgeBase, destination: Path, *, replace: bool) -> bool:
    """Write the database to `destination` whole, or leave the file there as it was, and
    check it with SQLite's integrity check. Return whether it has its full-text indexes: not
    when this Python's SQLite lacks FTS5.

    The database is built in memory, copied into a temporary file beside the destination
    (`output.files`) and renamed into place: the old file is never written into, so a full
    disk or a kill leaves it whole, and a program that has it open goes on reading it until
    it opens the name again. Raise `files.Refused`, `files.Overtaken`, `ExportRefused`,
    `DatabaseInUse`, `ExportFailed`, or `OSError` (a full disk as ENOSPC).
    """
    built, searchable = _built(knowledge)
    try:
        with files.replacing(
            destination, replace=replace, before_rename=lambda: _settle(destination)
        ) as temporary:
            target = sqlite3.connect(temporary.path)
            try:
                # The file is thrown away if anything fails: no journal is needed, nor left;
                # it is flushed to the disk once whole.
                target.execute("PRAGMA journal_mode = OFF")
                target.execute("PRAGMA synchronous = OFF")
                built.backup(target, pages=_PAGES_PER_STEP, progress=_heard)
                _check(target, destination)
            except sqlite3.OperationalError as error:
                raise _disk_full(error) or error from None
            finally:
                target.close()
    finally:
        built.close()
    return searchable


def _heard(_status: int, _remaining: int, _total: int) -> None:
    """Called between two steps of the copy: Python runs the handlers of Ctrl-C and of
    signals here, where one long step would keep them waiting."""


def _disk_full(error: sqlite3.OperationalError) -> OSError | None:
    """SQLite's `SQLITE_FULL` as the `OSError` of a full disk, said as every output says it."""
    if getattr(error, "sqlite_errorcode", None) == 13 or "disk is full" in str(error):
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return None


def _settle(destination: Path) -> None:
    """Make sure that no journal or write-ahead log beside the destination would be read with
    the new database, waiting up to `WAIT_SECONDS` for another program to finish with the old
    one.

    A program reading the old database in rollback-journal mode needs nothing: it keeps its
    open file, which the rename leaves alone. A journal left by a writer that crashed is played
    back into the old database by SQLite, as any program that opened it would do, and a
    write-ahead log that no program uses any more is folded into it; one that a program is
    using (a writer's journal, a database open in WAL mode) is waited for, then refused.
    """
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        left = _companions(destination, unfinished=True)
        if not left:
            return
        if not _is_database(destination):
            raise ExportRefused(
                f"{' and '.join(left)} beside {destination} belongs to no database there, and "
                "SQLite would read it with the new database as its own: export to another name"
            )
        if _writable_by_sqlite(destination, left):
            # No writer: a journal still there is an idle one, whose header says it holds
            # nothing to play back (journal_mode PERSIST).
            left = _companions(destination, unfinished=False)
            if not left:
                return
        if time.monotonic() >= deadline:
            raise DatabaseInUse(
                errno.EBUSY,
                f"another program is using the database there ({' and '.join(left)} beside "
                f"it) and still was after {WAIT_SECONDS:g} seconds: close it and export again",
            )
        time.sleep(_LOOK_EVERY_SECONDS)


def _companions(destination: Path, *, unfinished: bool) -> list[str]:
    """The journal and the write-ahead log beside the destination that SQLite could read with
    it: any write-ahead log, and a journal that is not empty; a journal whose header says it
    holds nothing to play back (all a writer's is until it commits) only if `unfinished`."""
    found = []
    journal = _beside(destination, JOURNAL)
    first = _first_bytes(journal, 1)
    if first and (unfinished or first != b"\x00"):
        found.append(journal.name)
    with contextlib.suppress(OSError):
        if _beside(destination, WAL).exists():
            found.append(_beside(destination, WAL).name)
    return found


def _beside(destination: Path, ending: str) -> Path:
    return destination.with_name(destination.name + ending)


def _writable_by_sqlite(destination: Path, left: list[str]) -> bool:
    """Whether SQLite can begin writing the old database at once, which no other writer is
    doing then: opening it, SQLite plays back a crashed writer's journal, and closing it, folds
    a write-ahead log that nobody else has open into the database. Raise `ExportRefused` when
    SQLite cannot for another reason than a program that is using the database."""
    try:
        connection = sqlite3.connect(destination, timeout=0, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return False
        failure = str(error)
    except sqlite3.Error as error:
        failure = str(error)
    else:
        return True
    raise ExportRefused(
        f"{' and '.join(left)} beside {destination} cannot be settled by SQLite ({failure}): "
        "export to another name"
    )


def _is_database(path: Path) -> bool:
    return _first_bytes(path, len(_HEADER)) == _HEADER


def _first_bytes(path: Path, count: int) -> bytes:
    """The first bytes of a regular file; none of anything else, which is not waited on (a
    pipe put in its place), nor of a file that is not there or whose name is too long."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return b""
    try:
        return os.read(descriptor, count) if stat.S_ISREG(os.fstat(descriptor).st_mode) else b""
    except OSError:
        return b""
    finally:
        os.close(descriptor)


def _built(knowledge: KnowledgeBase) -> tuple[sqlite3.Connection, bool]:
    """The whole database, in memory: nothing touches the disk until it is complete; and
    whether it has its full-text indexes."""
    connection = sqlite3.connect(":memory:")
    connection.execute("PRAGMA foreign_keys = ON")
    searchable = True
    for table in tables(knowledge):
        connection.execute(table.definition)
        if table.rows:
            marks = ", ".join("?" * len(table.rows[0]))
            try:
                connection.executemany(f"INSERT INTO {table.name} VALUES ({marks})", table.rows)
            except OverflowError:
                raise ExportFailed(_too_large(table)) from None
        if table.searched and searchable:
            searchable = _indexed(connection, table)
    connection.commit()
    return connection, searchable


# The integers SQLite holds: 64 bits, signed.
_LARGEST = 2**63 - 1


def _too_large(table: Table) -> str:
    """What is too large for SQLite in the table: the first such number, and its row's id.

    Validation keeps stated figures within 64 bits; a derived one (an amount converted at a
    rate) can still go beyond."""
    for number, row in enumerate(table.rows, start=1):
        for value in row:
            if isinstance(value, int) and not -_LARGEST - 1 <= value <= _LARGEST:
                return (
                    f"{table.name}, row {number}: {value} is beyond the 64-bit integers "
                    "SQLite holds"
                )
    return f"{table.name}: a number is beyond the 64-bit integers SQLite holds"


def _indexed(connection: sqlite3.Connection, table: Table) -> bool:
    """Add the table's full-text index, filled with its rows; False, and no index, if this
    SQLite lacks FTS5.

    sqlite-utils (`search`) and Datasette (its search box) find the index of a table by its
    `CREATE` statement: an FTS table whose `content=` names the table. Such an index keeps
    no copy of the text: it reads each match's text from the table's row of the same rowid.
    """
    columns = ", ".join(_quoted(column) for column in table.searched)
    try:
        connection.execute(
            f"CREATE VIRTUAL TABLE {table.name}_fts USING fts5({columns}, "
            f"content={_quoted(table.name)})"
        )
    except sqlite3.OperationalError as error:
        if "no such module" in str(error):
            return False
        raise
    connection.execute(
        f"INSERT INTO {table.name}_fts (rowid, {columns}) SELECT rowid, {columns} FROM {table.name}"
    )
    return True


def _check(connection: sqlite3.Connection, destination: Path) -> None:
    found = connection.execute("PRAGMA integrity_check").fetchall()
    if found != [("ok",)]:
        problems = "; ".join(str(row[0]) for row in found[:3])
        raise ExportFailed(f"{destination}: the written database fails its check: {problems}")


def tables(knowledge: KnowledgeBase) -> Iterator[Table]:
    """Every table of the database, each after the tables it refers to."""
    for kind in KINDS:
        yield from _kind_tables(kind, getattr(knowledge, kind.table))
    for name, kind, build in LISTING_TABLES:
        yield _listing_table(name, kind, build(knowledge))
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
    searched: list[str] = []
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
        elif dataclasses.is_dataclass(base):
            # A small record in a field (a campaign's `start`): a column for each of its parts.
            for part in dataclasses.fields(base):
                part_hint = typing.get_type_hints(base, include_extras=True)[part.name]
                part_base, _, part_checks = _unwrap(part_hint)
                columns.append(_column(f"{field.name}_{part.name}", part_base, True, part_checks))
                stored.append(f"{field.name}.{part.name}")
        else:
            column = _column(field.name, base, nullable, checks)
            if field.name == "id":
                column += " PRIMARY KEY"
            if field.name in targets:
                column += f" REFERENCES {targets[field.name].table}(id)"
            columns.append(column)
            stored.append(field.name)
            if _is_prose(hints[field.name]):
                searched.append(field.name)
    rows = [tuple(_stored(_value(record, name)) for name in stored) for record in records]
    yield Table(kind.table, _create(kind.table, columns), rows, tuple(searched))
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
    """Named values (an event's `figures`, a fact's `inferred` reasons): a row for each name,
    with the value, or each part of the small record it names (an inference's `value`, as the
    knowledge file writes it, and `why`)."""
    name = f"{kind.name}_{field}"
    parts = (
        [part.name for part in dataclasses.fields(value_hint)]
        if dataclasses.is_dataclass(value_hint)
        else []
    )
    hints = typing.get_type_hints(value_hint, include_extras=True) if parts else {}
    columns = [
        _owner(kind),
        "name TEXT NOT NULL",
        *(
            [_column(part, *_unwrap(hints[part])) for part in parts]
            if parts
            else [_column("value", *_unwrap(value_hint))]
        ),
        f"PRIMARY KEY ({_quoted(kind.name)}, name)",
    ]
    rows: list[tuple[object, ...]] = [
        (
            record.id,
            key,
            *((_stored(as_written(getattr(value, part))) for part in parts) if parts else (value,)),
        )
        for record in records
        for key, value in (getattr(record, field) or {}).items()
    ]
    return Table(name, _create(name, columns), rows)


def _value(record: Any, name: str) -> object:
    """A field's value, or a part's of the small record a field holds (`start.date`)."""
    field, _, part = name.partition(".")
    value = getattr(record, field)
    return getattr(value, part) if part and value is not None else value


def _owner(kind: Kind) -> str:
    return f"{_quoted(kind.name)} TEXT NOT NULL REFERENCES {kind.table}(id)"


def _column(name: str, hint: Any, nullable: bool, checks: Sequence[str]) -> str:
    sql_type = {int: "INTEGER", float: "REAL"}.get(hint, "TEXT")
    column = f"{_quoted(name)} {sql_type}"
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
        # Unique but not the primary key: Datasette shows a table without one in the order of
        # its rows, the listing's own (a timeline earliest first), where it sorts by a key.
        return definition + f" NOT NULL UNIQUE REFERENCES {kind.table}(id)"
    return definition + ("" if field.nullable else " NOT NULL")


def _unwrap(hint: Any) -> tuple[Any, bool, list[str]]:
    """A field's type without `Annotated` and `None`: the type, whether it may be null, and
    the checks its bounds ask for."""
    checks: list[str] = []
    nullable = False
    while True:
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            members = [member for member in typing.get_args(hint) if member is not type(None)]
            nullable = nullable or len(members) < len(typing.get_args(hint))
            if len(members) > 1:
                # A number written as an integer or as decimal text (a figure's value): a
                # real number to SQLite, which reads the text as one.
                return float, nullable, []
            hint = members[0]
        elif typing.get_origin(hint) is typing.Annotated:
            hint, *metadata = typing.get_args(hint)
            for bound in metadata:
                constraints = getattr(bound, "constraints", {})
                checks += [f">= {constraints['ge']}"] if "ge" in constraints else []
                checks += [f"<= {constraints['le']}"] if "le" in constraints else []
        else:
            return hint, nullable, checks


def _is_prose(hint: Any) -> bool:
    """Whether a field holds text to read, `Text` or a list of it (names, summaries, roles,
    quotes), which is what a search looks in; not ids, codes, dates or categories, whose
    types have patterns or choices of their own."""
    while True:
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            hint = next(member for member in typing.get_args(hint) if member is not type(None))
        elif origin is typing.Annotated:
            hint, *metadata = typing.get_args(hint)
            patterns = [getattr(bound, "constraints", {}).get("pattern") for bound in metadata]
            if TEXT_PATTERN in patterns:
                return True
        elif origin is tuple:
            hint = typing.get_args(hint)[0]
        else:
            return False


def _stored(value: object) -> object:
    """A value as SQLite keeps it: a list of text (aliases, ids) as a JSON array."""
    if isinstance(value, (tuple, list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _create(name: str, columns: Sequence[str]) -> str:
    body = ",\n    ".join(columns)
    return f"CREATE TABLE {name} (\n    {body}\n)"


def _quoted(name: str) -> str:
    """A column name as SQL reads it: `when` and `after` are keywords."""
    return f'"{name}"'
