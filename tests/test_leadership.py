"""`aicompete leadership`: leadership and organisation changes, statements and profile facts
in date order, the undated placed with the event they follow."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run, assert_golden, facts_rows, flattened, json_output


def test_table_matches_its_golden_file(run: Run) -> None:
    result = run("leadership")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert_golden("leadership.txt", result.stdout)


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


def test_leadership_is_in_date_order_the_undated_with_their_event(run: Run) -> None:
    rows = json_output(run, "leadership")
    order = [row["id"] for row in rows]
    assert order.index("lin-announces-departure") < order.index("wu-internal-email")
    email = order.index("wu-internal-email")
    # Told in Thursday's e-mail: Zhou Jingren continuing, and the support group.
    assert order[email + 1 : email + 3] == [
        "zhou-continues-tongyi-lab",
        "foundation-model-support-group",
    ]
    # Undated, after Lin's announcement that it follows: it sits with it.
    yu = next(row for row in rows if row["id"] == "yu-announces-departure")
    assert yu["placed_with"] == "lin-announces-departure"
    assert order.index("yu-announces-departure") == order.index("lin-announces-departure") + 1


def test_an_undated_restatement_sits_with_the_event_it_restates(run: Run, corpus: Path) -> None:
    rows = facts_rows(run, corpus, "leadership")
    # The feature tells Zhou Jingren's staying on again, undated: with the e-mail, as the
    # bundled record it restates.
    zhou = next(row for row in rows if row["id"] == "zhou-tongyi-weekend")
    assert zhou["date"] is None and zhou["placed_with"] == "wu-internal-email"
    order = [row["id"] for row in rows]
    assert order.index("zhou-tongyi-weekend") < order.index("base-team-never-assessed-on-dau")


def test_speculation_is_no_ones_act(run: Run) -> None:
    timeline = {row["id"]: row for row in json_output(run, "timeline")}
    assert timeline["commercialization-targets-speculation"]["who"] is None
    assert "commercialization-targets-speculation" not in {
        row["id"] for row in json_output(run, "leadership")
    }


def test_what_exactly_alibaba_said(run: Run) -> None:
    rows = json_output(run, "leadership", "--category", "Statement", "--company", "alibaba")
    assert {row["category"] for row in rows} == {"statement"}
    # What Eddie Wu stressed in his e-mail, then the statement to China Daily and what it
    # also said, then the denial nothing dates.
    assert [(row["id"], row["date"], row["placed_with"]) for row in rows] == [
        ("wu-long-term-strategy", None, "wu-internal-email"),
        ("base-team-never-assessed-on-dau", "2026-03-05", None),
        ("qwen-team-stable", None, "base-team-never-assessed-on-dau"),
        ("qwen-goal-agi", "2026-03-05", None),
        ("alibaba-denies-commercialization-link", None, None),
    ]
    table = run("leadership", "--category", "statement", "--company", "alibaba").stdout
    assert table.splitlines()[0].strip() == "Statements"
    assert "Quote" in table.splitlines()[2]
    assert '"The goal of the Qwen large model is to continuously' in flattened(table)
    bad = run("leadership", "--category", "gossip")
    assert bad.exit_code == 2 and "--category" in bad.stderr
