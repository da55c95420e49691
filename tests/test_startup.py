"""The lean start-up: commands built on demand, the same answers as Typer's own eager group,
and that eager group whenever Typer's internals are not what `typer_internals` expects."""

from __future__ import annotations

import contextlib
import io

import pytest
import typer
from typer.models import CommandInfo

from aicompete import typer_internals
from aicompete.cli import app
from tests.conftest import Result, Run

ARGUMENTS = [
    ["--help"],
    ["dau", "--help"],
    ["campaigns", "--sort", "app", "--json"],
    ["leadership", "--format", "csv"],
    ["dau", "--fields", "app,nope"],
    ["daw"],
    ["--version"],
    ["show"],
]


def _eager(args: list[str]) -> Result:
    """Typer's own group, built the public way, run as `cli.run` runs the lazy one."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = typer.main.get_command(app)(args, prog_name="aicompete", standalone_mode=False)
        except Exception as error:
            code = typer_internals.shown_click_error(error)
    return Result(code or 0, stdout.getvalue(), stderr.getvalue())


@pytest.mark.parametrize("args", ARGUMENTS)
def test_lazy_group_answers_as_the_eager_app(run: Run, args: list[str]) -> None:
    assert run(*args) == _eager(args)


def test_only_the_command_that_runs_is_built(monkeypatch: pytest.MonkeyPatch, run: Run) -> None:
    group = typer_internals.lazy_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert isinstance(commands, typer_internals.LazyCommands)
    assert list(commands)[:4] == ["figures", "dau", "campaigns", "leadership"]
    assert len(commands) == len(app.registered_commands)
    monkeypatch.setattr(typer_internals, "lazy_command", lambda _: group)
    assert run("dau", "--json").exit_code == 0
    entries = commands._entries
    assert [name for name, entry in entries.items() if not isinstance(entry, CommandInfo)] == [
        "dau"
    ]


@pytest.mark.parametrize("missing", [ImportError, AttributeError, TypeError])
@pytest.mark.parametrize("args", ARGUMENTS)
def test_without_the_internals_the_eager_group_answers(
    monkeypatch: pytest.MonkeyPatch, run: Run, args: list[str], missing: type[Exception]
) -> None:
    def unavailable(_: typer.Typer) -> None:
        raise missing("not in this Typer")

    monkeypatch.setattr(typer_internals, "_lazy_group", unavailable)
    assert run(*args) == _eager(args)
