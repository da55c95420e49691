from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
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


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; AICOMPETE_UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("AICOMPETE_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
