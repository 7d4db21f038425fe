"""The failures aggregate: groups by path and keyword, first examples, errors per input."""

from __future__ import annotations

import copy
import pickle
from typing import Any

from ccc._runtime.tools.validate.failures import EXAMPLES, GROUP_LIMIT, Failures, pointer_pattern
from ccc._runtime.tools.validate.reports import Finding, Result
from ccc._runtime.tools.validate.sources import Source
from reports.helpers import check_corpus


def _mistyped(page: dict[str, Any], event: int = 0) -> dict[str, Any]:
    bad = copy.deepcopy(page)
    bad["Data"]["CallDuration"] = "fifty"
    bad["Data"]["AgentEvents"][0]["EventSequence"][event]["EventTime"] = "soon"
    return bad


def test_groups_counted_by_hand(page_example: dict[str, Any]) -> None:
    drift = copy.deepcopy(page_example)
    drift["Data"]["AgentEvents"][0]["0"] = "a key named like an index"
    data = check_corpus(
        [
            ("a.jsonl", [page_example, _mistyped(page_example), _mistyped(page_example)]),
            ("b.jsonl", [drift, _mistyped(page_example)]),
            ("c.jsonl", [page_example]),
        ]
    )
    failures = data.failures
    assert failures is not None
    groups = {(g["path"], g["keyword"]): g for g in failures.to_dict()["groups"]}
    # 3 mistyped responses with 2 errors each, 1 unknown field: 7 errors in 3 groups
    assert failures.errors == 7
    assert set(groups) == {
        ("/Data/CallDuration", "type"),
        ("/Data/AgentEvents/*/EventSequence/*/EventTime", "type"),
        ("/Data/AgentEvents/*/0", "additionalProperties"),  # a key, not an index: kept
    }
    duration = groups[("/Data/CallDuration", "type")]
    assert duration["count"] == 3
    assert [(e["file"], e["line"]) for e in duration["examples"]] == [
        ("a.jsonl", 2),
        ("a.jsonl", 3),
        ("b.jsonl", 2),
    ][:EXAMPLES]
    assert duration["examples"][0]["column"] > 1
    assert "not of type integer" in duration["examples"][0]["message"]
    # errors per input: a 4, b 3, c 0
    assert failures.per_input == {"a.jsonl": 4, "b.jsonl": 3}
    assert failures.histogram(3) == [("0", 1), ("1", 0), ("2-3", 1), ("4-7", 1)]
    assert failures.worst_inputs(1) == [("a.jsonl", 4)]


def test_pointer_pattern_tells_indexes_from_keys() -> None:
    payload = {"A": [{"7": [1, 2]}]}
    assert pointer_pattern(payload, "/A/0/7/1") == "/A/*/7/*"
    assert pointer_pattern(payload, "") == ""


def test_unreadable_inputs_are_grouped_by_kind() -> None:
    failures = Failures()
    source = Source("broken.json", "broken.json", False)
    finding = Finding(3, 5, "Expecting value", kind="json")
    failures.add(Result(source, 3, None, "unreadable", (finding,)))
    group = failures.to_dict()["groups"][0]
    assert (group["path"], group["keyword"], group["operation"]) == ("", "json", None)
    assert group["examples"] == [
        {"file": "broken.json", "line": 3, "column": 5, "message": "Expecting value"}
    ]


def _results(count: int) -> list[Result]:
    results = []
    for n in range(count):
        source = Source(f"f{n % 4}.json", f"f{n % 4}.json", False)
        finding = Finding(n + 1, 1, f"m{n}", kind="io" if n % 3 else "json")
        results.append(Result(source, n + 1, None, "unreadable", (finding,)))
    return results


def test_merge_is_exact_in_any_order() -> None:
    results = _results(40)
    whole = Failures()
    for r in results:
        whole.add(r)
    for split in (5, 17, 33):
        a, b = Failures(), Failures()
        for r in results[:split]:
            a.add(r)
        for r in results[split:]:
            b.add(r)
        a = pickle.loads(pickle.dumps(a))
        b = pickle.loads(pickle.dumps(b))
        ab, ba = Failures(), Failures()
        ab.merge(a)
        ab.merge(b)
        ba.merge(b)
        ba.merge(a)
        assert ab.to_dict() == ba.to_dict() == whole.to_dict()
        assert ab.per_input == whole.per_input


def test_groups_are_bounded() -> None:
    failures = Failures()
    source = Source("x.json", "x.json", False)
    for n in range(GROUP_LIMIT + 25):
        finding = Finding(1, 1, "m", kind=f"k{n:04d}")
        failures.add(Result(source, 1, None, "unreadable", (finding,)))
    data = failures.to_dict()
    assert len(data["groups"]) == GROUP_LIMIT
    assert data["other_errors"] == 25
    assert data["errors"] == GROUP_LIMIT + 25
