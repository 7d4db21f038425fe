"""Byte ranges of JSON Lines (`ranges`): every line read by exactly one range, wherever the
cuts fall; counted lines number the next range; a huge line is not rescanned by every range
it spans; threads reading ranges of one memory:// file at once each read their own."""

from __future__ import annotations

import io
import json
import tracemalloc
import uuid
from concurrent.futures import ThreadPoolExecutor

import fsspec
import pytest
from ccc._runtime.tools.validate.inputs import Record
from ccc._runtime.tools.validate.ranges import RangeReader, split
from ccc._runtime.tools.validate.remote import RangeItems
from ccc._runtime.tools.validate.sources import Source
from hypothesis import given, settings
from hypothesis import strategies as st


class Counting(io.BytesIO):
    """A file that counts the bytes read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def _pieces(data: bytes, block: int) -> list[tuple[bytes, int]]:
    out = []
    for start, end in split(len(data), block):
        reader = RangeReader(io.BytesIO(data), start, end)
        out.append((io.BufferedReader(reader, 7).read(), reader.lines))
    return out


def _line_count(data: bytes) -> int:
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


lines = st.lists(
    st.one_of(
        st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"")),
        st.sampled_from([b"", b"\r", b"{}\r", b"x" * 40]),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(lines, st.sampled_from([b"\n", b"\r\n"]), st.booleans(), st.integers(1, 50))
def test_ranges_read_every_line_once(
    parts: list[bytes], newline: bytes, last_newline: bool, block: int
) -> None:
    data = newline.join(parts) + (newline if last_newline and parts else b"")
    pieces = _pieces(data, block)
    assert b"".join(p for p, _ in pieces) == data
    assert sum(n for _, n in pieces) == _line_count(data)
    position = 0
    for piece, count in pieces:  # each piece is whole lines, starting where a line starts
        if piece:
            assert position == 0 or data[position - 1 : position] == b"\n"
        assert count == _line_count(piece)
        position += len(piece)


@pytest.mark.parametrize(
    ("data", "block", "expected"),
    [
        (b"", 4, []),
        (b"ab\ncd\n", 3, [(b"ab\n", 1), (b"cd\n", 1)]),  # a cut just after a newline
        (b"ab\ncd\n", 2, [(b"ab\n", 1), (b"cd\n", 1), (b"", 0)]),  # a cut inside each line
        (b"ab\ncd", 4, [(b"ab\ncd", 2), (b"", 0)]),  # no newline at the end
        (b"a\r\nb\r\n", 2, [(b"a\r\n", 1), (b"b\r\n", 1), (b"", 0)]),  # CRLF: \r stays
        (b"\n\n\n", 1, [(b"\n", 1), (b"\n", 1), (b"\n", 1)]),  # blank lines
    ],
)
def test_edge_cases(data: bytes, block: int, expected: list[tuple[bytes, int]]) -> None:
    assert _pieces(data, block) == expected


def test_a_huge_line_is_read_by_its_owner_and_skipped_within_the_others() -> None:
    data = b"{}\n" + b"x" * 100_000 + b"\n{}\n"
    block = 1000
    total = 0
    owners = []
    for start, end in split(len(data), block):
        stream = Counting(data)
        reader = RangeReader(stream, start, end)
        piece = io.BufferedReader(reader, 1 << 16).read()
        total += stream.bytes_read
        if piece:
            owners.append((start, piece[:2], reader.lines))
    assert owners == [(0, b"{}", 2), (100_000, b"{}", 1)]
    # Each range past the first reads at most its own bytes (and one before) to find where
    # its first line starts; the owner reads the huge line once (with a buffer's slack).
    assert total < 2 * len(data) + (1 << 17)


def test_a_block_below_one_byte_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one byte"):
        split(10, 0)


def test_a_range_finds_its_first_line_without_reading_far_past_it() -> None:
    data = b"".join(b'{"n": %6d, "pad": "%s"}\n' % (i, b"x" * 70) for i in range(20_000))
    stream = Counting(data)
    reader = RangeReader(stream, 500_000, 1_500_000)
    start = reader._first_line_start()
    assert data[start - 1 : start] == b"\n" and 500_000 <= start < 500_100
    assert stream.bytes_read <= 1 << 14  # not the range's megabyte, for a 100-byte line


def test_threads_reading_ranges_of_one_memory_file_each_read_every_line_whole() -> None:
    """fsspec's memory filesystem hands every reader of a path the same file object, one
    position for all: the ranges of one memory:// file that a thread cluster's workers read at
    once each read through a view of their own (a line read short was seen in CI)."""
    lines = [json.dumps({"n": n, "pad": "x" * (n * 7 % 90)}) for n in range(3000)]
    data = ("\n".join(lines) + "\n").encode()
    fs = fsspec.filesystem("memory")
    url = f"memory://ranges-{uuid.uuid4().hex}/big.jsonl"
    fs.pipe(url, data)
    source = Source(url, url, True, len(data))

    def read(cut: tuple[int, int]) -> list[str]:
        items = list(RangeItems(source, *cut, first_line=1))
        assert [item for item in items if not isinstance(item, Record)] == []
        return [item.text for item in items if isinstance(item, Record)]

    try:
        with ThreadPoolExecutor(8) as pool:
            pieces = list(pool.map(read, split(len(data), 700)))
    finally:
        fs.rm(url)
    assert [text.rstrip("\n") for piece in pieces for text in piece] == lines


def test_readers_of_a_memory_file_do_not_copy_it() -> None:
    """Each reader's view of a memory:// file reads the file's bytes in place: eight readers of
    a 16 MiB file, open at once, hold their buffers (some 1.2 MiB each), not one copy of it."""
    line = json.dumps({"pad": "x" * 1000}).encode() + b"\n"
    data = line * ((16 << 20) // len(line))
    size = len(data)
    fs = fsspec.filesystem("memory")
    url = f"memory://ranges-{uuid.uuid4().hex}/big.jsonl"
    fs.pipe(url, data)
    source = Source(url, url, True, size)
    tracemalloc.start()
    try:
        readers = [iter(RangeItems(source, n << 16, (n + 1) << 16, 1)) for n in range(8)]
        firsts = [next(reader) for reader in readers]  # each has its file open
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        fs.rm(url)
    assert all(isinstance(first, Record) for first in firsts)
    assert peak < size
