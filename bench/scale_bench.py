"""A whole API's worth of operations: does the generated package stay flat per operation?

The synthetic service of tests/fixtures/synthetic/make_spec.py (30 models per operation, every
field kind, leaf entities shared among operations as service-level models) at N = 1, 10, 50,
100, 250 operations:

- generation CPU time per operation, by stage (`pipeline.build_all`'s steps, in-process);
- generated size per operation (bytes and lines of the package, by area);
- `import synth` in a fresh interpreter (`-X importtime`, cumulative time of `synth`; best of
  several, after one first import that writes the .pyc files), and its ratio 250 vs 1 against
  the issue's target of 1.5×;
- in a fresh interpreter after `import synth`: making a `synth.Client`, whose methods load their
  operation's models on first call (the ratio 250 vs 1 counts it with the import);
- then the first validation of one operation's example,
  and the first parse of it by the operation's response model (what lazy loading must keep
  small: one operation's code, not the whole API's);
- which modules the first validation loaded (per-operation validator modules).

`BENCH_QUICK=1` runs N = 1, 5, 10 (a smoke run). `BENCH_SCALE_MYPY=1` also times
`mypy --strict` over the largest package once (minutes). `BENCH_RESULTS_DIR` changes where
`scale.md` is written (default: bench/results).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from cccgen.spec.loader import load_service
from cccgen.writer import write_tree

from bench.generation_bench import by_size_table, machine, timed_build, write_report
from tests.fixtures.synthetic.make_spec import SERVICE, write_service

QUICK = os.environ.get("BENCH_QUICK") == "1"
MYPY = os.environ.get("BENCH_SCALE_MYPY") == "1"
SIZES = (1, 5, 10) if QUICK else (1, 10, 50, 100, 250)
IMPORT_RUNS = 2 if QUICK else 5
TARGET_RATIO = 1.5
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", Path(__file__).resolve().parent / "results"))
AREAS = ("models", "validators", "schemas", "client.py", "errors.py", "docs")

FIRST_USE = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
payload = json.loads(sys.argv[3])
started = time.perf_counter()
import synth
imported = time.perf_counter()
client = synth.Client(region="cn-shanghai", access_key_id="id", access_key_secret="secret")
made = time.perf_counter()
issues = synth.validate_response(sys.argv[2], payload)
validated = time.perf_counter()
before = set(sys.modules)
model = getattr(synth, sys.argv[2] + "Response")
model.model_validate(payload)
parsed = time.perf_counter()
# Per-operation modules: not the shared ones (`models._shared`, `validators._models.*`).
operation_modules = sorted(
    n for n in sys.modules
    if n.startswith(("synth.validators.", "synth.models."))
    and not any(part.startswith("_") for part in n.split("."))
)
print(json.dumps({
    "import": imported - started,
    "client": made - imported,
    "validate": validated - made,
    "parse": parsed - validated,
    "issues": len(issues),
    "validators": sum(n.startswith("synth.validators.") for n in operation_modules),
    "models": sum(n.startswith("synth.models.") for n in operation_modules),
}))
"""


@dataclass
class Row:
    n: int
    stages: dict[str, float]
    files: int
    size: dict[str, tuple[int, int]]  # area -> (bytes, lines)
    first_import: float = 0.0
    import_seconds: float = 0.0
    first_use: dict[str, float] = field(default_factory=dict)

    @property
    def cpu(self) -> float:
        return sum(self.stages.values())

    def total(self) -> tuple[int, int]:
        return self.size["all"]


def measure_size(package: Path) -> dict[str, tuple[int, int]]:
    """(bytes, lines) of the generated package, in all and by area (docs: the tree's docs/)."""
    sizes: dict[str, list[int]] = {area: [0, 0] for area in (*AREAS, "all")}
    for path in [*package.rglob("*"), *(package.parent / "docs").rglob("*")]:
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        data = path.read_bytes()
        relative = path.relative_to(package.parent).parts
        area = relative[0] if relative[0] == "docs" else relative[1]
        for key in {"all", area} & sizes.keys():
            sizes[key][0] += len(data)
            sizes[key][1] += data.count(b"\n")
    return {area: (b, n) for area, (b, n) in sizes.items()}


def environment(out: Path) -> dict[str, str]:
    """A user's: .pyc files written and used (PYTHONDONTWRITEBYTECODE would make every import
    compile the sources again), the generated tree on the path."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(out)}


def import_time(out: Path) -> float:
    """Cumulative seconds `-X importtime` gives `import synth` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {SERVICE}"],
        capture_output=True,
        text=True,
        env=environment(out),
        timeout=900,
        check=True,
    )
    for line in reversed(done.stderr.splitlines()):
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|\s*(\S+)$", line)
        if match and match.group(2) == SERVICE:
            return int(match.group(1)) / 1e6
    raise RuntimeError(f"no import time for {SERVICE} in: {done.stderr[-500:]}")


def first_use(out: Path, operation: str, example: object) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_USE, str(out), operation, json.dumps(example)],
        env=environment(out),
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def best_first_use(out: Path, operation: str, example: object) -> dict[str, float]:
    runs = [first_use(out, operation, example) for _ in range(IMPORT_RUNS)]
    return {key: min(run[key] for run in runs) for key in runs[0]}


def measure(n: int, tmp: Path) -> Row:
    service_file = write_service(tmp / f"spec-{n}", n)
    stages, files = timed_build(service_file)
    out = tmp / f"out-{n}"
    write_tree(out, files)
    row = Row(n=n, stages=stages, files=len(files), size=measure_size(out / SERVICE))
    started = time.perf_counter()
    import_time(out)  # compiles and writes the .pyc files: not a figure of a user's import
    row.first_import = time.perf_counter() - started
    row.import_seconds = min(import_time(out) for _ in range(IMPORT_RUNS))
    operation = load_service(service_file).operations[n // 2]
    example = next(ex.response for ex in operation.examples if ex.response is not None)
    row.first_use = best_first_use(out, operation.name, example)
    if row.first_use["issues"]:
        raise RuntimeError(f"{operation.name}'s example does not validate in the package")
    print(
        f"{n:4d} operations: {row.cpu:7.2f} s CPU ({row.cpu / n * 1000:7.1f} ms/op), "
        f"{row.total()[0] / n / 1e6:6.2f} MB/op, import {row.import_seconds * 1000:7.1f} ms, "
        f"first validation {row.first_use['validate'] * 1000:6.1f} ms",
        flush=True,
    )
    return row


def mypy_seconds(out: Path) -> float:
    with tempfile.TemporaryDirectory(prefix="cccgen-scale-mypy-") as cache:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--cache-dir", cache, str(out / SERVICE)],
            capture_output=True,
            timeout=7200,
            check=True,
        )
        return time.perf_counter() - started


def report(rows: list[Row], where: str, mypy: float | None) -> str:
    ns = [row.n for row in rows]
    stages = list(rows[0].stages)
    areas = (*AREAS, "all")
    first, last = rows[0], rows[-1]
    ratio = last.import_seconds / first.import_seconds
    verdict = "within" if ratio <= TARGET_RATIO else "over"

    def with_client(row: Row) -> float:
        return row.import_seconds + row.first_use["client"]

    client_ratio = with_client(last) / with_client(first)
    client_verdict = "within" if client_ratio <= TARGET_RATIO else "over"
    lines = [
        "# A whole API: generation, size and import time against the number of operations",
        "",
        (
            "`python -m bench scale` (bench/scale_bench.py) on the synthetic service of "
            "tests/fixtures/synthetic/make_spec.py: per operation 30 models (request, response, "
            "`Data` and 27 nested entities up to 4 levels deep, objects and arrays of objects), "
            "string and int32 enums, every scalar type, required and nullable fields, zh/en "
            "descriptions; the entities that are leaves of an operation's tree are the "
            "service's shared models (`models:` in service.yaml, one class and one validator "
            "each), the others the operation's own; "
            "a full success example; every other operation has its own error. "
            "Generation is `pipeline.build_all`'s steps in-process (CPU time, this process and "
            "ruff); import and first use run in fresh interpreters, best of "
            f"{IMPORT_RUNS}, after a first import that wrote the .pyc files."
        ),
        "",
        f"Machine: {where}.",
        "",
        "## Per operation",
        "",
        (
            "| operations | files | generation CPU s | CPU ms per operation | MB per operation "
            "| lines per operation |"
        ),
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        size, count = row.total()
        lines.append(
            f"| {row.n} | {row.files} | {row.cpu:.2f} | {row.cpu / row.n * 1000:.0f} "
            f"| {size / row.n / 1e6:.2f} | {count / row.n:,.0f} |"
        )
    lines += ["", "Generation CPU milliseconds per operation, by stage:", ""]
    lines += by_size_table(
        "stage",
        ns,
        {stage: [f"{row.stages[stage] / row.n * 1000:.1f}" for row in rows] for stage in stages},
    )
    lines += ["", "Generated kilobytes per operation, by area (the rest: runtime, root modules):"]
    lines += [
        "",
        *by_size_table(
            "area",
            ns,
            {area: [f"{row.size[area][0] / row.n / 1e3:,.0f}" for row in rows] for area in areas},
        ),
    ]
    lines += [
        "",
        "## Import and first use",
        "",
        (
            "| operations | first import s (writes .pyc) | `import synth` ms | `synth.Client(...)` ms "
            "| first validation ms | first model parse ms | validator modules loaded "
            "| model modules loaded |"
        ),
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        use = row.first_use
        lines.append(
            f"| {row.n} | {row.first_import:.1f} | {row.import_seconds * 1000:.1f} "
            f"| {use['client'] * 1000:.1f} | {use['validate'] * 1000:.1f} | {use['parse'] * 1000:.1f} "
            f"| {use['validators']:.0f} | {use['models']:.0f} |"
        )
    lines += [
        "",
        (
            f"`import synth`, {last.n} operations against 1: {ratio:.2f}× "
            f"({verdict} the target of {TARGET_RATIO}×); `import synth` and "
            f"`synth.Client(...)`: {client_ratio:.2f}× ({client_verdict}). Modules loaded "
            "counts the per-operation modules in `sys.modules` after making a client, one "
            "validation and one model parse of one operation (1 and 1 when loading is lazy per "
            "operation; the shared models' modules are not counted)."
        ),
    ]
    if mypy is not None:
        lines += ["", f"`mypy --strict` over the {last.n}-operation package: {mypy:.0f} s (once)."]
    else:
        lines += ["", "`mypy --strict` over the largest package: not run (`BENCH_SCALE_MYPY=1`)."]
    return "\n".join(lines) + "\n"


def main() -> str:
    where = machine()
    print(f"machine: {where}", flush=True)
    rows: list[Row] = []
    mypy: float | None = None
    with tempfile.TemporaryDirectory(prefix="cccgen-scale-bench-") as name:
        tmp = Path(name)
        for n in SIZES:
            rows.append(measure(n, tmp))
            if n != SIZES[-1]:
                shutil.rmtree(tmp / f"out-{n}")  # hundreds of MB at the large sizes
        if MYPY:
            mypy = mypy_seconds(tmp / f"out-{SIZES[-1]}")
    return write_report("scale.md", report(rows, where, mypy))


if __name__ == "__main__":
    main()
