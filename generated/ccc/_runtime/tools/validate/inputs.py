# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/inputs.py.
# Do not edit by hand: change the original and run `make generate`.
"""Captured responses from files, directories, glob patterns and standard input.

A file whose name ends in `.jsonl` or `.ndjson` holds JSON Lines (one response per line, blank
lines skipped) and is read line by line, so memory stays flat however long it is; any other file
holds one JSON document. Standard input (`-`) is one document, or JSON Lines when it holds more
than one (with `jsonl=True`, every input is JSON Lines and standard input is streamed too).

Reading never raises for bad input: each response comes out as a `Record`, each input or line
that cannot be read as an `Unreadable` with a line and a column: an unreadable folder or file
(with the system's reason, e.g. "permission denied"), anything that is not a regular file (a
FIFO or a device, even behind a symbolic link: never opened in a way that could block; links to
regular files are followed), and a document or JSON Lines line longer than `limit` bytes (64 MiB
by default): reading stops there, so memory stays bounded whatever the input. A UTF-8 byte order mark is
accepted with a warning (RFC 8259 forbids sending one but lets parsers ignore it; editors on
Windows still write them), attached to the first response of the input.
"""

from __future__ import annotations

import glob
import io
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Literal

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


def _walk(directory: str) -> list[tuple[str, str] | Unreadable]:
    """`(name, real path)` of the `*.json`, `*.jsonl` and `*.ndjson` files under `directory`,
    sorted, hidden folders skipped, and an `Unreadable` in place of each folder that cannot be
    read. One `realpath` per folder, not per file: thousands of files cost thousands of system
    calls less."""
    found: list[tuple[str, str] | Unreadable] = []

    def unreadable(exc: OSError) -> None:
        found.append(_folder_problem(exc, directory))

    for root, dirs, files in os.walk(directory, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        prefix = os.path.normpath(root)
        prefix = "" if prefix == os.curdir else prefix + os.sep
        real = os.path.realpath(root) + os.sep
        found.extend((prefix + f, real + f) for f in sorted(files) if _is_input_name(f))
    return found


def _folder_problem(exc: OSError, directory: str) -> Unreadable:
    name = os.path.normpath(str(exc.filename or directory))
    message = f"cannot read this directory: {reason(exc)}"
    return Unreadable(Source(name, name, None), 0, 0, message, "io")


def _closed_folders(pattern: str) -> list[Unreadable]:
    """The folders a recursive pattern (`**`) could not look into, which `glob` skips silently:
    its fixed start walked again, folders only, hidden ones skipped as `glob` does."""
    parts = pattern.replace(os.sep, "/").split("/")
    fixed = []
    for part in parts[:-1]:
        if _has_magic(part):
            break
        fixed.append(part)
    root = "/".join(fixed) or ("/" if pattern.startswith(("/", os.sep)) else os.curdir)
    found: list[Unreadable] = []

    def unreadable(exc: OSError) -> None:
        if not isinstance(exc, (FileNotFoundError, NotADirectoryError)):  # gone: nothing to match
            found.append(_folder_problem(exc, root))

    for _, dirs, _ in os.walk(root, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
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

    def walk(directory: str) -> list[tuple[str, str] | Unreadable]:
        found = _walk(directory)
        for item in found:
            if isinstance(item, Unreadable):
                sources.append(item)
            else:
                add(*item)
        return found

    for argument in arguments:
        if argument == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                sources.append(Source("<stdin>", None, True if jsonl else None))
            continue
        if os.path.isdir(argument):
            if not walk(argument):
                problem(argument, "no *.json, *.jsonl or *.ndjson files in this directory")
            continue
        try:
            os.lstat(argument)
        except (FileNotFoundError, NotADirectoryError):
            pass
        except OSError as exc:  # e.g. in a folder we may not search: say so, not "no such file"
            problem(argument, f"cannot read: {reason(exc)}")
            continue
        else:
            add(argument)
            continue
        if _has_magic(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            closed = _closed_folders(argument) if "**" in argument else []
            sources.extend(closed)
            if not matches and not closed:
                problem(argument, "no file matches this pattern")
            for match in matches:
                if os.path.isdir(match):
                    walk(match)
                else:
                    add(match)
        else:
            problem(argument, "no such file or directory")
    return sources


def read_source(
    source: Source, stdin: BinaryIO | None = None, limit: int = DOCUMENT_LIMIT
) -> Iterator[Record | Unreadable]:
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
                    yield from _read_lines(source, stream, limit)
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
    yield from _read_document(source, data, limit)


def _big_stdin(
    source: Source, head: bytes, stdin: BinaryIO, limit: int
) -> Iterator[Record | Unreadable]:
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


def _read_document(source: Source, data: bytes, limit: int) -> Iterator[Record | Unreadable]:
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


def read_chunk(
    source: Source, start: int, length: int, first_line: int, limit: int = DOCUMENT_LIMIT
) -> Iterator[Record | Unreadable]:
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
        yield from _read_lines(source, piece, limit, first_line=first_line)


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
) -> Iterator[Record | Unreadable]:
    """One response per line, each at most `limit` bytes. The hot loop of a long run: keep it
    lean."""
    lineno = first_line - 1
    warnings = first_warnings
    readline = stream.readline
    cap = limit + 1  # a line's bytes and its newline
    try:
        while raw := readline(cap):
            lineno += 1
            if len(raw) == cap and not raw.endswith(b"\n"):
                _skip_line(readline)
                message = (
                    f"line longer than the {format_size(limit)} limit for one response; not read"
                    " (--max-document-size sets the limit)"
                )
                # Not read at all (as a document past the limit), so not judged invalid JSON.
                yield Unreadable(source, lineno, 1, message, "io", warnings)
                warnings = ()
                continue
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
        yield Unreadable(source, lineno + 1, 0, f"cannot read: {reason(exc)}", "io")
