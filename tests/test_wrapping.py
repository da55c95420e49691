"""At 80 columns no table splits a word that would fit on a line of its own, nor an id; and
`--help` lists every command with its summary whole."""

from __future__ import annotations

import re

import pytest

from aicompete.listings.registry import LISTINGS
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
