"""Every kind of broken input, through both real command lines in one run each: each is reported
with file, line and column, the run goes on with the rest, no traceback. A capture that is not
JSON is invalid (exit status 1); an input that cannot be read at all makes it 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from validate_cli.helpers import ENTRY_POINTS, dump, run_validate

# name, content (bytes), the located message expected in the text report ("" = no location)
CASES: list[tuple[str, bytes, str]] = [
    (
        "invalid.json",
        b'{\n  "RequestId": "x",,\n}',
        "invalid.json:2:20: error: expected a property name in double quotes",
    ),
    (
        "truncated.json",
        b'{"RequestId": "abc',
        "truncated.json:1:15: error: unterminated string: the input ends before its closing quote",
    ),
    (
        "truncated-end.json",
        b'{"Data": {"A": [1, 2',
        "truncated-end.json:1:21: error: expected ',' or a closing bracket: the input ends here",
    ),
    ("empty.json", b"", "empty.json:1:1: error: no JSON value: the input is empty"),
    (
        "latin1.json",
        b'{\n  "Message": "caf\xe9"\n}',
        "latin1.json:2:18: error: not UTF-8: byte 0xe9",
    ),
    ("utf16.json", '{"a": 1}'.encode("utf-16"), "utf16.json:1:1: error: encoded as UTF-16"),
    ("nan.json", b'{"Data": {"CallDuration": NaN}}', "nan.json:1:27: error: NaN is not valid JSON"),
    ("inf.json", b'{\n"a": [1,\n -Infinity]}', "inf.json:3:2: error: -Infinity is not valid JSON"),
    (
        "deep.json",
        b'{"Data": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
        "deep.json:1:509: error: nested too deeply to read (more than 500 levels",
    ),
    (
        "two-docs.json",
        b'{"a": 1}\n{"a": 2}\n',
        "two-docs.json:2:1: error: extra data after the JSON value",
    ),
    (
        "bad-lines.jsonl",
        b'{"a": 1}\n{"a": \xff}\n\n{"a": [}\n',
        "bad-lines.jsonl:2:7: error: not UTF-8",
    ),
    ("bad-lines.jsonl", b"", "bad-lines.jsonl:4:8: error: expected a JSON value"),
    ("bom.json", b"\xef\xbb\xbf{}", "bom.json:1:1: warning: starts with a UTF-8 byte order mark"),
    (
        "mid-bom.jsonl",
        b"{}\n\xef\xbb\xbf{}\n",
        "mid-bom.jsonl:2:1: error: a byte order mark (U+FEFF) stands where",
    ),
    ("broken-link.json", b"", "broken-link.json: error: cannot read"),
    (
        "big-truncated.json",
        b"",
        "big-truncated.json:1:15: error: unterminated string: the input ends",
    ),
]


@pytest.fixture(scope="module")
def broken_dir(tmp_path_factory: pytest.TempPathFactory, _page_example: dict[str, Any]) -> Path:
    root = tmp_path_factory.mktemp("broken")
    for name, content, _ in CASES:
        if content or name == "empty.json":
            (root / name).write_bytes(content)
    (root / "broken-link.json").symlink_to(root / "does-not-exist.json")
    with (root / "big-truncated.json").open("wb") as out:  # 60 MB (under the limit), cut short
        out.write(b'{"RequestId": "')
        block = b"y" * (1 << 20)
        for _ in range(60):
            out.write(block)
    (root / "good.json").write_text(dump(_page_example), "utf-8")
    (root / "good.jsonl").write_text(dump(_page_example, indent=None) + "\n", "utf-8")
    return root


@pytest.fixture(scope="module", params=list(ENTRY_POINTS))
def report(request: pytest.FixtureRequest, broken_dir: Path) -> tuple[int, str]:
    done = run_validate(".", cwd=broken_dir, entry=request.param)
    return done.returncode, done.stdout


@pytest.mark.parametrize(("name", "expected"), [(n, e) for n, _, e in CASES])
def test_each_broken_input_is_located(report: tuple[int, str], name: str, expected: str) -> None:
    code, out = report
    assert code == 2  # the broken link cannot be read at all
    assert any(line.startswith(expected) for line in out.splitlines()), (expected, out)


def test_the_rest_is_still_validated(report: tuple[int, str]) -> None:
    _, out = report
    summary = next(line for line in out.splitlines() if " responses in " in line)
    # good.json, good.jsonl, bom.json, the first lines of bad-lines.jsonl and mid-bom.jsonl
    # every capture that is not JSON counts as an invalid response
    assert summary.startswith("19 responses in 17 inputs")
    assert "2 valid, 17 invalid (14 not valid JSON), 1 I/O error, 1 warning;" in summary


def test_json_report_of_broken_inputs(broken_dir: Path) -> None:
    done = run_validate("--format", "json", ".", cwd=broken_dir)
    assert done.returncode == 2
    report = json.loads(done.stdout)
    unreadable = [r for r in report["results"] if r["status"] == "unreadable"]
    assert [(r["file"], r["errors"][0]["kind"]) for r in unreadable] == [("broken-link.json", "io")]
    not_json = [r for r in report["results"] if r["errors"] and r["errors"][0]["kind"] == "json"]
    assert len(not_json) == 14 and {r["status"] for r in not_json} == {"invalid"}
    located = {r["file"]: (r["errors"][0]["line"], r["errors"][0]["column"]) for r in not_json}
    assert located["latin1.json"] == (2, 18) and located["deep.json"] == (1, 509)
    summary = report["summary"]
    assert (summary["invalid"], summary["not_json"], summary["io_errors"]) == (17, 14, 1)


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_captures_that_are_not_json_are_invalid_not_unreadable(
    broken_dir: Path, entry: str
) -> None:
    names = sorted({n for n, _, _ in CASES} - {"broken-link.json"})
    done = run_validate(*names, cwd=broken_dir, entry=entry)
    assert done.returncode == 1, done.stdout
    assert "unreadable" not in done.stdout
