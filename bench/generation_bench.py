"""Generation time against the number of operations: does `cccgen generate` grow linearly?

A synthetic service with N operations (N = 1, 10, 100, 200) is written to a temporary directory;
each operation has a handful of request and response fields, a string enum, an int enum, an
array of nested objects and a nullable nested object, plus one example. `pipeline.build_all`
(load and check the spec, run every emitter, format with ruff, all in memory: everything
`cccgen generate` does but the final write) is timed in-process; the best of several runs is
kept for small N (the machine is shared; the minimum is the figure least disturbed by load).
For the largest N the time is also split by stage, to show where it goes.

`BENCH_QUICK=1` runs N = 1, 10, 40 once each (a smoke run); `BENCH_RESULTS_DIR` changes where
`generation.md` is written (default: bench/results).
"""

from __future__ import annotations

import functools
import itertools
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from cccgen import emitters, pipeline
from cccgen.spec.codegen_checks import check_service
from cccgen.spec.loader import load_service

QUICK = os.environ.get("BENCH_QUICK") == "1"
SIZES = (1, 10, 40) if QUICK else (1, 10, 100, 200)
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", Path(__file__).resolve().parent / "results"))


def repeats(n: int) -> int:
    if QUICK:
        return 1
    return 3 if n <= 10 else 2


def service_doc(names: list[str]) -> dict[str, Any]:
    return {
        "cccgen_spec": 1,
        "kind": "service",
        "name": "synthetic",
        "product": "Synthetic",
        "title": {"zh": "合成基准服务", "en": "Synthetic benchmark service"},
        "api_version": "2024-01-01",
        "style": "RPC",
        "endpoint": {"host_pattern": "synthetic.{region}.example.invalid"},
        "auth": {"signature": "ACS3-HMAC-SHA256"},
        "errors": {
            "Throttling": {
                "http_status": 400,
                "message": "Request was denied due to request throttling.",
                "retryable": True,
                "throttling": True,
                "description": {"zh": "请求被流控。", "en": "The request was throttled."},
            }
        },
        "operations": [f"{name}.yaml" for name in names],
    }


def text(en: str) -> dict[str, str]:
    return {"en": en, "zh": f"{en}（中文）"}


def operation_doc(name: str) -> dict[str, Any]:
    string = {"type": "string"}
    return {
        "cccgen_spec": 1,
        "kind": "operation",
        "name": name,
        "summary": text(f"Synthetic operation {name}"),
        "read_only": True,
        "http": {"method": "POST", "path": "/"},
        "request": {
            "model": f"{name}Request",
            "fields": {
                "InstanceId": {**string, "required": True, "description": text("Instance ID.")},
                "ItemId": {**string, "required": True, "description": text("Item ID.")},
                "Filter": {**string, "description": text("Optional filter.")},
            },
        },
        "response": {
            "model": f"{name}Response",
            "description": text("The response envelope."),
            "fields": {
                "RequestId": {**string, "required": True, "description": text("Request ID.")},
                "Code": {**string, "required": True, "description": text("Response code.")},
                "State": {**string, "enum": f"{name}State", "description": text("State.")},
                "Level": {"type": "int32", "enum": f"{name}Level", "description": text("Level.")},
                "Total": {"type": "int64", "description": text("Total count.")},
                "Ready": {"type": "boolean", "description": text("Whether it is ready.")},
                "Owner": {
                    "type": "object",
                    "model": f"{name}Owner",
                    "nullable": True,
                    "description": text("The owner, or null."),
                    "fields": {
                        "Name": {**string, "required": True, "description": text("Name.")},
                        "Email": {**string, "description": text("E-mail address.")},
                    },
                },
                "Items": {
                    "type": "array",
                    "description": text("The items."),
                    "items": {
                        "type": "object",
                        "model": f"{name}Item",
                        "description": text("One item."),
                        "fields": {
                            "ItemId": {**string, "required": True, "description": text("ID.")},
                            "Weight": {"type": "number", "description": text("Weight.")},
                            "Tags": {
                                "type": "array",
                                "items": {"type": "string"},
                                "description": text("Tags."),
                            },
                        },
                    },
                },
            },
        },
        "enums": {
            f"{name}State": {
                "type": "string",
                "description": text("State of the thing"),
                "values": [
                    {"value": "active", "zh": "启用", "en": "Active"},
                    {"value": "retired", "zh": "停用", "en": "Retired"},
                    {"value": "pending", "zh": "待定", "en": "Pending"},
                ],
            },
            f"{name}Level": {
                "type": "int32",
                "description": text("Level of the thing"),
                "values": [
                    {"value": 1, "name": "LOW", "zh": "低", "en": "Low"},
                    {"value": 2, "name": "HIGH", "zh": "高", "en": "High"},
                ],
            },
        },
        "examples": {
            "typical": {
                "summary": "A typical answer.",
                "response": {
                    "RequestId": "r-1",
                    "Code": "OK",
                    "State": "active",
                    "Level": 2,
                    "Total": 1,
                    "Ready": True,
                    "Owner": None,
                    "Items": [{"ItemId": "i-1", "Weight": 1.5, "Tags": ["a"]}],
                },
            }
        },
    }


def write_service(root: Path, n: int) -> Path:
    """A synthetic service with `n` operations under `root/synthetic/`; returns service.yaml."""
    folder = root / "synthetic"
    folder.mkdir(parents=True)
    names = [f"Op{i:04d}" for i in range(1, n + 1)]
    for name in names:
        doc = yaml.safe_dump(operation_doc(name), allow_unicode=True, sort_keys=False)
        (folder / f"{name}.yaml").write_text(doc, encoding="utf-8")
    (folder / "service.yaml").write_text(
        yaml.safe_dump(service_doc(names), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder / "service.yaml"


def cpu_seconds() -> float:
    """CPU time of this process and its waited-for children (ruff runs as a subprocess)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best_time(func: Callable[[], object], runs: int) -> tuple[float, float]:
    """(best wall-clock seconds, best CPU seconds) over `runs` calls.

    CPU time is the steadier figure on a shared machine: waiting for a core other processes
    hold adds wall-clock time but no CPU time.
    """
    best_wall = best_cpu = float("inf")
    for _ in range(runs):
        wall, cpu = time.perf_counter(), cpu_seconds()
        func()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, cpu_seconds() - cpu)
    return best_wall, best_cpu


def stages(service_file: Path) -> dict[str, float]:
    """CPU seconds per stage of one `pipeline.build` (the same steps, timed one by one)."""
    return timed_build(service_file)[0]


def timed_build(service_file: Path) -> tuple[dict[str, float], pipeline.Files]:
    """`pipeline.build_all([service_file])` step by step: (CPU seconds per stage, the files)."""
    timings: dict[str, float] = {}
    started = cpu_seconds()
    service = load_service(service_file)
    check_service(service)  # the check stage, as build_all runs it
    timings["load and check the spec"] = cpu_seconds() - started
    files: pipeline.Files = {}
    for emitter in emitters.EMITTERS:
        started = cpu_seconds()
        files.update(emitter(service))
        timings[emitter.__name__] = cpu_seconds() - started
    started = cpu_seconds()
    files.update(emitters.emit_package(service, pipeline.spec_digest(service_file, service)))
    for tree_emitter in emitters.TREE_EMITTERS:
        files.update(tree_emitter([service]))
    timings["emit_package and the tree files"] = cpu_seconds() - started
    started = cpu_seconds()
    files = pipeline.format_python(files)
    timings["format_python (ruff)"] = cpu_seconds() - started
    return timings, files


def linear_fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares (intercept, slope) of seconds against operations."""
    count = len(points)
    mean_x = sum(x for x, _ in points) / count
    mean_y = sum(y for _, y in points) / count
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx if sxx else 0.0
    return mean_y - slope * mean_x, slope


def machine() -> str:
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
    return (
        f"{platform.platform()}; {cpu} ({os.cpu_count()} logical CPUs); "
        f"{platform.python_implementation()} {platform.python_version()}; "
        f"load average at start {load}"
    )


def main() -> str:
    where = machine()
    print(f"machine: {where}", flush=True)
    rows: list[tuple[int, int, float, float, int]] = []
    breakdown: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="cccgen-generation-bench-") as tmp:
        for n in SIZES:
            service_file = write_service(Path(tmp) / f"n{n}", n)
            files = pipeline.build_all([service_file])  # warm-up, and the file count
            runs = repeats(n)
            wall, cpu = best_time(functools.partial(pipeline.build_all, [service_file]), runs)
            rows.append((n, len(files), wall, cpu, runs))
            print(
                f"{n:4d} operations: {wall:7.2f} s wall, {cpu:7.2f} s CPU "
                f"({cpu / n * 1000:7.1f} ms CPU/operation, {len(files)} files, best of {runs})",
                flush=True,
            )
            breakdown[n] = stages(service_file)
    points = [(n, cpu) for n, _, _, cpu, _ in rows]
    intercept, slope = linear_fit(points)
    worst = max(abs(c - (intercept + slope * n)) / c for n, c in points if n >= 10)
    marginals = [
        (a[0], b[0], (b[1] - a[1]) / (b[0] - a[0])) for a, b in itertools.pairwise(points[1:])
    ]
    growth = marginals[-1][2] / marginals[0][2] if len(marginals) > 1 else 1.0
    lines = [
        "# Generation time against the number of operations",
        "",
        (
            "`python -m bench generation` (bench/generation_bench.py): `pipeline.build_all` "
            "in-process (load and check, every emitter, ruff over the tree, all in memory) on a "
            "synthetic service whose every operation has 3 request fields, 8 response fields, a "
            "string and an int enum, an array of nested objects, a nullable nested object and one "
            "example. CPU time counts this process and its children (ruff); it is the steadier "
            "figure on a shared machine."
        ),
        "",
        f"Machine: {where}.",
        "",
        "| operations | files | wall s | CPU s | CPU ms per operation | runs (best kept) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {n} | {f} | {w:.2f} | {c:.2f} | {c / n * 1000:.1f} | {r} |" for n, f, w, c, r in rows
    ]
    lines += [
        "",
        (
            f"Least-squares line (CPU): {intercept:.2f} s + {slope * 1000:.1f} ms × operations; "
            f"the largest relative distance of a point (N ≥ 10) from it is {worst:.0%}."
        ),
        "Marginal CPU cost per added operation: "
        + ", ".join(f"{a}→{b}: {m * 1000:.1f} ms" for a, b, m in marginals)
        + f"; last over first: {growth:.2f} (about 1 for linear growth; well above 1 would be "
        "super-linear).",
        "",
        (
            "CPU milliseconds per operation, by stage (one run of the same steps for each N): a "
            "stage that grew faster than linearly would show a rising row."
        ),
        "",
    ]
    cells = {
        stage: [f"{breakdown[n][stage] / n * 1000:.1f}" for n in SIZES]
        for stage in breakdown[SIZES[-1]]
    }
    cells["all stages"] = [f"{sum(breakdown[n].values()) / n * 1000:.1f}" for n in SIZES]
    lines += by_size_table("stage", SIZES, cells)
    return write_report("generation.md", "\n".join(lines) + "\n")


def by_size_table(label: str, sizes: Sequence[int], cells: dict[str, list[str]]) -> list[str]:
    """A Markdown table with one row per key of `cells` and one column per number of operations."""
    lines = [
        f"| {label} | " + " | ".join(f"N = {n}" for n in sizes) + " |",
        "| --- |" + " ---: |" * len(sizes),
    ]
    return lines + [f"| {key} | {' | '.join(row)} |" for key, row in cells.items()]


def write_report(name: str, report: str) -> str:
    """Print `report`, write it to the results directory as `name`, and return it."""
    print(report, flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(report, encoding="utf-8")
    print(f"wrote {RESULTS / name}", file=sys.stderr)
    return report


if __name__ == "__main__":
    main()
