"""The lean start-up: commands built on demand, and the same answers as the eager app."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from aicompete.cli import app
from aicompete.queries import Field, Listing
from aicompete.render import to_json
from aicompete.startup import LazyCommands, lazy_command


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["dau", "--help"],
        ["campaigns", "--sort", "app", "--json"],
        ["leadership", "--format", "csv"],
        ["dau", "--fields", "app,nope"],
        ["daw"],
        ["--version"],
        [],
    ],
)
def test_lazy_group_answers_as_the_eager_app(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    eager = runner.invoke(app, args)
    # Typer's runner builds the eager group itself; have it run the lazy one instead.
    monkeypatch.setattr("typer.testing._get_command", lazy_command)
    lazy = runner.invoke(app, args)
    assert (lazy.exit_code, lazy.stdout, lazy.stderr) == (
        eager.exit_code,
        eager.stdout,
        eager.stderr,
    )


def test_only_the_command_that_runs_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer._click import Command

    group = lazy_command(app)
    monkeypatch.setattr("typer.testing._get_command", lambda _: group)
    commands = group.commands  # type: ignore[attr-defined]
    assert isinstance(commands, LazyCommands)
    assert list(commands)[:3] == ["dau", "campaigns", "leadership"]
    assert len(commands) == len(app.registered_commands)
    result = CliRunner().invoke(app, ["dau", "--json"])
    assert result.exit_code == 0
    built = [name for name, entry in commands._entries.items() if isinstance(entry, Command)]
    assert built == ["dau"]


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(),
)
names = st.text(min_size=1, max_size=8)


@given(st.lists(st.dictionaries(names, scalars, max_size=5), max_size=4))
def test_json_output_is_the_text_of_json_dumps_indented(rows: list[dict[str, object]]) -> None:
    """to_json encodes rows with the C encoder; the text is exactly json.dumps(indent=2)'s."""
    keys = list(dict.fromkeys(key for row in rows for key in row))
    full = [{key: row.get(key) for key in keys} for row in rows]
    listing = Listing(tuple(Field(key, "string", "", key) for key in keys), full, ())
    expected = json.dumps(full, ensure_ascii=False, indent=2) + "\n"
    assert to_json(listing) == expected
    assert json.loads(to_json(listing)) == full
