"""The generated validator against jsonschema (Draft 2020-12) on the generated strict and lenient
schemas, on the spec's examples and payloads made from them: same verdict and the same set of
(path, keyword) errors on every payload, each checked under both schemas (conftest's
`agreement`; jsonschema runs under the strict schema, its lenient verdict derived from that run).

- the examples themselves, valid in both;
- a seeded mutation fuzzer over them (mutants.py: 10,000 mutants, some 9,000 of them distinct:
  a repeat is not checked again);
- hand-picked payloads for each keyword and each Python/JSON Schema trap, and for the compiled
  validator's subscript branch on complete closed objects.

The hypothesis-drawn payloads are test_differential_hypothesis.py's.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from validator.mutants import INT64, SEED, _copy, _examples, _get, mutate

MUTANTS = 10_000


def test_the_examples_are_valid(agreement: Any) -> None:
    import ccc

    for example in _examples():
        assert ccc.validate_response("GetCallDetailRecord", example) == []
        assert ccc.validate_response("GetCallDetailRecord", example, strict=False) == []
        agreement(example)


def test_seeded_mutants_of_the_examples(agreement: Any) -> None:
    rng = random.Random(SEED)
    bases = _examples()
    big = copy.deepcopy(bases[0])
    big["Data"]["AgentEvents"] = big["Data"]["AgentEvents"] * 20
    bases.append(big)
    before = agreement.checked
    seen: set[str] = set()  # a mutant met before (some 10% are) has had its verdicts compared
    for n in range(MUTANTS):
        base = bases[n % len(bases)] if n % 50 else big
        mutant = mutate(rng, _copy(base))
        if (key := repr(mutant)) not in seen:  # repr keeps 1, 1.0, True, -0.0 and nan apart
            seen.add(key)
            agreement(mutant)
    assert agreement.checked - before == len(seen) > MUTANTS * 8 // 10
    # The fuzzer really exercises the collecting path, and in both modes.
    assert agreement.invalid["strict"] > MUTANTS // 2
    assert agreement.invalid["lenient"] > MUTANTS // 4


def test_every_keyword_and_trap_is_met(agreement: Any, page_example: dict[str, Any]) -> None:
    """Hand-picked payloads for each keyword and each Python/JSON Schema trap."""
    import ccc

    data = page_example["Data"]
    cases: list[tuple[str, Any, set[tuple[str, str]]]] = [
        ("/Data/CallDuration", True, {("/Data/CallDuration", "type")}),
        ("/Data/CallDuration", 50.0, set()),  # 1.0 is an integer in 2020-12
        ("/Data/CallDuration", 50.5, {("/Data/CallDuration", "type")}),
        ("/Data/CallDuration", INT64, {("/Data/CallDuration", "maximum")}),
        ("/Data/CallDuration", -INT64 - 1, {("/Data/CallDuration", "minimum")}),
        ("/Data/CallDuration", 1e19, {("/Data/CallDuration", "maximum")}),
        ("/Data/CallDuration", float("nan"), {("/Data/CallDuration", "type")}),
        (
            "/Data/CallDuration",
            float("inf"),
            {("/Data/CallDuration", "type"), ("/Data/CallDuration", "maximum")},
        ),
        ("/Data/Satisfaction", 2**31, {("/Data/Satisfaction", "maximum")}),
        ("/Data/RecordingReady", 1, {("/Data/RecordingReady", "type")}),
        ("/Data/EstablishedTime", None, set()),
        ("/Data/ContactType", None, {("/Data/ContactType", "type"), ("/Data/ContactType", "enum")}),
        ("/Data/ContactType", "outbound", {("/Data/ContactType", "enum")}),
        (
            "/Data/QueueEvents/0/QueueType",
            True,
            {("/Data/QueueEvents/0/QueueType", "type"), ("/Data/QueueEvents/0/QueueType", "enum")},
        ),
        ("/Data/QueueEvents/0/QueueType", 2.0, set()),
        ("/Data/QueueEvents/0/QueueType", 3, {("/Data/QueueEvents/0/QueueType", "enum")}),
        (
            "/Data/QueueEvents/0/QueueType",
            "1",
            {("/Data/QueueEvents/0/QueueType", "type"), ("/Data/QueueEvents/0/QueueType", "enum")},
        ),
    ]
    for where, value, expected in cases:
        payload = copy.deepcopy(page_example)
        parts = [int(p) if p.isdigit() else p for p in where.strip("/").split("/")]
        _get(payload, tuple(parts[:-1]))[parts[-1]] = value
        got = {(i.path, i.keyword) for i in ccc.validate_response("GetCallDetailRecord", payload)}
        assert got == expected, (where, value)
        agreement(payload)
    del data["ContactId"]
    data["a/b~c"] = 1
    page_example["Data"]["AgentEvents"][0]["EventSequence"][0]["Extra"] = 1
    issues = ccc.validate_response("GetCallDetailRecord", page_example)
    assert {(i.path, i.keyword, i.actual) for i in issues} == {
        ("/Data", "required", "ContactId"),
        ("/Data", "additionalProperties", "a/b~c"),
        ("/Data/AgentEvents/0/EventSequence/0", "additionalProperties", "Extra"),
    }
    assert (
        ccc.validate_response("GetCallDetailRecord", page_example, strict=False)[0].keyword
        == "required"
    )
    agreement(page_example)


def test_complete_objects_take_the_subscript_branch_soundly(
    agreement: Any, page_example: dict[str, Any]
) -> None:
    """A closed object with as many keys as properties is read by subscript, skipping the set
    test: a missing known key plus an unknown one (same size) must still be caught."""
    from ccc.validators import get_call_detail_record as module

    complete = copy.deepcopy(page_example)
    complete["Data"]["OutsideNumberReleaseReason"] = ""
    assert module._valid(complete)  # every closed object complete: the fast branch
    agreement(complete)
    swaps = [
        (("Data",), "OutsideNumberReleaseReason"),  # a scalar swapped for an unknown key
        (("Data",), "AgentEvents"),  # a container swapped for an unknown key
        (("Data", "AnalyticsReport", "Emotion"), "Remark"),
        (("Data", "AnalyticsReport"), "TodoList"),
        (("Data", "QueueEvents", 0), "QueueType"),
    ]
    for where, name in swaps:
        payload = copy.deepcopy(complete)
        target = _get(payload, where)
        size = len(target)
        del target[name]
        target["Swapped"] = 1
        assert len(target) == size
        assert not module._valid(payload)
        issues = {(i.path, i.keyword, i.actual) for i in module.validate(payload)}
        assert ("/" + "/".join(map(str, where)), "additionalProperties", "Swapped") in issues
        agreement(payload)
