"""A large knowledge file is parsed a part at a time, to tell its progress: the document and
every error are exactly those of parsing it whole."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli

from aicompete.knowledge import toml_chunks
from benchmarks.generate_facts import generate
from tests.conftest import BUNDLED_TEXT


@pytest.fixture(autouse=True)
def _small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of a few hundred characters: every file here is cut in many places."""
    monkeypatch.setattr(toml_chunks, "PART_SIZE", 300)


def _parsed(text: str) -> tuple[object, list[int]]:
    told: list[int] = []
    return toml_chunks.loads(text, told.append), told


def test_the_parts_of_a_knowledge_file_make_its_whole_document(tmp_path: Path) -> None:
    generated = tmp_path / "facts.toml"
    generate(300, generated)
    for text in (BUNDLED_TEXT, generated.read_text(encoding="utf-8")):
        assert len(list(toml_chunks._parts(text))) > 10
        document, told = _parsed(text)
        assert document == tomli.loads(text)
        assert sum(told) == len(text) and len(told) > 10


TABLE = '[[sources]]\nid = "s{0}"\ntitle = "{1}"\n'
PADDING = "# " + "x" * 400 + "\n"


@pytest.mark.parametrize(
    "text",
    [
        # A header inside a multi-line string is no header.
        TABLE.format(1, "t")
        + PADDING
        + '[[sources]]\nid = "s2"\ntitle = """\n'
        + PADDING
        + '[[sources]]\nid = "not a record"\n"""\n',
        # An inline array may not be appended to by a header: an error, whole or in parts.
        'sources = [{ id = "s1" }]\n' + PADDING + TABLE.format(2, "t"),
        # A table of the last record, defined in another part.
        TABLE.format(1, "t")
        + PADDING
        + "[[events]]\nid = 'e'\n"
        + PADDING
        + "[sources.extra]\nkey = 1\n",
        # A plain table defined twice: an error with its line.
        "[meta]\na = 1\n" + PADDING + TABLE.format(1, "t") + PADDING + "[meta]\nb = 2\n",
        # An error in a later part names the line of the whole file.
        TABLE.format(1, "t") + PADDING + TABLE.format(2, "t") + PADDING + "[[sources]]\nid = \n",
    ],
)
def test_what_parts_cannot_show_is_parsed_whole(text: str) -> None:
    assert len(list(toml_chunks._parts(text))) > 1
    try:
        expected = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        with pytest.raises(tomli.TOMLDecodeError) as raised:
            _parsed(text)
        assert (raised.value.lineno, raised.value.msg) == (error.lineno, error.msg)
    else:
        document, told = _parsed(text)
        assert document == expected
        assert sum(told) == len(text)
