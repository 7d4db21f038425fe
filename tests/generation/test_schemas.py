"""The generated JSON Schemas: valid 2020-12, examples pass, wrong payloads fail."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from generation.helpers import REPO

SCHEMAS = REPO / "generated" / "ccc" / "schemas"
Payload = dict[str, Any]


def load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


STRICT = "GetCallDetailRecord.response.schema.json"
LENIENT = "GetCallDetailRecord.response.lenient.schema.json"
REQUEST = "GetCallDetailRecord.request.schema.json"


def errors(schema_name: str, payload: Any) -> list[tuple[str, str]]:
    validator = jsonschema.Draft202012Validator(load(schema_name))
    return sorted(
        ("/".join(map(str, e.absolute_path)), str(e.validator))
        for e in validator.iter_errors(payload)
    )


@pytest.mark.parametrize("name", sorted(p.name for p in SCHEMAS.glob("*.json")))
def test_every_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = load(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"] and schema["description"]


def test_schemas_carry_titles_and_descriptions_from_the_spec() -> None:
    data = load(STRICT)["properties"]["Data"]
    assert data["title"] == "CallDetailRecord"
    assert data["properties"]["EstablishedTime"]["description"].startswith(
        "When the call was established"
    )
    assert "通話建立的時間" in data["properties"]["EstablishedTime"]["description"]
    assert (
        data["properties"]["QueueEvents"]["items"]["properties"]["QueueType"]["title"]
        == "QueueType"
    )


def test_every_spec_example_validates(operation: Any) -> None:
    responses = [ex.response for ex in operation.examples if ex.response is not None]
    assert len(responses) >= 2
    for response in responses:
        assert errors(STRICT, response) == []
        assert errors(LENIENT, response) == []


def test_the_page_example_validates_strictly(page_example: Payload) -> None:
    assert errors(STRICT, page_example) == []


def _set(path: str, value: Any) -> Callable[[Payload], None]:
    def mutate(p: Payload) -> None:
        *parents, last = path.split("/")
        target: Any = p
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return mutate


def _delete(path: str) -> Callable[[Payload], None]:
    def mutate(p: Payload) -> None:
        *parents, last = path.split("/")
        target: Any = p
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return mutate


# (mutation, strict errors, lenient errors)
WRONG: dict[str, tuple[Callable[[Payload], None], list[tuple[str, str]], list[tuple[str, str]]]] = {
    "string where int64": (
        _set("Data/CallDuration", "50"),
        [("Data/CallDuration", "type")],
        [("Data/CallDuration", "type")],
    ),
    "boolean where integer": (
        _set("HttpStatusCode", True),
        [("HttpStatusCode", "type")],
        [("HttpStatusCode", "type")],
    ),
    "float where integer": (
        _set("Data/StartTime", 1.5),
        [("Data/StartTime", "type")],
        [("Data/StartTime", "type")],
    ),
    "beyond int64": (
        _set("Data/StartTime", 2**63),
        [("Data/StartTime", "maximum")],
        [("Data/StartTime", "maximum")],
    ),
    "beyond int32": (
        _set("Data/Satisfaction", 2**31),
        [("Data/Satisfaction", "maximum")],
        [("Data/Satisfaction", "maximum")],
    ),
    "missing required": (_delete("Data/ContactId"), [("Data", "required")], [("Data", "required")]),
    "missing envelope Data": (_delete("Data"), [("", "required")], [("", "required")]),
    "null where not nullable": (
        _set("Data/CallDuration", None),
        [("Data/CallDuration", "type")],
        [("Data/CallDuration", "type")],
    ),
    "unknown field": (_set("Data/Brand", "new"), [("Data", "additionalProperties")], []),
    "unknown enum value": (_set("Data/ContactType", "VIDEO"), [("Data/ContactType", "enum")], []),
    "unknown int enum value": (
        _set("Data/QueueEvents/0/QueueType", 3),
        [("Data/QueueEvents/0/QueueType", "enum")],
        [],
    ),
    "true is not int enum value 1": (
        _set("Data/QueueEvents/0/QueueType", True),
        [("Data/QueueEvents/0/QueueType", "enum"), ("Data/QueueEvents/0/QueueType", "type")],
        [("Data/QueueEvents/0/QueueType", "type")],
    ),
    "object where array": (
        _set("Data/AgentEvents", {}),
        [("Data/AgentEvents", "type")],
        [("Data/AgentEvents", "type")],
    ),
    "nested missing Event": (
        _delete("Data/CustomerEvents/0/EventSequence/0/Event"),
        [("Data/CustomerEvents/0/EventSequence/0", "required")],
        [("Data/CustomerEvents/0/EventSequence/0", "required")],
    ),
}


@pytest.mark.parametrize("case", WRONG, ids=list(WRONG))
def test_wrong_payloads_fail(case: str, page_example: Payload) -> None:
    mutate, strict_errors, lenient_errors = WRONG[case]
    mutate(page_example)
    assert errors(STRICT, page_example) == sorted(strict_errors)
    assert errors(LENIENT, page_example) == sorted(lenient_errors)


def test_null_established_time_is_allowed(page_example: Payload) -> None:
    page_example["Data"]["EstablishedTime"] = None
    assert errors(STRICT, page_example) == []


def test_integral_float_is_an_integer_in_2020_12(page_example: Payload) -> None:
    page_example["Data"]["CallDuration"] = 50.0
    assert errors(STRICT, page_example) == []


def test_request_schema_rejects_blank_and_missing_parameters() -> None:
    assert errors(REQUEST, {"ContactId": "job-1", "InstanceId": "ccc-test"}) == []
    assert errors(REQUEST, {"ContactId": "   ", "InstanceId": "ccc-test"}) == [
        ("ContactId", "pattern")
    ]
    assert errors(REQUEST, {"InstanceId": "ccc-test"}) == [("", "required")]
    assert errors(REQUEST, {"ContactId": "a", "InstanceId": "b", "Other": 1}) == [
        ("", "additionalProperties")
    ]


def test_schema_files_are_pretty_utf8_json() -> None:
    text = (SCHEMAS / STRICT).read_text(encoding="utf-8")
    assert "測試" in text or "通話" in text  # not \\u-escaped
    assert text.endswith("}\n")
    assert json.loads(text) == load(STRICT)


def test_meta_schema_is_published_under_spec(repo_root: Path) -> None:
    meta = json.loads((repo_root / "spec" / "meta-schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(meta)
