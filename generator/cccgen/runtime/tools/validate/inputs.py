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

With a `fast` check (msgspec's when installed, else the standard library's parse and the
compiled fast path: `JsonValidation.reading_check`), a document or line it finds valid comes out
as `Passed`, never read into a `Record`: the hot loop's shortcut. Any other takes the standard
way, so the report is the same either way.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import BinaryIO, NamedTuple, overload

from ...core.jsontext import JsonTextError, line_column, parse
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
from .sources import Note, Source, Unreadable

__all__ = ["BOM_WARNING", "FastCheck", "Passed", "Record", "read_source"]

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


FastCheck = tuple[Callable[[bytes | memoryview], bool], str]
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


def _skip_line(read: Callable[[int], bytes]) -> bytes:
    """Read past the end of the current line without keeping it; what follows its newline."""
    while data := read(_BLOCK):
        newline = data.find(b"\n")
        if newline >= 0:
            return data[newline + 1 :]
    return b""


_BLOCK = 1 << 20  # bytes read at a time: lines are cut from blocks, never read one by one


def _read_lines(
    source: Source,
    stream: BinaryIO,
    limit: int,
    *,
    first_warnings: tuple[Note, ...] = (),
    first_line: int = 1,
    fast: FastCheck | None = None,
) -> Generator[Record | Passed | Unreadable, None, int]:
    """One response per line, each at most `limit` bytes; returns the number of the last line
    read (`first_line - 1` when none). The hot loop of a long run: blocks
    are read whole and cut into lines in C; consecutive lines the fast check passes come out
    as one `Passed` run (at most a block's lines), before whatever follows them."""
    accept, operation = fast if fast is not None else (None, "")
    lineno = first_line - 1
    warnings = first_warnings
    read = stream.read
    pending: bytes | bytearray = b""  # the start of a line whose newline is not read yet
    try:
        while True:
            block = read(_BLOCK)
            if not block:
                if pending:  # the last line, without a newline
                    lineno += 1
                    if len(pending) > limit:
                        yield _too_long(source, lineno, limit, warnings)
                    elif item := _line(source, bytes(pending), lineno, warnings, accept, operation):
                        yield item
                return lineno
            cut = block.find(b"\n")
            if cut < 0:  # a line longer than a block: grown in place, not copied each time
                pending = bytearray(pending) if isinstance(pending, bytes) else pending
                pending += block
                if len(pending) > limit:
                    lineno += 1
                    yield _too_long(source, lineno, limit, warnings)
                    warnings = ()
                    pending = _skip_line(read)
                continue
            head = bytes(pending) + block[:cut] if pending else block[:cut]
            hot = lineno > 0 or not head.startswith(_BOM)  # a BOM warns: the slow loop
            short = len(block) <= limit and len(head) <= limit
            if accept is not None and hot and short and not warnings:
                # The hot loop: no line can be too long, no warning waits for a line; lines
                # are views of the block, never copied.
                first = lineno + 1
                size = 0
                view, find = memoryview(block), block.find
                raw: bytes | memoryview = head
                start = cut + 1
                while True:
                    lineno += 1
                    if accept(raw):
                        size += len(raw) + 1
                    else:
                        if lineno > first:
                            yield Passed(source, first, operation, size, lineno - first)
                        first, size = lineno + 1, 0
                        if item := _line(source, bytes(raw) + b"\n", lineno, (), None, operation):
                            yield item
                    end = find(b"\n", start)
                    if end < 0:
                        break
                    raw = view[start:end]
                    start = end + 1
                pending = block[start:]
                if lineno >= first:
                    yield Passed(source, first, operation, size, lineno + 1 - first)
            else:
                lines = [head, *block[cut + 1 :].split(b"\n")]
                pending = lines.pop()
                for line in lines:
                    lineno += 1
                    if len(line) > limit:
                        yield _too_long(source, lineno, limit, warnings)
                    elif item := _line(source, line + b"\n", lineno, warnings, accept, operation):
                        yield item
                    else:  # a blank line: a warning waits for the next response
                        if lineno == 1 and line.startswith(_BOM):
                            warnings = (Note(1, 1, BOM_WARNING),)
                        continue
                    warnings = ()
            if len(pending) > limit:
                lineno += 1
                yield _too_long(source, lineno, limit, warnings)
                warnings = ()
                pending = _skip_line(read)
    except OSError as exc:
        yield Unreadable(source, lineno + 1, 0, f"cannot read: {reason(exc)}", "io")
    return lineno


def _too_long(source: Source, lineno: int, limit: int, warnings: tuple[Note, ...]) -> Unreadable:
    message = (
        f"line longer than the {format_size(limit)} limit for one response; not read"
        " (--max-document-size sets the limit)"
    )
    # Not read at all (as a document past the limit), so not judged invalid JSON.
    return Unreadable(source, lineno, 1, message, "io", warnings)


def _line(
    source: Source,
    raw: bytes,
    lineno: int,
    warnings: tuple[Note, ...],
    accept: Callable[[bytes | memoryview], bool] | None,
    operation: str,
) -> Record | Passed | Unreadable | None:
    """What one line holds (None for a blank line, which separates nothing); `accept`, when
    given, may pass it unparsed (never with a warning: a BOM is never accepted)."""
    if accept is not None and not warnings and accept(raw):
        return Passed(source, lineno, operation, len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        problem = _decode(source, raw, lineno, warnings)
        assert isinstance(problem, Unreadable)
        return problem
    if lineno == 1 and text.startswith("\ufeff"):
        text = text[1:]
        warnings = (Note(1, 1, BOM_WARNING),)
    try:
        payload = parse(text)
    except JsonTextError as exc:
        if not text.strip(" \t\r\n"):
            return None
        line, column = line_column(text, exc.offset, lineno)
        return Unreadable(source, line, column, exc.message, "json", warnings)
    return Record(source, lineno, text, payload, warnings)
