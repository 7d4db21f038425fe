# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/export/checkpoint.py.
# Do not edit by hand: change the original and run `make generate`.
"""The checkpoint beside an export's output: what the export is, which windows are left, and
how many bytes of the part file are whole. Written to a temporary file, flushed to disk and
renamed over the old one, so a kill at any moment leaves either the old or the new checkpoint.
Standard library only."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .windows import Window

__all__ = ["FORMAT", "Checkpoint", "CheckpointError", "write_atomically"]

FORMAT = "cccgen-export-cdrs/1"


class CheckpointError(ValueError):
    """A checkpoint that cannot be read, or that belongs to another export."""


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` into ``path`` through a temporary file beside it, fsynced, then renamed."""
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    sync_directory(path.parent)


def sync_directory(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (where the system allows opening a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@dataclass
class Checkpoint:
    """``identity`` names the export (instance, window, details); ``pending`` the windows left
    (the last is taken next); ``offset`` the whole bytes of the part file; ``records`` the
    lines in them; ``expected`` the window's total as page 1 of the first query said."""

    identity: dict[str, Any]
    pending: list[Window]
    offset: int = 0
    records: int = 0
    expected: int | None = None
    done: list[tuple[int, int, int]] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        document = {
            "format": FORMAT,
            "identity": self.identity,
            "pending": [list(w) for w in self.pending],
            "offset": self.offset,
            "records": self.records,
            "expected": self.expected,
            "done": [list(d) for d in self.done],
        }
        return json.dumps(document, indent=1).encode("utf-8")

    @classmethod
    def load(cls, path: Path, identity: dict[str, Any]) -> Checkpoint:
        """The checkpoint at ``path``, which must be for the export ``identity`` names."""
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CheckpointError(f"{path}: cannot read the checkpoint ({exc})") from None
        try:
            if document["format"] != FORMAT:
                raise CheckpointError(f"{path}: not a checkpoint of this exporter")
            if document["identity"] != identity:
                raise CheckpointError(
                    f"{path}: the checkpoint is for another export"
                    f" ({json.dumps(document['identity'])}); run that export again, or delete"
                    " the checkpoint and the .part file to start afresh"
                )
            pending = [Window(int(s), int(e)) for s, e in document["pending"]]
            done = [(int(s), int(e), int(n)) for s, e, n in document["done"]]
            offset, records = int(document["offset"]), int(document["records"])
            expected = document.get("expected")
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, CheckpointError):
                raise
            raise CheckpointError(f"{path}: the checkpoint is damaged ({exc!r})") from None
        if offset < 0 or records < 0:
            raise CheckpointError(f"{path}: the checkpoint is damaged (negative offset)")
        return cls(
            identity,
            pending,
            offset,
            records,
            expected if isinstance(expected, int) else None,
            done,
        )
