"""Many sources and many periods, on the FICTIONAL articles of `tests/fictional.py`: figures
compared only within their group, conflicts and corroboration, money in one currency,
filters, history and the sources' hashes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests import fictional
from tests.conftest import Run, json_output


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    return fictional.write(tmp_path)


def _rows(run: Run, facts: Path, *args: str) -> list[dict[str, Any]]:
    return json_output(run, "--facts", str(facts), *args)


def test_the_fictional_knowledge_base_validates_and_verifies(run: Run, facts: Path) -> None:
    assert run("validate", str(facts)).exit_code == 0
    rows = _rows(run, facts, "verify")
    assert rows and all(row["ok"] for row in rows)
    assert {row["source"] for row in rows} == set(fictional.ARTICLES)


def test_figures_rank_and_share_within_their_group_newest_first(run: Run, facts: Path) -> None:
    rows = _rows(run, facts, "dau")
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
    assert headings == [
        "Metric: peak DAU · When: Spring Festival holiday · Dates: 2026-02-15/2026-02-23 · "
        "Measured by: Chartwell",
        "Metric: peak DAU · When: Spring Festival holiday · Dates: 2026-02-15/2026-02-23 · "
        "Measured by: Metrica",
        "Metric: peak DAU · When: Spring Festival holiday · Dates: 2025-01-28/2025-02-04 · "
        "Measured by: Chartwell",
    ]


def test_different_values_conflict_and_equal_ones_corroborate(run: Run, facts: Path) -> None:
    rows = {row["id"]: row for row in _rows(run, facts, "dau")}
    # One holiday's peak: two measurers' figures cannot both be true either.
    assert rows["herald-lumo"]["conflicts_with"] == ["wire-lumo", "post-lumo"]
    assert rows["post-lumo"]["conflicts_with"] == ["herald-lumo", "wire-lumo"]
    assert rows["wire-lumo"]["conflicts_with"] == ["herald-lumo", "post-lumo"]
    # Another year is another thing: no conflict.
    assert rows["ledger-lumo"]["conflicts_with"] == []
    assert (
        rows["herald-kestrel"]["sources_agreeing"],
        rows["post-kestrel"]["sources_agreeing"],
    ) == (2, 2)
    assert rows["herald-lumo"]["sources_agreeing"] == 1
    # A restatement folds into the campaign it restates, which it disputes.
    campaigns = {row["id"]: row for row in _rows(run, facts, "campaigns")}
    assert campaigns["herald-tidal-ads"]["conflicts_with"] == ["post-tidal-ads"]
    events = {row["id"]: row for row in _rows(run, facts, "leadership")}
    assert events["post-vale-resigns"]["conflicts_with"] == ["herald-vale-resigns"]


def test_conflicts_lists_both_sides_of_each(run: Run, facts: Path) -> None:
    result = run("--facts", str(facts), "conflicts", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [
        (
            row["kind"],
            row["id"],
            row["value"],
            row["other_id"],
            row["other_value"],
            row["measurers"],
        )
        for row in rows
    ] == [
        # One subject's conflicts, those of two measurers together, then of one.
        ("figure", "herald-lumo", "120000000", "wire-lumo", "110000000", "different"),
        ("figure", "wire-lumo", "110000000", "post-lumo", "125000000", "different"),
        ("figure", "herald-lumo", "120000000", "post-lumo", "125000000", "same"),
        ("campaign", "herald-tidal-ads", "600000000 USD", "post-tidal-ads", "650000000 USD", None),
        (
            "event",
            "herald-vale-resigns",
            "Monday (2026-02-16)",
            "post-vale-resigns",
            "Tuesday (2026-02-17)",
            None,
        ),
    ]
    same = rows[2]
    assert same["quote"] == "Brightfield's Lumo recorded a peak of 120 million DAUs"
    assert same["other_quote"] == "Brightfield's Lumo recorded a peak of 125 million DAUs"
    assert (same["source"], same["other_source"]) == (
        "fictional-herald-2026",
        "fictional-post-2026",
    )


def test_no_conflict_is_no_error(run: Run) -> None:
    result = run("conflicts", "--json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    # The bundled file is one source: nothing is stated twice, so nothing can agree either.
    assert run("conflicts").stdout == (
        "no conflicts: no two sources state the same thing, so none can disagree\n"
    )


def test_spend_sorts_in_yuan_stated_or_converted_at_a_stated_rate(run: Run, facts: Path) -> None:
    rows = _rows(run, facts, "campaigns", "--sort", "spend")
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
    reverse = _rows(run, facts, "campaigns", "--sort", "spend", "--reverse")
    assert [row["id"] for row in reverse][-2:] == ["wire-kestrel-billboards", "post-lumo-gala"]


def test_a_table_labels_converted_and_unconvertible_amounts(run: Run, facts: Path) -> None:
    table = run("--facts", str(facts), "campaigns", env={"COLUMNS": "160"}).stdout
    assert "¥3.9B†" in table
    assert "no rate" in table
    assert "€500.0M" in table and "£80.0M" in table
    assert "† converted at 1 EUR = 7.8 CNY, the rate that wire-euro-yuan states" in table


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
    assert [row["id"] for row in _rows(run, facts, "dau", *args)] == expected


def test_filters_keep_ranks_and_work_on_other_listings(run: Run, facts: Path) -> None:
    (kestrel,) = _rows(run, facts, "dau", "--app", "kestrel", "--source", "fictional-post-2026")
    assert kestrel["rank"] == 2
    assert [row["id"] for row in _rows(run, facts, "campaigns", "--company", "harbor")] == [
        "herald-tidal-ads"
    ]
    # An app stands for its company where rows have no app.
    assert [row["id"] for row in _rows(run, facts, "leadership", "--app", "lumo")] == [
        "herald-vale-resigns",
        "post-vale-resigns",
    ]
    hits = _rows(run, facts, "lookup", "advertising", "--source", "fictional-post-2026")
    assert [hit["id"] for hit in hits] == ["post-tidal-ads"]
    assert hits[0]["conflicts_with"] == ["herald-tidal-ads"]
    (kestrel_figure,) = _rows(run, facts, "lookup", "kestrel", "60", "post")
    assert (kestrel_figure["id"], kestrel_figure["sources_agreeing"]) == ("post-kestrel", 2)
    people = _rows(run, facts, "lookup", "ann", "vale", "--fields", "kind,sources_agreeing")
    assert {"kind": "person", "sources_agreeing": None} in people
    assert _rows(run, facts, "conflicts", "--company", "northwind") == []


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


def test_history_orders_periods_and_derives_the_change(run: Run, facts: Path) -> None:
    rows = _rows(run, facts, "history", "lumo")
    assert [
        (
            row["measured_by"],
            row["published"],
            row["value"],
            row["change_derived"],
            row["change_share_derived"],
        )
        for row in rows
    ] == [
        ("Chartwell", "2025-02-10", 90000000, None, None),
        # Two sources' figures for the 2026 holiday, in conflict: each is that period's, and
        # each changes from 2025's, never from the other.
        ("Chartwell", "2026-02-20", 120000000, 30000000, 0.3333),
        ("Chartwell", "2026-02-22", 125000000, 35000000, 0.3889),
        ("Metrica", "2026-02-21", 110000000, None, None),
    ]
    assert [row["date"][:4] for row in rows] == ["2025", "2026", "2026", "2026"]
    table = run("--facts", str(facts), "history", "lumo", env={"COLUMNS": "120"}).stdout
    assert "+30.0M" in table and "+33.3%" in table
    assert run("--facts", str(facts), "history", "lumox").exit_code == 2


def test_no_change_is_derived_from_a_period_whose_sources_disagree(run: Run, facts: Path) -> None:
    # The fictional post article now dated 2025, and its figures with it: its Lumo figure
    # conflicts with the ledger's.
    text = facts.read_text(encoding="utf-8")
    text = text.replace('published = "2026-02-22"', 'published = "2025-02-12"')
    text = re.sub(
        r'(id = "post-[a-z]+"(?:\n[^\n]+)*?\ndate = )"2026-02-15/2026-02-23"',
        r'\1"2025-01-28/2025-02-04"',
        text,
    )
    facts.write_text(text)
    rows = [
        row for row in _rows(run, facts, "history", "lumo") if row["measured_by"] == "Chartwell"
    ]
    assert [(row["id"], int(row["date"][:4]), row["change_derived"]) for row in rows] == [
        ("ledger-lumo", 2025, None),
        ("post-lumo", 2025, None),
        ("herald-lumo", 2026, None),
    ]


def test_compare_takes_figures_from_a_group_all_players_share(run: Run, facts: Path) -> None:
    shared = {row["id"]: row for row in _rows(run, facts, "compare", "lumo", "nib")}
    assert (shared["brightfield"]["dau_id"], shared["quill"]["dau_id"]) == ("wire-lumo", "wire-nib")
    assert {row["dau_comparable"] for row in shared.values()} == {True}
    apart = {row["id"]: row for row in _rows(run, facts, "compare", "nib", "kestrel")}
    assert (apart["quill"]["dau_measured_by"], apart["northwind"]["dau_measured_by"]) == (
        "Metrica",
        "Chartwell",
    )
    assert {row["dau_comparable"] for row in apart.values()} == {False}
    table = run("--facts", str(facts), "compare", "nib", "kestrel").stdout
    assert "do not compare" in table
    # A campaign restated by another source counts once in the total.
    harbor = {row["id"]: row for row in _rows(run, facts, "compare", "tidal", "lumo")}["harbor"]
    assert harbor["spend_cny_derived"] == 4285714286


def test_a_changed_article_fails_its_own_facts_once(run: Run, facts: Path) -> None:
    article = facts.parent / "fictional" / "fictional-post-2026.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("125", "126"), encoding="utf-8")
    result = run("--facts", str(facts), "verify", "--json")
    assert result.exit_code == 1
    failed = {row["source"]: row["reason"] for row in json.loads(result.stdout) if not row["ok"]}
    changed = "the text of source 'fictional-post-2026' no longer matches its sha256"
    assert failed == {"fictional-post-2026": changed}
    sources = {row["id"]: row for row in _rows(run, facts, "sources")}
    assert sources["fictional-post-2026"]["text_matches"] is False
    assert sources["fictional-herald-2026"]["text_matches"] is True


def test_new_source_prints_a_block_that_validates_once_completed(run: Run, facts: Path) -> None:
    article = facts.parent / "fictional" / "fifth.txt"
    article.write_text(
        "A fifth fictional article\nFICTIONAL: Northwind's Kestrel grew.\n", encoding="utf-8"
    )
    result = run(
        "--facts",
        str(facts),
        "new-source",
        str(article),
        "--publisher",
        "Fictional Press",
        "--published",
        "2026-03-01",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith('[[sources]]\nid = "a-fifth-fictional-article"\n')
    assert 'file = "fictional/fifth.txt"' in result.stdout
    assert "sha256 = " in result.stdout
    facts.write_text(result.stdout + "\n" + facts.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("validate", str(facts)).exit_code == 0
    sources = {row["id"]: row for row in _rows(run, facts, "sources")}
    assert sources["a-fifth-fictional-article"]["text_matches"] is True


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--id", "../../etc", "should be an id"),
        ("--published", "2026-13-45", "is not a day of the calendar"),
        ("--publisher", "\u200b\u2060", "should not be blank"),
        ("--title", "\u00ad", "should not be blank"),
    ],
)
def test_new_source_refuses_what_validate_would(
    run: Run, facts: Path, option: str, value: str, message: str
) -> None:
    article = facts.parent / "fictional" / "fifth.txt"
    article.write_text("A fifth fictional article\n", encoding="utf-8")
    args = ["--facts", str(facts), "new-source", str(article), "--publisher", "Fictional Press"]
    result = run(*args, option, value)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert f"Invalid value for {option}: " in result.stderr and message in result.stderr


def test_a_title_of_invisible_characters_falls_back_to_the_file_name(run: Run, facts: Path) -> None:
    article = facts.parent / "fictional" / "fifth.txt"
    article.write_text("\u200b\u200d\ufeff\n\nFICTIONAL: Northwind grew.\n", encoding="utf-8")
    result = run("--facts", str(facts), "new-source", str(article), "--publisher", "P")
    assert result.exit_code == 0, result.stderr
    assert 'title = "FICTIONAL: Northwind grew."' in result.stdout
    article.write_text("\u200b\u2060\n", encoding="utf-8")
    result = run("--facts", str(facts), "new-source", str(article), "--publisher", "P")
    assert result.exit_code == 0, result.stderr
    assert 'id = "fifth"\ntitle = "fifth"\n' in result.stdout


def test_new_source_refuses_a_file_outside_the_folder(
    run: Run, facts: Path, tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("Outside\n", encoding="utf-8")
    result = run("--facts", str(facts), "new-source", str(outside))
    assert result.exit_code == 2
    assert "is not inside" in result.stderr


@pytest.mark.parametrize(
    ("stated", "changed", "field", "reason"),
    [
        (
            'base = "EUR"\ncounter = "CNY"',
            'base = "CNY"\ncounter = "EUR"',
            "base",
            "the quote does not state one CNY as the unit the rate is for",
        ),
        ('value = "7.8"', 'value = "1"', "value", "the quote does not state 1 CNY"),
        ('value = "7.8"', 'value = "8.7"', "value", "the quote does not state 8.7 CNY"),
    ],
)
def test_a_rate_is_proven_only_the_way_round_its_quote_states_it(
    run: Run, facts: Path, stated: str, changed: str, field: str, reason: str
) -> None:
    text = facts.read_text(encoding="utf-8")
    assert text.count(stated) == 1
    facts.write_text(text.replace(stated, changed), encoding="utf-8")
    result = run("--facts", str(facts), "verify", "--json")
    assert result.exit_code == 1
    (rate,) = [row for row in json.loads(result.stdout) if row["id"] == "wire-euro-yuan"]
    assert rate["fields"][field] == "failed"
    assert rate["reasons"][field] == reason


def test_compare_takes_one_sources_figures_and_marks_a_disputed_one(run: Run, facts: Path) -> None:
    rows = {row["id"]: row for row in _rows(run, facts, "compare", "lumo", "kestrel")}
    # Chartwell's 2026 group: the post article gives both figures, so both come from it.
    assert {row["dau_source"] for row in rows.values()} == {"fictional-post-2026"}
    assert rows["brightfield"]["dau_conflicts_with"] == ["herald-lumo", "wire-lumo"]
    assert rows["northwind"]["dau_sources_agreeing"] == 2
    assert rows["northwind"]["share_of_leader_derived"] == 0.48
    table = run("--facts", str(facts), "compare", "lumo", "kestrel", env={"COLUMNS": "160"})
    assert "€500.0M (no rate to USD)" in table.stdout
    assert "£80.0M (no rate to CNY or USD)" in table.stdout
    assert "`aicompete conflicts` shows both" in table.stdout


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
        rows = _rows(run, facts, *command, *filters, "--source", "fictional-post-2026")
        for row in rows:
            companies = row.get("company_ids") or [row.get("company_id")]
            assert "northwind" in companies, row
            assert "fictional-post-2026" in (row.get("source"), row.get("other_source"), row["id"])
    unknown = run("--facts", str(facts), *command, "--company", "northwnd")
    assert unknown.exit_code == 2
    assert "did you mean" in unknown.stderr


def test_sources_verify_and_history_narrow_to_what_was_asked(run: Run, facts: Path) -> None:
    wire = _rows(run, facts, "sources", "--source", "fictional-wire-2026")
    assert [row["id"] for row in wire] == ["fictional-wire-2026"]
    assert wire[0]["company_ids"] == ["metrica", "quill", "brightfield", "northwind"]
    assert wire[0]["app_ids"] == ["nib", "lumo", "kestrel"]
    quill = _rows(run, facts, "sources", "--app", "nib")
    assert [row["id"] for row in quill] == ["fictional-wire-2026"]
    checked = _rows(run, facts, "verify", "--app", "nib")
    assert [(row["kind"], row["id"]) for row in checked] == [("app", "nib"), ("figure", "wire-nib")]
    table = run("--facts", str(facts), "verify", "--app", "nib", env={"COLUMNS": "200"})
    assert "Facts proven: 2 of 2" in table.stdout
    assert _rows(run, facts, "history", "lumo", "--company", "northwind") == []


def test_apps_tied_for_first_list_the_leader_the_shares_are_of_first(run: Run, facts: Path) -> None:
    # Kestrel's Feb 20 figure now equals Lumo's largest: the two apps tie for first.
    text = facts.read_text(encoding="utf-8")
    tied = text.replace(
        'id = "herald-kestrel"\napp = "kestrel"\nvalue = 60000000',
        ('id = "herald-kestrel"\napp = "kestrel"\nvalue = 125000000'),
    )
    assert tied != text
    facts.write_text(tied, encoding="utf-8")
    rows = [row for row in _rows(run, facts, "dau") if row["date"].startswith("2026")]
    newest = [row for row in rows if row["measured_by"] == "Chartwell"]
    assert [(row["app"], row["rank"], row["share_of_leader_derived"]) for row in newest] == [
        ("Lumo", 1, 1.0),
        ("Lumo", 1, 1.0),
        ("Kestrel", 1, round(125 / 120, 4)),
        ("Kestrel", 1, 0.48),
        ("Tidal", 3, 0.25),
    ]


def test_compare_of_players_without_figures_says_nothing_about_groups(run: Run) -> None:
    rows = json_output(run, "compare", "baidu", "questmobile")
    assert {row["dau_comparable"] for row in rows} == {None}
    table = run("compare", "baidu", "questmobile", env={"COLUMNS": "160"}).stdout
    assert "do not compare" not in table


@pytest.mark.parametrize(
    ("source", "proven"), [("fictional-post-2026", True), ("fictional-herald-2026", False)]
)
def test_two_records_may_share_a_name_only_across_sources(
    run: Run, facts: Path, source: str, proven: bool
) -> None:
    """Two people called Ann Vale in two articles are two records, each named; in one article
    the name cannot tell them apart."""
    with facts.open("a", encoding="utf-8") as file:
        file.write(
            '\n[[people]]\nid = "ann-vale-2"\nname = "Ann Vale"\nrole = "Brightfield CEO"\n'
            f'source = "{source}"\nquote = "Brightfield CEO Ann Vale"\n'
        )
    result = run("--facts", str(facts), "verify", "--json")
    assert result.exit_code == (0 if proven else 1)
    checks = {row["id"]: row for row in json.loads(result.stdout)}
    for person in ("ann-vale", "ann-vale-2"):
        assert (checks[person]["fields"]["name"] == "proven") is proven
