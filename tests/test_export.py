"""`aicompete export`: a real SQLite database, queried back with sqlite3."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import Run


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
        "events": 23,
    }
    assert db.execute("SELECT COUNT(*) FROM dau WHERE quote = '' OR source IS NULL").fetchone() == (
        0,
    )
    assert db.execute(
        "SELECT amount_cny, amount_usd FROM campaigns WHERE app = 'doubao'"
    ).fetchone() == (
        None,
        None,
    )
    assert db.execute(
        "SELECT amount_cny, amount_usd FROM campaigns WHERE app = 'yuanbao'"
    ).fetchone() == (
        1_000_000_000,
        145_000_000,
    )
    assert db.execute("SELECT * FROM event_figures ORDER BY event").fetchall() == [
        ("lin-born-1993-p10", "born", 1993),
        ("lin-led-qwen3-max", "parameters_more_than", 10**12),
    ]


def test_foreign_keys_hold(run: Run, tmp_path: Path) -> None:
    db = _export(run, tmp_path / "facts.db")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    references = db.execute("SELECT * FROM pragma_foreign_key_list('dau')").fetchall()
    assert {row[2] for row in references} == {"apps", "companies", "sources"}


def test_derived_values_are_views_not_tables(run: Run, tmp_path: Path) -> None:
    db = _export(run, tmp_path / "facts.db")
    views = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert views == {"dau_ranked", "campaigns_usd", "usd_per_cny_derived"}
    assert db.execute("SELECT app, dau, share_of_leader_derived FROM dau_ranked").fetchall() == [
        ("Doubao", 145000000, 1.0),
        ("Qwen", 73520000, 0.507),
        ("Yuanbao", 40540000, 0.2796),
    ]
    usd = dict(db.execute("SELECT app_id, amount_usd_derived FROM campaigns_usd").fetchall())
    assert usd == {"qwen": 435000000, "yuanbao": None, "wenxin": 72500000, "doubao": None}


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
