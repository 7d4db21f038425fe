"""What learn finds in captures and proposes, in process, on the one-operation spec."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from cccgen import model as m
from cccgen.learn.captures import read_captures
from cccgen.learn.observe import Observer
from cccgen.learn.propose import Plan, plan
from cccgen.spec.loader import load_service
from learn.helpers import ONE_OP, record, write_json

FILE = "GetCallDetailRecord.yaml"
DATA = ["response", "fields", "Data", "fields"]


@pytest.fixture(scope="module")
def one_op() -> m.Service:
    return load_service(ONE_OP / "service.yaml", ONE_OP.parent.parent)


@functools.cache
def _parsed(name: str) -> Any:
    return yaml.safe_load((ONE_OP / name).read_text(encoding="utf-8"))


def fixture_doc(name: str) -> Any:
    """A file of the one-operation spec as plain data: parsed once per process, a deep copy
    for each caller (free to change it)."""
    return copy.deepcopy(_parsed(name))


def learn(service: m.Service, *paths: Path) -> tuple[Plan, list[str], Observer]:
    observer = Observer(service, {"GetCallDetailRecord": FILE})
    problems: list[str] = []
    for capture in read_captures([str(p) for p in paths], {"GetCallDetailRecord"}, problems):
        problem = observer.observe(capture)
        if problem:
            problems.append(problem)
    docs = {FILE: fixture_doc(FILE)}
    return plan(service, observer.findings, docs, {"GetCallDetailRecord": FILE}), problems, observer


def actions(result: Plan) -> list[dict[str, Any]]:
    return result.actions.get(FILE, [])


def test_a_conforming_capture_proposes_nothing_and_absence_removes_nothing(
    one_op: m.Service, tmp_path: Path
) -> None:
    # Only the required fields: every optional field is absent, nothing is proposed.
    result, problems, _ = learn(one_op, write_json(tmp_path / "a.json", record()))
    assert problems == [] and result.proposals == [] and result.actions == {}


def test_each_kind_of_drift_becomes_one_action_with_its_evidence(
    one_op: m.Service, tmp_path: Path
) -> None:
    first = write_json(
        tmp_path / "GetCallDetailRecord" / "1.json",
        record(Sentiment=0.5, ReleaseInitiator="robot", CallDuration="3", RecordingReady=None),
    )
    second = tmp_path / "GetCallDetailRecord" / "2.jsonl"
    second.write_text(json.dumps(record(Sentiment=1)) + "\n", encoding="utf-8")
    result, problems, observer = learn(one_op, first, second)
    assert problems == []
    assert observer.findings.captures == 2
    kinds = {(p.kind, p.breaking) for p in result.proposals}
    assert kinds == {
        ("field-added", False),
        ("enum-value-added", False),
        ("nullable-changed", True),
        ("type-changed", True),
    }
    by_path = {tuple(a["path"]): a for a in actions(result)}
    added = by_path[(*DATA, "Sentiment")]["replace"]
    assert added["type"] == "number"  # 0.5 in one capture, 1 in the other
    # Evidence: how many captures, and the first one's file:line:column (the member's name).
    text = first.read_text(encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if '"Sentiment"' in s)
    column = text.splitlines()[line - 1].index('"Sentiment"') + 1
    assert added["note"] == (
        f"Learned by cccgen learn: seen in 2 captures, first at {first}:{line}:{column}."
    )
    assert by_path[("enums", "ReleaseInitiator", "values")]["append"] == [
        {"value": "robot", "zh": "", "en": ""}
    ]
    nullable = by_path[(*DATA, "RecordingReady")]["update"]
    assert nullable["nullable"] is True and "null seen in 1 capture" in nullable["note"]
    changed = by_path[(*DATA, "CallDuration")]["update"]
    assert changed["type"] == "any" and "where the spec said int64" in changed["note"]


def test_a_wider_integer_keeps_the_enum_and_bounds(one_op: m.Service, tmp_path: Path) -> None:
    result, _, _ = learn(
        one_op,
        write_json(
            tmp_path / "a.json", record(CallDuration=2**40, QueueEvents=[{"QueueType": 2**40}])
        ),
    )
    # CallDuration is int64 already; QueueType is an int32 enum field: int64, and its enum too.
    assert [(p.kind, p.detail) for p in result.proposals] == [("type-changed", "int32 -> int64")]
    by_path = {tuple(a["path"]): a for a in actions(result)}
    assert by_path[("enums", "QueueType")]["update"]["type"] == "int64"
    item = (*DATA, "QueueEvents", "items", "fields", "QueueType")
    assert by_path[item]["update"]["type"] == "int64"
    assert [a for a in actions(result) if "remove" in a] == []  # the enum stays


def test_an_existing_note_is_kept_and_the_evidence_added(one_op: m.Service, tmp_path: Path) -> None:
    # EstablishedTime is nullable already; Message carries a note.
    result, _, _ = learn(one_op, write_json(tmp_path / "a.json", record() | {"Message": 5}))
    (action,) = actions(result)
    assert action["path"] == ["response", "fields", "Message"]
    assert action["update"]["note"].startswith("The page's example carries the placeholder")
    assert "Learned by cccgen learn: values of type int32" in action["update"]["note"]


def test_error_responses_are_skipped(one_op: m.Service, tmp_path: Path) -> None:
    error = {"RequestId": "R", "Code": "Throttling", "HttpStatusCode": 429, "Message": "slow"}
    result, problems, observer = learn(one_op, write_json(tmp_path / "e.json", error))
    assert problems == [] and result.proposals == []
    assert observer.findings.error_responses == 1


def test_names_that_cannot_be_learned_are_reported_escaped(
    one_op: m.Service, tmp_path: Path
) -> None:
    result, _, observer = learn(
        one_op, write_json(tmp_path / "a.json", record(**{"\x1b[31mRed": 1, "Ok": 1}))
    )
    assert [p.path[-1] for p in result.proposals] == ["Ok"]
    ((what, where),) = observer.findings.unlearnable.items()
    assert "\x1b" not in what and "\\x1b[31mRed" in what and where.startswith(str(tmp_path))


def test_shared_models_and_enums_are_learned_in_service_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "spec" / "ccc"
    folder.mkdir(parents=True)
    service = fixture_doc("service.yaml")
    service["enums"] = {
        "AgentKind": {"type": "string", "values": [{"value": "human", "zh": "人", "en": "Human"}]}
    }
    service["models"] = {
        "Agent": {"fields": {"Kind": {"type": "string", "enum": "AgentKind"}}},
    }
    op = fixture_doc(FILE)
    op["response"]["fields"]["Owner"] = {"type": "object", "model": "Agent"}
    for name, doc in (("service.yaml", service), (FILE, op)):
        (folder / name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    shared = load_service(folder / "service.yaml", tmp_path / "spec")
    capture = write_json(tmp_path / "a.json", record() | {"Owner": {"Kind": "bot", "Level": 2}})
    result, problems, _ = learn(shared, capture)
    assert problems == []
    assert list(result.actions) == ["service.yaml"]
    paths = [a["path"] for a in result.actions["service.yaml"]]
    assert paths == [
        ["models", "Agent", "fields", "Level"],
        ["enums", "AgentKind", "values"],
        ["enums", "AgentKind"],
    ]
