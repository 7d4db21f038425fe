"""The lenient checks are the strict ones with `strict=False`: a value of the right type whose
enum value is unknown (drift, which the lenient schema allows) passes the compiled test in
place, as in the lenient fast path, instead of going to the runtime's keyword-by-keyword
checks (`check_value`, `accepts`) only for them to find nothing."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "kind": {"type": "string", "enum": ["a", "b"]},
        "level": {"type": "integer", "enum": [1, 2], "minimum": 0},
        "count": {"type": "integer"},
        "inner": {
            "type": "object",
            "title": "Inner",
            "properties": {"state": {"type": ["string", "null"], "enum": ["on", "off", None]}},
            "required": ["state"],
            "additionalProperties": False,
        },
    },
    "required": ["count"],
    "additionalProperties": False,
}
LENIENT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "kind": {"type": "string"},
        "level": {"type": "integer", "minimum": 0},
        "count": {"type": "integer"},
        "inner": {
            "type": "object",
            "title": "Inner",
            "properties": {"state": {"type": ["string", "null"]}},
            "required": ["state"],
        },
    },
    "required": ["count"],
}


@pytest.fixture(scope="module")
def module(compile_module: Callable[..., types.ModuleType]) -> types.ModuleType:
    return compile_module({"strict": SCHEMA, "lenient": LENIENT})


@contextmanager
def runtime_checks(
    module: types.ModuleType, names: tuple[str, ...] = ("check_value", "accepts")
) -> Iterator[list[tuple[str, object]]]:
    """(runtime check, value) for every call of `check_value` or `accepts` (or `names`)
    meanwhile."""
    codes = {getattr(module, name).__code__: name for name in names}
    seen: list[tuple[str, object]] = []

    def profile(frame: types.FrameType, event: str, arg: object) -> None:
        if event == "call" and frame.f_code in codes:
            seen.append((codes[frame.f_code], frame.f_locals["value"]))

    sys.setprofile(profile)
    try:
        yield seen
    finally:
        sys.setprofile(None)


# Drift in every enum (and an unknown field), and one real error: `count` is a string.
DRIFTED = {"kind": "z", "level": 7, "count": "3", "inner": {"state": "dim", "new": 1}}


def test_lenient_collecting_leaves_drifted_enum_values_to_the_compiled_test(
    module: types.ModuleType,
) -> None:
    with runtime_checks(module) as seen:
        issues = module.validate(DRIFTED, strict=False)
    assert [(i.path, i.keyword) for i in issues] == [("/count", "type")]
    assert seen == [("check_value", "3")]  # the error, and only it


def test_lenient_deciding_leaves_drifted_enum_values_to_the_compiled_test(
    module: types.ModuleType,
) -> None:
    payload = {**DRIFTED, "count": 3, "extra": True}
    with runtime_checks(module, ("check_value", "accepts", "is_integer")) as seen:
        assert module.is_valid(payload, strict=False) is True
        assert module.is_valid({**payload, "count": "3"}, strict=False) is False
    # the error, and only it, by jsonschema's rule for its one type (no generic `accepts`)
    assert seen == [("is_integer", "3")]


def test_strict_still_checks_the_drifted_enum_values(module: types.ModuleType) -> None:
    issues = module.validate(DRIFTED)
    assert sorted((i.path, i.keyword) for i in issues) == [
        ("/count", "type"),
        ("/inner", "additionalProperties"),
        ("/inner/state", "enum"),
        ("/kind", "enum"),
        ("/level", "enum"),
    ]
    assert module.is_valid({**DRIFTED, "count": 3, "inner": {"state": None}}) is False
    assert module.is_valid({"count": 3, "kind": "a", "level": 2, "inner": {"state": None}})


@pytest.mark.parametrize("strict", [True, False])
def test_deciding_builds_no_issue(module: types.ModuleType, strict: bool) -> None:
    """`is_valid` wants a yes or no: the runtime's `accepts` answers it without building the
    Issue (and its message) that `validate` would report."""
    built: list[str] = []
    issue_init = module.Issue.__init__.__code__

    def profile(frame: types.FrameType, event: str, arg: object) -> None:
        if event == "call" and frame.f_code is issue_init:
            built.append(frame.f_code.co_name)

    payloads = [{"count": "3"}, {"count": -1.5}, {"count": 1, "level": -1}, {"count": 1, "kind": 2}]
    sys.setprofile(profile)
    try:
        verdicts = [module.is_valid(p, strict=strict) for p in payloads]
    finally:
        sys.setprofile(None)
    assert verdicts == [False, False, False, False]
    assert built == []


@contextmanager
def collecting_calls(module: types.ModuleType) -> Iterator[list[str]]:
    """The name of every collecting or deciding function of `module` entered meanwhile."""
    codes = {
        value.__code__
        for name, value in vars(module).items()
        if name.startswith(("_collect", "_decide")) and isinstance(value, types.FunctionType)
    }
    seen: list[str] = []

    def profile(frame: types.FrameType, event: str, arg: object) -> None:
        if event == "call" and frame.f_code in codes:
            seen.append(frame.f_code.co_name)

    sys.setprofile(profile)
    try:
        yield seen
    finally:
        sys.setprofile(None)


def _drifted_record(error: bool) -> dict[str, Any]:
    """A GetCallDetailRecord response whose agent events drift (an unknown event type and an
    unknown field in every step), with or without one real error (a string call duration)."""
    step = {"Event": "NotYetDocumented", "EventTime": 1, "Novel": True}
    data: dict[str, Any] = {
        "InstanceId": "i",
        "ContactId": "c",
        "AgentEvents": [
            {"AgentId": f"a{n}", "EventSequence": [dict(step), dict(step)]} for n in range(3)
        ],
    }
    if error:
        data["CallDuration"] = "50"
    return {"Code": "OK", "HttpStatusCode": 200, "RequestId": "r", "Data": data}


def test_lenient_collecting_skips_drifted_subtrees_by_their_lenient_fast_check() -> None:
    """The collecting and deciding paths skip a subtree the lenient schema accepts by its
    model's fast check in lenient mode: drift (which fails the strict fast check) must not
    send every event through the collecting functions."""
    from ccc.validators import get_call_detail_record as module

    with collecting_calls(module) as seen:
        issues = module.validate(_drifted_record(error=True), strict=False)
    assert [(i.path, i.keyword) for i in issues] == [("/Data/CallDuration", "type")]
    # the root model, used once, is collected in place; so are both decided
    assert seen == ["_collect", "_collect_call_detail_record"]
    with collecting_calls(module) as seen:
        assert module.is_valid(_drifted_record(error=True), strict=False) is False
    assert seen == ["_decide"]
    with collecting_calls(module) as seen:
        assert module.is_valid(_drifted_record(error=False), strict=False) is True
        assert module.validate(_drifted_record(error=False), strict=False) == []
    assert seen == []
    # strict: the same drift is reported, once per unknown event type and field
    issues = module.validate(_drifted_record(error=False))
    assert sorted({(i.keyword) for i in issues}) == ["additionalProperties", "enum"]
    assert len(issues) == 12


SHARED: dict[str, Any] = {
    **SCHEMA,
    "properties": {**SCHEMA["properties"], "other": SCHEMA["properties"]["inner"]},
}
SHARED_LENIENT: dict[str, Any] = {
    **LENIENT,
    "properties": {**LENIENT["properties"], "other": LENIENT["properties"]["inner"]},
}


def test_lenient_fast_path_calls_models_in_lenient_mode(
    compile_module: Callable[..., types.ModuleType],
) -> None:
    """A model used twice is called, not inlined, by the lenient fast path: in lenient mode,
    so that drift in it does not send the payload to the deciding or collecting path."""
    module = compile_module({"strict": SHARED, "lenient": SHARED_LENIENT})
    assert "_valid_inner(" in module.__source__
    payload = {"count": 3, "inner": {"state": "dim", "new": 1}, "other": {"state": "on"}}
    with collecting_calls(module) as seen:
        assert module.is_valid(payload, strict=False) is True
        assert module.validate(payload, strict=False) == []
    assert seen == []
    assert module.is_valid(payload) is False
    assert [(i.path, i.keyword) for i in module.validate(payload)] == [
        ("/inner", "additionalProperties"),
        ("/inner/state", "enum"),
    ]
