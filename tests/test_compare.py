"""compare: players side by side, by company or app name, with stated and derived amounts."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from tests.conftest import Run, assert_golden, json_output


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
