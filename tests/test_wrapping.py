"""At 80 columns no table splits a word that would fit on a line of its own, nor an id;
`--help` lists every command with its summary whole; and text wraps as a person fills lines
by hand."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aicompete.listings.registry import LISTINGS
from aicompete.output.text_table import width_of, wrapped
from tests.conftest import Run

# Arguments for the listing commands that need some; the others take none.
ARGUMENTS = {
    "lookup": ["lin", "junyang"],
    "compare": ["tencent", "alibaba", "baidu"],
    "history": ["qwen"],
    "fields": ["campaigns"],
}
# Bars and the rule under the headers are drawn to the room there is: no words of the data.
_DRAWN = re.compile(r"^([█▉▊▋▌▍▎▏]+|─+)$")
# The note on what was left out for width is said only where something was.
_LEFT_OUT = re.compile(r"^Left out for width: .*?shows\s+it\.$", re.MULTILINE | re.DOTALL)


def _words(text: str) -> set[str]:
    return {word for word in _LEFT_OUT.sub("", text).split() if not _DRAWN.match(word)}


@pytest.mark.parametrize("command", LISTINGS)
def test_no_word_is_split_at_80_columns(run: Run, command: str) -> None:
    args = [command, *ARGUMENTS.get(command, [])]
    narrow = run(*args, env={"COLUMNS": "80"})
    wide = run(*args, env={"COLUMNS": "2000"})
    assert narrow.exit_code == wide.exit_code == 0, narrow.output
    # Every word of the narrow table is a whole word of the same table with room to spare.
    split = _words(narrow.stdout) - _words(wide.stdout)
    assert not split, split
    assert max(map(len, narrow.stdout.splitlines())) <= 80 or command == "compare"


def test_every_command_summary_is_whole_in_help(run: Run) -> None:
    result = run("--help", env={"COLUMNS": "80"})
    commands = result.stdout.split("Commands:")[1].split("Examples:")[0]
    assert "..." not in commands
    listed = re.findall(r"^  ([a-z-]+)\s{2,}(\S.*)$", commands, flags=re.MULTILINE)
    assert {name for name, _ in listed} >= set(LISTINGS)


def _filled(paragraph: str, width: int) -> list[tuple[int, int]]:
    """A paragraph's lines filled by hand: whole where it fits; else each line takes words
    while it, from its first word's start to its last word's end, fits, and a word wider than
    a line alone is cut into lines of as many characters as fit, each at least one."""
    if width_of(paragraph) <= width:
        return [(0, len(paragraph))]
    lines: list[tuple[int, int]] = []
    line: tuple[int, int] | None = None
    for word in re.finditer(r"\S+", paragraph):
        low, high = word.span()
        while width_of(paragraph[low:high]) > width:
            if line is not None:
                lines.append(line)
                line = None
            cut = low + 1
            while cut < high and width_of(paragraph[low : cut + 1]) <= width:
                cut += 1
            lines.append((low, cut))
            low = cut
        if line is not None and width_of(paragraph[line[0] : high]) <= width:
            line = (line[0], high)
        else:
            if line is not None:
                lines.append(line)
            line = (low, high)
    if line is not None:
        lines.append(line)
    return lines or [(0, 0)]


_LETTERS = st.sampled_from("ab \t·界é\u0301-")
_PARAGRAPH = st.text(_LETTERS, max_size=60) | st.text(max_size=60).map(
    lambda text: text.replace("\n", " ")
)


@settings(max_examples=500)
@given(paragraph=_PARAGRAPH, width=st.integers(1, 12))
def test_a_paragraph_wraps_as_lines_filled_by_hand(paragraph: str, width: int) -> None:
    assert wrapped(paragraph, width) == _filled(paragraph, width)


@given(paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=4), width=st.integers(1, 12))
def test_each_paragraph_wraps_on_its_own(paragraphs: list[str], width: int) -> None:
    """A line break ends a line: the text's lines are each paragraph's, where it starts."""
    starts = [sum(len(before) + 1 for before in paragraphs[:at]) for at in range(len(paragraphs))]
    assert wrapped("\n".join(paragraphs), width) == [
        (start + low, start + high)
        for start, paragraph in zip(starts, paragraphs, strict=True)
        for low, high in wrapped(paragraph, width)
    ]
