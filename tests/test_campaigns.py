"""`aicompete campaigns`: promotional campaigns, one row per campaign with its restatements,
sorted by spend in yuan (stated, or converted at a stated rate), an unknown amount unranked and
last."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.models import by_id
from tests.conftest import BUNDLED, Run, assert_golden, facts_rows, facts_table, flattened


def test_table_matches_its_golden_file(run: Run) -> None:
    result = run("campaigns", "--sort", "spend")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert_golden("campaigns.txt", result.stdout)


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


def test_a_campaign_and_its_restatements_are_one_ranked_row(run: Run, base: Path) -> None:
    rows = facts_rows(run, base, "campaigns")
    treat = [
        row for row in rows if "qwen-spring-festival-treat" in (row["id"], *row["restated_by"])
    ]
    assert len(treat) == 1
    (row,) = treat
    assert row["rank"] == 1 and len(row["restated_by"]) >= 2
    assert row["sources"][0] == "chinadaily-qwen" and len(row["sources"]) >= 3
    wenxin = next(row for row in rows if row["id"] == "wenxin-search-plus-ai")
    assert wenxin["amount_cny"] == 500_000_000
    assert wenxin["disputed"] == [
        {
            "id": "wenxin-red-packets-second-look",
            "source": "test-second-look",
            "value": 600_000_000,
            "currency": "CNY",
            "bound": "exact",
        }
    ]
    table = flattened(
        facts_table(run, base, "campaigns", "--fields", "rank,id,amount_cny,disputed")
    )
    assert "¥600.0M · test-second-look" in table


def test_an_unknown_amount_is_unranked_and_last_both_ways(run: Run, corpus: Path) -> None:
    for order in ((), ("--reverse",)):
        rows = facts_rows(run, corpus, "campaigns", *order)
        unknown = [row for row in rows if not row["amounts"]]
        assert unknown and rows[-len(unknown) :] == unknown
        assert {row["rank"] for row in unknown} == {None}
    table = facts_table(run, corpus, "campaigns", "--fields", "rank,id,amount_cny")
    assert re.search(r"^\s+—\s+doubao-cmg-gala\s+unknown", table, re.MULTILINE)


def test_spend_sorts_in_yuan_stated_or_converted_at_a_stated_rate(run: Run, facts: Path) -> None:
    rows = facts_rows(run, facts, "campaigns", "--sort", "spend")
    assert [
        (row["id"], row["rank"], row["amount_cny"], row["amount_cny_derived"]) for row in rows
    ] == [
        # The post's restatement folds in, its other amount marked disputed.
        ("herald-tidal-ads", 1, None, 4285714286),
        ("herald-lumo-euros", 2, None, 3900000000),
        ("ledger-kestrel-red-packets", 3, 1000000000, None),
        # Pounds, and no rate for them: after every known amount, before the unknown one,
        # and neither ranked.
        ("wire-kestrel-billboards", None, None, None),
        ("post-lumo-gala", None, None, None),
    ]
    euros = rows[1]
    assert euros["amounts"] == [{"value": 500000000, "currency": "EUR", "bound": "exact"}]
    assert euros["rates_derived"] == [
        {"base": "EUR", "counter": "CNY", "rate": 7.8, "stated_by": "wire-euro-yuan"}
    ]
    reverse = facts_rows(run, facts, "campaigns", "--sort", "spend", "--reverse")
    assert [row["id"] for row in reverse][-2:] == ["wire-kestrel-billboards", "post-lumo-gala"]


def test_a_table_labels_converted_and_unconvertible_amounts(run: Run, facts: Path) -> None:
    table = run("--facts", str(facts), "campaigns", env={"COLUMNS": "160"}).stdout
    assert "¥3.9B†" in table
    assert "no rate" in table
    assert "€500.0M" in table and "£80.0M" in table
    assert "† converted at 1 EUR = 7.8 CNY, the rate that wire-euro-yuan states" in table
