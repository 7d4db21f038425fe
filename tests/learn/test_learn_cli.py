"""`cccgen learn` as users run it: a drifted capture set → learn --apply → `cccgen diff`
classifies the change → `cccgen generate` → the same captures validate; the curation survives
re-import; bad input is located, escaped, and the rest still learned from."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cccgen.cli import main
from cccgen.importer.run import import_metadata
from learn.helpers import drifted_captures, instance, write_json


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_drift_to_spec_change_to_generated_package_that_validates(
    small_spec: Path,
    small_spec_template: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = small_spec.parent.parent
    drifted_captures(root / "captures")
    shutil.copytree(small_spec, root / "before" / "ccc")
    untouched = tree(small_spec)

    monkeypatch.chdir(root)
    assert main(["learn", "captures", "--spec", "spec/ccc"]) == 1
    shown, err = capsys.readouterr()
    assert tree(small_spec) == untouched  # without --apply nothing is written
    assert shown.startswith("--- a/spec/ccc/curation/GetCallDetailRecord.yaml\n")
    assert "--- /dev/null\n+++ b/spec/ccc/curation/GetInstance.yaml\n" in shown
    assert "2 BREAKING" in err

    applied = run("cccgen", "learn", "captures", "--spec", "spec/ccc", "--apply", cwd=root)
    assert applied.returncode == 1, applied.stderr
    assert applied.stdout == shown  # the diff shown is what --apply wrote
    assert "Traceback" not in applied.stderr

    compared = run("cccgen", "diff", "before/ccc", "spec/ccc", "--format", "json", cwd=root)
    assert compared.returncode == 1  # the type change and the nullable field are breaking
    changes = {
        (c["kind"], c["location"], c["severity"]) for c in json.loads(compared.stdout)["changes"]
    }
    assert {
        ("field-added", "GetInstance.response.Data.Region", "compatible"),
        ("field-added", "GetInstance.response.Data.Quota", "compatible"),
        ("field-added", "GetCallDetailRecord.response.Data.Sentiment", "compatible"),
        (
            "enum-value-added",
            "GetInstance.enums.GetInstanceResponseDataStatus.MIGRATING",
            "compatible",
        ),
        ("enum-value-added", "GetCallDetailRecord.enums.ReleaseInitiator.robot", "compatible"),
        ("nullable-changed", "GetInstance.response.Data.Description", "breaking"),
        ("type-changed", "GetCallDetailRecord.response.Data.Satisfaction", "breaking"),
    } <= changes
    assert not any(kind.endswith("-removed") for kind, _, _ in changes)

    generated = run("cccgen", "generate", "--spec", "spec", "--out", "gen", cwd=root)
    assert generated.returncode == 0, generated.stderr
    env = {**os.environ, "PYTHONPATH": str(root / "gen")}
    validated = run("ccc", "validate", "captures", cwd=root, env=env)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "drift: none" in validated.stdout

    # Learned once: nothing more to propose.
    assert main(["learn", str(root / "captures"), "--spec", str(small_spec)]) == 0

    # The curation layer carries the change through a re-import: the same bytes.
    after = tree(small_spec)
    import_metadata(small_spec_template[1], small_spec)
    assert tree(small_spec) == after
    data = yaml.safe_load((small_spec / "GetInstance.yaml").read_text(encoding="utf-8"))
    assert data["response"]["fields"]["Data"]["fields"]["Region"]["type"] == "string"


def test_bad_captures_are_located_and_the_rest_still_learned_from(
    small_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    captures = small_spec.parent.parent / "captures"
    write_json(captures / "GetInstance" / "good.json", instance(Region="x"))
    (captures / "GetInstance" / "\x1b[31mbad.json").write_text('{"Data": {', encoding="utf-8")
    (captures / "GetInstance" / "list.json").write_text("[1]", encoding="utf-8")
    write_json(captures / "elsewhere.json", instance(Other=1))
    before = tree(small_spec)

    code = main(["learn", str(captures), "--spec", str(small_spec), "--apply"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "\x1b" not in err and "\x1b" not in out
    lines = err.splitlines()
    bad = f"{captures}/GetInstance/\\x1b[31mbad.json:1:11: "
    assert any(line.startswith(bad) and "truncated" in line for line in lines), err
    assert f"{captures}/GetInstance/list.json:1:1: not a JSON object" in err
    assert f"{captures}/elsewhere.json:1:1: cannot tell which operation" in err
    # The good capture was learned from, and written.
    assert "+        Region:\n" in out
    assert tree(small_spec) != before
    data = yaml.safe_load((small_spec / "GetInstance.yaml").read_text(encoding="utf-8"))
    assert "Region" in data["response"]["fields"]["Data"]["fields"]
    assert "Other" not in json.dumps(data)


def test_a_missing_spec_or_capture_is_a_clear_error(
    tmp_path: Path, small_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["learn", str(tmp_path / "none"), "--spec", str(small_spec)]) == 2
    assert "none: no such file or directory" in capsys.readouterr().err
    assert main(["learn", str(tmp_path), "--spec", str(tmp_path / "nospec")]) == 2
    assert "no spec at" in capsys.readouterr().err


def test_a_type_change_takes_away_the_enum_only_that_field_used(
    small_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    captures = small_spec.parent.parent / "captures"
    write_json(captures / "GetInstance" / "1.json", instance(Status=5))
    code = main(["learn", str(captures), "--spec", str(small_spec), "--apply"])
    out, err = capsys.readouterr()
    assert code == 1, err
    data = yaml.safe_load((small_spec / "GetInstance.yaml").read_text(encoding="utf-8"))
    status = data["response"]["fields"]["Data"]["fields"]["Status"]
    assert status["type"] == "any" and "enum" not in status
    assert "GetInstanceResponseDataStatus" not in data["enums"]
    assert "-  GetInstanceResponseDataStatus:\n" in out
    assert "BREAKING [type-changed]" in err


def test_drift_it_cannot_learn_is_listed_escaped_and_exits_1(
    small_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    captures = small_spec.parent.parent / "captures"
    payload = instance(**{"Extra": {"Fine": 1, "bad\x1bname": 2}, "\x07Bell": 1})
    (captures / "GetInstance").mkdir(parents=True)
    (captures / "GetInstance" / "1.json").write_text(json.dumps(payload), encoding="utf-8")
    code = main(["learn", str(captures), "--spec", str(small_spec)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "\x1b" not in err and "\x07" not in err
    assert "cannot learn field 'Extra.bad\\x1bname'" in err
    assert "cannot learn field '\\x07Bell' of GetInstanceResponseData" in err
    assert "+        Extra:\n" in out and "+            Fine:\n" in out


def test_operation_names_what_file_names_do_not(
    small_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capture = write_json(small_spec.parent.parent / "capture.json", instance(Region="x"))
    spec = ["--spec", str(small_spec)]
    assert main(["learn", str(capture), *spec, "--operation", "GetInstance"]) == 1
    assert "+        Region:\n" in capsys.readouterr().out
    assert main(["learn", str(capture), *spec, "--operation", "Nope"]) == 2
    assert "--operation Nope: no such operation in the spec" in capsys.readouterr().err


def test_changes_inside_an_object_that_becomes_any_go_with_it(
    small_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    captures = small_spec.parent.parent / "captures" / "GetInstance"
    write_json(captures / "1.json", {**instance(), "Data": [1]})
    write_json(captures / "2.json", instance(Region="x", Status="NEW", Description=5, Name=None))
    code = main(["learn", str(captures.parent), "--spec", str(small_spec), "--apply"])
    _, err = capsys.readouterr()
    assert code == 1, err
    data = yaml.safe_load((small_spec / "GetInstance.yaml").read_text(encoding="utf-8"))
    assert data["response"]["fields"]["Data"]["type"] == "any"
    assert "fields" not in data["response"]["fields"]["Data"]
    assert "enums" not in data or data["enums"] == {}
