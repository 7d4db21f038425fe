"""`validate` knows which operation each capture answers: `--operation`, else the capture's
file or folder named after the operation (the convention `get` captures follow); a capture
nothing attributes is reported at its line with a non-zero exit, never guessed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cccgen.pipeline import build_all
from cccgen.runtime.tools.validate.attribution import UNATTRIBUTED, operation_of
from cccgen.writer import write_tree
from validate_cli.helpers import REPO, clean_env

WIDGETS_SPEC = REPO / "tests" / "fixtures" / "multi" / "widgets" / "service.yaml"
WIDGET = {"RequestId": "r-1", "Widget": {"WidgetId": "w-1", "State": "active", "CreatedAt": 1}}
DELETED = {"RequestId": "r-2", "Deleted": True}
OPERATIONS = ("DeleteWidget", "GetWidget", "ListWidgets")


@pytest.fixture(scope="module")
def widgets_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated `widgets` package (three operations), in a folder of its own."""
    out = tmp_path_factory.mktemp("attribution") / "generated"
    write_tree(out, build_all([WIDGETS_SPEC]))
    return out


def _validate(root: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "widgets", "validate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=clean_env(PYTHONPATH=str(root)),
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
        ("GetWidget.json", "GetWidget"),
        ("captures/GetWidget.2026-12-01.jsonl", "GetWidget"),
        ("captures/GetWidget/job-1.json", "GetWidget"),
        ("GetWidget/2026/12/job-1.json", "GetWidget"),
        ("ListWidgets/GetWidget/x.json", "GetWidget"),  # the nearest folder
        ("GetWidget/DeleteWidget.json", "DeleteWidget"),  # the file's own name first
        ("captures/widget.json", None),
        ("GetWidgets.json", None),
        ("-", None),
    ],
)
def test_the_path_convention(name: str, expected: str | None) -> None:
    assert operation_of(name, OPERATIONS) == expected


def test_captures_are_checked_against_the_operation_their_path_names(
    widgets_root: Path, tmp_path: Path
) -> None:
    _write(tmp_path / "captures" / "GetWidget" / "w-1.json", WIDGET)
    _write(tmp_path / "captures" / "DeleteWidget.2026-12-02.json", DELETED)
    # A delete answer filed as GetWidget is invalid there, not silently re-attributed.
    _write(tmp_path / "captures" / "GetWidget" / "wrong.json", DELETED)
    done = _validate(widgets_root, tmp_path, "--format", "json", "captures")
    assert done.returncode == 1, done.stderr
    results = {
        Path(r["file"]).name: (r["operation"], r["status"])
        for r in json.loads(done.stdout)["results"]
    }
    assert results["wrong.json"] == ("GetWidget", "invalid")
    summary = json.loads(done.stdout)["summary"]
    assert summary["valid"] == 2 and summary["invalid"] == 1


def test_a_capture_nothing_attributes_is_a_located_error(
    widgets_root: Path, tmp_path: Path
) -> None:
    _write(tmp_path / "captures" / "GetWidget" / "w-1.json", WIDGET)
    loose = tmp_path / "captures" / "loose.json"
    loose.write_text("\n\n" + json.dumps(WIDGET), encoding="utf-8")
    done = _validate(widgets_root, tmp_path, "captures")
    assert done.returncode == 2, done.stdout
    assert f"captures/loose.json:3:1: error: {UNATTRIBUTED}" in done.stdout
    assert "1 valid" in done.stdout
    # Standard input is named by nothing either.
    piped = subprocess.run(
        [sys.executable, "-m", "widgets", "validate", "-"],
        input=json.dumps(WIDGET),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=clean_env(PYTHONPATH=str(widgets_root)),
    )
    assert piped.returncode == 2 and UNATTRIBUTED in piped.stdout


def test_operation_names_every_capture(widgets_root: Path, tmp_path: Path) -> None:
    _write(tmp_path / "loose.json", WIDGET)
    _write(tmp_path / "DeleteWidget" / "d.json", WIDGET)  # --operation wins over the folder
    done = _validate(widgets_root, tmp_path, "--operation", "GetWidget", ".")
    assert done.returncode == 0, done.stdout
    assert "2 valid" in done.stdout and "(strict, GetWidget)" in done.stdout
    unknown = _validate(widgets_root, tmp_path, "--operation", "Nope", ".")
    assert unknown.returncode == 2 and "Nope" in unknown.stderr
