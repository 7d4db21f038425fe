"""What `validate` finds, and the interface every report format implements.

`Finding`, `Result`, `DriftEntry` and `Summary` are what a run produces; `Reporter` receives
them as they come (`valid`, `result`, `end_source`) and then the summary and the drift
(`finish`). The streaming formats are `text_report` (text, github), `json_report` and
`junit_report`; the aggregate ones (markdown, html) are `report_writers`; `report_options` picks
one for `--format`.

With `--coverage` each also reports the spec's coverage (`Reporter.coverage`, set before
`finish`): a `coverage` key in json, `coverage_lines` after the drift elsewhere.

Every string that came from an input is made safe for its format: control characters escaped
(`escapes.visible`) in text, github and JUnit, JSON escapes, XML without the characters XML cannot
hold, workflow-command escapes, and clipped when very long.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TextIO

from ...core.escapes import visible
from ...core.issues import Issue
from .formats import FORMATS
from .sources import Source

if TYPE_CHECKING:
    from .coverage import Coverage

__all__ = [
    "DROPPED_LIMIT",
    "FORMATS",
    "DriftEntry",
    "Finding",
    "Reporter",
    "Result",
    "Summary",
    "clip",
    "count_of",
    "jsonable",
    "short_repr",
]

MESSAGE_LIMIT = 500
DROPPED_LIMIT = 100_000  # drift kinds beyond the listed ones are counted up to this many
Status = Literal["valid", "invalid", "unreadable", "error response"]
DriftKind = Literal["unknown field", "unknown enum value"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One located problem: an `Issue` from the validator, or a reading problem (`issue` None)."""

    line: int
    column: int
    message: str
    issue: Issue | None = None
    # "schema"; for reading problems "io", "json", "input", "validator"; "errorResponse" for the
    # verdict on a captured error answer
    kind: str = "schema"

    @property
    def pointer(self) -> str:
        """Where the issue is in the payload; an unknown field's own pointer, not its parent's."""
        issue = self.issue
        if issue is None:
            return ""
        if issue.keyword == "additionalProperties" and isinstance(issue.actual, str):
            escaped = issue.actual.replace("~", "~0").replace("/", "~1")
            return f"{issue.path}/{escaped}"
        return issue.path

    def text(self) -> str:
        """The finding as one line of text, without its location; control characters escaped."""
        if self.issue is None:
            return visible(clip(self.message))
        return visible(f"{self.pointer or '/'}: {self.issue.keyword}: {clip(self.message)}")


@dataclass(frozen=True, slots=True)
class Result:
    """What became of one response (or of an input that could not be read: line 0)."""

    source: Source
    line: int
    operation: str | None
    status: Status
    errors: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()  # neither failing nor warning: an allowed error response


@dataclass(slots=True)
class DriftEntry:
    """An unknown field or enum value, with how often and where it was first seen."""

    kind: DriftKind
    operation: str | None
    path: str  # JSON Pointer with `*` for array items
    value: object  # the field's name, or the enum value
    count: int
    file: str
    line: int
    column: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "operation": self.operation,
            "path": self.path,
            "value": jsonable(self.value),
            "count": self.count,
            "first_seen": {"file": self.file, "line": self.line, "column": self.column},
        }

    def describe(self) -> str:
        """The path (and value), control characters escaped."""
        if self.kind == "unknown field":
            return visible(self.path)
        return visible(f"{self.path} = {short_repr(self.value)}")


@dataclass(slots=True)
class Summary:
    strict: bool
    inputs: int = 0
    responses: int = 0
    valid: int = 0
    invalid: int = 0
    not_json: int = 0  # of the invalid ones: captures that are not JSON at all
    unreadable: int = 0
    io_errors: int = 0
    warnings: int = 0
    seconds: float = 0.0
    operations: dict[str, int] = field(default_factory=dict)
    drift_kinds_dropped: int = 0
    error_responses: int = 0  # captured error answers that fit the error envelope
    fail_on_error_responses: bool = False

    @property
    def exit_code(self) -> int:
        if self.io_errors or self.unreadable or self.responses == 0:
            return 2
        failing_errors = self.error_responses and self.fail_on_error_responses
        return 1 if self.invalid or failing_errors else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": "strict" if self.strict else "lenient",
            "inputs": self.inputs,
            "responses": self.responses,
            "valid": self.valid,
            "invalid": self.invalid,
            "not_json": self.not_json,
            "error_responses": self.error_responses,
            "fail_on_error_responses": self.fail_on_error_responses,
            "unreadable": self.unreadable,
            "io_errors": self.io_errors,
            "warnings": self.warnings,
            "operations": dict(self.operations),
            "seconds": round(self.seconds, 3),
            "exit_code": self.exit_code,
        }

    def lines(self) -> list[str]:
        mode = "strict" if self.strict else "lenient"
        ops = visible(", ".join(self.operations)) or "no operation"
        head = (
            f"{count_of(self.responses, 'response')} in {count_of(self.inputs, 'input')} ({mode}, {ops}): "
            f"{self.valid} valid, {self.invalid} invalid"
        )
        if self.not_json:
            head += f" ({self.not_json} not valid JSON)"
        extra = []
        if self.error_responses:
            extra.append(count_of(self.error_responses, "error response"))
        if self.unreadable:
            extra.append(f"{self.unreadable} unreadable")
        if self.io_errors:
            extra.append(count_of(self.io_errors, "I/O error"))
        if self.warnings:
            extra.append(count_of(self.warnings, "warning"))
        if extra:
            head += ", " + ", ".join(extra)
        head += f"; {self.seconds:.2f} s"
        lines = [head]
        if self.responses == 0 and not (self.io_errors or self.unreadable):
            lines.append("nothing to validate: no responses were found in the inputs")
        return lines


def count_of(count: int, noun: str) -> str:
    """`count` and `noun`, plural unless the count is one."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def clip(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` cut to `limit` characters, saying how many were left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


_REPR = reprlib.Repr()
_REPR.maxstring = 80
_REPR.maxother = 80
_REPR.maxlist = 10
_REPR.maxdict = 10
_REPR.maxlevel = 4


def short_repr(value: object) -> str:
    """A bounded repr: never huge, never recursing deeply."""
    return _REPR.repr(value)


def jsonable(value: object) -> object:
    """`value` for a JSON report: as is when small and shallow, else its bounded repr."""
    if value is None or isinstance(value, (bool, int, float)):
        return value if not isinstance(value, float) or math.isfinite(value) else short_repr(value)
    if isinstance(value, str):
        return clip(value)
    budget = [200]

    def small(v: object, depth: int) -> bool:
        budget[0] -= 1
        if budget[0] < 0 or depth > 8:
            return False
        if isinstance(v, dict):
            return all(isinstance(k, str) and small(x, depth + 1) for k, x in v.items())
        if isinstance(v, (list, tuple)):
            return all(small(x, depth + 1) for x in v)
        if isinstance(v, str):
            return len(v) <= MESSAGE_LIMIT
        if isinstance(v, float):
            return math.isfinite(v)
        return v is None or isinstance(v, (bool, int))

    if not small(value, 0):
        return short_repr(value)
    return list(value) if isinstance(value, tuple) else value


def drift_lines(drift: Sequence[DriftEntry], dropped: int) -> list[str]:
    if not drift:
        return ["drift: none (no unknown fields or enum values)"]
    lines = [f"drift: {count_of(len(drift), 'difference')} between the responses and the spec"]
    width = max(len(e.describe()) for e in drift)
    width = min(width, 60)
    for entry in drift:
        file = visible(entry.file)
        where = f"{file}:{entry.line}:{entry.column}" if entry.line else file
        lines.append(
            f"  {entry.kind:<18}  {clip(entry.describe(), 200):<{width}}  "
            f"seen {count_of(entry.count, 'time')}, first at {where}"
        )
    if dropped:
        more = f"at least {dropped}" if dropped >= DROPPED_LIMIT else str(dropped)
        lines.append(f"  ... and {more} more kinds, not listed")
    return lines


class Reporter:
    """Receives every result as it is made, then the summary and the drift."""

    wants_valid = True  # whether `valid` does anything (text and github reports skip them)

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.coverage: Coverage | None = None  # with --coverage: set before `finish`

    def closing_lines(self, summary: Summary, drift: Sequence[DriftEntry]) -> list[str]:
        """The drift summary, then the coverage when measured; control characters escaped."""
        lines = drift_lines(drift, summary.drift_kinds_dropped)
        if self.coverage is not None:
            from .report_tables import coverage_lines  # it imports this module

            lines += coverage_lines(self.coverage)
        return lines

    def valid(self, source: Source, line: int, operation: str) -> None:
        """A response with nothing to report (the common case; keep it cheap)."""

    def result(self, result: Result) -> None:
        raise NotImplementedError

    def end_source(self, source: Source) -> None:
        """Every response of `source` has been reported."""

    def finish(self, summary: Summary, drift: Sequence[DriftEntry]) -> None:
        raise NotImplementedError
