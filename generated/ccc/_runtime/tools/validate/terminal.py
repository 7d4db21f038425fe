# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/terminal.py.
# Do not edit by hand: change the original and run `make generate`.
"""The terminal side of `validate`: whether to colour, and a report stream that shares the
terminal with the progress bar."""

from __future__ import annotations

import io
import os
from typing import TextIO

from .progress import Progress

__all__ = ["ClearsProgress", "isatty", "use_color"]


class ClearsProgress(io.TextIOBase):
    """A text stream that erases the progress bar before writing to the same terminal."""

    def __init__(self, out: TextIO, progress: Progress) -> None:
        super().__init__()
        self.out = out
        self.progress = progress

    def write(self, text: str) -> int:
        self.progress.clear()
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()


def isatty(stream: TextIO) -> bool:
    """Whether `stream` is a terminal; False when it cannot tell."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def use_color(choice: str, out: TextIO) -> bool:
    """Whether to colour output: `--color`, else not under NO_COLOR, else on a terminal."""
    if choice != "auto":
        return choice == "always"
    if "NO_COLOR" in os.environ:  # set at all, even empty: no colour
        return False
    try:
        return out.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError, OSError):
        return False
