# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/ranges.py.
# Do not edit by hand: change the original and run `make generate`.
"""Byte ranges of a JSON Lines file, for tasks that read it in parallel without a first pass.

A file of `size` bytes is cut into ranges `[start, end)` of about `block` bytes (`split`),
blindly: no byte is read to plan them. A range owns the lines that START inside it (the
standard trick of Hadoop's and Dask's text readers): its reader (`RangeReader`) skips the line
in progress at `start` (when byte `start - 1` is not a newline), then gives every line that
starts before `end`, the last one read to its newline even past `end`. So every line is read by
exactly one range, however the cuts fall: inside a line, just after a newline, or inside a
line longer than several ranges (whose ranges after the first own nothing: their skip stops at
`end`, so a huge line is never scanned more than once by its owner and once by each range it
spans). Lines end with "\n" alone, as the local reader has them ("\r" stays part of the line);
a last line without a newline ends at the end of the file.

The reader counts the lines it gives (`lines`; unless its reader counts them itself, as the
validate tool's does), so the lines of each range can be numbered afterwards, from the counts
of the ranges before it. `RangeItems` reads the responses of one range of a local file (the
validate tool's workers; `remote` extends it to URLs). Standard library only.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from .files import DOCUMENT_LIMIT, open_regular, reason
from .inputs import FastCheck, Passed, Record, _read_lines
from .sources import Source, Unreadable

__all__ = ["RangeItems", "RangeReader", "split"]

_STEP = 1 << 20  # bytes read at a time while skipping a partial first line
_FIRST_STEP = 1 << 14  # the first of those reads: the usual line ends well within it


def split(size: int, block: int) -> list[tuple[int, int]]:
    """`[start, end)` ranges of about `block` bytes covering a file of `size` bytes; none for an
    empty file."""
    if block < 1:
        raise ValueError("block must be at least one byte")
    return [(start, min(start + block, size)) for start in range(0, size, block)]


class RangeReader(io.RawIOBase):
    """The bytes of the lines of `stream` (binary, seekable) that start in `[start, end)`.

    Wrap it in an `io.BufferedReader` to read lines. `lines` is how many lines it gave once it
    is read to its end (a last line without a newline counts).
    """

    def __init__(self, stream: BinaryIO | Any, start: int, end: int, *, count: bool = True) -> None:
        super().__init__()
        self.stream = stream
        self.start = start
        self.end = end
        self.count = (
            count  # whether to count lines (`lines`): a reader that counts its own skips it
        )
        self.position = -1  # where the next byte comes from; -1 before the first read
        self.newlines = 0
        self.given = 0  # bytes given so far
        self.last = b"\n"  # the last byte given ("\n" before any)
        self.done = False
        self.scratch = bytearray()  # the reads past `end` (see readinto)

    @property
    def lines(self) -> int:
        return self.newlines + (1 if self.given and self.last != b"\n" else 0)

    def readable(self) -> bool:
        return True

    def _first_line_start(self) -> int:
        """The first position at or after `start` where a line starts, or `end` when none
        does before it."""
        if self.start == 0:
            self.stream.seek(0)
            return 0
        position = self.start - 1
        self.stream.seek(position)
        step = _FIRST_STEP  # most lines are short: a small read first, longer ones after
        # One buffer for every read: a range inside a huge line reads all of its bytes, and
        # fresh memory for each step cost more system time (page faults) than the reads.
        buffer = bytearray(_FIRST_STEP)
        while position < self.end:
            wanted = min(step, self.end - position)
            if len(buffer) < wanted:
                buffer = bytearray(_STEP)
            size = self._read(memoryview(buffer)[:wanted])
            if not size:
                return self.end
            newline = buffer.find(b"\n", 0, size)
            if newline >= 0:
                position += newline + 1
                self.stream.seek(position)
                return position
            position += size
            step = _STEP
        return self.end

    def readinto(self, buffer: Any) -> int:
        if self.done:
            return 0
        if self.position < 0:
            self.position = self._first_line_start()
        view = memoryview(buffer).cast("B")
        if self.position < self.end:
            size = self._read(view[: min(len(view), self.end - self.position)])
        elif self.last == b"\n":  # the range ends where a line starts: the next range's
            size = 0
        else:  # the last line started inside the range: read it to its newline
            # Read into a buffer kept for the purpose, searched there, then copied: searching a
            # fresh copy of each block of a huge line cost page faults and `re` is no memchr.
            if len(self.scratch) < len(view):
                self.scratch = bytearray(len(view))
            scratch = memoryview(self.scratch)[: len(view)]
            size = self._read(scratch)
            newline = self.scratch.find(b"\n", 0, size)
            if newline >= 0:
                size = newline + 1
                self.done = True
            view[:size] = scratch[:size]
        if not size:
            self.done = True
            return 0
        self.position += size
        self.given += size
        if self.count:
            self.newlines += view[:size].tobytes().count(b"\n")
        self.last = bytes(view[size - 1 : size])
        return size

    def _read(self, view: memoryview) -> int:
        """Bytes of the stream straight into `view` (one copy), however it reads."""
        readinto = getattr(self.stream, "readinto", None)
        if readinto is not None:
            return int(readinto(view) or 0)
        data = self.stream.read(len(view))
        view[: len(data)] = data
        return len(data)


class RangeItems:
    """The responses of the lines that start in `[start, end)` of a JSON Lines input (see
    `ranges`), numbered from `first_line`; `lines` counts the lines read, once iterated."""

    def __init__(
        self,
        source: Source,
        start: int,
        end: int,
        first_line: int,
        limit: int = DOCUMENT_LIMIT,
        fast: FastCheck | None = None,
    ) -> None:
        self.source = source
        self.fast = fast
        self.start = start
        self.end = end
        self.first_line = first_line
        self.limit = limit
        self.lines = 0

    @staticmethod
    def open(path: str) -> Any:
        """A binary file object for `path` (closed by the caller)."""
        return open(open_regular(path)[0], "rb")  # noqa: SIM115 - the caller closes it

    @staticmethod
    def why(exc: BaseException) -> str:
        return reason(exc) if isinstance(exc, OSError) else str(exc)

    def __iter__(self) -> Iterator[Record | Passed | Unreadable]:
        source = self.source
        assert source.path is not None
        try:
            stream = self.open(source.path)
        except Exception as exc:  # noqa: BLE001 - any filesystem's failure is a located problem
            yield Unreadable(source, 0, 0, f"cannot read: {self.why(exc)}", "io")
            return
        with stream:
            # The reader's lines are counted by `_read_lines` (the last line it read).
            reader = io.BufferedReader(RangeReader(stream, self.start, self.end, count=False))
            last = yield from _read_lines(
                source, reader, self.limit, first_line=self.first_line, fast=self.fast
            )
            self.lines = last + 1 - self.first_line
