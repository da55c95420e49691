from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from aicompete.cli import app

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "facts.toml"
GOLDEN = Path(__file__).resolve().parent / "golden"

Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests see no colour settings, a fixed width and a cache of their own."""
    for name in ("NO_COLOR", "FORCE_COLOR", "AICOMPETE_FACTS", "AICOMPETE_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def run() -> Run:
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, catch_exceptions=False)

    return invoke


def json_output(run: Run, *args: str) -> list[dict[str, Any]]:
    """The command's `--json` output, after checking it succeeded."""
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; AICOMPETE_UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("AICOMPETE_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Answer:
    """What one command did: its exit code and what it wrote."""

    code: int
    stdout: str
    stderr: str


Ask = Callable[..., Answer]


@pytest.fixture(scope="session")
def ask() -> Ask:
    """Run commands many times quickly: the command is built once, not once per call.

    Whatever a command raises propagates, so that a crash fails the test.
    """
    command = typer.main.get_command(app)

    def invoke(*args: str) -> Answer:
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = command.main(list(args), prog_name="aicompete", standalone_mode=False)
        return Answer(code or 0, stdout.getvalue(), stderr.getvalue())

    return invoke


def assert_clean_error(answer: Answer, path: Path | str) -> None:
    """Exit 1 with one line on stderr naming the file, and no traceback anywhere."""
    assert answer.code == 1, answer
    assert answer.stderr.startswith(f"aicompete: error: {path}"), answer.stderr
    assert answer.stderr.count("\n") == 1, answer.stderr
    assert "Traceback" not in answer.stdout + answer.stderr
