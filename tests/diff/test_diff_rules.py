"""Each kind of change between two spec versions, with the severity the rules give it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from cccgen import model as m
from cccgen.diff import diff_services, is_breaking
from cccgen.spec.loader import load_service
from diff.scenarios import TWIN, Diffed, changes_of
from diff.specs import REPO, Doc, changes_between, data_fields, find, pair

OP = "GetCallDetailRecord"

RESP = f"{OP}.response"
REQ = f"{OP}.request"


def request(operation: Doc) -> Doc:
    fields: Doc = operation["request"]["fields"]
    return fields


def response(operation: Doc) -> Doc:
    fields: Doc = operation["response"]["fields"]
    return fields


def on_op(edit: Callable[[Doc], Any]) -> Callable[[Doc, Doc], None]:
    def apply(service: Doc, operation: Doc) -> None:
        edit(operation)

    return apply


def on_service(edit: Callable[[Doc], Any]) -> Callable[[Doc, Doc], None]:
    def apply(service: Doc, operation: Doc) -> None:
        edit(service)

    return apply


def set_in(path: list[str], key: str, value: Any) -> Callable[[Doc], None]:
    """An edit that sets `key` on the field at `path` under response.fields (or request.)."""

    def edit(operation: Doc) -> None:
        node: Doc = operation
        for part in path:
            node = node[part]
        node[key] = value

    return edit


def retype(path: list[str], kind: str, example: Any) -> Callable[[Doc], None]:
    """An edit changing a field's type (and its example, which the loader checks)."""

    def edit(operation: Doc) -> None:
        set_in(path, "type", kind)(operation)
        set_in(path, "example", example)(operation)

    return edit


def remove_enum_value(enum: str, value: Any) -> Callable[[Doc], None]:
    def edit(operation: Doc) -> None:
        values = operation["enums"][enum]["values"]
        operation["enums"][enum]["values"] = [v for v in values if v["value"] != value]

    return edit


DATA = ["response", "fields", "Data", "fields"]
STEP_EVENT = [*DATA, "AgentEvents", "items", "fields", "EventSequence", "items", "fields", "Event"]

CASES: list[
    tuple[str, Callable[[Doc, Doc], None] | None, Callable[[Doc, Doc], None] | None, str, str, str]
] = [
    # (id, edit of NEW, edit of OLD, kind, location, severity)
    (
        "request optional parameter added",
        on_op(lambda o: request(o).update(Page={"type": "int32"})),
        None,
        "parameter-added",
        f"{REQ}.Page",
        "compatible",
    ),
    (
        "request required parameter added",
        on_op(lambda o: request(o).update(Page={"type": "int32", "required": True})),
        None,
        "parameter-added",
        f"{REQ}.Page",
        "breaking",
    ),
    (
        "request parameter removed",
        on_op(lambda o: request(o).pop("InstanceId")),
        None,
        "parameter-removed",
        f"{REQ}.InstanceId",
        "breaking",
    ),
    (
        "request optional became required",
        on_op(lambda o: request(o).update(Page={"type": "int32", "required": True})),
        on_op(lambda o: request(o).update(Page={"type": "int32"})),
        "required-changed",
        f"{REQ}.Page",
        "breaking",
    ),
    (
        "request required became optional",
        on_op(set_in(["request", "fields", "InstanceId"], "required", False)),
        None,
        "required-changed",
        f"{REQ}.InstanceId",
        "compatible",
    ),
    (
        "request int32 widened to int64",
        on_op(lambda o: request(o).update(Page={"type": "int64"})),
        on_op(lambda o: request(o).update(Page={"type": "int32"})),
        "type-changed",
        f"{REQ}.Page",
        "compatible",
    ),
    (
        "request int64 narrowed to int32",
        on_op(lambda o: request(o).update(Page={"type": "int32"})),
        on_op(lambda o: request(o).update(Page={"type": "int64"})),
        "type-changed",
        f"{REQ}.Page",
        "breaking",
    ),
    (
        "request became nullable",
        on_op(set_in(["request", "fields", "InstanceId"], "nullable", True)),
        None,
        "nullable-changed",
        f"{REQ}.InstanceId",
        "compatible",
    ),
    (
        "request became non-nullable",
        None,
        on_op(set_in(["request", "fields", "InstanceId"], "nullable", True)),
        "nullable-changed",
        f"{REQ}.InstanceId",
        "breaking",
    ),
    (
        "request keyword renamed",
        on_op(set_in(["request", "fields", "InstanceId"], "python_name", "instance")),
        None,
        "python-name-changed",
        f"{REQ}.InstanceId",
        "breaking",
    ),
    (
        "response optional field added",
        on_op(lambda o: data_fields(o).update(Extra={"type": "string"})),
        None,
        "field-added",
        f"{RESP}.Data.Extra",
        "compatible",
    ),
    (
        "response required field added",
        on_op(lambda o: data_fields(o).update(Extra={"type": "string", "required": True})),
        None,
        "field-added",
        f"{RESP}.Data.Extra",
        "breaking",
    ),
    (
        "response field removed",
        on_op(lambda o: data_fields(o).pop("AgentIds")),
        None,
        "field-removed",
        f"{RESP}.Data.AgentIds",
        "breaking",
    ),
    (
        "nested response field removed",
        on_op(lambda o: data_fields(o)["AgentEvents"]["items"]["fields"].pop("AgentId")),
        None,
        "field-removed",
        f"{RESP}.Data.AgentEvents[].AgentId",
        "breaking",
    ),
    (
        "response type changed",
        on_op(retype([*DATA, "CallDuration"], "string", "50")),
        None,
        "type-changed",
        f"{RESP}.Data.CallDuration",
        "breaking",
    ),
    (
        "response int32 widened to int64 is still breaking",
        on_op(set_in([*DATA, "Satisfaction"], "type", "int64")),
        None,
        "type-changed",
        f"{RESP}.Data.Satisfaction",
        "breaking",
    ),
    (
        "response optional became required",
        on_op(set_in(["response", "fields", "Message"], "required", True)),
        None,
        "required-changed",
        f"{RESP}.Message",
        "breaking",
    ),
    (
        "response required became optional",
        on_op(set_in(["response", "fields", "RequestId"], "required", False)),
        None,
        "required-changed",
        f"{RESP}.RequestId",
        "breaking",
    ),
    (
        "response nullable became non-nullable",
        on_op(set_in([*DATA, "EstablishedTime"], "nullable", False)),
        None,
        "nullable-changed",
        f"{RESP}.Data.EstablishedTime",
        "breaking",
    ),
    (
        "response non-nullable became nullable",
        on_op(set_in([*DATA, "StartTime"], "nullable", True)),
        None,
        "nullable-changed",
        f"{RESP}.Data.StartTime",
        "breaking",
    ),
    (
        "response attribute renamed",
        on_op(set_in([*DATA, "StartTime"], "python_name", "started_at")),
        None,
        "python-name-changed",
        f"{RESP}.Data.StartTime",
        "breaking",
    ),
    (
        "model class renamed",
        on_op(set_in(["response", "fields", "Data"], "model", "CallRecord")),
        None,
        "model-renamed",
        f"{RESP}.Data",
        "breaking",
    ),
    (
        "response model class renamed",
        on_op(lambda o: o["response"].update(model="CdrResponse")),
        None,
        "model-renamed",
        RESP,
        "breaking",
    ),
    (
        "enum value added",
        on_op(
            lambda o: o["enums"]["ContactType"]["values"].append(
                {"value": "VIDEO", "zh": "視頻", "en": "Video"}
            )
        ),
        None,
        "enum-value-added",
        f"{OP}.enums.ContactType.VIDEO",
        "compatible",
    ),
    (
        "enum value removed",
        on_op(remove_enum_value("ContactType", "INBOUND")),
        None,
        "enum-value-removed",
        f"{OP}.enums.ContactType.INBOUND",
        "breaking",
    ),
    (
        "enum member renamed",
        on_op(lambda o: o["enums"]["ContactType"]["values"][0].update(name="CALL_IN")),
        None,
        "enum-member-renamed",
        f"{OP}.enums.ContactType.INBOUND",
        "breaking",
    ),
    (
        "enum label changed",
        on_op(lambda o: o["enums"]["ContactType"]["values"][0].update(en="Incoming")),
        None,
        "enum-label-changed",
        f"{OP}.enums.ContactType.INBOUND",
        "info",
    ),
    (
        "enum restricts a field that was free",
        on_op(
            lambda o: (
                data_fields(o)["ReleaseReason"].update(enum="Reasons"),
                o["enums"].update(
                    Reasons={
                        "type": "string",
                        "values": [{"value": "200 - OK", "name": "OK", "zh": "x", "en": "x"}],
                    }
                ),
            )
        ),
        None,
        "enum-attached",
        f"{RESP}.Data.ReleaseReason",
        "breaking",
    ),
    (
        "field description changed",
        on_op(set_in([*DATA, "StartTime"], "description", {"zh": "開始", "en": "Start."})),
        None,
        "description-changed",
        f"{RESP}.Data.StartTime",
        "info",
    ),
    (
        "field note changed",
        on_op(set_in([*DATA, "EstablishedTime"], "note", "Another reason.")),
        None,
        "note-changed",
        f"{RESP}.Data.EstablishedTime",
        "info",
    ),
    (
        "field example changed",
        on_op(set_in([*DATA, "StartTime"], "example", 1)),
        None,
        "example-changed",
        f"{RESP}.Data.StartTime",
        "info",
    ),
    (
        "operation summary changed",
        on_op(lambda o: o["summary"].update(en="Read one CDR")),
        None,
        "summary-changed",
        f"{OP}.summary",
        "info",
    ),
    (
        "operation error added",
        on_op(
            lambda o: o["errors"].update(
                {
                    "Contact.NotFound": {
                        "http_status": 404,
                        "message": "no such call",
                        "description": {"zh": "無", "en": "none"},
                    }
                }
            )
        ),
        None,
        "error-added",
        f"{OP}.errors.Contact.NotFound",
        "compatible",
    ),
    (
        "operation error removed",
        on_op(lambda o: o.pop("errors")),
        None,
        "error-removed",
        f"{OP}.errors.Parameter.Blank",
        "breaking",
    ),
    (
        "error class renamed",
        on_op(lambda o: o["errors"]["Parameter.Blank"].update(python_name="BlankParameterError")),
        None,
        "error-class-renamed",
        f"{OP}.errors.Parameter.Blank",
        "breaking",
    ),
    (
        "error moved from 4xx to 5xx",
        on_op(lambda o: o["errors"]["Parameter.Blank"].update(http_status=500)),
        None,
        "error-status-changed",
        f"{OP}.errors.Parameter.Blank",
        "breaking",
    ),
    (
        "gateway error removed",
        on_service(lambda s: s["errors"].pop("SignatureNonceUsed")),
        None,
        "error-removed",
        "ccc.errors.SignatureNonceUsed",
        "breaking",
    ),
    (
        "gateway error message changed",
        on_service(lambda s: s["errors"]["Throttling"].update(message="Slow down.")),
        None,
        "error-message-changed",
        "ccc.errors.Throttling",
        "info",
    ),
    (
        "api version changed",
        on_service(lambda s: s.update(api_version="2021-01-01")),
        None,
        "api-version-changed",
        "ccc.api_version",
        "breaking",
    ),
    (
        "central region added",
        on_service(lambda s: s["endpoint"]["central_regions"].append("cn-wulanchabu")),
        None,
        "central-region-added",
        "ccc.endpoint.central_regions",
        "compatible",
    ),
    (
        "credential variable renamed",
        on_service(lambda s: s["auth"]["environment"].update(access_key_id="CCC_KEY_ID")),
        None,
        "credential-variable-changed",
        "ccc.auth.environment.access_key_id",
        "breaking",
    ),
    (
        "read-only no more",
        on_op(lambda o: o.update(read_only=False)),
        None,
        "read-only-changed",
        f"{OP}.read_only",
        "breaking",
    ),
    (
        "http method changed",
        on_op(lambda o: o["http"].update(method="GET")),
        None,
        "http-changed",
        f"{OP}.http",
        "breaking",
    ),
    (
        "personal-data kind added",
        on_op(set_in([*DATA, "SkillGroupNames"], "pii", "free_text")),
        None,
        "pii-changed",
        f"{RESP}.Data.SkillGroupNames",
        "compatible",
    ),
    (
        "personal-data kind changed",
        on_op(set_in([*DATA, "CalledNumber"], "pii", "free_text")),
        None,
        "pii-changed",
        f"{RESP}.Data.CalledNumber",
        "compatible",
    ),
]


@pytest.mark.parametrize(
    ("name", "kind", "location", "severity"),
    [(c[0], *c[3:]) for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_change_kind_and_severity(
    diffed: dict[str, Diffed], name: str, kind: str, location: str, severity: str
) -> None:
    """The case's NEW edit against its OLD edit (the unedited fixture when None), diffed once
    per run by the `diffed` fixture."""
    changes, _ = changes_of(diffed, name)
    change = find(changes, kind, location)
    assert change.severity == severity
    assert change.message
    assert is_breaking(changes) == any(c.severity == "breaking" for c in changes)


def test_the_whole_api_against_a_small_change(service: m.Service, tmp_path: Path) -> None:
    """The one diff of the real whole-API spec (every other scenario edits the one-operation
    fixture): spec/ccc against a copy where one operation gained an optional parameter gives
    that change and nothing else, so 241 unchanged operations produce no false change."""
    copied = tmp_path / "spec" / "ccc"
    shutil.copytree(REPO / "spec" / "ccc", copied)
    edited = copied / "AbortCampaign.yaml"
    operation = yaml.safe_load(edited.read_text(encoding="utf-8"))
    operation["request"]["fields"]["Extra"] = {"type": "string"}
    edited.write_text(yaml.safe_dump(operation, allow_unicode=True), encoding="utf-8")
    changes = diff_services(service, load_service(copied / "service.yaml"))
    assert len(service.operations) > 200
    assert [(c.kind, c.location, c.severity) for c in changes] == [
        ("parameter-added", "AbortCampaign.request.Extra", "compatible")
    ]


def test_identical_specs_have_no_changes(tmp_path: Path) -> None:
    old, new = pair(tmp_path, on_op(lambda o: None), keep_examples=True)
    assert diff_services(load_service(old), load_service(new)) == []


def test_rename_is_a_removal_plus_an_addition_with_a_hint(tmp_path: Path) -> None:
    def rename(operation: Doc) -> None:
        data_fields(operation)["AgentIdList"] = data_fields(operation).pop("AgentIds")

    changes = changes_between(tmp_path, on_op(rename))
    removed = find(changes, "field-removed", f"{RESP}.Data.AgentIds")
    added = find(changes, "field-added", f"{RESP}.Data.AgentIdList")
    assert removed.severity == "breaking" and added.severity == "compatible"
    assert "removal plus an addition" in removed.message and "AgentIdList" in removed.message


def test_enum_type_changed(tmp_path: Path) -> None:
    def to_string(operation: Doc) -> None:
        operation["enums"]["QueueType"] = {
            "type": "string",
            "values": [{"value": "SKILL_GROUP", "zh": "技能組", "en": "Skill group"}],
        }
        data_fields(operation)["QueueEvents"]["items"]["fields"]["QueueType"]["type"] = "string"
        data_fields(operation)["QueueEvents"]["items"]["fields"]["QueueType"]["example"] = (
            "SKILL_GROUP"
        )

    changes = changes_between(tmp_path, on_op(to_string))
    assert find(changes, "enum-type-changed", f"{OP}.enums.QueueType").severity == "breaking"
    field = find(changes, "type-changed", f"{RESP}.Data.QueueEvents[].QueueType")
    assert (field.old, field.new, field.severity) == (
        "int32 enum QueueType",
        "string enum QueueType",
        "breaking",
    )


def test_enum_used_only_by_a_request_is_judged_as_input(tmp_path: Path) -> None:
    def with_request_enum(values: list[str]) -> Callable[[Doc, Doc], None]:
        def edit(service: Doc, operation: Doc) -> None:
            operation["enums"]["Kind"] = {
                "type": "string",
                "values": [{"value": v, "zh": v, "en": v} for v in values],
            }
            request(operation)["Kind"] = {"type": "string", "enum": "Kind"}

        return edit

    changes = changes_between(tmp_path, with_request_enum(["a"]), with_request_enum(["a", "b"]))
    removed = find(changes, "enum-value-removed", f"{OP}.enums.Kind.b")
    assert removed.severity == "breaking" and "callers sending it" in removed.message


def test_operations_added_and_removed(diffed: dict[str, Diffed]) -> None:
    """The fixture against a copy with a second operation (the `TWIN` scenario), both ways."""
    forward, backward = changes_of(diffed, TWIN)
    added = find(forward, "operation-added", "GetCallDetailRecordCopy")
    assert added.severity == "compatible" and not is_breaking(forward)
    removed = find(backward, "operation-removed", "GetCallDetailRecordCopy")
    assert removed.severity == "breaking" and removed.operation == "GetCallDetailRecordCopy"


def test_example_changes_are_info(tmp_path: Path) -> None:
    def edit(service: Doc, operation: Doc) -> None:
        operation["examples"]["page_success"]["response"]["Message"] = "none"
        operation["examples"].pop("not_established")

    changes = changes_between(tmp_path, edit, keep_examples=True)
    assert find(changes, "example-changed", f"{OP}.examples.page_success").severity == "info"
    assert find(changes, "example-removed", f"{OP}.examples.not_established").severity == "info"
    assert not is_breaking(changes)


def test_changes_carry_their_operation_and_json_values(tmp_path: Path) -> None:
    import json

    changes = changes_between(tmp_path, on_op(retype([*DATA, "CallDuration"], "string", "50")))
    change = find(changes, "type-changed", f"{RESP}.Data.CallDuration")
    assert change.operation == OP
    assert (change.old, change.new) == ("int64", "string")
    for c in changes:
        json.dumps(c.to_dict())
