"""A broken spec gets `file:line:column: path: message` for every problem, exit 2, no traceback,
and leaves the output directory exactly as it was."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from generation.helpers import cccgen, copy_spec, edit, line_of

OP = "GetCallDetailRecord.yaml"
#: Names the models module imports: a model or enum called so would replace the import.
CLASH_NAMES = ("BaseModel", "Field", "ConfigDict", "Annotated", "Any")


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


def _error_code_field_not_declared(d: Path) -> tuple[str, int, str]:
    edit(d / "service.yaml", "  code_field: Code", "  code_field: ErrorCode")
    return (
        "service.yaml",
        line_of(d / "service.yaml", "code_field: ErrorCode"),
        "error_response.code_field: 'ErrorCode' is not one of the fields below",
    )


def _error_status_field_not_an_integer(d: Path) -> tuple[str, int, str]:
    edit(d / "service.yaml", "  status_field: HttpStatusCode", "  status_field: Message")
    return (
        "service.yaml",
        line_of(d / "service.yaml", "status_field: Message"),
        "error_response.status_field: field 'Message' must be an integer, not nullable",
    )


def _error_envelope_unknown_key(d: Path) -> tuple[str, int, str]:
    edit(d / "service.yaml", "  success_code: OK", "  success_code: OK\n  succes_code: OK")
    return (
        "service.yaml",
        line_of(d / "service.yaml", "succes_code: OK"),
        "error_response.succes_code: unknown key 'succes_code'",
    )


def _error_example_does_not_fit_the_envelope(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "      HttpStatusCode: 400\n", '      HttpStatusCode: "400"\n')
    return (
        OP,
        line_of(d / OP, 'HttpStatusCode: "400"'),
        (
            "examples.error_parameter_blank.error.HttpStatusCode: example does not fit the error "
            "envelope: '400' is not of type 'integer'"
        ),
    )


def _raw_nul(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "      example: ccc-test\n", "      example: ccc-\x00test\n")
    return OP, line_of(d / OP, "ccc-\x00test"), "control character U+0000 is not allowed raw"


def _unknown_top_level_key(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "read_only: true\n", "read_only: true\nreadonly: true\n")
    return OP, line_of(d / OP, "readonly: true"), "readonly: unknown key 'readonly'"


def _name_with_a_trailing_newline(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "name: GetCallDetailRecord\n", 'name: "GetCallDetailRecord\\n"\n')
    return OP, line_of(d / OP, "name: "), "name: 'GetCallDetailRecord\\n' does not match"


def _wire_name_with_a_trailing_newline(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "    InstanceId:\n", '    "InstanceId\\n":\n')
    return OP, line_of(d / OP, '"InstanceId'), "'InstanceId\\n' does not match"


def _class_name(kind: str, name: str) -> Callable[[Path], tuple[str, int, str]]:
    def case(d: Path) -> tuple[str, int, str]:
        if kind == "model":
            edit(d / OP, "      model: AgentEventStep\n", f"      model: {name}\n")
            needle = f"model: {name}"
        else:
            edit(d / OP, "\n  ReleaseInitiator:\n", f"\n  {name}:\n")
            edit(d / OP, "enum: ReleaseInitiator\n", f"enum: {name}\n")
            needle = f"  {name}:"
        return OP, line_of(d / OP, needle), f"{kind} name {name!r} would shadow"

    return case


def _request_field(wire: str, python: str) -> Callable[[Path], tuple[str, int, str]]:
    def case(d: Path) -> tuple[str, int, str]:
        edit(d / OP, "    InstanceId:\n", f"    {wire}:\n      type: string\n    InstanceId:\n")
        return (
            OP,
            line_of(d / OP, f"    {wire}:"),
            f"request field {wire!r}: parameter {python!r} clashes with a name the client method uses",
        )

    return case


def _model_attribute(
    wire: str, python: str, why: str = ""
) -> Callable[[Path], tuple[str, int, str]]:
    def case(d: Path) -> tuple[str, int, str]:
        edit(d / OP, "    RequestId:\n", f"    {wire}:\n      type: string\n    RequestId:\n")
        because = why or f"would shadow pydantic's BaseModel.{python}"
        return (
            OP,
            line_of(d / OP, f"    {wire}:"),
            f"field {wire!r}: the attribute {python!r} {because}",
        )

    return case


def _error_python_name(name: str, expected: str) -> Callable[[Path], tuple[str, int, str]]:
    def case(d: Path) -> tuple[str, int, str]:
        edit(
            d / OP,
            "      en: The parameter may not be null or a blank string.\n",
            "      en: The parameter may not be null or a blank string.\n"
            f"    python_name: {name}\n",
        )
        return OP, line_of(d / OP, f"python_name: {name}"), expected

    return case


def _int32_out_of_range(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "{value: 2, name: AGENT,", "{value: 2147483648, name: AGENT,")
    return (
        OP,
        line_of(d / OP, "value: 2147483648"),
        "value 2147483648 is out of range for int32",
    )


def _float_in_a_string_enum(d: Path) -> tuple[str, int, str]:
    # JSON Schema's "integer" admits 1.0, so the meta-schema lets it through to the loader.
    edit(d / OP, "{value: customer, zh:", "{value: 1.0, name: ONE, zh:")
    return (
        OP,
        line_of(d / OP, "value: 1.0"),
        "value 1.0 is not of the enum's type string",
    )


def _package_name(d: Path) -> tuple[str, int, str]:
    edit(d / "service.yaml", "name: ccc\n", "name: typing_extensions\n")
    return (
        "service.yaml",
        line_of(d / "service.yaml", "name: typing_extensions"),
        "package name 'typing_extensions' would shadow",
    )


def _operation_named_readme(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "name: GetCallDetailRecord\n", "name: README\n")
    return OP, line_of(d / OP, "name: README"), "operation name 'README' would write docs/README.md"


def _model_named_like_the_client(d: Path) -> tuple[str, int, str]:
    edit(d / OP, "      model: AgentEventStep\n", "      model: Client\n")
    return OP, line_of(d / OP, "model: Client"), "model 'Client' has the same name as 'Client'"


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
    "error code field not declared": _error_code_field_not_declared,
    "error status field not an integer": _error_status_field_not_an_integer,
    "unknown key in the error envelope": _error_envelope_unknown_key,
    "error example that does not fit the envelope": _error_example_does_not_fit_the_envelope,
    "raw NUL": _raw_nul,
    "unknown top-level key": _unknown_top_level_key,
    "name with a trailing newline": _name_with_a_trailing_newline,
    "wire name with a trailing newline": _wire_name_with_a_trailing_newline,
    **{f"model named {n}": _class_name("model", n) for n in CLASH_NAMES},
    **{f"enum named {n}": _class_name("enum", n) for n in CLASH_NAMES},
    "request field Params": _request_field("Params", "params"),
    "request field Self": _request_field("Self", "self"),
    "request field Response": _request_field("Response", "response"),
    **{f"field {w}": _model_attribute(w, w.lower()) for w in ("Schema", "Validate", "Construct")},
    "field Str": _model_attribute("Str", "str", "is a name the models module uses"),
    "error class named like the service's root": _error_python_name(
        "CCCError", "class name 'CCCError' is the root of every exception of this service"
    ),
    "error python_name ErrorTable": _error_python_name(
        "ErrorTable", "error class name 'ErrorTable' would shadow"
    ),
    "error class named like another code's": _error_python_name(
        "SignatureDoesNotMatchError", "class 'SignatureDoesNotMatchError' is also code"
    ),
    "error class named like a runtime base that does not fit": _error_python_name(
        "ServerError", "class name 'ServerError' is a runtime base class that does not fit"
    ),
    "error class named like the client": _error_python_name(
        "Client", "class name 'Client' is taken by the client"
    ),
    "error class named like a keyword": _error_python_name(
        "class", "class name 'class' is a Python keyword"
    ),
    "int32 enum value out of range": _int32_out_of_range,
    "float value in a string enum": _float_in_a_string_enum,
    "package named typing_extensions": _package_name,
    "operation named README": _operation_named_readme,
    "model named like the client": _model_named_like_the_client,
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


def test_control_characters_in_a_spec_never_reach_the_terminal(tmp_path: Path) -> None:
    service_file = copy_spec(tmp_path)
    # YAML escapes put an ESC, a carriage return and a BEL into a key, which lands in the path.
    edit(
        service_file.parent / OP,
        "    RequestId:\n",
        '    "\\e[31mRed\\r\\a":\n      type: string\n    RequestId:\n',
    )
    result = cccgen(
        "generate", "--spec", str(service_file), "--out", str(tmp_path / "out"), cwd=tmp_path
    )
    assert result.returncode == 2
    assert not any(ch in result.stderr for ch in "\x1b\r\x07"), repr(result.stderr)
    assert "\\x1b[31mRed\\r\\x07" in result.stderr, result.stderr
