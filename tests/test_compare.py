"""compare: players side by side, by company or app name, with stated and derived amounts, on
the basis it names: figures of one group all the players share."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from aicompete.knowledge.loading import load_knowledge
from aicompete.listings.chart import chart_of
from aicompete.listings.publications import publications
from aicompete.listings.registry import builder
from tests.conftest import Run, assert_golden, facts_rows, facts_table, flattened, json_output


def _players(run: Run, *names: str) -> list[dict[str, Any]]:
    return json_output(run, "compare", *names)


@pytest.mark.parametrize(
    "names",
    [
        ("tencent", "alibaba"),
        ("Yuanbao", "Qwen"),
        ("yuanbao", "alibaba"),
        ("Tencent", "Alibaba Group"),
        ("TENCENT", "qwen"),
    ],
)
def test_companies_apps_and_mixed_names_give_the_same_players(
    run: Run, names: tuple[str, ...]
) -> None:
    assert [p["id"] for p in _players(run, *names)] == ["tencent", "alibaba"]


def test_an_app_resolves_to_its_company(run: Run) -> None:
    players = _players(run, "doubao", "qwen")
    assert [(p["company"], p["app"], p["app_id"]) for p in players] == [
        ("ByteDance", "Doubao", "doubao"),
        ("Alibaba", "Qwen", "qwen"),
    ]


def test_dau_and_share_of_the_leader(run: Run) -> None:
    players = {p["id"]: p for p in _players(run, "doubao", "qwen", "yuanbao", "wenxin")}
    assert {k: (p["dau"], p["share_of_leader_derived"]) for k, p in players.items()} == {
        "bytedance": (145000000, 1.0),
        "alibaba": (73520000, 0.507),
        "tencent": (40540000, 0.2796),
        "baidu": (None, None),
    }
    assert players["alibaba"]["reported_comparison"] == "roughly half that of Doubao"
    assert players["alibaba"]["dau_id"] == "qwen-spring-festival-peak"
    assert players["alibaba"]["dau_when"] == "this year's Spring Festival holiday"
    assert players["alibaba"]["dau_date"] == "2026-02-15/2026-02-23"
    assert players["alibaba"]["dau_measured_by"] == "QuestMobile"
    assert players["alibaba"]["dau_source"] == "chinadaily-qwen"
    assert players["baidu"]["dau_source"] is None


def test_a_company_without_any_figure_does_not_keep_the_others_apart(run: Run) -> None:
    players = _players(run, "doubao", "qwen", "wenxin")
    assert [(p["id"], p["dau_comparable"]) for p in players] == [
        ("bytedance", True),
        ("alibaba", True),
        ("baidu", None),
    ]
    assert "do not compare" not in run("compare", "doubao", "qwen", "wenxin").stdout


def test_campaigns_carry_stated_and_derived_amounts(run: Run) -> None:
    tencent, alibaba, bytedance = _players(run, "tencent", "alibaba", "bytedance")
    assert [
        (c["id"], c["amount_cny"], c["amount_usd"], c["amount_usd_derived"])
        for c in tencent["campaigns"] + alibaba["campaigns"] + bytedance["campaigns"]
    ] == [
        ("yuanbao-cash-red-packets", 1000000000, 145000000, None),
        ("qwen-spring-festival-treat", 3000000000, None, 435000000),
        ("doubao-cmg-gala", None, None, None),
    ]
    assert (tencent["spend_cny_derived"], tencent["spend_usd_derived"]) == (
        1000000000,
        145000000,
    )
    assert (alibaba["spend_cny_derived"], alibaba["spend_usd_derived"]) == (
        3000000000,
        435000000,
    )
    # One campaign of unknown amount makes the total unknown, never zero.
    assert (bytedance["spend_cny_derived"], bytedance["spend_usd_derived"]) == (None, None)
    assert alibaba["campaigns"][0]["quote"].startswith("Qwen also joined the competition")


def test_leadership_and_organisation_events(run: Run) -> None:
    tencent, alibaba = _players(run, "tencent", "alibaba")
    assert tencent["events"] == []
    # In date order, as `leadership` lists them: an undated change sits with the event it
    # follows, the e-mail's news with the e-mail.
    assert [(e["id"], e["category"], e["when"]) for e in alibaba["events"]] == [
        ("lin-announces-departure", "leadership", "Wednesday"),
        ("yu-announces-departure", "leadership", "shortly afterward"),
        ("alibaba-reorganizes-around-qwen", "organisation", None),
        ("wu-internal-email", "leadership", "Thursday"),
        ("zhou-continues-tongyi-lab", "leadership", None),
        ("foundation-model-support-group", "organisation", None),
    ]
    assert alibaba["events"][0]["who"] == "Lin Junyang"


def test_unknown_name_is_a_usage_error_with_a_suggestion(run: Run) -> None:
    result = run("compare", "tencnet", "alibaba")
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert "unknown company or app 'tencnet'" in message
    assert "known: ByteDance, Alibaba, Tencent, Baidu, QuestMobile, Doubao, Qwen" in message
    assert "did you mean 'tencent'?" in message
    assert "Traceback" not in result.output


def test_unknown_name_far_from_any_gets_no_suggestion(run: Run) -> None:
    result = run("compare", "xylophone", "alibaba")
    assert result.exit_code == 2
    assert "did you mean" not in result.stderr


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (("qwen",), "'qwen' names only Alibaba"),
        (("qwen", "alibaba"), "'qwen' and 'alibaba' name only Alibaba"),
    ],
)
def test_fewer_than_two_players_is_a_usage_error(
    run: Run, names: tuple[str, ...], expected: str
) -> None:
    result = run("compare", *names)
    assert result.exit_code == 2
    assert expected in " ".join(result.stderr.split())


def test_a_player_named_twice_appears_once(run: Run) -> None:
    assert [p["id"] for p in _players(run, "qwen", "tencent", "alibaba")] == [
        "alibaba",
        "tencent",
    ]


def test_table_has_one_column_per_player(run: Run) -> None:
    result = run("compare", "tencent", "alibaba")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert_golden("compare.txt", result.stdout)
    header = next(line for line in result.stdout.splitlines() if "Tencent" in line)
    assert header.index("Tencent") < header.index("Alibaba")


def test_table_marks_derived_values(run: Run) -> None:
    table = run("compare", "doubao", "qwen", "wenxin").stdout
    assert "% of leader†" in table
    assert "$435.0M†" in table
    assert "† derived" in table
    assert "unknown" in table


def test_fields_choose_the_table_rows(run: Run) -> None:
    table = run("compare", "tencent", "alibaba", "--fields", "dau,app").stdout
    rows = [line.split()[0] for line in table.splitlines() if line.strip()[:3] in ("DAU", "App")]
    assert rows == ["DAU", "App"]
    assert "Campaigns" not in table


def test_csv_keeps_arrays_as_json_text(run: Run) -> None:
    result = run("compare", "tencent", "alibaba", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["company"] for row in rows] == ["Tencent", "Alibaba"]
    assert rows[0]["dau"] == "40540000"
    assert json.loads(rows[1]["campaigns"])[0]["amount_usd_derived"] == 435000000
    assert json.loads(rows[0]["events"]) == []


def test_markdown_has_one_column_per_player(run: Run) -> None:
    lines = run("compare", "tencent", "alibaba", "--format", "markdown").stdout.splitlines()
    assert lines[0] == "|  | Tencent | Alibaba |"
    # What the figures count (a peak) the file infers: marked.
    assert "| DAU | 40.54M\\* | 73.52M\\* |" in lines
    assert "| Spend (CNY)† | ¥1.0B | ¥3.0B |" in lines
    assert lines[-3].startswith("_† derived") and lines[-1].startswith("_\\* inferred")


def test_compare_names_its_basis_under_the_table_and_in_json(run: Run, corpus: Path) -> None:
    players = facts_rows(run, corpus, "compare", "doubao", "qwen")
    basis = "DAU, 2026-02-16, measured by AICPB.com"
    assert [(row["id"], row["dau_basis"], row["dau_comparable"]) for row in players] == [
        ("bytedance", basis, True),
        ("alibaba", basis, True),
    ]
    # Qwen's figure that day is its peak, which is that day's count: said beside it.
    assert [row["dau_metric"] for row in players] == ["DAU", "peak DAU"]
    table = flattened(facts_table(run, corpus, "compare", "doubao", "qwen"))
    assert f"Basis: {basis}: the newest DAU figures of one metric, measurer and dates" in table


def test_compare_says_when_the_players_named_change_its_basis(run: Run, base: Path) -> None:
    # QuestMobile's Feb 22 reading holds Doubao and Qwen, not Yuanbao.
    two = facts_rows(run, base, "compare", "doubao", "qwen")
    assert {row["dau_basis"] for row in two} == {"DAU, 2026-02-22, measured by QuestMobile"}
    three = facts_rows(run, base, "compare", "doubao", "qwen", "yuanbao")
    assert {row["dau_basis"] for row in three} == {"DAU, 2026-02-16, measured by AICPB.com"}
    table = flattened(facts_table(run, base, "compare", "doubao", "qwen", "yuanbao"))
    assert (
        "Naming ByteDance and Alibaba alone changes the basis: they have newer figures that "
        "compare (DAU, 2026-02-22, measured by QuestMobile)."
    ) in table


def test_a_spend_total_that_takes_one_of_two_disputed_amounts_says_so(run: Run, base: Path) -> None:
    baidu, alibaba = facts_rows(run, base, "compare", "baidu", "alibaba")
    assert (baidu["spend_cny_derived"], baidu["spend_disputed"]) == (500_000_000, True)
    assert alibaba["spend_disputed"] is False
    table = flattened(facts_table(run, base, "compare", "baidu", "alibaba"))
    assert "Spend disputed yes no" in table
    assert "a total takes a campaign's first stated amount" in table


def test_the_chart_and_the_brief_name_the_basis_too(run: Run, corpus: Path, tmp_path: Path) -> None:
    knowledge = load_knowledge(corpus)
    listing = builder("compare")(knowledge, ["doubao", "qwen"])
    chart = chart_of("compare", listing, publications(knowledge))
    assert chart.panels[0].title == "DAU · 2026-02-16 · measured by AICPB.com"
    assert any(note.startswith("Basis: DAU, 2026-02-16") for note in chart.notes)
    out = tmp_path / "brief.html"
    assert run("--facts", str(corpus), "brief", "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    compare = page[page.index('id="compare"') : page.index('id="timeline"')]
    assert (
        "<p>Basis: DAU, 2026-02-16, measured by AICPB.com: the newest DAU figures of one metric, "
        "measurer and dates held for every player with one (ByteDance, Alibaba, Tencent).</p>"
    ) in compare


def test_compare_takes_figures_from_a_group_all_players_share(run: Run, facts: Path) -> None:
    shared = {row["id"]: row for row in facts_rows(run, facts, "compare", "lumo", "nib")}
    assert (shared["brightfield"]["dau_id"], shared["quill"]["dau_id"]) == ("wire-lumo", "wire-nib")
    assert {row["dau_comparable"] for row in shared.values()} == {True}
    apart = {row["id"]: row for row in facts_rows(run, facts, "compare", "nib", "kestrel")}
    assert (apart["quill"]["dau_measured_by"], apart["northwind"]["dau_measured_by"]) == (
        "Metrica",
        "Chartwell",
    )
    assert {row["dau_comparable"] for row in apart.values()} == {False}
    table = run("--facts", str(facts), "compare", "nib", "kestrel").stdout
    assert "do not compare" in table
    # A campaign restated by another source counts once in the total.
    harbor = {row["id"]: row for row in facts_rows(run, facts, "compare", "tidal", "lumo")}[
        "harbor"
    ]
    assert harbor["spend_cny_derived"] == 4285714286


def test_compare_takes_one_sources_figures_and_marks_a_disputed_one(run: Run, facts: Path) -> None:
    rows = {row["id"]: row for row in facts_rows(run, facts, "compare", "lumo", "kestrel")}
    # Chartwell's 2026 group: the post article gives both figures, so both come from it.
    assert {row["dau_source"] for row in rows.values()} == {"fictional-post-2026"}
    assert rows["brightfield"]["dau_conflicts_with"] == ["herald-lumo", "wire-lumo"]
    assert rows["northwind"]["dau_sources_agreeing"] == 2
    assert rows["northwind"]["share_of_leader_derived"] == 0.48
    table = run("--facts", str(facts), "compare", "lumo", "kestrel", env={"COLUMNS": "160"})
    assert "€500.0M (no rate to USD)" in table.stdout
    assert "£80.0M (no rate to CNY or USD)" in table.stdout
    assert "`aicompete conflicts` shows both" in table.stdout


def test_compare_of_players_without_figures_says_nothing_about_groups(run: Run) -> None:
    rows = json_output(run, "compare", "baidu", "questmobile")
    assert {row["dau_comparable"] for row in rows} == {None}
    table = run("compare", "baidu", "questmobile", env={"COLUMNS": "160"}).stdout
    assert "do not compare" not in table
