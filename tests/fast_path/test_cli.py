"""The validate command with and without the fast path: the same report, byte for byte but the
run's duration, on captures with every kind of line; and the readers really take the shortcut
where msgspec is installed. Without msgspec (its import blocked in a real subprocess, as on a
machine without the `fast` extra) the package and its command work on the standard library."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

# Run the package's command line with msgspec unimportable (`import msgspec` raises
# ImportError when sys.modules holds None for it), as where it is not installed.
WITHOUT_MSGSPEC = (
    "import sys; sys.modules['msgspec'] = None\n"
    "import runpy; runpy.run_module('ccc', run_name='__main__', alter_sys=True)\n"
)


# The package has every operation: captures name theirs (the fast path needs one operation).
OPERATION = "--operation=GetCallDetailRecord"


def _line(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.fixture
def captures(tmp_path: Path, page_example: dict[str, Any]) -> Path:
    """A folder of captures: valid, invalid, drifted, error answers, not JSON, a BOM, blank lines
    and CRLF."""
    folder = tmp_path / "captures"
    folder.mkdir()
    valid = _line(page_example)
    drifted = json.loads(valid)
    drifted["Data"]["NewField"] = 1
    drifted["Data"]["ContactType"] = "VIDEO"
    wrong = json.loads(valid)
    wrong["Data"]["CallDuration"] = "long"
    as_float = json.loads(valid)
    as_float["Data"]["CallDuration"] = 50.0  # valid (an integer in 2020-12): the slow way
    error = {"Code": "Parameter.Blank", "HttpStatusCode": 400, "Message": "m", "RequestId": "r"}
    lines = [
        b"\xef\xbb\xbf" + valid,
        valid,
        b"",
        _line(drifted),
        valid,
        _line(wrong),
        b"   ",
        _line(as_float),
        _line(error),
        valid.replace(b"ccc-test", b"ccc-\xff"),
        b'{"Code": NaN}',
        valid[:-9],
        valid,
        valid + b"\r",  # CRLF: the \r is whitespace after the value
        b"\r",  # a blank line, the CRLF way
        b" \t" + valid + b"  ",
    ]
    (folder / "calls.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (folder / "bom.json").write_bytes(b"\xef\xbb\xbf" + valid)
    (folder / "invalid.json").write_bytes(_line(wrong))
    for n in range(400):  # enough small files for the worker processes (PARALLEL_MIN_FILES)
        (folder / f"f{n:03}.json").write_bytes(valid if n % 7 else _line(drifted))
    return folder


def _report(command: list[str], cwd: Path) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(command, cwd=cwd, capture_output=True, timeout=120, check=False)
    assert b"Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    report["summary"].pop("seconds")
    return done.returncode, report


def test_the_same_report_with_and_without_msgspec(captures: Path) -> None:
    pytest.importorskip("msgspec")
    arguments = ["validate", OPERATION, "--format", "json", "--coverage", "captures"]
    fast = _report(
        [sys.executable, "-m", "ccc", *arguments[:-2], "-j", "2", "captures"], captures.parent
    )
    slow = _report(
        [sys.executable, "-c", WITHOUT_MSGSPEC, *arguments[:-2], "-j", "1", "captures"],
        captures.parent,
    )
    assert fast == slow
    code, report = fast
    assert code == 1
    summary = report["summary"]
    assert (summary["responses"], summary["not_json"], summary["error_responses"]) == (415, 3, 1)
    # With --coverage every payload is parsed; without it valid ones are not: the same report.
    plain = [sys.executable, "-m", "ccc", "validate", OPERATION, "--format", "json", "captures"]
    blocked = [
        sys.executable,
        "-c",
        WITHOUT_MSGSPEC,
        "validate",
        OPERATION,
        "--format",
        "json",
        "captures",
    ]
    assert _report(plain, captures.parent) == _report(blocked, captures.parent)


def test_junit_lists_every_valid_line_alike(captures: Path) -> None:
    """JUnit reports every response by its line: runs of passed lines keep their numbers."""
    pytest.importorskip("msgspec")
    reports = []
    for prefix in ([sys.executable, "-m", "ccc"], [sys.executable, "-c", WITHOUT_MSGSPEC]):
        done = subprocess.run(
            [*prefix, "validate", OPERATION, "--format", "junit", "captures/calls.jsonl"],
            cwd=captures.parent,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        reports.append(re.sub(r'time="[0-9.]+"|; [0-9.]+ s', "", done.stdout))
    assert reports[0] == reports[1]
    assert 'name="line 5"' in reports[0] and 'name="line 13"' in reports[0]


def test_the_package_works_without_msgspec(page_example: dict[str, Any]) -> None:
    """validate_json and is_valid_json on the standard library alone, in a real interpreter
    where `import msgspec` fails."""
    script = """
import sys; sys.modules['msgspec'] = None
import json, ccc
from ccc.validators import fast_json
example = json.loads(sys.stdin.read())
data = json.dumps(example).encode()
assert fast_json("GetCallDetailRecord") is None
assert ccc.validate_json("GetCallDetailRecord", data) == []
assert ccc.is_valid_json("GetCallDetailRecord", data.decode(), strict=False)
example["Data"]["CallDuration"] = "long"
wrong = json.dumps(example).encode()
assert ccc.validate_json("GetCallDetailRecord", wrong) == ccc.validate_response(
    "GetCallDetailRecord", example)
assert not ccc.is_valid_json("GetCallDetailRecord", wrong)
try:
    ccc.validate_json("GetCallDetailRecord", b'{"Code":\\n NaN}')
except ccc.InvalidJSONError as exc:
    assert (exc.line, exc.column) == (2, 2), exc
else:
    raise AssertionError("NaN read as JSON")
assert "msgspec" not in [m for m in sys.modules if sys.modules[m] is not None]
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(page_example),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"


@pytest.mark.parametrize("reader", ["msgspec", "standard library"])
def test_readers_take_the_shortcut(captures: Path, reader: str) -> None:
    """Valid lines and documents come out as `Passed` runs (never read into records), all else
    as before; a checker counting them ends with the counts of the standard path. Without
    msgspec, the standard library's parse and the compiled fast path pass them."""
    pytest.importorskip("msgspec")
    from ccc._runtime.tools.validate.checker import Checker
    from ccc._runtime.tools.validate.inputs import Passed, Record, read_source
    from ccc._runtime.tools.validate.ranges import RangeItems, split
    from ccc._runtime.tools.validate.sources import Source, expand
    from ccc.validators import _JSON, OPERATIONS, fast_json, validate_response

    lookup = fast_json if reader == "msgspec" else _JSON.without_msgspec().reading_check

    def counts(fast: bool) -> tuple[list[str], dict[str, Any]]:
        checker = Checker(
            validate_response,
            OPERATIONS,
            operation="GetCallDetailRecord",
            strict=True,
            fast=lookup if fast else None,
        )
        kinds = []
        for source in expand([str(captures)]):
            assert isinstance(source, Source)
            check = checker.fast_for(source)
            if source.path is not None and source.path.endswith(".jsonl"):
                items = [
                    item
                    for start, end in split(source.size, 4096)
                    for item in RangeItems(source, start, end, 1 if start == 0 else 2, fast=check)
                ]
            else:
                items = list(read_source(source, fast=check))
            for item in items:
                kinds += [type(item).__name__] * (item.responses if isinstance(item, Passed) else 1)
                if isinstance(item, (Record, Passed)):
                    checker.check(item)
                else:
                    checker.unreadable(item)
        return kinds, dataclasses.asdict(checker.summary)

    fast_kinds, fast_summary = counts(True)
    slow_kinds, slow_summary = counts(False)
    assert fast_summary == slow_summary
    assert "Passed" not in slow_kinds
    # Every valid line and file but those carrying a BOM warning or an integral float.
    assert fast_kinds.count("Passed") == fast_summary["valid"] - 3


def test_a_checker_sent_to_a_dask_worker_keeps_its_fast_check(captures: Path) -> None:
    """Dask pickles the checker: the msgspec closure stays behind and is rebuilt from the
    lookup, so workers read ranges and whole inputs through the same fast check."""
    pytest.importorskip("msgspec")
    import pickle

    from ccc._runtime.tools.validate.checker import Checker
    from ccc._runtime.tools.validate.inputs import Passed
    from ccc._runtime.tools.validate.remote import RangeItems, read_input
    from ccc._runtime.tools.validate.sources import Source, expand
    from ccc.validators import OPERATIONS, fast_json, validate_response

    checker = Checker(
        validate_response, OPERATIONS, operation="GetCallDetailRecord", strict=True, fast=fast_json
    )
    sources = [s for s in expand([str(captures)]) if isinstance(s, Source) and s.path]
    lines = [s for s in sources if s.path is not None and s.path.endswith(".jsonl")]
    assert lines, "the captures hold a JSON Lines file"
    fast = checker.fast_for(lines[0])
    assert fast is not None
    copy = pickle.loads(pickle.dumps(checker))
    copied = copy.fast_for(lines[0])
    assert copied is not None and copied[1] == fast[1]
    whole = list(read_input(lines[0], fast=copied))
    ranged = list(RangeItems(lines[0], 0, 1 << 40, 1, fast=copied))
    assert any(isinstance(item, Passed) for item in whole)
    assert [type(i).__name__ for i in whole] == [type(i).__name__ for i in ranged]


def test_the_fast_check_follows_each_captures_attributed_operation(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    """Without --operation each capture's path names its operation, and its readers take the
    fast check of that operation: a GetCallDetailRecord file and folder pass unparsed, a
    GetCallDetailRecord answer kept in ListCallDetailRecords.json is checked against
    ListCallDetailRecords (never counted valid), an unattributed capture is never passed."""
    pytest.importorskip("msgspec")
    from ccc._runtime.tools.validate.checker import Checker
    from ccc._runtime.tools.validate.inputs import Passed, Record, read_source
    from ccc._runtime.tools.validate.sources import Source, expand
    from ccc.validators import fast_json, validate_response

    valid = _line(page_example)
    (tmp_path / "GetCallDetailRecord.jsonl").write_bytes(valid + b"\n" + valid + b"\n")
    (tmp_path / "GetCallDetailRecord").mkdir()
    (tmp_path / "GetCallDetailRecord" / "one.json").write_bytes(valid)
    (tmp_path / "ListCallDetailRecords.json").write_bytes(valid)
    (tmp_path / "nameless.json").write_bytes(valid)
    operations = ["GetCallDetailRecord", "ListCallDetailRecords"]
    checker = Checker(validate_response, operations, operation=None, strict=True, fast=fast_json)
    passed: dict[str, int] = {}
    for source in expand([str(tmp_path)]):
        assert isinstance(source, Source)
        for item in read_source(source, fast=checker.fast_for(source)):
            if isinstance(item, Passed):
                passed[Path(source.name).name] = item.responses
            if isinstance(item, (Record, Passed)):
                checker.check(item)
    assert passed == {"GetCallDetailRecord.jsonl": 2, "one.json": 1}
    assert checker.summary.operations == {"GetCallDetailRecord": 3, "ListCallDetailRecords": 1}
    assert checker.summary.valid == 3


def test_attributed_captures_get_the_same_report_with_and_without_msgspec(
    captures: Path,
) -> None:
    """No --operation: the JSON Lines file and the folder are named after the operation, so
    the fast path reads them; the report is the standard path's, byte for byte, in one
    process and with workers (the file is cut into several ranges)."""
    pytest.importorskip("msgspec")
    named = captures.parent / "GetCallDetailRecord"
    captures.rename(named)
    big = named / "GetCallDetailRecord.jsonl"
    data = (named / "calls.jsonl").read_bytes()
    big.write_bytes(data * ((9 << 20) // len(data) + 1))  # past pool.PARALLEL_MIN_BYTES
    arguments = ["validate", "--format", "json", "GetCallDetailRecord"]
    slow = _report([sys.executable, "-c", WITHOUT_MSGSPEC, *arguments, "-j", "1"], named.parent)
    for jobs in ("1", "2"):
        fast = _report([sys.executable, "-m", "ccc", *arguments, "-j", jobs], named.parent)
        assert fast == slow
    assert slow[1]["summary"]["valid"] > 400
