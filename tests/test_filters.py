"""The filters of the listings of facts (--company, --app, --source, --period): names as
people type them, ranks kept, every listing of facts narrowed alike, and a close name suggested
for one that matches nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, facts_rows, flattened, json_output


@pytest.mark.parametrize("period", ["spring festival", "SPRING FESTIVAL", "Spring Festival"])
def test_a_period_is_matched_in_part_case_aside(run: Run, corpus: Path, period: str) -> None:
    rows = facts_rows(run, corpus, "dau", "--period", period)
    assert rows and all("spring festival" in row["when"].casefold() for row in rows)


def test_a_period_may_be_a_date(run: Run, corpus: Path) -> None:
    rows = facts_rows(run, corpus, "dau", "--period", "2026-02-16")
    assert {row["app"] for row in rows} == {"Doubao", "Qwen", "Yuanbao"}
    assert all(row["date"] and "2026-02" in row["date"] for row in rows)
    conflicts = facts_rows(run, corpus, "conflicts", "--period", "2026-02")
    assert conflicts


def test_a_source_may_be_named_by_its_publisher(run: Run, corpus: Path) -> None:
    china_daily = json_output(run, "dau", "--source", "China Daily")
    assert {row["source"] for row in china_daily} == {"chinadaily-qwen"}
    harbour = facts_rows(run, corpus, "figures", "--source", "harbour wire")
    assert {row["source"] for row in harbour} == {"harbour-doubao-100m", "harbour-lin-exit"}
    bad = run("dau", "--source", "Chna Daily")
    assert bad.exit_code == 2 and "did you mean 'China Daily'?" in flattened(bad.stderr)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--company", "northwind"), ["herald-kestrel", "post-kestrel", "ledger-kestrel"]),
        (("--company", "Kestrel"), ["herald-kestrel", "post-kestrel", "ledger-kestrel"]),
        (("--app", "tidal"), ["herald-tidal"]),
        (("--source", "fictional-wire-2026"), ["wire-lumo", "wire-nib"]),
        (("--period", "spring festival HOLIDAY", "--app", "nib"), ["wire-nib"]),
    ],
)
def test_filters_narrow_every_listing(
    run: Run, facts: Path, args: tuple[str, ...], expected: list[str]
) -> None:
    assert [row["id"] for row in facts_rows(run, facts, "dau", *args)] == expected


def test_filters_keep_ranks_and_work_on_other_listings(run: Run, facts: Path) -> None:
    (kestrel,) = facts_rows(
        run, facts, "dau", "--app", "kestrel", "--source", "fictional-post-2026"
    )
    assert kestrel["rank"] == 2
    assert [row["id"] for row in facts_rows(run, facts, "campaigns", "--company", "harbor")] == [
        "herald-tidal-ads"
    ]
    # An app stands for its company where rows have no app.
    assert [row["id"] for row in facts_rows(run, facts, "leadership", "--app", "lumo")] == [
        "herald-vale-resigns",
        "post-vale-resigns",
    ]
    hits = facts_rows(run, facts, "lookup", "advertising", "--source", "fictional-post-2026")
    assert [hit["id"] for hit in hits] == ["post-tidal-ads"]
    assert hits[0]["conflicts_with"] == ["herald-tidal-ads"]
    (kestrel_figure,) = facts_rows(run, facts, "lookup", "kestrel", "60", "post")
    assert (kestrel_figure["id"], kestrel_figure["sources_agreeing"]) == ("post-kestrel", 2)
    people = facts_rows(run, facts, "lookup", "ann", "vale", "--fields", "kind,sources_agreeing")
    assert {"kind": "person", "sources_agreeing": None} in people
    assert facts_rows(run, facts, "conflicts", "--company", "northwind") == []


def test_an_unknown_filter_name_suggests_a_close_one(run: Run, facts: Path) -> None:
    result = run("--facts", str(facts), "dau", "--company", "northwnd")
    assert result.exit_code == 2
    assert "did you mean 'northwind'?" in result.stderr
    # The message names the option the name was given to, and no other.
    assert "Invalid value for --company: unknown company" in " ".join(result.stderr.split())
    result = run("--facts", str(facts), "dau", "--period", "spring festval holiday")
    assert result.exit_code == 2
    assert "did you mean 'Spring Festival holiday'?" in result.stderr
    assert "Invalid value for --period:" in result.stderr


# Every listing of facts, with the arguments it needs: each takes the same filters.
FILTERED = (
    ("dau",),
    ("campaigns",),
    ("leadership",),
    ("lookup", "kestrel"),
    ("timeline",),
    ("history", "kestrel"),
    ("conflicts",),
    ("verify",),
    ("sources",),
)


@pytest.mark.parametrize("command", FILTERED, ids=lambda command: command[0])
def test_every_listing_of_facts_takes_company_app_and_source(
    run: Run, facts: Path, command: tuple[str, ...]
) -> None:
    for filters in (("--company", "northwind"), ("--app", "kestrel")):
        rows = facts_rows(run, facts, *command, *filters, "--source", "fictional-post-2026")
        for row in rows:
            companies = row.get("company_ids") or [row.get("company_id")]
            assert "northwind" in companies, row
            assert "fictional-post-2026" in (row.get("source"), row.get("other_source"), row["id"])
    unknown = run("--facts", str(facts), *command, "--company", "northwnd")
    assert unknown.exit_code == 2
    assert "did you mean" in unknown.stderr


def test_sources_verify_and_history_narrow_to_what_was_asked(run: Run, facts: Path) -> None:
    wire = facts_rows(run, facts, "sources", "--source", "fictional-wire-2026")
    assert [row["id"] for row in wire] == ["fictional-wire-2026"]
    assert wire[0]["company_ids"] == ["metrica", "quill", "brightfield", "northwind"]
    assert wire[0]["app_ids"] == ["nib", "lumo", "kestrel"]
    quill = facts_rows(run, facts, "sources", "--app", "nib")
    assert [row["id"] for row in quill] == ["fictional-wire-2026"]
    checked = facts_rows(run, facts, "verify", "--app", "nib")
    assert [(row["kind"], row["id"]) for row in checked] == [("app", "nib"), ("figure", "wire-nib")]
    table = run("--facts", str(facts), "verify", "--app", "nib", env={"COLUMNS": "200"})
    assert "Facts proven: 2 of 2" in table.stdout
    assert facts_rows(run, facts, "history", "lumo", "--company", "northwind") == []
