"""The base of every domain error that means the user asked for something that cannot be.

The command line answers each one as a usage error (exit 2) with its message; what is wrong
with a knowledge file is a `knowledge.problems.KnowledgeFileError` instead (exit 1).
"""

from __future__ import annotations


class UsageError(Exception):
    """A name, value or combination of options that cannot be answered; `option` names the
    option it came from, where the code that raised it knows."""

    option: str | None = None
