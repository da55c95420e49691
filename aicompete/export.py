"""The knowledge base as a SQLite database, for sqlite3, sqlite-utils or Datasette.

One table per kind of record, primary keys from the ids, foreign keys between them, the
source and quote of every fact; values aicompete computes live in views, never in tables.
The file is built beside its destination and renamed into place, so a reader never sees half
a database.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from aicompete.models import KnowledgeBase

SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE sources (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, publisher TEXT NOT NULL,
    contact TEXT, file TEXT NOT NULL
);
CREATE TABLE companies (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, aliases TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES sources(id), quote TEXT NOT NULL
);
CREATE TABLE apps (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, company TEXT NOT NULL REFERENCES companies(id),
    aliases TEXT NOT NULL, source TEXT NOT NULL REFERENCES sources(id), quote TEXT NOT NULL
);
CREATE TABLE people (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
    company TEXT REFERENCES companies(id),
    source TEXT NOT NULL REFERENCES sources(id), quote TEXT NOT NULL
);
CREATE TABLE dau (
    id TEXT PRIMARY KEY, app TEXT NOT NULL REFERENCES apps(id),
    value INTEGER NOT NULL CHECK (value >= 0), metric TEXT NOT NULL, period TEXT NOT NULL,
    measured_by TEXT NOT NULL REFERENCES companies(id), reported_comparison TEXT,
    source TEXT NOT NULL REFERENCES sources(id), quote TEXT NOT NULL
);
CREATE TABLE campaigns (
    id TEXT PRIMARY KEY, app TEXT NOT NULL REFERENCES apps(id), name TEXT,
    description TEXT NOT NULL, amount_cny INTEGER CHECK (amount_cny >= 0),
    amount_usd INTEGER CHECK (amount_usd >= 0), purpose TEXT,
    source TEXT NOT NULL REFERENCES sources(id), quote TEXT NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY, category TEXT NOT NULL, summary TEXT NOT NULL,
    person TEXT REFERENCES people(id), company TEXT REFERENCES companies(id), "when" TEXT,
    source TEXT NOT NULL REFERENCES sources(id), quote TEXT NOT NULL
);
CREATE TABLE event_order (
    event TEXT NOT NULL REFERENCES events(id), after TEXT NOT NULL REFERENCES events(id),
    PRIMARY KEY (event, after)
);
CREATE TABLE event_figures (
    event TEXT NOT NULL REFERENCES events(id), name TEXT NOT NULL,
    value INTEGER NOT NULL CHECK (value >= 0), PRIMARY KEY (event, name)
);
CREATE VIEW dau_ranked AS
SELECT
    RANK() OVER (ORDER BY dau.value DESC) AS rank,
    dau.id, dau.app AS app_id, apps.name AS app, apps.company AS company_id,
    companies.name AS company, dau.value AS dau,
    ROUND(CAST(dau.value AS REAL)
        / MAX(dau.value) OVER (PARTITION BY dau.period), 4) AS share_of_leader_derived,
    dau.reported_comparison, dau.metric, dau.period, dau.measured_by AS measured_by_id,
    measurer.name AS measured_by, dau.source, dau.quote
FROM dau
JOIN apps ON apps.id = dau.app
JOIN companies ON companies.id = apps.company
JOIN companies AS measurer ON measurer.id = dau.measured_by
ORDER BY dau.value DESC;
CREATE VIEW usd_per_cny_derived AS
SELECT CAST(amount_usd AS REAL) / amount_cny AS rate, id AS stated_by
FROM campaigns WHERE amount_cny > 0 AND amount_usd IS NOT NULL
ORDER BY rowid LIMIT 1;
CREATE VIEW campaigns_usd AS
SELECT
    campaigns.id, campaigns.app AS app_id, apps.name AS app, apps.company AS company_id,
    companies.name AS company, campaigns.amount_cny, campaigns.amount_usd,
    CASE WHEN campaigns.amount_usd IS NULL AND campaigns.amount_cny IS NOT NULL
        THEN CAST(ROUND(campaigns.amount_cny * (SELECT rate FROM usd_per_cny_derived)) AS INTEGER)
    END AS amount_usd_derived,
    campaigns.purpose, campaigns.source, campaigns.quote
FROM campaigns
JOIN apps ON apps.id = campaigns.app
JOIN companies ON companies.id = apps.company;
"""


def write_database(knowledge: KnowledgeBase, destination: Path) -> None:
    """Write the database to `destination` atomically, replacing what is there."""
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent
    )
    os.close(descriptor)
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.executescript(SCHEMA)
            _fill(connection, knowledge)
            connection.commit()
        finally:
            connection.close()
        Path(temporary).replace(destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _fill(connection: sqlite3.Connection, knowledge: KnowledgeBase) -> None:
    def insert(table: str, rows: list[tuple[object, ...]]) -> None:
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    insert("sources", [(s.id, s.title, s.publisher, s.contact, s.file) for s in knowledge.sources])
    insert(
        "companies",
        [
            (c.id, c.name, c.description, "; ".join(c.aliases), c.source, c.quote)
            for c in knowledge.companies
        ],
    )
    insert(
        "apps",
        [
            (a.id, a.name, a.company, "; ".join(a.aliases), a.source, a.quote)
            for a in knowledge.apps
        ],
    )
    insert(
        "people",
        [(p.id, p.name, p.role, p.company, p.source, p.quote) for p in knowledge.people],
    )
    insert(
        "dau",
        [
            (
                d.id,
                d.app,
                d.value,
                d.metric,
                d.period,
                d.measured_by,
                d.reported_comparison,
                d.source,
                d.quote,
            )
            for d in knowledge.dau
        ],
    )
    insert(
        "campaigns",
        [
            (
                c.id,
                c.app,
                c.name,
                c.description,
                c.amount("CNY"),
                c.amount("USD"),
                c.purpose,
                c.source,
                c.quote,
            )
            for c in knowledge.campaigns
        ],
    )
    insert(
        "events",
        [
            (e.id, e.category, e.summary, e.person, e.company, e.when, e.source, e.quote)
            for e in knowledge.events
        ],
    )
    insert("event_order", [(e.id, earlier) for e in knowledge.events for earlier in e.after])
    insert(
        "event_figures",
        [
            (e.id, name, value)
            for e in knowledge.events
            for name, value in (e.figures or {}).items()
        ],
    )
