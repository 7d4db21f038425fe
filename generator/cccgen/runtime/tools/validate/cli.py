"""`validate`: check captured responses against the spec, for people and for CI.

Spec-independent: the generated package passes in its validator and operation names, so this
runs the same in `cccgen validate`, in `python -m <package> validate`, and in a vendored copy of
the package under any name. Standard library only.

Exit status (also in `--help`): 2 when an input could not be read at all (missing or unreadable
file) or nothing was found to validate, else 1 when a response is invalid (a capture that is not
JSON is an invalid one, as check-jsonschema has it), else 0. A usage error exits 2 before
anything is read.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import time
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, BinaryIO, TextIO, cast

from .coverage import Coverage
from .error_responses import KEYWORD as ERROR_RESPONSE
from .escapes import visible
from .failures import NO_PAYLOAD, Failures, pointer_pattern
from .files import DOCUMENT_LIMIT, format_size
from .inputs import Note, Record, Source, Unreadable, chunks, expand, read_chunk, read_source
from .issues import Issue
from .jsontext import NESTING_LIMIT, Locator
from .outputs import OutputError, ReportOutput
from .progress import Progress
from .report_options import (
    add_coverage_argument,
    attach,
    make_report,
    new_coverage,
    report_step_summary,
    wants_coverage,
    wants_failures,
)
from .reports import (
    DROPPED_LIMIT,
    FORMATS,
    DriftEntry,
    DriftKind,
    Finding,
    Reporter,
    Result,
    Status,
    Summary,
)

if TYPE_CHECKING:  # imported when workers are first needed: most runs never pay for them
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = [
    "DRIFT_LIMIT",
    "Checker",
    "Validate",
    "add_arguments",
    "build_root_parser",
    "dispatch",
    "register",
    "run",
]

Validate = Callable[[str, object], Sequence[Issue]]
"""`validate(operation, payload)`: every issue, strict (unknown fields and values included)."""

DRIFT_LIMIT = 1000  # distinct drift kinds kept for the summary

EPILOG = f"""\
inputs:
  files, directories (searched recursively for *.json, *.jsonl and *.ndjson; hidden folders
  skipped), glob patterns (quoted, e.g. 'captures/**/*.json') and - for standard input.
  *.jsonl and *.ndjson files hold one response per line (blank lines skipped); other files
  hold one JSON document. Standard input is one document, or JSON Lines when it holds several.
  A UTF-8 byte order mark is accepted with a warning. NaN and Infinity are rejected.
  Only regular files are read (symbolic links to them are followed): a FIFO or a device is
  reported, never opened in a way that could block. One document, or one JSON Lines line, may
  have at most 64 MiB (--max-document-size); a bigger one is an error at its line.
  Control characters from the inputs (keys, values, file names) are escaped in the text and
  github reports (\n, \x1b, ...), so a capture cannot forge report lines or workflow commands.

reports:
  --format markdown: totals, failures by path, drift (and coverage with --coverage) as tables,
  for a CI job summary. --format html -o report.html: one self-contained page (no script, no
  network) with coverage as a field tree. --format github also appends the markdown report to
  the job summary when $GITHUB_STEP_SUMMARY is set (a summary that cannot be written is a
  warning; the exit status does not change). --coverage (any format): for every field of the
  spec, in how many responses it was present, null or absent, the enum values seen and never
  seen, ranges, and the fields no response carried; error responses are not counted.

modes:
  --strict (default): unknown fields and unknown enum values are errors.
  --lenient: they are warnings. Either way they are listed in the drift summary at the end.

error responses:
  A captured error answer (an error code and none of the fields a success response requires,
  e.g. {{"Code": "Parameter.Blank", "HttpStatusCode": 400, ...}} without Data) is checked
  against the spec's error envelope and reported as "note: error response Parameter.Blank
  (400)"; it is counted in the summary and passes, unless --fail-on-error-responses is given.
  One that does not fit the envelope is invalid.

exit status:
  0  every response is valid (error responses too, without --fail-on-error-responses)
  1  at least one response is invalid, or a capture is not JSON (invalid or truncated JSON,
     not UTF-8, NaN, nested deeper than {NESTING_LIMIT} levels)
  2  usage error, or an input could not be read at all (missing or unreadable file), or no
     response was found; this wins over 1
"""


@dataclass(slots=True)
class _DriftCollector:
    entries: dict[tuple[object, ...], DriftEntry] = field(default_factory=dict)
    dropped: set[tuple[object, ...]] = field(default_factory=set)

    def add(
        self,
        kind: DriftKind,
        operation: str | None,
        path: str,
        value: object,
        where: tuple[str, int, int],
    ) -> None:
        try:
            key: tuple[object, ...] = (kind, operation, path, type(value).__name__, value)
            hash(key)
        except TypeError:
            key = (kind, operation, path, type(value).__name__, repr(value)[:1000])
        entry = self.entries.get(key)
        if entry is not None:
            entry.count += 1
            return
        if len(self.entries) >= DRIFT_LIMIT:
            if len(self.dropped) < DROPPED_LIMIT:  # counted up to a point: memory stays bounded
                self.dropped.add(key)
            return
        file, line, column = where
        self.entries[key] = DriftEntry(kind, operation, path, value, 1, file, line, column)

    def merge(self, other: _DriftCollector) -> None:
        for key, entry in other.entries.items():
            mine = self.entries.get(key)
            if mine is not None:
                mine.count += entry.count
            elif len(self.entries) < DRIFT_LIMIT:
                self.entries[key] = entry
            elif len(self.dropped) < DROPPED_LIMIT:
                self.dropped.add(key)
        for key in other.dropped:
            if len(self.dropped) >= DROPPED_LIMIT:
                break
            self.dropped.add(key)


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


class _ClearsProgress(io.TextIOBase):
    """A text stream that erases the progress bar before writing to the same terminal."""

    def __init__(self, out: TextIO, progress: Progress) -> None:
        super().__init__()
        self.out = out
        self.progress = progress

    def write(self, text: str) -> int:
        self.progress.clear()
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


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
    ) -> None:
        self.validate = validate
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
        self.drift = _DriftCollector()
        self.failures = Failures() if collect_failures else None
        self.coverage = coverage

    def _choose(self, payload: object) -> tuple[str, Sequence[Issue]]:
        """The operation whose response this is: the first with no issue, else the closest."""
        best: tuple[tuple[int, int], str, Sequence[Issue]] | None = None
        for op in self.operations:
            issues = self.validate(op, payload)
            if not issues:
                return op, issues
            score = (sum(1 for i in issues if not i.is_drift), len(issues))
            if best is None or score < best[0]:
                best = (score, op, issues)
        assert best is not None
        return best[1], best[2]

    def check(self, record: Record) -> Result | str:
        """The operation name when the record is valid and has no warning, else its `Result`."""
        summary = self.summary
        summary.responses += 1
        try:
            if self.fixed is not None:
                operation = self.fixed
                issues = self.validate(operation, record.payload)
            else:
                operation, issues = self._choose(record.payload)
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

    def _cannot(self, record: Record, message: str) -> Result:
        self.summary.unreadable += 1
        finding = Finding(record.line, 1, message, kind="validator")
        return self._failed(Result(record.source, record.line, None, "unreadable", (finding,)))

    def _result(self, record: Record, operation: str, issues: Sequence[Issue]) -> Result:
        errors: list[Finding] = []
        warnings: list[Finding] = [
            Finding(n.line, n.column, n.message, kind="input") for n in record.warnings
        ]
        text, first_line, payload = record.text, record.line, record.payload
        locator = Locator(text)
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


def _jobs_argument(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return value


_SIZE = re.compile(r"(\d+) *(?:([kmg])(?:i?b)?|b)?", re.IGNORECASE)  # 65536, 512K, 64MiB, 1gb
_SHIFTS = {"k": 10, "m": 20, "g": 30}


def _size_argument(text: str) -> int:
    match = _SIZE.fullmatch(text.strip())
    if match is None or int(match[1]) < 1:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 65536, 512K, 64M, 1G)")
    return int(match[1]) << _SHIFTS.get((match[2] or "").lower(), 0)


def add_arguments(parser: argparse.ArgumentParser, operations: Sequence[str] | None) -> None:
    """The options of `validate`; `operations` None when not known yet (checked at run time)."""
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="file, directory, glob pattern, or - for standard input",
    )
    parser.add_argument(
        "--operation",
        metavar="NAME",
        choices=list(operations) if operations else None,
        help="the operation the responses answer"
        + (f" (one of: {', '.join(operations)})" if operations else "")
        + "; default: detected from each payload",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--strict",
        dest="strict",
        action="store_true",
        default=True,
        help="unknown fields and enum values are errors (the default)",
    )
    mode.add_argument(
        "--lenient",
        dest="strict",
        action="store_false",
        help="unknown fields and enum values are warnings",
    )
    parser.add_argument(
        "--fail-on-error-responses",
        action="store_true",
        help="captured error answers (e.g. Code Parameter.Blank, no Data) fail the run; by default"
        " they are counted and pass, once they fit the error envelope",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json (one report), junit (JUnit XML), github (workflow annotations,"
        " and the job summary), markdown (tables for a CI job summary), html (one page, with -o)",
    )
    add_coverage_argument(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the report to FILE instead of standard output",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="read every input, standard input included, as JSON Lines",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report: auto (default) means on a terminal, unless NO_COLOR is set",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs_argument,
        default=0,
        metavar="N",
        help="worker processes for big JSON Lines files (8 MB and more) and runs of 400 or more"
        " files; default 0: one per CPU",
    )
    parser.add_argument(
        "--max-document-size",
        type=_size_argument,
        default=DOCUMENT_LIMIT,
        metavar="SIZE",
        help="the most one document, or one JSON Lines line, may have (K, M, G: powers of 1024);"
        f" default {format_size(DOCUMENT_LIMIT)}",
    )
    parser.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        help="no progress bar (it is only ever drawn when standard error is a terminal)",
    )


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    validate: Validate,
    operations: Sequence[str],
) -> argparse.ArgumentParser:
    """Add the `validate` subcommand to a command line built with subparsers."""
    parser = sub.add_parser(
        "validate",
        help="check captured responses against the spec",
        description="Check captured responses against the spec; report every difference.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser, operations)

    def func(args: argparse.Namespace) -> int:
        return run(args, validate=validate, operations=operations)

    parser.set_defaults(func=func)
    return parser


def build_root_parser(prog: str, description: str, version: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--version", action="version", version=version)
    return parser


def dispatch(parser: argparse.ArgumentParser, argv: Sequence[str] | None = None) -> int:
    """Parse and run the chosen subcommand's `func`; interruptions are not tracebacks."""
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        print(f"{parser.prog}: interrupted", file=sys.stderr)
        return 130
    return code


def _color(choice: str, out: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if "NO_COLOR" in os.environ:  # set at all, even empty: no colour
        return False
    try:
        return out.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError, OSError):
        return False


def run(
    args: argparse.Namespace,
    *,
    validate: Validate,
    operations: Sequence[str],
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Validate every input named in `args`; the report goes to `args.output` or `stdout`."""
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    prog = "validate"
    if args.operation is not None and args.operation not in operations:
        known = ", ".join(operations)
        print(f"{prog}: unknown operation {args.operation!r}; known: {known}", file=stderr)
        return 2
    if not operations:
        print(f"{prog}: this package defines no operation to validate against", file=stderr)
        return 2
    try:
        output = ReportOutput(args.output or None, stdout)
    except OutputError as exc:
        print(f"{prog}: {visible(str(exc))}", file=stderr)
        return 2
    color = args.color == "always" if args.output else _color(args.color, stdout)
    try:
        coverage = new_coverage(operations) if wants_coverage(args) else None
    except (OSError, ValueError) as exc:
        output.discard()
        print(f"{prog}: cannot read the response schemas: {visible(str(exc))}", file=stderr)
        return 2
    try:
        checker = Checker(
            validate,
            operations,
            operation=args.operation,
            strict=args.strict,
            fail_on_error_responses=getattr(args, "fail_on_error_responses", False),
            collect_failures=wants_failures(args),
            coverage=coverage,
        )
        reporter = make_report(args.format, output.stream, color=color)
        summary = _run(args, checker, reporter, stdin, stderr)
        output.commit()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly; nothing more can be reported.
        return 2
    except OutputError as exc:  # a full disk, a file size limit: the report is not whole
        print(f"{prog}: {visible(str(exc))}", file=stderr)
        return 2
    except OSError as exc:  # e.g. no room for the temporary files of a JUnit report
        print(f"{prog}: {visible(exc.strerror or str(exc))}", file=stderr)
        return 2
    finally:
        output.discard()
    report_step_summary(
        args, summary, checker.drift_entries(), checker.failures, checker.coverage, stderr
    )
    if args.format in ("json", "junit", "markdown", "html") or args.output:
        # The report is for machines (or in a file): one line for the person reading the log.
        print(summary.lines()[0], file=stderr)
    return summary.exit_code


PARALLEL_MIN_BYTES = 8 << 20  # JSON Lines files at least this big are cut into pieces for workers
CHUNK_BYTES = 2 << 20  # the piece of a big JSON Lines file one worker takes at a time
PARALLEL_MIN_FILES = 400  # fewer (small) files than this are not worth starting workers for
BATCH_FILES = 100  # small files one worker takes at a time

# What worker processes need, set before they are forked (they inherit it).
_WORKER: dict[str, object] = {}

Outcome = tuple[int, str] | Result  # a valid response's (line, operation), or a full result
Piece = tuple[Source, list[Outcome]]  # what became of one input, or of part of one


@dataclass(frozen=True, slots=True)
class _Chunk:
    """A task: the lines of one piece of a big JSON Lines file."""

    source: Source
    start: int
    length: int
    line: int


@dataclass(frozen=True, slots=True)
class _Files:
    """A task: several small inputs, read whole."""

    sources: tuple[Source, ...]


_Task = _Chunk | _Files
_Done = tuple[list[Piece], Summary, _DriftCollector, Failures | None, Coverage | None]


def _check_items(
    checker: Checker, items: Iterator[Record | Unreadable], keep_valid: bool
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for item in items:
        if isinstance(item, Record):
            outcome = checker.check(item)
            if not isinstance(outcome, str):
                outcomes.append(outcome)
            elif keep_valid:
                outcomes.append((item.line, outcome))
        else:
            outcomes.append(checker.unreadable(item))
    return outcomes


def _do(task: _Task, checker: Checker, keep_valid: bool, limit: int) -> _Done:
    if isinstance(task, _Chunk):
        items = read_chunk(task.source, task.start, task.length, task.line, limit)
        pieces = [(task.source, _check_items(checker, items, keep_valid))]
    else:
        pieces = [
            (s, _check_items(checker, read_source(s, None, limit), keep_valid))
            for s in task.sources
        ]
    return pieces, checker.summary, checker.drift, checker.failures, checker.coverage


def _part_checker(model: Checker) -> Checker:
    """A fresh checker like `model`, for one task: its counts are merged into `model`'s."""
    return Checker(
        model.validate,
        model.operations,
        operation=model.fixed,
        strict=model.strict,
        fail_on_error_responses=model.fail_on_error_responses,
        collect_failures=model.failures is not None,
        coverage=None if model.coverage is None else Coverage(model.coverage.schemas),
    )


def _work(task: _Task) -> _Done:
    """In a worker process: check one task exactly as the main process would."""
    checker = _part_checker(cast(Checker, _WORKER["checker"]))
    return _do(task, checker, bool(_WORKER["keep_valid"]), cast(int, _WORKER["limit"]))


def _merge(summary: Summary, part: Summary) -> None:
    summary.responses += part.responses
    summary.valid += part.valid
    summary.invalid += part.invalid
    summary.not_json += part.not_json
    summary.error_responses += part.error_responses
    summary.unreadable += part.unreadable
    summary.io_errors += part.io_errors
    summary.warnings += part.warnings
    for name, count in part.operations.items():
        summary.operations[name] = summary.operations.get(name, 0) + count


def _jobs(requested: int) -> int:
    if requested == 1:
        return 1
    if not hasattr(os, "fork"):
        return 1  # workers inherit the validator by forking; elsewhere run in one process
    if requested > 0:
        return requested
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    return max(1, min(available, 8))


class _Run:
    """One run over every input, in order; big JSON Lines files and runs of many small files
    are shared among forked worker processes, and their results reported in input order."""

    def __init__(
        self,
        checker: Checker,
        reporter: Reporter,
        progress: Progress,
        jobs: int,
        stdin: BinaryIO | None,
        limit: int = DOCUMENT_LIMIT,
    ) -> None:
        self.limit = limit
        self.checker = checker
        self.reporter = reporter
        self.progress = progress
        self.jobs = jobs
        self.stdin = stdin
        self.done_bytes = 0  # bytes of the inputs finished so far
        self.pool: ProcessPoolExecutor | None = None
        # Steps in input order: a task handed to a worker, or work for this process (None).
        self.window: deque[tuple[_Task | None, Future[_Done] | None, Callable[[], None]]] = deque()

    def all(self, inputs: Sequence[Source | Unreadable]) -> None:
        try:
            small = sum(1 for s in inputs if isinstance(s, Source) and self._small(s))
            batching = self.jobs > 1 and small >= PARALLEL_MIN_FILES
            batch: list[Source] = []
            for source in inputs:
                if batching and isinstance(source, Source) and self._small(source):
                    batch.append(source)
                    if len(batch) >= BATCH_FILES:
                        self._submit(_Files(tuple(batch)))
                        batch = []
                    continue
                if batch:
                    self._submit(_Files(tuple(batch)))
                    batch = []
                if isinstance(source, Unreadable):
                    self._here(partial(self._unreadable, source))
                elif self._big(source):
                    self._chunked(source)
                else:
                    self._here(partial(self._serial, source))
            if batch:
                self._submit(_Files(tuple(batch)))
            while self.window:
                self._next()
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)

    def _chunked(self, source: Source) -> None:
        assert source.path is not None
        line = 0
        try:
            for start, length, line in chunks(source.path, CHUNK_BYTES):
                self._submit(_Chunk(source, start, length, line))
        except OSError as exc:
            if not line:  # it cannot be opened: read it here, which reports why
                self._here(partial(self._serial, source))
                return
            problem = Unreadable(source, line, 0, f"cannot read: {exc.strerror or exc}", "io")
            self._here(partial(self._unreadable, problem))
            return
        self._here(partial(self._end, source, source.size))

    def _small(self, source: Source) -> bool:
        return source.path is not None and not self._big(source)

    def _big(self, source: Source) -> bool:
        return (
            self.jobs > 1
            and source.jsonl is True
            and source.path is not None
            and source.size >= PARALLEL_MIN_BYTES
        )

    def _here(self, work: Callable[[], None]) -> None:
        if self.jobs == 1:
            work()  # no workers: nothing to keep in order with
            return
        self.window.append((None, None, work))
        self._trim()

    def _submit(self, task: _Task) -> None:
        if self.pool is None:
            _WORKER.update(
                checker=self.checker,  # a model: workers check with fresh ones like it
                keep_valid=self.reporter.wants_valid,
                limit=self.limit,
            )
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=context)
        future = self.pool.submit(_work, task)
        self.window.append((task, future, lambda: None))
        self._trim()

    def _trim(self) -> None:
        while len(self.window) > self.jobs * 4:
            self._next()

    def _next(self) -> None:
        task, future, work = self.window.popleft()
        if task is None or future is None:
            work()
            return
        try:
            done = future.result()
        except Exception:  # noqa: BLE001 - a worker died: do its task here instead
            done = _do(task, _part_checker(self.checker), self.reporter.wants_valid, self.limit)
        pieces, part, drift, failures, coverage = done
        summary = self.checker.summary
        _merge(summary, part)
        self.checker.drift.merge(drift)
        if failures is not None and self.checker.failures is not None:
            self.checker.failures.merge(failures)
        if coverage is not None and self.checker.coverage is not None:
            self.checker.coverage.merge(coverage)
        reporter = self.reporter
        for source, outcomes in pieces:
            for outcome in outcomes:
                if isinstance(outcome, tuple):
                    reporter.valid(source, *outcome)
                else:
                    reporter.result(outcome)
            if isinstance(task, _Files):
                self._end(source, source.size)
        if isinstance(task, _Chunk):
            self.progress.update(self.done_bytes + task.start + task.length, summary.responses)

    def _end(self, source: Source, size: int) -> None:
        self.reporter.end_source(source)
        self.done_bytes += size
        self.progress.input_done()
        self.progress.update(self.done_bytes, self.checker.summary.responses)

    def _unreadable(self, item: Unreadable) -> None:
        self.reporter.result(self.checker.unreadable(item))
        self.reporter.end_source(item.source)
        self.progress.input_done()

    def _serial(self, source: Source) -> None:
        """One input in this process: the hot loop of a single long JSON Lines file."""
        checker, reporter, progress = self.checker, self.reporter, self.progress
        summary = checker.summary
        check, valid = checker.check, reporter.valid
        stdin = (
            (self.stdin if self.stdin is not None else sys.stdin.buffer)
            if source.path is None
            else None
        )
        count = partial = 0
        for item in read_source(source, stdin, self.limit):
            if isinstance(item, Record):
                outcome = check(item)
                if isinstance(outcome, str):
                    valid(source, item.line, outcome)
                else:
                    reporter.result(outcome)
                count += 1
                if not count & 255:
                    partial += len(item.text) << 8  # an estimate: this line, 256 times
                    progress.update(self.done_bytes + partial, summary.responses)
            else:
                reporter.result(checker.unreadable(item))
        self._end(source, source.size)


def _run(
    args: argparse.Namespace,
    checker: Checker,
    reporter: Reporter,
    stdin: BinaryIO | None,
    stderr: TextIO,
) -> Summary:
    started = time.perf_counter()
    show_progress = args.progress and Progress.wanted(stderr)
    # Sizes cost a system call per file: only for the progress bar (and big JSON Lines files).
    inputs = expand(args.paths, jsonl=args.jsonl, sizes=show_progress)
    summary = checker.summary
    summary.inputs = len(inputs)
    total = sum(s.size for s in inputs if isinstance(s, Source))
    progress = Progress(stderr, total, len(inputs), enabled=show_progress)
    if show_progress and _isatty(reporter.out):
        # The report and the bar share the terminal: erase the bar before each report line.
        reporter.out = cast(TextIO, _ClearsProgress(reporter.out, progress))
    limit = getattr(args, "max_document_size", DOCUMENT_LIMIT)
    _Run(checker, reporter, progress, _jobs(args.jobs), stdin, limit).all(inputs)
    progress.close(sum(s.size for s in inputs if isinstance(s, Source)), summary.responses)
    summary.seconds = time.perf_counter() - started
    summary.drift_kinds_dropped = len(checker.drift.dropped)
    attach(reporter, checker.failures, checker.coverage)
    reporter.finish(summary, checker.drift_entries())
    return summary
