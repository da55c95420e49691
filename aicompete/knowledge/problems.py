"""What is wrong with a knowledge file: a `Problem` each, raised together in one domain error."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aicompete.frozen import frozen


@frozen
class Problem:
    """One thing wrong with a knowledge file."""

    message: str
    location: str = ""
    line: int | None = None
    # Where in the document: kind, record index, field and below, as pydantic reports it.
    path: tuple[int | str, ...] = ()

    def describe(self, path: Path | str) -> str:
        where = f"{path}:{self.line}" if self.line else str(path)
        return (
            f"{where}: {self.location}: {self.message}"
            if self.location
            else f"{where}: {self.message}"
        )


class KnowledgeFileError(Exception):
    """The knowledge file cannot be used; carries every problem found."""

    def __init__(self, path: Path | str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        first = problems[0].describe(path)
        more = len(problems) - 1
        suffix = f" (and {more} more problem{'s' * (more > 1)}; see `aicompete validate`)"
        super().__init__(first + (suffix if more else ""))


def dotted(loc: Sequence[int | str]) -> str:
    """A document path as people write it: `campaigns[0].amounts[1].value`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
