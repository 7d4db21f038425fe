"""The reports through the real command (`python -m ccc validate` in a subprocess).

`--coverage` with figures counted by hand on a few captures; `--format markdown` parsed as
GitHub would; `--format github` appending to `$GITHUB_STEP_SUMMARY`; `--format html -o FILE`
with hostile captures and file names, opened in headless Chromium; one process and two worker
processes giving the same reports.

The reports carry the run's duration (the JSON `seconds`, the Markdown totals' `seconds` row,
the HTML sub-title's `; 0.12 s`): `_steady` blanks it before reports are compared, nothing else.
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ccc._runtime.tools.validate import pool
from reports.browser import ARTIFACTS, counting_server, run_chromium, screenshot
from reports.test_browser import (
    _payloads,
    browser,  # noqa: F401 - the fixture: Chromium, or skip/fail
)
from reports.test_markdown import _markup, _tables
from validate_cli.helpers import REPO, clean_env, dump, run_validate, with_drift, with_type_error

OPERATION = "GetCallDetailRecord"
ERROR_ANSWER = '{"RequestId": "r", "Code": "Throttling", "Message": "m"}'


def _captures(folder: Path, page: dict[str, Any]) -> None:
    """Three responses to count by hand, an error answer and a line that is not JSON."""
    folder.mkdir()
    (folder / "a.json").write_text(dump(page), "utf-8")
    inbound = copy.deepcopy(page)
    inbound["Data"]["ContactType"] = "INBOUND"
    inbound["Data"]["CallDuration"] = 312
    inbound["Data"]["EstablishedTime"] = None
    del inbound["Data"]["AnalyticsReport"]
    (folder / "b.json").write_text(dump(inbound), "utf-8")
    drifted = copy.deepcopy(page)
    drifted["Data"]["ContactType"] = "VIDEO"
    drifted["Data"]["Extra"] = 1
    drifted["Data"]["AgentEvents"].append(copy.deepcopy(page["Data"]["AgentEvents"][0]))
    lines = [dump(drifted, indent=None), ERROR_ANSWER, '{"broken": ']
    (folder / "c.jsonl").write_text("\n".join(lines) + "\n", "utf-8")


def _fields(coverage: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["path"]: f for f in coverage[OPERATION]["fields"]}


@pytest.mark.parametrize("entry", ["python -m ccc", "cccgen"])
def test_coverage_in_json_counted_by_hand(
    entry: str, tmp_path: Path, page_example: dict[str, Any]
) -> None:
    _captures(tmp_path / "caps", page_example)
    done = run_validate("--coverage", "--format", "json", "caps", cwd=tmp_path, entry=entry)
    assert done.returncode == 1, done.stderr  # the broken line and the drift are invalid
    report = json.loads(done.stdout)
    summary = report["summary"]
    assert (summary["responses"], summary["error_responses"], summary["not_json"]) == (5, 1, 1)
    coverage = report["coverage"]
    assert list(coverage) == [OPERATION]
    # The error answer and the line that is not JSON are no responses of the operation.
    assert coverage[OPERATION]["responses"] == 3
    fields = _fields(coverage)
    kind = fields["Data.ContactType"]
    assert (kind["present"], kind["null"], kind["absent"]) == (3, 0, 0)
    counts = {v["value"]: v["count"] for v in kind["enum"]["values"]}
    assert (counts["OUTBOUND"], counts["INBOUND"]) == (1, 1)
    assert (
        "CONFERENCE" in kind["enum"]["never_seen"] and "OUTBOUND" not in kind["enum"]["never_seen"]
    )
    assert kind["enum"]["unknown"] == [{"value": '"VIDEO"', "count": 1}]
    assert fields["Data.CallDuration"]["range"] == {"min": 50, "max": 312}
    report_field = fields["Data.AnalyticsReport"]
    assert (report_field["present"], report_field["absent"]) == (2, 1)
    established = fields["Data.EstablishedTime"]
    assert (established["present"], established["null"], established["absent"]) == (2, 1, 0)
    events = fields["Data.AgentEvents[]"]
    assert (events["present"], events["responses"]) == (4, 3)  # 1 + 1 + 2 agent events
    assert fields["Data.AgentEvents[].AgentId"]["present"] == 4
    assert fields["Data.CallingNumber"]["longest"] == len(page_example["Data"]["CallingNumber"])
    assert coverage[OPERATION]["unknown_fields"] == [{"path": "Data.Extra", "count": 1}]


def test_without_coverage_the_json_report_has_none(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    _captures(tmp_path / "caps", page_example)
    done = run_validate("--format", "json", "caps", cwd=tmp_path)
    assert "coverage" not in json.loads(done.stdout)


@pytest.mark.parametrize("fmt", ["text", "github", "junit"])
def test_coverage_lines_in_text_github_and_junit(
    fmt: str, tmp_path: Path, page_example: dict[str, Any]
) -> None:
    _captures(tmp_path / "caps", page_example)
    done = run_validate("--coverage", "--format", fmt, "caps", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"coverage of {OPERATION}: " in done.stdout
    assert 'Data.ContactType = "VIDEO" (1)' in done.stdout
    assert "unknown fields: Data.Extra (1)" in done.stdout
    plain = run_validate("--format", fmt, "caps", cwd=tmp_path)
    assert "coverage of" not in plain.stdout


def test_markdown_report_for_a_job_summary(tmp_path: Path, page_example: dict[str, Any]) -> None:
    _captures(tmp_path / "caps", page_example)
    done = run_validate("--coverage", "--format", "markdown", "caps", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "5 responses in 3 inputs" in done.stderr  # one line for the log
    text = done.stdout
    assert not _markup(text)
    tables = _tables(text)
    totals = {row[0]: row[1] for row in tables[0][1:]}
    assert (totals["responses"], totals["valid"], totals["invalid"]) == ("5", "2", "2")
    assert (totals["not valid JSON"], totals["error responses"]) == ("1", "1")
    failures = tables[1]
    # A capture that is not JSON answers no operation: the table names operations.
    assert failures[0] == ["operation", "path", "keyword", "errors", "first example"]
    groups = {(row[0], row[1], row[2]): row[3:] for row in failures[1:]}
    assert groups[("-", "/", "json")][0] == "1"
    assert groups[("-", "/", "json")][1].startswith("caps/c.jsonl:3:")
    assert groups[(OPERATION, "/Data/ContactType", "enum")][0] == "1"
    assert groups[(OPERATION, "/Data/Extra", "additionalProperties")][0] == "1"
    coverage = {row[0]: row for row in tables[3][1:]}
    assert coverage["Data.ContactType"][1:5] == ["unknown values", "3", "0", "0"]
    assert coverage["Data.AnalyticsReport"][2:5] == ["2", "0", "1"]
    assert [row[0] for row in tables[4][1:]] == ["Data.Extra"]
    # Without --coverage the Markdown report has no coverage table (quick CI runs).
    quick = run_validate("--format", "markdown", "caps", cwd=tmp_path)
    assert len(_tables(quick.stdout)) == 3 and "Coverage of" not in quick.stdout


def test_github_format_appends_to_the_job_summary(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    _captures(tmp_path / "caps", page_example)
    summary = tmp_path / "summary.md"
    summary.write_text("## an earlier step\n\nits text\n", "utf-8")
    env = clean_env(GITHUB_STEP_SUMMARY=str(summary))
    done = run_validate("--coverage", "--format", "github", "caps", cwd=tmp_path, env=env)
    assert done.returncode == 1, done.stderr
    assert "::error " in done.stdout  # the annotations still go to the log
    text = summary.read_text("utf-8")
    assert text.startswith("## an earlier step\n\nits text\n\n## validate report\n")
    tables = _tables(text)
    assert {row[0]: row[1] for row in tables[0][1:]}["responses"] == "5"
    assert any(row[0] == "Data.ContactType" for table in tables for row in table)
    assert not _markup(text)
    # A second step appends again; nothing earlier is lost.
    run_validate("--format", "github", "caps/a.json", cwd=tmp_path, env=env)
    again = summary.read_text("utf-8")
    assert again.startswith(text) and again.count("## validate report") == 2


def test_github_format_without_a_job_summary_writes_none(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    _captures(tmp_path / "caps", page_example)
    before = sorted(p.name for p in tmp_path.iterdir())
    done = run_validate("--format", "github", "caps", cwd=tmp_path)  # no GITHUB_STEP_SUMMARY
    assert done.returncode == 1 and "job summary" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_an_unwritable_job_summary_warns_and_keeps_the_exit_status(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    _captures(tmp_path / "caps", page_example)
    missing = tmp_path / "no such folder" / "summary\x1b[2J.md"
    env = clean_env(GITHUB_STEP_SUMMARY=str(missing))
    for path, code in (("caps", 1), ("caps/a.json", 0)):
        done = run_validate("--format", "github", path, cwd=tmp_path, env=env)
        assert done.returncode == code, done.stderr
        assert "validate: warning: cannot write the job summary" in done.stderr
        assert "\x1b" not in done.stderr and "summary\\x1b[2J.md" in done.stderr


def _hostile_names(base: str) -> list[str]:
    """File names that would be markup: images whose handlers run a script, one of which
    leaves the page (a file name cannot hold "/": the script spells it `\\x2f`)."""
    slash = "\\x2f"
    target = base.replace("/", slash)
    return [
        "<img src=x onerror=alert(1)>.json",
        f"<img src=x onerror=\"location.href='{target}{slash}name-img'\">.json",
        '"><marquee>moving<marquee>.jsonl',
    ]


def test_html_report_with_hostile_captures_in_a_browser(
    browser: str,  # noqa: F811 - the fixture
    tmp_path: Path,
    page_example: dict[str, Any],
) -> None:
    with counting_server() as (base, requests):
        folder = tmp_path / "caps"
        _captures(folder, page_example)
        for name, markup in zip(_hostile_names(base), _payloads(base), strict=False):
            bad = copy.deepcopy(page_example)
            bad["Data"][markup] = markup
            bad["Data"]["ContactType"] = markup
            bad["Data"]["AgentEvents"][0][markup] = 1
            (folder / name).write_text(dump(bad, indent=None), "utf-8")
        done = run_validate("--format", "html", "-o", "report.html", "caps", cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        assert done.stdout == "" and "8 responses in 6 inputs" in done.stderr
        report = tmp_path / "report.html"
        page = report.read_text("utf-8")
        dom = run_chromium(browser, report, "--dump-dom")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        png = ARTIFACTS / "cli-hostile-report.png"
        screenshot(browser, report, png)
        print(f"screenshot: {png}")
    assert requests == []  # nothing left the page: no image, no script, no style sheet
    assert "Failures by path" in dom and "Coverage of the spec" in dom  # it did render
    assert "error responses" in dom  # the totals count them
    lowered = dom.lower()
    assert "<img" not in lowered and "<script" not in lowered and "<marquee" not in lowered
    assert lowered.count("<style") == 1
    for name in _hostile_names(base):
        assert html.escape(name, quote=False) in dom, name  # shown, as text
    for markup in _payloads(base)[:3]:  # as unknown fields of the coverage: Data["<img ..."]
        quoted = json.dumps(markup, ensure_ascii=False)
        assert html.escape(f"Data[{quoted}]", quote=False) in dom, markup
    assert "<img" not in page and "<script" not in page  # in the file itself too
    assert len(page.encode()) < 300_000


def _steady(text: str) -> str:
    """A report without the run's duration (the only figure that differs between runs)."""
    text = re.sub(r'"seconds": [0-9.]+', '"seconds": 0', text)
    text = re.sub(r"\| seconds \| [0-9&#;]+ \|", "| seconds | - |", text)  # "." is &#46;
    return re.sub(r"; [0-9.]+ s\)", "; - s)", text)


def test_workers_give_the_same_reports_as_one_process(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    """Enough small files for the worker pool: coverage and failures merge exactly."""
    folder = tmp_path / "caps"
    folder.mkdir()
    for i in range(pool.PARALLEL_MIN_FILES + 23):
        page = copy.deepcopy(page_example)
        page["Data"]["CallDuration"] = i
        if i % 7 == 3:
            page["Data"]["ContactType"] = f"NEW{i % 5}"
        if i % 11 == 4:
            page["Data"]["EstablishedTime"] = "later"
        if i % 13 == 5:
            page["Data"][f"Unknown{i % 3}"] = None
        text = dump(page) if i % 97 != 50 else ERROR_ANSWER if i % 2 else "{"
        (folder / f"{i:04}.json").write_text(text, "utf-8")
    for fmt in ("json", "markdown", "html"):
        reports = []
        for jobs in ("1", "2"):
            done = run_validate("--coverage", "--format", fmt, "-j", jobs, "caps", cwd=tmp_path)
            assert done.returncode == 1, done.stderr
            reports.append(_steady(done.stdout))
        assert reports[0] == reports[1], fmt
        if fmt == "json":
            report = json.loads(reports[0])
            coverage = report["coverage"][OPERATION]
            assert (
                coverage["responses"]
                == report["summary"]["valid"]
                + report["summary"]["invalid"]
                - report["summary"]["not_json"]
            )
            duration = _fields(report["coverage"])["Data.CallDuration"]
            assert duration["range"] == {"min": 0, "max": pool.PARALLEL_MIN_FILES + 22}


def test_workers_on_a_big_json_lines_file_give_the_same_reports(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    """One JSON Lines file over the threshold, cut into pieces for the workers."""
    good = dump(page_example, indent=None)
    odd = [
        dump(with_drift(page_example), indent=None),
        dump(with_type_error(page_example), indent=None),
    ]
    lines, size, i = [], 0, 0
    while size < pool.PARALLEL_MIN_BYTES + (1 << 20):
        line = odd[i % 2] if i % 211 == 5 else ("{" if i % 1999 == 7 else good)
        lines.append(line)
        size += len(line.encode()) + 1
        i += 1
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    for fmt in ("markdown", "html"):
        reports = []
        for jobs in ("1", "2"):
            done = run_validate(
                "--coverage", "--format", fmt, "-j", jobs, "big.jsonl", cwd=tmp_path
            )
            assert done.returncode == 1, done.stderr
            reports.append(_steady(done.stdout))
        assert reports[0] == reports[1], fmt
        assert re.search(rf"(\| responses \| |<b>){len(lines)}(</b>| \|)", reports[0]), fmt


def _link(source: str, target: str) -> None:
    """A file of a copied tree: a hard link where the file system allows (a new name for the
    same bytes: creating a file cost some 0.6 ms of CPU here, 1,400 files for the package),
    else a copy. Nothing writes to them; the files removed or added are names in the copy's
    own folders."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def test_missing_response_schemas_are_a_usage_error(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    """A vendored copy that lost the schema --coverage needs: exit 2, nothing written. One
    that lost another operation's measures the operation named (--operation) as ever: only its
    schema is read."""
    shutil.copytree(REPO / "generated" / "ccc", tmp_path / "vendored", copy_function=_link)
    schemas = tmp_path / "vendored" / "schemas"
    (schemas / f"{OPERATION}.response.schema.json").unlink()
    (tmp_path / "a.json").write_text(dump(page_example), "utf-8")
    env = clean_env(PYTHONPATH=str(tmp_path))

    def vendored(*args: str) -> subprocess.CompletedProcess[str]:
        command = [
            sys.executable,
            "-m",
            "vendored",
            "validate",
            "--operation",
            OPERATION,
            *args,
            "a.json",
        ]
        return subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False, env=env
        )

    for args in (["--coverage"], ["--format", "html", "-o", "report.html"]):
        done = vendored(*args)
        assert done.returncode == 2, done.stderr
        assert "validate: cannot read the response schemas" in done.stderr
        assert f"{OPERATION}.response.schema.json" in done.stderr and "Traceback" not in done.stderr
        assert done.stdout == "" and not (tmp_path / "report.html").exists()
    plain = vendored()
    assert plain.returncode == 0, plain.stderr  # without coverage the schemas are not needed
    shutil.copy(
        REPO / "generated" / "ccc" / "schemas" / f"{OPERATION}.response.schema.json", schemas
    )
    (schemas / "ListCallDetailRecords.response.schema.json").unlink()
    measured = vendored("--coverage", "--format", "json")
    assert measured.returncode == 0, measured.stderr
    assert list(json.loads(measured.stdout)["coverage"]) == [OPERATION]


def test_control_characters_read_the_same_in_every_report(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    """A key with an escape sequence and a zero-width space: spelled alike in text and
    Markdown (`\\x1b`, as in the text and github reports), never raw; the zero-width space,
    which a terminal shows harmlessly, is made visible on a page."""
    key = "NEW\x1b[31m\u200bkey"
    page_example["Data"][key] = 1
    (tmp_path / "a.json").write_text(dump(page_example), "utf-8")
    text = run_validate("a.json", cwd=tmp_path).stdout
    markdown = run_validate("--coverage", "--format", "markdown", "a.json", cwd=tmp_path).stdout
    assert "/Data/NEW\\x1b[31m" in text
    cells = " ".join(cell for table in _tables(markdown) for row in table for cell in row)
    failures, drift = _tables(markdown)[1:3]
    assert failures[1][0] == drift[1][2] == "/Data/NEW\\x1b[31m\\u200bkey"
    # The coverage names an odd key JSON-quoted (`Data["a.b"]`): as JSON writes it, \u001b.
    assert 'Data["NEW\\u001b[31m\\u200bkey"]' in cells
    assert "\x1b" not in markdown and "\u200b" not in markdown
