"""Reading captured responses from the inputs that `sources.expand` found.

A file whose name ends in `.jsonl` or `.ndjson` holds JSON Lines (one response per line, blank
lines skipped) and is read line by line, so memory stays flat however long it is; any other file
holds one JSON document. Standard input (`-`) is one document, or JSON Lines when it holds more
than one (with `jsonl=True`, every input is JSON Lines and standard input is streamed too).

Reading never raises for bad input: each response comes out as a `Record`, each input or line
that cannot be read as an `Unreadable` with a line and a column: an unreadable file
(with the system's reason, e.g. "permission denied"), anything that is not a regular file (a
FIFO or a device, even behind a symbolic link: never opened in a way that could block; links to
regular files are followed), and a document or JSON Lines line longer than `limit` bytes (64 MiB
by default): reading stops there, so memory stays bounded whatever the input. A UTF-8 byte order mark is
accepted with a warning (RFC 8259 forbids sending one but lets parsers ignore it; editors on
Windows still write them), attached to the first response of the input.

With a `fast` check (msgspec's, when installed: `validators.fast_json`), a document or line it
finds valid comes out as `Passed`, never decoded or parsed here: the hot loop's shortcut. Any
other takes the standard way, so the report is the same either way.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, NamedTuple, overload

from .files import (
    DOCUMENT_LIMIT,
    NotRegularFile,
    Stream,
    TooLarge,
    format_size,
    open_regular,
    read_file,
    reason,
)
from .jsontext import JsonTextError, line_column, parse
from .sources import Note, Source, Unreadable

__all__ = ["BOM_WARNING", "FastCheck", "Passed", "Record", "chunks", "read_chunk", "read_source"]

_BOM = b"\xef\xbb\xbf"
BOM_WARNING = (
    "starts with a UTF-8 byte order mark, which JSON forbids (RFC 8259 section 8.1); read anyway"
)


@dataclass(frozen=True, slots=True)
class Record:
    """One response read from `source`; `text` is its JSON text, whose first line is `line`."""

    source: Source
    line: int
    text: str
    payload: object
    warnings: tuple[Note, ...] = ()


class Passed(NamedTuple):
    """`responses` consecutive responses of `operation` from `line` on (`size` bytes in all) that
    the fast check found valid."""

    source: Source
    line: int
    operation: str
    size: int
    responses: int = 1


PASSED_RUN = 256  # the most lines one `Passed` stands for (the progress bar moves between)


FastCheck = tuple[Callable[[bytes], bool], str]
"""`(accept, operation)`: `accept(data)` True means a valid response of `operation`."""


@overload
def read_source(
    source: Source,
    stdin: BinaryIO | None = None,
    limit: int = DOCUMENT_LIMIT,
    fast: None = None,
) -> Iterator[Record | Unreadable]: ...
@overload
def read_source(
    source: Source,
    stdin: BinaryIO | None = None,
    limit: int = DOCUMENT_LIMIT,
    fast: FastCheck | None = None,
) -> Iterator[Record | Passed | Unreadable]: ...
def read_source(
    source: Source,
    stdin: BinaryIO | None = None,
    limit: int = DOCUMENT_LIMIT,
    fast: FastCheck | None = None,
) -> Iterator[Record | Passed | Unreadable]:
    """Every response in `source`, or what stops it being read; never raises for bad input.
    `limit`: the most bytes one document, or one JSON Lines line, may have."""
    if source.path is None and stdin is None:
        raise ValueError("standard input was named but none was given")
    try:
        if source.jsonl:
            if source.path is None:
                assert stdin is not None
                yield from _read_lines(source, stdin, limit)
            else:
                with open(open_regular(source.path)[0], "rb") as stream:
                    yield from _read_lines(source, stream, limit, fast=fast)
            return
        if source.path is None:
            assert stdin is not None
            data = stdin.read(limit + 1)
            if len(data) > limit:
                yield from _big_stdin(source, data, stdin, limit)
                return
        else:
            data = read_file(source.path, limit)
    except (TooLarge, NotRegularFile) as exc:
        yield Unreadable(source, 0, 0, str(exc), "io")
        return
    except OSError as exc:
        yield Unreadable(source, 0, 0, f"cannot read: {reason(exc)}", "io")
        return
    if fast is not None and not data.startswith(_BOM) and fast[0](data):
        yield Passed(source, 1, fast[1], len(data), 1)
        return
    yield from _read_document(source, data, limit)


def _big_stdin(
    source: Source, head: bytes, stdin: BinaryIO, limit: int
) -> Iterator[Record | Passed | Unreadable]:
    """Standard input past the limit: JSON Lines (streamed) when its first line is a JSON value,
    else a document too large to read."""
    newline = head.find(b"\n")
    first = head[:newline].removeprefix(_BOM) if newline >= 0 else b""
    try:
        parse(first.decode("utf-8"))
    except (UnicodeDecodeError, JsonTextError):
        message = str(TooLarge(limit)) + "; JSON Lines are read line by line (--jsonl)"
        yield Unreadable(source, 0, 0, message, "io")
        return
    yield from _read_lines(source, io.BufferedReader(Stream(stdin, head=head)), limit)


def _read_document(
    source: Source, data: bytes, limit: int
) -> Iterator[Record | Passed | Unreadable]:
    warnings: tuple[Note, ...] = ()
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
        warnings = (Note(1, 1, BOM_WARNING),)
    text = _decode(source, data, 1, warnings)
    if isinstance(text, Unreadable):
        yield text
        return
    try:
        payload = parse(text)
    except JsonTextError as exc:
        if source.jsonl is None and exc.message.startswith("extra data"):
            # Standard input with several documents: JSON Lines.
            yield from _read_lines(source, io.BytesIO(data), limit, first_warnings=warnings)
            return
        line, column = line_column(text, exc.offset)
        yield Unreadable(source, line, column, exc.message, "json", warnings)
        return
    yield Record(source, 1, text, payload, warnings)


def _decode(
    source: Source, data: bytes, first_line: int, warnings: tuple[Note, ...]
) -> str | Unreadable:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if first_line == 1 and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            message = (
                "encoded as UTF-16 (it starts with a UTF-16 byte order mark); JSON must be UTF-8"
            )
            return Unreadable(source, 1, 1, message, "json", warnings)
        start = exc.start
        line_start = data.rfind(b"\n", 0, start) + 1
        line = first_line + data.count(b"\n", 0, start)
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        message = f"not UTF-8: byte 0x{data[start]:02x} at byte offset {start} ({exc.reason})"
        return Unreadable(source, line, column, message, "json", warnings)


def chunks(path: str, size: int) -> Iterator[tuple[int, int, int]]:
    """`(start, length, first_line)` of consecutive pieces of about `size` bytes of a JSON Lines
    file, each ending just after a newline (or at the end of the file), for parallel reading.
    A line longer than `size` is a piece of its own, measured without being kept in memory."""
    with open(open_regular(path)[0], "rb") as stream:
        start, line = 0, 1
        while True:
            stream.seek(start)
            data = stream.read(size)
            if not data:
                return
            cut = data.rfind(b"\n") + 1
            lines = data.count(b"\n", 0, cut)
            if cut == 0:  # a line longer than `size`: find where it ends
                cut, lines = len(data), 0
                while more := stream.read(size):
                    newline = more.find(b"\n")
                    if newline >= 0:
                        cut, lines = cut + newline + 1, 1
                        break
                    cut += len(more)
            yield start, cut, line
            line += lines
            start += cut


@overload
def read_chunk(
    source: Source,
    start: int,
    length: int,
    first_line: int,
    limit: int = DOCUMENT_LIMIT,
    fast: None = None,
) -> Iterator[Record | Unreadable]: ...
@overload
def read_chunk(
    source: Source,
    start: int,
    length: int,
    first_line: int,
    limit: int = DOCUMENT_LIMIT,
    fast: FastCheck | None = None,
) -> Iterator[Record | Passed | Unreadable]: ...
def read_chunk(
    source: Source,
    start: int,
    length: int,
    first_line: int,
    limit: int = DOCUMENT_LIMIT,
    fast: FastCheck | None = None,
) -> Iterator[Record | Passed | Unreadable]:
    """The responses in one piece of a JSON Lines file (see `chunks`)."""
    assert source.path is not None
    try:
        stream = open(open_regular(source.path)[0], "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield Unreadable(source, first_line, 0, f"cannot read: {reason(exc)}", "io")
        return
    with stream:
        stream.seek(start)
        piece = io.BufferedReader(Stream(stream, length=length), 1 << 16)
        yield from _read_lines(source, piece, limit, first_line=first_line, fast=fast)


def _skip_line(readline: Callable[[int], bytes]) -> None:
    """Read past the end of the current line without keeping it."""
    while (rest := readline(1 << 20)) and not rest.endswith(b"\n"):
        pass


def _read_lines(
    source: Source,
    stream: BinaryIO,
    limit: int,
    *,
    first_warnings: tuple[Note, ...] = (),
    first_line: int = 1,
    fast: FastCheck | None = None,
) -> Iterator[Record | Passed | Unreadable]:
    """One response per line, each at most `limit` bytes. The hot loop of a long run: keep it
    lean. Consecutive lines the fast check passes come out as one `Passed` run (at most
    `PASSED_RUN` lines), before whatever follows them."""
    accept, operation = fast if fast is not None else (None, "")
    lineno = first_line - 1
    warnings = first_warnings
    readline = stream.readline
    cap = limit + 1  # a line's bytes and its newline
    passed = size = 0  # the run of passed lines just before this one, and their bytes
    try:
        while raw := readline(cap):
            lineno += 1
            if len(raw) == cap and not raw.endswith(b"\n"):
                if passed:
                    yield Passed(source, lineno - passed, operation, size, passed)
                    passed = 0
                _skip_line(readline)
                message = (
                    f"line longer than the {format_size(limit)} limit for one response; not read"
                    " (--max-document-size sets the limit)"
                )
                # Not read at all (as a document past the limit), so not judged invalid JSON.
                yield Unreadable(source, lineno, 1, message, "io", warnings)
                warnings = ()
                continue
            if accept is not None:
                if not warnings and accept(raw):  # a BOM is never accepted
                    if 0 < passed < PASSED_RUN:
                        passed += 1
                        size += len(raw)
                        continue
                    if passed:
                        yield Passed(source, lineno - passed, operation, size, passed)
                    passed, size = 1, len(raw)
                    continue
                if passed:
                    yield Passed(source, lineno - passed, operation, size, passed)
                    passed = 0
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                decoded = _decode(source, raw, lineno, warnings)
                assert isinstance(decoded, Unreadable)
                yield decoded
                warnings = ()
                continue
            if lineno == 1 and text.startswith("\ufeff"):
                text = text[1:]
                warnings = (Note(1, 1, BOM_WARNING),)
            try:
                payload = parse(text)
            except JsonTextError as exc:
                if not text.strip(" \t\r\n"):
                    continue  # blank lines separate nothing and are skipped
                line, column = line_column(text, exc.offset, lineno)
                yield Unreadable(source, line, column, exc.message, "json", warnings)
                warnings = ()
                continue
            if warnings:
                yield Record(source, lineno, text, payload, warnings)
                warnings = ()
            else:
                yield Record(source, lineno, text, payload)
        if passed:
            yield Passed(source, lineno + 1 - passed, operation, size, passed)
    except OSError as exc:
        if passed:
            yield Passed(source, lineno + 1 - passed, operation, size, passed)
        yield Unreadable(source, lineno + 1, 0, f"cannot read: {reason(exc)}", "io")
