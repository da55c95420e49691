"""`--limit N`: the first N rows of every listing, in every format, with their ranks in the
whole listing; tables say how many rows there were, machine formats carry the rows only."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from aicompete.listings.contract import Field, Listing
from aicompete.listings.registry import LISTINGS
from aicompete.output.table import to_table
from tests import fictional
from tests.conftest import Run, json_output

# Each listing command, with the arguments that give it rows to cut.
COMMANDS = {
    "figures": ["figures"],
    "dau": ["dau"],
    "campaigns": ["campaigns"],
    "leadership": ["leadership"],
    "lookup": ["lookup", "lumo"],
    "compare": ["compare", "brightfield", "northwind", "harbor"],
    "timeline": ["timeline"],
    "history": ["history", "lumo"],
    "conflicts": ["conflicts"],
    "verify": ["verify"],
    "validate": ["validate"],
    "sources": ["sources"],
    "fields": ["fields", "dau"],
}


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    """The fictional knowledge base: several sources, groups, conflicts and tied ranks."""
    return fictional.write(tmp_path)


def test_every_listing_command_is_covered() -> None:
    assert set(COMMANDS) == set(LISTINGS)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_limit_keeps_the_first_rows_of_every_listing(run: Run, facts: Path, command: str) -> None:
    args = ["--facts", str(facts), *COMMANDS[command]]
    if command == "validate":
        # A file with problems, so that there are rows to cut.
        broken = facts.with_name("broken.toml")
        broken.write_text('[[figures]]\nid = "x"\n[[apps]]\nid = "y"\n', encoding="utf-8")
        args = ["validate", str(broken)]
    whole = run(*args, "--json")
    rows = json.loads(whole.stdout)
    assert len(rows) >= 2, command
    for count in (1, 2, len(rows) + 1):
        cut = run(*args, "--json", "--limit", str(count))
        assert cut.exit_code == whole.exit_code, cut.stderr
        assert json.loads(cut.stdout) == rows[:count], (command, count)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "markdown", "table", "svg"])
def test_limit_holds_in_every_format(run: Run, fmt: str) -> None:
    cut = run("campaigns", "--format", fmt, "--limit", "2").stdout
    whole = run("campaigns", "--format", fmt).stdout
    assert cut != whole
    if fmt == "json":
        assert len(json.loads(cut)) == 2
    elif fmt == "jsonl":
        assert len(cut.splitlines()) == 2
    elif fmt in ("csv", "tsv"):
        delimiter = "," if fmt == "csv" else "\t"
        assert len(list(csv.DictReader(io.StringIO(cut), delimiter=delimiter))) == 2
    else:
        # SVG writes spaces as non-breaking ones.
        assert "First 2 of 4 rows." in cut.replace("&#160;", " ")


def test_machine_formats_carry_the_rows_only(run: Run) -> None:
    for fmt in ("json", "jsonl", "csv", "tsv"):
        assert "First" not in run("dau", "--format", fmt, "--limit", "1").stdout, fmt


def test_a_table_says_how_many_rows_there_were_only_when_some_are_left_out(run: Run) -> None:
    assert run("dau", "--limit", "2").stdout.rstrip().endswith("First 2 of 3 rows.")
    assert "First" not in run("dau", "--limit", "3").stdout
    assert run("dau", "--limit", "3").stdout == run("dau").stdout


def test_ranks_stay_those_of_the_whole_listing_and_ties_stay_shared(run: Run) -> None:
    ranks = [row["rank"] for row in json_output(run, "timeline")]
    assert ranks[:4] == [1, 2, 3, 3]
    for count in (1, 3, 4):
        cut = json_output(run, "timeline", "--limit", str(count))
        assert [row["rank"] for row in cut] == ranks[:count]
    filtered = json_output(run, "dau", "--company", "alibaba", "--limit", "1")
    assert [(row["app"], row["rank"]) for row in filtered] == [("Qwen", 2)]


def test_limit_counts_rows_across_sections(run: Run, facts: Path) -> None:
    rows = json_output(run, "--facts", str(facts), "dau", "--limit", "6")
    assert [(row["id"], row["rank"]) for row in rows] == [
        ("post-lumo", 1),
        ("herald-lumo", 1),
        ("herald-kestrel", 2),
        ("post-kestrel", 2),
        ("herald-tidal", 3),
        ("wire-lumo", 1),
    ]
    table = run("--facts", str(facts), "dau", "--limit", "6", env={"COLUMNS": "160"}).stdout
    headings = [line for line in table.splitlines() if line.strip().startswith("Metric:")]
    assert len(headings) == 2
    assert "First 6 of 9 rows." in table


def test_limit_applies_after_sorting(run: Run) -> None:
    by_company = json_output(run, "campaigns", "--sort", "company", "--reverse")
    cut = json_output(run, "campaigns", "--sort", "company", "--reverse", "--limit", "1")
    assert cut == by_company[:1]


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_a_limit_below_one_is_a_usage_error(run: Run, value: str) -> None:
    result = run("dau", "--limit", value)
    assert result.exit_code == 2
    assert "--limit" in result.stderr
    assert result.stdout == ""


def test_a_limit_is_checked_before_the_knowledge_file_is_read(run: Run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[figures]]\n", encoding="utf-8")
    result = run("--facts", str(broken), "dau", "--limit", "0")
    assert result.exit_code == 2
    assert "0 is not in the range x>=1" in result.stderr


VALUE = Field("value", "integer", "A value", "Value", "count")
NAME = Field("name", "string", "A name", "Name")


def _listing(values: list[int], **extra: object) -> Listing:
    rows = [{"name": f"n{at}", "value": value} for at, value in enumerate(values)]
    return Listing((NAME, VALUE), rows, ("name", "value"), bar_field="value", **extra)  # type: ignore[arg-type]


def test_limited_is_the_listing_when_nothing_is_left_out() -> None:
    listing = _listing([3, 2, 1])
    assert listing.limited(3) is listing
    assert listing.limited(10) is listing


def test_limited_keeps_bars_to_the_scale_of_the_whole_listing() -> None:
    # Sorted by something else than the value: the largest is left out by the cut.
    listing = _listing([1, 4, 2])
    cut = listing.limited(1)
    assert cut.rows == listing.rows[:1]
    assert cut.bar_peak() == 4
    assert cut.notes == ("First 1 of 3 rows.",)
    drawn = to_table(cut, color=False, width=100)
    # A quarter of the full bar (16 cells at this width), not all of it.
    assert "█" * 4 in drawn and "█" * 5 not in drawn


def test_limited_leaves_a_scale_already_set() -> None:
    assert _listing([1, 4, 2], bar_scale=10.0).limited(1).bar_peak() == 10.0
