"""`aicompete conflicts`: where two sources state the same thing differently, both sides of
each; and the conflicts and corroboration the other listings mark on their rows."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import Run, facts_rows, facts_table, flattened


def test_conflicts_lists_what_cannot_both_be_true_bounds_counted(run: Run, base: Path) -> None:
    rows = facts_rows(run, base, "conflicts")
    figures = {(row["id"], row["other_id"]): row for row in rows if row["kind"] == "figure"}
    # A 73.52M peak over the holiday and a 30M peak on New Year's Eve, within it.
    holiday = figures["qwen-spring-festival-peak", "qwen-peak-dau-2026-02-16-harbour"]
    assert holiday["measurers"] == "different"
    assert (holiday["value"], holiday["other_value"]) == ("73520000", "30000000")
    # One measurer's two counts of one day.
    same = figures["qwen-peak-dau-2026-02-16-harbour", "qwen-dau-2026-02-16-second-look"]
    assert same["measurers"] == "same"
    # ">100 million on Feb 16" and "a 145 million peak over the holiday" can both be true.
    doubao = [pair for pair in figures if pair[0].startswith("doubao")]
    assert doubao == []
    # A campaign and its restatement at another amount: against each record that states the
    # 500 million.
    campaigns = [row for row in rows if row["kind"] == "campaign"]
    assert campaigns[0]["id"] == "wenxin-search-plus-ai"
    assert {row["other_id"] for row in campaigns} == {"wenxin-red-packets-second-look"}
    assert (campaigns[0]["value"], campaigns[0]["other_value"]) == (
        "500000000 CNY",
        "600000000 CNY",
    )
    # Events told as "Wednesday" and "March 4" are of one day: they agree.
    assert not [row for row in rows if row["kind"] == "event"]


def test_nothing_stated_twice_is_not_said_to_agree(run: Run, corpus: Path) -> None:
    assert run("conflicts").stdout.startswith("no conflicts: no two sources state the same thing")
    # Where sources do state the same thing and agree (Doubao's >100M on Feb 16 and its
    # 145M holiday peak), it says so.
    bytedance = run("--facts", str(corpus), "conflicts", "--company", "bytedance")
    assert bytedance.stdout.startswith("no conflicts: sources that state the same thing agree (")


def test_at_100_columns_a_conflict_keeps_both_values_and_both_sources(run: Run, base: Path) -> None:
    table = facts_table(run, base, "conflicts")
    rows = facts_rows(run, base, "conflicts")
    flat = flattened(table)
    # Each source id whole, on a line of its own cell.
    for row in rows:
        for source in (row["source"], row["other_source"]):
            assert re.search(rf"\s{re.escape(source)}(\s|$)", table, re.MULTILINE)
    # Both values, each with its dates and measurer (wrapped within its cell).
    for said in ("73.52M*,", "2026-02-15/2026-02-23,", "QuestMobile", "30.0M,", "AICPB.com"):
        assert said in flat.split()
    assert "¥500.0M" in flat and "¥600.0M" in flat
    # Who stands behind each disagreement heads its table.
    assert "About: Qwen (Alibaba): peak DAU · Measurers: different" in flat
    assert "About: Qwen (Alibaba): peak DAU and DAU · Measurers: same" in flat


def test_different_values_conflict_and_equal_ones_corroborate(run: Run, facts: Path) -> None:
    rows = {row["id"]: row for row in facts_rows(run, facts, "dau")}
    # One holiday's peak: two measurers' figures cannot both be true either.
    assert rows["herald-lumo"]["conflicts_with"] == ["wire-lumo", "post-lumo"]
    assert rows["post-lumo"]["conflicts_with"] == ["herald-lumo", "wire-lumo"]
    assert rows["wire-lumo"]["conflicts_with"] == ["herald-lumo", "post-lumo"]
    # Another year is another thing: no conflict.
    assert rows["ledger-lumo"]["conflicts_with"] == []
    assert (
        rows["herald-kestrel"]["sources_agreeing"],
        rows["post-kestrel"]["sources_agreeing"],
    ) == (2, 2)
    assert rows["herald-lumo"]["sources_agreeing"] == 1
    # A restatement folds into the campaign it restates, which it disputes.
    campaigns = {row["id"]: row for row in facts_rows(run, facts, "campaigns")}
    assert campaigns["herald-tidal-ads"]["conflicts_with"] == ["post-tidal-ads"]
    events = {row["id"]: row for row in facts_rows(run, facts, "leadership")}
    assert events["post-vale-resigns"]["conflicts_with"] == ["herald-vale-resigns"]


def test_conflicts_lists_both_sides_of_each(run: Run, facts: Path) -> None:
    result = run("--facts", str(facts), "conflicts", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [
        (
            row["kind"],
            row["id"],
            row["value"],
            row["other_id"],
            row["other_value"],
            row["measurers"],
        )
        for row in rows
    ] == [
        # One subject's conflicts, those of two measurers together, then of one.
        ("figure", "herald-lumo", "120000000", "wire-lumo", "110000000", "different"),
        ("figure", "wire-lumo", "110000000", "post-lumo", "125000000", "different"),
        ("figure", "herald-lumo", "120000000", "post-lumo", "125000000", "same"),
        ("campaign", "herald-tidal-ads", "600000000 USD", "post-tidal-ads", "650000000 USD", None),
        (
            "event",
            "herald-vale-resigns",
            "Monday (2026-02-16)",
            "post-vale-resigns",
            "Tuesday (2026-02-17)",
            None,
        ),
    ]
    same = rows[2]
    assert same["quote"] == "Brightfield's Lumo recorded a peak of 120 million DAUs"
    assert same["other_quote"] == "Brightfield's Lumo recorded a peak of 125 million DAUs"
    assert (same["source"], same["other_source"]) == (
        "fictional-herald-2026",
        "fictional-post-2026",
    )


def test_no_conflict_is_no_error(run: Run) -> None:
    result = run("conflicts", "--json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    # The bundled file is one source: nothing is stated twice, so nothing can agree either.
    assert run("conflicts").stdout == (
        "no conflicts: no two sources state the same thing, so none can disagree\n"
    )
