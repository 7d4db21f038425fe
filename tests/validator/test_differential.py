"""The generated validator against jsonschema (Draft 2020-12) on the generated strict and lenient
schemas: same verdict and the same set of (path, keyword) errors on every payload. jsonschema
runs under the strict schema, its lenient verdict derived from that run (conftest's
`lenient_rows`; `test_the_lenient_rows_are_jsonschemas_own` holds it to jsonschema's own).

Two sources of payloads, over 11,000 in all per run, each checked under both schemas:
- a seeded mutation fuzzer over the spec's examples (10,000 mutants on its own, some 9,000
  of them distinct: a repeat is not checked again);
- hypothesis: payloads drawn from each schema (valid in it), and hypothesis-driven mutations
  of them, derandomized so a run is repeatable.

hypothesis-jsonschema 0.23.1 cannot draw objects with the pinned hypothesis 6.170.17 (it calls
`many.more()`, which hypothesis no longer has: AttributeError), so the schema strategy here is
our own: small, and only for the keywords the generated schemas use.
"""

from __future__ import annotations

import copy
import functools
import random
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SPEC = Path(__file__).resolve().parents[2] / "spec" / "ccc" / "GetCallDetailRecord.yaml"
MUTANTS = 10_000
SEED = 20200701

INT64 = 2**63


@functools.cache
def _spec_examples() -> list[dict[str, Any]]:
    """The spec's response examples, parsed once per process (a third of a second each time)."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return [e["response"] for e in spec["examples"].values() if e.get("response")]


def _examples() -> list[dict[str, Any]]:
    """The spec's response examples: a fresh copy each call (the callers mutate them)."""
    return copy.deepcopy(_spec_examples())


def deep(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"n": value}
    return value


# Values a mutant may put anywhere: every JSON type, and the traps.
REPLACEMENTS: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    2,
    3,
    -1,
    1.0,
    2.0,
    0.0,
    -0.0,
    1.5,
    1e300,
    -1e300,
    2**31 - 1,
    2**31,
    -(2**31),
    -(2**31) - 1,
    INT64 - 1,
    INT64,
    -INT64,
    -INT64 - 1,
    2**100,
    9.3e18,
    -9.3e18,
    9.2e18,
    float("nan"),
    float("inf"),
    float("-inf"),
    "",
    " ",
    "0",
    "1",
    "true",
    "null",
    "OK",
    "測試技能組",
    "山東省-淄博",
    "😀",
    "\u0000",
    "a/b~c",
    "released",
    "Released",
    "RELEASED",
    "Released ",
    "agent",
    "customer",
    "IVR",
    "MAIN_FLOW",
    [],
    [1],
    [None],
    ["a", 1],
    {},
    {"Event": "Released"},
    {"EventTime": 1},
    {"Event": "Dialing", "EventTime": 1, "Duration": 2},
    deep(40),
    deep(300),
    deep(25, "深"),
]
UNKNOWN_NAMES = [
    "Unknown",
    "code",
    "Data ",
    "",
    "a/b",
    "~0",
    "x~y/z",
    "未知字段",
    "🙂",
    "Code\u0000",
]


def _paths(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path in `value`, depth first, parents before children, in document order.

    With an explicit stack: nested generators cost each path one resumption per level above it
    (a `deep(300)` replacement made that a fifth of this file's CPU)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, here)]
    while stack:
        node, path = stack.pop()
        yield path
        if isinstance(node, dict):
            stack.extend((child, (*path, key)) for key, child in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((node[i], (*path, i)) for i in range(len(node) - 1, -1, -1))


def _containers(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    for path in _paths(value, here):
        if isinstance(_get(value, path), (dict, list)):
            yield path


class _Preorder(Sequence[tuple[Any, ...]]):
    """`list(_paths(value))`, or only the containers' paths (`_containers`), as a sequence that
    `random.choice` reads the same way (its length, then one item), without building every path.

    The mutants nest replacements such as `deep(300)` inside each other, and the large example
    repeats one agent event twenty times (the same object): the size of each subtree is counted
    once per object, and the chosen path is found by skipping whole subtrees."""

    def __init__(self, value: Any, containers: bool = False) -> None:
        self.value = value
        self.containers = containers
        self.sizes: dict[int, int] = {}  # id of a container in `value` (alive) -> paths in it
        if isinstance(value, (dict, list)):
            try:  # recursion: each container visited once (most payloads are shallow)
                _count(value, self.sizes, 0 if containers else 1)
            except RecursionError:  # replacements nested deep in each other: the sizes found
                self._count_deep()  # so far stay, the rest are counted without recursion

    def _count_deep(self) -> None:
        leaf = 0 if self.containers else 1
        sizes = self.sizes
        stack = [self.value]
        while stack:
            node = stack[-1]
            if id(node) in sizes:
                stack.pop()
                continue
            children = list(node.values() if isinstance(node, dict) else node)
            pending = [c for c in children if isinstance(c, (dict, list)) and id(c) not in sizes]
            if pending:  # counted first; this node is met again once they are
                stack.extend(pending)
                continue
            stack.pop()
            sizes[id(node)] = 1 + sum(
                sizes[id(c)] if isinstance(c, (dict, list)) else leaf for c in children
            )

    def _size(self, node: Any) -> int:
        if isinstance(node, (dict, list)):
            return self.sizes[id(node)]
        return 0 if self.containers else 1

    def __len__(self) -> int:
        return self._size(self.value)

    @overload
    def __getitem__(self, index: int) -> tuple[Any, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[Any, ...]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice) or not 0 <= index < len(self):
            raise IndexError(index)  # random.choice asks for neither
        node, path = self.value, list[Any]()
        while True:  # parents before children, in document order, as _paths walks
            if index == 0:
                return tuple(path)
            index -= 1
            pairs = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in pairs:
                size = self._size(child)
                if index < size:  # in the child's subtree, the child itself first
                    path.append(key)
                    node = child
                    break
                index -= size


def _count(node: Any, sizes: dict[int, int], leaf: int) -> int:
    """The paths in container `node` (itself, and `leaf` per scalar in it), stored in `sizes`
    for it and every container in it; a container met twice (the same object) is counted once."""
    total = 1
    for child in node.values() if isinstance(node, dict) else node:
        if isinstance(child, (dict, list)):
            size = sizes.get(id(child))
            total += _count(child, sizes, leaf) if size is None else size
        else:
            total += leaf
    sizes[id(node)] = total
    return total


def _copy(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """`copy.deepcopy` of JSON data (dicts, lists and immutable scalars), a few times faster:
    the same copies, with a container met twice (the large page's repeated agent event)
    copied once and shared, as deepcopy shares it."""
    if not isinstance(value, (dict, list)):
        return value
    if memo is None:
        memo = {}
    elif (done := memo.get(id(value))) is not None:
        return done
    copied: Any
    if isinstance(value, dict):
        copied = memo[id(value)] = {}
        for key, child in value.items():
            copied[key] = _copy(child, memo)
    else:
        copied = memo[id(value)] = []
        for child in value:
            copied.append(_copy(child, memo))
    return copied


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def mutate(rng: random.Random, payload: Any) -> Any:
    """One to four random edits: replace, delete, add unknown, null, list surgery, number traps."""
    for _ in range(rng.randint(1, 4)):
        if not isinstance(payload, (dict, list)):
            return payload
        path = rng.choice(_Preorder(payload))
        op = rng.random()
        if not path:  # the root itself
            if op < 0.1:
                return rng.choice(REPLACEMENTS)
            continue
        parent, last = _get(payload, path[:-1]), path[-1]
        current = parent[last]
        if op < 0.35:
            parent[last] = _copy(rng.choice(REPLACEMENTS))
        elif op < 0.5 and isinstance(parent, dict):
            del parent[last]  # a missing (possibly required) field
        elif op < 0.6:
            where = _get(payload, rng.choice(_Preorder(payload, containers=True)))
            if isinstance(where, dict):
                where[rng.choice(UNKNOWN_NAMES)] = _copy(rng.choice(REPLACEMENTS))
            else:
                where.append(_copy(rng.choice([*REPLACEMENTS, current])))
        elif op < 0.68:
            parent[last] = None  # null where not nullable (or where it is)
        elif op < 0.8 and isinstance(current, (int, float)) and not isinstance(current, bool):
            parent[last] = rng.choice(
                [
                    float(current),
                    bool(current % 2),
                    current + 0.5,
                    -current,
                    INT64 + current,
                    str(current),
                ]
            )
        elif op < 0.88 and isinstance(current, str):
            parent[last] = rng.choice(
                [
                    current.upper(),
                    current.lower(),
                    current + "x",
                    current.encode().hex(),
                    current[:1],
                ]
            )
        elif op < 0.94 and isinstance(current, list):
            parent[last] = rng.choice([current * 3, [], {str(i): v for i, v in enumerate(current)}])
        else:
            parent[last] = _copy(rng.choice(REPLACEMENTS))
    return payload


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


def _reference_payloads() -> list[Any]:
    """The examples (one repeated in a page, as the mutants' large page does) and 300 seeded
    mutants of them: what the references are compared with jsonschema on."""
    rng = random.Random(SEED + 1)
    bases = _examples()
    page = copy.deepcopy(bases[0])
    page["Data"]["AgentEvents"] = page["Data"]["AgentEvents"] * 5
    bases.append(page)
    return [*bases, *(mutate(rng, copy.deepcopy(bases[n % 3])) for n in range(300))]


def test_the_memoised_reference_is_jsonschema(schemas: dict[str, dict[str, Any]]) -> None:
    """The reference the differential tests use remembers jsonschema's errors per (subschema,
    value): on the examples and seeded mutants of them (one example repeated in a page, as the
    mutants' large page does), each error is jsonschema's own, with its paths, message and
    instance."""
    import jsonschema
    from validator.conftest import memoised_reference

    def errors(validator: Any, payload: Any) -> list[tuple[Any, ...]]:
        found = [
            (
                list(e.absolute_path),
                list(e.absolute_schema_path),
                e.validator,
                repr(e.validator_value),
                e.message,
                repr(e.instance),
                e.schema is not None,
            )
            for e in validator.iter_errors(payload)
        ]
        return sorted(found, key=repr)

    payloads = _reference_payloads()
    for schema in schemas.values():
        plain = jsonschema.Draft202012Validator(schema)
        memoised = memoised_reference(schema)
        remembered = 0
        for payload in payloads:
            expected = errors(plain, payload)
            assert errors(memoised, payload) == expected, payload
            assert memoised.is_valid(payload) is (not expected)
            remembered += bool(expected)
        assert remembered > 100  # the mutants' errors were compared, not only valid payloads


def test_the_lenient_rows_are_jsonschemas_own(schemas: dict[str, dict[str, Any]]) -> None:
    """The differential tests run jsonschema under the strict schema only and derive its rows
    under the lenient one (`lenient_rows`): on the examples and seeded mutants, of the response
    and of an error answer (under the error envelope), they are jsonschema's own rows there."""
    import json

    import jsonschema
    from validator.conftest import (
        SCHEMAS,
        assert_lenient_is_strict_without_drift,
        detailed_reference,
        lenient_rows,
    )

    envelope = {
        variant: json.loads((SCHEMAS / f"ErrorResponse{suffix}.schema.json").read_text("utf-8"))
        for variant, suffix in (("strict", ""), ("lenient", ".lenient"))
    }
    rng = random.Random(SEED + 3)
    error = {"RequestId": "r", "Code": "Forbidden", "Message": "m", "HttpStatusCode": 403}
    errors = [error, *(mutate(rng, copy.deepcopy(error)) for _ in range(100))]
    for variants, payloads in ((schemas, _reference_payloads()), (envelope, errors)):
        assert_lenient_is_strict_without_drift(variants["strict"], variants["lenient"])
        strict = jsonschema.Draft202012Validator(variants["strict"])
        lenient = jsonschema.Draft202012Validator(variants["lenient"])
        drift = 0
        for payload in payloads:
            rows = detailed_reference(strict, payload)
            assert lenient_rows(rows) == detailed_reference(lenient, payload), payload
            drift += rows != lenient_rows(rows)
        assert drift > len(payloads) // 10  # enum and unknown-field rows were left out


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


# --- hypothesis ------------------------------------------------------------------------------

HYPOTHESIS = settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


def _not_in(names: frozenset[str]) -> Callable[[str], bool]:
    """A filter bound to this schema's property names (not to a loop variable)."""
    return lambda key: key not in names


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Instances of a generated response schema (type, enum, bounds, properties, required,
    additionalProperties, items), with unknown properties where the schema allows them."""
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    options: list[st.SearchStrategy[Any]] = []
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for json_type in types:
        if json_type == "null":
            options.append(st.none())
        elif json_type == "string":
            options.append(st.text(max_size=12))
        elif json_type == "boolean":
            options.append(st.booleans())
        elif json_type in ("integer", "number"):
            # JSON bounds from the schema: every integer field of the generated schemas has both.
            low: Any = schema.get("minimum")
            high: Any = schema.get("maximum")
            options.append(st.integers(min_value=low, max_value=high))
            options.append(
                st.integers(min_value=max(low, -(2**53)), max_value=min(high, 2**53)).map(float)
            )
        elif json_type == "array":
            options.append(st.lists(from_schema(schema["items"]), max_size=3))
        elif json_type == "object":
            properties = schema.get("properties", {})
            required = schema.get("required", [])
            fixed = st.fixed_dictionaries(
                {name: from_schema(properties[name]) for name in required},
                optional={n: from_schema(s) for n, s in properties.items() if n not in required},
            )
            if schema.get("additionalProperties", True) is False:
                options.append(fixed)
            else:
                names = frozenset(properties)
                extra: st.SearchStrategy[dict[str, Any]] = st.dictionaries(
                    st.text(max_size=8).filter(_not_in(names)),
                    json_values,
                    max_size=2,
                )
                options.append(st.builds(lambda a, b: {**b, **a}, fixed, extra))
    return st.one_of(options)


@pytest.fixture(scope="module")
def strategies(schemas: dict[str, dict[str, Any]]) -> dict[str, st.SearchStrategy[Any]]:
    return {variant: from_schema(schema) for variant, schema in schemas.items()}


@pytest.mark.parametrize("variant", ["strict", "lenient"])
def test_hypothesis_schema_payloads(variant: str, strategies: Any, agreement: Any) -> None:
    """Payloads hypothesis-jsonschema draws from each schema: valid in it, and in the other?"""

    @HYPOTHESIS
    @given(payload=strategies[variant])
    def check(payload: Any) -> None:
        assert agreement.references[variant].is_valid(payload)
        agreement(payload)

    check()


@pytest.mark.parametrize("variant", ["strict", "lenient"])
def test_hypothesis_mutations(variant: str, strategies: Any, agreement: Any) -> None:
    """A schema payload with one value anywhere in it replaced by arbitrary JSON."""

    @HYPOTHESIS
    @given(payload=strategies[variant], data=st.data())
    def check(payload: Any, data: st.DataObject) -> None:
        paths = [p for p in _paths(payload) if p]
        if paths:
            path = data.draw(st.sampled_from(paths))
            _get(payload, path[:-1])[path[-1]] = data.draw(json_values)
        agreement(payload)

    check()


@HYPOTHESIS
@given(payload=json_values)
def test_hypothesis_arbitrary_json(payload: Any) -> None:
    """Any JSON at all as the whole payload: mostly `type` at "", never a crash."""
    import ccc

    issues = ccc.validate_response("GetCallDetailRecord", payload)
    if not isinstance(payload, dict):
        assert [(i.path, i.keyword) for i in issues] == [("", "type")]


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
