"""Each kind of change between two spec versions, with the severity the rules give it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from cccgen import model as m
from cccgen.diff import diff_services, is_breaking
from cccgen.spec.loader import load_service
from diff.cases import CASES
from diff.edits import DATA, OP, RESP, on_op, request, retype
from diff.scenarios import TWIN, Diffed, changes_of
from diff.specs import REPO, Doc, changes_between, data_fields, find, pair


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
