"""The run over every input, in input order: big JSON Lines files and runs of many small files
are shared among forked worker processes (`--jobs`), the rest is checked here.

Workers get a `WorkerConfig` when they start (inherited by forking, never pickled) and check
each task with a fresh `Checker` like the main one; the main process merges their counts and
reports their results in input order.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, BinaryIO

from .checker import Checker
from .drift import DriftCollector
from .failures import Failures
from .files import DOCUMENT_LIMIT, open_regular
from .inputs import Passed, Record, read_source
from .progress import Progress
from .ranges import RangeItems, split
from .reports import Finding, Reporter, Result, Summary
from .sources import Source, Unreadable

if TYPE_CHECKING:  # imported when workers are first needed: most runs never pay for them
    from concurrent.futures import Future, ProcessPoolExecutor

    # Only with --coverage (its per-field statistics).
    from .coverage import Coverage

__all__ = [
    "BATCH_FILES",
    "CHUNK_BYTES",
    "PARALLEL_MIN_BYTES",
    "PARALLEL_MIN_FILES",
    "Chunk",
    "Outcome",
    "Run",
    "WorkerConfig",
    "absorb",
    "jobs",
    "rebase",
    "report_outcomes",
]

PARALLEL_MIN_BYTES = 8 << 20  # JSON Lines files at least this big are cut into ranges for workers
CHUNK_BYTES = 8 << 20  # the byte range of a big JSON Lines file one worker takes at a time
PARALLEL_MIN_FILES = 400  # fewer (small) files than this are not worth starting workers for
BATCH_FILES = 100  # small files one worker takes at a time


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What every worker needs, the same for the whole run."""

    model: Checker  # workers check with fresh checkers like it
    keep_valid: bool  # whether valid responses are reported one by one
    limit: int  # the most one document may have (--max-document-size)


_config: WorkerConfig | None = None  # in a worker process: set once, when it starts


def _start_worker(config: WorkerConfig) -> None:
    global _config  # in the worker process only, once
    _config = config


Outcome = tuple[int, str] | Result  # a valid response's (line, operation), or a full result
Piece = tuple[Source, list[Outcome]]  # what became of one input, or of part of one


@dataclass(frozen=True, slots=True)
class Chunk:
    """A task: the lines that start in `[start, end)` of a big JSON Lines file (`ranges`),
    read by the worker itself; numbered from `base` (1 for the first range, else 2: so what
    holds for line 1 alone, a byte order mark, never applies there) until the main process
    renumbers them from the line counts of the ranges before."""

    source: Source
    start: int
    end: int

    @property
    def base(self) -> int:
        return 1 if self.start == 0 else 2


@dataclass(frozen=True, slots=True)
class _Files:
    """A task: several small inputs, read whole."""

    sources: tuple[Source, ...]


_Task = Chunk | _Files
_Done = tuple[list[Piece], Summary, DriftCollector, Failures | None, "Coverage | None", int]


def _check_items(
    checker: Checker, items: Iterator[Record | Passed | Unreadable], keep_valid: bool
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for item in items:
        if isinstance(item, Passed):
            checker.check(item)
            if keep_valid:
                outcomes.extend((line, item.operation) for line in _lines(item))
        elif not isinstance(item, Unreadable):
            outcome = checker.check(item)
            if not isinstance(outcome, str):
                outcomes.append(outcome)
            elif keep_valid:
                outcomes.append((item.line, outcome))
        else:
            outcomes.append(checker.unreadable(item))
    return outcomes


def _lines(run: Passed) -> range:
    return range(run.line, run.line + run.responses)


def rebase(
    pieces: list[Piece], drift: DriftCollector, failures: Failures | None, delta: int
) -> None:
    """Number a range's lines from the file's start: `delta` added to every line it reported
    (line 0 is the input itself, not a line)."""
    if not delta:
        return
    for _, outcomes in pieces:
        for index, outcome in enumerate(outcomes):
            outcomes[index] = _moved_outcome(outcome, delta)
    for entry in drift.entries.values():
        if entry.line > 0:
            entry.line += delta
    if failures is not None:
        for group in failures.groups.values():
            group.examples = [
                (name, line + delta if line > 0 else line, column, message)
                for name, line, column, message in group.examples
            ]


def _moved(finding: Finding, delta: int) -> Finding:
    return replace(finding, line=finding.line + delta) if finding.line > 0 else finding


def _moved_outcome(outcome: Outcome, delta: int) -> Outcome:
    if isinstance(outcome, tuple):
        return outcome[0] + delta, outcome[1]
    if outcome.line <= 0:
        return outcome
    return replace(
        outcome,
        line=outcome.line + delta,
        errors=tuple(_moved(f, delta) for f in outcome.errors),
        warnings=tuple(_moved(f, delta) for f in outcome.warnings),
        notes=tuple(_moved(f, delta) for f in outcome.notes),
    )


def _do(task: _Task, checker: Checker, keep_valid: bool, limit: int) -> _Done:
    """Check one task; the last item is the number of lines a range read."""
    lines = 0
    if isinstance(task, Chunk):
        source = task.source
        items = RangeItems(source, task.start, task.end, task.base, limit, checker.fast_for(source))
        pieces = [(source, _check_items(checker, iter(items), keep_valid))]
        lines = items.lines
    else:
        pieces = [
            (s, _check_items(checker, read_source(s, None, limit, checker.fast_for(s)), keep_valid))
            for s in task.sources
        ]
    return pieces, checker.summary, checker.drift, checker.failures, checker.coverage, lines


def _work(task: _Task) -> _Done:
    """In a worker process: check one task exactly as the main process would."""
    config = _config
    assert config is not None, "_start_worker runs first in every worker"
    return _do(task, config.model.fresh(), config.keep_valid, config.limit)


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


def absorb(
    checker: Checker,
    part: Summary,
    drift: DriftCollector,
    failures: Failures | None,
    coverage: Coverage | None,
) -> None:
    """Add what a worker's checker kept for one task to `checker`'s; every merge is exact."""
    _merge(checker.summary, part)
    checker.drift.merge(drift)
    if failures is not None and checker.failures is not None:
        checker.failures.merge(failures)
    if coverage is not None and checker.coverage is not None:
        checker.coverage.merge(coverage)


def report_outcomes(reporter: Reporter, source: Source, outcomes: list[Outcome]) -> None:
    """Hand a task's outcomes for `source` to `reporter`, in order."""
    for outcome in outcomes:
        if isinstance(outcome, tuple):
            reporter.valid(source, *outcome)
        else:
            reporter.result(outcome)


def jobs(requested: int) -> int:
    """Worker processes for `--jobs requested` (0: the CPUs, up to 8; 1 without fork)."""
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


class Run:
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
        self.next_line: dict[str, int] = {}  # per input being read by ranges: its next line
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
        """Byte ranges of a big JSON Lines file for the workers, planned without reading it."""
        assert source.path is not None
        try:
            with open(open_regular(source.path)[0], "rb"):
                pass
        except OSError:  # it cannot be opened: read it here, which reports why
            self._here(partial(self._serial, source))
            return
        self.checker.fast_for(source)  # built before workers fork: they inherit it
        for start, end in split(source.size, CHUNK_BYTES):
            self._submit(Chunk(source, start, end))
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
            config = WorkerConfig(self.checker, self.reporter.wants_valid, self.limit)
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(
                self.jobs, mp_context=context, initializer=_start_worker, initargs=(config,)
            )
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
            done = _do(task, self.checker.fresh(), self.reporter.wants_valid, self.limit)
        if isinstance(task, Chunk):
            name = task.source.name
            first = self.next_line.pop(name, 1)
            rebase(done[0], done[2], done[3], first - task.base)
            if task.end < task.source.size:
                self.next_line[name] = first + done[5]
        pieces, part, drift, failures, coverage, _ = done
        summary = self.checker.summary
        absorb(self.checker, part, drift, failures, coverage)
        for source, outcomes in pieces:
            report_outcomes(self.reporter, source, outcomes)
            if isinstance(task, _Files):
                self._end(source, source.size)
        if isinstance(task, Chunk):
            self.progress.update(self.done_bytes + task.end, summary.responses)

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
        update = 256  # the progress bar moves every 256 responses or so
        wants_valid = reporter.wants_valid
        for item in read_source(source, stdin, self.limit, checker.fast_for(source)):
            if isinstance(item, Passed):
                check(item)
                if wants_valid:
                    for line in _lines(item):
                        valid(source, line, item.operation)
                count += item.responses
                partial += item.size
            elif not isinstance(item, Unreadable):
                outcome = check(item)
                if isinstance(outcome, str):
                    valid(source, item.line, outcome)
                else:
                    reporter.result(outcome)
                count += 1
                partial += len(item.text)
            else:
                reporter.result(checker.unreadable(item))
            if count >= update:
                update = count + 256
                progress.update(self.done_bytes + partial, summary.responses)
        self._end(source, source.size)
