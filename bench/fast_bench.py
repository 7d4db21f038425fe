"""Benchmark: validating responses from their bytes, with and without the `fast` extra.

Run with `make bench` (all benchmarks) or `python -m bench fast`. Never part of the tests.
Every contender is measured in the same run, interleaved, and the best round kept (the machine
is shared: the minimum is the figure least disturbed by other load); the load average is
written beside the figures.

1. Per response, from the bytes of one 1.8 kB capture (valid, and invalid with one wrong type):
   the standard library's `json.loads` + `ccc.validate_response` (before the fast path),
   `ccc.validate_json` without msgspec (`JsonValidation.without_msgspec()`: the path of a
   package installed without the extra), `ccc.validate_json` and `ccc.is_valid_json` with it,
   orjson + jsonschema-rs (`is_valid`, on the strict schema), and msgspec alone for reference
   (decoding into the fast path's types; into plain Python objects).
2. `python -m ccc validate FILE.jsonl` on `LINES` responses of about 1.8 kB, 1 in 97 invalid or
   drifted (bench/cli_bench.py's payloads), with 1 and 2 worker processes, with msgspec and with
   its import blocked (as where it is not installed): responses per second by wall time
   (interpreter start included: the target's figure) and by the command's own timer; the
   2-worker run on SMALL lines too, whose difference from the LINES run gives the rate past
   the fixed costs (start-up, imports, workers), reported apart as such; peak RSS on both
   file sizes. The package's bytecode is compiled first, as a user's install has it.

`BENCH_QUICK=1` shortens everything (a smoke run). Figures go to bench/results/fast.md.
"""

from __future__ import annotations

import compileall
import json
import os
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.cli_bench import (
    INVALID_EVERY,
    Timing,
    machine,
    payloads,
    peak_rss_kb,
    run_measured,
    summary_seconds,
)

REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "generated" / "ccc" / "schemas" / "GetCallDetailRecord.response.schema.json"
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", REPO / "bench" / "results")) / "fast.md"
OPERATION = "GetCallDetailRecord"
QUICK = os.environ.get("BENCH_QUICK") == "1"
ROUNDS = 2 if QUICK else 9
MIN_TIME = 0.01 if QUICK else 0.05
LINES = 20_000 if QUICK else 200_000
SMALL = 2_000 if QUICK else 20_000  # lines of the smaller file (memory, and fixed costs)
MEMORY_LINES = (SMALL, LINES)
SMALL_RUN = f"with msgspec, 2 workers, {SMALL:,} lines"
REPEAT = 1 if QUICK else 3
TARGET_RATE = 300_000.0
TARGET_RATIO = 2.0

# `python -c` prefix that makes `import msgspec` fail, then runs the package's command line.
WITHOUT_MSGSPEC = (
    "import sys; sys.modules['msgspec'] = None\n"
    "import runpy; runpy.run_module('ccc', run_name='__main__', alter_sys=True)\n"
)


def contenders() -> dict[str, Callable[[bytes], object]]:
    import ccc
    import jsonschema_rs
    import msgspec
    import orjson
    from ccc import validators
    from ccc._runtime.core import fast_json

    stdlib = validators._JSON.without_msgspec()  # the package as installed without the extra
    assert stdlib.accepter(OPERATION) is None
    assert validators.fast_json(OPERATION) is not None, "msgspec is installed for the bench"
    types = fast_json._Types(msgspec, validators._load_fast_types()[OPERATION][1], True)
    typed = msgspec.json.Decoder(types.of(validators._load_fast_types()[OPERATION][0])).decode
    plain = msgspec.json.Decoder().decode
    rs = jsonschema_rs.validator_for(json.loads(SCHEMA.read_text("utf-8")))
    loads, validate = json.loads, ccc.validate_response

    def typed_or_none(data: bytes) -> object:
        try:
            return typed(data)
        except msgspec.ValidationError:
            return None

    return {
        "json.loads + ccc.validate_response (before)": lambda d: validate(OPERATION, loads(d)),
        "ccc.validate_json without msgspec": lambda d: stdlib.validate(OPERATION, d),
        "ccc.validate_json (fast extra)": lambda d: ccc.validate_json(OPERATION, d),
        "ccc.is_valid_json (fast extra)": lambda d: ccc.is_valid_json(OPERATION, d),
        f"orjson {orjson.__version__} + jsonschema-rs is_valid": lambda d: rs.is_valid(
            orjson.loads(d)
        ),
        f"msgspec {msgspec.__version__} into the fast path's types (reference)": typed_or_none,
        f"msgspec {msgspec.__version__} into Python objects (reference)": plain,
    }


def per_response() -> tuple[list[str], dict[str, dict[str, float]]]:
    """µs per call of each contender on each capture, best of ROUNDS interleaved rounds."""
    import ccc

    valid = next(p for i, p in enumerate(payloads(INVALID_EVERY)) if i == 0).encode()
    wrong = json.loads(valid)
    wrong["Data"]["CallDuration"] = "long"
    captures = {
        f"valid ({len(valid):,} bytes)": valid,
        "invalid (1 wrong type)": json.dumps(wrong, ensure_ascii=False).encode(),
    }
    for name, data in captures.items():
        assert (ccc.validate_json(OPERATION, data) == []) == name.startswith("valid"), name
    runners = contenders()
    best: dict[str, dict[str, float]] = {c: {} for c in captures}
    for _ in range(ROUNDS):
        for capture, data in captures.items():
            for name, run in runners.items():
                timer = timeit.Timer(lambda run=run, data=data: run(data))  # type: ignore[misc]
                number, _ = timer.autorange()
                number = max(1, int(number * MIN_TIME / 0.2))
                seconds = min(timer.repeat(repeat=1, number=number)) / number
                previous = best[capture].get(name, float("inf"))
                best[capture][name] = min(previous, seconds * 1e6)
    return list(runners), best


def _write(path: Path, count: int, seed: int = 7) -> Path:
    path.parent.mkdir(exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for line in payloads(count, seed=seed):
            out.write(line + "\n")
    return path


def throughput(tmp: Path) -> dict[str, Any]:
    """Wall and own-timer rates of `validate FILE.jsonl`, each contender REPEAT times; the
    2-worker run on the smaller file too, for the rate past the fixed costs."""
    # Named after its operation: attributed by its name.
    big = _write(tmp / f"{OPERATION}.jsonl", LINES)
    small = _write(tmp / f"small-{SMALL}" / f"{OPERATION}.jsonl", SMALL, seed=SMALL)
    fast = [sys.executable, "-m", "ccc", "validate", "--no-progress"]
    slow = [sys.executable, "-c", WITHOUT_MSGSPEC, "validate", "--no-progress"]
    commands = {
        "with msgspec, 2 workers": [*fast, "-j", "2", str(big)],
        "with msgspec, 1 process": [*fast, "-j", "1", str(big)],
        "without msgspec, 2 workers": [*slow, "-j", "2", str(big)],
        "without msgspec, 1 process": [*slow, "-j", "1", str(big)],
        SMALL_RUN: [*fast, "-j", "2", str(small)],
    }
    runs: dict[str, list[Timing]] = {name: [] for name in commands}
    for _ in range(REPEAT):
        for name, command in commands.items():
            timing = run_measured(command, cwd=tmp)
            assert timing.returncode == 1, (name, timing.stdout_tail[-500:])
            runs[name].append(timing)
    memory = {}
    for count in MEMORY_LINES:
        path = big if count == LINES else small
        memory[count] = peak_rss_kb([*fast, "-j", "1", str(path)], cwd=tmp)
    return {
        "size": big.stat().st_size,
        "runs": runs,
        "own": {
            name: min(s for t in timings if (s := summary_seconds(t.stdout_tail)) is not None)
            for name, timings in runs.items()
        },
        "memory": memory,
    }


def main() -> str:
    # The command line runs with the package's bytecode as a user's would: compiled once. Where
    # no .pyc is written (PYTHONDONTWRITEBYTECODE), every run would compile the whole package.
    compileall.compile_dir(REPO / "generated" / "ccc", quiet=1)
    load_before = os.getloadavg()
    started = time.perf_counter()
    names, best = per_response()
    print(json.dumps(best, indent=1), flush=True)
    with tempfile.TemporaryDirectory(prefix="cccgen-fast-bench-") as tmp:
        lines = throughput(Path(tmp))
    load_after = os.getloadavg()
    report = _report(names, best, lines, load_before, load_after)
    report += f"\nThe whole benchmark took {time.perf_counter() - started:.0f} s.\n"
    if not QUICK:
        RESULTS.write_text(report, encoding="utf-8")
    print(report)
    return report


def _report(
    names: list[str],
    best: dict[str, dict[str, float]],
    lines: dict[str, Any],
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> str:
    captures = list(best)
    valid, invalid = captures
    fast = next(n for n in names if n.startswith("ccc.validate_json (fast"))
    rival = next(n for n in names if n.startswith("orjson"))
    before = names[0]
    nofast = next(n for n in names if "without msgspec" in n)
    out = [
        "# Validating responses from their bytes (`bench/fast_bench.py`)\n",
        f"Machine: {machine()}. Load average (1, 5, 15 min) at the start "
        f"{', '.join(f'{x:.2f}' for x in load_before)}, at the end "
        f"{', '.join(f'{x:.2f}' for x in load_after)}: the machine is shared, so compare "
        "figures within this run only.\n",
        "## Per response\n",
        f"µs per call, best of {ROUNDS} interleaved rounds; from the bytes of a capture "
        "(parsing included).\n",
        f"| | {valid} | {invalid} |",
        "| --- | ---: | ---: |",
    ]
    for name in names:
        out.append(f"| {name} | {best[valid][name]:.2f} | {best[invalid][name]:.2f} |")
    ratio = best[valid][rival] / best[valid][fast]
    slower = best[valid][nofast] / best[valid][before]
    out += [
        "",
        f"- fast path against orjson + jsonschema-rs on the valid capture: **{ratio:.2f}×** "
        f"(target ≥ {TARGET_RATIO:.0f}×: {'met' if ratio >= TARGET_RATIO else 'missed'}).",
        f"- without the extra against before: {slower:.2f}× the time "
        f"({'no slower' if slower <= 1.05 else 'slower'}; within 5% counts as the same).",
        "",
        "## JSON Lines throughput\n",
        f"`python -m ccc validate FILE.jsonl`: {LINES:,} responses, {lines['size'] / LINES:,.0f}"
        f" bytes each on average, 1 in {INVALID_EVERY} invalid or drifted; best of {REPEAT} "
        "interleaved runs. Wall time includes interpreter start and imports; the command's own "
        "timer starts after them.\n",
        "| | wall time | responses/s (wall) | responses/s (own timer) | CPU time | responses per CPU second |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    rates = {}
    for name, timings in lines["runs"].items():
        if name == SMALL_RUN:
            continue
        wall = min(t.seconds for t in timings)
        cpu = min(t.cpu for t in timings)
        own = lines["own"][name]
        rates[name] = (LINES / wall, LINES / own)
        out.append(
            f"| {name} | {wall:.2f} s | {LINES / wall:,.0f} | {LINES / own:,.0f} | {cpu:.2f} s "
            f"| {LINES / cpu:,.0f} |"
        )
    top = rates["with msgspec, 2 workers"]
    small, large = MEMORY_LINES
    memory = lines["memory"]
    both = lines["runs"]["with msgspec, 2 workers"]
    few = lines["runs"][SMALL_RUN]
    extra_wall = min(t.seconds for t in both) - min(t.seconds for t in few)
    extra_cpu = min(t.cpu for t in both) - min(t.cpu for t in few)
    verdict = (
        "met"
        if top[0] >= TARGET_RATE
        else ("met by the own timer only" if top[1] >= TARGET_RATE else "missed")
    )
    out += [
        "",
        f"- 2 workers with msgspec: {top[0]:,.0f}/s by wall time, start-up included (target ≥ "
        f"{TARGET_RATE:,.0f}/s: {verdict}); {top[1]:,.0f}/s by the command's timer. "
        "Responses per CPU second (user + system of the command and its workers) depend least "
        "on what else runs on the machine: two cores this command had to itself would give "
        f"about {2 * LINES / min(t.cpu for t in both):,.0f}/s (a projection, not a measurement).",
        f"- Past the fixed costs (interpreter start, imports, workers' start; the same for "
        f"{small:,} lines, {min(t.seconds for t in few):.2f} s wall): the {large - small:,} lines "
        f"more of the larger file took {extra_wall:.2f} s more wall time, "
        f"**{(large - small) / extra_wall:,.0f} responses/s** with 2 workers "
        f"({extra_cpu / (large - small) * 1e6:.1f} µs of CPU each); a long run's rate tends "
        "to this (steady state, not the target's wall-clock figure above).",
        f"- peak RSS with msgspec, one process: {memory[small] / 1024:.1f} MiB for {small:,} "
        f"lines, {memory[large] / 1024:.1f} MiB for {large:,} lines "
        f"({'flat' if memory[large] <= memory[small] * 1.1 else 'not flat'}).",
    ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
