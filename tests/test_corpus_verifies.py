"""The corpus's expected records, filed on the bundled base as a curator files them, validate
and verify: every field is proven by its rule or declared inferred with why, none fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import Run, json_output
from tests.corpus_base import corpus_base


def _verified(run: Run, facts: Path) -> list[dict[str, Any]]:
    assert run("--facts", str(facts), "validate").exit_code == 0
    rows = json_output(run, "--facts", str(facts), "verify")
    failed = {
        row["id"]: {field: row["reasons"].get(field) for field in row["reasons"]}
        for row in rows
        if not row["ok"]
    }
    assert failed == {}
    return rows


def test_the_whole_corpus_base_validates_and_verifies(run: Run, tmp_path: Path) -> None:
    rows = _verified(run, corpus_base(tmp_path))
    assert len(rows) > 140
    assert sum(row["failed"] for row in rows) == 0


def test_a_base_of_three_articles_holds_what_real_reporting_carries(
    run: Run, tmp_path: Path
) -> None:
    facts = corpus_base(tmp_path, only=("01", "04", "06"))
    _verified(run, facts)
    figures = json_output(run, "--facts", str(facts), "figures")
    sources = {"pbd-qianwen-spike", "meridian-holiday-bill", "bamboo-digest-0304"}
    assert {row["source"] for row in figures} <= {"chinadaily-qwen", *sources}
    metrics = {row["metric"] for row in figures}
    assert {"mau", "retention-30d", "ad-spend", "dau"} <= metrics
    quarter = next(row for row in figures if row["metric"] == "ad-spend")
    assert quarter["date"] == "2025-10-01/2025-12-31"
    assert {"about", "over"} <= {row["bound"] for row in figures if row["metric"] == "dau"}
    series = json_output(
        run,
        "--facts",
        str(facts),
        "history",
        "qwen",
        "--metric",
        "dau",
        "--source",
        "pbd-qianwen-spike",
    )
    assert [row["date"] for row in series][:2] == ["2026-02-05", "2026-02-06"]
    campaigns = json_output(run, "--facts", str(facts), "campaigns")
    assert any(
        (row["announced_date"], row["start_date"], row["end_date"])
        == ("2026-01-25", "2026-01-26", "2026-03-12")
        for row in campaigns
    )
    assert any(row["company_id"] == "jd" and row["app_id"] is None for row in campaigns)
    qianwen = json_output(run, "--facts", str(facts), "figures", "--app", "Qianwen")
    assert qianwen and {row["app_id"] for row in qianwen} == {"qwen"}
