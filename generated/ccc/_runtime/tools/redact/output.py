# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/redact/output.py.
# Do not edit by hand: change the original and run `make generate`.
"""Where and how redacted copies are written: under the output folder with the input's relative
name, atomically (a temporary file beside the target, renamed over it once whole), so a target
is either its old self or the complete new copy, never half-written. Standard library only."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePath
from types import TracebackType
from typing import IO, Any

from ...core.jsontext import dumps_utf8

__all__ = ["AtomicFile", "dump", "target_name"]


def target_name(name: str) -> PurePath:
    """The input's name under the output folder: as given, less its root (`/`, a drive) and any
    `.` or `..`, so nothing is written outside the folder."""
    path = PurePath(name)
    parts = path.parts[1:] if path.anchor else path.parts
    return PurePath(*(p for p in parts if p not in (".", "..")))


def dump(payload: Any, *, indent: int | None) -> str:
    """JSON text of a redacted payload, non-ASCII kept when it can be written as UTF-8."""
    return dumps_utf8(payload, indent=indent)


class AtomicFile:
    """`with AtomicFile(path) as out: out.write(...)`: renamed into place only when the block
    ends without an exception (and `discard()` was not called); the temporary file is removed
    otherwise."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stream: IO[str] | None = None
        self._keep = True

    def __enter__(self) -> IO[str]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
        )
        self._temporary = temporary
        self._stream = os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        return self._stream

    def discard(self) -> None:
        self._keep = False

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        assert self._stream is not None
        whole = False
        try:
            if kind is None and self._keep:
                self._stream.flush()
                os.fsync(self._stream.fileno())
                whole = True
        finally:
            self._stream.close()
            try:
                if whole:
                    os.replace(self._temporary, self.path)
            finally:
                if os.path.lexists(self._temporary):  # not renamed: never left behind
                    os.unlink(self._temporary)
