"""Any text at all, from every plane of Unicode, through every output format: what a program
reads back is the data, and nothing in it acts on a terminal or a reader."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from typing import Any
from xml.etree import ElementTree

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aicompete.listings.contract import Field, Listing, Row
from aicompete.output import escaping
from aicompete.output.formats import CsvOptions, OutputFormat
from aicompete.output.machine import to_delimited
from aicompete.terminal import Terminal

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
