"""A one-line progress bar on a terminal: drawn only when the stream is a TTY.

Progress is measured in bytes read against the total size of the inputs (known up front from
the file system), so a single long JSON Lines file moves the bar as well as many small files.
Redraws are throttled; the line is erased when the run ends, leaving the report untouched.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """`update(bytes_done, responses)` as work goes; `close()` at the end. A no-op when disabled."""

    INTERVAL = 0.1  # seconds between redraws

    def __init__(
        self, stream: TextIO, total_bytes: int, total_inputs: int, *, enabled: bool
    ) -> None:
        self.stream = stream
        self.total_bytes = total_bytes
        self.total_inputs = total_inputs
        self.enabled = enabled
        self.started = time.monotonic()
        self.next_draw = 0.0
        self.drawn = False
        self.inputs_done = 0

    @staticmethod
    def wanted(stream: TextIO) -> bool:
        try:
            return stream.isatty() and os.environ.get("TERM") != "dumb"
        except (AttributeError, ValueError, OSError):
            return False

    def input_done(self) -> None:
        self.inputs_done += 1

    def update(self, bytes_done: int, responses: int, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now < self.next_draw:
            return
        self.next_draw = now + self.INTERVAL
        self._draw(bytes_done, responses, now)

    def _width(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            return shutil.get_terminal_size((80, 24)).columns

    def _draw(self, bytes_done: int, responses: int, now: float) -> None:
        width = self._width()
        elapsed = max(now - self.started, 1e-9)
        rate = responses / elapsed
        text = f" {responses:,} responses  {self.inputs_done}/{self.total_inputs} inputs  {rate:,.0f}/s"
        if self.total_bytes:
            fraction = min(bytes_done / self.total_bytes, 1.0)
            bar_width = max(10, min(40, width - len(text) - 8))
            filled = int(bar_width * fraction)
            text = f"[{'#' * filled}{'.' * (bar_width - filled)}] {fraction * 100:3.0f}%" + text
        try:
            self.stream.write("\r" + text[: max(width - 1, 1)] + "\x1b[K")
            self.stream.flush()
            self.drawn = True
        except (OSError, ValueError):
            self.enabled = False

    def clear(self) -> None:
        """Erase the bar (before other output goes to the same terminal); the next update redraws."""
        if not self.drawn:
            return
        try:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False
        self.drawn = False

    def close(self, bytes_done: int, responses: int) -> None:
        """Draw the final state once, then erase the line."""
        if not self.enabled:
            return
        self._draw(bytes_done, responses, time.monotonic())
        try:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        except (OSError, ValueError):
            pass
        self.enabled = False
