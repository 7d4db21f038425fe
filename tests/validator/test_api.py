"""The generated package's public validator API, its runtime helpers, and its code quality."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import ccc
import pytest
from ccc._runtime.core import validation as v
from ccc._runtime.core.issues import Issue

OP = "GetCallDetailRecord"


def test_public_names() -> None:
    assert ccc.Issue is Issue
    for name in ("validate_response", "is_valid_response", "Issue"):
        assert name in ccc.__all__
    from ccc.validators import OPERATIONS

    assert "GetCallDetailRecord" in OPERATIONS and len(OPERATIONS) == 242


def test_valid_payloads(page_example: dict[str, Any]) -> None:
    assert ccc.validate_response(OP, page_example) == []
    assert ccc.is_valid_response(OP, page_example)
    assert ccc.is_valid_response(OP, page_example, strict=False)
    minimal = {
        "Code": "OK",
        "HttpStatusCode": 200,
        "RequestId": "r",
        "Data": {"InstanceId": "i", "ContactId": "c"},
    }
    from ccc.validators import get_call_detail_record as module

    assert module._valid(minimal)  # the defaults standing in for missing fields all pass
    assert module.LENIENT[0](minimal)


def test_issue_carries_path_keyword_expected_actual_and_description(
    page_example: dict[str, Any],
) -> None:
    page_example["Data"]["QueueEvents"][0]["QueueType"] = 3
    page_example["Data"]["CallDuration"] = "50"
    issues = {i.path: i for i in ccc.validate_response(OP, page_example)}
    queue = issues["/Data/QueueEvents/0/QueueType"]
    assert (queue.keyword, queue.expected, queue.actual) == ("enum", (1, 2), 3)
    assert queue.description is not None and "skill group" in queue.description
    duration = issues["/Data/CallDuration"]
    assert (duration.keyword, duration.expected, duration.actual) == ("type", "integer", "50")
    assert duration.description is not None and duration.description.startswith(
        "Duration of the call"
    )
    assert duration.message == "'50' is not of type integer"
    json.dumps([i.to_dict() for i in issues.values()], ensure_ascii=False)  # reports serialise


def test_lenient_mode_allows_unknown_fields_and_enum_values(page_example: dict[str, Any]) -> None:
    page_example["Data"]["NewField"] = {"any": ["thing"]}
    page_example["Data"]["ContactType"] = "VIDEO"
    strict = ccc.validate_response(OP, page_example)
    assert {(i.path, i.keyword, i.actual) for i in strict} == {
        ("/Data", "additionalProperties", "NewField"),
        ("/Data/ContactType", "enum", "VIDEO"),
    }
    assert all(i.is_drift for i in strict)
    assert ccc.validate_response(OP, page_example, strict=False) == []
    page_example["Data"]["ContactType"] = 5
    (issue,) = ccc.validate_response(OP, page_example, strict=False)
    assert (issue.path, issue.keyword) == ("/Data/ContactType", "type")


@pytest.mark.parametrize("payload", [None, [], "{}", 1, True, 1.5, b"{}"])
def test_a_payload_that_is_not_an_object(payload: Any) -> None:
    (issue,) = ccc.validate_response(OP, payload)
    assert (issue.path, issue.keyword, issue.expected) == ("", "type", "object")
    assert not ccc.is_valid_response(OP, payload, strict=False)


@pytest.mark.parametrize("name", ["getCallDetailRecord", "", "Nope", None, ["GetCallDetailRecord"]])
def test_unknown_operation_names_the_known_ones(name: Any, page_example: dict[str, Any]) -> None:
    for call in (ccc.validate_response, ccc.is_valid_response):
        with pytest.raises(KeyError) as caught:
            call(name, page_example)
        assert isinstance(caught.value, ValueError)
        assert "; known operations: AbortCampaign, " in str(caught.value)
        assert ", GetCallDetailRecord, " in str(caught.value)
        assert not str(caught.value).startswith('"')


def test_hostile_values_never_crash_and_messages_stay_short(page_example: dict[str, Any]) -> None:
    deep: Any = 1
    for _ in range(50_000):
        deep = [deep]
    page_example["Data"]["AgentIds"] = deep
    page_example["Data"]["CallerLocation"] = "長" * 100_000
    page_example["Data"]["ContactType"] = "長" * 100_000
    page_example["Data"]["x" * 10_000] = {"y": deep}
    page_example["Data"]["CallDuration"] = 10**5000  # beyond int's default str() digit limit
    issues = ccc.validate_response(OP, page_example)
    assert {(i.path, i.keyword) for i in issues} == {
        ("/Data/AgentIds", "type"),
        ("/Data/ContactType", "enum"),
        ("/Data", "additionalProperties"),
        ("/Data/CallDuration", "maximum"),
    }
    assert all(len(i.message) < 1000 for i in issues)


def test_runtime_type_rules() -> None:
    assert v.is_integer(1) and v.is_integer(1.0) and v.is_integer(-0.0) and v.is_integer(2**80)
    assert not any(v.is_integer(x) for x in (True, False, 1.5, math.nan, math.inf, "1", None))
    assert v.is_number(1) and v.is_number(1.5) and v.is_number(math.nan) and v.is_number(math.inf)
    assert not any(v.is_number(x) for x in (True, False, "1", None, [1]))


def test_runtime_json_equality() -> None:
    assert v.json_equal(1, 1.0) and v.json_equal(None, None) and v.json_equal("a", "a")
    assert not v.json_equal(True, 1) and not v.json_equal(0, False) and not v.json_equal(1, "1")
    assert v.json_equal([1, {"a": True}], [1.0, {"a": True}])
    assert not v.json_equal([1, {"a": True}], [1, {"a": 1}])
    assert v.enum_has((1, 2), 2.0) and not v.enum_has((1, 2), True) and v.enum_has((None,), None)


def test_runtime_preview_and_pointer_tokens() -> None:
    assert v.escape_token("a/b~c") == "a~1b~0c"
    assert v.preview("x" * 500).endswith("…'") and len(v.preview("x" * 500)) < 70
    assert v.preview({"a": 1}) == "an object with 1 property"
    assert v.preview([1, 2]) == "an array of 2 items"
    assert (
        v.preview(True) == "true"
        and v.preview(None) == "null"
        and v.preview(2**300) == "an integer of 301 bits"
    )
    assert v.preview(b"x") == "a bytes"
    assert v.preview(10**5000) == f"an integer of {(10**5000).bit_length()} bits"  # no ValueError
    assert v.preview(-(2**63)) == "-9223372036854775808"


def test_generated_validator_passes_ruff_and_mypy_strict(repo_root: Path) -> None:
    """ruff, and mypy --strict with the options of `make lint` (so the two share the cache in
    .mypy_cache: `--follow-imports=silent` here made every module's cached result stale for the
    other, and each run after the other checked the whole package again, some 17 s of CPU).
    Modules the targets import are followed and must pass too, as lint has them pass."""
    targets = [
        str(repo_root / "generated" / "ccc" / "validators"),
        str(repo_root / "generated" / "ccc" / "_runtime" / "core" / "validation.py"),
    ]
    for command in (
        [sys.executable, "-m", "ruff", "check", *targets],
        [sys.executable, "-m", "ruff", "format", "--check", *targets],
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            *targets,
        ],
    ):
        done = subprocess.run(command, capture_output=True, text=True, cwd=repo_root, check=False)
        assert done.returncode == 0, f"{command[2]}:\n{done.stdout}\n{done.stderr}"


def test_benchmark_smoke_run(repo_root: Path, tmp_path: Path) -> None:
    """`python -m bench validator` runs end to end (tiny timings; figures are not asserted)."""
    import os

    env = {**os.environ, "BENCH_QUICK": "1", "BENCH_RESULTS_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "bench", "validator"],
        capture_output=True,
        text=True,
        cwd=repo_root,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    table = (tmp_path / "validator.md").read_text(encoding="utf-8")
    for row in (
        "cccgen validate_response",
        "fastjsonschema",
        "jsonschema iter_errors",
        "100 agent events",
        # the validator before issue 9 (a frozen copy under bench/baseline/), in the same run
        "before issue 9 validate",
        "today validate",
        "## Lenient schema",
        "- load average at start:",
        "- command: `python -m bench validator`",
    ):
        assert row in table
    nothing = subprocess.run(
        [sys.executable, "-m", "bench", "no-such-bench"],
        capture_output=True,
        text=True,
        cwd=repo_root,
        check=False,
    )
    assert nothing.returncode == 2 and "no benchmark matches" in nothing.stderr
