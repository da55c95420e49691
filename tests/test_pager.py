"""The pager: output taller than the terminal goes through $AICOMPETE_PAGER, else $PAGER, else
`less -FRX`, as git and gh do; never into a pipe, never with --no-pager."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from aicompete.output.text_table import screen_rows
from aicompete.terminal import Terminal, pager_command, pager_environment
from tests.conftest import Run, many_campaigns

TALL = Terminal(color=True, width=100, isatty=True, height=24)


@pytest.mark.parametrize(
    ("terminal", "environ", "rows", "no_pager", "command"),
    [
        # On a terminal, taller than it: the default pager.
        (TALL, {}, 24, False, ["less", "-FRX"]),
        (TALL, {}, 1000, False, ["less", "-FRX"]),
        # What fits above the prompt is written directly.
        (TALL, {}, 23, False, None),
        (TALL, {}, 0, False, None),
        # Not a terminal: a pipe or a file is never paged.
        (Terminal(False, 100, False, 24), {}, 1000, False, None),
        # --no-pager.
        (TALL, {}, 1000, True, None),
        (TALL, {"AICOMPETE_PAGER": "more"}, 1000, True, None),
        # PAGER: empty or cat is none; anything else is split as a shell would.
        (TALL, {"PAGER": ""}, 1000, False, None),
        (TALL, {"PAGER": "cat"}, 1000, False, None),
        (TALL, {"PAGER": "  cat "}, 1000, False, None),
        (TALL, {"PAGER": "most -s"}, 1000, False, ["most", "-s"]),
        (TALL, {"PAGER": "'my pager' -q"}, 1000, False, ["my pager", "-q"]),
        # A command that cannot be split (an open quote) is none.
        (TALL, {"PAGER": "less 'oops"}, 1000, False, None),
        # AICOMPETE_PAGER comes first, even when empty or cat.
        (TALL, {"AICOMPETE_PAGER": "more", "PAGER": "most"}, 1000, False, ["more"]),
        (TALL, {"AICOMPETE_PAGER": "", "PAGER": "most"}, 1000, False, None),
        (TALL, {"AICOMPETE_PAGER": "cat", "PAGER": "most"}, 1000, False, None),
        (TALL, {"AICOMPETE_PAGER": "less -R"}, 1000, False, ["less", "-R"]),
    ],
)
def test_when_and_which_pager(
    terminal: Terminal,
    environ: dict[str, str],
    rows: int,
    no_pager: bool,
    command: list[str] | None,
) -> None:
    assert pager_command(terminal, environ, rows, no_pager) == command


def test_less_and_lv_get_gits_defaults_unless_set() -> None:
    assert pager_environment({"TERM": "xterm"}) == {"TERM": "xterm", "LESS": "FRX", "LV": "-c"}
    assert pager_environment({"LESS": "-S", "LV": ""}) == {"LESS": "-S", "LV": ""}


def test_terminal_height_from_lines_else_the_default() -> None:
    class Stream:
        def isatty(self) -> bool:
            return False

    assert Terminal.detect(Stream(), {"LINES": "40"}).height == 40  # type: ignore[arg-type]
    assert Terminal.detect(Stream(), {"LINES": "0"}).height == 24  # type: ignore[arg-type]
    assert Terminal.detect(Stream(), {"LINES": "tall"}).height == 24  # type: ignore[arg-type]
    assert Terminal.detect(Stream(), {}).height == 24  # type: ignore[arg-type]


def test_screen_rows_count_wrapped_lines_and_ignore_colour_codes() -> None:
    assert screen_rows("", 10) == 0
    assert screen_rows("a\nb\n", 10) == 2
    assert screen_rows("a\n\nb\n", 10) == 3
    assert screen_rows("x" * 10 + "\n", 10) == 1
    assert screen_rows("x" * 11 + "\n", 10) == 2
    assert screen_rows("\x1b[1m" + "x" * 10 + "\x1b[0m\n", 10) == 1
    # Wide characters take two cells each.
    assert screen_rows("字" * 6 + "\n", 10) == 2


FAKE_PAGER = """\
import os, signal, sys
out = sys.argv[1]
if "--interrupt-parent" in sys.argv:
    # As Ctrl-C at a terminal: the signal reaches aicompete while the pager runs.
    os.kill(os.getppid(), signal.SIGINT)
if "--quit" in sys.argv:
    sys.exit(0)
data = sys.stdin.buffer.read()
with open(out, "wb") as handle:
    handle.write(data)
with open(out + ".less", "w") as handle:
    handle.write(os.environ.get("LESS", "(unset)"))
"""


def _fake_pager(tmp_path: Path, *flags: str) -> tuple[str, Path]:
    """A pager that copies what it is given into a file: its command and that file."""
    script = tmp_path / "pager.py"
    script.write_text(FAKE_PAGER, encoding="utf-8")
    out = tmp_path / "paged.txt"
    words = [sys.executable, str(script), str(out), *flags]
    return " ".join(shlex.quote(word) for word in words), out


# Taller than a terminal of 10 lines: 28 matches.
TALL_COMMAND = ("lookup", "alibaba")


def test_tall_output_on_a_terminal_goes_to_the_pager(run: Run, tmp_path: Path) -> None:
    pager, out = _fake_pager(tmp_path)
    direct = run(*TALL_COMMAND, "--no-pager", tty=True, env={"LINES": "10"})
    assert direct.stdout.count("\n") > 10
    result = run(*TALL_COMMAND, tty=True, env={"LINES": "10", "AICOMPETE_PAGER": pager})
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ""
    assert out.read_text(encoding="utf-8") == direct.stdout
    # Colour reaches the pager, as less -R shows it; LESS gets git's default.
    assert "\x1b[" in direct.stdout
    assert Path(f"{out}.less").read_text() == "FRX"


def test_pager_is_taken_from_pager_when_aicompete_pager_is_unset(run: Run, tmp_path: Path) -> None:
    pager, out = _fake_pager(tmp_path)
    env = {"LINES": "10", "AICOMPETE_PAGER": "", "PAGER": pager, "LESS": "-S", "NO_COLOR": "1"}
    result = run("dau", "--json", tty=True, env=env)
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith('[\n  {\n    "rank": 1,')
    assert Path(f"{out}.less").read_text() == "-S"


@pytest.mark.parametrize(
    "args",
    [
        ["--no-pager", *TALL_COMMAND],
        [*TALL_COMMAND, "--no-pager"],
        ["lookup", "--no-pager", "alibaba"],
    ],
)
def test_no_pager_before_or_after_the_command(run: Run, tmp_path: Path, args: list[str]) -> None:
    pager, out = _fake_pager(tmp_path)
    result = run(*args, tty=True, env={"LINES": "10", "AICOMPETE_PAGER": pager})
    assert result.exit_code == 0
    assert "Lookup: alibaba" in result.stdout
    assert not out.exists()


def test_output_that_fits_or_is_piped_is_never_paged(run: Run, tmp_path: Path) -> None:
    pager, out = _fake_pager(tmp_path)
    fits = run("dau", tty=True, env={"LINES": "100", "AICOMPETE_PAGER": pager})
    assert "Doubao" in fits.stdout
    piped = run(*TALL_COMMAND, env={"LINES": "10", "AICOMPETE_PAGER": pager})
    assert "Lookup: alibaba" in piped.stdout
    assert not out.exists()


@pytest.mark.parametrize("args", [["show", "alibaba"], ["schema"], ["verify", "--format", "csv"]])
def test_show_schema_and_every_format_are_paged(run: Run, tmp_path: Path, args: list[str]) -> None:
    pager, out = _fake_pager(tmp_path)
    result = run(*args, tty=True, env={"LINES": "5", "AICOMPETE_PAGER": pager})
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == run(*args, "--no-pager", tty=True).stdout


def test_a_pager_that_cannot_start_leaves_the_output_direct(run: Run, tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-pager")
    result = run(*TALL_COMMAND, tty=True, env={"LINES": "10", "AICOMPETE_PAGER": missing})
    assert result.exit_code == 0
    assert "Lookup: alibaba" in result.stdout
    assert result.stderr == ""


def _big_facts(tmp_path: Path) -> Path:
    """A knowledge file whose JSON is far larger than a pipe holds."""
    return many_campaigns(tmp_path / "big.toml", 2000)


def test_a_pager_quit_before_the_end_is_no_error(run: Run, tmp_path: Path) -> None:
    pager, _ = _fake_pager(tmp_path, "--quit")
    facts = _big_facts(tmp_path)
    env = {"LINES": "10", "AICOMPETE_PAGER": pager}
    result = run("--facts", str(facts), "campaigns", "--json", tty=True, env=env)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_on_a_real_terminal_ctrl_c_belongs_to_the_pager(run: Run, tmp_path: Path) -> None:
    """aicompete on a pseudo-terminal: its pager gets all of the output, and Ctrl-C while the
    pager runs neither stops aicompete nor prints a traceback."""
    import pty

    pager, out = _fake_pager(tmp_path, "--interrupt-parent")
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "LINES": "10", "AICOMPETE_PAGER": pager}
    try:
        process = subprocess.run(
            [sys.executable, "-m", "aicompete", *TALL_COMMAND],
            stdout=follower,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert process.returncode == 0, process.stderr
    assert process.stderr == b""
    direct = run(*TALL_COMMAND, "--no-pager", tty=True, env={"LINES": "10"}).stdout
    assert out.read_text(encoding="utf-8") == direct
