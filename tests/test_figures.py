"""figures, and the listings that read them: every number a source states, with its metric,
unit, bound and date, on a base of the bundled file and the corpus's real reporting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aicompete.knowledge import dates
from tests.conftest import Run, json_output
from tests.corpus_base import corpus_base


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_base(tmp_path_factory.mktemp("base"))


def _rows(run: Run, base: Path, *args: str) -> list[dict[str, Any]]:
    return json_output(run, "--facts", str(base), *args)


def test_every_figure_row_carries_the_contract_fields(run: Run, base: Path) -> None:
    rows = {row["id"]: row for row in _rows(run, base, "figures")}
    doubao = rows["doubao-dau-2026-02-16-harbour"]
    assert {
        key: doubao[key]
        for key in (
            "app_id",
            "company_id",
            "metric",
            "value",
            "unit",
            "bound",
            "when",
            "date",
            "measured_by_id",
            "reported_via_id",
        )
    } == {
        "app_id": "doubao",
        "company_id": "bytedance",
        "metric": "dau",
        "value": 100_000_000,
        "unit": "users",
        "bound": "over",
        "when": "Feb 16",
        "date": "2026-02-16",
        "measured_by_id": "aicpb",
        "reported_via_id": None,
    }
    # A rate with decimals is a number in JSON, in percent.
    retention = rows["doubao-retention-30d-2025-pbd"]
    assert (retention["value"], retention["unit"], retention["metric"]) == (
        44.5,
        "percent",
        "retention-30d",
    )


def test_bounds_units_and_money_read_as_people_write_them(run: Run, base: Path) -> None:
    table = run("--facts", str(base), "figures", "--metric", "dau", env={"COLUMNS": "200"}).stdout
    assert ">100.0M" in table and "<10.0M" in table and "~7.07M" in table
    retention = run("--facts", str(base), "figures", "--metric", "30-day retention").stdout
    assert "44.5%" in retention and "23.5%" in retention
    spend = run(
        "--facts", str(base), "figures", "--metric", "ad-spend", env={"COLUMNS": "200"}
    ).stdout
    assert "¥" in spend


def test_filters_take_a_metric_and_a_range_of_dates(run: Run, base: Path) -> None:
    mau = _rows(run, base, "figures", "--metric", "MAU")
    assert mau and {row["metric"] for row in mau} == {"mau"}
    dated = _rows(run, base, "figures", "--since", "2026-02-16", "--until", "2026-02-16")
    day = dates.parse("2026-02-16")
    assert dated and all(dates.parse(row["date"]).overlaps(day) for row in dated)
    qwen = _rows(run, base, "figures", "--app", "Qianwen", "--since", "2026-02")
    assert qwen and {row["app_id"] for row in qwen} == {"qwen"}
    bad = run("--facts", str(base), "figures", "--since", "2026-13")
    assert bad.exit_code == 2
    assert "--since" in bad.stderr and "no month" in bad.stderr
    assert run("--facts", str(base), "figures", "--metric", "mua").exit_code == 2


def test_a_period_is_words_in_part_or_a_date(run: Run, base: Path) -> None:
    words = _rows(run, base, "dau", "--period", "spring festival")
    assert words and all("spring festival" in row["when"].casefold() for row in words)
    month = _rows(run, base, "dau", "--period", "2026-02")
    assert month and all(row["date"].startswith("2026-02") for row in month)


def test_a_company_without_an_app_holds_figures_and_campaigns(run: Run, base: Path) -> None:
    campaigns = _rows(run, base, "campaigns", "--company", "jd")
    assert campaigns and {row["app_id"] for row in campaigns} == {None}
    assert {row["company_id"] for row in campaigns} == {"jd"}


def test_campaigns_carry_their_dates(run: Run, base: Path) -> None:
    dated = [row for row in _rows(run, base, "campaigns") if row["start_date"]]
    assert any(
        (row["announced_date"], row["start_date"], row["end_date"])
        == ("2026-01-25", "2026-01-26", "2026-03-12")
        for row in dated
    )


def test_history_orders_a_series_by_date_with_its_change(run: Run, base: Path) -> None:
    rows = _rows(run, base, "history", "qwen", "--metric", "dau", "--source", "pbd-qianwen-spike")
    assert [(row["date"], row["value"]) for row in rows][:2] == [
        ("2026-02-05", 7_070_000),
        ("2026-02-06", 58_480_000),
    ]
    assert rows[1]["change_derived"] == 51_410_000


def test_the_timeline_is_in_date_order_with_the_seed_s_days(run: Run) -> None:
    rows = json_output(run, "timeline")
    dated = {row["id"]: row["date"] for row in rows}
    assert dated["ma-visits-qwen-team"] == "2026-02-04"
    assert dated["lin-announces-departure"] == "2026-03-04"
    assert dated["wu-internal-email"] == "2026-03-05"
    order = [row["id"] for row in rows]
    assert (
        order.index("ma-visits-qwen-team")
        < order.index("lin-announces-departure")
        < order.index("wu-internal-email")
    )


def test_a_value_some_rows_infer_stays_in_the_rows_where_its_mark_shows(run: Run) -> None:
    """Qwen's and Yuanbao's metric is inferred, Doubao's stated: the table keeps the metric
    in a column, marked where inferred, rather than in a heading that could mark none, and
    says what the mark means only when one shows."""
    table = run("figures").stdout
    rows = {line.split()[0]: line for line in table.splitlines() if line.startswith("  ")}
    assert "peak DAU*" in rows["qwen-spring-festival-peak"]
    assert "peak DAU " in rows["doubao-spring-festival-peak"]
    assert "Metric: peak DAU" not in table
    assert "* inferred" in table
    stated = run("figures", "--fields", "id,value").stdout
    assert "*" not in stated
