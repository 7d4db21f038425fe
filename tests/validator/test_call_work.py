"""The work the compiled validator does on an invalid payload, counted in Python calls (no
timing: speed lives in `make bench`). Issue 9 asks for at least the speed of the validator
before it; on the invalid payloads the difference was calls: closures between `is_valid` and
the compiled code, a function per model used once, a runtime call per required-name test and
per type test, a fast check re-run on the subtree the fast path had just failed on, and a
function per array item of a model that holds no model."""

from __future__ import annotations

import copy
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest


@contextmanager
def python_calls() -> Iterator[list[str]]:
    """The name of every Python function entered meanwhile (C functions are not counted)."""
    seen: list[str] = []

    def profile(frame: types.FrameType, event: str, arg: object) -> None:
        if event == "call":
            seen.append(frame.f_code.co_name)

    sys.setprofile(profile)
    try:
        yield seen
    finally:
        sys.setprofile(None)
    seen[:] = [name for name in seen if name not in ("__exit__", "python_calls")]  # the `with`


@pytest.fixture
def module() -> types.ModuleType:
    from ccc.validators import get_call_detail_record

    return get_call_detail_record


def _invalid(page: dict[str, Any]) -> dict[str, Any]:
    """The benchmark's invalid page: a type error, an unknown enum value and field, and a
    missing required field, all in `Data`."""
    out = copy.deepcopy(page)
    out["Data"]["CallDuration"] = "50"
    out["Data"]["ContactType"] = "outbound"
    out["Data"]["Unexpected"] = True
    del out["Data"]["ContactId"]
    return out


def _drifted(page: dict[str, Any], events: int = 20) -> dict[str, Any]:
    """`events` agent events of three steps each, every step's event type unknown (drift),
    and one type error."""
    out = copy.deepcopy(page)
    template = out["Data"]["AgentEvents"][0]
    out["Data"]["AgentEvents"] = [
        {
            **copy.deepcopy(template),
            "EventSequence": [
                {"Event": "NotYetDocumented", "EventTime": 1, "Duration": 3} for _ in range(3)
            ],
        }
        for _ in range(events)
    ]
    out["Data"]["CallDuration"] = "50"
    return out


@pytest.mark.parametrize("strict", [True, False])
def test_is_valid_decides_an_invalid_page_in_the_entry_points_alone(
    module: types.ModuleType, page_example: dict[str, Any], strict: bool
) -> None:
    """The root model and `Data` (each used once) are decided in place, their required names
    tested inline: no function between `is_valid`, its fast path and `_decide`."""
    fast = "_valid" if strict else "_valid_lenient"
    payload = _invalid(page_example)
    with python_calls() as seen:
        assert module.is_valid(payload, strict=strict) is False
    assert seen == ["is_valid", fast, "_decide"]


@pytest.mark.parametrize("strict", [True, False])
def test_is_valid_tests_a_wrong_type_in_place(
    module: types.ModuleType, page_example: dict[str, Any], strict: bool
) -> None:
    """A field of one type and no enum is tested with jsonschema's own rule in place
    (`is_integer`), not through the runtime's generic `accepts`; and `Data`, which the fast
    path had just failed on, is not given its fast check again."""
    fast = "_valid" if strict else "_valid_lenient"
    payload = _drifted(page_example)
    with python_calls() as seen:
        assert module.is_valid(payload, strict=strict) is False
    assert seen == ["is_valid", fast, "_decide", "is_integer"]


def test_lenient_validate_checks_a_drifted_event_in_one_call(
    module: types.ModuleType, page_example: dict[str, Any]
) -> None:
    """The steps of an agent event (a model that holds no model) are checked inside the
    event's fast check: one call per event, not one more per step."""
    payload = _drifted(page_example, events=20)
    with python_calls() as seen:
        issues = module.validate(payload, strict=False)
    assert [(i.path, i.keyword) for i in issues] == [("/Data/CallDuration", "type")]
    assert seen.count("_valid_agent_event") == 20
    assert "_valid_agent_event_step" not in seen
    assert len(seen) < 20 + 20  # the events, and a few calls around the one issue


@pytest.mark.parametrize("strict", [True, False])
def test_validate_does_not_recheck_the_field_the_fast_path_failed_on(
    module: types.ModuleType, page_example: dict[str, Any], strict: bool
) -> None:
    """When the root's own checks find nothing, its last field (`Data`) is what the fast path
    failed on: collected without its fast check again. With an issue at the root, `Data` may
    be valid: its fast check skips it."""
    payload = _invalid(page_example)
    with python_calls() as seen:
        issues = module.validate(payload, strict=strict)
    assert ("/Data/CallDuration", "type") in [(i.path, i.keyword) for i in issues]
    assert "_valid_call_detail_record" not in seen
    assert "_collect_call_detail_record" in seen
    valid_data = {**page_example, "Code": 1}
    with python_calls() as seen:
        issues = module.validate(valid_data, strict=strict)
    assert [(i.path, i.keyword) for i in issues] == [("/Code", "type")]
    assert "_valid_call_detail_record" in seen
    assert "_collect_call_detail_record" not in seen
