"""What standard output is: a terminal or a pipe, in colour or not, how wide.

Read once from the real stream and environment variables, so that tests can build one by hand.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

from aicompete.frozen import frozen

DEFAULT_WIDTH = 100


@frozen
class Terminal:
    """Where output goes: whether it may be coloured, how many columns it has, and whether it
    is a terminal at all (then nothing raw from the data may reach it, in any format)."""

    color: bool
    width: int
    isatty: bool = False

    @classmethod
    def detect(
        cls, stream: TextIO | None = None, environ: Mapping[str, str] | None = None
    ) -> Terminal:
        """Colour only on a terminal; NO_COLOR turns it off, FORCE_COLOR on; COLUMNS sets width."""
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
        return cls(color, _width(environ, isatty), isatty)


def _width(environ: Mapping[str, str], isatty: bool) -> int:
    columns = environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if isatty:
        import shutil

        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return DEFAULT_WIDTH
