"""Finding inputs (files, directories, globs, stdin) and reading them with located problems."""

from __future__ import annotations

import io
import os
from pathlib import Path

from cccgen.runtime.tools.validate.inputs import BOM_WARNING, Record, read_source
from cccgen.runtime.tools.validate.sources import Source, Unreadable, expand


def split(found: list[Source | Unreadable]) -> tuple[list[Source], list[Unreadable]]:
    sources = [s for s in found if isinstance(s, Source)]
    return sources, [p for p in found if isinstance(p, Unreadable)]


def names(sources: list[Source]) -> list[str]:
    return [s.name for s in sources]


def items(source: Source, stdin: bytes | None = None) -> list[Record | Unreadable]:
    return list(read_source(source, io.BytesIO(stdin) if stdin is not None else None))


def test_directories_are_searched_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for rel in [
        "z.json",
        "b/x.jsonl",
        "a/deeper/y.ndjson",
        "a/w.JSON",
        "a/notes.txt",
        ".hidden/h.json",
    ]:
        (tmp_path / rel).write_text("{}")
    sources, problems = split(expand([str(tmp_path)]))
    assert problems == []
    relative = [os.path.relpath(s.name, tmp_path) for s in sources]
    assert relative == ["z.json", "a/w.JSON", "a/deeper/y.ndjson", "b/x.jsonl"]
    assert [s.jsonl for s in sources] == [False, False, True, True]


def test_globs_files_stdin_and_duplicates(tmp_path: Path) -> None:
    for rel in ["one.json", "two.json", "sub/three.json", "data.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{}")
    pattern = str(tmp_path / "**" / "*.json")
    explicit = str(tmp_path / "data.txt")  # named explicitly: read whatever its extension
    sources, problems = split(expand([pattern, explicit, str(tmp_path / "one.json"), "-", "-"]))
    assert problems == []
    assert [os.path.basename(n) for n in names(sources)] == [
        "one.json",
        "three.json",
        "two.json",
        "data.txt",
        "<stdin>",
    ]
    assert sources[-1].path is None and sources[-1].jsonl is None


def test_missing_paths_empty_directories_and_empty_globs_are_io_problems(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "ok.json").write_text("{}")
    found = expand(
        [
            str(tmp_path / "nope.json"),
            str(tmp_path / "empty"),
            str(tmp_path / "ok.json"),
            str(tmp_path / "*.jsonl"),
        ]
    )
    # each problem stays where its argument was
    assert [type(f).__name__ for f in found] == ["Unreadable", "Unreadable", "Source", "Unreadable"]
    _, problems = split(found)
    assert [(p.kind, p.line) for p in problems] == [("io", 0)] * 3
    assert "no such file" in problems[0].message
    assert "no *.json" in problems[1].message
    assert "no file matches" in problems[2].message


def test_jsonl_flag_makes_every_input_json_lines(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}\n{}\n")
    sources, _ = split(expand([str(tmp_path / "a.json"), "-"], jsonl=True))
    assert [s.jsonl for s in sources] == [True, True]
    assert len(items(sources[0])) == 2


def test_json_lines_skip_blank_lines_and_locate_broken_ones(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"n": 1}\n\n  \r\n{"n": 2,}\n{"n": \xff}\n{"n": 3}\r\n{"n": [1,')
    got = items(Source(str(path), str(path), True))
    assert [(type(i).__name__, i.line) for i in got] == [
        ("Record", 1),
        ("Unreadable", 4),
        ("Unreadable", 5),
        ("Record", 6),
        ("Unreadable", 7),
    ]
    broken = [i for i in got if isinstance(i, Unreadable)]
    assert [(u.line, u.column) for u in broken] == [(4, 9), (5, 7), (7, 10)]
    assert "not UTF-8: byte 0xff" in broken[1].message
    assert "truncated" in broken[2].message
    records = [i for i in got if isinstance(i, Record)]
    assert [r.payload for r in records] == [{"n": 1}, {"n": 3}]


def test_non_utf8_json_document_is_located_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(
        '{\n  "名": "ok",\n  "city": "Z\u00fcrich"\n}'.encode("utf-8").replace(b"\xc3\xbc", b"\xfc")
    )
    (item,) = items(Source(str(path), str(path), False))
    assert isinstance(item, Unreadable) and item.kind == "json"
    assert (item.line, item.column) == (3, 13)
    assert "byte 0xfc" in item.message


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "u16.json"
    path.write_bytes('{"a": 1}'.encode("utf-16"))
    (item,) = items(Source(str(path), str(path), False))
    assert isinstance(item, Unreadable) and "UTF-16" in item.message


def test_bom_is_accepted_with_a_warning_in_json_and_json_lines(tmp_path: Path) -> None:
    doc = tmp_path / "bom.json"
    doc.write_bytes(b'\xef\xbb\xbf{\n "a": NaN}')
    (item,) = items(Source(str(doc), str(doc), False))
    # located as an editor shows it: the BOM takes no column
    assert isinstance(item, Unreadable) and (item.line, item.column) == (2, 7)
    assert [w.message for w in item.warnings] == [BOM_WARNING]

    lines = tmp_path / "bom.jsonl"
    lines.write_bytes(b'\xef\xbb\xbf{"a": 1}\n\xef\xbb\xbf{"a": 2}\n')
    first, second = items(Source(str(lines), str(lines), True))
    assert isinstance(first, Record) and first.payload == {"a": 1}
    assert [(w.line, w.message) for w in first.warnings] == [(1, BOM_WARNING)]
    # a BOM anywhere but the very start is not a BOM, it is a broken line
    assert isinstance(second, Unreadable) and (second.line, second.column) == (2, 1)


def test_stdin_is_one_document_or_json_lines_by_content() -> None:
    stdin = Source("<stdin>", None, None)
    (one,) = items(stdin, b'{\n  "a": 1\n}\n')
    assert isinstance(one, Record) and one.payload == {"a": 1}
    several = items(stdin, b'{"a": 1}\n{"a": 2}\n\n{"a": }\n')
    assert [(type(i).__name__, i.line) for i in several] == [
        ("Record", 1),
        ("Record", 2),
        ("Unreadable", 4),
    ]


def test_unreadable_paths_are_io_problems_and_reading_goes_on(tmp_path: Path) -> None:
    link = tmp_path / "gone.json"
    link.symlink_to(tmp_path / "missing-target.json")
    (tmp_path / "ok.json").write_text("{}")
    sources, problems = split(expand([str(tmp_path)]))
    assert problems == []
    assert [os.path.basename(s.name) for s in sources] == ["gone.json", "ok.json"]
    gone, ok = (items(s) for s in sources)
    assert isinstance(gone[0], Unreadable) and gone[0].kind == "io" and gone[0].line == 0
    assert "cannot read" in gone[0].message
    assert isinstance(ok[0], Record)


def test_a_60_mb_truncated_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as out:
        out.write(b'{"RequestId": "')
        chunk = b"x" * (1 << 20)
        for _ in range(60):  # under the 64 MiB limit for one document
            out.write(chunk)
    (item,) = items(Source(str(path), str(path), False))
    assert isinstance(item, Unreadable)
    assert (item.line, item.column) == (1, 15)
    assert "unterminated string" in item.message.lower()


def test_a_document_past_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as out:
        out.truncate(65 << 20)
    (item,) = items(Source(str(path), str(path), False))
    assert isinstance(item, Unreadable) and (item.kind, item.line) == ("io", 0)
    assert item.message.startswith("larger than the 64 MiB limit for one document")
    stdin = Source("<stdin>", None, None)
    (item,) = list(read_source(stdin, io.BytesIO(b"[" * 2000), 1000))
    assert isinstance(item, Unreadable) and "larger than the 1000 bytes limit" in item.message
    # JSON Lines on standard input past the limit are streamed, each line bounded
    lines = b'{"a": 1}\n' * 200 + b'{"b": "' + b"x" * 2000 + b'"}\n{"c": 3}\n'
    got = list(read_source(stdin, io.BytesIO(lines), 1000))
    assert [(type(i).__name__, i.line) for i in got[-3:]] == [
        ("Record", 200),
        ("Unreadable", 201),
        ("Record", 202),
    ]
