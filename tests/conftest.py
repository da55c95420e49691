from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from aicompete import core
from aicompete.session import Session
from tests import fictional
from tests.corpus_base import corpus_base, second_look_base

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "facts.toml"
BUNDLED_TEXT = BUNDLED.read_text(encoding="utf-8")
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests see no colour settings, a fixed size, no pager unless they name one, and a cache
    of their own."""
    for name in (
        "NO_COLOR",
        "FORCE_COLOR",
        "AICOMPETE_FACTS",
        "AICOMPETE_DEBUG",
        "AICOMPETE_MAX_FILE_MB",
        "PAGER",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "24")
    # Set and empty: no pager, as a user turns it off.
    monkeypatch.setenv("AICOMPETE_PAGER", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@dataclass(frozen=True)
class Result:
    """What one command did: its exit code and what it wrote to each stream."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


Run = Callable[..., Result]


@contextlib.contextmanager
def _environment(env: dict[str, str] | None) -> Iterator[None]:
    """The process environment with `env` set on top (an empty value unsets a variable)."""
    saved = dict(os.environ)
    for name, value in (env or {}).items():
        if value:
            os.environ[name] = value
        else:
            os.environ.pop(name, None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


class _TerminalOutput(io.StringIO):
    """Captured output that says it is a terminal, as a shell's would."""

    def isatty(self) -> bool:
        return True


def invoke(
    *args: str,
    env: dict[str, str] | None = None,
    tty: bool = False,
    stderr_tty: bool = False,
    session: Session | None = None,
) -> Result:
    """Run the command line as the console script does (`core.run`, the lazy group), capturing
    its output, as if to a terminal with `tty` (stdout) and `stderr_tty`, in `session` if one
    is given (to learn afterwards what the run read). Whatever it raises propagates, so that a
    crash fails the test."""
    stdout = _TerminalOutput() if tty else io.StringIO()
    stderr = _TerminalOutput() if stderr_tty else io.StringIO()
    with (
        _environment(env),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        code = core.run(list(args), session)
    return Result(code, stdout.getvalue(), stderr.getvalue())


@pytest.fixture
def run() -> Run:
    return invoke


def json_output(run: Run, *args: str) -> list[dict[str, Any]]:
    """The command's `--json` output, after checking it succeeded."""
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


FactsFile = Callable[..., Path]


@pytest.fixture
def facts_file(tmp_path: Path) -> FactsFile:
    """Write a knowledge file: the bundled one with each `old -> new` replacement made once
    (each `old` must be there), or `text` instead; its sources are beside it."""

    def write(
        *replacements: tuple[str, str], text: str | None = None, name: str = "facts.toml"
    ) -> Path:
        content = BUNDLED_TEXT if text is None else text
        for old, new in replacements:
            assert old in content, old
            content = content.replace(old, new, 1)
        seeds = tmp_path / "seeds"
        if not seeds.exists():
            seeds.mkdir()
            for seed in (ROOT / "seeds").iterdir():
                (seeds / seed.name).write_bytes(seed.read_bytes())
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return write


def many_campaigns(path: Path, count: int) -> Path:
    """A knowledge file of `count` campaigns with long quotes, whose output is far larger
    than a pipe holds; written to `path`."""
    campaign = (
        '[[campaigns]]\nid = "c{0}"\napp = "a"\ndescription = "d"\nsource = "s"\n'
        'quote = "{1}"\namounts = [{{ value = {0}, currency = "CNY" }}]\n'
    )
    path.write_text(
        '[[sources]]\nid = "s"\ntitle = "t"\npublisher = "p"\nfile = "f"\n'
        '[[companies]]\nid = "c"\nname = "C"\ndescription = "d"\nsource = "s"\nquote = "q"\n'
        '[[apps]]\nid = "a"\nname = "A"\ncompany = "c"\nsource = "s"\nquote = "q"\n'
        + "".join(campaign.format(n, "x" * 200) for n in range(count)),
        encoding="utf-8",
    )
    return path


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; AICOMPETE_UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("AICOMPETE_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def assert_clean_error(result: Result, path: Path | str) -> None:
    """Exit 1 with one line on stderr naming the file, and no traceback anywhere."""
    assert result.exit_code == 1, result
    assert result.stderr.startswith(f"aicompete: error: {path}"), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output


def facts_rows(run: Run, facts: Path, *args: str) -> list[dict[str, Any]]:
    """The `--json` rows of a command on the knowledge file `facts`."""
    return json_output(run, "--facts", str(facts), *args)


def facts_table(run: Run, facts: Path, *args: str, columns: int = 100) -> str:
    """The table a command writes on the knowledge file `facts`, `columns` wide."""
    result = run("--facts", str(facts), *args, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def flattened(text: str) -> str:
    """The words of `text`, one space apart: a table's text read across its wrapped cells."""
    return " ".join(text.split())


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    """The FICTIONAL knowledge base of `tests/fictional.py`, its articles beside it."""
    return fictional.write(tmp_path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled file and the corpus, as a curator's base holds them."""
    return corpus_base(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus base and the second look (`corpus_base.SECOND_LOOK`)."""
    return second_look_base(tmp_path_factory.mktemp("base"))


def left_beside(folder: Path, *kept: str) -> list[str]:
    """What is in the folder besides what the test put there: temporaries, journals."""
    return sorted(p.name for p in folder.iterdir() if p.name not in ("cache", *kept))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a file system of 1 MiB, to fill."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    where = tmp_path / "disk"
    where.mkdir()
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except OSError as error:
        pytest.skip(f"cannot mount a small file system: {error}")
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        # Lazily: a file the test left open must not leave the file system mounted.
        subprocess.run(["umount", "--lazy", str(where)], check=True, timeout=60)


def fill_disk(folder: Path, leave: int) -> None:
    """Fill the file system of `folder` but for about `leave` bytes."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    (folder / "filler").write_bytes(b"\0" * max(0, free - leave))
