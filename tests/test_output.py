"""Every output format parsed the way a script would read it, and --fields in each."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest

from aicompete.knowledge.loading import load_knowledge
from aicompete.listings import dau
from aicompete.listings.contract import select_fields
from aicompete.output.formats import OutputFormat
from aicompete.terminal import Terminal
from tests.conftest import BUNDLED, Run

DAU_VALUES = [145000000, 73520000, 40540000]


def test_json_is_one_array_of_objects_of_plain_values(run: Run) -> None:
    rows = json.loads(run("campaigns", "--format", "json").stdout)
    assert isinstance(rows, list)
    for row in rows:
        # Lists (amounts as stated, rates used, conflicts) hold plain values or flat objects.
        for value in row.values():
            assert not isinstance(value, dict)
            for item in value if isinstance(value, list) else ():
                assert not isinstance(item, list)
                parts = item.values() if isinstance(item, dict) else ()
                assert all(not isinstance(part, (dict, list)) for part in parts)
    assert run("campaigns", "--json").stdout == run("campaigns", "-f", "json").stdout


def test_jsonl_is_one_object_per_line(run: Run) -> None:
    lines = run("dau", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["value"] for line in lines] == DAU_VALUES


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_delimited_formats_have_a_header_and_raw_values(run: Run, fmt: str, delimiter: str) -> None:
    text = run("campaigns", "--format", fmt).stdout
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    assert [row["amount_cny"] for row in rows] == ["3000000000", "1000000000", "500000000", ""]
    assert rows[1]["amount_usd"] == "145000000"
    assert rows[3]["amount_usd"] == ""
    dau = list(csv.DictReader(io.StringIO(run("dau", "--format", fmt).stdout), delimiter=delimiter))
    assert [int(row["value"]) for row in dau] == DAU_VALUES


def test_markdown_is_a_pipe_table(run: Run) -> None:
    lines = run("dau", "--format", "markdown").stdout.splitlines()
    assert lines[0].startswith("**Metric: peak DAU")
    assert lines[2].startswith("| # | App | Company | DAU |")
    assert set(lines[3].replace("|", "").split()) <= {"---", "---:"}
    assert "| 145.0M |" in lines[4]
    assert len([line for line in lines if line.startswith("|")]) == 5
    assert any("derived" in line for line in lines[-3:])


def test_svg_is_an_xml_image_of_the_table(run: Run) -> None:
    text = run("dau", "--format", "svg").stdout
    root = ElementTree.fromstring(text)
    assert root.tag.endswith("svg")
    assert "Doubao" in text
    assert "145.0M" in text


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "tsv", "markdown", "svg"])
def test_fields_pick_and_order_in_every_format(run: Run, fmt: str) -> None:
    result = run("dau", "--format", fmt, "--fields", "value,app")
    assert result.exit_code == 0
    text = result.stdout
    if fmt == "json":
        assert [list(row) for row in json.loads(text)] == [["value", "app"]] * 3
    elif fmt == "jsonl":
        assert [list(json.loads(line)) for line in text.splitlines()] == [["value", "app"]] * 3
    elif fmt in ("csv", "tsv"):
        assert text.splitlines()[0] == ("value,app" if fmt == "csv" else "value\tapp")
    elif fmt == "markdown":
        assert text.splitlines()[0] == "| DAU |  | App |"
    else:
        # The text of the table (of the SVG's text elements) in the order it is laid out.
        texts = (
            [element.text or "" for element in ElementTree.fromstring(text).iter() if element.text]
            if fmt == "svg"
            else text.splitlines()
        )
        words = " ".join(texts).replace("\xa0", " ").split()
        assert words.index("DAU") < words.index("App")
        assert words.index("145.0M") < words.index("Doubao")
        assert "Company" not in words
        assert "ByteDance" not in words


def test_unknown_field_is_a_usage_error_listing_the_valid_ones(run: Run) -> None:
    result = run("campaigns", "--fields", "app,spend")
    assert result.exit_code == 2
    assert "unknown field 'spend'" in result.stderr
    assert "amount_cny" in result.stderr


def test_json_conflicts_with_another_format_before_the_file_is_read(
    run: Run, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[figures]]\n", encoding="utf-8")
    for args in (["dau"], ["lookup", "qwen"], ["compare", "qwen", "doubao"], ["verify"]):
        result = run("--facts", str(broken), *args, "--json", "--format", "csv")
        assert result.exit_code == 2, args
        assert "--json conflicts with --format csv" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "markdown", "svg"])
def test_no_match_reads_the_same_in_every_format_for_people(run: Run, fmt: str) -> None:
    result = run("lookup", "xylophone", "--format", fmt)
    assert (result.exit_code, result.stdout) == (0, "no match for 'xylophone'\n")


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_no_match_is_empty_in_every_format_for_programs(run: Run, fmt: str) -> None:
    expected = {
        "json": "[]\n",
        "jsonl": "",
        "csv": "rank,kind,id,company_id,app_id,category,summary,match,score,sources_agreeing,"
        "conflicts_with,source,quote\n",
    }
    assert run("lookup", "xylophone", "--format", fmt).stdout == expected[fmt]


def test_a_field_named_twice_is_a_usage_error(run: Run) -> None:
    result = run("dau", "--fields", "app,value,app", "--format", "csv")
    assert result.exit_code == 2
    assert "field 'app' named more than once" in result.stderr


def test_every_format_renders_and_says_whether_it_is_for_people() -> None:
    built = dau.build(load_knowledge(BUNDLED))
    listing = select_fields(built, built.table_fields)
    assert {item.value for item in OutputFormat if item.for_people} == {"table", "markdown", "svg"}
    for output_format in OutputFormat:
        assert "Doubao" in output_format.render(listing, Terminal(False, 100)), output_format


def test_fields_command_lists_fields_with_type_and_description(run: Run) -> None:
    rows = json.loads(run("fields", "campaigns", "--json").stdout)
    by_name = {row["name"]: row for row in rows}
    assert by_name["amount_cny"]["type"] == "integer"
    assert by_name["amount_cny"]["nullable"] is True
    assert by_name["amount_usd_derived"]["derived"] is True
    assert all(row["description"] for row in rows)
    names = [row["name"] for row in rows]
    assert names == list(json.loads(run("campaigns", "--json").stdout)[0])


def test_fields_command_takes_its_command_case_aside(run: Run) -> None:
    assert run("fields", "DAU", "--json").stdout == run("fields", "dau", "--json").stdout


def test_fields_command_refuses_an_unknown_command(run: Run) -> None:
    result = run("fields", "dua")
    assert result.exit_code == 2
    assert "dau" in result.stderr


def test_fields_completion_offers_the_commands_fields() -> None:
    from aicompete.cli import _complete_fields

    class Context:
        info_name = "campaigns"

    context: Any = Context()
    assert _complete_fields(context, "amount_") == [
        "amount_cny",
        "amount_cny_derived",
        "amount_usd",
        "amount_usd_derived",
    ]
    assert _complete_fields(context, "app,co") == [
        "app,company_id",
        "app,company",
        "app,conflicts_with",
    ]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_text_on_a_terminal_keeps_one_line_a_row(run: Run, fmt: str) -> None:
    shown = run("dau", "--format", fmt, "--fields", "app,value", tty=True).stdout
    delimiter = "," if fmt == "csv" else "\t"
    assert shown.splitlines() == [
        f"app{delimiter}value",
        f"Doubao{delimiter}145000000",
        f"Qwen{delimiter}73520000",
        f"Yuanbao{delimiter}40540000",
    ]
