"""`aicompete history`: one app's figures over time, each series's change derived from the
period before, never from a period whose sources disagree."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import Run, facts_rows, facts_table, flattened


def test_history_shows_a_series_change_by_date_a_days_peak_in_its_daily_series(
    run: Run, corpus: Path
) -> None:
    rows = facts_rows(run, corpus, "history", "qwen", "--metric", "dau")
    aicpb = [row for row in rows if row["measured_by_id"] == "aicpb"]
    assert {row["series_metric"] for row in aicpb} == {"dau"}
    dated = [row["date"] for row in aicpb]
    assert dated == sorted(dated, key=lambda date: (date[:10], date))
    peak = next(row for row in aicpb if row["id"] == "qwen-peak-dau-2026-02-16-harbour")
    assert (peak["date"], peak["value"], peak["metric"]) == ("2026-02-16", 30_000_000, "peak-dau")
    # "less than 10 million" early in February gives no change to take.
    early = next(row for row in aicpb if row["id"] == "qwen-dau-early-feb-harbour")
    assert peak["change_derived"] is None and early["bound"] == "under"
    # 30M on New Year's Eve to 22M by Feb 21: a fall of 26.7%.
    later = next(row for row in aicpb if row["date"] == "2026-02-21")
    assert (later["value"], later["change_derived"]) == (22_000_000, -8_000_000)
    assert later["change_share_derived"] == -0.2667
    table = flattened(facts_table(run, corpus, "history", "qwen", "--metric", "dau"))
    assert "-8.0M -26.7%" in table


def test_history_orders_periods_and_derives_the_change(run: Run, facts: Path) -> None:
    rows = facts_rows(run, facts, "history", "lumo")
    assert [
        (
            row["measured_by"],
            row["published"],
            row["value"],
            row["change_derived"],
            row["change_share_derived"],
        )
        for row in rows
    ] == [
        ("Chartwell", "2025-02-10", 90000000, None, None),
        # Two sources' figures for the 2026 holiday, in conflict: each is that period's, and
        # each changes from 2025's, never from the other.
        ("Chartwell", "2026-02-20", 120000000, 30000000, 0.3333),
        ("Chartwell", "2026-02-22", 125000000, 35000000, 0.3889),
        ("Metrica", "2026-02-21", 110000000, None, None),
    ]
    assert [row["date"][:4] for row in rows] == ["2025", "2026", "2026", "2026"]
    table = run("--facts", str(facts), "history", "lumo", env={"COLUMNS": "120"}).stdout
    assert "+30.0M" in table and "+33.3%" in table
    assert run("--facts", str(facts), "history", "lumox").exit_code == 2


def test_no_change_is_derived_from_a_period_whose_sources_disagree(run: Run, facts: Path) -> None:
    # The fictional post article now dated 2025, and its figures with it: its Lumo figure
    # conflicts with the ledger's.
    text = facts.read_text(encoding="utf-8")
    text = text.replace('published = "2026-02-22"', 'published = "2025-02-12"')
    text = re.sub(
        r'(id = "post-[a-z]+"(?:\n[^\n]+)*?\ndate = )"2026-02-15/2026-02-23"',
        r'\1"2025-01-28/2025-02-04"',
        text,
    )
    facts.write_text(text)
    rows = [
        row
        for row in facts_rows(run, facts, "history", "lumo")
        if row["measured_by"] == "Chartwell"
    ]
    assert [(row["id"], int(row["date"][:4]), row["change_derived"]) for row in rows] == [
        ("ledger-lumo", 2025, None),
        ("post-lumo", 2025, None),
        ("herald-lumo", 2026, None),
    ]
