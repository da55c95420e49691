"""show: everything about one record, with what it names, what names it, and its quotes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aicompete.knowledge.loading import load_knowledge
from tests.conftest import BUNDLED, Run, assert_golden


def _show(run: Run, *args: str) -> dict[str, Any]:
    result = run("show", *args, "--json")
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_a_person_with_every_field_and_what_refers_to_them(run: Run) -> None:
    found = _show(run, "yu-bowen")
    assert (found["kind"], found["id"]) == ("person", "yu-bowen")
    assert found["summary"] == "Yu Bowen: Head of post-training for the Qwen model (Alibaba)"
    assert found["fields"] == {
        "id": "yu-bowen",
        "name": "Yu Bowen",
        "role": "Head of post-training for the Qwen model",
        "source": "chinadaily-qwen",
        "quote": "Yu Bowen, head of post-training for the Qwen model",
        "company": "alibaba",
        "aliases": [],
        "context": [],
        "inferred": {
            "company": {
                "value": "alibaba",
                "why": "He announced his departure 'from the company' in the article's account "
                "of Alibaba's leadership changes; that sentence does not name the company.",
            }
        },
    }
    assert [(r["field"], r["kind"], r["id"]) for r in found["refers_to"]] == [
        ("company", "company", "alibaba"),
        ("source", "source", "chinadaily-qwen"),
    ]
    assert [(r["field"], r["kind"], r["id"]) for r in found["referred_by"]] == [
        ("person", "event", "yu-announces-departure"),
    ]


def test_each_quote_carries_its_source(run: Run) -> None:
    quotes = _show(run, "yu-bowen")["quotes"]
    assert [(q["kind"], q["id"]) for q in quotes] == [
        ("person", "yu-bowen"),
        ("event", "yu-announces-departure"),
    ]
    for quote in quotes:
        assert quote["source"] == "chinadaily-qwen"
        assert quote["title"] == "Alibaba steps up focus on Qwen LLM"
        assert quote["publisher"] == "China Daily"
    assert quotes[1]["quote"].endswith(
        "also announced his departure from the company shortly afterward."
    )


def test_a_campaign_shows_its_amounts(run: Run) -> None:
    fields = _show(run, "yuanbao-cash-red-packets")["fields"]
    assert fields["amounts"] == [
        {"value": 1000000000, "currency": "CNY", "bound": "exact"},
        {"value": 145000000, "currency": "USD", "bound": "exact"},
    ]
    assert fields["name"] is None


def test_an_app_lists_its_figures_and_campaigns(run: Run) -> None:
    found = _show(run, "qwen")
    assert [(r["kind"], r["id"]) for r in found["referred_by"]] == [
        ("figure", "qwen-spring-festival-peak"),
        ("campaign", "qwen-spring-festival-treat"),
    ]


def test_an_event_lists_the_events_after_it(run: Run) -> None:
    found = _show(run, "lin-announces-departure")
    assert [(r["field"], r["id"]) for r in found["referred_by"]] == [
        ("after", "yu-announces-departure"),
        ("after", "wu-internal-email"),
        ("after", "alibaba-reorganizes-around-qwen"),
        ("after", "base-team-never-assessed-on-dau"),
        ("after", "qwen-goal-agi"),
    ]
    assert ("after", "event", "spring-festival-record-dau") in [
        (r["field"], r["kind"], r["id"]) for r in found["refers_to"]
    ]


def test_an_exact_name_finds_the_record(run: Run) -> None:
    assert _show(run, "Yu Bowen")["id"] == "yu-bowen"
    assert _show(run, "alibaba group")["id"] == "alibaba"


def test_unknown_id_is_a_usage_error_with_a_suggestion(run: Run) -> None:
    result = run("show", "yu-bowne")
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert "unknown id 'yu-bowne'" in message
    assert "did you mean 'yu-bowen'?" in message


def test_a_misspelt_name_suggests_the_id(run: Run) -> None:
    result = run("show", "Lin Junyan")
    assert result.exit_code == 2
    assert "did you mean 'lin-junyang'?" in " ".join(result.stderr.split())


def test_an_id_two_kinds_share_needs_its_kind(run: Run, tmp_path: Path) -> None:
    text = BUNDLED.read_text(encoding="utf-8").replace('id = "tencent"', 'id = "yuanbao"')
    text = text.replace('company = "tencent"', 'company = "yuanbao"')
    path = tmp_path / "facts.toml"
    path.write_text(text, encoding="utf-8")
    result = run("--facts", str(path), "show", "yuanbao")
    assert result.exit_code == 2
    assert "name one of: company:yuanbao, app:yuanbao" in " ".join(result.stderr.split())
    # The kind, a name from a list, is read case aside.
    for ref, kind in (("app:yuanbao", "app"), ("COMPANY:yuanbao", "company")):
        result = run("--facts", str(path), "show", ref, "--json")
        assert result.exit_code == 0
        assert json.loads(result.stdout)["kind"] == kind


def test_a_source_lists_every_fact_that_cites_it(run: Run) -> None:
    found = _show(run, "chinadaily-qwen")
    assert found["kind"] == "source"
    assert found["refers_to"] == []
    knowledge = load_knowledge(BUNDLED)
    facts = [
        record.id
        for table in ("companies", "apps", "people", "figures", "campaigns", "events")
        for record in getattr(knowledge, table)
    ]
    assert [r["id"] for r in found["referred_by"]] == facts
    assert [q["id"] for q in found["quotes"]] == facts


@pytest.mark.parametrize("record_id", ["yu-bowen", "qwen-spring-festival-treat"])
def test_table_matches_golden_file(run: Run, record_id: str) -> None:
    result = run("show", record_id)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert_golden(f"show-{record_id}.txt", result.stdout)
