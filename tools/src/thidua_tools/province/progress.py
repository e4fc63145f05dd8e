"""A tiny progress display on stderr: step name, n/total, percentage, elapsed time.

On a terminal the current step's line is redrawn in place (at most ten times a second); otherwise one line
is written per finished step, so logs and CI output stay readable.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

BAR_WIDTH = 24


class Step:
    """One step being counted; use as a context manager or call `done()`."""

    def __init__(self, progress: Progress, name: str, total: int) -> None:
        self.progress, self.name, self.total = progress, name, total
        self.count = 0
        self.started = time.monotonic()
        self._drawn = 0.0
        self._finished = False
        self._draw(force=True)

    def advance(self, n: int = 1) -> None:
        """Count `n` more items done."""
        self.count += n
        self._draw()

    def done(self) -> None:
        """Finish the step: the final line stays on screen (or is written once when not a terminal)."""
        if self._finished:
            return
        self._finished = True
        self.total = max(self.total, self.count)
        self._draw(force=True)
        if self.progress.enabled:
            stream = self.progress.stream
            stream.write("\n" if self.progress.tty else self.line() + "\n")
            stream.flush()

    def line(self) -> str:
        """The step's status line."""
        total = max(self.total, 1)
        share = min(self.count / total, 1.0) if self.total else 1.0
        filled = int(share * BAR_WIDTH)
        bar = "█" * filled + "·" * (BAR_WIDTH - filled)
        elapsed = time.monotonic() - self.started
        return f"{self.name:<40} {bar} {self.count:>5}/{self.total:<5} {share:>4.0%} {elapsed:6.1f}s"

    def _draw(self, *, force: bool = False) -> None:
        if not (self.progress.enabled and self.progress.tty):
            return
        now = time.monotonic()
        if force or now - self._drawn >= 0.1:
            self._drawn = now
            self.progress.stream.write("\r" + self.line())
            self.progress.stream.flush()

    def __enter__(self) -> Step:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.done()


class Progress:
    """Creates steps; `Progress(enabled=False)` is silent."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def step(self, name: str, total: int) -> Step:
        """Start counting a step of `total` items."""
        return Step(self, name, total)


QUIET = Progress(enabled=False)
