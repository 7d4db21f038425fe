# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/outputs.py.
# Do not edit by hand: change the original and run `make generate`.
"""Where a report goes: standard output, or a file replaced only once the report is whole.

A write that fails (a full disk, a file size limit, an I/O error) raises `OutputError` with a
message naming the destination, wherever in the report it happens: the caller reports it and
exits instead of printing a traceback, or exiting 0 over a report that was never written.
`-o FILE` is written to a temporary file beside FILE and renamed over it at the end, so a failed
run leaves an older report whole; a FILE that is not a regular file (`/dev/stdout`, a FIFO, a
device) is written in place. Standard library only.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from typing import Any, TextIO

from .files import reason

__all__ = ["OutputError", "ReportOutput"]


class OutputError(Exception):
    """The report could not be written; the message says where and why."""


class _Guarded(io.RawIOBase):
    """A file descriptor whose write errors become `OutputError`; after one, writes are
    dropped, so that flushing on the way out cannot fail again ("Exception ignored")."""

    def __init__(self, fd: int, where: str, *, owned: bool) -> None:
        super().__init__()
        self.fd = fd
        self.where = where
        self.owned = owned
        self.failed = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if self.failed:
            return size
        try:
            return os.write(self.fd, data)
        except BrokenPipeError:
            self.failed = True
            raise  # the reader went away (`| head`): the caller stops quietly
        except OSError as exc:
            self.failed = True
            raise OutputError(f"cannot write the report to {self.where}: {reason(exc)}") from None

    def close(self) -> None:
        if not self.closed and self.owned:
            os.close(self.fd)
        super().close()


class ReportOutput:
    """`stream` to write the report to; `commit()` when it is whole, `discard()` in any case."""

    def __init__(self, path: str | None, stdout: TextIO | None) -> None:
        self.path = path
        self.temp: str | None = None
        self.target = ""
        self.committed = False
        self.raw: _Guarded | None = None
        if path is None:
            self.stream = self._stdout(stdout)
            return
        try:
            self.target = os.path.realpath(path)  # a link to the report: replace what it names
            try:
                info: os.stat_result | None = os.stat(self.target)
            except FileNotFoundError:
                info = None
            if info is None or stat.S_ISREG(info.st_mode):
                fd = self._temporary(info)
            else:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        except OSError as exc:
            self._remove_temporary()
            raise OutputError(f"cannot write the report to {path}: {reason(exc)}") from None
        self.raw = _Guarded(fd, path, owned=True)
        self.stream = self._text(self.raw, line_buffering=False)

    def _temporary(self, info: os.stat_result | None) -> int:
        import tempfile  # only with -o FILE: not at every start-up

        directory, name = os.path.split(self.target)
        try:
            fd, self.temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
        except PermissionError:
            if info is None:
                raise
            # The folder is closed to us but the file is not: write it in place.
            return os.open(self.target, os.O_WRONLY | os.O_TRUNC)
        if info is not None:
            mode = stat.S_IMODE(info.st_mode)
        else:
            mask = os.umask(0)
            os.umask(mask)
            mode = 0o666 & ~mask
        if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
            os.fchmod(fd, mode)  # what writing it directly would have given, not mkstemp's 0600
        return fd

    @staticmethod
    def _text(raw: _Guarded, *, line_buffering: bool) -> TextIO:
        # UTF-8 whatever the locale; lone surrogates from the inputs escaped, not an error.
        return io.TextIOWrapper(
            io.BufferedWriter(raw, 1 << 16),
            encoding="utf-8",
            errors="backslashreplace",
            newline="\n",
            line_buffering=line_buffering,
        )

    def _stdout(self, stdout: TextIO | None) -> TextIO:
        if stdout is None:  # started with standard output closed (`>&-`)
            raise OutputError("cannot write the report to standard output: it is closed")
        try:
            fd = stdout.fileno()
        except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
            return stdout  # not a real file (tests): nothing to guard
        stdout.flush()
        raw = _Guarded(fd, "standard output", owned=False)
        return self._text(raw, line_buffering=raw.isatty())

    def commit(self) -> None:
        """Flush everything (and for a file, put it in place); `OutputError` if that fails."""
        self.stream.flush()
        if self.path is None:
            self.committed = True
            return
        try:
            if self.temp is not None and self.raw is not None:
                os.fsync(self.raw.fd)
            self.stream.close()
            if self.temp is not None:
                os.replace(self.temp, self.target)
        except OSError as exc:
            raise OutputError(f"cannot write the report to {self.path}: {reason(exc)}") from None
        self.committed = True

    def discard(self) -> None:
        """Let go of the stream; without a commit, remove the temporary file. Never raises."""
        try:
            if self.path is None:
                self.stream.flush()
            else:
                self.stream.close()
        except (OSError, ValueError, OutputError):
            pass
        if not self.committed:
            self._remove_temporary()

    def _remove_temporary(self) -> None:
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
