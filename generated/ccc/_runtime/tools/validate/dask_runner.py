# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/dask_runner.py.
# Do not edit by hand: change the original and run `make generate`.
"""`validate --dask ADDRESS`: the same run on a Dask cluster, with the same report.

Inputs are found by `remote.expand_inputs` (local paths as a local run finds them, fsspec URLs
too). JSON Lines inputs of `--dask-blocksize` bytes or more are cut into byte ranges (`ranges`);
smaller inputs go to tasks in batches. Each task checks its records with a fresh `Checker` like
the main one (sent to every worker once) and returns what the local worker pool's tasks return:
the outcomes, the counts, the drift, the failures and the coverage. This process takes them in
input order, numbers the lines of each range from the counts of the ranges before it (a range
cannot know its first line without reading the whole file before it), merges them
(`pool.absorb`: every merge is exact) and reports them: so the report, in every format, and
the exit status are those of a local run on the same inputs.

Standard input is read here. `--dask local` starts a cluster of worker processes on this
machine, listening on 127.0.0.1 only. Needs the `dask` extra (dask, distributed, fsspec),
imported only here; without it, an exit-2 error says how to install it.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from .checker import Checker
from .coverage import Coverage, response_schemas
from .drift import DriftCollector
from .failures import Failures
from .files import DOCUMENT_LIMIT
from .inputs import Record, read_source
from .pool import (
    BATCH_FILES,
    Chunk,
    Piece,
    WorkerConfig,
    _check_items,
    absorb,
    rebase,
    report_outcomes,
)
from .progress import Progress
from .ranges import split
from .remote import RangeItems, expand_inputs, read_input
from .reports import Reporter, Summary
from .sources import Source, Unreadable

__all__ = [
    "BLOCK_BYTES",
    "DaskError",
    "DaskRun",
    "check_task",
    "connect",
    "local_cluster",
    "run_on_dask",
]

BLOCK_BYTES = 32 << 20  # the bytes of JSON Lines one task takes (--dask-blocksize)
INSTALL_HINT = "pip install 'cccgen-ccc[dask]' (dask, distributed and fsspec)"


class DaskError(OSError):
    """Dask is missing, or its cluster cannot be reached: a usage problem (exit 2)."""


def require() -> None:
    """`DaskError` unless dask, distributed and fsspec can be imported (fsspec first: the
    lightest, so that without it the error comes before half a second of importing the others)."""
    for name in ("fsspec", "dask", "distributed"):
        try:
            __import__(name)
        except ImportError as exc:
            raise DaskError(
                f"--dask needs the {name} package, which is not installed ({exc}); {INSTALL_HINT}"
            ) from None


def local_cluster(workers: int = 0, *, processes: bool = True) -> Any:
    """A `distributed.LocalCluster` of `workers` single-threaded workers (0: one per CPU), on
    127.0.0.1 only, with no fixed port (another cluster may hold 8787) and its logs silenced;
    `processes=False`: threads of this process. Its workers keep no statistical profile of
    their tasks (a sample of every running task's stack every 10 ms, for a dashboard nobody
    is shown: some 1.5% of an idle worker's CPU, more of a busy one's), and its scheduler,
    nannies and workers time their event loops every 500 ms, not every 20 ms (a metric, and
    the warning of a loop blocked for 3 s, which is silenced here anyway): distributed's own
    cluster tests run so."""
    require()
    distributed = importlib.import_module("distributed")  # partly untyped
    config = importlib.import_module("dask.config")
    # Read by each server when it starts (a worker process gets its nanny's configuration).
    quiet = {
        "distributed.worker.profile.enabled": False,
        "distributed.admin.tick.interval": "500ms",
    }
    with config.set(quiet):
        return distributed.LocalCluster(
            n_workers=workers or _cpus(),
            threads_per_worker=1,
            processes=processes,
            host="127.0.0.1" if processes else None,
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.CRITICAL,
        )


@contextlib.contextmanager
def connect(address: str, workers: int = 0) -> Iterator[Any]:
    """A client of the scheduler at `address`, or of a new cluster of `workers` processes on
    this machine for "local" (0: one per CPU); closed (and the cluster stopped) on exit."""
    require()
    client_class = importlib.import_module("distributed").Client
    # Dask's own warnings (a slow event loop, a worker restarted) are not the report's.
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        if address == "local":
            try:
                cluster = local_cluster(workers)
            except Exception as exc:  # noqa: BLE001 - a worker that cannot start, no room
                raise DaskError(f"cannot start a local Dask cluster: {exc}") from None
            with cluster, client_class(cluster) as client:
                yield client
            return
        try:
            client = client_class(address)
        except (OSError, TimeoutError, ValueError) as exc:
            raise DaskError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        with client:
            yield client
    finally:
        quiet.setLevel(level)


def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_Range = Chunk  # a task: the lines that start in a byte range of a JSON Lines input


@dataclass(frozen=True, slots=True)
class _Batch:
    """A task: several inputs, each read whole."""

    sources: tuple[Source, ...]


_Task = _Range | _Batch
_Part = tuple[list[Piece], Summary, DriftCollector, Failures | None, Coverage | None, int]


def check_task(task: _Task, config: WorkerConfig) -> _Part:
    """On a worker: check one task exactly as a local run would; the last item is the number
    of lines a range read."""
    model = config.model
    if model.coverage is not None and not model.coverage.schemas:
        # Schemas stay behind when a Coverage is pickled: load this package's (a worker has it
        # installed), once per worker: the config is the same object for its every task; the
        # one operation every response is checked against alone, when there is one.
        package = (__package__ or "").rsplit(".", 3)[0]  # <package>._runtime.tools.validate
        needed = model.operations if model.fixed is None else (model.fixed,)
        model.coverage = Coverage(response_schemas(package, needed))
    checker = model.fresh()
    keep, limit = config.keep_valid, config.limit
    if isinstance(task, _Range):
        fast = checker.fast_for(task.source)
        items = RangeItems(task.source, task.start, task.end, task.base, limit, fast)
        pieces = [(task.source, _check_items(checker, iter(items), keep))]
        lines = items.lines
    else:
        pieces = [
            (s, _check_items(checker, read_input(s, limit, checker.fast_for(s)), keep))
            for s in task.sources
        ]
        lines = 0
    return pieces, checker.summary, checker.drift, checker.failures, checker.coverage, lines


_Step = tuple[_Task | Unreadable | Source, Any]  # and its future, for a task


class DaskRun:
    """One run over every input on a Dask cluster, reported in input order (see the module's
    docstring)."""

    def __init__(
        self,
        client: Any,
        checker: Checker,
        reporter: Reporter,
        progress: Progress,
        stdin: BinaryIO | None,
        limit: int = DOCUMENT_LIMIT,
        block: int = BLOCK_BYTES,
    ) -> None:
        self.client = client
        self.checker = checker
        self.reporter = reporter
        self.progress = progress
        self.stdin = stdin
        self.limit = limit
        self.block = block
        self.config = WorkerConfig(checker, reporter.wants_valid, limit)
        self.window: deque[_Step] = deque()
        self.next_line: dict[str, int] = {}  # per input being read by ranges: its next line
        self.done_bytes = 0

    def all(self, inputs: Sequence[Source | Unreadable]) -> None:
        threads = sum(self.client.nthreads().values()) or 1
        depth = max(8, 4 * threads)  # tasks in flight: every worker busy, memory bounded
        shared = self.client.scatter(self.config, broadcast=True, hash=False)
        try:
            for item in self._plan(inputs):
                future = None
                if isinstance(item, (_Range, _Batch)):
                    future = self.client.submit(check_task, item, shared, pure=False)
                self.window.append((item, future))
                while sum(1 for _, f in self.window if f is not None) > depth:
                    self._next()
            while self.window:
                self._next()
        finally:
            self.client.cancel([f for _, f in self.window if f is not None])

    def _plan(self, inputs: Sequence[Source | Unreadable]) -> Iterator[_Task | Unreadable | Source]:
        """Tasks and work for this process, in input order."""
        batch: list[Source] = []
        size = 0
        for item in inputs:
            whole = isinstance(item, Source) and item.path is not None
            if isinstance(item, Source) and whole and not (item.jsonl and item.size >= self.block):
                batch.append(item)
                size += item.size
                if len(batch) >= BATCH_FILES or size >= self.block:
                    yield _Batch(tuple(batch))
                    batch, size = [], 0
                continue
            if batch:
                yield _Batch(tuple(batch))
                batch, size = [], 0
            if isinstance(item, Source) and item.path is not None:
                for start, end in split(item.size, self.block):
                    yield _Range(item, start, end)
            else:
                yield item  # standard input, or an input that could not be found
        if batch:
            yield _Batch(tuple(batch))

    def _next(self) -> None:
        item, future = self.window.popleft()
        if isinstance(item, Unreadable):
            self.reporter.result(self.checker.unreadable(item))
            self._end(item.source, 0)
            return
        if isinstance(item, Source):
            self._stdin(item)
            return
        assert future is not None
        try:
            part: _Part = future.result()
        except Exception:  # noqa: BLE001 - the task failed on the cluster: do it here instead
            part = check_task(item, self.config)
        pieces, summary, drift, failures, coverage, lines = part
        if isinstance(item, _Range):
            name = item.source.name
            first = self.next_line.pop(name, 1)
            rebase(part[0], part[2], part[3], first - item.base)
            if item.end < item.source.size:
                self.next_line[name] = first + lines
        absorb(self.checker, summary, drift, failures, coverage)
        for source, outcomes in pieces:
            report_outcomes(self.reporter, source, outcomes)
            if isinstance(item, _Batch):
                self._end(source, source.size)
        if isinstance(item, _Batch):
            return
        if item.end >= item.source.size:
            self._end(item.source, item.source.size)
        else:
            responses = self.checker.summary.responses
            self.progress.update(self.done_bytes + item.end, responses)

    def _end(self, source: Source, size: int) -> None:
        self.reporter.end_source(source)
        self.done_bytes += size
        self.progress.input_done()
        self.progress.update(self.done_bytes, self.checker.summary.responses)

    def _stdin(self, source: Source) -> None:
        stdin = self.stdin if self.stdin is not None else sys.stdin.buffer
        for item in read_source(source, stdin, self.limit):
            if isinstance(item, Record):
                outcome = self.checker.check(item)
                if isinstance(outcome, str):
                    self.reporter.valid(source, item.line, outcome)
                else:
                    self.reporter.result(outcome)
            else:
                self.reporter.result(self.checker.unreadable(item))
        self._end(source, source.size)


def run_on_dask(
    args: argparse.Namespace,
    checker: Checker,
    reporter: Reporter,
    stdin: BinaryIO | None,
    make_progress: Callable[[Sequence[Source | Unreadable]], Progress],
) -> tuple[Progress, list[Source | Unreadable]]:
    """The `--dask` run of `cli`: connect, find the inputs, check them, report them."""
    with connect(args.dask, getattr(args, "dask_workers", 0)) as client:
        inputs = expand_inputs(args.paths, jsonl=args.jsonl)
        progress = make_progress(inputs)
        limit = getattr(args, "max_document_size", DOCUMENT_LIMIT)
        block = getattr(args, "dask_blocksize", BLOCK_BYTES)
        DaskRun(client, checker, reporter, progress, stdin, limit, block).all(inputs)
    return progress, inputs
