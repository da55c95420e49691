"""Writing an answer to stdout: directly, or through a pager when it is taller than the
terminal (see `terminal.pager_command`).

Nothing here decides how a run ends: a reader that has gone away raises `OutputClosed`, an
output that cannot be written `OutputFailed`, and the command line answers each.
"""

from __future__ import annotations

import os
import sys

from aicompete.errors import Failure
from aicompete.terminal import Terminal


class OutputClosed(Exception):
    """The reader of stdout has gone away (`| head`): the answer ends there, quietly.

    Not an `OSError`: click would take a broken pipe that reaches it for a failure (exit 1).
    """


class OutputFailed(Failure):
    """Stdout cannot be written: a full disk, a file too large, an I/O error."""


def write(text: str) -> None:
    """Write `text` to stdout and flush it: a closed pipe raises `OutputClosed`, any other
    failure `OutputFailed`, and stdout is pointed at nothing in both cases, so that Python's
    own flush at exit has nowhere to fail."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        raise OutputClosed from None
    except OSError as error:
        silence_stdout()
        raise OutputFailed(f"cannot write output: {error.strerror or error}") from None


def write_answer(text: str, terminal: Terminal, no_pager: bool) -> None:
    """Write a command's answer: through a pager when it is taller than the terminal, else
    directly."""
    # Output to a pipe or a file, as scripts read it, is written at once: nothing to measure.
    if terminal.isatty:
        from aicompete.output.text_table import screen_rows
        from aicompete.terminal import pager_command

        rows = screen_rows(text, terminal.width)
        command = pager_command(terminal, os.environ, rows, no_pager)
        if command is not None and page(command, text):
            return
    write(text)


def page(command: list[str], text: str) -> bool:
    """Show `text` through the pager `command`; False if the pager cannot be started.

    While the pager runs, Ctrl-C is the pager's own (less stops a search with it): aicompete
    ignores it, and waits. A pager quit before it read everything is no error.
    """
    import signal
    import subprocess

    from aicompete.terminal import pager_environment

    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=pager_environment(os.environ))
    except OSError:
        return False
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        # communicate() takes a pager's early exit (a broken pipe) as the end of its input.
        pager.communicate(text.encode(getattr(sys.stdout, "encoding", None) or "utf-8", "replace"))
    finally:
        signal.signal(signal.SIGINT, interrupt)
    return True


def silence_stdout() -> None:
    """Point stdout at nothing, so that Python's own flush at exit has nowhere to fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        # Not a real file (captured output): there is no flush at exit to fail.
        return
