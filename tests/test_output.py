"""Every output format parsed the way a script would read it, and --fields in each. Any text
at all, from every plane of Unicode, through every output format: what a program reads back is
the data, and nothing in it acts on a terminal or a reader (formulas inert in CSV, SVG still
XML). Inferred values named in JSON and marked wherever they are shown."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.models import FOLLOWS
from aicompete.listings import dau
from aicompete.listings.chart import chart_of
from aicompete.listings.contract import Field, Listing, Row, select_fields
from aicompete.listings.publications import publications
from aicompete.listings.registry import builder
from aicompete.output import escaping
from aicompete.output.formats import CsvOptions, OutputFormat
from aicompete.output.machine import to_delimited
from aicompete.terminal import Terminal
from tests.conftest import BUNDLED, FactsFile, Run, json_output
from tests.test_brief import Page

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


FORMULAS = ['=HYPERLINK("http://x","click")', "@SUM(A1)", "-2+3+cmd|' /C calc'!A0", "+1"]


def test_formulas_are_made_inert_in_csv_and_tsv(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(('name = "Tencent"', f"name = {json.dumps(FORMULAS[0])}"))
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        text = run("--facts", str(path), "dau", "--format", fmt).stdout
        rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        assert rows[2]["company"] == "'" + FORMULAS[0]
        # Numbers are never touched.
        assert rows[2]["value"] == "40540000"
        kept = run("--facts", str(path), "dau", "--format", fmt, "--keep-formulas").stdout
        assert (
            list(csv.DictReader(io.StringIO(kept), delimiter=delimiter))[2]["company"]
            == FORMULAS[0]
        )


def test_a_byte_order_mark_for_excel_on_request(run: Run) -> None:
    assert run("dau", "--format", "csv", "--bom").stdout.startswith("\ufeffrank,")
    assert run("dau", "--format", "csv").stdout.startswith("rank,")


def test_csv_keeps_a_newline_apart_from_the_text_of_one(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(
        ('name = "Tencent"', 'name = "Ten\\ncent"'), ('name = "Baidu"', 'name = "Bai\\\\x0adu"')
    )
    text = run("--facts", str(path), "campaigns", "--format", "csv", "--fields", "company").stdout
    assert [row[0] for row in csv.reader(io.StringIO(text))][1:] == [
        "Alibaba",
        "Ten\ncent",
        "Bai\\x0adu",
        "ByteDance",
    ]


def test_json_escapes_what_a_terminal_would_act_on(run: Run, facts_file: FactsFile) -> None:
    name = "Ten\u0085cent\u202e\u2028\u200b\ufeff"
    path = facts_file(('name = "Tencent"', f'name = "{name}"'))
    text = run("--facts", str(path), "dau", "--json").stdout
    assert all(character not in text for character in "\u0085\u202e\u2028\u200b\ufeff")
    assert json.loads(text)[2]["company"] == name


def test_svg_stays_xml_whatever_the_text(run: Run, facts_file: FactsFile) -> None:
    from xml.etree import ElementTree

    path = facts_file(('name = "Tencent"', 'name = "Ten\\uFFFEcent\\uFFFF"'))
    text = run("--facts", str(path), "dau", "--format", "svg").stdout
    assert ElementTree.fromstring(text).tag.endswith("svg")


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


def test_inferred_fields_are_named_in_json_and_marked_in_tables(run: Run, tmp_path: Path) -> None:
    rows = {row["id"]: row for row in json_output(run, "dau")}
    # The holiday is a time of the context alone, so inferred, and the date follows from it.
    # Every figure of the group infers them, so its heading does too.
    assert rows["doubao-spring-festival-peak"]["inferred"] == [
        "when",
        "date",
        "group_when",
        "group_date",
    ]
    # The metric is inferred; its unit follows from it, and the value under a peak group.
    # Doubao states its metric, so the group's metric is stated.
    assert set(rows["qwen-spring-festival-peak"]["inferred"]) == {
        "when",
        "date",
        "metric",
        "metric_name",
        "unit",
        "value",
        "group_when",
        "group_date",
    }
    table = run("dau").stdout
    assert "73.52M*" in table and "* inferred: the source does not state it" in table
    assert "Metric: peak DAU · When: this year's Spring Festival holiday* ·" in table
    markdown = run("dau", "--format", "markdown").stdout
    assert "73.52M\\*" in markdown
    # A date that follows from an inferred `when` is inferred too.
    email = next(row for row in json_output(run, "leadership") if row["id"] == "wu-internal-email")
    assert {"when", "date"} <= set(email["inferred"])
    assert FOLLOWS == {"date": "when", "unit": "metric"}
    # Charts mark them, and the brief flags them.
    knowledge = load_knowledge(Path(__file__).resolve().parent.parent / "facts.toml")
    chart = chart_of("dau", builder("dau")(knowledge), publications(knowledge))
    assert chart.panels[0].bars[1].text.startswith("73.52M*")
    out = tmp_path / "brief.html"
    assert run("brief", "-o", str(out)).exit_code == 0
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert page.rows(0)[1][3] == "73.52M [2] {inferred: metric} {inferred: when} {inferred: date}"


def test_json_of_a_listing_is_valid_with_its_new_fields(run: Run, base: Path) -> None:
    for command in (("dau",), ("campaigns",), ("conflicts",), ("leadership",)):
        text = run("--facts", str(base), *command, "--json").stdout
        assert all("inferred" in row for row in json.loads(text))


# Every code point a UTF-8 knowledge file can hold: all planes, controls and invisibles
# included; surrogates are no characters of UTF-8 text.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


FIELDS = (
    Field("rank", "integer", "A number", "#"),
    Field("text", "string", "Any text", "Text"),
    Field("texts", "array", "A list of any text", "Texts"),
)


def unsafe(character: str) -> bool:
    """What must never reach a terminal raw, by the running Python's own Unicode tables."""
    code = ord(character)
    category = unicodedata.category(character)
    return (
        category in ("Cc", "Cf", "Zl", "Zp")
        or (code & 0xFFFE) == 0xFFFE
        or 0xFDD0 <= code <= 0xFDEF
    )


def _listing(texts: list[str]) -> Listing:
    rows: list[Row] = [
        {"rank": rank, "text": text, "texts": (text, text[::-1])} for rank, text in enumerate(texts)
    ]
    return Listing(FIELDS, rows, ("rank", "text", "texts"), title="Any text", empty_message="none")


def test_every_unsafe_character_is_escaped_by_clean() -> None:
    for code in range(0x110000):
        character = chr(code)
        if unicodedata.category(character) != "Cs" and unsafe(character):
            assert character not in escaping.clean(character), hex(code)


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_any_text_round_trips_and_never_reaches_a_terminal_raw(texts: list[str]) -> None:
    listing = _listing(texts)
    terminal = Terminal(color=False, width=120, isatty=True)
    expected = [{"rank": n, "text": t, "texts": [t, t[::-1]]} for n, t in enumerate(texts)]

    json_text = OutputFormat.json.render(listing, terminal)
    assert json.loads(json_text) == expected
    jsonl = OutputFormat.jsonl.render(listing, terminal)
    assert [json.loads(line) for line in jsonl.splitlines()] == expected

    for delimiter in (",", "\t"):
        kept = to_delimited(listing, delimiter, terminal=False, bom=False, formulas=True)
        rows = list(csv.reader(io.StringIO(kept, newline=""), delimiter=delimiter))
        assert rows[1:] == [
            [str(n), t, json.dumps([t, t[::-1]], ensure_ascii=False)] for n, t in enumerate(texts)
        ]
        guarded = to_delimited(listing, delimiter, terminal=False, bom=False, formulas=False)
        cells = [
            row[1] for row in csv.reader(io.StringIO(guarded, newline=""), delimiter=delimiter)
        ]
        assert cells[1:] == [escaping.spreadsheet_safe(t) for t in texts]
        shown = to_delimited(listing, delimiter, terminal=True, bom=True, formulas=False)
        visible = shown.replace("\n", "").replace(delimiter, "")
        assert not any(unsafe(character) for character in visible), shown
        # One line a row, each of three cells: the escaping keeps the table's shape.
        read = list(csv.reader(io.StringIO(shown, newline=""), delimiter=delimiter))
        assert [len(row) for row in read] == [3] * (1 + len(texts)), shown

    svg = OutputFormat.svg.render(listing, terminal)
    assert ElementTree.fromstring(svg).tag.endswith("svg")

    markdown = OutputFormat.markdown.render(listing, terminal)
    table = [line for line in markdown.splitlines() if line.startswith("|")]
    pipes = [len(re.findall(r"(?<!\\)(?:\\\\)*\|", line)) for line in table]
    assert len(table) == 2 + len(texts) and len(set(pipes)) == 1, markdown

    for output in (json_text, jsonl, svg, markdown, OutputFormat.table.render(listing, terminal)):
        assert not any(unsafe(character) for character in output.replace("\n", "")), output


def test_csv_options_reach_the_writer() -> None:
    listing = _listing(["=1+1"])
    text = OutputFormat.csv.render(listing, Terminal(False, 80), CsvOptions(bom=True))
    assert text.startswith("\ufeffrank,") and "'=1+1" in text


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(), children, max_size=3)
    ),
    max_leaves=8,
)


def _arrays(value: object) -> Any:
    """A JSON value as a listing holds it: arrays as tuples."""
    if isinstance(value, list):
        return tuple(map(_arrays, value))
    if isinstance(value, dict):
        return {key: _arrays(item) for key, item in value.items()}
    return value


# Nested values are slow to draw on a busy machine; their size, not their speed, is the test.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.dictionaries(st.sampled_from(["a", "b", "é", "d"]), _JSON_VALUES), max_size=3),
    st.lists(st.sampled_from(["string", "object", "array", "integer"]), min_size=4, max_size=4),
)
def test_json_is_the_text_of_json_dumps_indented(
    records: list[dict[str, object]], types: list[str]
) -> None:
    """Flat rows and nested ones, each written its own fast way, read as json.dumps writes:
    whatever the fields' types say, and whatever their values turn out to be."""
    names = sorted({name for record in records for name in record})
    fields = tuple(
        Field(name, types[at], name, name, nullable=True)  # type: ignore[arg-type]
        for at, name in enumerate(names)
    )
    rows: list[Row] = [{name: _arrays(record.get(name)) for name in names} for record in records]
    listing = Listing(fields, rows, tuple(names))
    text = OutputFormat.json.render(listing, Terminal(False, 100, False))
    expected = json.dumps(rows, ensure_ascii=False, indent=2) + "\n" if rows else "[]\n"
    assert text == escaping.json_safe(expected)


# Every field of the listings a table shows, with the displays they write their values by.
_TABLED_FIELDS = [
    (command, field)
    for command in ("figures", "dau", "campaigns", "leadership", "timeline", "conflicts")
    for field in builder(command)(load_knowledge(BUNDLED)).fields
]
_CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["—", "unknown", "[bold]x[/]", "a\x1bb", "2026-02-16"]),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.tuples(st.text(max_size=5)),
)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_columns_writer_writes_each_cell_as_cell_does(data: st.DataObject) -> None:
    """`cell_writer`, which a table calls row after row, writes what `cell` writes."""
    from aicompete.output.display import cell, cell_writer

    command, field = data.draw(st.sampled_from(_TABLED_FIELDS))
    listing = builder(command)(load_knowledge(BUNDLED))
    row = dict(next(iter(listing.rows), {}))
    row[field.name] = data.draw(_CELL_VALUES)
    if data.draw(st.booleans()):
        row["inferred"] = (field.name,) if data.draw(st.booleans()) else ("other",)
    try:
        expected: object = cell(listing, field, row)
    except Exception as error:
        expected = type(error)
    try:
        written: object = cell_writer(listing, field)(row)
    except Exception as error:
        written = type(error)
    assert written == expected
