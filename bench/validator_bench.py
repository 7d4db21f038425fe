"""Per-payload speed of the generated response validator against fastjsonschema, jsonschema and
(when installed) jsonschema-rs, all on the same generated strict schema.

Payloads: the reference page's example; the same with 100 agent events (3 steps each); and an
invalid page example (four errors) for the collecting paths. Every contender is first checked
to give the expected verdict on every payload, so no figure is for a validator that does not
validate.

Timing: `timeit`, calibrated so one measurement lasts about `MIN_TIME` seconds, contenders
measured in interleaved rounds and the best round kept (the machine is shared; the minimum is
the figure least disturbed by other load). `BENCH_QUICK=1` shortens everything (a smoke run);
`BENCH_RESULTS_DIR` changes where `validator.md` is written (default: bench/results).
"""

from __future__ import annotations

import copy
import json
import os
import platform
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec" / "ccc" / "GetCallDetailRecord.yaml"
SCHEMA = ROOT / "generated" / "ccc" / "schemas" / "GetCallDetailRecord.response.schema.json"
OPERATION = "GetCallDetailRecord"
QUICK = os.environ.get("BENCH_QUICK") == "1"
MIN_TIME = 0.01 if QUICK else 0.05
ROUNDS = 2 if QUICK else 15
TARGET = 3.0  # the target: at least 3x fastjsonschema per valid payload


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    return {
        "platform": platform.platform(),
        "cpu": f"{cpu} ({os.cpu_count()} logical CPUs)",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "load average at start": load,
    }


def payloads() -> dict[str, tuple[Any, bool]]:
    """name → (payload, valid in the strict schema)."""
    examples = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["examples"]
    page = examples["page_success"]["response"]
    big = copy.deepcopy(page)
    template = page["Data"]["AgentEvents"][0]
    events = []
    for i in range(100):
        event = copy.deepcopy(template)
        event["AgentName"] = f"坐席{i}"
        event["AgentId"] = f"agent{i}@ccc-test"
        start = 1604639129000 + i * 60_000
        event["EventSequence"] = [
            {"Event": "Dialing", "EventTime": start, "Duration": 3},
            {"Event": "Established", "EventTime": start + 3000, "Duration": 40},
            {"Event": "Released", "EventTime": start + 43000},
        ]
        events.append(event)
    big["Data"]["AgentEvents"] = events
    invalid = copy.deepcopy(page)
    invalid["Data"]["CallDuration"] = "50"  # type
    invalid["Data"]["ContactType"] = "outbound"  # enum
    invalid["Data"]["Unexpected"] = True  # additionalProperties
    del invalid["Data"]["ContactId"]  # required
    return {
        "page example": (page, True),
        "100 agent events": (big, True),
        "invalid page example": (invalid, False),
    }


Contender = tuple[str, Callable[[Any], bool]]


def contenders(schema: dict[str, Any]) -> list[Contender]:
    """name → function(payload) -> verdict (True when valid); each one as a caller would use it."""
    import ccc
    import fastjsonschema
    import jsonschema

    found: list[Contender] = [
        ("cccgen validate_response", lambda p: not ccc.validate_response(OPERATION, p)),
        ("cccgen is_valid_response", lambda p: ccc.is_valid_response(OPERATION, p)),
        (
            "cccgen validate_response (lenient)",
            lambda p: not ccc.validate_response(OPERATION, p, strict=False),
        ),
    ]
    compiled = fastjsonschema.compile(schema)

    def fast(p: Any) -> bool:
        try:
            compiled(p)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    found.append(("fastjsonschema (first error only)", fast))
    reference = jsonschema.Draft202012Validator(schema)
    found.append(("jsonschema is_valid", reference.is_valid))
    found.append(("jsonschema iter_errors", lambda p: not list(reference.iter_errors(p))))
    try:
        import jsonschema_rs
    except ImportError:
        print("jsonschema-rs is not installed: left out")
    else:
        rs = jsonschema_rs.validator_for(schema)
        found.append(("jsonschema-rs is_valid", rs.is_valid))
        found.append(("jsonschema-rs iter_errors", lambda p: not list(rs.iter_errors(p))))
    return found


def measure(runs: list[tuple[str, str, Callable[[], object]]]) -> dict[tuple[str, str], float]:
    """Seconds per call, best of ROUNDS interleaved rounds, for each (contender, payload)."""
    numbers = {}
    for contender, payload, call in runs:
        if QUICK:
            numbers[(contender, payload)] = 2
            continue
        number, _ = timeit.Timer(call).autorange()
        numbers[(contender, payload)] = max(1, int(number * MIN_TIME / 0.2))
    best: dict[tuple[str, str], float] = {}
    for _ in range(ROUNDS):
        for contender, payload, call in runs:
            key = (contender, payload)
            seconds = timeit.Timer(call).timeit(numbers[key]) / numbers[key]
            best[key] = min(best.get(key, seconds), seconds)
    return best


def report(
    box: dict[str, str], names: list[str], cases: list[str], best: dict[tuple[str, str], float]
) -> str:
    lines = [
        (
            "Per-payload validation time on the generated strict schema "
            f"(`make bench`, i.e. `python -m bench validator`; best of {ROUNDS} interleaved rounds)."
        ),
        "",
        *(f"- {key}: {value}" for key, value in box.items()),
        f"- measured: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| validator | " + " | ".join(cases) + " |",
        "| --- | " + " | ".join("---:" for _ in cases) + " |",
    ]
    for name in names:
        cells = []
        for case in cases:
            seconds = best[(name, case)]
            cells.append(f"{seconds * 1e6:,.2f} µs ({1 / seconds:,.0f}/s)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    ours = "cccgen validate_response"
    lines += [
        "",
        "Speed-up of `cccgen validate_response` (µs ratio; higher is better for cccgen):",
        "",
    ]
    lines.append("| versus | " + " | ".join(cases) + " |")
    lines.append("| --- | " + " | ".join("---:" for _ in cases) + " |")
    for name in names:
        if name.startswith("cccgen"):
            continue
        ratios = [best[(name, case)] / best[(ours, case)] for case in cases]
        lines.append(f"| {name} | " + " | ".join(f"{r:.1f}×" for r in ratios) + " |")
    valid_cases = [c for c in cases if not c.startswith("invalid")]
    versus = "fastjsonschema (first error only)"
    worst = min(best[(versus, c)] / best[(ours, c)] for c in valid_cases)
    verdict = "met" if worst >= TARGET else "MISSED"
    lines += [
        "",
        (
            f"Target (≥ {TARGET:.0f}× fastjsonschema per valid payload): **{verdict}** "
            f"(lowest ratio on a valid payload: {worst:.1f}×)."
        ),
        "",
        (
            "Notes: on the invalid payload the contenders do different work — fastjsonschema "
            "stops at the first error and raises; `validate_response` and `iter_errors` collect "
            "every error (four here); the `is_valid` rows only decide."
        ),
    ]
    return "\n".join(lines) + "\n"


def main() -> str:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    box = machine()
    for key, value in box.items():
        print(f"{key}: {value}")
    cases = payloads()
    found = contenders(schema)
    for name, verdict in found:  # every contender must get every verdict right first
        for case, (payload, valid) in cases.items():
            got = verdict(payload)
            if got is not valid:
                raise SystemExit(f"{name} says {got} on {case!r}; expected {valid}")
    runs = [
        (name, case, (lambda f=verdict, p=payload: f(p)))
        for name, verdict in found
        for case, (payload, _) in cases.items()
    ]
    best = measure(runs)
    text = report(box, [n for n, _ in found], list(cases), best)
    print(text)
    out = Path(os.environ.get("BENCH_RESULTS_DIR", ROOT / "bench" / "results"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "validator.md").write_text("# Validator benchmark\n\n" + text, encoding="utf-8")
    print(f"written: {out / 'validator.md'}", file=sys.stderr)
    return text


if __name__ == "__main__":
    main()
