"""The README's reference tables say what the code does."""

from __future__ import annotations

import re

from aicompete.listings.registry import LISTINGS, fields_of
from tests.conftest import ROOT

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
