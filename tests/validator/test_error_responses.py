"""Captured error answers: recognised by the validator, checked against the spec's error
envelope (`error_response` in service.yaml), reported as one verdict, never as a success
response with `Data` missing."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import ccc
import jsonschema
import pytest
import yaml
from validator.conftest import reference_errors

OP = "GetCallDetailRecord"
REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "generated" / "ccc" / "schemas"

BLANK = {
    "Code": "Parameter.Blank",
    "HttpStatusCode": 400,
    "Message": "The parameter ContactId may not be null or blank.",
    "RequestId": "7BEEA660-A45A-45E3-98CC-AFC65E715C24",
}
# What the API gateway answers for a signature problem: no HttpStatusCode, HostId and Recommend.
GATEWAY = {
    "RequestId": "0C0C0B1E-7A7B-5F0A-9E0A-6B6A0E0A0A0A",
    "HostId": "ccc.cn-shanghai.aliyuncs.com",
    "Code": "SignatureDoesNotMatch",
    "Message": "Specified signature is not matched with our calculation.",
    "Recommend": "https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch",
}
DENIED = {
    **BLANK,
    "Code": "Forbidden.RAM",
    "HttpStatusCode": 403,
    "AccessDeniedDetail": {
        "AuthAction": "ccc:GetCallDetailRecord",
        "AuthPrincipalType": "SubUser",
        "AuthPrincipalOwnerId": "1234567890",
        "AuthPrincipalDisplayName": "someone",
        "NoPermissionType": "ImplicitDeny",
        "PolicyType": "AccountLevelIdentityBasedPolicy",
        "EncodedDiagnosticMessage": "AQEAAAAAaE4",
    },
}


def test_the_spec_describes_the_error_envelope(repo_root: Path) -> None:
    spec = yaml.safe_load((repo_root / "spec" / "ccc" / "service.yaml").read_text("utf-8"))
    envelope = spec["error_response"]
    assert (envelope["code_field"], envelope["status_field"], envelope["success_code"]) == (
        "Code",
        "HttpStatusCode",
        "OK",
    )
    assert set(envelope["fields"]) == {
        "RequestId",
        "Code",
        "Message",
        "HttpStatusCode",
        "HostId",
        "Recommend",
        "AccessDeniedDetail",
    }


@pytest.mark.parametrize(
    ("body", "verdict"),
    [
        (BLANK, "error response Parameter.Blank (400)"),
        (GATEWAY, "error response SignatureDoesNotMatch"),
        (DENIED, "error response Forbidden.RAM (403)"),
    ],
)
def test_an_error_body_is_one_verdict_not_a_missing_data(
    body: dict[str, Any], verdict: str
) -> None:
    for strict in (True, False):
        (issue,) = ccc.validate_response(OP, body, strict=strict)
        assert (issue.path, issue.keyword, issue.message) == ("", "errorResponse", verdict)
        assert issue.actual == body["Code"] and not issue.is_drift
        assert not ccc.is_valid_response(OP, body, strict=strict)  # still not a success response
    assert ccc.validate_error_response(body) == []


def test_the_spec_error_example_is_recognised(repo_root: Path) -> None:
    spec = yaml.safe_load((repo_root / "spec" / "ccc" / OP).with_suffix(".yaml").read_text("utf-8"))
    example = spec["examples"]["error_parameter_blank"]["error"]
    (issue,) = ccc.validate_response(OP, example)
    assert issue.message == "error response Parameter.Blank (400)"


def test_an_error_body_that_does_not_fit_the_envelope_is_invalid_as_usual() -> None:
    body = {"Code": "Throttling", "HttpStatusCode": "400", "Message": 7, "Extra": True}
    issues = ccc.validate_response(OP, body)
    assert issues[0].keyword == "errorResponse"
    assert issues[0].message == "error response Throttling ('400')"
    assert {(i.path, i.keyword) for i in issues[1:]} == {
        ("", "required"),  # RequestId
        ("/HttpStatusCode", "type"),
        ("/Message", "type"),
        ("", "additionalProperties"),
    }
    lenient = ccc.validate_response(OP, body, strict=False)
    assert {i.keyword for i in lenient[1:]} == {"required", "type"}
    assert {(i.path, i.keyword) for i in ccc.validate_error_response(body)} == {
        (i.path, i.keyword) for i in issues[1:]
    }


@pytest.mark.parametrize(
    "payload",
    [
        {"Code": "OK", "HttpStatusCode": 200, "RequestId": "r"},  # the success code: Data missing
        {"HttpStatusCode": 400, "RequestId": "r", "Message": "m"},  # no code at all
        {"Code": 400, "RequestId": "r", "Message": "m"},  # a code that is not a string
    ],
)
def test_what_is_not_an_error_response(payload: dict[str, Any]) -> None:
    issues = ccc.validate_response(OP, payload)
    assert "errorResponse" not in {i.keyword for i in issues}
    assert ("", "required", "Data") in {(i.path, i.keyword, i.actual) for i in issues}


def test_a_body_with_data_is_a_success_response_whatever_its_code(
    page_example: dict[str, Any],
) -> None:
    page_example["Code"] = "Parameter.Blank"
    assert ccc.validate_response(OP, page_example) == []  # Code is any string in the spec


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        (
            "\x1b[31mRed\x1b[0m\nfake: ok",
            400,
            "error response '\\x1b[31mRed\\x1b[0m\\nfake: ok' (400)",
        ),
        ("A\u202eB", True, "error response 'A\\u202eB' (true)"),
        ("", None, "error response ''"),
        ("x" * 10_000, 10**5000, None),
    ],
    ids=["terminal-escapes", "bidi-override", "empty-no-status", "huge"],
)
def test_the_code_and_status_from_the_body_are_escaped(
    code: str, status: object, expected: str | None
) -> None:
    body = {**BLANK, "Code": code, "HttpStatusCode": status}
    if status is None:
        del body["HttpStatusCode"]
    issue = ccc.validate_response(OP, body)[0]
    assert issue.keyword == "errorResponse"
    assert issue.message.isprintable() and len(issue.message) < 200
    if expected is not None:
        assert issue.message == expected


def _mutants() -> list[Any]:
    out: list[Any] = [BLANK, GATEWAY, DENIED, {}, [], None, "x"]
    for body in (BLANK, GATEWAY, DENIED):
        for key in body:
            value: Any
            for value in (None, 1, 1.5, True, "s", [], {}, {"k": 1}, 2**40):
                mutant: dict[str, Any] = copy.deepcopy(body)
                mutant[key] = value
                out.append(mutant)
            dropped = copy.deepcopy(body)
            del dropped[key]
            out.append(dropped)
    denied: dict[str, Any] = copy.deepcopy(DENIED)
    denied["AccessDeniedDetail"]["New"] = 1
    out.append(denied)
    return out


@pytest.mark.parametrize("variant", ["strict", "lenient"])
def test_the_envelope_schema_ships_and_the_validator_agrees_with_jsonschema(variant: str) -> None:
    name = (
        "ErrorResponse.schema.json" if variant == "strict" else "ErrorResponse.lenient.schema.json"
    )
    schema = json.loads((SCHEMAS / name).read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    reference = jsonschema.Draft202012Validator(schema)
    for body in _mutants():
        got = {
            (i.path, i.keyword)
            for i in ccc.validate_error_response(body, strict=variant == "strict")
        }
        assert got == reference_errors(reference, body), body
