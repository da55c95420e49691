"""The errors a command ends with, and the exit status each gives.

A domain `UsageError` is answered as a usage error (exit 2) with its message; a `Failure` is
one line, `aicompete: error: ...`, and its status; what is wrong with a knowledge file is a
`knowledge.problems.KnowledgeFileError`, which the command line turns into a `Failure`.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Every exit code, as `aicompete --help` and the README list them. A stop by a signal
    (SIGTERM, SIGHUP) exits 128 plus its number, as shells report it."""

    SUCCESS = 0
    # The knowledge file cannot be used, a check failed, an output could not be written, or
    # an unexpected error.
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


class UsageError(Exception):
    """A name, value or combination of options that cannot be answered; `option` names the
    option it came from, where the code that raised it knows."""

    option: str | None = None


class Failure(Exception):
    """A command that cannot give its answer: said in one line, and the run exits `status`."""

    def __init__(self, message: str, status: ExitStatus = ExitStatus.ERROR) -> None:
        super().__init__(message)
        self.status = status
