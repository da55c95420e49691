"""What standard output is: a terminal or a pipe, in colour or not, how wide and how tall; and
the pager that output taller than a terminal goes through.

Read once from the real stream and environment variables, so that tests can build one by hand.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

from aicompete.frozen import frozen

DEFAULT_WIDTH = 100
DEFAULT_HEIGHT = 24
# The pager when neither AICOMPETE_PAGER nor PAGER names one, as git's and gh's.
DEFAULT_PAGER = "less -FRX"
# What git gives less and lv unless the user has set them: quit at once when the text fits
# one screen, pass colours through, leave the text on the screen on quitting.
PAGER_DEFAULTS = {"LESS": "FRX", "LV": "-c"}


@frozen
class Terminal:
    """Where output goes: whether it may be coloured, how many columns and lines it has, and
    whether it is a terminal at all (then nothing raw from the data may reach it, in any
    format, and what is taller than it is paged)."""

    color: bool
    width: int
    isatty: bool = False
    height: int = DEFAULT_HEIGHT

    @classmethod
    def detect(
        cls, stream: TextIO | None = None, environ: Mapping[str, str] | None = None
    ) -> Terminal:
        """Colour only on a terminal; NO_COLOR turns it off, FORCE_COLOR on; COLUMNS sets the
        width and LINES the height."""
        stream = sys.stdout if stream is None else stream
        environ = os.environ if environ is None else environ
        try:
            isatty = stream.isatty()
        except (AttributeError, ValueError):
            isatty = False
        if environ.get("NO_COLOR"):
            color = False
        elif environ.get("FORCE_COLOR"):
            color = True
        else:
            color = isatty and environ.get("TERM") != "dumb"
        width, height = _size(environ, isatty)
        return cls(color, width, isatty, height)


def _size(environ: Mapping[str, str], isatty: bool) -> tuple[int, int]:
    """Columns and lines: COLUMNS and LINES, else a terminal's own size, else the defaults."""
    width, height = _positive(environ.get("COLUMNS")), _positive(environ.get("LINES"))
    if isatty and (width is None or height is None):
        import shutil

        size = shutil.get_terminal_size((DEFAULT_WIDTH, DEFAULT_HEIGHT))
        width, height = width or size.columns, height or size.lines
    return width or DEFAULT_WIDTH, height or DEFAULT_HEIGHT


def _positive(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and int(text) > 0 else None


def pager_command(
    terminal: Terminal, environ: Mapping[str, str], rows: int, no_pager: bool = False
) -> list[str] | None:
    """The pager to show output of `rows` terminal rows through, or None to write it directly.

    As git and gh do: only on a terminal, and only output that does not fit above the
    shell's prompt; `--no-pager` turns it off. The pager is AICOMPETE_PAGER, else PAGER, else
    `less -FRX`, split as a shell splits words; an empty one, `cat` or one that cannot be
    split means none.
    """
    if no_pager or not terminal.isatty or rows < terminal.height:
        return None
    chosen = environ.get("AICOMPETE_PAGER", environ.get("PAGER", DEFAULT_PAGER))
    import shlex

    try:
        command = shlex.split(chosen)
    except ValueError:
        return None
    return None if command in ([], ["cat"]) else command


def pager_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment a pager runs in: `environ`, with git's defaults for less and lv."""
    return {**PAGER_DEFAULTS, **environ}
