"""The fast path over the validator's corpora: the spec's examples, seeded mutants of them and
hypothesis-drawn payloads (tests/validator/mutants.py and schema_strategy.py), each spelled two
ways, in both modes: what msgspec accepts, jsonschema accepts; whatever it is, `validate_json`
reports exactly `validate_response`'s issues. And it is no empty shortcut: every valid payload it
could decide exactly (no float where an integer goes, no integer beyond 64 bits, no lone
surrogate, no more brackets than the nesting limit) is accepted.
"""

from __future__ import annotations

import copy
import random
import re
from typing import Any

from fast_path.conftest import Soundness, encodings
from hypothesis import given, settings
from hypothesis import strategies as st
from validator.mutants import SEED, _examples, _get, _paths, mutate
from validator.schema_strategy import HYPOTHESIS, from_schema, json_values

MUTANTS = 600  # each checked in two spellings and two modes


def _exact(value: Any) -> bool:
    """Whether the fast path must decide `value` itself: no float, no integer beyond 64 bits
    (msgspec's), no lone surrogate (msgspec refuses its escape)."""
    stack = [value]  # every value in it, each once (not found again from the top by its path)
    while stack:
        part = stack.pop()
        if isinstance(part, (dict, list)):
            stack.extend(part.values() if isinstance(part, dict) else part)
        keys = list(part) if isinstance(part, dict) else []
        for each in [part, *keys]:
            if isinstance(each, float):
                return False
            if isinstance(each, int) and not -(2**63) <= each < 2**64:
                return False
            if isinstance(each, str) and _SURROGATE.search(each):
                return False
    return True


_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone surrogate (any, in a str)


def _depth(value: Any) -> int:
    """How deep `value` nests, as the JSON reader counts it (objects and arrays)."""
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _check(soundness: Soundness, payload: Any) -> None:
    import ccc
    from ccc._runtime.core.fast_json import NESTING_LIMIT

    # Past NESTING_LIMIT levels, the fast path leaves the depth to the slow one.
    decided = _exact(payload) and _depth(payload) <= NESTING_LIMIT  # for both spellings
    for data in encodings(payload):
        verdicts = soundness(data)
        if decided:
            for variant, accepted in verdicts.items():
                valid = ccc.is_valid_response(
                    "GetCallDetailRecord", payload, strict=variant == "strict"
                )
                assert accepted == valid, (variant, data)


def test_spaced_ascii_is_json_dumps() -> None:
    """The spaced spelling of `encodings` is json.dumps's, on the examples, seeded mutants of
    them (every replacement and trap value, nested ones too) and values json.dumps alone
    takes (keys that are not strings)."""
    import json

    from fast_path.conftest import spaced_ascii
    from validator.mutants import REPLACEMENTS, UNKNOWN_NAMES

    rng = random.Random(SEED + 2)
    bases = _examples()
    values: list[Any] = [*bases, *REPLACEMENTS, {key: [1.5, -0.0] for key in UNKNOWN_NAMES}]
    values += [mutate(rng, copy.deepcopy(bases[n % len(bases)])) for n in range(300)]
    values += [{1: "a", None: [True]}, ["\ud800", "\U0001f600", {"": {}}, [[]]]]
    for value in values:
        assert spaced_ascii(value) == json.dumps(value, ensure_ascii=True, indent=1), value


def test_the_examples_take_the_fast_path(soundness: Soundness) -> None:
    for example in _examples():
        for data in encodings(example):
            assert soundness(data) == {"strict": True, "lenient": True}


def test_a_long_shallow_page_takes_the_fast_path(soundness: Soundness) -> None:
    """More brackets in all than the nesting limit, but shallow: still decided fast (brackets
    inside strings don't count either)."""
    from ccc._runtime.core.fast_json import NESTING_LIMIT

    big = copy.deepcopy(_examples()[0])
    big["Data"]["AgentEvents"] = big["Data"]["AgentEvents"] * 200
    big["Data"]["CalleeLocation"] = "[{" * NESTING_LIMIT
    for data in encodings(big):
        assert data.count(b"[") + data.count(b"{") > NESTING_LIMIT
        assert soundness(data) == {"strict": True, "lenient": True}


def test_seeded_mutants(soundness: Soundness) -> None:
    rng = random.Random(SEED)
    bases = _examples()
    big = copy.deepcopy(bases[0])
    big["Data"]["AgentEvents"] = big["Data"]["AgentEvents"] * 20
    bases.append(big)
    before = dict(soundness.accepted)
    for n in range(MUTANTS):
        _check(soundness, mutate(rng, copy.deepcopy(bases[n % len(bases)])))
    # Both outcomes are met: mutants the fast path decides, and mutants it hands on.
    for variant, count in soundness.accepted.items():
        assert 0 < count - before[variant] < 2 * MUTANTS


def test_hypothesis_payloads_and_mutations(
    soundness: Soundness, fast_schemas: dict[str, Any]
) -> None:
    """Payloads drawn from each schema, with one value anywhere replaced by arbitrary JSON."""
    # Each schema's strategy built once, not on every draw: the same payloads, drawn alike.
    payloads = {variant: from_schema(schema) for variant, schema in fast_schemas.items()}
    strategy = st.sampled_from(["strict", "lenient"]).flatmap(payloads.__getitem__)

    @settings(HYPOTHESIS, max_examples=80)
    @given(payload=strategy, data=st.data())
    def check(payload: Any, data: st.DataObject) -> None:
        _check(soundness, copy.deepcopy(payload))
        paths = [p for p in _paths(payload) if p]
        if paths:
            path = data.draw(st.sampled_from(paths))
            _get(payload, path[:-1])[path[-1]] = data.draw(json_values)
            _check(soundness, payload)

    check()
