# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/files.py.
# Do not edit by hand: change the original and run `make generate`.
"""Opening inputs safely: regular files only, and never more than a bound read into memory.

A FIFO or a device (even behind a symbolic link) could block forever or never end: it is
refused before it is opened, and what is opened is opened non-blocking and checked again. A
document bigger than the bound is refused, whatever size the file system claims. Standard
library only.
"""

from __future__ import annotations

import io
import os
import stat
from typing import Any, BinaryIO

__all__ = [
    "DOCUMENT_LIMIT",
    "NotRegularFile",
    "Stream",
    "TooLarge",
    "format_size",
    "open_regular",
    "read_file",
    "reason",
]

DOCUMENT_LIMIT = 64 << 20  # bytes in one document (or one JSON Lines line); --max-document-size


def format_size(size: int) -> str:
    """A byte count in the largest whole unit (`64 MiB`), for messages."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift} {unit}"
    return f"{size} bytes"


def reason(exc: OSError) -> str:
    """The system's reason, as a phrase: "permission denied"."""
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
}


class NotRegularFile(OSError):
    """A FIFO, a device, a socket: never read (it could block forever or never end)."""

    def __init__(self, mode: int) -> None:
        kind = _KINDS.get(stat.S_IFMT(mode), "not a file")
        hint = " (use - to read standard input)" if kind in ("a FIFO", "a character device") else ""
        super().__init__(f"not a regular file ({kind}); not read{hint}")


class TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"larger than the {format_size(limit)} limit for one document; not read"
            " (--max-document-size sets the limit)"
        )


def open_regular(path: str) -> tuple[int, int]:
    """`(file descriptor, size)` of a regular file (a link to one is followed), or
    `NotRegularFile`. Checked before opening, and opened non-blocking: no FIFO can hang the run."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)  # what was opened, in case the file was swapped since
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(info.st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def read_file(path: str, limit: int) -> bytes:
    """The whole file, at most `limit` bytes (else `TooLarge`), with plain system calls: for
    many small files, a third cheaper than `open().read()` and its buffered-reader objects."""
    fd, size = open_regular(path)
    try:
        if size > limit:
            raise TooLarge(limit)
        parts: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(1 << 20 if parts else 1 << 16, limit + 1 - total)):
            parts.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew since, or its size lied (files in /proc say 0)
                raise TooLarge(limit)
    finally:
        os.close(fd)
    return parts[0] if len(parts) == 1 else b"".join(parts)


class Stream(io.RawIOBase):
    """`head`, then at most `length` bytes (None: all) of `rest`, for an `io.BufferedReader`."""

    def __init__(self, rest: BinaryIO, *, head: bytes = b"", length: int | None = None) -> None:
        super().__init__()
        self.rest = rest
        self.head = memoryview(head)
        self.left = length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self.head:
            count = min(len(view), len(self.head))
            view[:count] = self.head[:count]
            self.head = self.head[count:]
            return count
        wanted = len(view) if self.left is None else min(len(view), self.left)
        data = self.rest.read(wanted) if wanted else b""
        if self.left is not None:
            self.left -= len(data)
        view[: len(data)] = data
        return len(data)
