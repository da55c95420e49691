"""A slow load's progress, drawn on stderr where a person may be watching it.

Nothing is drawn before a load has taken `PROGRESS_AFTER_SECONDS`, and nothing at all for a
load from the cache, which reports no stage; rich is imported only to draw.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

# A load that misses the cache shows its progress once it has taken this many seconds; a
# quicker one shows nothing.
PROGRESS_AFTER_SECONDS = 1.0


def load_progress() -> LoadProgressDisplay | nullcontext[None]:
    """A display of a slow load's progress where a person may be watching stderr; else none."""
    try:
        watched = sys.stderr.isatty()
    except (AttributeError, ValueError):
        watched = False
    return LoadProgressDisplay() if watched else nullcontext()


class LoadProgressDisplay:
    """A load's stages, drawn by rich on stderr once the load has taken
    `PROGRESS_AFTER_SECONDS`, and gone when it ends: a `knowledge.progress.LoadProgress`.

    A cached load reports nothing, so it never shows; rich is imported only to draw.
    """

    def __init__(self) -> None:
        import threading
        import time

        self._started = time.monotonic()
        self._description = ""
        self._total: int | None = None
        self._done = 0
        self._shown: Progress | None = None
        self._task: TaskID | None = None
        # A stage can be one long call (parsing a large file) that reports nothing until it
        # ends: a timer draws it when the time comes, and rich animates it from then on.
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._finished = False

    def __enter__(self) -> LoadProgressDisplay:
        return self

    def __exit__(self, *_exception: object) -> None:
        with self._lock:
            self._finished = True
            if self._timer is not None:
                self._timer.cancel()
            if self._shown is not None:
                self._shown.stop()

    def stage(
        self, description: str, total: int | None = None, expected_seconds: float = 0.0
    ) -> None:
        with self._lock:
            self._description, self._total, self._done = description, total, 0
            if self._shown is not None and self._task is not None:
                # A stage of its own: its bar starts empty, or pulses when its size is unknown.
                self._shown.remove_task(self._task)
                self._task = None
            self._draw(expected_seconds)
            if self._shown is None and self._timer is None:
                self._start_timer()

    def advance(self, steps: int) -> None:
        with self._lock:
            self._done += steps
            self._draw()

    def _start_timer(self) -> None:
        import threading
        import time

        wait = max(0.0, PROGRESS_AFTER_SECONDS - (time.monotonic() - self._started))
        self._timer = threading.Timer(wait, self._on_time)
        self._timer.daemon = True
        self._timer.start()

    def _on_time(self) -> None:
        with self._lock:
            if not self._finished:
                self._draw()

    def _draw(self, expected_seconds: float = 0.0) -> None:
        import time

        if self._shown is None:
            if time.monotonic() - self._started + expected_seconds < PROGRESS_AFTER_SECONDS:
                return
            self._shown = self._display()
            self._shown.start()
        if self._task is None:
            from aicompete.output.escaping import clean

            self._task = self._shown.add_task(clean(self._description), total=self._total)
        self._shown.update(self._task, completed=self._done)

    @staticmethod
    def _display() -> Progress:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        return Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=Console(file=sys.stderr, highlight=False),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
