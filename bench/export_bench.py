"""Export benchmark: records/s of `export-cdrs` against the fake server, with and without
`--details`.

The server runs in a child process (`python -m ccc serve --synthetic-cdrs N --quiet`), so its
CPU is not this process's; the exporter runs here through `ccc.export.export_cdrs` (pages of
100, strict validation of every answer, the part file flushed to disk per window). The listing
alone needs one call per 100 records; `--details` adds one call per record (8 at a time).
Best of the rounds.

    python -m bench.export_bench [--records N] [--details-records N] [--rounds R] [--out FILE]

Part of `make bench` (`python -m bench` runs every `bench/*_bench.py`'s `main()`).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "results" / "export.md"
KEY_ID = "BENCHKEYID"
SECRET = "bench-secret-not-real"
START = 1_764_518_400_000  # 2025-11-30T16:00:00Z, 00:00 in UTC+8
DAY = 86_400_000


def serve(records: int) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID}
    env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = SECRET
    command = [sys.executable, "-m", "ccc", "serve", "--quiet", "--synthetic-cdrs", str(records)]
    command += ["--seed", "1", "--window", f"{START}/{START + DAY}", "--hot-share", "0.05"]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://"):
        process.kill()
        raise RuntimeError("the fake server did not start")
    return process, url


def one_run(url: str, details: bool, folder: Path) -> tuple[float, int]:
    import ccc
    from ccc.export import export_cdrs

    output = folder / f"calls-{time.perf_counter_ns()}.jsonl"
    with ccc.Client(
        endpoint=url, access_key_id=KEY_ID, access_key_secret=SECRET, validate="off"
    ) as client:
        began = time.perf_counter()
        report = export_cdrs(
            client,
            instance_id="ccc-test",
            start=START,
            end=START + DAY,
            output=output,
            details=details,
        )
        seconds = time.perf_counter() - began
    if not report.complete:
        raise RuntimeError(f"the export failed: {[f.describe() for f in report.failures]}")
    output.unlink()
    return seconds, report.records


def measure(records: int, details: bool, rounds: int) -> tuple[float, int]:
    process, url = serve(records)
    try:
        with tempfile.TemporaryDirectory() as folder:
            runs = [one_run(url, details, Path(folder)) for _ in range(rounds)]
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
    best = min(seconds for seconds, _ in runs)
    return best, runs[0][1]


def main() -> str:
    parser = argparse.ArgumentParser(prog="python -m bench.export_bench")
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--details-records", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = []
    for label, count, details in (
        ("listing only", args.records, False),
        ("`--details` (8 at a time)", args.details_records, True),
    ):
        seconds, written = measure(count, details, args.rounds)
        rows.append(f"| {label} | {written:,} | {seconds:.2f} s | {written / seconds:,.0f} |")
        print(rows[-1], flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    report = "\n".join(
        [
            "# Export throughput (`export-cdrs` against the fake server)",
            "",
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; Python {platform.python_version()},"
            f" {os.cpu_count()} CPUs, load average {load:.1f}; best of {args.rounds} rounds.",
            "The server (a child process) generates the records; the exporter validates every"
            " answer strictly and flushes the part file per window.",
            "",
            "| export | records | time | records/s |",
            "| --- | ---: | ---: | ---: |",
            *rows,
            "",
        ]
    )
    args.out.write_text(report, encoding="utf-8")
    return report


if __name__ == "__main__":
    print(main())
