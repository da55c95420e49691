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

The database is built in memory and written so that a reader never sees half of it (see
`write_database`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sqlite3
import stat
import tempfile
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


# What SQLite leaves beside a database while a program has it open, or after a writer
# crashed: read together with the database file by whoever opens it next.
COMPANIONS = ("-wal", "-journal", "-shm")
_HEADER = b"SQLite format 3\x00"


class ExportRefused(UsageError):
    """A destination that the export will not write: one that exists (without `--force`), one
    that is not a regular file, or one beside a stale journal it would be read with."""


class ExportFailed(OSError):
    """The written database did not pass SQLite's own integrity check."""


def write_database(knowledge: KnowledgeBase, destination: Path, *, replace: bool) -> bool:
    """Write the database to `destination`, so that whoever opens it next reads the new
    database and nothing else, and check it with SQLite's integrity check. Return whether it
    has its full-text indexes: not when this Python's SQLite lacks FTS5.

    A new file is made beside the destination and linked into place in one step that fails
    if another program made the destination meanwhile. An existing SQLite database (with
    `replace`) is overwritten through SQLite's backup API, under SQLite's own lock, so that a
    program that has it open, or a journal a crashed writer left, sees the new database, not a
    mix; its owner and mode stay. Raise `ExportRefused` or, if the result fails its check,
    `ExportFailed`.
    """
    existing = check_destination(destination, replace=replace)
    built, searchable = _built(knowledge)
    try:
        if existing and _is_database(destination) and _backed_up(built, destination):
            return searchable
        left = [destination.name + end for end in COMPANIONS if _exists(destination, end)]
        if left:
            raise ExportRefused(
                f"{', '.join(left)} beside {destination} belongs to the database there, and would "
                "be read with a new one: close the program that has it open, or remove "
                f"{' and '.join(left)} if none has"
            )
        _write_new(built, destination, replace=existing)
    finally:
        built.close()
    return searchable


def check_destination(destination: Path, *, replace: bool) -> bool:
    """Whether the destination exists; raise `ExportRefused` if it may not be written."""
    if str(destination) == "-":
        raise ExportRefused("a database is written to a file, not to stdout: name one")
    try:
        status = destination.lstat()
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(status.st_mode):
        kind = "a link" if stat.S_ISLNK(status.st_mode) else "not a regular file"
        raise ExportRefused(f"{destination} is {kind}; the export writes only regular files")
    if not replace:
        raise ExportRefused(f"{destination} exists; use --force to replace it")
    return True


def _exists(destination: Path, ending: str) -> bool:
    try:
        return destination.with_name(destination.name + ending).exists()
    except OSError:
        # A name too long to have that ending: no such file can exist.
        return False


def _is_database(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(_HEADER)) == _HEADER
    except OSError:
        return False


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


def _backed_up(built: sqlite3.Connection, destination: Path) -> bool:
    """Copy the database over an existing one with SQLite's backup API; False if SQLite
    cannot open that one (it may be damaged), so that it is replaced as a file instead."""
    try:
        target = sqlite3.connect(destination, timeout=10)
    except sqlite3.Error:
        return False
    try:
        built.backup(target)
        _check(target, destination)
    except sqlite3.DatabaseError:
        return False
    finally:
        target.close()
    return True


def _write_new(built: sqlite3.Connection, destination: Path, *, replace: bool) -> None:
    """Write a new file beside the destination, check it, and put it in place: replacing the
    old file with `replace`, else only if no file has appeared there meanwhile."""
    # A short name of its own: the destination's name may already be as long as names go.
    descriptor, name = tempfile.mkstemp(prefix=".aicompete-", suffix=".tmp", dir=destination.parent)
    temporary = Path(name)
    try:
        os.close(descriptor)
        _give_default_mode(temporary, destination if replace else None)
        target = sqlite3.connect(temporary)
        try:
            # The file is thrown away if anything fails: no journal is needed, nor left.
            target.execute("PRAGMA journal_mode = OFF")
            built.backup(target)
            _check(target, destination)
        finally:
            target.close()
        if replace:
            temporary.replace(destination)
        else:
            try:
                os.link(temporary, destination)
            except FileExistsError:
                raise ExportRefused(
                    f"{destination} was made by another program while the export ran; "
                    "use --force to replace it"
                ) from None
    finally:
        temporary.unlink(missing_ok=True)


def _give_default_mode(path: Path, replaced: Path | None) -> None:
    """The mode a new file gets from the umask (mkstemp's is 0600), or the replaced file's
    mode and, where allowed, its owner."""
    if replaced is not None:
        status = replaced.stat()
        path.chmod(stat.S_IMODE(status.st_mode))
        # Only the superuser may give a file to another user; anyone else keeps it theirs.
        with contextlib.suppress(OSError):
            os.chown(path, status.st_uid, status.st_gid)
        return
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o666 & ~umask)


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
