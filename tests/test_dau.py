"""`aicompete dau`: apps ranked by daily active users. Each group of comparable figures (one
metric, measurer and dates) is ranked on its own, each app with its share of its leader, on the
bundled file, the corpus's real reporting and the FICTIONAL articles of `tests/fictional.py`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.models import Bound, Figure
from aicompete.listings.chart import chart_of
from aicompete.listings.dau import share_bound
from aicompete.listings.publications import publications
from aicompete.listings.registry import builder
from tests.conftest import Run, assert_golden, facts_rows, facts_table


def test_table_matches_its_golden_file(run: Run) -> None:
    result = run("dau")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert_golden("dau.txt", result.stdout)


def test_dau_json_has_the_three_figures_in_order(run: Run) -> None:
    rows = json.loads(run("dau", "--json").stdout)
    assert [(r["rank"], r["app"], r["company"], r["value"]) for r in rows] == [
        (1, "Doubao", "ByteDance", 145000000),
        (2, "Qwen", "Alibaba", 73520000),
        (3, "Yuanbao", "Tencent", 40540000),
    ]
    assert [r["share_of_leader_derived"] for r in rows] == [1.0, 0.507, 0.2796]
    assert rows[1]["reported_comparison"] == "roughly half that of Doubao"
    assert {r["measured_by"] for r in rows} == {"QuestMobile"}
    assert {r["when"] for r in rows} == {"this year's Spring Festival holiday"}
    for row in rows:
        assert row["source"] == "chinadaily-qwen"
        assert row["quote"]
        assert isinstance(row["value"], int)


def test_dau_groups_one_metric_and_measurer_over_overlapping_dates(run: Run, corpus: Path) -> None:
    rows = facts_rows(run, corpus, "dau")
    feb16 = [row for row in rows if row["group_date"] == "2026-02-16"]
    # The wire's Feb 16 comparison, in its own words each, is one group.
    assert {row["app"] for row in feb16} == {"Doubao", "Yuanbao", "Qwen"}
    assert {row["when"] for row in feb16} >= {"Feb 16", "New Year's Eve"}
    assert {row["group_metric"] for row in feb16} == {"dau"}
    # A peak of one day is that day's count, marked as the peak.
    qwen = next(row for row in feb16 if row["app"] == "Qwen")
    assert (qwen["metric"], qwen["rank"]) == ("peak-dau", 3)
    # A group of one app: no rank and no share.
    (alone,) = [row for row in rows if row["group_date"] == "2026-02-21"]
    assert (alone["rank"], alone["share_of_leader_derived"], alone["share_of"]) == (
        None,
        None,
        None,
    )
    table = facts_table(run, corpus, "dau")
    assert re.search(r"^\s+—\s+Qwen\s+Alibaba\s+22\.0M\*?\s+—", table, re.MULTILINE)


def test_a_share_of_a_bound_says_which_way_it_is_off(run: Run, corpus: Path) -> None:
    """Doubao "passed 100 million" on Feb 16: Yuanbao's 50 million is under half of it, and
    the table, the JSON and the chart say so."""
    feb16 = {
        row["app"]: row
        for row in facts_rows(run, corpus, "dau")
        if row["group_date"] == "2026-02-16"
    }
    assert (feb16["Doubao"]["bound"], feb16["Doubao"]["share_bound"]) == ("over", "exact")
    yuanbao = feb16["Yuanbao"]
    assert (yuanbao["share_of_leader_derived"], yuanbao["share_bound"]) == (0.5, "under")
    assert "<50.0%" in facts_table(run, corpus, "dau")
    knowledge = load_knowledge(corpus)
    chart = chart_of("dau", builder("dau")(knowledge), publications(knowledge))
    texts = [bar.text for panel in chart.panels for bar in panel.bars]
    assert any(text.startswith("50.0M") and "<50.0% of Doubao" in text for text in texts)


@pytest.mark.parametrize(
    ("figure", "leader", "expected"),
    [
        ("exact", "exact", "exact"),
        ("exact", "over", "under"),
        ("exact", "under", "over"),
        ("over", "exact", "over"),
        ("up_to", "exact", "under"),
        ("about", "exact", "about"),
        ("over", "under", "over"),
        # Pulled both ways: no share can be given.
        ("over", "over", None),
        ("about", "over", None),
    ],
)
def test_a_share_bound_is_the_way_both_bounds_pull(
    figure: Bound, leader: Bound, expected: str | None
) -> None:
    def stated(bound: Bound, figure_id: str) -> Figure:
        return Figure(
            id=figure_id, metric="dau", value=10, unit="users", app="x", bound=bound,
            source="s", quote="q",
        )  # fmt: skip

    assert share_bound(stated(figure, "a"), stated(leader, "b")) == expected


def test_where_sources_disagree_the_table_keeps_source_at_any_width(run: Run, corpus: Path) -> None:
    for columns in (100, 80, 60):
        table = facts_table(run, corpus, "dau", columns=columns)
        header = next(line for line in table.splitlines() if line.strip().startswith("#"))
        assert "Source" in header, table
    assert "harbour-doubao-100m" in facts_table(run, corpus, "dau", columns=100)


def test_figures_rank_and_share_within_their_group_newest_first(run: Run, facts: Path) -> None:
    rows = facts_rows(run, facts, "dau")
    groups = [(row["measured_by"], int(row["date"][:4])) for row in rows]
    # Chartwell's 2026 figures (sources of Feb 20 and 22), Metrica's (Feb 21), then 2025's.
    assert list(dict.fromkeys(groups)) == [
        ("Chartwell", 2026),
        ("Metrica", 2026),
        ("Chartwell", 2025),
    ]
    # Apps are ranked, not figures: the two sources' Lumo figures (in conflict) share Lumo's
    # rank, and each share is against the leader as the same source states it.
    assert [(row["id"], row["rank"], row["share_of_leader_derived"]) for row in rows] == [
        ("post-lumo", 1, 1.0),
        ("herald-lumo", 1, 1.0),
        ("herald-kestrel", 2, 0.5),
        ("post-kestrel", 2, 0.48),
        ("herald-tidal", 3, 0.25),
        ("wire-lumo", 1, 1.0),
        ("wire-nib", 2, 0.1818),
        ("ledger-lumo", 1, 1.0),
        ("ledger-kestrel", 2, 0.6667),
    ]
    # Which figure each share is of: the leader's, from the row's own source.
    assert {row["id"]: row["share_of"] for row in rows if row["measured_by"] == "Chartwell"} == {
        "post-lumo": "post-lumo",
        "herald-lumo": "herald-lumo",
        "herald-kestrel": "herald-lumo",
        "post-kestrel": "post-lumo",
        "herald-tidal": "herald-lumo",
        "ledger-lumo": "ledger-lumo",
        "ledger-kestrel": "ledger-lumo",
    }


def test_a_table_shows_each_group_as_a_section_of_its_own(run: Run, facts: Path) -> None:
    table = run("--facts", str(facts), "dau", env={"COLUMNS": "160"}).stdout
    headings = [line.strip() for line in table.splitlines() if line.strip().startswith("Metric:")]
    # Every figure of Chartwell's groups has a time of the context alone: their headings
    # carry its mark. Metrica's figures state theirs.
    assert headings == [
        "Metric: peak DAU · When: Spring Festival holiday* · Dates: 2026-02-15/2026-02-23* · "
        "Measured by: Chartwell",
        "Metric: peak DAU · When: Spring Festival holiday · Dates: 2026-02-15/2026-02-23 · "
        "Measured by: Metrica",
        "Metric: peak DAU · When: Spring Festival holiday* · Dates: 2025-01-28/2025-02-04* · "
        "Measured by: Chartwell",
    ]


def test_apps_tied_for_first_list_the_leader_the_shares_are_of_first(run: Run, facts: Path) -> None:
    # Kestrel's Feb 20 figure now equals Lumo's largest: the two apps tie for first.
    text = facts.read_text(encoding="utf-8")
    tied = text.replace(
        'id = "herald-kestrel"\napp = "kestrel"\nvalue = 60000000',
        ('id = "herald-kestrel"\napp = "kestrel"\nvalue = 125000000'),
    )
    assert tied != text
    facts.write_text(tied, encoding="utf-8")
    rows = [row for row in facts_rows(run, facts, "dau") if row["date"].startswith("2026")]
    newest = [row for row in rows if row["measured_by"] == "Chartwell"]
    assert [(row["app"], row["rank"], row["share_of_leader_derived"]) for row in newest] == [
        ("Lumo", 1, 1.0),
        ("Lumo", 1, 1.0),
        ("Kestrel", 1, round(125 / 120, 4)),
        ("Kestrel", 1, 0.48),
        ("Tidal", 3, 0.25),
    ]
