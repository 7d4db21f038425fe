"""Captured error answers through the real command lines: reported as one verdict, counted in the
summary of every format, passing by default, failing with --fail-on-error-responses."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from validate_cli.helpers import ENTRY_POINTS, dump, run_validate

BLANK = {
    "Code": "Parameter.Blank",
    "HttpStatusCode": 400,
    "Message": "The parameter ContactId may not be null or blank.",
    "RequestId": "7BEEA660-A45A-45E3-98CC-AFC65E715C24",
}
GATEWAY = {
    "RequestId": "0C0C0B1E-7A7B-5F0A-9E0A-6B6A0E0A0A0A",
    "HostId": "ccc.cn-shanghai.aliyuncs.com",
    "Code": "Throttling.User",
    "Message": "Request was denied due to user flow control.",
}


@pytest.fixture
def captures(tmp_path: Path, page_example: dict[str, Any]) -> Path:
    (tmp_path / "ok.json").write_text(dump(page_example), "utf-8")
    (tmp_path / "blank.json").write_text(dump(BLANK), "utf-8")
    lines = [dump(page_example, indent=None), dump(GATEWAY, indent=None)]
    (tmp_path / "calls.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return tmp_path


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_error_responses_pass_by_default_and_are_counted(captures: Path, entry: str) -> None:
    done = run_validate(".", cwd=captures, entry=entry)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "blank.json:1:1: note: error response Parameter.Blank (400)" in lines
    assert "calls.jsonl:2:1: note: error response Throttling.User" in lines
    assert "required property 'Data'" not in done.stdout
    summary = next(line for line in lines if " responses in " in line)
    assert summary.startswith("4 responses in 3 inputs")
    assert ": 2 valid, 0 invalid, 2 error responses;" in summary


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_an_option_makes_error_responses_fail(captures: Path, entry: str) -> None:
    done = run_validate("--fail-on-error-responses", ".", cwd=captures, entry=entry)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "blank.json:1:1: error: error response Parameter.Blank (400)" in done.stdout
    assert ": 2 valid, 0 invalid, 2 error responses;" in done.stdout


def test_an_error_body_that_does_not_fit_the_envelope_is_invalid(tmp_path: Path) -> None:
    body = {**BLANK, "HttpStatusCode": "400"}
    (tmp_path / "odd.json").write_text(dump(body), "utf-8")
    done = run_validate("odd.json", cwd=tmp_path)
    assert done.returncode == 1
    assert "odd.json:1:1: note: error response Parameter.Blank ('400')" in done.stdout
    assert (
        "odd.json:3:21: error: /HttpStatusCode: type: '400' is not of type integer" in done.stdout
    )
    assert ": 0 valid, 1 invalid;" in done.stdout


def test_json_report(captures: Path) -> None:
    for extra, code in (([], 0), (["--fail-on-error-responses"], 1)):
        done = run_validate("--format", "json", *extra, ".", cwd=captures)
        assert done.returncode == code
        report = json.loads(done.stdout)
        summary = report["summary"]
        assert (summary["valid"], summary["invalid"], summary["error_responses"]) == (2, 0, 2)
        assert summary["exit_code"] == code
        errors = [r for r in report["results"] if r["status"] == "error response"]
        assert [(r["file"], r["line"]) for r in errors] == [("blank.json", 1), ("calls.jsonl", 2)]
        where = "errors" if code else "notes"
        finding = errors[0][where][0]
        assert finding["kind"] == "errorResponse"
        assert finding["message"] == "error response Parameter.Blank (400)"
        assert "2 error responses" in done.stderr  # the one line for the log


def test_junit_report(captures: Path) -> None:
    allowed = ET.fromstring(run_validate("--format", "junit", ".", cwd=captures).stdout)
    assert allowed.get("tests") == "4" and allowed.get("failures") == "0"
    assert "2 error responses" in "".join(allowed.itertext())
    failing = run_validate("--format", "junit", "--fail-on-error-responses", ".", cwd=captures)
    root = ET.fromstring(failing.stdout)
    assert root.get("failures") == "2"
    failure = root.find(".//failure")
    assert failure is not None and failure.get("type") == "error response"
    assert failure.get("message") == "error response Parameter.Blank (400)"


def test_github_annotations(captures: Path) -> None:
    done = run_validate("--format", "github", ".", cwd=captures)
    assert done.returncode == 0
    assert (
        "::notice file=blank.json,line=1,col=1,title=error response::"
        "error response Parameter.Blank (400)"
    ) in done.stdout.splitlines()
    assert "2 error responses" in done.stdout
    failing = run_validate("--format", "github", "--fail-on-error-responses", ".", cwd=captures)
    assert "::error file=blank.json,line=1,col=1,title=error response::" in failing.stdout


def test_a_hostile_code_is_escaped_in_the_report(tmp_path: Path) -> None:
    body = {**BLANK, "Code": "\x1b[2J\x1b[31mboom\r\n::error::fake"}
    (tmp_path / "evil.json").write_text(dump(body), "utf-8")
    for fmt in ("text", "github"):
        done = run_validate("--format", fmt, "evil.json", cwd=tmp_path)
        assert "\x1b" not in done.stdout and "\r" not in done.stdout
        assert "\n::error::fake" not in done.stdout
        assert "error response '\\x1b[2J\\x1b[31mboom\\r\\n::error::fake' (400)" in done.stdout


def test_help_documents_error_responses(tmp_path: Path) -> None:
    done = run_validate("--help", cwd=tmp_path)
    assert done.returncode == 0
    assert "error responses:" in done.stdout and "--fail-on-error-responses" in done.stdout
