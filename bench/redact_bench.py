"""Benchmark: redacting GetCallDetailRecord records (`python -m bench redact`).

Never part of the tests. The records are the reference page's example (`page_success`, every
personal field filled) with their phone numbers, names and locations varied per record, so
each record's values are new to the stand-in cache (the slow case: every value drawn from
HMAC-SHA256); the same records redacted again show the cached case (values seen before, as in
a day of calls between the same agents and customers). Then `python -m ccc redact` on a JSON
Lines file of them, wall time (interpreter start included). Best of `ROUNDS`; the load average
is written beside the figures: the machine is shared. `BENCH_QUICK=1` shortens everything.
Figures go to bench/results/redact.md.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.cli_bench import machine

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", REPO / "bench" / "results")) / "redact.md"
OPERATION = "GetCallDetailRecord"
QUICK = os.environ.get("BENCH_QUICK") == "1"
RECORDS = 2_000 if QUICK else 20_000
LINES = 5_000 if QUICK else 20_000
ROUNDS = 1 if QUICK else 3
KEY = "bench-key-not-a-secret-0123456789"


def records(count: int) -> list[dict[str, Any]]:
    """`count` copies of the page example, each with its own numbers, names and locations."""
    spec = yaml.safe_load((REPO / "spec" / "ccc" / f"{OPERATION}.yaml").read_text("utf-8"))
    page: dict[str, Any] = spec["examples"]["page_success"]["response"]
    out = []
    for i in range(count):
        record = copy.deepcopy(page)
        data = record["Data"]
        data["CallingNumber"] = f"0533{i:07d}"
        data["CalledNumber"] = f"133{i:08d}"
        data["AgentNames"] = f"agent{i},agent{i + 1}"
        data["CallerLocation"] = f"山东省-{i}"
        for event in data.get("AgentEvents", []):
            event["AgentName"] = f"坐席{i}"
        for event in data.get("CustomerEvents", []):
            event["CustomerId"] = f"133{i:08d}"
        out.append(record)
    return out


def api_rate(batch: list[dict[str, Any]]) -> tuple[float, float, float]:
    """Records per second through `Redactor.record`: new values, then the same again (cached);
    and the values replaced per record."""
    from ccc.redact import redactor

    best_new = best_cached = per_record = 0.0
    for _ in range(ROUNDS):
        one = redactor(KEY)
        started = time.perf_counter()
        for record in batch:
            one.record(OPERATION, record)
        new = len(batch) / (time.perf_counter() - started)
        started = time.perf_counter()
        for record in batch:
            one.record(OPERATION, record)
        cached = len(batch) / (time.perf_counter() - started)
        best_new, best_cached = max(best_new, new), max(best_cached, cached)
        per_record = sum(one.counts()[OPERATION].values()) / (2 * len(batch))
    return best_new, best_cached, per_record


def cli_rate(tmp: Path) -> tuple[float, int]:
    """Records per second of `python -m ccc redact FILE.jsonl -o DIR` by wall time; file size."""
    folder = tmp / OPERATION
    folder.mkdir()
    path = folder / "day.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for record in records(LINES):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    env = {**os.environ, "CCC_REDACT_KEY": KEY}
    best = 0.0
    for round_ in range(ROUNDS):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "ccc", "redact", str(path), "-o", str(tmp / f"out{round_}")],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        best = max(best, LINES / (time.perf_counter() - started))
    return best, path.stat().st_size


def main() -> str:
    load_before = os.getloadavg()
    started = time.perf_counter()
    new, cached, per_record = api_rate(records(RECORDS))
    with tempfile.TemporaryDirectory(prefix="cccgen-redact-bench-") as tmp:
        cli, size = cli_rate(Path(tmp))
    load_after = os.getloadavg()
    before = ", ".join(f"{x:.2f}" for x in load_before)
    after = ", ".join(f"{x:.2f}" for x in load_after)
    report = "\n".join(
        [
            "# Redacting call records (`bench/redact_bench.py`)\n",
            f"Machine: {machine()}. Load average (1, 5, 15 min) at the start {before}, at the "
            f"end {after}: the machine is shared with other work, so these figures are a floor "
            "and compare only within this run.\n",
            f"GetCallDetailRecord page example: {per_record:.0f} personal values replaced per "
            f"record; best of {ROUNDS}.\n",
            "| | records/s |",
            "| --- | ---: |",
            f"| `Redactor.record`, {RECORDS:,} records with new values | {new:,.0f} |",
            f"| `Redactor.record`, the same records again (stand-ins cached) | {cached:,.0f} |",
            f"| `python -m ccc redact` on {LINES:,} JSON Lines ({size / 2**20:.1f} MiB), wall "
            f"time | {cli:,.0f} |",
            "",
            f"The whole benchmark took {time.perf_counter() - started:.0f} s.",
            "",
        ]
    )
    if not QUICK:
        RESULTS.write_text(report, encoding="utf-8")
    print(report)
    return report


if __name__ == "__main__":
    main()
