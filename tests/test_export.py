"""`aicompete export`: a real SQLite database, queried back with sqlite3."""

from __future__ import annotations

import functools
import json
import sqlite3
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FactsFile, Run, json_output

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
