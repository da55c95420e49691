"""`aicompete export`: a real SQLite database, queried back with sqlite3."""

from __future__ import annotations

import json
import sqlite3
from fractions import Fraction
from pathlib import Path

from tests.conftest import FactsFile, Run, json_output


def _export(run: Run, path: Path) -> sqlite3.Connection:
    result = run("export", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    return sqlite3.connect(path)


def test_tables_hold_every_record_with_source_and_quote(run: Run, tmp_path: Path) -> None:
    db = _export(run, tmp_path / "facts.db")
    counts = {
        table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("sources", "companies", "apps", "people", "dau", "campaigns", "events")
    }
    assert counts == {
        "sources": 1,
        "companies": 5,
        "apps": 4,
        "people": 6,
        "dau": 3,
        "campaigns": 4,
        "events": 26,
    }
    assert db.execute("SELECT COUNT(*) FROM dau WHERE quote = '' OR source IS NULL").fetchone() == (
        0,
    )
    assert db.execute(
        "SELECT * FROM campaign_amounts WHERE campaign LIKE 'yuanbao%' OR campaign LIKE 'doubao%'"
    ).fetchall() == [
        ("yuanbao-cash-red-packets", 1_000_000_000, "CNY"),
        ("yuanbao-cash-red-packets", 145_000_000, "USD"),
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
    references = db.execute("SELECT * FROM pragma_foreign_key_list('dau')").fetchall()
    assert {(row[3], row[2]) for row in references} == {
        ("app", "apps"),
        ("measured_by", "companies"),
        ("source", "sources"),
    }
    events = db.execute("SELECT * FROM pragma_foreign_key_list('event_after')").fetchall()
    assert {(row[3], row[2]) for row in events} == {("event", "events"), ("after", "events")}


def test_derived_tables_hold_the_listings_rows(run: Run, tmp_path: Path) -> None:
    db = _export(run, tmp_path / "facts.db")
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"dau_ranked", "campaigns_usd", "rates_derived"} <= tables
    assert db.execute("SELECT app, dau, share_of_leader_derived FROM dau_ranked").fetchall() == [
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
    for table, command in (("dau_ranked", "dau"), ("campaigns_usd", "campaigns")):
        db.row_factory = sqlite3.Row
        exported = [dict(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
        listed = json_output(run, command)
        # Lists are JSON arrays in SQLite, as sqlite-utils stores them.
        for stored, row in zip(exported, listed, strict=True):
            for name, value in row.items():
                if isinstance(value, list):
                    stored[name] = json.loads(stored[name])
        assert exported == listed


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
