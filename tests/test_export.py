"""`aicompete export`: a real SQLite database, queried back with sqlite3, written whole and
renamed into place: the old database kept beside another program's reader, writer or journal,
on a full disk, when stopped by a signal, and among parallel runs."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from tests import fictional
from tests.conftest import ROOT, FactsFile, Run, fill_disk, json_output, left_beside

RECORD_TABLES = (
    "sources",
    "metrics",
    "companies",
    "apps",
    "people",
    "figures",
    "campaigns",
    "rates",
    "events",
)


def _export(run: Run, path: Path) -> sqlite3.Connection:
    result = run("export", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"Wrote {path}\n"
    return sqlite3.connect(path)


def test_tables_hold_every_record_with_source_and_quote(run: Run, tmp_path: Path) -> None:
    db = _export(run, tmp_path / "facts.db")
    counts = {
        table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("sources", "companies", "apps", "people", "figures", "campaigns", "events")
    }
    assert counts == {
        "sources": 1,
        "companies": 5,
        "apps": 4,
        "people": 6,
        "figures": 3,
        "campaigns": 4,
        "events": 26,
    }
    assert db.execute(
        "SELECT COUNT(*) FROM figures WHERE quote = '' OR source IS NULL"
    ).fetchone() == (0,)
    assert db.execute(
        "SELECT * FROM campaign_amounts WHERE campaign LIKE 'yuanbao%' OR campaign LIKE 'doubao%'"
    ).fetchall() == [
        ("yuanbao-cash-red-packets", 1_000_000_000, "CNY", "exact"),
        ("yuanbao-cash-red-packets", 145_000_000, "USD", "exact"),
    ]
    assert db.execute("SELECT aliases FROM companies WHERE id = 'alibaba'").fetchone() == (
        '["Alibaba Group"]',
    )
    assert db.execute("SELECT * FROM event_after WHERE event = 'ma-school-visit'").fetchall() == [
        ("ma-school-visit", "ma-visits-qwen-team"),
        ("ma-school-visit", "spring-festival-record-dau"),
    ]
    assert db.execute("SELECT * FROM event_figures ORDER BY event").fetchall() == [
        ("lin-born-1993-p10", "born", 1993),
        ("lin-led-qwen3-max", "parameters_more_than", 10**12),
    ]


def test_foreign_keys_hold(run: Run, tmp_path: Path) -> None:
    db = _export(run, tmp_path / "facts.db")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    references = db.execute("SELECT * FROM pragma_foreign_key_list('figures')").fetchall()
    assert {(row[3], row[2]) for row in references} == {
        ("metric", "metrics"),
        ("app", "apps"),
        ("company", "companies"),
        ("measured_by", "companies"),
        ("reported_via", "companies"),
        ("source", "sources"),
    }
    events = db.execute("SELECT * FROM pragma_foreign_key_list('event_after')").fetchall()
    assert {(row[3], row[2]) for row in events} == {("event", "events"), ("after", "events")}


def test_derived_tables_hold_the_listings_rows(run: Run, tmp_path: Path) -> None:
    db = _export(run, tmp_path / "facts.db")
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"dau_ranked", "campaigns_usd", "timeline", "leadership", "rates_derived"} <= tables
    assert db.execute("SELECT app, value, share_of_leader_derived FROM dau_ranked").fetchall() == [
        ("Doubao", 145000000, 1.0),
        ("Qwen", 73520000, 0.507),
        ("Yuanbao", 40540000, 0.2796),
    ]
    usd = dict(db.execute("SELECT app_id, amount_usd_derived FROM campaigns_usd").fetchall())
    assert usd == {"qwen": 435000000, "yuanbao": None, "wenxin": 72500000, "doubao": None}
    assert db.execute("SELECT * FROM rates_derived ORDER BY base").fetchall() == [
        ("CNY", "USD", 0.145, "yuanbao-cash-red-packets"),
        ("USD", "CNY", float(Fraction(1000, 145)), "yuanbao-cash-red-packets"),
    ]
    listed_as = {
        "dau_ranked": "dau",
        "campaigns_usd": "campaigns",
        "timeline": "timeline",
        "leadership": "leadership",
    }
    for table, command in listed_as.items():
        db.row_factory = sqlite3.Row
        exported = [dict(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
        listed = json_output(run, command)
        # Lists are JSON arrays in SQLite, as sqlite-utils stores them.
        for stored, row in zip(exported, listed, strict=True):
            for name, value in row.items():
                if isinstance(value, list):
                    stored[name] = json.loads(stored[name])
        assert exported == listed


def test_campaigns_usd_keeps_each_campaigns_name_and_description(run: Run, tmp_path: Path) -> None:
    db = _export(run, tmp_path / "facts.db")
    assert db.execute("SELECT id, name, campaign FROM campaigns_usd ORDER BY rowid").fetchall() == [
        ("qwen-spring-festival-treat", "Spring Festival Treat", '"Spring Festival Treat" campaign'),
        ("yuanbao-cash-red-packets", None, "Cash red packets"),
        ("wenxin-search-plus-ai", None, 'Investment in "search + AI" information distribution'),
        ("doubao-cmg-gala", None, "Exclusive partnership with the CMG Spring Festival Gala"),
    ]


def test_listing_tables_keep_the_listings_order_and_refer_to_their_records(
    run: Run, tmp_path: Path
) -> None:
    db = _export(run, tmp_path / "facts.db")
    timeline = [row["id"] for row in json_output(run, "timeline")]
    # No primary key: a reader that shows a table in the order of its rows shows the timeline.
    assert [row[0] for row in db.execute("SELECT id FROM timeline ORDER BY rowid")] == timeline
    assert [row[5] for row in db.execute("PRAGMA table_info(timeline)")] == [0] * 17
    for table, target in (("timeline", "events"), ("leadership", "events")):
        references = db.execute(f"SELECT * FROM pragma_foreign_key_list('{table}')").fetchall()
        assert [(row[3], row[2]) for row in references] == [("id", target)]


def _search_index(db: sqlite3.Connection, table: str) -> str | None:
    """The full-text index of `table` as sqlite-utils and Datasette find it: an FTS virtual
    table whose `content=` names the table."""
    found = db.execute(
        "SELECT name FROM sqlite_master WHERE rootpage = 0 AND "
        "(sql LIKE :quoted OR sql LIKE :bracketed)",
        {
            "quoted": f'%VIRTUAL TABLE%USING FTS%content="{table}"%',
            "bracketed": f"%VIRTUAL TABLE%USING FTS%content=[{table}]%",
        },
    ).fetchall()
    assert len(found) <= 1
    return found[0][0] if found else None


def test_every_record_table_has_a_search_index_of_its_prose(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    db = _export(run, path)
    indexed = {}
    for table in RECORD_TABLES:
        index = _search_index(db, table)
        assert index == f"{table}_fts"
        indexed[table] = [row[1] for row in db.execute(f"PRAGMA table_info({index})")]
        # Every row of the table is in its index, and the index agrees with the rows.
        assert (
            db.execute(f"SELECT COUNT(*) FROM {index}").fetchone()
            == db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
        )
        db.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
    # Text to read, from the kinds' declarations: never ids, references, codes, dates,
    # hashes or categories.
    assert indexed == {
        "sources": ["title", "publisher", "file", "url", "author"],
        "companies": ["name", "description", "quote", "aliases", "context"],
        "apps": ["name", "quote", "aliases", "context"],
        "metrics": ["name", "words"],
        "people": ["name", "role", "quote", "aliases", "context"],
        "figures": ["quote", "when", "reported_comparison", "context"],
        "campaigns": ["description", "quote", "name", "purpose", "reach", "context"],
        "rates": ["quote", "context"],
        "events": ["summary", "quote", "when", "context"],
    }
    # Listings and lists are not records: they have no index of their own.
    assert _search_index(db, "timeline") is None
    assert _search_index(db, "event_after") is None
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_a_search_finds_records_through_their_table(run: Run, tmp_path: Path) -> None:
    db = _export(run, tmp_path / "facts.db")

    def found(table: str, query: str) -> list[str]:
        return [
            row[0]
            for row in db.execute(
                f"SELECT {table}.id FROM {table}_fts JOIN {table} "
                f"ON {table}.rowid = {table}_fts.rowid "
                f"WHERE {table}_fts MATCH ? ORDER BY {table}_fts.rank, {table}.id",
                (query,),
            )
        ]

    assert found("events", "Junyang") == ["wu-internal-email"]
    assert found("events", '"Lin Junyang"') == ["wu-internal-email"]
    assert found("people", "Junyang") == ["lin-junyang"]
    assert found("people", 'role:"post-training"') == ["yu-bowen"]
    assert found("campaigns", "red packets") == ["yuanbao-cash-red-packets"]
    # References are not searched: every person cites the source `chinadaily-qwen`.
    assert found("people", "chinadaily") == []


class _WithoutFts5(sqlite3.Connection):
    """A connection to a SQLite built without FTS5, as some Pythons' are."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        if "USING fts5" in sql:
            raise sqlite3.OperationalError("no such module: fts5")
        return super().execute(sql, parameters)


def test_export_without_fts5_has_no_search_indexes_and_says_so(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "facts.db"
    monkeypatch.setattr(
        sqlite3, "connect", functools.partial(sqlite3.connect, factory=_WithoutFts5)
    )
    result = run("export", str(path))
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Wrote {path}, without search indexes: this Python's SQLite has no FTS5\n"
    )
    db = sqlite3.connect(path)
    assert db.execute("SELECT name FROM sqlite_master WHERE name LIKE '%fts%'").fetchall() == []
    assert db.execute("SELECT COUNT(*) FROM events").fetchone() == (26,)
    assert db.execute("SELECT COUNT(*) FROM timeline").fetchone()[0] > 0
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_ties_share_a_rank_in_every_output_and_in_the_export(
    run: Run, facts_file: FactsFile, tmp_path: Path
) -> None:
    facts = facts_file(("value = 73520000", "value = 40540000"))
    rows = json_output(run, "--facts", str(facts), "dau")
    assert [(row["app"], row["rank"]) for row in rows] == [
        ("Doubao", 1),
        ("Qwen", 2),
        ("Yuanbao", 2),
    ]
    table = run("--facts", str(facts), "dau").stdout
    assert [line.split()[:2] for line in table.splitlines() if "40.54M" in line] == [
        ["2", "Qwen"],
        ["2", "Yuanbao"],
    ]
    csv = run("--facts", str(facts), "dau", "--format", "csv", "--fields", "rank,app").stdout
    assert csv == "rank,app\n1,Doubao\n2,Qwen\n2,Yuanbao\n"
    assert run("--facts", str(facts), "export", str(tmp_path / "tie.db")).exit_code == 0
    db = sqlite3.connect(tmp_path / "tie.db")
    assert db.execute("SELECT app, rank FROM dau_ranked ORDER BY rowid").fetchall() == [
        ("Doubao", 1),
        ("Qwen", 2),
        ("Yuanbao", 2),
    ]
    assert rows[1]["share_of_leader_derived"] == rows[2]["share_of_leader_derived"] == 0.2796


def test_existing_file_is_replaced_only_with_force(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    path.write_text("keep me", encoding="utf-8")
    result = run("export", str(path))
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert path.read_text(encoding="utf-8") == "keep me"
    assert run("export", str(path), "--force").exit_code == 0
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM apps").fetchone() == (4,)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_unwritable_destination_is_a_clean_error(run: Run, tmp_path: Path) -> None:
    result = run("export", str(tmp_path / "missing" / "facts.db"))
    assert result.exit_code == 1
    assert result.stderr.startswith("aicompete: error:")
    assert "cannot write" in result.stderr


def _tables(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _quick_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """The export's wait for another program, cut short: what happens after it is tested."""
    from aicompete.output import sqlite as sqlite_output

    monkeypatch.setattr(sqlite_output, "WAIT_SECONDS", 0.3)


def test_export_over_a_database_open_in_wal_mode_waits_then_keeps_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new database renamed in beside another's write-ahead log would be read through that
    log: the export waits for the program to close it, then says so, and keeps the old one."""
    _quick_wait(monkeypatch)
    path = tmp_path / "facts.db"
    other = sqlite3.connect(path)
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("CREATE TABLE old_stuff (x)")
    other.execute("INSERT INTO old_stuff VALUES (1)")
    other.commit()
    assert (tmp_path / "facts.db-wal").exists()
    result = run("export", str(path), "--force")
    assert result.exit_code == 1, result.stderr
    assert result.stderr.count("\n") == 1
    assert "facts.db-wal" in result.stderr and "close it and export again" in result.stderr
    assert "remove" not in result.stderr and "delete" not in result.stderr
    assert other.execute("SELECT x FROM old_stuff").fetchall() == [(1,)]
    other.close()
    # Closed, its log folded back into it: the export replaces it.
    assert run("export", str(path), "--force").exit_code == 0
    assert "old_stuff" not in _tables(path) and "dau_ranked" in _tables(path)
    assert left_beside(tmp_path, "facts.db") == []


def test_export_behind_a_reader_in_rollback_mode_is_not_blocked(tmp_path: Path) -> None:
    """A reader holding a read transaction (a sqlite3 shell, a notebook's cursor) keeps its
    open file: the new database is renamed in without waiting, and the reader still reads the
    old one until it opens the name again."""
    path = tmp_path / "facts.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE old_stuff (x)")
        db.execute("INSERT INTO old_stuff VALUES (1)")
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"db = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
            "db.execute('BEGIN')\n"
            "print(db.execute('SELECT x FROM old_stuff').fetchall(), flush=True)\n"
            "sys.stdin.readline()\n"
            "print(db.execute('SELECT x FROM old_stuff').fetchall(), flush=True)\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdin is not None
        assert reader.stdout.readline() == "[(1,)]\n"
        # In a process of its own: an export that blocked would fail the test, not hang it.
        env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
        done = subprocess.run(
            [sys.executable, "-m", "aicompete", "export", str(path), "--force"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "dau_ranked" in _tables(path) and "old_stuff" not in _tables(path)
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline() == "[(1,)]\n"
    finally:
        reader.kill()
        reader.wait(timeout=60)
    assert left_beside(tmp_path, "facts.db") == []


def test_export_behind_a_writer_waits_a_bounded_time_then_says_so(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer mid-transaction in rollback-journal mode has its journal beside the file:
    the export waits for it, within a bound, then says so in one line and keeps the file."""
    _quick_wait(monkeypatch)
    path = tmp_path / "facts.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE old_stuff (x)")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO old_stuff VALUES (2)")
    assert (tmp_path / "facts.db-journal").exists()
    result = run("export", str(path), "--force")
    assert result.exit_code == 1, result.stderr
    assert result.stderr.count("\n") == 1
    assert "facts.db-journal" in result.stderr and "close it and export again" in result.stderr
    assert "remove" not in result.stderr and "delete" not in result.stderr
    writer.execute("COMMIT")
    writer.close()
    assert "old_stuff" in _tables(path)
    assert left_beside(tmp_path, "facts.db") == []


def test_a_crashed_writers_journal_is_never_read_into_the_new_database(
    run: Run, tmp_path: Path
) -> None:
    """A writer killed mid-transaction leaves a hot journal: SQLite plays it back into the old
    file, as any reader would, before the new one takes the name, so that it is never played
    into the new one."""
    path = tmp_path / "facts.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE old_stuff (x)")
        db.executemany("INSERT INTO old_stuff VALUES (?)", [("x" * 500,)] * 2000)
    crash = (
        "import os, sqlite3\n"
        f"db = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        # A cache of one page: the change goes to the file before the transaction ends.
        "db.execute('PRAGMA cache_size = 1')\n"
        "db.execute('BEGIN')\n"
        "db.execute(\"UPDATE old_stuff SET x = 'y'\")\n"
        "os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", crash], check=False, timeout=60)
    journal = tmp_path / "facts.db-journal"
    assert journal.stat().st_size > 0
    result = run("export", str(path), "--force")
    assert result.exit_code == 0, result.stderr
    assert not journal.exists()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT COUNT(*) FROM apps").fetchone() == (4,)
    assert left_beside(tmp_path, "facts.db") == []


def test_export_on_a_full_disk_keeps_the_old_database(run: Run, small_disk: Path) -> None:
    path = small_disk / "facts.db"
    assert run("export", str(path)).exit_code == 0
    before = path.read_bytes()
    fill_disk(small_disk, leave=64 * 1024)
    result = run("export", str(path), "--force")
    assert result.exit_code == 1, result.stderr
    assert result.stderr == (
        f"aicompete: error: {path}: cannot write: No space left on device; {path} is as it was\n"
    )
    assert path.read_bytes() == before
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert left_beside(small_disk, "facts.db", "filler") == []


def test_export_over_a_damaged_file_with_force_replaces_it(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 100)
    assert run("export", str(path), "--force").exit_code == 0
    assert "dau_ranked" in _tables(path)


@pytest.mark.parametrize("kind", ["fifo", "link", "folder"])
def test_export_refuses_what_is_not_a_regular_file(run: Run, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link":
        (tmp_path / "elsewhere.db").write_bytes(b"keep")
        path.symlink_to(tmp_path / "elsewhere.db")
    else:
        path.mkdir()
    result = run("export", str(path), "--force")
    assert result.exit_code == 2, result.stderr
    assert any(why in result.stderr for why in ("regular file", "a link", "is a directory"))
    assert path.is_symlink() == (kind == "link")
    if kind == "link":
        assert (tmp_path / "elsewhere.db").read_bytes() == b"keep"


def test_parallel_exports_without_force_write_once(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "aicompete", "export", str(path)]
    runs = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE) for _ in range(8)]
    codes = [process.wait(timeout=120) for process in runs]
    assert sorted(codes) == [0] + [2] * 7
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == ["facts.db"]


def test_parallel_forced_exports_all_succeed_and_the_last_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "aicompete", "export", str(path), "--force"]
    runs = [
        subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(10)
    ]
    said = [process.communicate(timeout=300)[1] for process in runs]
    assert [process.returncode for process in runs] == [0] * 10, said
    assert all("--force" not in text for text in said)
    assert "dau_ranked" in _tables(path)
    assert left_beside(tmp_path, "facts.db") == []


def test_the_temporaries_of_killed_runs_are_pruned_by_the_next(run: Run, tmp_path: Path) -> None:
    """Left by a killed run: a minute old and locked by nobody. A younger one, or one that a
    live run holds locked, may still be being written."""
    import fcntl

    abandoned = tmp_path / ".aicompete-1-abandoned.tmp"
    young = tmp_path / ".aicompete-2-young.tmp"
    alive = tmp_path / ".aicompete-3-alive.tmp"
    other = tmp_path / ".someone-else.tmp"
    for path in (abandoned, young, alive, other):
        path.write_bytes(b"x" * 1000)
    an_hour_ago = time.time() - 3600
    for path in (abandoned, alive, other):
        os.utime(path, (an_hour_ago, an_hour_ago))
    with alive.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert run("export", str(tmp_path / "facts.db")).exit_code == 0
    assert left_beside(tmp_path, "facts.db") == sorted(path.name for path in (young, alive, other))


def test_a_signal_while_export_waits_stops_it_at_once(tmp_path: Path) -> None:
    """The export waits for a writer in short steps, in Python: SIGTERM (or Ctrl-C) during the
    wait stops it as anywhere else, and leaves nothing behind."""
    path = tmp_path / "facts.db"
    probe = f"""
import os, signal, sqlite3, sys
from aicompete import core
from aicompete.output import sqlite
with sqlite3.connect({str(path)!r}) as db:
    db.execute("CREATE TABLE old_stuff (x)")
writer = sqlite3.connect({str(path)!r}, isolation_level=None)
writer.execute("BEGIN IMMEDIATE")
writer.execute("INSERT INTO old_stuff VALUES (1)")
# The writer is another program's: its journal goes with it, as the process leaves.
import atexit
atexit.register(writer.close)
real_sleep = sqlite.time.sleep
def sleep(seconds):
    os.kill(os.getpid(), signal.SIGTERM)
    real_sleep(seconds)
sqlite.time.sleep = sleep
sys.argv = ["aicompete", "export", {str(path)!r}, "--force"]
core.main()
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert done.stderr == f"aicompete: stopped by signal {int(signal.SIGTERM)}\n"
    assert left_beside(tmp_path, "facts.db") == []


def test_a_long_file_name_and_the_umask_are_respected(run: Run, tmp_path: Path) -> None:
    path = tmp_path / ("f" * 250 + ".db")
    old = os.umask(0o027)
    try:
        assert run("export", str(path)).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    path.chmod(0o644)
    assert run("export", str(path), "--force").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == [path.name]


@pytest.mark.parametrize("where", ["_built", "_check"])
def test_a_stopped_export_leaves_nothing_behind(tmp_path: Path, where: str) -> None:
    """SIGTERM while the database is built, and once its temporary file is written: what was
    written is removed as on an interrupt."""
    probe = f"""
import os, signal, sys
from aicompete import core
from aicompete.output import sqlite
original = sqlite.{where}
def stopped(*arguments):
    found = original(*arguments)
    os.kill(os.getpid(), signal.SIGTERM)
    return found
sqlite.{where} = stopped
sys.argv = ["aicompete", "export", {str(tmp_path / "facts.db")!r}]
core.main()
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert done.returncode == 128 + signal.SIGTERM
    assert done.stderr == f"aicompete: stopped by signal {int(signal.SIGTERM)}\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == []


def test_a_derived_number_beyond_64_bits_is_refused_in_one_line(run: Run, tmp_path: Path) -> None:
    """Validation keeps stated figures within 64 bits; an amount converted at a FICTIONAL
    rate of 10^30 yuan to the euro goes beyond, and the export says where instead of failing
    as a bug."""
    facts = fictional.write(tmp_path)
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace('value = "7.8"', f'value = "{10**30}"'), encoding="utf-8")
    result = run("--facts", str(facts), "export", str(tmp_path / "facts.db"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"aicompete: error: {tmp_path / 'facts.db'}: cannot write: ")
    assert "is beyond the 64-bit integers SQLite holds" in result.stderr
    assert "bug" not in result.stderr
    assert not (tmp_path / "facts.db").exists()
