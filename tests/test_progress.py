"""Progress of a slow load: the loader tells its stages, and the command line draws them on
stderr, only on a terminal, only for a load that misses the cache and takes a while."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest

from aicompete.knowledge import loading, toml_chunks
from aicompete.knowledge.loading import check_file, load_knowledge
from aicompete.output import progress as progress_display
from tests.conftest import BUNDLED, Run


class Recorder:
    """A `LoadProgress` that keeps what it is told."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, int | None]] = []
        self.expected: list[float] = []
        self.steps: list[int] = []
        # Each stage's steps, by its description.
        self.steps_of: dict[str, list[int]] = {}

    def stage(
        self, description: str, total: int | None = None, expected_seconds: float = 0.0
    ) -> None:
        self.stages.append((description, total))
        self.expected.append(expected_seconds)

    def advance(self, steps: int) -> None:
        self.steps.append(steps)
        self.steps_of.setdefault(self.stages[-1][0], []).append(steps)


def test_a_cold_load_tells_each_stage_and_a_warm_one_nothing() -> None:
    cold = Recorder()
    knowledge = load_knowledge(BUNDLED, cold)
    records = sum(len(getattr(knowledge, table)) for table in knowledge.__dataclass_fields__)
    characters = len(BUNDLED.read_text(encoding="utf-8"))
    assert cold.stages == [
        ("Parsing facts.toml", characters),
        (f"Validating {records:,} records", records),
        ("Checking ids, references and the order of events", None),
        ("Caching the validated knowledge base", None),
    ]
    assert sum(cold.steps) == characters + records
    warm = Recorder()
    assert load_knowledge(BUNDLED, warm) == knowledge
    assert warm.stages == [] and warm.steps == []


def test_validation_advances_a_chunk_at_a_time(tmp_path: Path) -> None:
    facts = tmp_path / "many.toml"
    facts.write_text(
        '[[sources]]\nid = "s"\ntitle = "t"\npublisher = "p"\nfile = "f"\n'
        + "".join(
            f'[[companies]]\nid = "c{n}"\nname = "C{n}"\ndescription = "d"\nsource = "s"\n'
            'quote = "q"\n'
            for n in range(2500)
        ),
        encoding="utf-8",
    )
    progress = Recorder()
    load_knowledge(facts, progress)
    # After the parse's one step (a file smaller than a part of it).
    assert progress.steps[1:] == [1001, 1000, 500]


def test_checking_a_file_tells_its_reading_too(tmp_path: Path) -> None:
    progress = Recorder()
    document, problems = check_file(BUNDLED, progress)
    assert document and not problems
    assert [description for description, _ in progress.stages][:2] == [
        "Reading facts.toml",
        "Parsing facts.toml",
    ]


@pytest.fixture
def at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Progress is shown from the start of a load, not after a second."""
    monkeypatch.setattr(progress_display, "PROGRESS_AFTER_SECONDS", 0)


@pytest.mark.usefixtures("at_once")
def test_a_slow_cold_load_shows_progress_on_a_terminal(run: Run) -> None:
    cold = run("dau", "--json", stderr_tty=True)
    assert cold.exit_code == 0
    for stage in ("Parsing facts.toml", "Validating", "records", "Caching"):
        assert stage in cold.stderr, stage
    warm = run("dau", "--json", stderr_tty=True)
    assert warm.stderr == ""
    # What is written to stdout is the same either way.
    assert cold.stdout == warm.stdout == run("dau", "--json").stdout


def test_a_large_file_tells_its_parse_a_part_at_a_time(tmp_path: Path) -> None:
    """The parser holds the interpreter while it runs: a large file is parsed in parts,
    each telling its progress, so that the display is alive from the parse's first second."""
    from benchmarks.generate_facts import generate

    facts = tmp_path / "facts.toml"
    generate(4_000, facts)
    characters = len(facts.read_text(encoding="utf-8"))
    assert characters > 2 * toml_chunks.PART_SIZE
    progress = Recorder()
    load_knowledge(facts, progress)
    assert progress.stages[0] == ("Parsing facts.toml", characters)
    parsed = progress.steps_of["Parsing facts.toml"]
    assert sum(parsed) == characters
    assert len(parsed) >= characters // toml_chunks.PART_SIZE
    assert max(parsed) <= 2 * toml_chunks.PART_SIZE


def test_parsing_is_expected_to_take_as_long_as_the_file_is_large() -> None:
    cold = Recorder()
    load_knowledge(BUNDLED, cold)
    assert cold.expected[0] == loading.parse_seconds(BUNDLED.read_bytes()) > 0
    assert loading.parse_seconds(b"x" * 50_000_000) > progress_display.PROGRESS_AFTER_SECONDS


def test_a_parse_expected_to_be_slow_shows_progress_as_it_begins(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Parsing is one call that reports nothing until it ends: a large file is shown at once.
    monkeypatch.setattr(loading, "parse_seconds", lambda data: 3600.0)
    monkeypatch.setattr(progress_display, "PROGRESS_AFTER_SECONDS", 1.0)
    assert "Parsing facts.toml" in run("dau", stderr_tty=True).stderr


def test_a_stage_that_reports_nothing_is_drawn_when_the_time_comes(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stage that says nothing for longer than the wait is drawn by a timer, not left silent.
    parse = loading.parse_toml

    def slow_parse(path: Path, data: bytes, progress: Any) -> Any:
        time.sleep(0.5)
        return parse(path, data, progress)

    monkeypatch.setattr(loading, "parse_toml", slow_parse)
    monkeypatch.setattr(progress_display, "PROGRESS_AFTER_SECONDS", 0.1)
    assert "Parsing facts.toml" in run("dau", stderr_tty=True).stderr


@pytest.mark.usefixtures("at_once")
def test_no_progress_when_stderr_is_not_a_terminal(run: Run) -> None:
    cold = run("dau", stderr_tty=False, tty=True)
    assert cold.exit_code == 0
    assert cold.stderr == ""


def test_no_progress_for_a_quick_load(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_display, "PROGRESS_AFTER_SECONDS", 3600)
    assert run("dau", stderr_tty=True).stderr == ""


@pytest.mark.usefixtures("at_once")
def test_validate_shows_the_progress_of_its_check(run: Run) -> None:
    result = run("validate", "--json", stderr_tty=True)
    assert result.exit_code == 0
    assert result.stdout == "[]\n"
    assert "Reading facts.toml" in result.stderr
    assert "Validating" in result.stderr


@pytest.mark.usefixtures("at_once")
def test_an_error_is_said_after_the_progress_is_gone(run: Run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[[figures]]\nid = "x"\n', encoding="utf-8")
    result = run("--facts", str(broken), "dau", stderr_tty=True)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Validating" in result.stderr
    last = result.stderr.splitlines()[-1]
    assert f"aicompete: error: {broken}:1: figures[0].metric: required key is missing" in last
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_cached_answer_on_a_terminal_imports_no_progress_display(tmp_path: Path) -> None:
    """With stderr on a terminal, a warm load pays for no rich import."""
    import os
    import pty
    import subprocess

    found = tmp_path / "modules.txt"
    code = (
        "import sys\n"
        "from aicompete import core\n"
        "core.run(['dau', '--json'])\n"
        "rich = sorted(name for name in sys.modules if name.startswith('rich'))\n"
        f"open({str(found)!r}, 'w').write(repr(rich))\n"
    )
    leader, follower = pty.openpty()
    try:
        for _ in range(2):
            subprocess.run(
                [sys.executable, "-c", code],
                stdout=subprocess.DEVNULL,
                stderr=follower,
                check=True,
                timeout=60,
            )
    finally:
        os.close(follower)
        os.close(leader)
    assert found.read_text() == "[]"


def test_proving_tells_the_reading_and_the_checking_a_batch_at_a_time() -> None:
    from aicompete.proof.proving import prove
    from aicompete.proof.verification import check_facts

    knowledge = load_knowledge(BUNDLED)
    progress = Recorder()
    texts, checks = prove(knowledge, BUNDLED, progress)
    assert progress.stages == [
        ("Reading the texts of 1 source", 1),
        ("Checking 48 facts against their sources", 48),
    ]
    assert progress.steps_of == {
        "Reading the texts of 1 source": [1],
        "Checking 48 facts against their sources": [48],
    }
    assert checks == check_facts(knowledge, texts)


@pytest.mark.usefixtures("at_once")
@pytest.mark.parametrize(
    ("args", "stages"),
    [
        (["verify", "--json"], ["Checking 48 facts against their sources"]),
        (["sources", "--json"], ["Reading the texts of 1 source", "Checking 48 facts"]),
        # The brief checks only the facts it cites, as it writes them.
        (["brief", "-o", "-"], ["Reading the texts of 1 source", "Writing the brief"]),
        (["chart", "dau", "-o", "CHART"], ["Drawing the chart of dau"]),
    ],
)
def test_the_slow_commands_show_their_progress_on_a_terminal(
    run: Run, tmp_path: Path, args: list[str], stages: list[str]
) -> None:
    """At 100,000 facts verify, sources, brief and chart take seconds after the load: each
    stage is drawn on stderr once it takes a while (here at once), and stdout is the same."""
    args = [str(tmp_path / "dau.png") if arg == "CHART" else arg for arg in args]
    shown = run(*args, stderr_tty=True)
    assert shown.exit_code == 0, shown.stderr
    for stage in stages:
        assert stage in shown.stderr, stage
    if args[0] != "chart":
        assert shown.stdout == run(*args).stdout
