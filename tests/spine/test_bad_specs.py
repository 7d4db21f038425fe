"""A broken spec gets `file:line:column: path: message` for every problem, exit 2, no traceback,
and leaves the output directory exactly as it was."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from spine.helpers import cccgen, copy_spec, edit, line_of

OP = "GetCallDetailRecord.yaml"


def _unknown_type(d: Path) -> tuple[str, int, str]:
    edit(
        d / OP,
        "        CallDuration:\n          type: int64",
        "        CallDuration:\n          type: long",
    )
    return (
        OP,
        line_of(d / OP, "type: long"),
        "response.fields.Data.fields.CallDuration.type: unknown type 'long'",
    )


def _duplicate_key(d: Path) -> tuple[str, int, str]:
    edit(
        d / OP,
        "    RequestId:\n      type: string\n",
        "    RequestId:\n      type: string\n      type: string\n",
    )
    return OP, line_of(d / OP, "type: string", 6), "duplicate key 'type' (first defined at line"


def _duplicate_enum_value(d: Path) -> tuple[str, int, str]:
    edit(
        d / OP,
        "      - {value: SMS, zh: 短信滿意度, en: Survey by SMS}",
        "      - {value: IVR, name: IVR2, zh: 短信滿意度, en: Survey by SMS}",
    )
    return (
        OP,
        line_of(d / OP, "name: IVR2"),
        "enums.SatisfactionSurveyChannel.values[1].value: duplicate enum value 'IVR'",
    )


def _missing_required_key(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "http:\n  method: POST\n  path: /\n", "http:\n  method: POST\n")
    return OP, line_of(d / OP, "http:"), "http: missing required key 'path'"


def _malformed_yaml(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "read_only: true\n", "read_only: [true\n")
    return OP, 0, "malformed YAML"


def _name_collision(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "    RequestId:\n", "    Request_Id:\n      type: string\n    RequestId:\n")
    return (
        OP,
        line_of(d / OP, "    RequestId:"),
        "field 'RequestId' collides with field 'Request_Id': both become Python attribute 'request_id'",
    )


def _python_keyword(d: Path) -> tuple[str, int, str]:
    edit(
        d / OP, "        AgentIds:\n", "        From:\n          type: string\n        AgentIds:\n"
    )
    return (
        OP,
        line_of(d / OP, "        From:"),
        "field 'From': the attribute 'from' is a Python keyword; set `python_name:`",
    )


def _undefined_enum(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "          enum: ReleaseInitiator\n", "          enum: WhoHungUp\n")
    return (
        OP,
        line_of(d / OP, "enum: WhoHungUp"),
        "response.fields.Data.fields.ReleaseInitiator.enum: undefined enum 'WhoHungUp'",
    )


def _example_does_not_validate(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "        CallDuration: 50\n", "        CallDuration: fifty\n")
    return (
        OP,
        line_of(d / OP, "CallDuration: fifty"),
        "examples.page_success.response.Data.CallDuration: example does not validate",
    )


def _missing_operation_file(d: Path) -> tuple[str, int, str]:
    edit(d / "service.yaml", "  - GetCallDetailRecord.yaml", "  - Nope.yaml")
    return (
        "service.yaml",
        line_of(d / "service.yaml", "- Nope.yaml"),
        "operations[0]: operation file 'Nope.yaml' not found",
    )


CASES: dict[str, Callable[[Path], tuple[str, int, str]]] = {
    "unknown type": _unknown_type,
    "duplicate YAML key": _duplicate_key,
    "duplicate enum value": _duplicate_enum_value,
    "missing required key": _missing_required_key,
    "malformed YAML": _malformed_yaml,
    "Python name collision": _name_collision,
    "Python keyword": _python_keyword,
    "undefined enum": _undefined_enum,
    "example that does not validate": _example_does_not_validate,
    "missing operation file": _missing_operation_file,
}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_spec_is_located_and_writes_nothing(case: str, tmp_path: Path) -> None:
    service_file = copy_spec(tmp_path)
    file, line, expected = CASES[case](service_file.parent)
    out = tmp_path / "out"
    (out / "ccc").mkdir(parents=True)
    (out / "ccc" / "keep.txt").write_text("written before\n")
    before = _snapshot(out)

    result = cccgen("generate", "--spec", str(service_file), "--out", str(out), cwd=tmp_path)

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert expected in result.stderr, result.stderr
    line_pattern = str(line) if line else r"\d+"
    location = rf"^spec/ccc/{re.escape(file)}:{line_pattern}:\d+: "
    assert re.search(location, result.stderr, re.MULTILINE), (location, result.stderr)
    assert "nothing was written" in result.stderr
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "out",
        "spec",
    ]  # no staging dir left behind


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    service_file = copy_spec(tmp_path)
    d = service_file.parent
    _unknown_type(d)
    _undefined_enum(d)
    _python_keyword(d)
    result = cccgen(
        "generate", "--spec", str(service_file), "--out", str(tmp_path / "out"), cwd=tmp_path
    )
    assert result.returncode == 2
    problems = [line for line in result.stderr.splitlines() if line.startswith("spec/ccc/")]
    for expected in (
        "unknown type 'long'",
        "undefined enum 'WhoHungUp'",
        "'from' is a Python keyword",
    ):
        assert sum(expected in line for line in problems) == 1, result.stderr
    # The enum the broken reference no longer uses is reported too: four problems, one run.
    assert "enum 'ReleaseInitiator' is declared but no field uses it" in result.stderr
    assert f"{len(problems)} problems in the spec" in result.stderr
    assert not (tmp_path / "out").exists()


def test_check_reports_a_broken_spec_with_exit_2(tmp_path: Path) -> None:
    service_file = copy_spec(tmp_path)
    _malformed_yaml(service_file.parent)
    result = cccgen(
        "check", "--spec", str(service_file), "--out", str(tmp_path / "out"), cwd=tmp_path
    )
    assert result.returncode == 2
    assert "malformed YAML" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfe not utf-8", "not valid UTF-8"),
        (b"- just\n- a list\n", "a spec file must be a mapping at the top level"),
        (b"a: \x00\n", "malformed YAML"),
    ],
    ids=["empty", "not UTF-8", "not a mapping", "control character"],
)
def test_unreadable_operation_files(tmp_path: Path, content: bytes, message: str) -> None:
    service_file = copy_spec(tmp_path)
    (service_file.parent / OP).write_bytes(content)
    result = cccgen(
        "generate", "--spec", str(service_file), "--out", str(tmp_path / "out"), cwd=tmp_path
    )
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_missing_spec_path_is_a_clear_error(tmp_path: Path) -> None:
    result = cccgen(
        "generate",
        "--spec",
        str(tmp_path / "nowhere"),
        "--out",
        str(tmp_path / "out"),
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "no spec at " in result.stderr and "nowhere (pass --spec" in result.stderr
    assert "Traceback" not in result.stderr
