"""Per-payload speed of the generated response validator, side by side in one run with the
validator as it was before issue 9 (a frozen copy of the previous generated module,
bench/baseline/validator_before_issue9.py), fastjsonschema, jsonschema and (when installed)
jsonschema-rs, on the same payloads, against the strict and the lenient schema.

Payloads: the reference page's example; the same with 100 agent events (3 steps each); an
invalid page example (a type error, an unknown enum value, an unknown field, a missing
required field); and the 100 events with every step's enum value unknown (drift) plus one type
error, which the lenient schema must collect past. Every contender is first checked to give
the expected verdict on every payload, so no figure is for a validator that does not validate
(this also checks the frozen baseline still runs against today's payloads and runtime).

Timing: `timeit`, calibrated so one measurement lasts about `MIN_TIME` seconds, every
contender on every payload measured once per round, rounds repeated and the best kept (the
machine is shared: many short interleaved rounds let each contender find the same quiet
moments, and the minimum is the figure least disturbed by other load); a contender stops
taking rounds once it has spent `BUDGET` seconds. `BENCH_QUICK=1`
shortens everything (a smoke run); `BENCH_RESULTS_DIR` changes where `validator.md` is written
(default: bench/results).
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
# Short measurements, many rounds: on a shared machine a 2 ms measurement often fits between two
# preemptions, a 20 ms one rarely does. A slow contender (jsonschema on 100 events: tens of ms a
# call) stops getting rounds once it has spent BUDGET seconds.
MIN_TIME = 0.001 if QUICK else 0.002
ROUNDS = 2 if QUICK else 200
BUDGET = 0.05 if QUICK else 2.0
TARGET = 3.0  # the issue's target: at least 3x fastjsonschema per valid payload
SAME = 1.05  # today's within 5% of before's counts as "at least as fast" (run-to-run noise)


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
BEFORE = "0e98fb4"  # the commit bench/baseline/validator_before_issue9.py comes from


def contenders(schema: dict[str, Any], strict: bool) -> list[Contender]:
    """name → function(payload) -> verdict (True when valid); each one as a caller would use it.
    `schema`: the strict or the lenient generated schema, for the other libraries."""
    import ccc
    import fastjsonschema
    import jsonschema
    from ccc.validators import get_call_detail_record as today

    from bench.baseline import validator_before_issue9 as before

    found: list[Contender] = [
        (f"before issue 9 validate ({BEFORE})", lambda p: not before.validate(p, strict=strict)),
        ("today validate", lambda p: not today.validate(p, strict=strict)),
        (f"before issue 9 is_valid ({BEFORE})", lambda p: before.is_valid(p, strict=strict)),
        ("today is_valid", lambda p: today.is_valid(p, strict=strict)),
        (
            "cccgen validate_response",
            lambda p: not ccc.validate_response(OPERATION, p, strict=strict),
        ),
        (
            "cccgen is_valid_response",
            lambda p: ccc.is_valid_response(OPERATION, p, strict=strict),
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


Key = tuple[str, str, str]  # (schema variant, contender, payload)


def measure(runs: list[tuple[Key, Callable[[], object]]]) -> dict[Key, float]:
    """Seconds per call, best of up to ROUNDS interleaved rounds, for each run."""
    numbers = {}
    for key, call in runs:
        if QUICK:
            numbers[key] = 2
            continue
        number, _ = timeit.Timer(call).autorange()
        numbers[key] = max(1, int(number * MIN_TIME / 0.2))
    best: dict[Key, float] = {}
    spent: dict[Key, float] = {}
    for _ in range(ROUNDS):
        for key, call in runs:
            if spent.get(key, 0.0) > BUDGET:
                continue
            elapsed = timeit.Timer(call).timeit(numbers[key])
            spent[key] = spent.get(key, 0.0) + elapsed
            seconds = elapsed / numbers[key]
            best[key] = min(best.get(key, seconds), seconds)
    return best


def _cell(seconds: float) -> str:
    return f"{seconds * 1e6:,.2f} µs"


def table(variant: str, names: list[str], cases: list[str], best: dict[Key, float]) -> list[str]:
    """One variant's figures, then today's against before issue 9 and against fastjsonschema."""
    lines = [
        "| validator | " + " | ".join(cases) + " |",
        "| --- | " + " | ".join("---:" for _ in cases) + " |",
    ]
    for name in names:
        cells = [_cell(best[(variant, name, case)]) for case in cases]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    before = f"before issue 9 validate ({BEFORE})"
    pairs = [
        ("`validate`: before ÷ today", before, "today validate"),
        ("`is_valid`: before ÷ today", before.replace("validate", "is_valid"), "today is_valid"),
        (
            "fastjsonschema ÷ `validate_response`",
            "fastjsonschema (first error only)",
            "cccgen validate_response",
        ),
    ]
    lines += [
        "",
        "Ratios (µs ÷ µs; above 1.0× means today's validator is faster):",
        "",
        "| ratio | " + " | ".join(cases) + " |",
        "| --- | " + " | ".join("---:" for _ in cases) + " |",
    ]
    for label, slower, faster in pairs:
        ratios = [best[(variant, slower, c)] / best[(variant, faster, c)] for c in cases]
        lines.append(f"| {label} | " + " | ".join(f"{r:.2f}×" for r in ratios) + " |")
    return lines


def report(
    box: dict[str, str],
    names: dict[str, list[str]],
    cases: list[str],
    best: dict[Key, float],
) -> str:
    lines = [
        (
            "Per-payload validation time: the generated validator today, the one before issue 9 "
            f"(a frozen copy of the module at {BEFORE}, bench/baseline/), fastjsonschema and "
            "jsonschema, side by side in one run, on the same payloads; best of "
            f"up to {ROUNDS} interleaved rounds of about {MIN_TIME * 1e3:g} ms each "
            f"(a contender stops after {BUDGET:g} s in all)."
        ),
        "",
        *(f"- {key}: {value}" for key, value in box.items()),
        f"- measured: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
    ]
    for variant, title in (("strict", "Strict schema"), ("lenient", "Lenient schema")):
        lines += ["", f"## {title}", "", *table(variant, names[variant], cases, best)]
    ours = "cccgen validate_response"
    versus = "fastjsonschema (first error only)"
    valid_cases = [c for c in cases if c in VALID_CASES]
    worst = min(best[("strict", versus, c)] / best[("strict", ours, c)] for c in valid_cases)
    verdict = "met" if worst >= TARGET else "MISSED"
    before = f"before issue 9 validate ({BEFORE})"
    slower = [
        f"{variant} / {case} ({best[(variant, before, case)] / best[(variant, 'today validate', case)]:.2f}×)"
        for variant in ("strict", "lenient")
        for case in cases
        if best[(variant, "today validate", case)] > best[(variant, before, case)] * SAME
    ]
    lines += [
        "",
        "## Verdicts",
        "",
        (
            f"- Target (≥ {TARGET:.0f}× fastjsonschema per valid payload, strict): **{verdict}** "
            f"(lowest ratio on a valid payload: {worst:.1f}×)."
        ),
        (
            "- Today's `validate` at least as fast as before issue 9 on every payload "
            f"(within {SAME - 1:.0%}, the noise between runs of the same code): "
            + ("**yes**." if not slower else "**no**, slower on: " + ", ".join(slower) + ".")
        ),
        "",
        (
            "Notes: on the invalid payloads the contenders do different work — fastjsonschema "
            "stops at the first error and raises; `validate`, `validate_response` and "
            "`iter_errors` collect every error; the `is_valid` rows only decide. The lenient "
            "schema has no `enum` and no `additionalProperties`: the invalid page example has "
            "two errors there, the drifted events one."
        ),
    ]
    return "\n".join(lines) + "\n"


VALID_CASES = ("page example", "100 agent events")


def drifted(big: dict[str, Any]) -> dict[str, Any]:
    """The 100 events, every step's event name unknown (drift), and one type error."""
    out = copy.deepcopy(big)
    for event in out["Data"]["AgentEvents"]:
        for step in event["EventSequence"]:
            step["Event"] = "NotYetDocumented"  # an event type the spec does not list
    out["Data"]["CallDuration"] = "50"
    return out


def main() -> str:
    lenient_path = SCHEMA.with_name(SCHEMA.name.replace(".schema.json", ".lenient.schema.json"))
    schemas = {
        "strict": json.loads(SCHEMA.read_text(encoding="utf-8")),
        "lenient": json.loads(lenient_path.read_text(encoding="utf-8")),
    }
    box = machine()
    box["command"] = "`python -m bench validator` (what `make bench` runs for this benchmark)"
    for key, value in box.items():
        print(f"{key}: {value}")
    cases = payloads()
    cases["100 drifted events + 1 error"] = (drifted(cases["100 agent events"][0]), False)
    runs: list[tuple[Key, Callable[[], object]]] = []
    names: dict[str, list[str]] = {}
    for variant, schema in schemas.items():
        found = contenders(schema, strict=variant == "strict")
        names[variant] = [n for n, _ in found]
        for name, verdict in found:  # every contender must get every verdict right first
            for case, (payload, valid) in cases.items():
                got = verdict(payload)
                if got is not valid:
                    raise SystemExit(f"{name} ({variant}) says {got} on {case!r}; expected {valid}")
                runs.append(((variant, name, case), (lambda f=verdict, p=payload: f(p))))
    best = measure(runs)
    try:
        box["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        box["load average at end"] = "unknown"
    text = report(box, names, list(cases), best)
    print(text)
    out = Path(os.environ.get("BENCH_RESULTS_DIR", ROOT / "bench" / "results"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "validator.md").write_text("# Validator benchmark\n\n" + text, encoding="utf-8")
    print(f"written: {out / 'validator.md'}", file=sys.stderr)
    return text


if __name__ == "__main__":
    main()
