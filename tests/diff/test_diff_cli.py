"""`cccgen diff` as a user runs it: a real subprocess, exit codes 0/1/2, text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from diff.specs import SPEC_DIR, Doc, cccgen, data_fields, pair, write_spec

#: The one-operation fixture as a user names it: its spec directory (the parent of ccc/).
ONE_OP = str(SPEC_DIR.parent)


def no_edit(service: Doc, operation: Doc) -> None:
    pass


def compatible_edit(service: Doc, operation: Doc) -> None:
    data_fields(operation)["Extra"] = {"type": "string"}
    operation["summary"]["en"] = "Read one call detail record"


def breaking_edit(service: Doc, operation: Doc) -> None:
    data_fields(operation).pop("AgentIds")
    operation["response"]["fields"]["Message"]["required"] = True


def test_same_spec_exits_0(tmp_path: Path, repo_root: Path) -> None:
    """A spec directory and the service file in it: the same spec. (The real whole-API spec is
    diffed in-process by test_diff_rules.py::test_the_whole_api_against_a_small_change.)"""
    done = cccgen("diff", ONE_OP, f"{ONE_OP}/ccc/service.yaml")
    assert done.returncode == 0, done.stderr
    assert "No changes." in done.stdout
    assert done.stderr == ""


def test_compatible_changes_exit_0_and_are_listed(tmp_path: Path) -> None:
    old, new = pair(tmp_path, compatible_edit)
    done = cccgen("diff", str(old), str(new))
    assert done.returncode == 0, done.stderr
    assert "Compatible changes (1):" in done.stdout
    assert "Documentation changes (info) (1):" in done.stdout
    assert "GetCallDetailRecord.response.Data.Extra" in done.stdout
    assert "Breaking" not in done.stdout
    assert done.stdout.strip().endswith("0 breaking, 1 compatible, 1 info")


def test_breaking_changes_exit_1_grouped_first(tmp_path: Path) -> None:
    old, new = pair(tmp_path, breaking_edit)
    # directories work as well as service files: the parent of ccc/ and ccc/ itself
    done = cccgen("diff", str(old.parent.parent), str(new.parent))
    assert done.returncode == 1, done.stderr
    out = done.stdout
    assert out.index("Breaking changes (2):") < out.index("[field-removed]")
    assert (
        "[required-changed] GetCallDetailRecord.response.Message: optional became required" in out
    )
    assert "false -> true" in out
    assert out.strip().endswith("2 breaking, 0 compatible, 0 info: BREAKING")


def test_json_output_is_one_document(tmp_path: Path) -> None:
    old, new = pair(tmp_path, breaking_edit)
    done = cccgen("diff", "--format", "json", str(old), str(new))
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["breaking"] is True
    assert report["counts"] == {"breaking": 2, "compatible": 0, "info": 0}
    kinds = {(c["kind"], c["location"], c["severity"]) for c in report["changes"]}
    assert kinds == {
        ("field-removed", "GetCallDetailRecord.response.Data.AgentIds", "breaking"),
        ("required-changed", "GetCallDetailRecord.response.Message", "breaking"),
    }
    for change in report["changes"]:
        assert set(change) == {"kind", "severity", "operation", "location", "old", "new", "message"}
        assert change["operation"] == "GetCallDetailRecord"


def test_json_output_without_changes(tmp_path: Path) -> None:
    done = cccgen("diff", "--format", "json", ONE_OP, ONE_OP)
    assert done.returncode == 0
    assert json.loads(done.stdout)["changes"] == []


def test_broken_spec_exits_2_with_located_problems(tmp_path: Path) -> None:
    old = write_spec(tmp_path / "old")

    def broken(service: Doc, operation: Doc) -> None:
        data_fields(operation)["CallDuration"]["type"] = "long"

    new = write_spec(tmp_path / "new", broken)
    done = cccgen("diff", str(old), str(new), cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert "NEW spec" in done.stderr
    line = next(line for line in done.stderr.splitlines() if "unknown type 'long'" in line)
    # file:line:column: dotted.path: message, relative to the working directory
    location, path, _ = line.strip().split(": ", 2)
    file, line_no, column = location.rsplit(":", 2)
    assert file == "new/ccc/GetCallDetailRecord.yaml"
    assert int(line_no) > 0 and int(column) > 0
    assert path == "response.fields.Data.fields.CallDuration.type"


def test_missing_path_exits_2(tmp_path: Path) -> None:
    done = cccgen("diff", str(tmp_path / "nowhere"), ONE_OP)
    assert done.returncode == 2
    assert "no such file or directory" in done.stderr and "Traceback" not in done.stderr


def test_directory_with_several_services_exits_2(tmp_path: Path) -> None:
    write_spec(tmp_path / "many")
    second = tmp_path / "many" / "other"
    second.mkdir()
    (second / "service.yaml").write_text("cccgen_spec: 1\nkind: service\n", encoding="utf-8")
    done = cccgen("diff", str(tmp_path / "many"), ONE_OP)
    assert done.returncode == 2
    assert "holds 2 services" in done.stderr


def test_bad_usage_exits_2() -> None:
    done = cccgen("diff")
    assert done.returncode == 2
    assert "usage:" in done.stderr
    done = cccgen("diff", "--format", "xml", ONE_OP, ONE_OP)
    assert done.returncode == 2


def test_help_documents_the_rules() -> None:
    done = cccgen("diff", "--help")
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    for phrase in (
        "optional became required",
        "nullable became non-nullable",
        "A renamed field shows as a removal plus an addition",
        "Exit status: 0 nothing breaking, 1 breaking changes found, 2 bad input",
        "int32 to int64",
    ):
        assert phrase in text


def test_control_characters_in_spec_text_do_not_reach_the_terminal(tmp_path: Path) -> None:
    def hostile(service: Doc, operation: Doc) -> None:
        operation["summary"]["en"] = "evil \x1b[2J\x1b]0;title\x07 \u202e"

    old, new = pair(tmp_path, hostile)
    done = cccgen("diff", str(old), str(new))
    assert done.returncode == 0
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout and "\u202e" not in done.stdout
    assert "\\u001b[2J" in done.stdout
