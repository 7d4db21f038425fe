"""Benchmark: the whole `validate` command line against check-jsonschema.

Run with `make bench` (all benchmarks) or `python -m bench.cli_bench`. Never part of the tests.

1. 10,000 response files: `python -m ccc validate DIR` against `check-jsonschema --schemafile
   <the generated strict schema> FILES...` (the files passed in as few batches as the system's
   argument limit allows; every batch's run is counted).
2. One 100,000-line JSON Lines file: `python -m ccc validate FILE.jsonl`, as responses per second,
   next to check-jsonschema's responses per second on the 10,000 files (it has no JSON Lines).
3. Peak resident memory of `validate` on JSON Lines files of 10,000 and 100,000 lines: flat.

Every timing is wall-clock time of a whole process (interpreter start and imports included),
best of `REPEAT` runs; the payloads are the reference page's example with varied identifiers,
numbers and event lists, about 1% of them invalid or drifted. Figures go to bench/results/cli.md.
"""

from __future__ import annotations

import copy
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "generated" / "ccc" / "schemas" / "GetCallDetailRecord.response.schema.json"
OPERATION_SPEC = REPO / "spec" / "ccc" / "GetCallDetailRecord.yaml"
RESULTS = REPO / "bench" / "results" / "cli.md"

FILES = 10_000
LINES = 100_000
MEMORY_LINES = (10_000, 100_000)
REPEAT = 3
INVALID_EVERY = 97  # about 1% of the responses are invalid or drifted

TARGET_SPEEDUP = 10.0
TARGET_RATE = 100_000.0


def page_example() -> dict[str, Any]:
    spec = yaml.safe_load(OPERATION_SPEC.read_text(encoding="utf-8"))
    example: dict[str, Any] = spec["examples"]["page_success"]["response"]
    return example


def payloads(count: int, seed: int = 7) -> Iterator[str]:
    """`count` distinct responses as compact JSON, 1 in INVALID_EVERY invalid or drifted."""
    rng = random.Random(seed)
    base = page_example()
    for i in range(count):
        p = copy.deepcopy(base)
        data = p["Data"]
        p["RequestId"] = f"{rng.getrandbits(128):032X}"
        data["ContactId"] = f"job-{rng.getrandbits(60)}"
        data["CallDuration"] = rng.randint(0, 7200)
        data["StartTime"] = 1532458000000 + rng.randint(0, 10**10)
        data["ReleaseTime"] = data["StartTime"] + data["CallDuration"] * 1000
        data["RecordingReady"] = rng.random() < 0.5
        if rng.random() < 0.5:
            data["AgentEvents"] = data["AgentEvents"][:1]
        if i % INVALID_EVERY == INVALID_EVERY - 1:
            kind = (i // INVALID_EVERY) % 3
            if kind == 0:
                data["ContactType"] = "VIDEO"  # unknown enum value
            elif kind == 1:
                data["NewField"] = "x"  # unknown field
            else:
                data["CallDuration"] = "long"  # wrong type
        yield json.dumps(p, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Timing:
    seconds: float  # wall clock
    returncode: int
    peak_rss_kb: int
    stdout_tail: str
    cpu: float = 0.0  # user + system time of the process and the workers it waited for


def run_measured(command: Sequence[str], *, cwd: Path) -> Timing:
    """Wall time, exit status and peak RSS of one process (os.wait4: that child only)."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(max(0, out.seek(0, os.SEEK_END) - 4000))
        tail = out.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Timing(seconds, process.returncode, int(usage.ru_maxrss), tail, cpu)


# Runs the command as its only child and prints the child's peak RSS in KiB. A child's ru_maxrss
# starts from its parent's at fork, so the parent must be small: this wrapper, not the bench.
_RSS_WRAPPER = (
    "import resource, subprocess, sys;"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_rss_kb(command: Sequence[str], *, cwd: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-S", "-c", _RSS_WRAPPER, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


def fastest(runs: list[Timing]) -> Timing:
    """The run with the least wall time, carrying the least CPU time seen in any run."""
    best = min(runs, key=lambda t: t.seconds)
    return Timing(
        best.seconds, best.returncode, best.peak_rss_kb, best.stdout_tail, min(t.cpu for t in runs)
    )


def batches(files: list[str], fixed: Sequence[str]) -> list[list[str]]:
    """Split `files` so each command line stays well inside the system's argument limit."""
    limit = max(os.sysconf("SC_ARG_MAX") // 2 - 4096, 32_768)
    env_size = sum(len(k) + len(v) + 2 for k, v in os.environ.items())
    room = limit - env_size - sum(len(a) + 1 for a in fixed)
    groups: list[list[str]] = [[]]
    used = 0
    for name in files:
        cost = len(name) + 1 + 8  # the string, its NUL, its pointer
        if groups[-1] and used + cost > room:
            groups.append([])
            used = 0
        groups[-1].append(name)
        used += cost
    return groups


def check_jsonschema_groups(files: list[str]) -> list[list[str]]:
    """check-jsonschema's command lines for `files` (as few as the argument limit allows)."""
    executable = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if executable is None:
        raise SystemExit("check-jsonschema is not installed: pip install -e '.[bench]'")
    fixed = [executable, "--schemafile", str(SCHEMA)]
    return [[*fixed, *group] for group in batches(files, fixed)]


def run_all(commands: list[list[str]], *, cwd: Path) -> Timing:
    """Every command in turn, timed as one run."""
    runs = [run_measured(c, cwd=cwd) for c in commands]
    return Timing(
        sum(t.seconds for t in runs),
        max(t.returncode for t in runs),
        max(t.peak_rss_kb for t in runs),
        "",
        sum(t.cpu for t in runs),
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{cpu}, {cores} cores available, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def summary_seconds(tail: str) -> float | None:
    """The run time the command reports itself (after interpreter start and imports)."""
    for line in reversed(tail.splitlines()):
        if " responses in " in line and line.rstrip().endswith(" s"):
            return float(line.rsplit(";", 1)[1].strip().split()[0])
    return None


def main() -> str:
    ccc = [
        sys.executable,
        "-m",
        "ccc",
        "validate",
        "--operation",
        "GetCallDetailRecord",
        "--no-progress",
    ]
    with tempfile.TemporaryDirectory(prefix="cccgen-cli-bench-") as tmp:
        root = Path(tmp)
        files_dir = root / "files"
        files_dir.mkdir()
        # Written as they are made: this process stays small (see `peak_rss_kb`).
        names = []
        jsonl = {count: root / f"lines-{count}.jsonl" for count in sorted({LINES, *MEMORY_LINES})}
        streams = {count: path.open("w", encoding="utf-8") for count, path in jsonl.items()}
        size = 0
        for i, text in enumerate(payloads(max(FILES, *jsonl))):
            size = size or len(text)
            if i < FILES:
                name = f"files/r{i:05d}.json"
                (root / name).write_text(text, encoding="utf-8")
                names.append(name)
            for count, stream in streams.items():
                if i < count:
                    stream.write(text + "\n")
        for stream in streams.values():
            stream.close()
        invalid_expected = sum(1 for i in range(FILES) if i % INVALID_EVERY == INVALID_EVERY - 1)
        jsonl_mb = jsonl[LINES].stat().st_size / 1e6

        print(f"cli bench: {FILES:,} files and a {LINES:,}-line JSONL in {root}", flush=True)
        their_commands = check_jsonschema_groups(names)
        groups = len(their_commands)
        # Rounds interleave the contenders, so that load from other work on this machine falls
        # on all of them alike; each figure is the best of its REPEAT runs.
        series: dict[str, list[Timing]] = {
            "files": [],
            "files1": [],
            "theirs": [],
            "lines": [],
            "one": [],
        }
        for round_ in range(1, REPEAT + 1):
            series["files"].append(run_measured([*ccc, "files"], cwd=root))
            series["files1"].append(run_measured([*ccc, "-j", "1", "files"], cwd=root))
            series["theirs"].append(run_all(their_commands, cwd=root))
            series["lines"].append(run_measured([*ccc, str(jsonl[LINES])], cwd=root))
            series["one"].append(run_measured([*ccc, "-j", "1", str(jsonl[LINES])], cwd=root))
            print(
                f"  round {round_}: ccc files {series['files'][-1].seconds:.2f} s "
                f"(-j 1: {series['files1'][-1].seconds:.2f} s), "
                f"check-jsonschema files {series['theirs'][-1].seconds:.2f} s, "
                f"ccc JSONL {series['lines'][-1].seconds:.2f} s, "
                f"ccc JSONL -j 1 {series['one'][-1].seconds:.2f} s",
                flush=True,
            )
        ours_files, theirs = fastest(series["files"]), fastest(series["theirs"])
        files_one = fastest(series["files1"])
        ours_lines, one_process = fastest(series["lines"]), fastest(series["one"])
        memory = {
            (n, jobs): peak_rss_kb([*ccc, "-j", jobs, str(jsonl[n])], cwd=root)
            for n in MEMORY_LINES
            for jobs in ("1", "0")
        }

    speedup = theirs.seconds / ours_files.seconds
    rate_lines = LINES / ours_lines.seconds
    inner = summary_seconds(ours_lines.stdout_tail)
    inner_one = summary_seconds(one_process.stdout_tail)
    rate_theirs = FILES / theirs.seconds
    ok_speed = speedup >= TARGET_SPEEDUP
    ok_rate = rate_lines >= TARGET_RATE
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

    def yes(ok: bool) -> str:
        return "yes" if ok else "**NO**"

    out: list[str] = ["# `validate` command line: benchmark", ""]
    out.append(
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `make bench` "
        "(bench/cli_bench.py); every figure below comes from that one run, side by side."
    )
    out += [
        "",
        f"Machine: {machine()}. It is shared with other work: figures vary between runs.",
        "",
    ]
    out.append(
        "Whole processes, interpreter start and imports included; best of "
        f"{REPEAT} interleaved rounds (CPU time: user + system, workers included, least seen). Payloads: the reference page's example with varied ids, numbers and event "
        f"lists (about {size} bytes each), 1 in {INVALID_EVERY} invalid or drifted."
    )
    out += [
        "",
        "| what | wall time | responses/s | CPU time | target | met |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]

    def row(what: str, t: Timing, count: int, target: str = "", met: str = "") -> None:
        out.append(
            f"| {what} | {t.seconds:.2f} s | {count / t.seconds:,.0f} | {t.cpu:.2f} s "
            f"| {target} | {met} |"
        )

    row(
        f"`python -m ccc validate DIR`, {FILES:,} files, {workers} worker processes",
        ours_files,
        FILES,
    )
    row("`python -m ccc validate -j 1 DIR` (one process)", files_one, FILES)
    batch_word = "batches" if groups > 1 else "batch"
    row(
        f"`check-jsonschema --schemafile ...` on the same {FILES:,} files ({groups} {batch_word})",
        theirs,
        FILES,
    )
    out.append(
        f"| speed-up on files (default) | {speedup:.1f}x | | {theirs.cpu / ours_files.cpu:.1f}x "
        f"| >= {TARGET_SPEEDUP:.0f}x | {yes(ok_speed)} |"
    )
    out.append(
        f"| speed-up on files (`-j 1`) | {theirs.seconds / files_one.seconds:.1f}x | "
        f"| {theirs.cpu / files_one.cpu:.1f}x | | |"
    )
    row(
        f"`python -m ccc validate FILE.jsonl`, {LINES:,} lines ({jsonl_mb:.0f} MB), "
        f"{workers} worker processes",
        ours_lines,
        LINES,
        f">= {TARGET_RATE:,.0f}/s",
        yes(ok_rate),
    )
    if inner:
        out.append(
            f"| same, the command's own timer (no interpreter start or imports) | {inner:.2f} s "
            f"| {LINES / inner:,.0f} | | | |"
        )
    row("`python -m ccc validate -j 1 FILE.jsonl` (one process)", one_process, LINES)
    if inner_one:
        out.append(
            f"| same, the command's own timer | {inner_one:.2f} s | {LINES / inner_one:,.0f} "
            "| | | |"
        )
    out.append(
        f"| JSONL rate / check-jsonschema's rate on files | {rate_lines / rate_theirs:.0f}x "
        "| | | | |"
    )
    out += [
        "",
        (
            "Peak resident memory (ru_maxrss of the command, measured from a small wrapper process "
            "so that no parent's memory is counted; with workers, the largest of the processes):"
        ),
        "",
        "| JSONL lines | one process (`-j 1`) | default workers |",
        "| ---: | ---: | ---: |",
    ]
    for n in MEMORY_LINES:
        one, many = memory[(n, "1")], memory[(n, "0")]
        out.append(f"| {n:,} | {one / 1024:.1f} MiB | {many / 1024:.1f} MiB |")
    small, large = memory[(MEMORY_LINES[0], "1")], memory[(MEMORY_LINES[-1], "1")]
    growth = large / small
    out += [
        "",
        f"{MEMORY_LINES[-1] // MEMORY_LINES[0]}x the lines, {growth:.2f}x the memory in one process: "
        + ("flat (the file is streamed line by line)." if growth < 1.2 else "**not flat**."),
        "",
        (
            f"Exit statuses: ours {ours_files.returncode} on files and {ours_lines.returncode} on JSONL, "
            f"check-jsonschema {theirs.returncode}: 1 = some response invalid, as expected "
            f"({invalid_expected} of the {FILES:,} files are invalid or drifted)."
        ),
        "",
    ]
    report = "\n".join(out)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    print(report)
    print(f"written to {RESULTS.relative_to(REPO)}")
    return report


if __name__ == "__main__":
    main()
