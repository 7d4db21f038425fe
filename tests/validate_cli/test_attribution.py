"""`validate` knows which operation each capture answers: `--operation`, else the capture's
file or folder named after the operation (the convention `get` captures follow); a capture
nothing attributes is reported at its line with a non-zero exit, never guessed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cccgen.runtime.tools.validate.attribution import UNATTRIBUTED, operation_of
from validate_cli.helpers import REPO, clean_env

DESCRIBED = json.loads((REPO / "generated" / "ccc" / "testing_operations.json").read_text("utf-8"))


def _example(name: str) -> dict[str, Any]:
    example: dict[str, Any] = next(iter(DESCRIBED["operations"][name]["examples"].values()))
    return example


CDR = _example("GetCallDetailRecord")
LISTED = _example("ListCallDetailRecords")
OPERATIONS = tuple(DESCRIBED["operations"])


def _validate(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m ccc validate` (the generated package, 242 operations) in a subprocess."""
    done = subprocess.run(
        [sys.executable, "-m", "ccc", "validate", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=clean_env(),
    )
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def _write(path: Path, payload: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("GetCallDetailRecord.json", "GetCallDetailRecord"),
        ("captures/GetCallDetailRecord.2026-12-01.jsonl", "GetCallDetailRecord"),
        ("captures/GetCallDetailRecord/job-1.json", "GetCallDetailRecord"),
        ("GetCallDetailRecord/2026/12/job-1.json", "GetCallDetailRecord"),
        ("GetInstance/GetCallDetailRecord/x.json", "GetCallDetailRecord"),  # the nearest folder
        ("GetCallDetailRecord/GetInstance.json", "GetInstance"),  # the file's own name first
        ("captures/cdr.json", None),
        ("GetCallDetailRecords.json", None),
        ("-", None),
    ],
)
def test_the_path_convention(name: str, expected: str | None) -> None:
    assert operation_of(name, OPERATIONS) == expected


def test_captures_are_checked_against_the_operation_their_path_names(tmp_path: Path) -> None:
    _write(tmp_path / "captures" / "GetCallDetailRecord" / "job-1.json", CDR)
    _write(tmp_path / "captures" / "ListCallDetailRecords.2026-12-02.json", LISTED)
    # A listing filed as GetCallDetailRecord is invalid there, not silently re-attributed.
    _write(tmp_path / "captures" / "GetCallDetailRecord" / "wrong.json", LISTED)
    done = _validate(tmp_path, "--format", "json", "captures")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    results = {Path(r["file"]).name: (r["operation"], r["status"]) for r in report["results"]}
    assert results["wrong.json"] == ("GetCallDetailRecord", "invalid")
    assert report["summary"]["valid"] == 2 and report["summary"]["invalid"] == 1


def test_a_capture_nothing_attributes_is_a_located_error(tmp_path: Path) -> None:
    _write(tmp_path / "captures" / "GetCallDetailRecord" / "job-1.json", CDR)
    loose = tmp_path / "captures" / "loose.json"
    loose.write_text("\n\n" + json.dumps(CDR), encoding="utf-8")
    done = _validate(tmp_path, "captures")
    assert done.returncode == 2, done.stdout
    assert f"captures/loose.json:3:1: error: {UNATTRIBUTED}" in done.stdout
    assert "1 valid" in done.stdout
    # Standard input is named by nothing either.
    piped = _validate(tmp_path, "-", stdin=json.dumps(CDR))
    assert piped.returncode == 2 and UNATTRIBUTED in piped.stdout


def test_operation_names_every_capture(tmp_path: Path) -> None:
    _write(tmp_path / "loose.json", CDR)
    _write(tmp_path / "GetInstance" / "d.json", CDR)  # --operation wins over the folder
    done = _validate(tmp_path, "--operation", "GetCallDetailRecord", ".")
    assert done.returncode == 0, done.stdout
    assert "2 valid" in done.stdout and "(strict, GetCallDetailRecord)" in done.stdout
    unknown = _validate(tmp_path, "--operation", "Nope", ".")
    assert unknown.returncode == 2 and "Nope" in unknown.stderr
