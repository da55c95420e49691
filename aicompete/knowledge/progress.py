"""How reading a knowledge file the slow way (parsing and validating it) tells of its stages.

The loader reports; whoever called it decides whether and how to show it. Nothing here prints.
Only a load that parses reports at all (one that misses the cache, or a check of the file), and
only such a load imports this module.
"""

from __future__ import annotations

from typing import Protocol


class LoadProgress(Protocol):
    """What the loader tells as it goes: each stage as it begins, and steps done within it."""

    def stage(
        self, description: str, total: int | None = None, expected_seconds: float = 0.0
    ) -> None:
        """A stage begins: what it does, how many steps it takes when known, and how long it
        is expected to take when it reports no steps (one long call, such as parsing)."""

    def advance(self, steps: int) -> None:
        """`steps` more steps of the current stage are done."""


class Unreported:
    """Progress that nobody is shown: what the loader reports to when given nothing."""

    def stage(
        self, description: str, total: int | None = None, expected_seconds: float = 0.0
    ) -> None:
        return

    def advance(self, steps: int) -> None:
        return
