"""`python -m ccc validate` and `cccgen validate` as real subprocesses: exit codes, formats, drift."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from validate_cli.helpers import (
    ENTRY_POINTS,
    clean_env,
    column_of,
    dump,
    line_of,
    run_validate,
    with_drift,
    with_type_error,
)


@pytest.fixture
def captures(tmp_path: Path, page_example: dict[str, Any]) -> Path:
    """good.json, drift.json (unknown enum value and fields), a JSONL with one bad line."""
    root = tmp_path / "captures"
    (root / "nested").mkdir(parents=True)
    (root / "good.json").write_text(dump(page_example), "utf-8")
    (root / "nested" / "drift.json").write_text(dump(with_drift(page_example)), "utf-8")
    lines = [dump(page_example, indent=None)] * 3
    lines[1] = dump(with_type_error(page_example), indent=None)
    (root / "calls.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return root


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_exit_codes_for_valid_invalid_and_unreadable(
    entry: str, tmp_path: Path, page_example: dict[str, Any]
) -> None:
    (tmp_path / "ok.json").write_text(dump(page_example), "utf-8")
    (tmp_path / "bad.json").write_text(dump(with_type_error(page_example)), "utf-8")
    (tmp_path / "broken.json").write_text('{"RequestId": ', "utf-8")

    ok = run_validate("ok.json", cwd=tmp_path, entry=entry)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "1 response in 1 input" in ok.stdout and "1 valid, 0 invalid" in ok.stdout

    bad = run_validate("ok.json", "bad.json", cwd=tmp_path, entry=entry)
    assert bad.returncode == 1
    line = line_of(dump(with_type_error(page_example)), '"CallDuration"')
    assert f"bad.json:{line}:" in bad.stdout
    assert "/Data/CallDuration: type:" in bad.stdout

    # a capture that is not JSON is an invalid capture (as with check-jsonschema): exit 1
    not_json = run_validate("ok.json", "broken.json", cwd=tmp_path, entry=entry)
    assert not_json.returncode == 1, not_json.stdout + not_json.stderr
    expected = "broken.json:1:14: error: expected a JSON value: the input ends here (truncated?)"
    assert expected in not_json.stdout.splitlines()
    assert "2 responses in 2 inputs" in not_json.stdout
    assert "1 valid, 1 invalid (1 not valid JSON);" in not_json.stdout

    # an input that cannot be read at all wins over an invalid one; the rest is still reported
    broken = run_validate("bad.json", "broken.json", "missing.json", cwd=tmp_path, entry=entry)
    assert broken.returncode == 2
    assert expected in broken.stdout.splitlines()
    assert "missing.json: error: no such file or directory" in broken.stdout
    assert "/Data/CallDuration: type:" in broken.stdout


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--format", "yaml", "x.json"],
        ["--operation", "NoSuchOperation", "x.json"],
        ["--strict", "--lenient", "x.json"],
    ],
    ids=["no-path", "bad-format", "unknown-operation", "strict-and-lenient"],
)
def test_usage_errors_exit_2_without_traceback(entry: str, args: list[str], tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{}")
    done = run_validate(*args, cwd=tmp_path, entry=entry)
    assert done.returncode == 2
    assert done.stderr.strip()
    assert done.stdout == ""


def test_help_documents_exit_codes_and_formats(tmp_path: Path) -> None:
    done = run_validate("--help", cwd=tmp_path)
    assert done.returncode == 0
    for text in (
        "exit status",
        "0  every response is valid",
        "--lenient",
        "junit",
        "github",
        "JSON Lines",
        "--coverage",
        "markdown",
        "html",
        "$GITHUB_STEP_SUMMARY",
    ):
        assert text in done.stdout


def test_text_report_locates_every_issue_and_ends_with_drift(
    captures: Path, page_example: dict[str, Any]
) -> None:
    done = run_validate(".", cwd=captures)
    assert done.returncode == 1
    drift_text = dump(with_drift(page_example))
    enum_line = line_of(drift_text, '"NEWTYPE"')
    enum_col = column_of(drift_text, '"NEWTYPE"')
    field_line = line_of(drift_text, '"BrandNewField"')
    out = done.stdout
    assert (
        f"nested/drift.json:{enum_line}:{enum_col}: error: /Data/ContactType: enum: 'NEWTYPE'"
        in out
    )
    assert (
        f"nested/drift.json:{field_line}:5: error: /Data/BrandNewField: additionalProperties:"
        in out
    )
    jsonl_line = dump(with_type_error(page_example), indent=None)
    col = jsonl_line.index('"fifty"') + 1
    assert f"calls.jsonl:2:{col}: error: /Data/CallDuration: type:" in out
    assert "5 responses in 3 inputs (strict, GetCallDetailRecord): 3 valid, 2 invalid" in out
    drift = out[out.index("drift:") :]
    assert "drift: 3 differences" in drift
    assert re.search(r"unknown enum value\s+/Data/ContactType = 'NEWTYPE'\s+seen 1 time", drift)
    assert re.search(r"unknown field\s+/Data/AgentEvents/\*/Extra\s+seen 1 time", drift)
    assert "\x1b[" not in out  # not a terminal: no colour


def test_lenient_turns_drift_into_warnings_but_not_type_errors(
    captures: Path, page_example: dict[str, Any]
) -> None:
    only_drift = run_validate("--lenient", "good.json", "nested", cwd=captures)
    assert only_drift.returncode == 0, only_drift.stdout
    assert "warning: /Data/ContactType: enum:" in only_drift.stdout
    assert "2 valid, 0 invalid, 3 warnings" in only_drift.stdout
    assert "drift: 3 differences" in only_drift.stdout
    everything = run_validate("--lenient", ".", cwd=captures)
    assert everything.returncode == 1  # the type error is still an error


def test_drift_counts_across_inputs_and_remembers_the_first(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    drifted = with_drift(page_example)
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(dump(drifted), "utf-8")
    lines = [dump(drifted, indent=None)] * 4
    (tmp_path / "c.jsonl").write_text("\n".join(lines), "utf-8")
    done = run_validate("--format", "json", "c.jsonl", "a.json", "b.json", cwd=tmp_path)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    by_path = {d["path"]: d for d in report["drift"]}
    assert set(by_path) == {"/Data/ContactType", "/Data/BrandNewField", "/Data/AgentEvents/*/Extra"}
    enum = by_path["/Data/ContactType"]
    assert (
        enum["kind"] == "unknown enum value" and enum["value"] == "NEWTYPE" and enum["count"] == 6
    )
    assert enum["first_seen"]["file"] == "c.jsonl" and enum["first_seen"]["line"] == 1
    assert by_path["/Data/BrandNewField"]["kind"] == "unknown field"
    assert by_path["/Data/BrandNewField"]["value"] == "BrandNewField"


def test_json_report_is_one_document(captures: Path, page_example: dict[str, Any]) -> None:
    done = run_validate("--format", "json", ".", "missing.json", cwd=captures)
    assert done.returncode == 2
    report = json.loads(done.stdout)
    assert set(report) == {"results", "summary", "drift", "descriptions"}
    summary = report["summary"]
    assert summary["responses"] == 5 and summary["valid"] == 3 and summary["invalid"] == 2
    assert summary["io_errors"] == 1 and summary["exit_code"] == 2 and summary["mode"] == "strict"
    results = report["results"]
    assert [(r["file"], r["line"], r["status"]) for r in results] == [
        ("calls.jsonl", 1, "valid"),
        ("calls.jsonl", 2, "invalid"),
        ("calls.jsonl", 3, "valid"),
        ("good.json", 1, "valid"),
        ("nested/drift.json", 1, "invalid"),
        ("missing.json", 0, "unreadable"),
    ]
    (type_error,) = results[1]["errors"]
    assert type_error["keyword"] == "type" and type_error["pointer"] == "/Data/CallDuration"
    assert type_error["actual"] == "fifty" and type_error["line"] == 2
    unknown = [e for e in results[4]["errors"] if e["keyword"] == "additionalProperties"]
    assert {e["pointer"] for e in unknown} == {"/Data/BrandNewField", "/Data/AgentEvents/0/Extra"}
    assert all(e["drift"] for e in unknown)
    # stderr gets one line for the log
    assert "5 responses in 4 inputs" in done.stderr


def test_junit_report_parses_with_a_suite_per_input_and_a_case_per_response(captures: Path) -> None:
    out = captures / "report.xml"
    done = run_validate("--format", "junit", "-o", str(out), ".", cwd=captures)
    assert done.returncode == 1
    assert done.stdout == ""
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "2", "0")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"good.json", "calls.jsonl", "nested/drift.json", "drift"}
    calls = suites["calls.jsonl"]
    cases = calls.findall("testcase")
    assert [c.get("name") for c in cases] == ["line 1", "line 2", "line 3"]
    assert calls.get("tests") == "3" and calls.get("failures") == "1"
    failure = cases[1].find("failure")
    assert failure is not None and "/Data/CallDuration: type:" in (failure.text or "")
    drift_suite = suites["drift"]
    names = [p.get("name") for p in drift_suite.iter("property")]
    assert "unknown enum value: /Data/ContactType = 'NEWTYPE'" in names


def test_github_annotations(captures: Path, page_example: dict[str, Any]) -> None:
    done = run_validate("--format", "github", "--lenient", ".", cwd=captures)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    col = dump(with_type_error(page_example), indent=None).index('"fifty"') + 1
    assert errors[0] == (
        f"::error file=calls.jsonl,line=2,col={col},title=GetCallDetailRecord invalid%3A "
        f"/Data/CallDuration (type)::/Data/CallDuration: type: 'fifty' is not of type integer"
    )
    assert len(warnings) == 3 and all("file=nested/drift.json" in w for w in warnings)
    assert any(line.startswith("::error title=validate summary::") for line in lines)
    assert "drift: 3 differences" in done.stdout


def test_stdin_single_document_and_json_lines(page_example: dict[str, Any], tmp_path: Path) -> None:
    one = run_validate("-", cwd=tmp_path, stdin=dump(page_example).encode())
    assert one.returncode == 0 and "1 response in 1 input" in one.stdout
    several = (dump(page_example, indent=None) + "\n") * 2 + '{"RequestId": NaN}\n'
    many = run_validate("-", cwd=tmp_path, stdin=several.encode())
    assert many.returncode == 1  # a line that is not JSON is an invalid capture
    assert "<stdin>:3:15: error: NaN is not valid JSON" in many.stdout
    forced = run_validate(
        "--jsonl", "-", cwd=tmp_path, stdin=dump(page_example, indent=None).encode()
    )
    assert forced.returncode == 0


def test_colour_only_when_asked_or_on_a_terminal(captures: Path) -> None:
    forced = run_validate("--color", "always", "nested", cwd=captures)
    assert "\x1b[1;31merror\x1b[0m" in forced.stdout
    # NO_COLOR is honoured in auto mode (here stdout is a pipe anyway)
    plain = run_validate("nested", cwd=captures, env=clean_env(NO_COLOR="1"))
    assert "\x1b[" not in plain.stdout


def test_nothing_to_validate_is_not_success(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("\n\n")
    done = run_validate("empty.jsonl", cwd=tmp_path)
    assert done.returncode == 2
    assert "nothing to validate" in done.stdout


def test_pipe_closed_early_is_quiet(tmp_path: Path, page_example: dict[str, Any]) -> None:
    import subprocess

    bad = dump(with_type_error(page_example), indent=None) + "\n"
    (tmp_path / "many.jsonl").write_text(bad * 20_000, "utf-8")
    command = " ".join(ENTRY_POINTS["python -m ccc"]) + " many.jsonl | head -n 1"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=clean_env(),
    )
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
