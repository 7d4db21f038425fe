# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/export/output.py.
# Do not edit by hand: change the original and run `make generate`.
"""The part file an export writes into, beside its output: reopened at the checkpoint's offset
(whatever was written after it is cut), appended to and flushed to disk window by window,
renamed over the output once every window is in. Standard library only."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .checkpoint import CheckpointError, sync_directory

__all__ = ["PartFile", "checkpoint_path", "contact_of", "part_path"]


def part_path(output: Path) -> Path:
    """Where the output is written until it is whole."""
    return output.with_name(output.name + ".part")


def checkpoint_path(output: Path) -> Path:
    """Where the export's checkpoint lies."""
    return output.with_name(output.name + ".checkpoint.json")


class PartFile:
    """``FILE.part``, holding exactly ``offset`` whole bytes once opened."""

    def __init__(self, output: Path, offset: int) -> None:
        self.output = output
        self.path = part_path(output)
        if offset and (not self.path.is_file() or self.path.stat().st_size < offset):
            raise CheckpointError(
                f"{self.path}: missing or shorter than the checkpoint says ({offset} bytes);"
                " delete the checkpoint to start afresh"
            )
        mode = "r+b" if offset else "w+b"
        self._handle: IO[bytes] = open(self.path, mode)  # noqa: SIM115 - kept open for the run
        self._handle.truncate(offset)
        self._handle.seek(offset)
        self.offset = offset

    def lines(self) -> Iterator[bytes]:
        """The whole lines already in the file (to know which calls it holds)."""
        self._handle.seek(0)
        remaining = self.offset
        for line in self._handle:
            remaining -= len(line)
            if remaining < 0:
                break
            yield line
        self._handle.seek(self.offset)

    def append(self, lines: list[bytes]) -> int:
        """Write ``lines``, flushed to disk; the new offset."""
        if lines:
            self._handle.write(b"".join(lines))
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self.offset = self._handle.tell()
        return self.offset

    def finish(self) -> None:
        """Rename the part file over the output (the output is whole, or not there)."""
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(self.path, self.output)
        sync_directory(self.output.parent)

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.close()


def contact_of(line: bytes, field: str) -> str | None:
    """The ``field`` of one JSON line (a record, or a whole response's ``Data``), if it is a
    string."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if isinstance(record, dict) and isinstance(record.get("Data"), dict):
        record = record["Data"]
    value = record.get(field) if isinstance(record, dict) else None
    return value if isinstance(value, str) else None
