"""The README's reference tables say what the code does."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from aicompete.listings.registry import LISTINGS, fields_of
from tests.conftest import ROOT, Run

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_json_fields_table_lists_every_listing_and_its_fields_in_order() -> None:
    start = README.index("| command | fields |")
    table = README[start : README.index("\n\n", start)]
    rows = re.findall(r"^\| `([a-z-]+)` \| (.+) \|$", table, re.MULTILINE)
    documented = {name: re.findall(r"`([a-z0-9_]+)`", cells) for name, cells in rows}
    assert set(documented) == set(LISTINGS)
    for name, fields in documented.items():
        assert fields == [field.name for field in fields_of(name)], name


def test_the_run_and_test_commands_are_there() -> None:
    assert "pip install . && aicompete dau" in README
    assert 'pip install -e ".[test]" && pytest' in README


def _block(after: str, language: str) -> str:
    """The first fenced block of `language` after the line that begins with `after`."""
    start = README.index(f"```{language}\n", README.index(after)) + len(f"```{language}\n")
    return README[start : README.index("```", start)]


def _console(run: Run, block: str) -> None:
    """Each `$ aicompete ...` line of a console block prints what follows it, up to the next."""
    commands = re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]
    for command in commands:
        line, _, expected = command.partition("\n")
        result = run(*shlex.split(line)[1:])
        assert result.exit_code == 0, result.output
        assert result.stdout == expected, line


def test_the_curators_loop_runs_as_shown(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").mkdir()
    article = _block("**1. Copy the text**", "text")
    (tmp_path / "articles" / "example-daily-2026-03-01.txt").write_text(article, encoding="utf-8")
    assert run("init", str(tmp_path)).exit_code == 0
    drafted = _block("**2. Draft**", "console")
    _console(run, drafted)
    with (tmp_path / "facts.toml").open("a", encoding="utf-8") as file:
        file.write("\n" + drafted.partition("\n")[2])
    _console(run, _block("**5. Validate and verify.**", "console"))


# The README's examples on the bundled file: commands that name no file of their own.
_EXAMPLE = re.compile(r"```console\n(\$ aicompete (?:(?!\.toml|\.txt)[^\n])*\n.*?)```", re.DOTALL)


def test_examples_on_the_bundled_file_print_what_the_readme_shows(run: Run) -> None:
    """AICOMPETE_UPDATE_GOLDEN=1 writes what they print into the README instead."""
    blocks = _EXAMPLE.findall(README)
    assert len(blocks) >= 5
    updated = README
    for block in blocks:
        line = block.partition("\n")[0]
        result = run(*shlex.split(line[2:])[1:])
        assert result.exit_code == 0, result.output
        updated = updated.replace(block, f"{line}\n{result.stdout}", 1)
    if os.environ.get("AICOMPETE_UPDATE_GOLDEN"):
        (ROOT / "README.md").write_text(updated, encoding="utf-8")
    assert updated == README
