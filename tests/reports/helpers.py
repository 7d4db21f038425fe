"""Helpers for the report tests: real results from the real `Checker`, as the CLI makes them.

`check_corpus` feeds payloads through `ccc._runtime.tools.validate.checker.Checker` (the generated
package's own validator), which gathers failures and coverage as it does for the command
(its `collect_failures` and `coverage` options).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

from ccc._runtime.tools.validate.checker import Checker
from ccc._runtime.tools.validate.coverage import Coverage, response_schemas
from ccc._runtime.tools.validate.inputs import Record
from ccc._runtime.tools.validate.report_tables import ReportData
from ccc._runtime.tools.validate.sources import Source
from ccc.validators import OPERATIONS, validate_response

OPERATION = "GetCallDetailRecord"
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</style><script>alert(2)</script>",
    "a\"b'c",
    "bell\x07esc\x1b[31mred\u202eevil\nnewline\r",
    "pipe|cell`tick`*star*_u_ [link](http://evil.example) @someone #1 $x$ :smile: www.evil.example",
]


def schemas() -> dict[str, Any]:
    return dict(response_schemas("ccc", OPERATIONS))


def check_corpus(
    files: Sequence[tuple[str, Sequence[object]]],
    *,
    strict: bool = True,
    coverage: bool = True,
) -> ReportData:
    """Every payload of every (file name, payloads) through the real checker, one per line;
    the checker gathers failures and coverage as it does for the command."""
    cover = Coverage(schemas()) if coverage else None
    checker = Checker(
        validate_response,
        OPERATIONS,
        operation="GetCallDetailRecord",  # every payload here answers it
        strict=strict,
        collect_failures=True,
        coverage=cover,
    )
    checker.summary.inputs = len(files)
    for name, payloads in files:
        source = Source(name, name, True)
        for line, payload in enumerate(payloads, start=1):
            checker.check(Record(source, line, json.dumps(payload, ensure_ascii=False), payload))
    checker.summary.drift_kinds_dropped = len(checker.drift.dropped)
    return ReportData(checker.summary, checker.drift_entries(), checker.failures, cover)


def realistic_corpus(page: dict[str, Any]) -> list[tuple[str, list[object]]]:
    """The page example and some plausible departures from it: drift, type errors, nulls."""
    drifted = copy.deepcopy(page)
    drifted["Data"]["ContactType"] = "VIDEO"
    drifted["Data"]["CallTags"] = ["vip"]
    drifted["Data"]["AgentEvents"][0]["DeviceType"] = "webrtc"
    mistyped = copy.deepcopy(page)
    mistyped["Data"]["CallDuration"] = "fifty"
    mistyped["Data"]["EstablishedTime"] = None
    outbound = copy.deepcopy(page)
    outbound["Data"]["ContactType"] = "INBOUND"
    outbound["Data"]["CallDuration"] = 312
    del outbound["Data"]["AnalyticsReport"]
    broken = copy.deepcopy(page)
    broken["Data"]["AgentEvents"][0]["EventSequence"][0]["EventTime"] = "soon"
    return [
        ("captures/2026-11-30.jsonl", [page, outbound, drifted, page]),
        ("captures/2026-12-01.jsonl", [page, mistyped, broken, outbound, outbound]),
        ("captures/staging/errors.json", [mistyped]),
    ]
