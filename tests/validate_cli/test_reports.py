"""Reports in process: hostile names and values in every format, detection, limits, workers.

These run the runtime's `run()` directly with in-memory streams (fast); the same code runs in the
subprocess tests. Validators here are the real generated ones unless a test needs a stand-in.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from ccc import validate_response
from ccc._runtime.core.issues import Issue
from ccc._runtime.tools.validate import arguments, cli, drift, pool
from ccc.validators import OPERATIONS
from validate_cli.helpers import (
    DEFAULT_OPERATION,
    ENTRY_POINTS,
    clean_env,
    dump,
    with_drift,
    with_type_error,
)


def parse(argv: list[str], operations: Sequence[str] = OPERATIONS) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="validate")
    arguments.add_arguments(parser, operations)
    return parser.parse_args(argv)


def run(
    argv: list[str],
    *,
    validate: Any = validate_response,
    operations: Sequence[str] = OPERATIONS,
    stdin: bytes = b"",
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if operations is OPERATIONS:  # the real package's captures here answer GetCallDetailRecord
        argv = ["--operation", DEFAULT_OPERATION, *argv]
    code = cli.run(
        parse(argv, operations),
        validate=validate,
        operations=operations,
        stdin=io.BytesIO(stdin),
        stdout=out,
        stderr=err,
    )
    return code, out.getvalue(), err.getvalue()


def unescape_github(text: str) -> str:
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def test_github_commands_escape_names_and_messages(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    hostile = "we,ird:na%me.json"
    payload = page_example
    payload["Data"]["odd\nname%0A::error::x"] = 1
    (tmp_path / hostile).write_text(dump(payload), "utf-8")
    code, out, _ = run(["--format", "github", str(tmp_path / hostile)])
    assert code == 1
    (annotation,) = [line for line in out.splitlines() if line.startswith("::error file=")]
    match = re.fullmatch(
        r"::error file=([^,]*),line=(\d+),col=(\d+),title=([^:]*)::(.*)", annotation
    )
    assert match, annotation
    assert unescape_github(match.group(1)) == str(tmp_path / hostile)
    message = unescape_github(match.group(5))
    assert (
        "unknown property 'odd\\nname%0A::error::x'" in message
        or "odd\nname%0A::error::x" in message
    )
    # nothing in the message can start a second command on its own line
    assert all(
        not line.startswith("::") or line.startswith(("::error ", "::notice "))
        for line in out.splitlines()
    )


def test_junit_survives_control_characters_and_lone_surrogates(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    text = dump(page_example).replace('"Data": {', '"Data": {"bad\\u0001\\ud800<&>\\"": 1, ', 1)
    (tmp_path / "x.json").write_text(text, "utf-8")
    out_file = tmp_path / "r.xml"
    code, _, _ = run(["--format", "junit", "-o", str(out_file), str(tmp_path / "x.json")])
    assert code == 1
    root = ET.parse(out_file).getroot()
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert "bad\\x01\\ud800<&>" in (failure.text or "")  # escaped as in every text output


def test_json_report_stays_valid_json_with_lone_surrogates(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    text = dump(page_example).replace('"Data": {', '"Data": {"x\\udc80": "\\ud83d", ', 1)
    (tmp_path / "x.json").write_text(text, "utf-8")
    out_file = tmp_path / "r.json"
    code, _, _ = run(["--format", "json", "-o", str(out_file), str(tmp_path / "x.json")])
    assert code == 1
    report = json.loads(out_file.read_text("utf-8"))
    (error,) = report["results"][0]["errors"]
    assert error["actual"] == "x\udc80"


def test_huge_values_are_clipped_in_messages(tmp_path: Path, page_example: dict[str, Any]) -> None:
    page_example["Data"]["CallDuration"] = "9" * 1_000_000
    (tmp_path / "x.json").write_text(dump(page_example), "utf-8")
    code, out, _ = run([str(tmp_path / "x.json")])
    assert code == 1
    (line,) = [x for x in out.splitlines() if "/Data/CallDuration" in x]
    assert len(line) < 1000
    out_file = tmp_path / "r.json"
    run(["--format", "json", "-o", str(out_file), str(tmp_path / "x.json")])
    (error,) = json.loads(out_file.read_text("utf-8"))["results"][0]["errors"]
    assert error["actual"].endswith("... (999500 more characters)") and len(error["actual"]) < 600


def two_operations(operation: str, payload: object) -> list[Issue]:
    """A stand-in validator for an API with two operations: A answers {"a": ...}, B {"b": ...}."""
    if not isinstance(payload, dict):
        return [Issue("", "type", "not an object")]
    key = operation.lower()
    issues = (
        [Issue("", "required", f"{key!r} is a required property", actual=key)]
        if key not in payload
        else []
    )
    issues += [
        Issue("", "additionalProperties", f"unknown property {k!r}", actual=k)
        for k in payload
        if k != key
    ]
    return issues


def test_operation_is_never_guessed_from_the_payload(tmp_path: Path) -> None:
    lines = ['{"a": 1}', '{"b": 2}', '{"b": 2, "zz": 3}', '{"q": 1}']
    (tmp_path / "x.jsonl").write_text("\n".join(lines), "utf-8")
    (tmp_path / "B.jsonl").write_text("\n".join(lines), "utf-8")
    out_file = tmp_path / "r.json"
    code, _, _ = run(
        [
            "--format",
            "json",
            "-o",
            str(out_file),
            str(tmp_path / "x.jsonl"),
            str(tmp_path / "B.jsonl"),
        ],
        validate=two_operations,
        operations=("A", "B"),
    )
    assert code == 2
    results = json.loads(out_file.read_text("utf-8"))["results"]
    # x.jsonl names no operation: every line is reported, none matched to a guess
    assert [r["operation"] for r in results] == [None] * 4 + ["B"] * 4
    assert [r["status"] for r in results] == ["unreadable"] * 4 + [
        "invalid", "valid", "invalid", "invalid",
    ]  # fmt: skip
    # a fixed operation is used for every payload
    code, out, _ = run(
        ["--operation", "B", str(tmp_path / "x.jsonl")],
        validate=two_operations,
        operations=("A", "B"),
    )
    assert code == 1 and "(strict, B)" in out


def test_a_failing_validator_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    def flaky(operation: str, payload: object) -> list[Issue]:
        if isinstance(payload, dict) and payload.get("boom"):
            raise RuntimeError("kaput")
        if isinstance(payload, dict) and payload.get("deep"):
            raise RecursionError
        return []

    (tmp_path / "x.jsonl").write_text('{"ok": 1}\n{"boom": 1}\n{"deep": 1}\n{"ok": 2}\n', "utf-8")
    code, out, _ = run([str(tmp_path / "x.jsonl")], validate=flaky, operations=("Op",))
    assert code == 2
    assert (
        f"{tmp_path / 'x.jsonl'}:2:1: error: the validator failed on this response (RuntimeError: kaput)"
        in out
    )
    assert f"{tmp_path / 'x.jsonl'}:3:1: error: nested too deeply to validate" in out
    assert "2 valid, 0 invalid, 2 unreadable" in out


def test_drift_summary_is_bounded(tmp_path: Path) -> None:
    many = "\n".join(json.dumps({f"field{i}": 1}) for i in range(drift.DRIFT_LIMIT + 25))

    def unknown_everything(operation: str, payload: object) -> list[Issue]:
        assert isinstance(payload, dict)
        return [Issue("", "additionalProperties", "unknown", actual=k) for k in payload]

    (tmp_path / "x.jsonl").write_text(many, "utf-8")
    code, out, _ = run(
        ["--lenient", str(tmp_path / "x.jsonl")], validate=unknown_everything, operations=("Op",)
    )
    assert code == 0
    assert f"drift: {drift.DRIFT_LIMIT} differences" in out
    assert "... and 25 more kinds, not listed" in out


def test_output_file_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run(["-o", str(tmp_path / "no" / "such" / "dir.json"), str(tmp_path)])
    assert code == 2 and out == "" and "cannot write" in err


@pytest.mark.parametrize("fmt", ["json", "junit"])
def test_workers_give_the_same_report_as_one_process(
    fmt: str, tmp_path: Path, page_example: dict[str, Any]
) -> None:
    """A JSON Lines file over the parallel threshold, shared by 2 processes or read by one."""
    good = dump(page_example, indent=None)
    variants = [
        dump(with_drift(page_example), indent=None),
        dump(with_type_error(page_example), indent=None),
    ]
    lines = []
    size = 0
    i = 0
    while size < pool.PARALLEL_MIN_BYTES + (1 << 20):
        line = variants[i % 2] if i % 211 == 5 else ('{"broken": ' if i % 1999 == 7 else good)
        if i % 1999 == 13:  # a captured error answer
            line = '{"RequestId": "r", "Code": "Throttling", "Message": "m"}'
        lines.append(line)
        size += len(line.encode()) + 1
        i += 1
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    reports = []
    for jobs in ("1", "2"):
        done = subprocess.run(
            [*ENTRY_POINTS["python -m ccc"], "--format", fmt, "-j", jobs, "big.jsonl"],
            cwd=tmp_path,
            capture_output=True,
            timeout=300,
            check=False,
            env=clean_env(),
        )
        assert done.returncode == 1, done.stderr  # broken lines are invalid captures
        text = done.stdout.decode("utf-8")
        original = text
        text = re.sub(r'"seconds": [0-9.]+', "", text)
        text = re.sub(r'time="[0-9.]+"', "", text)
        text = re.sub(r"; [0-9.]+ s", "", text)
        reports.append(text)
    assert reports[0] == reports[1]
    broken = sum(1 for line in lines if line.startswith('{"broken'))
    assert broken > 0
    if fmt == "json":
        summary = json.loads(original)["summary"]
        assert summary["responses"] == len(lines) and summary["not_json"] == broken
        assert summary["invalid"] > broken and summary["unreadable"] == 0
        assert summary["error_responses"] == sum(1 for line in lines if "Throttling" in line) > 0
    else:
        root = ET.fromstring(reports[0])
        assert root.get("tests") == str(len(lines)) and root.get("errors") == "0"
        assert int(root.get("failures") or 0) > broken


def test_workers_on_many_small_files_give_the_same_report(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    """Enough small files to be shared among workers in batches; order and totals unchanged."""
    good = dump(page_example)
    count = pool.PARALLEL_MIN_FILES + 37
    for i in range(count):
        text = good
        if i % 50 == 3:
            text = dump(with_drift(page_example))
        elif i % 97 == 11:
            text = good[:-40]  # truncated
        (tmp_path / f"r{i:04d}.json").write_text(text, "utf-8")
    (tmp_path / "r0200.jsonl").write_text(good.replace("\n", "") + "\n{}\n", "utf-8")
    reports = []
    for jobs in ("1", "3"):
        done = subprocess.run(
            [*ENTRY_POINTS["python -m ccc"], "--format", "json", "-j", jobs, ".", "missing.json"],
            cwd=tmp_path,
            capture_output=True,
            timeout=300,
            check=False,
            env=clean_env(),
        )
        assert done.returncode == 2, done.stderr
        reports.append(json.loads(done.stdout))
    for report in reports:
        report["summary"].pop("seconds")
    assert reports[0] == reports[1]
    results = reports[0]["results"]
    assert len(results) == count + 2 + 1  # every file, the JSON Lines file's 2 lines, missing.json
    assert [r["file"] for r in results[:3]] == ["r0000.json", "r0001.json", "r0002.json"]
    assert results[-1]["file"] == "missing.json"
    assert reports[0]["drift"][0]["first_seen"]["file"] == "r0003.json"


def test_thousands_of_issues_in_one_response_are_each_located(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    """Locating is linear in the text: one pass per container, not one per issue."""
    for i in range(20_000):
        page_example["Data"][f"k{i}"] = [i]
    text = json.dumps(page_example, ensure_ascii=False, indent=1)
    (tmp_path / "x.json").write_text(text, "utf-8")
    out_file = tmp_path / "r.json"
    code, _, _ = run(["--format", "json", "-o", str(out_file), str(tmp_path / "x.json")])
    assert code == 1
    report = json.loads(out_file.read_text("utf-8"))
    errors = report["results"][0]["errors"]
    assert len(errors) == 20_000
    lines = text.splitlines()
    for error in errors[::997]:
        assert lines[error["line"] - 1][error["column"] - 1 :].startswith(f'"{error["actual"]}":')
    assert report["summary"]["invalid"] == 1


def test_a_mistyped_enum_value_is_a_type_error_not_drift(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    page_example["Data"]["ContactType"] = 5  # fails `type` and `enum`
    page_example["Data"]["ReleaseInitiator"] = "robot"  # a new value: drift
    (tmp_path / "x.json").write_text(dump(page_example), "utf-8")
    out_file = tmp_path / "r.json"
    code, _, _ = run(
        ["--lenient", "--format", "json", "-o", str(out_file), str(tmp_path / "x.json")]
    )
    assert code == 1  # the type error stays an error in lenient mode
    report = json.loads(out_file.read_text("utf-8"))
    assert [(d["path"], d["value"]) for d in report["drift"]] == [
        ("/Data/ReleaseInitiator", "robot")
    ]
    result = report["results"][0]
    assert [e["keyword"] for e in result["errors"]] == ["type"]
