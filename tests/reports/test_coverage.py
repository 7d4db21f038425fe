"""Coverage of the spec by captures: figures checked against counts made by hand."""

from __future__ import annotations

import copy
import itertools
import json
import pickle
import random
from typing import Any

import pytest
from ccc._runtime.tools.validate.coverage import (
    UNKNOWN_FIELDS_LIMIT,
    UNKNOWN_VALUES_LIMIT,
    Coverage,
    OperationCoverage,
    field_specs,
    merged,
    response_schemas,
)
from reports.helpers import OPERATION, schemas

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["Code"],
    "properties": {
        "Code": {"type": "string"},
        "Count": {"type": ["integer", "null"]},
        "Kind": {"type": "string", "enum": ["A", "B", "C"]},
        "Flag": {"type": "boolean"},
        "Items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "Id": {"type": "string"},
                    "Level": {"type": "integer", "enum": [1, 2]},
                },
            },
        },
        "Never": {"type": "string"},
        "OnlyNull": {"type": ["string", "null"]},
    },
}

PAYLOADS: list[object] = [
    {
        "Code": "OK",
        "Count": 5,
        "Kind": "A",
        "Flag": True,
        "OnlyNull": None,
        "Items": [{"Id": "x", "Level": 1}, {"Id": "yy"}],
    },
    {
        "Code": "FAILED",
        "Count": None,
        "Kind": "D",
        "Items": [{"Id": "z", "Level": 3, "Extra": 1}],
        "New": {"a": 1},
    },
    {"Code": "OK", "Kind": "A", "Flag": False, "Items": []},
    "not an object",
    {"Code": 7, "Count": -2, "Kind": "B", "Items": [None, {"Level": 2}], "a.b": 1},
]


def _by_path(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["path"]: f for f in data["fields"]}


def _hand_counted() -> dict[str, Any]:
    cover = OperationCoverage.from_schema(SCHEMA)
    for payload in PAYLOADS:
        cover.add(payload)
    return cover.to_dict()


def test_paths_follow_the_schema_with_brackets_for_items() -> None:
    paths = [f.path for f in field_specs(SCHEMA)]
    assert paths == [
        "",
        "Code",
        "Count",
        "Kind",
        "Flag",
        "Items",
        "Items[]",
        "Items[].Id",
        "Items[].Level",
        "Never",
        "OnlyNull",
    ]


def test_present_null_absent_counted_by_hand() -> None:
    data = _hand_counted()
    assert data["responses"] == 5
    assert data["not_object"] == 1
    fields = _by_path(data)
    # (present, null, absent, responses it was present in, wrong type), counted by hand.
    expected = {
        "Code": (4, 0, 0, 4, 1),  # the 7 of the fifth response is the wrong type
        "Count": (2, 1, 1, 2, 0),
        "Kind": (4, 0, 0, 4, 0),
        "Flag": (2, 0, 2, 2, 0),
        "Items": (4, 0, 0, 4, 0),
        "Items[]": (4, 1, 0, 3, 0),  # 2 + 1 + 0 + 2 items, one of them null
        "Items[].Id": (3, 0, 1, 2, 0),  # per item that is an object: 4 of them
        "Items[].Level": (3, 0, 1, 3, 0),
        "Never": (0, 0, 4, 0, 0),
        "OnlyNull": (0, 1, 3, 0, 0),
    }
    for path, (present, null, absent, responses, wrong) in expected.items():
        got = fields[path]
        assert (
            got["present"],
            got["null"],
            got["absent"],
            got["responses"],
            got["wrong_type"],
        ) == (present, null, absent, responses, wrong), path


def test_enums_ranges_strings_booleans_by_hand() -> None:
    fields = _by_path(_hand_counted())
    kind = fields["Kind"]["enum"]
    assert kind["values"] == [
        {"value": "A", "count": 2},
        {"value": "B", "count": 1},
        {"value": "C", "count": 0},
    ]
    assert kind["never_seen"] == ["C"]
    assert kind["unknown"] == [{"value": '"D"', "count": 1}]
    assert kind["unknown_other"] == 0
    level = fields["Items[].Level"]
    assert level["enum"]["values"] == [{"value": 1, "count": 1}, {"value": 2, "count": 1}]
    assert level["enum"]["unknown"] == [{"value": "3", "count": 1}]
    assert level["range"] == {"min": 1, "max": 3}
    assert fields["Count"]["range"] == {"min": -2, "max": 5}
    assert fields["Code"]["longest"] == 6  # "FAILED"; the 7 is not a string
    assert fields["Items[].Id"]["longest"] == 2
    assert fields["Flag"]["booleans"] == {"true": 1, "false": 1}
    assert fields["Items"]["most_items"] == 2
    assert fields["Never"]["longest"] is None


def test_unconfirmed_and_unknown_fields_by_hand() -> None:
    data = _hand_counted()
    assert data["unconfirmed"] == ["Never", "OnlyNull"]
    assert data["unknown_fields"] == [
        {"path": "Items[].Extra", "count": 1},
        {"path": "New", "count": 1},  # only the first unknown key, not New.a
        {"path": '["a.b"]', "count": 1},  # not a plain name: quoted
    ]
    assert data["unknown_fields_other"] == 0


def test_real_schema_paths_and_nullable(page_example: dict[str, Any]) -> None:
    cover = Coverage(schemas())
    cover.add(OPERATION, page_example)
    page = copy.deepcopy(page_example)
    page["Data"]["EstablishedTime"] = None
    page["Data"]["AgentEvents"].append({"AgentId": "a2", "Mystery": 1})
    cover.add(OPERATION, page)
    fields = _by_path(cover.to_dict()[OPERATION])
    assert "Data.AgentEvents[].EventSequence[].Event" in fields
    established = fields["Data.EstablishedTime"]
    assert established["nullable"] is True
    assert (established["present"], established["null"]) == (1, 1)
    agent_id = fields["Data.AgentEvents[].AgentId"]
    # one agent event in the first response, two in the second: 3 occurrences, 2 responses
    assert (agent_id["present"], agent_id["absent"], agent_id["responses"]) == (3, 0, 2)
    agent_name = fields["Data.AgentEvents[].AgentName"]
    assert (agent_name["present"], agent_name["absent"]) == (2, 1)
    unknown = cover.to_dict()[OPERATION]["unknown_fields"]
    assert unknown == [{"path": "Data.AgentEvents[].Mystery", "count": 1}]


def _corpus(page: dict[str, Any], size: int = 60) -> list[object]:
    rng = random.Random(13)
    kinds = ["INBOUND", "OUTBOUND", "VIDEO", "CHAT", None, 7]
    corpus: list[object] = []
    for n in range(size):
        p = copy.deepcopy(page)
        data = p["Data"]
        data["ContactType"] = rng.choice(kinds)
        data["CallDuration"] = rng.randint(-5, 10_000)
        if rng.random() < 0.3:
            del data["AgentEvents"]
        if rng.random() < 0.2:
            data[f"Extra{n % 7}"] = n
        if rng.random() < 0.1:
            data["ReleaseInitiator"] = f"unknown-{n}"
        corpus.append(p if rng.random() > 0.05 else [p])
    return corpus


def test_merge_is_exact_in_any_split_and_order(page_example: dict[str, Any]) -> None:
    corpus = _corpus(page_example)
    whole = Coverage(schemas())
    for payload in corpus:
        whole.add(OPERATION, payload)
    expected = json.dumps(whole.to_dict(), sort_keys=False)
    rng = random.Random(5)
    for parts_count in (2, 3, 7):
        cuts = sorted(rng.sample(range(1, len(corpus)), parts_count - 1))
        bounds = [0, *cuts, len(corpus)]
        parts = []
        for start, end in itertools.pairwise(bounds):
            part = Coverage(schemas())
            for payload in corpus[start:end]:
                part.add(OPERATION, payload)
            parts.append(pickle.loads(pickle.dumps(part)))  # as a worker sends it back
        for order in (parts, parts[::-1], rng.sample(parts, len(parts))):
            assert json.dumps(merged(order).to_dict()) == expected
        # associativity: ((a+b)+c...) equals a+(b+(c...))
        right = Coverage()
        for part in reversed(parts):
            merged_part = merged([part])
            merged_part.merge(right)
            right = merged_part
        assert json.dumps(right.to_dict()) == expected


def test_bounded_unknown_values_stay_exact_across_merges() -> None:
    schema = {"type": "object", "properties": {"K": {"type": "string", "enum": ["a"]}}}
    values = [f"v{n:03d}" for n in range(UNKNOWN_VALUES_LIMIT + 15)] * 2 + ["a"]
    random.Random(1).shuffle(values)
    whole = OperationCoverage.from_schema(schema)
    for value in values:
        whole.add({"K": value})
    enum = whole.to_dict()["fields"][0]["enum"]
    kept = [u["value"] for u in enum["unknown"]]
    # the smallest JSON texts are kept, each counted exactly; the rest counted together
    assert kept == [json.dumps(f"v{n:03d}") for n in range(UNKNOWN_VALUES_LIMIT)]
    assert all(u["count"] == 2 for u in enum["unknown"])
    assert enum["unknown_other"] == 30
    halves = [OperationCoverage.from_schema(schema) for _ in range(2)]
    for index, value in enumerate(values):
        halves[index % 2].add({"K": value})
    halves[1].merge(halves[0])
    assert halves[1].to_dict() == whole.to_dict()


def test_unknown_fields_are_bounded() -> None:
    schema = {"type": "object", "properties": {"A": {"type": "string"}}}
    cover = OperationCoverage.from_schema(schema)
    for n in range(UNKNOWN_FIELDS_LIMIT + 50):
        cover.add({f"k{n:05d}": 1})
    data = cover.to_dict()
    assert len(data["unknown_fields"]) == UNKNOWN_FIELDS_LIMIT
    assert data["unknown_fields_other"] == 50


def test_hostile_keys_and_deep_payloads_stay_bounded() -> None:
    schema = {"type": "object", "properties": {"A": {"type": "object", "properties": {}}}}
    cover = OperationCoverage.from_schema(schema)
    deep: object = 1
    for _ in range(5000):
        deep = {"A": deep}
    cover.add(deep)  # only as deep as the spec is walked: no recursion error
    cover.add({"A": {"x" * 10_000: 1, "<img src=x onerror=alert(1)>": 2}})
    paths = [u["path"] for u in cover.to_dict()["unknown_fields"]]
    assert 'A["<img src=x onerror=alert(1)>"]' in paths
    assert max(len(p) for p in paths) < 300


def test_schemas_with_refs_and_any_of() -> None:
    schema = {
        "$defs": {
            "Node": {"type": "object", "properties": {"Next": {"$ref": "#/$defs/Node"}}},
            "Kind": {"type": "string", "enum": ["x", "y"]},
        },
        "type": "object",
        "properties": {
            "Kind": {"anyOf": [{"$ref": "#/$defs/Kind"}, {"type": "null"}]},
            "Tree": {"$ref": "#/$defs/Node"},
        },
    }
    specs = {f.path: f for f in field_specs(schema)}
    assert specs["Kind"].nullable and specs["Kind"].enum == ("x", "y")
    assert "Tree.Next.Next" in specs  # recursion followed a bounded number of levels
    assert len(specs) < 100


def test_different_schemas_do_not_merge() -> None:
    a = OperationCoverage.from_schema(SCHEMA)
    b = OperationCoverage.from_schema({"type": "object", "properties": {}})
    with pytest.raises(ValueError, match="different schemas"):
        a.merge(b)


def test_response_schemas_names_a_missing_file() -> None:
    with pytest.raises(OSError, match=r"Nope\.response\.schema\.json"):
        response_schemas("ccc", ["Nope"])
