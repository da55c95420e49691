"""The three comparisons, as tables (golden files) and as JSON (exact figures and order)."""

from __future__ import annotations

import json

import pytest

from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.models import by_id
from tests.conftest import BUNDLED, Run, assert_golden


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["dau"], "dau.txt"),
        (["campaigns", "--sort", "spend"], "campaigns.txt"),
        (["leadership"], "leadership.txt"),
    ],
)
def test_tables_match_golden_files(run: Run, args: list[str], golden: str) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert_golden(golden, result.stdout)


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


def test_campaigns_by_spend_put_the_unknown_gala_deal_last(run: Run) -> None:
    rows = json.loads(run("campaigns", "--sort", "spend", "--json").stdout)
    assert [
        (r["company"], r["amount_cny"], r["amount_usd"], r["amount_usd_derived"]) for r in rows
    ] == [
        ("Alibaba", 3000000000, None, 435000000),
        ("Tencent", 1000000000, 145000000, None),
        ("Baidu", 500000000, None, 72500000),
        ("ByteDance", None, None, None),
    ]
    assert rows[0]["name"] == "Spring Festival Treat"
    assert rows[3]["campaign"] == "Exclusive partnership with the CMG Spring Festival Gala"
    # "reaching a nationwide audience" is what the deal did; its aim is the one the article
    # gives for the companies' campaigns as a group, in the sentence before.
    assert rows[3]["purpose"] == "To attract users to their AI applications"
    # An unknown amount has no place in the order: unranked, last.
    assert [r["rank"] for r in rows] == [1, 2, 3, None]


def test_a_campaign_gives_its_amount_in_each_currency_or_none() -> None:
    campaigns = by_id(load_knowledge(BUNDLED).campaigns)
    red_packets = campaigns["yuanbao-cash-red-packets"]
    assert (red_packets.amount("CNY"), red_packets.amount("USD")) == (1_000_000_000, 145_000_000)
    assert campaigns["qwen-spring-festival-treat"].amount("USD") is None
    assert campaigns["doubao-cmg-gala"].amount("CNY") is None


def test_unknown_amount_sorts_last_when_reversed(run: Run) -> None:
    rows = json.loads(run("campaigns", "--sort", "spend", "--reverse", "--json").stdout)
    assert [r["app"] for r in rows] == ["Wenxin", "Yuanbao", "Qwen", "Doubao"]
    assert rows[-1]["amount_cny"] is None
    assert [r["rank"] for r in rows] == [1, 2, 3, None]


@pytest.mark.parametrize(
    ("sort", "reverse", "expected"),
    [
        ("company", False, ["Alibaba", "Baidu", "ByteDance", "Tencent"]),
        ("company", True, ["Tencent", "ByteDance", "Baidu", "Alibaba"]),
        ("app", False, ["ByteDance", "Alibaba", "Baidu", "Tencent"]),
    ],
)
def test_campaigns_sort_by_name(run: Run, sort: str, reverse: bool, expected: list[str]) -> None:
    args = ["campaigns", "--sort", sort, "--json"] + (["--reverse"] if reverse else [])
    assert [r["company"] for r in json.loads(run(*args).stdout)] == expected


def test_table_labels_derived_values(run: Run) -> None:
    table = run("campaigns").stdout
    assert "$435.0M†" in table
    assert "$145.0M " in table
    assert "† derived" in table
    assert "unknown" in table


def test_leadership_json_names_the_people(run: Run) -> None:
    rows = json.loads(run("leadership", "--json").stdout)
    who = [r["who"] for r in rows]
    for name in ("Lin Junyang", "Yu Bowen", "Zhou Jingren", "Eddie Wu"):
        assert name in who
    lin = next(r for r in rows if r["id"] == "lin-announces-departure")
    assert lin["when"] == "Wednesday"
    assert lin["role"] == "Core leader of the Qwen model"
    assert lin["quote"] == "Lin announced his departure on social media on Wednesday"
    email = next(r for r in rows if r["id"] == "wu-internal-email")
    assert email["when"] == "Thursday"
    assert all(r["category"] != "context" for r in rows)


@pytest.mark.parametrize(
    "args",
    [
        ("dau",),
        ("campaigns",),
        ("leadership",),
        ("lookup", "alibaba"),
        ("compare", "tencent", "alibaba"),
        ("timeline",),
    ],
)
def test_every_json_record_carries_id_source_and_quote(run: Run, args: tuple[str, ...]) -> None:
    records = json.loads(run(*args, "--json").stdout)
    assert records
    for record in records:
        assert record["id"] and record["source"] == "chinadaily-qwen" and record["quote"]


def test_version(run: Run) -> None:
    from aicompete import __version__

    assert run("--version").stdout == f"aicompete {__version__}\n"


def test_facts_option_and_environment_variable(run: Run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "facts.toml"
    other.write_text("", encoding="utf-8")
    assert json.loads(run("--facts", str(other), "dau", "--json").stdout) == []
    result = run("dau", "--json", env={"AICOMPETE_FACTS": str(other)})
    assert json.loads(result.stdout) == []
