"""Benchmark: `validate` on Dask, next to one process and the local worker pool, and the cost of
each stage of one response (reading, parsing, validating, merging), for the arithmetic of a
year of records in the README.

Run with `make bench` (all benchmarks) or `python -m bench dask`. Never part of the tests.

1. One JSON Lines file of `LINES` responses (the cli bench's payloads, 1 in 97 invalid or
   drifted): `validate -j 1` (one process), `validate` (the local pool: one worker process per
   CPU), `--dask local --dask-workers 1` and `2` (a cluster started by the command), and
   `--dask ADDRESS` on a cluster of 2 worker processes started beforehand (so without the
   cluster's start). Whole processes, best of `REPEAT` interleaved rounds, and the command's
   own timer.
2. Per response, in this process: reading lines from the file, decoding and parsing them, the
   generated validator, the rest of the checker; and per task on the client, merging one
   task's part (unpickling it, `pool.absorb`, reporting it) for the text and json reports.

The machine is shared: the load average is recorded before and after. Figures go to
bench/results/dask.md.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.cli_bench import Timing, fastest, machine, payloads, run_measured, summary_seconds

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "dask.md"

LINES = 200_000
# The file is named after its operation: a capture no name attributes is an error (exit 2),
# which would time the error path.
OPERATION = "GetCallDetailRecord"
FILE = f"{OPERATION}.jsonl"
REPEAT = 2
BLOCK = "32M"  # ~12 ranges for the bench's file (the default size), so both workers stay busy
STAGE_LINES = 10_000
YEAR = 3 * 10**8  # responses: a year of a large contact centre


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def per_response(function: Callable[[], int], count: int) -> float:
    """CPU-seconds per item of the best of 3 runs of `function` (which handles `count` items):
    CPU time, not wall time, so that other work on the machine does not count."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        function()
        best = min(best, time.process_time() - started)
    return best / count


def stages(path: Path) -> dict[str, float]:
    """Seconds per response for each stage, on the first STAGE_LINES lines of `path`."""
    from ccc._runtime.core.jsontext import parse
    from ccc._runtime.tools.validate.checker import Checker
    from ccc._runtime.tools.validate.dask_runner import check_task
    from ccc._runtime.tools.validate.inputs import Record
    from ccc._runtime.tools.validate.pool import WorkerConfig, absorb, report_outcomes
    from ccc._runtime.tools.validate.report_options import make_report
    from ccc._runtime.tools.validate.sources import Source
    from ccc.validators import OPERATIONS, validate_response

    with open(path, "rb") as stream:
        lines = [stream.readline() for _ in range(STAGE_LINES)]
    size = sum(len(line) for line in lines)
    head = path.with_name(f"{OPERATION}.head.jsonl")
    head.write_bytes(b"".join(lines))
    texts = [line.decode("utf-8") for line in lines]
    parsed = [parse(text) for text in texts]
    operation = OPERATION
    source = Source(str(head), str(head), True, size)
    records = [Record(source, n, t, p) for n, (t, p) in enumerate(zip(texts, parsed, strict=True))]

    def read() -> int:
        with open(head, "rb") as stream:
            return sum(1 for _ in stream)

    def decode_parse() -> int:
        return sum(1 for line in lines if parse(line.decode("utf-8")) is not None)

    def validate() -> int:
        return sum(1 for p in parsed if validate_response(operation, p) is not None)

    def check() -> int:
        checker = Checker(validate_response, OPERATIONS, operation=OPERATION, strict=True)
        return sum(1 for r in records if checker.check(r) is not None)

    costs = {
        "reading lines": per_response(read, len(lines)),
        "decoding and parsing": per_response(decode_parse, len(lines)),
        "validating (generated validator)": per_response(validate, len(lines)),
        "checking (validator, locating, counting)": per_response(check, len(lines)),
    }
    for fmt in ("text", "json"):
        model = Checker(validate_response, OPERATIONS, operation=OPERATION, strict=True)
        reporter = make_report(fmt, io.StringIO(), color=False)
        config = WorkerConfig(model, reporter.wants_valid, 64 << 20)
        from ccc._runtime.tools.validate.dask_runner import _Range

        part = check_task(_Range(source, 0, size), config)
        data = pickle.dumps(part, protocol=5)

        def merge(data: bytes = data, fmt: str = fmt) -> int:
            total = Checker(validate_response, OPERATIONS, operation=OPERATION, strict=True)
            out = make_report(fmt, io.StringIO(), color=False)
            pieces, summary, drift, failures, coverage, _ = pickle.loads(data)
            absorb(total, summary, drift, failures, coverage)
            for piece_source, outcomes in pieces:
                report_outcomes(out, piece_source, outcomes)
            return len(lines)

        costs[f"merging on the client ({fmt} report)"] = per_response(merge, len(lines))
        costs[f"task result size ({fmt} report), bytes"] = len(data) / len(lines)
    return costs


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def _workers_cpu(client: Any) -> float:
    """CPU time (user + system) used so far by every worker process of `client`'s cluster."""
    return float(sum(client.run(_cpu_seconds).values()))


def main() -> str:
    from ccc._runtime.tools.validate.dask_runner import connect, local_cluster

    started_load = load()
    ccc = [sys.executable, "-m", "ccc", "validate", "--no-progress"]
    with tempfile.TemporaryDirectory(prefix="cccgen-dask-bench-") as tmp:
        root = Path(tmp)
        path = root / FILE
        with open(path, "w", encoding="utf-8") as out:
            for text in payloads(LINES):
                out.write(text + "\n")
        size = path.stat().st_size
        costs = stages(path)
        print(f"stages: {costs}", flush=True)
        with local_cluster(2) as cluster, connect(cluster.scheduler_address) as client:
            address = cluster.scheduler_address
            contenders: dict[str, list[str]] = {
                "one process (`-j 1`)": [*ccc, "-j", "1", FILE],
                "local pool, 2 worker processes (`-j 2`)": [*ccc, "-j", "2", FILE],
                "`--dask local --dask-workers 1`": [
                    *ccc, "--dask", "local", "--dask-workers", "1", "--dask-blocksize", BLOCK,
                    FILE,
                ],
                "`--dask local --dask-workers 2`": [
                    *ccc, "--dask", "local", "--dask-workers", "2", "--dask-blocksize", BLOCK,
                    FILE,
                ],
                "`--dask ADDRESS`, 2 workers started beforehand": [
                    *ccc, "--dask", address, "--dask-blocksize", BLOCK, FILE,
                ],
            }  # fmt: skip
            runs: dict[str, list[Timing]] = {name: [] for name in contenders}
            for _ in range(REPEAT):
                for name, command in contenders.items():
                    before = _workers_cpu(client) if "ADDRESS" in name else 0.0
                    timing = run_measured(command, cwd=root)
                    if "ADDRESS" in name:  # its workers are not the command's children
                        timing.cpu += _workers_cpu(client) - before
                    print(f"{name}: {timing.seconds:.2f} s (exit {timing.returncode})", flush=True)
                    if timing.returncode != 1:  # 1: some of the responses are invalid, as made
                        raise RuntimeError(f"{name} exited {timing.returncode}, not 1: {command}")
                    runs[name].append(timing)
    ended_load = load()
    best = {name: fastest(r) for name, r in runs.items()}
    report = _report(best, costs, size, started_load, ended_load)
    RESULTS.write_text(report, encoding="utf-8")
    return report


def _report(
    best: dict[str, Timing], costs: dict[str, float], size: int, before: str, after: str
) -> str:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        "# `validate` on Dask: benchmark",
        "",
        f"Measured {when} by `make bench` (bench/dask_bench.py); every figure below comes from"
        " that one run.",
        "",
        f"Machine: {machine()}. Shared with other work: load average (1, 5, 15 min) {before}"
        f" before the run, {after} after it. Figures vary between runs; on a loaded machine"
        " more processes cannot buy more than its 2 cores.",
        "",
        f"Input: one JSON Lines file of {LINES:,} responses ({size / 1e6:.0f} MB, about"
        f" {size // LINES} bytes each, 1 in 97 invalid or drifted); the Dask runs cut it into"
        f" {BLOCK}B ranges. Whole processes (interpreter start, imports, a cluster's start when"
        f" the command starts one), best of {REPEAT} interleaved rounds; the command's own timer"
        " counts from after its imports.",
        "",
        "CPU time is user + system of the command and its worker processes (for the cluster"
        " started beforehand, its workers' CPU time during the run): on a loaded machine a"
        " process gets a fraction of a core, so wall time mostly measures the load, while CPU"
        " time measures the work.",
        "",
        "| how | wall time | responses/s | own timer | CPU time | responses per CPU-second"
        " | exit |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, timing in best.items():
        own = summary_seconds(timing.stdout_tail)
        own_text = f"{own:.2f} s" if own else ""
        lines.append(
            f"| {name} | {timing.seconds:.2f} s | {LINES / timing.seconds:,.0f} | {own_text}"
            f" | {timing.cpu:.2f} s | {LINES / timing.cpu:,.0f} | {timing.returncode} |"
        )
    lines += [
        "",
        f"Per response, in CPU time (this process, the first {STAGE_LINES:,} lines; best of 3):",
        "",
        "| stage | per response |",
        "| --- | ---: |",
    ]
    for name, value in costs.items():
        shown = f"{value:,.0f}" if "bytes" in name else f"{value * 1e6:.2f} µs"
        lines.append(f"| {name} | {shown} |")
    one = best["one process (`-j 1`)"]
    cluster = best["`--dask ADDRESS`, 2 workers started beforehand"]
    stages_keys = (
        "reading lines",
        "decoding and parsing",
        "checking (validator, locating, counting)",
    )
    worker = sum(costs[k] for k in stages_keys)  # CPU-seconds per response on a worker
    hours = YEAR * worker / 3600
    lines += [
        "",
        f"A year of a large contact centre, {YEAR:.0e} responses: a worker spends"
        f" {worker * 1e6:.1f} CPU-µs on each (reading, parsing, checking above), so"
        f" {hours:.1f} CPU-hours in all: {hours:.1f} busy cores for one hour. The client merges"
        f" {costs['merging on the client (text report)'] * 1e6:.2f} µs per response for the text"
        f" report ({YEAR * costs['merging on the client (text report)']:.0f} s a year) and"
        f" {costs['merging on the client (json report)'] * 1e6:.1f} µs for the json report"
        f" ({YEAR * costs['merging on the client (json report)'] / 3600:.1f} hours a year, on"
        " one core). Dask's extra CPU time in this run (the cluster started beforehand against"
        f" one process): {cluster.cpu - one.cpu:.1f} s, fixed costs (the client's import of"
        " distributed, connecting, the workers' event loops while the run lasted) that do not"
        " grow with the responses.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
