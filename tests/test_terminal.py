"""Terminal rules, pipes, exit codes and hostile text, as a user's shell sees them: an output
encoding that lacks a character, a full disk, an internal error, and --version."""

from __future__ import annotations

import csv
import gc
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aicompete import cli, core
from aicompete.listings import dau as dau_listing
from aicompete.listings.registry import LISTINGS
from aicompete.terminal import Terminal
from tests.conftest import ROOT, Run, many_campaigns

ESC = "\x1b"


class FakeStream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("tty", "environ", "color"),
    [
        (True, {}, True),
        (False, {}, False),
        (True, {"NO_COLOR": "1"}, False),
        (False, {"FORCE_COLOR": "1"}, True),
        (True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        (True, {"NO_COLOR": ""}, True),
        (True, {"TERM": "dumb"}, False),
    ],
)
def test_colour_rules(tty: bool, environ: dict[str, str], color: bool) -> None:
    assert Terminal.detect(FakeStream(tty), environ).color is color


def test_columns_sets_the_width() -> None:
    assert Terminal.detect(FakeStream(False), {"COLUMNS": "72"}).width == 72


def test_piped_table_has_no_escape_codes(run: Run) -> None:
    assert ESC not in run("campaigns").stdout


def test_force_color_colours_a_piped_table(run: Run) -> None:
    assert ESC in run("dau", env={"FORCE_COLOR": "1"}).stdout
    assert ESC not in run("dau", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout


def test_machine_formats_in_a_pipe_never_carry_colour(run: Run) -> None:
    for fmt in ("json", "jsonl", "csv", "tsv", "markdown"):
        assert ESC not in run("dau", "--format", fmt, env={"FORCE_COLOR": "1"}).stdout


def test_table_fits_columns(run: Run) -> None:
    text = run("campaigns", env={"COLUMNS": "70"}).stdout
    assert max(len(line) for line in text.splitlines()) <= 70


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_on_a_real_terminal() -> None:
    import pty

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm"
    process = subprocess.run(
        [sys.executable, "-m", "aicompete", "dau"],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert process.returncode == 0
    assert ESC.encode() in output
    assert b"Doubao" in output


HOSTILE = """
[[sources]]
id = "s"
title = "t"
publisher = "p"
file = "s.txt"

[[companies]]
id = "evil"
name = "[bold red]Evil[/bold red]\\u001b[31mCorp\\u0007"
description = "d"
source = "s"
quote = "q"

[[apps]]
id = "app"
name = "[link=http://x]App[/link]"
company = "evil"
source = "s"
quote = "q"

[[metrics]]
id = "m"
name = "m"
counts = "users"
window = "day"
words = ["m"]

[[figures]]
id = "d"
app = "app"
value = 10
unit = "users"
metric = "m"
when = "\\u001b]0;title\\u0007later"
measured_by = "evil"
source = "s"
quote = "q"
"""


@pytest.mark.parametrize("color", ["", "1"])
def test_markup_prints_literally_and_control_characters_are_escaped(
    run: Run, tmp_path: Path, color: str
) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    for fmt in ("table", "markdown", "csv", "tsv", "svg"):
        env = {"FORCE_COLOR": color, "COLUMNS": "250"}
        # On a terminal: CSV and TSV keep raw characters only for files and pipes.
        result = run("--facts", str(path), "dau", "--format", fmt, env=env, tty=True)
        assert result.exit_code == 0
        text = result.stdout
        # Markdown escapes the brackets, so that they render as the brackets they are.
        shown = (
            "\\[bold red\\]Evil\\[/bold red\\]"
            if fmt == "markdown"
            else "[bold red]Evil[/bold red]"
        )
        assert shown in text or fmt == "svg"
        assert "\x1b[31m" not in text
        assert "\x1b]0;" not in text
        assert "\x07" not in text
        assert "\\x1b" in text
    assert "\\u001b" in run("--facts", str(path), "dau", "--json").stdout


def test_csv_for_a_file_keeps_the_data_exactly(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    text = run("--facts", str(path), "dau", "--format", "csv", "--fields", "company,when").stdout
    assert list(csv.reader(io.StringIO(text))) == [
        ["company", "when"],
        ["[bold red]Evil[/bold red]\x1b[31mCorp\x07", "\x1b]0;title\x07later"],
    ]


def test_the_manual_peeks_at_csv_in_a_way_that_is_safe_on_a_terminal(
    run: Run, tmp_path: Path
) -> None:
    """CSV in a pipe stays exact, escape sequences and all, so `| head` on a terminal lets
    them through: the manual's way to peek is `--limit`, escaped on a terminal."""
    manual = (ROOT / "docs" / "output-and-scripting.md").read_text(encoding="utf-8")
    assert "`aicompete campaigns --format csv --limit 3`" in manual
    assert "| cat -v" in manual
    path = tmp_path / "facts.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    peeked = run("--facts", str(path), "dau", "--format", "csv", "--limit", "3", tty=True)
    assert peeked.exit_code == 0
    assert "\x1b" not in peeked.stdout and "\x07" not in peeked.stdout
    assert "\\x1b" in peeked.stdout


def _pipe(command: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} 2>{tmp_path / 'err'} | head -1"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    facts = many_campaigns(tmp_path / "big.toml", 3000)
    command = f"{sys.executable} -m aicompete --facts {facts} campaigns --format jsonl"
    result = _pipe(command, tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith('{"rank": 1')
    assert (tmp_path / "err").read_text() == ""


def _main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """The exit status `core.main` leaves with (it leaves the process without tearing it
    down: here it raises `SystemExit` instead)."""

    def leave(status: int) -> None:
        raise SystemExit(status)

    monkeypatch.setattr(sys, "argv", ["aicompete", *args])
    monkeypatch.setattr(core, "leave", leave)
    try:
        with pytest.raises(SystemExit) as exit_info:
            core.main()
    finally:
        # What the process's session froze out of the collector's sight, for a process
        # that goes on.
        gc.unfreeze()
    return int(exit_info.value.code or 0)


def test_exit_code_0_on_success(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _main(monkeypatch, "dau", "--json") == 0


def test_exit_code_1_for_a_bad_knowledge_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[figures]]\nid = 1\n", encoding="utf-8")
    assert _main(monkeypatch, "--facts", str(bad), "dau") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"aicompete: error: {bad}:1: figures[0].metric: required key is missing")
    assert "more problems; see `aicompete validate`" in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["dua"],
        ["dau", "--frmat", "json"],
        ["campaigns", "--sort", "size"],
        ["dau", "--fields", "x"],
    ],
)
def test_exit_code_2_for_usage_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert _main(monkeypatch, *args) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_exit_code_130_when_interrupted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(dau_listing, "build", interrupted)
    assert _main(monkeypatch, "dau") == 130
    assert capsys.readouterr().err == "aicompete: interrupted\n"


def test_unexpected_error_is_one_line_and_how_to_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(dau_listing, "build", broken)
    assert _main(monkeypatch, "dau") == 1
    err = capsys.readouterr().err
    assert err.startswith("aicompete: internal error: RuntimeError: boom\n")
    assert "AICOMPETE_DEBUG=1" in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(dau_listing, "build", broken)
    monkeypatch.setenv("AICOMPETE_DEBUG", "1")
    monkeypatch.setattr(sys, "argv", ["aicompete", "dau"])
    try:
        with pytest.raises(RuntimeError, match="boom"):
            core.main()
    finally:
        gc.unfreeze()


def test_help_documents_the_exit_codes(run: Run) -> None:
    text = run("--help").stdout
    assert "Exit codes: 0 success" in text
    assert "130 interrupted" in text


def test_every_command_has_help_with_an_example(run: Run) -> None:
    from typer.main import get_command

    group = get_command(cli.app)
    commands = group.commands  # type: ignore[attr-defined]
    assert commands
    for name in commands:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Examples" in result.stdout, name
        assert f"aicompete {name}" in result.stdout, name


def test_shell_completion_offers_sort_values_and_fields() -> None:
    env = {**os.environ, "_AICOMPETE_COMPLETE": "complete_bash"}

    def complete(words: str, index: int) -> list[str]:
        process = subprocess.run(
            [sys.executable, "-m", "aicompete"],
            env={**env, "COMP_WORDS": words, "COMP_CWORD": str(index)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        return process.stdout.split()

    assert complete("aicompete campaigns --sort ", 3) == ["spend", "company", "app"]
    assert complete("aicompete campaigns --fields amount_u", 3) == [
        "amount_usd",
        "amount_usd_derived",
    ]
    assert "campaigns" in complete("aicompete ca", 1)
    # The shared output options complete on every listing command.
    assert complete("aicompete dau --format j", 3) == ["json", "jsonl"]
    assert complete("aicompete lookup --fields ki", 3) == ["kind"]
    # Names chosen from a list, case aside; ids of records, also as KIND:ID.
    assert complete("aicompete show yu-", 2) == ["yu-bowen", "yu-announces-departure"]
    assert complete("aicompete show app:q", 2) == ["app:qwen"]
    assert complete("aicompete compare ten", 2) == ["tencent"]


@pytest.mark.parametrize(
    "command",
    ["dau", "dau --json", "campaigns --format csv", "validate", "lookup zzz", "--version"],
)
def test_reader_that_reads_nothing_ends_quietly(tmp_path: Path, command: str) -> None:
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {sys.executable} -m aicompete {command} | head -c 0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_bad_fields_are_refused_before_any_work(run: Run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[figures]]\n", encoding="utf-8")
    for args in (
        ["lookup", "zzz", "--fields", "bogus"],
        ["validate", str(broken), "--fields", "bogus"],
        ["--facts", str(broken), "dau", "--fields", "bogus"],
    ):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "unknown field 'bogus'" in result.stderr


def test_every_command_with_fields_lists_them() -> None:
    from typer.main import get_command

    group = get_command(cli.app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if any(param.name == "fields" for param in command.params):
            assert name in LISTINGS, name


def test_every_listing_command_takes_the_output_options_last_in_one_order() -> None:
    """Declared once (`cli.listing_command`): the same options, help and defaults, after the
    command's own parameters and its filters, which come in one order too."""
    from typer.main import get_command

    group = get_command(cli.app)
    output = ["--format", "--json", "--fields", "--limit", "--bom", "--keep-formulas"]
    filters = ["--company", "--app", "--source", "--period"]
    shapes = set()
    for name in LISTINGS:
        params = group.commands[name].params  # type: ignore[attr-defined]
        options = [param.opts[0] for param in params if param.opts[0].startswith("--")]
        assert options[-len(output) :] == output, name
        taken = [option for option in options if option in filters]
        assert taken == filters[: len(taken)], name
        shapes.add(tuple((param.opts[0], param.help, param.default) for param in params[-6:]))
    assert len(shapes) == 1


@pytest.mark.parametrize("columns", ["60", "40", "20"])
def test_narrow_terminals_never_crop_figures(run: Run, columns: str) -> None:
    text = run("dau", env={"COLUMNS": columns}).stdout
    for figure in ("145.0M", "73.52M", "40.54M", "100.0%", "50.7%", "28.0%"):
        assert figure in text
    assert "not stated in the source" in " ".join(text.split())


@pytest.mark.parametrize(
    ("shell", "says"),
    [("zsh", "#compdef aicompete"), ("bash", "complete -o"), ("fish", "complete --command")],
)
def test_show_completion_prints_the_named_shell_s_script(run: Run, shell: str, says: str) -> None:
    result = run("--show-completion", shell)
    assert result.exit_code == 0, result.stderr
    assert says in result.stdout
    assert "_AICOMPETE_COMPLETE" in result.stdout


def test_show_completion_for_no_known_shell_is_a_usage_error(run: Run) -> None:
    result = run("--show-completion", "tcsh")
    assert result.exit_code == 2
    assert "no completion for 'tcsh'" in result.stderr


def test_completion_without_typer_s_completion_module_says_what_to_install(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a Typer that no longer has the module: importing it fails.
    monkeypatch.setitem(sys.modules, "typer._completion_shared", None)
    result = run("--show-completion", "bash")
    assert result.exit_code == 2
    assert "shell completion needs a Typer that aicompete supports" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_an_output_that_lacks_a_character_gets_a_replacement(encoding: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONIOENCODING": encoding,
        "XDG_CACHE_HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "aicompete", "dau"], env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert b"Doubao" in done.stdout and done.stderr == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("dau", "--json"), ("--help",), ("dau", "-h")])
def test_a_full_disk_is_said_in_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path)}
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "aicompete", *args],
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr == "aicompete: error: cannot write output: No space left on device\n"


def test_an_internal_error_says_where_to_report_it(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aicompete.listings import dau

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(dau, "build", broken)
    result = run("dau")
    assert result.exit_code == 1
    assert "please report it at https://github.com/aicompete/aicompete/issues" in result.stderr


def test_version(run: Run) -> None:
    from aicompete import __version__

    assert run("--version").stdout == f"aicompete {__version__}\n"
