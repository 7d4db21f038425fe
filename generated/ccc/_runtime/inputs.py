# Copied by cccgen 0.1.0 from generator/cccgen/runtime/inputs.py.
# Do not edit by hand: change the original and run `make generate`.
"""Captured responses from files, directories, glob patterns and standard input.

A file whose name ends in `.jsonl` or `.ndjson` holds JSON Lines (one response per line, blank
lines skipped) and is read line by line, so memory stays flat however long it is; any other file
holds one JSON document. Standard input (`-`) is one document, or JSON Lines when it holds more
than one (with `jsonl=True`, every input is JSON Lines and standard input is streamed too).

Reading never raises for bad input: each response comes out as a `Record`, each input or line
that cannot be read as an `Unreadable` with a line and a column. A UTF-8 byte order mark is
accepted with a warning (RFC 8259 forbids sending one but lets parsers ignore it; editors on
Windows still write them), attached to the first response of the input.
"""

from __future__ import annotations

import glob
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Literal

from .jsontext import JsonTextError, line_column, parse

__all__ = [
    "JSONL_SUFFIXES",
    "JSON_SUFFIXES",
    "STDIN",
    "Note",
    "Record",
    "Source",
    "Unreadable",
    "chunks",
    "expand",
    "read_chunk",
    "read_source",
]

JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
STDIN = "-"
_BOM = b"\xef\xbb\xbf"
BOM_WARNING = (
    "starts with a UTF-8 byte order mark, which JSON forbids (RFC 8259 section 8.1); read anyway"
)


@dataclass(frozen=True, slots=True)
class Source:
    """One input: `name` is how it is reported, `path` None for standard input."""

    name: str
    path: str | None
    jsonl: bool | None  # None: standard input, decided by its content
    size: int = 0


@dataclass(frozen=True, slots=True)
class Note:
    """A located remark about the input itself (not the payload), e.g. a byte order mark."""

    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True)
class Record:
    """One response read from `source`; `text` is its JSON text, whose first line is `line`."""

    source: Source
    line: int
    text: str
    payload: object
    warnings: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An input (line 0) or a response (its line and column) that could not be read."""

    source: Source
    line: int
    column: int
    message: str
    kind: Literal["io", "json"]
    warnings: tuple[Note, ...] = ()


def _has_magic(text: str) -> bool:
    return any(c in text for c in "*?[")


def _is_jsonl_name(name: str) -> bool:
    return name.lower().endswith(JSONL_SUFFIXES)


def _is_input_name(name: str) -> bool:
    return name.lower().endswith(JSON_SUFFIXES + JSONL_SUFFIXES)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _walk(directory: str) -> list[tuple[str, str]]:
    """`(name, real path)` of the `*.json`, `*.jsonl` and `*.ndjson` files under `directory`,
    sorted, hidden folders skipped. One `realpath` per folder, not per file: thousands of files
    cost thousands of system calls less."""
    found: list[tuple[str, str]] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        prefix = os.path.normpath(root)
        prefix = "" if prefix == os.curdir else prefix + os.sep
        real = os.path.realpath(root) + os.sep
        found.extend((prefix + f, real + f) for f in sorted(files) if _is_input_name(f))
    return found


def expand(
    arguments: Sequence[str], *, jsonl: bool = False, sizes: bool = True
) -> list[Source | Unreadable]:
    """The inputs named by files, directories, glob patterns and `-`, in order, each once.

    An argument that names nothing readable becomes an `Unreadable` (kind "io") in its place.
    `sizes=False` leaves `Source.size` 0 for JSON documents (one system call less per file when
    no progress bar needs the total); JSON Lines files always have theirs.
    """
    sources: list[Source | Unreadable] = []
    seen: set[str] = set()

    def add(path: str, key: str | None = None) -> None:
        key = key or os.path.realpath(path)
        if key in seen:
            return
        seen.add(key)
        lines = jsonl or _is_jsonl_name(path)
        sources.append(Source(path, path, lines, _size(path) if sizes or lines else 0))

    def problem(argument: str, message: str) -> None:
        sources.append(Unreadable(Source(argument, argument, jsonl), 0, 0, message, "io"))

    for argument in arguments:
        if argument == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                sources.append(Source("<stdin>", None, True if jsonl else None))
        elif os.path.isdir(argument):
            files = _walk(argument)
            if not files:
                problem(argument, "no *.json, *.jsonl or *.ndjson files in this directory")
            for path, key in files:
                add(path, key)
        elif os.path.lexists(argument):
            add(argument)
        elif _has_magic(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                problem(argument, "no file matches this pattern")
            for match in matches:
                if os.path.isdir(match):
                    for path, key in _walk(match):
                        add(path, key)
                else:
                    add(match)
        else:
            problem(argument, "no such file or directory")
    return sources


def read_source(source: Source, stdin: BinaryIO | None = None) -> Iterator[Record | Unreadable]:
    """Every response in `source`, or what stops it being read; never raises for bad input."""
    if source.path is None and stdin is None:
        raise ValueError("standard input was named but none was given")
    try:
        if source.jsonl:
            if source.path is None:
                assert stdin is not None
                yield from _read_lines(source, stdin)
            else:
                with open(source.path, "rb") as stream:
                    yield from _read_lines(source, stream)
            return
        if source.path is None:
            assert stdin is not None
            data = stdin.read()
        else:
            data = _read_file(source.path)
    except OSError as exc:
        yield Unreadable(source, 0, 0, f"cannot read: {exc.strerror or exc}", "io")
        return
    yield from _read_document(source, data)


def _read_file(path: str) -> bytes:
    """The whole file, with plain system calls: for many small files, a third cheaper than
    `open().read()` and its buffered-reader objects."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        parts: list[bytes] = []
        while chunk := os.read(fd, 1 << 20 if parts else 1 << 16):
            parts.append(chunk)
    finally:
        os.close(fd)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _read_document(source: Source, data: bytes) -> Iterator[Record | Unreadable]:
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
            lines = (line + b"\n" for line in data.split(b"\n"))
            yield from _read_lines(source, lines, first_warnings=warnings)
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
    file, each ending just after a newline (or at the end of the file), for parallel reading."""
    with open(path, "rb") as stream:
        start, line = 0, 1
        while True:
            stream.seek(start)
            data = bytearray(stream.read(size))
            if not data:
                return
            cut = data.rfind(b"\n") + 1
            while cut == 0:  # a line longer than `size`: take all of it
                more = stream.read(size)
                if not more:
                    cut = len(data)
                    break
                newline = more.find(b"\n")
                if newline >= 0:
                    cut = len(data) + newline + 1
                data += more
            yield start, cut, line
            line += data.count(b"\n", 0, cut)
            start += cut


def read_chunk(
    source: Source, start: int, length: int, first_line: int
) -> Iterator[Record | Unreadable]:
    """The responses in one piece of a JSON Lines file (see `chunks`)."""
    assert source.path is not None
    try:
        with open(source.path, "rb") as stream:
            stream.seek(start)
            data = stream.read(length)
    except OSError as exc:
        yield Unreadable(source, first_line, 0, f"cannot read: {exc.strerror or exc}", "io")
        return
    yield from _read_lines(source, io.BytesIO(data), first_line=first_line)


def _read_lines(
    source: Source,
    lines: Iterable[bytes],
    *,
    first_warnings: tuple[Note, ...] = (),
    first_line: int = 1,
) -> Iterator[Record | Unreadable]:
    """One response per line. The hot loop of a long run: keep it lean."""
    lineno = first_line - 1
    warnings = first_warnings
    try:
        for raw in lines:
            lineno += 1
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
    except OSError as exc:
        yield Unreadable(source, lineno + 1, 0, f"cannot read: {exc.strerror or exc}", "io")
