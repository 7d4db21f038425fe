"""`Checker`: one record in, one verdict out (`check`), with the counts, the drift and, when
asked, the failures by path and the spec's coverage kept as it goes."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ...core.error_responses import KEYWORD as ERROR_RESPONSE
from ...core.issues import Issue
from ...core.jsontext import Locator
from .attribution import UNATTRIBUTED, operation_of
from .drift import DriftCollector
from .failures import NO_PAYLOAD, Failures, pointer_pattern
from .inputs import FastCheck, Passed, Record
from .reports import DriftEntry, Finding, Result, Status, Summary
from .sources import Note, Source, Unreadable

if TYPE_CHECKING:  # loaded only with --coverage (its per-field statistics)
    from .coverage import Coverage

__all__ = ["Checker", "FastLookup", "Validate"]

Validate = Callable[[str, object], Sequence[Issue]]
"""`validate(operation, payload)`: every issue, strict (unknown fields and values included)."""
FastLookup = Callable[[str], Callable[[bytes | memoryview], bool] | None]
"""`fast(operation)`: the strict fast check of its responses from bytes (msgspec's where
installed, else the standard library's parse and compiled fast path), or None."""


class _Lines:
    """Line and column of offsets in one text, by bisecting its line starts (found once)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.first_line = first_line
        self.starts: list[int] | None = None

    def at(self, offset: int) -> tuple[int, int]:
        if self.starts is None:
            starts = [0]
            find = self.text.find
            newline = find("\n")
            while newline >= 0:
                starts.append(newline + 1)
                newline = find("\n", newline + 1)
            self.starts = starts
        number = bisect_right(self.starts, offset) - 1
        return self.first_line + number, offset - self.starts[number] + 1


def _position(finding: Finding) -> tuple[int, int]:
    return finding.line, finding.column


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _input_warnings(notes: Sequence[Note]) -> tuple[Finding, ...]:
    return tuple(Finding(n.line, n.column, n.message, kind="input") for n in notes)


class Checker:
    """Validates records one by one; keeps the counts and the drift, and when asked the
    failures by path (`collect_failures`) and the spec's coverage (`coverage`)."""

    def __init__(
        self,
        validate: Validate,
        operations: Sequence[str],
        *,
        operation: str | None,
        strict: bool,
        fail_on_error_responses: bool = False,
        collect_failures: bool = False,
        coverage: Coverage | None = None,
        fast: FastLookup | None = None,
    ) -> None:
        self.validate = validate
        self.fast_lookup = fast
        self.operations = tuple(operations)
        self.fixed = (
            operation
            if operation is not None
            else (self.operations[0] if len(self.operations) == 1 else None)
        )
        self.strict = strict
        self.fail_on_error_responses = fail_on_error_responses
        self.summary = Summary(strict=strict, fail_on_error_responses=fail_on_error_responses)
        if self.fixed is not None:
            self.summary.operations[self.fixed] = 0
        self.drift = DriftCollector()
        self.failures = Failures() if collect_failures else None
        self.coverage = coverage
        self._by_source: dict[str, str | None] = {}
        self._fast: dict[str, FastCheck | None] = {}  # by operation, built on first use

    def __getstate__(self) -> dict[str, object]:
        # Fast checks close over msgspec types, which don't pickle: a checker sent to a Dask
        # worker rebuilds them there from the lookup (a module-level function).
        state = dict(self.__dict__)
        state["_fast"] = {}
        return state

    def fast_for(self, source: Source) -> FastCheck | None:
        """What readers of `source` may accept unparsed: valid responses of the operation its
        records are checked against (`--operation`, else the one its path names; none for a
        capture no path attributes). None without msgspec, and with coverage, which needs
        every payload."""
        if self.fast_lookup is None or self.coverage is not None:
            return None
        operation = self.fixed if self.fixed is not None else self._operation_of(source.name)
        if operation is None:
            return None
        try:
            return self._fast[operation]
        except KeyError:
            pass
        accept = self.fast_lookup(operation)
        check = None if accept is None else (accept, operation)
        self._fast[operation] = check
        return check

    def _operation_of(self, name: str) -> str | None:
        if name not in self._by_source:
            self._by_source[name] = operation_of(name, self.operations)
        return self._by_source[name]

    def _attributed(self, record: Record) -> str | None:
        """The operation `--operation` names, else the one the capture's path names."""
        if self.fixed is not None:
            return self.fixed
        return self._operation_of(record.source.name)

    def check(self, record: Record | Passed) -> Result | str:
        """The operation name when the record (or every response of a `Passed` run) is valid
        and has no warning, else its `Result`."""
        summary = self.summary
        if type(record) is Passed:  # a run of valid responses, found by the fast check
            operation, count = record.operation, record.responses
            summary.responses += count
            summary.operations[operation] = summary.operations.get(operation, 0) + count
            summary.valid += count
            return operation
        assert isinstance(record, Record)
        summary.responses += 1
        attributed = self._attributed(record)
        if attributed is None:
            line, column = _Lines(record.text, record.line).at(Locator(record.text).root)
            return self._cannot(record, UNATTRIBUTED, line, column)
        operation = attributed
        try:
            issues = self.validate(operation, record.payload)
        except RecursionError:
            return self._cannot(record, "nested too deeply to validate")
        except Exception as exc:  # noqa: BLE001 - a validator bug must not stop the run
            message = f"the validator failed on this response ({type(exc).__name__}: {exc})"
            return self._cannot(record, message)
        operations = summary.operations
        operations[operation] = operations.get(operation, 0) + 1
        if issues[:1] and issues[0].keyword == ERROR_RESPONSE:
            return self._error_response(record, operation, issues)  # no coverage: no Data
        if self.coverage is not None:
            self.coverage.add(operation, record.payload)
        if not issues and not record.warnings:
            summary.valid += 1
            return operation
        return self._result(record, operation, issues)

    def _error_response(self, record: Record, operation: str, issues: Sequence[Issue]) -> Result:
        """A captured error answer: one verdict, passing unless asked otherwise; a body that does
        not fit the error envelope is invalid, with the verdict kept as a note."""
        verdict = issues[0]
        line, column = _Lines(record.text, record.line).at(Locator(record.text).root)
        finding = Finding(line, column, verdict.message, kind=ERROR_RESPONSE)
        if len(issues) > 1:
            return replace(self._result(record, operation, issues[1:]), notes=(finding,))
        self.summary.error_responses += 1
        self.summary.warnings += len(record.warnings)
        failing = self.fail_on_error_responses
        return self._failed(
            Result(
                record.source,
                record.line,
                operation,
                "error response",
                (finding,) if failing else (),
                _input_warnings(record.warnings),
                () if failing else (finding,),
            )
        )

    def _failed(self, result: Result, payload: object = NO_PAYLOAD) -> Result:
        """`result`, its errors counted by path when asked (`payload` tells indexes from keys)."""
        if self.failures is not None and result.errors:
            self.failures.add(result, payload)
        return result

    def _cannot(self, record: Record, message: str, line: int = 0, column: int = 1) -> Result:
        self.summary.unreadable += 1
        finding = Finding(line or record.line, column, message, kind="validator")
        return self._failed(Result(record.source, record.line, None, "unreadable", (finding,)))

    def _result(self, record: Record, operation: str, issues: Sequence[Issue]) -> Result:
        errors: list[Finding] = []
        warnings: list[Finding] = [
            Finding(n.line, n.column, n.message, kind="input") for n in record.warnings
        ]
        text, first_line, payload = record.text, record.line, record.payload
        locator = Locator(text, payload)
        lines = _Lines(text, first_line)
        for issue in issues:
            member = issue.actual if issue.keyword == "additionalProperties" else None
            if not isinstance(member, str):
                member = None
            line, column = lines.at(locator.locate(issue.path, member=member))
            finding = Finding(line, column, issue.message, issue)
            if issue.is_drift and not self.strict:
                warnings.append(finding)
            else:
                errors.append(finding)
        errors.sort(key=_position)
        warnings.sort(key=_position)
        # A value of the wrong type fails `enum` too; that is a type error, not a new value.
        mistyped = {i.path for i in issues if i.keyword == "type"}
        for finding in errors + warnings if self.strict else warnings:
            drift = finding.issue
            if drift is None or not drift.is_drift:
                continue
            if drift.keyword == "enum" and drift.path in mistyped:
                continue
            where = (record.source.name, finding.line, finding.column)
            if drift.keyword == "additionalProperties" and isinstance(drift.actual, str):
                path = f"{pointer_pattern(payload, drift.path)}/{_escape(drift.actual)}"
                self.drift.add("unknown field", operation, path, drift.actual, where)
            else:
                self.drift.add(
                    "unknown enum value",
                    operation,
                    pointer_pattern(payload, drift.path),
                    drift.actual,
                    where,
                )
        summary = self.summary
        summary.warnings += len(warnings)
        status: Status
        if errors:
            summary.invalid += 1
            status = "invalid"
        else:
            summary.valid += 1
            status = "valid"
        result = Result(
            record.source, record.line, operation, status, tuple(errors), tuple(warnings)
        )
        return self._failed(result, payload)

    def unreadable(self, item: Unreadable) -> Result:
        if item.kind == "json":
            return self._not_json(item)
        if item.kind == "io":
            self.summary.io_errors += 1
        else:
            self.summary.unreadable += 1
        self.summary.warnings += len(item.warnings)
        finding = Finding(item.line, item.column, item.message, kind=item.kind)
        warnings = tuple(Finding(n.line, n.column, n.message, kind="input") for n in item.warnings)
        return self._failed(
            Result(item.source, item.line, None, "unreadable", (finding,), warnings)
        )

    def _not_json(self, item: Unreadable) -> Result:
        """A capture that is not JSON: an invalid response (check-jsonschema says the same)."""
        summary = self.summary
        summary.responses += 1
        summary.invalid += 1
        summary.not_json += 1
        summary.warnings += len(item.warnings)
        finding = Finding(item.line, item.column, item.message, kind="json")
        warnings = _input_warnings(item.warnings)
        return self._failed(Result(item.source, item.line, None, "invalid", (finding,), warnings))

    def drift_entries(self) -> list[DriftEntry]:
        return list(self.drift.entries.values())

    def fresh(self) -> Checker:
        """A new checker like this one with nothing counted yet: for one task of a worker,
        whose counts are then merged into this one's."""
        return Checker(
            self.validate,
            self.operations,
            operation=self.fixed,
            strict=self.strict,
            fail_on_error_responses=self.fail_on_error_responses,
            collect_failures=self.failures is not None,
            coverage=None if self.coverage is None else _empty_like(self.coverage),
            fast=self.fast_lookup,
        )


def _empty_like(coverage: Coverage) -> Coverage:
    """A new empty `Coverage` over the same response schemas."""
    from .coverage import Coverage

    return Coverage(coverage.schemas)
