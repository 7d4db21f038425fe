"""The four streaming report formats of `validate`, and the drift summary they all end with.

* text: `file:line:column: error: /Data/ContactType: enum: ...`, one line per finding, then a
  summary and the drift table; colour only when asked for (the caller decides: a TTY and no
  `NO_COLOR`).
* json: one document `{"results": [...], "summary": {...}, "drift": [...]}`, written as it goes
  (results first) so that memory stays flat on long runs.
* junit: JUnit XML, one `<testsuite>` per input and one `<testcase>` per response.
* github: workflow commands (`::error file=...,line=...::message`), then the text summary.

With `--coverage` each also reports the spec's coverage (`Reporter.coverage`, set before
`finish`): a `coverage` key in json, `coverage_lines` after the drift elsewhere. The aggregate
formats (markdown, html) are `report_writers`.

Every string that came from an input is made safe for its format: control characters escaped
(`escapes.visible`) in text, github and JUnit, JSON escapes, XML without the characters XML cannot
hold, workflow-command escapes, and clipped when very long.
"""

from __future__ import annotations

import json
import math
import re
import reprlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TextIO

from .escapes import github_data, github_property, visible
from .inputs import Source
from .issues import Issue

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
    "make_reporter",
]

FORMATS = ("text", "json", "junit", "github", "markdown", "html")
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
            f"{_n(self.responses, 'response')} in {_n(self.inputs, 'input')} ({mode}, {ops}): "
            f"{self.valid} valid, {self.invalid} invalid"
        )
        if self.not_json:
            head += f" ({self.not_json} not valid JSON)"
        extra = []
        if self.error_responses:
            extra.append(_n(self.error_responses, "error response"))
        if self.unreadable:
            extra.append(f"{self.unreadable} unreadable")
        if self.io_errors:
            extra.append(_n(self.io_errors, "I/O error"))
        if self.warnings:
            extra.append(_n(self.warnings, "warning"))
        if extra:
            head += ", " + ", ".join(extra)
        head += f"; {self.seconds:.2f} s"
        lines = [head]
        if self.responses == 0 and not (self.io_errors or self.unreadable):
            lines.append("nothing to validate: no responses were found in the inputs")
        return lines


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def clip(text: str, limit: int = MESSAGE_LIMIT) -> str:
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
    lines = [f"drift: {_n(len(drift), 'difference')} between the responses and the spec"]
    width = max(len(e.describe()) for e in drift)
    width = min(width, 60)
    for entry in drift:
        file = visible(entry.file)
        where = f"{file}:{entry.line}:{entry.column}" if entry.line else file
        lines.append(
            f"  {entry.kind:<18}  {clip(entry.describe(), 200):<{width}}  "
            f"seen {_n(entry.count, 'time')}, first at {where}"
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


class TextReporter(Reporter):
    wants_valid = False

    def __init__(self, out: TextIO, *, color: bool) -> None:
        super().__init__(out)
        self.color = color

    def _paint(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def result(self, result: Result) -> None:
        write = self.out.write
        name = visible(result.source.name)
        for level, code, findings in (
            ("error", "1;31", result.errors),
            ("warning", "1;33", result.warnings),
            ("note", "1;36", result.notes),
        ):
            for finding in findings:
                where = f"{name}:{finding.line}:{finding.column}" if finding.line else name
                write(f"{self._paint('1', where)}: {self._paint(code, level)}: {finding.text()}\n")

    def finish(self, summary: Summary, drift: Sequence[DriftEntry]) -> None:
        code = "1;31" if summary.exit_code else "1;32"
        lines = summary.lines()
        self.out.write(self._paint(code, lines[0]) + "\n")
        for line in lines[1:] + self.closing_lines(summary, drift):
            self.out.write(line + "\n")


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: an annotation per finding, on the file and line."""

    wants_valid = False

    def result(self, result: Result) -> None:
        for level, findings in (
            ("error", result.errors),
            ("warning", result.warnings),
            ("notice", result.notes),
        ):
            for finding in findings:
                props = []
                if result.source.path is not None:
                    props.append(f"file={github_property(result.source.name)}")
                    if finding.line:
                        props.append(f"line={finding.line}")
                        props.append(f"col={finding.column}")
                title = _title(result, finding)
                props.append(f"title={github_property(title)}")
                message = finding.text()
                if result.source.path is None and finding.line:
                    message = f"{result.source.name}:{finding.line}:{finding.column}: {message}"
                self.out.write(f"::{level} {','.join(props)}::{github_data(message)}\n")

    def finish(self, summary: Summary, drift: Sequence[DriftEntry]) -> None:
        level = "error" if summary.exit_code else "notice"
        lines = summary.lines()
        self.out.write(f"::{level} title=validate summary::{github_data(lines[0])}\n")
        for line in lines + self.closing_lines(summary, drift):
            # Plain lines in the log; a leading "::" would be read as a command.
            self.out.write(("  " + line if line.startswith("::") else line) + "\n")


def _title(result: Result, finding: Finding) -> str:
    if finding.issue is None:
        titles = {
            "io": "unreadable input",
            "json": "invalid JSON",
            "input": "input warning",
            "errorResponse": "error response",
        }
        return titles.get(finding.kind, "cannot validate")
    what = "drift" if finding.issue.is_drift else "invalid"
    return f"{result.operation or 'response'} {what}: {finding.pointer or '/'} ({finding.issue.keyword})"


def _finding_dict(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {"line": finding.line, "column": finding.column}
    issue = finding.issue
    if issue is None:
        data.update(kind=finding.kind, message=clip(finding.message))
        return data
    data.update(
        kind="schema",
        path=issue.path,
        pointer=finding.pointer,
        keyword=issue.keyword,
        message=clip(issue.message),
        expected=jsonable(issue.expected),
        actual=jsonable(issue.actual),
        drift=issue.is_drift,
    )
    return data


# JSON leaves DEL, C1 controls and the Unicode line separators raw in strings: escaped here too.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")
_INDEX = re.compile(r"/\d+(?=/|$)")


def _json(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False)
    if _JSON_RAW.search(text) is None:
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class JsonReporter(Reporter):
    """Streams `{"results": [...], "summary": ..., "drift": [...], "descriptions": {...}}`.

    The spec's description of a field is given once, in `descriptions[operation][field]` (the
    field is an error's `path` with array indexes as `*`), not with every error: the report
    stays proportional to the number of issues, however long the descriptions.
    """

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self.first = True
        self.descriptions: dict[str, dict[str, str]] = {}
        out.write('{"results": [')

    def _item(self, data: dict[str, Any]) -> None:
        self.out.write(("\n  " if self.first else ",\n  ") + _json(data))
        self.first = False

    def _describe(self, operation: str | None, findings: Sequence[Finding]) -> None:
        for finding in findings:
            issue = finding.issue
            if issue is None or issue.description is None:
                continue
            fields = self.descriptions.setdefault(operation or "", {})
            fields.setdefault(_INDEX.sub("/*", issue.path), issue.description)

    def valid(self, source: Source, line: int, operation: str) -> None:
        self._item(
            {
                "file": source.name,
                "line": line,
                "operation": operation,
                "status": "valid",
                "errors": [],
                "warnings": [],
                "notes": [],
            }
        )

    def result(self, result: Result) -> None:
        self._describe(result.operation, result.errors)
        self._describe(result.operation, result.warnings)
        self._item(
            {
                "file": result.source.name,
                "line": result.line,
                "operation": result.operation,
                "status": result.status,
                "errors": [_finding_dict(f) for f in result.errors],
                "warnings": [_finding_dict(f) for f in result.warnings],
                "notes": [_finding_dict(f) for f in result.notes],
            }
        )

    def finish(self, summary: Summary, drift: Sequence[DriftEntry]) -> None:
        summary_text = _json(summary.to_dict())
        drift_text = ",\n  ".join(_json(d.to_dict()) for d in drift)
        drift_block = f"[\n  {drift_text}\n]" if drift else "[]"
        described = _json(self.descriptions)
        coverage = (
            "" if self.coverage is None else f',\n"coverage": {_json(self.coverage.to_dict())}'
        )
        self.out.write(
            f'\n],\n"summary": {summary_text},\n"drift": {drift_block},\n'
            f'"descriptions": {described}{coverage}}}\n'
        )


# Characters XML 1.0 cannot carry at all, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str, *, attribute: bool = False) -> str:
    if attribute:  # one line of text: control characters escaped as everywhere else
        text = visible(text)
    text = _XML_ILLEGAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
        text = text.replace("\t", "&#9;")
    return text


def _failure_kind(result: Result) -> str:
    if result.status == "error response":
        return "error response"
    if result.operation:
        return result.operation
    return "invalid JSON" if result.errors and result.errors[0].kind == "json" else "invalid"


class JunitReporter(Reporter):
    """JUnit XML: a testsuite per input, a testcase per response; failures carry the issues.

    Cases and suites are spooled to temporary files (in memory while small) so that the totals
    of a suite and of `<testsuites>` can come before them, with memory bounded on long runs.
    """

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self.body = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed in finish()
            max_size=8 << 20, mode="w+", encoding="utf-8"
        )
        self.cases = self._spool()
        self.counts = [0, 0, 0]  # tests, failures, errors in the current suite
        self.totals = [0, 0, 0]

    @staticmethod
    def _spool() -> TextIO:
        return tempfile.SpooledTemporaryFile(  # type: ignore[return-value]
            max_size=4 << 20, mode="w+", encoding="utf-8"
        )

    def _case(self, source: Source, line: int, inner: str) -> None:
        name = f"line {line}" if source.jsonl is not False and line else source.name
        attrs = (
            f'classname="{_xml(source.name, attribute=True)}" name="{_xml(name, attribute=True)}"'
        )
        if source.path is not None:
            attrs += f' file="{_xml(source.name, attribute=True)}"'
        if line:
            attrs += f' line="{line}"'
        self.counts[0] += 1
        self.cases.write(f"    <testcase {attrs}{'>' + inner + '</testcase>' if inner else '/>'}\n")

    def valid(self, source: Source, line: int, operation: str) -> None:
        self._case(source, line, "")

    def result(self, result: Result) -> None:
        inner = ""
        name = visible(result.source.name)
        if result.errors:
            body = "\n".join(
                (f"{name}:{f.line}:{f.column}: " if f.line else f"{name}: ") + f.text()
                for f in result.errors
            )
            first = result.errors[0].text()
            count = len(result.errors)
            if result.status == "unreadable":
                tag, kind = "error", "unreadable"
                self.counts[2] += 1
            else:
                tag, kind = "failure", _failure_kind(result)
                self.counts[1] += 1
            message = first if count == 1 else f"{count} issues; first: {first}"
            inner += (
                f'<{tag} message="{_xml(clip(message, 300), attribute=True)}" '
                f'type="{_xml(kind, attribute=True)}">{_xml(body)}</{tag}>'
            )
        if result.warnings or result.notes:
            text = "\n".join(
                f"{level}: {name}:{f.line}:{f.column}: {f.text()}"
                for level, findings in (("warning", result.warnings), ("note", result.notes))
                for f in findings
            )
            inner += f"<system-out>{_xml(text)}</system-out>"
        self._case(result.source, result.line, inner)

    def end_source(self, source: Source) -> None:
        tests, failures, errors = self.counts
        self.body.write(
            f'  <testsuite name="{_xml(source.name, attribute=True)}" tests="{tests}" '
            f'failures="{failures}" errors="{errors}" skipped="0">\n'
        )
        self.cases.seek(0)
        while chunk := self.cases.read(1 << 16):
            self.body.write(chunk)
        self.cases.seek(0)
        self.cases.truncate()
        self.body.write("  </testsuite>\n")
        self.totals = [a + b for a, b in zip(self.totals, self.counts, strict=True)]
        self.counts = [0, 0, 0]

    def finish(self, summary: Summary, drift: Sequence[DriftEntry]) -> None:
        tests, failures, errors = self.totals
        write = self.out.write
        write('<?xml version="1.0" encoding="UTF-8"?>\n')
        write(
            f'<testsuites name="validate" tests="{tests}" failures="{failures}" '
            f'errors="{errors}" time="{summary.seconds:.3f}">\n'
        )
        self.body.seek(0)
        while chunk := self.body.read(1 << 16):
            write(chunk)
        self.body.close()
        self.cases.close()
        # Drift as a suite of no tests: its properties list every kind, for dashboards to show.
        write('  <testsuite name="drift" tests="0" failures="0" errors="0" skipped="0">\n')
        write("    <properties>\n")
        for entry in drift:
            value = (
                f"{entry.count}x, first at {entry.file}:{entry.line}:{entry.column}"
                if entry.line
                else f"{entry.count}x, first in {entry.file}"
            )
            write(
                f'      <property name="{_xml(entry.kind + ": " + clip(entry.describe(), 200), attribute=True)}" '
                f'value="{_xml(value, attribute=True)}"/>\n'
            )
        write("    </properties>\n")
        text = "\n".join(summary.lines() + self.closing_lines(summary, drift))
        write(f"    <system-out>{_xml(text)}</system-out>\n")
        write("  </testsuite>\n</testsuites>\n")


def make_reporter(fmt: str, out: TextIO, *, color: bool = False) -> Reporter:
    if fmt == "text":
        return TextReporter(out, color=color)
    if fmt == "json":
        return JsonReporter(out)
    if fmt == "junit":
        return JunitReporter(out)
    if fmt == "github":
        return GithubReporter(out)
    # markdown and html: `report_writers` (they import this module), via `report_options`
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
