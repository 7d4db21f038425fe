"""The fast-path descriptions (`emit/fast_types.py`) and the msgspec types built from them
(`runtime/core/fast_json.py`) on synthetic schemas: exact or stricter translations, refusals
where there is none, and soundness against jsonschema on each schema's keywords."""

from __future__ import annotations

import copy
import itertools
import json
import sys
from typing import Any

import jsonschema
import pytest
from cccgen.emit.fast_types import NoFastPath, describe

pytest.importorskip("msgspec")

from ccc._runtime.core import fast_json, jsontext


def _object(properties: dict[str, Any], required: list[str], closed: bool = True) -> dict[str, Any]:
    return {
        "type": "object",
        "title": "Thing",
        "properties": properties,
        "required": required,
        "additionalProperties": not closed,
    }


def test_translations() -> None:
    schema = _object(
        {
            "i": {"type": "integer", "minimum": 1.5, "maximum": 9.5},
            "n": {"type": "number"},
            "b": {"type": "number", "minimum": 0, "maximum": 1},
            "e": {"type": ["string", "null"], "enum": ["A", 1, None, "A"]},
            "k": {"type": "integer", "enum": [1, 2.0, "x"]},
            "free": {"type": "object"},
            "list": {"type": "array"},
            "open": {"type": "object", "required": ["ghost"]},
        },
        ["i"],
    )
    top, models = describe(schema)
    assert top == ("model", "Thing")
    closed, fields = models["Thing"]
    assert closed
    assert models["open"] == (False, (("ghost", True, ("any",)),))  # present, any value
    assert dict((wire, (required, kind)) for wire, required, kind in fields) == {
        "i": (True, ("int", 2, 9)),
        "n": (False, ("float",)),
        "b": (False, ("int", 0, 1)),  # stricter: a bounded number takes integers only
        "e": (False, ("enum", ("A", None), ("union", (("str",), ("null",))))),
        "k": (False, ("enum", (1, 2), ("int", None, None))),
        "free": (False, ("dict",)),
        "list": (False, ("list", ("any",))),
        "open": (False, ("model", "open")),
    }


@pytest.mark.parametrize(
    "node",
    [
        {"type": "boolean", "enum": [True]},
        {"type": "number", "enum": [1.5]},
        {"type": "string", "enum": [1]},
        {"type": "string", "pattern": "^a"},
        {"type": "string", "minLength": 1},
        _object({}, ["ghost"]),
    ],
    ids=[
        "bool enum",
        "fractional enum",
        "no enum value of its type",
        "pattern",
        "minLength",
        "required but not allowed",
    ],
)
def test_no_fast_path_rather_than_a_looser_one(node: dict[str, Any]) -> None:
    with pytest.raises(NoFastPath):
        describe(_object({"x": node}, []))


def test_the_nesting_limits_agree() -> None:
    assert fast_json.NESTING_LIMIT == jsontext.NESTING_LIMIT


def test_the_client_core_imports_no_tool() -> None:
    """`validate_json` lives in the client core: neither it nor anything else in `core` may
    import the tools (the strict JSON reader they share lives in `core/jsontext.py`)."""
    import ast
    from pathlib import Path

    import cccgen.runtime

    core = Path(cccgen.runtime.__file__).parent / "core"
    found = []
    for module in sorted(core.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text("utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.level
                and (node.module or "").startswith("tools")
            ):
                found.append(f"{module.name}: from {'.' * node.level}{node.module}")
    assert found == []


def _lenient(schema: Any) -> Any:
    """The lenient schema: the strict one without `enum` and `additionalProperties`."""
    if isinstance(schema, dict):
        return {
            k: _lenient(v) for k, v in schema.items() if k not in ("enum", "additionalProperties")
        }
    return schema


SYNTHETIC = _object(
    {
        "i": {"type": "integer", "minimum": -3, "maximum": 2**64},
        "n": {"type": ["number", "null"]},
        "b": {"type": "number", "minimum": 0.5, "maximum": 1e20},
        "e": {"type": ["string", "integer", "null"], "enum": ["A", 1, None]},
        "s": {"type": ["string", "boolean"]},
        "free": {"type": "object"},
        "a": {"type": "array", "items": _object({"x": {"type": "string"}}, ["x"])},
        "m": {"type": ["object", "null"], "properties": {"y": {"type": "integer"}}},
        "o": {"type": "object", "required": ["ghost"]},
    },
    ["i"],
)
VALUES: list[Any] = [
    None,
    True,
    0,
    1,
    -3,
    -4,
    2**63 - 1,
    2**63,
    2**64,
    2**64 + 1,
    2**70,
    1.0,
    0.5,
    1e20,
    1e21,
    -0.0,
    "",
    "A",
    "a",
    [],
    [{"x": "1"}],
    [{"x": 1}],
    [{"x": "1", "z": 0}],
    {},
    {"y": 1},
    {"y": "1"},
    {"q": [[[]]]},
    {"ghost": None},
]


def _has_float(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return isinstance(value, float)


def test_synthetic_soundness() -> None:
    """Every value at every property of a synthetic schema (unions, enums of several types,
    bounds past 64 bits, free and open objects, a required name with no property), in both modes:
    what msgspec accepts, jsonschema accepts; and a valid payload of plain values is taken."""
    description = describe(SYNTHETIC)
    checks = {
        strict: (
            fast_json.build(description, strict),
            jsonschema.Draft202012Validator(SYNTHETIC if strict else _lenient(SYNTHETIC)),
        )
        for strict in (True, False)
    }
    base = {"i": 1}
    payloads: list[Any] = [base, {}, {"i": 1, "o": {"ghost": 1, "more": [1]}}, [], "x"]
    for name, value in itertools.product([*SYNTHETIC["properties"], "extra"], VALUES):
        payload = copy.deepcopy(base)
        payload[name] = value
        payloads.append(payload)
    taken = 0
    for payload in payloads:
        data = json.dumps(payload).encode()
        for accept, reference in checks.values():
            assert accept is not None
            if accept(data):
                taken += 1
                assert reference.is_valid(payload), data
            elif reference.is_valid(payload) and not _has_float(payload):
                # No float in it: the translation is exact, so the fast path must take it.
                # Or a bound past int64, narrowed to int64 for msgspec: stricter there.
                assert any(isinstance(v, int) and v >= 2**63 for v in payload.values()), data
    assert taken > len(payloads) // 4  # the exactness assertion above is the real check


def test_integers_past_the_parsers_digit_limit() -> None:
    """An unbounded integer field takes integers of any length in msgspec; the standard
    parser refuses those longer than `sys.get_int_max_str_digits()`: the fast path too."""
    from ccc import InvalidJSONError
    from ccc._runtime.core.validation_json import parse_json

    accept = fast_json.build(describe(_object({"i": {"type": "integer"}}, ["i"])), True)
    assert accept is not None
    data = b'{"i": ' + b"9" * 700 + b"}"
    assert accept(data)  # under the default limit (4300 digits) it is read, and valid
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        with pytest.raises(InvalidJSONError):
            parse_json(data)
        assert not accept(data)
    finally:
        sys.set_int_max_str_digits(saved)
