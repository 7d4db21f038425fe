"""The whole CCC API (242 operations) beside the one-operation package, in one run.

Side by side, for the whole spec (spec/ccc, imported from Alibaba's metadata) and the
one-operation spec (tests/fixtures/one_op/, the curated GetCallDetailRecord alone):

- `cccgen import` of the metadata into a scratch copy of the spec directory (its curation/
  applied), wall and CPU time; the one-operation figure imports the same metadata cut down to
  GetCallDetailRecord (`one_operation_metadata`). Skipped, saying so, without ../shared/;
- `cccgen generate` of each spec into a scratch directory: wall, CPU (the command and ruff, its
  child), per operation;
- the size of each generated tree: files, bytes, Python files and lines, by area;
- `import ccc` in fresh interpreters (the .pyc files written by one first import, then the
  median of several runs), and one `-X importtime` run: modules loaded, the heaviest;
- in fresh interpreters against one fake server (`python -m ccc serve`, a child process on
  127.0.0.1): the first `client.get_call_detail_record(...)` (it loads the operation's models),
  a second one, and in the whole package the first and second `list_call_detail_records(...)`.

Every command runs as a subprocess, so CPU time is the children's (`getrusage`). The load
average (`uptime`) is written in the header; figures measured while the 1-minute load exceeded
the number of CPUs are marked as taken under load.

`BENCH_QUICK=1` runs each measurement once or twice (a smoke run); `BENCH_RESULTS_DIR` changes
where `whole_api.md` is written (default: bench/results).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.client_bench import KEY_ID, SECRET, ServerProcess, page_record
from bench.generation_bench import machine, write_report

REPO = Path(__file__).resolve().parents[1]
METADATA = REPO.parent / "shared" / "alibaba-metadata" / "ccc-2020-07-01.api-docs.zh_cn.json"
SPECS = {"whole": REPO / "spec", "one": REPO / "tests" / "fixtures" / "one_op" / "spec"}
LABELS = {"whole": "whole API", "one": "one operation"}
OPERATION = "GetCallDetailRecord"
QUICK = os.environ.get("BENCH_QUICK") == "1"
IMPORT_RUNS = 2 if QUICK else 9
CALL_RUNS = 1 if QUICK else 5
RUNS = {"whole": 1 if QUICK else 2, "one": 1 if QUICK else 3}  # of `cccgen import`, `generate`
AREAS = ("models", "validators", "schemas", "client.py", "_runtime", "docs")

IMPORT = """
import sys, time
started = time.perf_counter()
import ccc
took = time.perf_counter() - started
print(took, len(sys.modules), sum(n == "ccc" or n.startswith("ccc.") for n in sys.modules),
      ccc.__file__)
"""

FIRST_CALL = """
import json, sys, time
url, key, secret, contact, instance, start, end = sys.argv[1:8]

def ccc_modules():
    return {n for n in sys.modules if n == "ccc" or n.startswith("ccc.")}

def timed(call):
    before, started = ccc_modules(), time.perf_counter()
    result = call()
    return result, time.perf_counter() - started, sorted(ccc_modules() - before)

import ccc
client = ccc.Client(endpoint=url, access_key_id=key, access_key_secret=secret,
                    retry=ccc.RetryPolicy.disabled())
get = lambda: client.get_call_detail_record(contact_id=contact, instance_id=instance)
out = {}
record, out["first"], out["first_modules"] = timed(get)
assert record.data.contact_id == contact, record
_, out["second"], _ = timed(get)
if hasattr(client, "list_call_detail_records"):
    listing = lambda: client.list_call_detail_records(
        page_number=1, page_size=10, instance_id=instance, start_time=int(start), end_time=int(end))
    page, out["list_first"], out["list_modules"] = timed(listing)
    assert page.data.total_count == 1, page
    _, out["list_second"], _ = timed(listing)
client.close()
print(json.dumps(out))
"""


@dataclass
class Timed:
    wall: float
    cpu: float
    stdout: str


@dataclass
class Side:
    """The figures of one package: the whole API or the one operation."""

    operations: int = 0
    import_runs: list[Timed] = field(default_factory=list)
    import_note: str = ""
    generation_runs: list[Timed] = field(default_factory=list)
    size: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # files, bytes, lines
    first_import: float = 0.0
    imports: list[float] = field(default_factory=list)
    process_walls: list[float] = field(default_factory=list)
    modules: tuple[int, int] = (0, 0)  # all modules, ccc modules after `import ccc`
    importtime: dict[str, Any] = field(default_factory=dict)
    calls: list[dict[str, Any]] = field(default_factory=list)
    tree_note: str = ""


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(
    command: Sequence[str], *, cwd: Path = REPO, env: dict[str, str] | None = None
) -> Timed:
    """Run a command to its end; its wall time and the CPU time of it and its children."""
    cpu, wall = children_cpu(), time.perf_counter()
    done = subprocess.run(
        list(command), cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    wall, cpu = time.perf_counter() - wall, children_cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr[-2000:]}")
    return Timed(wall, cpu, done.stdout + done.stderr)


def one_operation_metadata(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """The metadata document with one operation: its `apis` entry, and the directories that
    list it, listing it alone."""
    directories = [
        {**entry, "children": [name]}
        for entry in doc.get("directories", [])
        if name in entry.get("children", [])
    ]
    return {**doc, "apis": {name: doc["apis"][name]}, "directories": directories}


def parse_importtime(stderr: str, top: int = 3) -> dict[str, Any]:
    """From `-X importtime` output: modules listed, the cumulative µs of `ccc`, and the `top`
    modules of ccc's own by self time as (name, µs)."""
    rows: list[tuple[str, int, int]] = []
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)$", line)
        if match:
            rows.append((match.group(4), int(match.group(1)), int(match.group(2))))
    cumulative = next((cum for name, _, cum in rows if name == "ccc"), 0)
    own = [row for row in rows if row[0] == "ccc" or row[0].startswith("ccc.")]
    heaviest = sorted(own, key=lambda row: row[1], reverse=True)[:top]
    return {
        "modules": len(rows),
        "ccc_modules": len(own),
        "ccc_us": cumulative,
        "heaviest": [(name, own) for name, own, _ in heaviest],
    }


def tree_size(root: Path) -> dict[str, tuple[int, int, int]]:
    """(files, bytes, Python lines) of a generated tree, in all and by area of the package."""
    sizes = {area: [0, 0, 0] for area in (*AREAS, "python", "all")}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        data = path.read_bytes()
        parts = path.relative_to(root).parts
        area = parts[0] if parts[0] == "docs" else parts[1] if len(parts) > 1 else ""
        python = path.suffix == ".py"
        for key in ({"all", area} | ({"python"} if python else set())) & sizes.keys():
            sizes[key][0] += 1
            sizes[key][1] += len(data)
            sizes[key][2] += data.count(b"\n") if python else 0
    return {key: (f, b, n) for key, (f, b, n) in sizes.items()}


def same_tree(out: Path, committed: Path) -> str:
    """Whether a generated tree holds the files and bytes of the committed one (caches and
    install metadata aside)."""

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file()
            and not any(part.endswith(("__pycache__", ".egg-info")) for part in p.parts)
        }

    same = files(out) == files(committed)
    return f"{'the same files and bytes as' if same else 'NOT the same tree as'} the committed generated/"


def env_for(out: Path) -> dict[str, str]:
    """A user's environment with the package under `out` first on the path; .pyc files kept."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(out)}


def measure_import(side: str, into: Path, tmp: Path) -> tuple[list[Timed], str]:
    """`cccgen import` into a scratch copy of the spec directory; the one-operation side
    imports the metadata cut down to GetCallDetailRecord into a copy of the one-operation spec
    with spec/ccc's curation/ added."""
    if not METADATA.is_file():
        return [], f"skipped: {METADATA} is absent (../shared/ lies beside a full checkout)"
    target = into / "ccc"
    metadata = METADATA
    if side == "whole":
        shutil.copytree(SPECS["whole"] / "ccc", target)
    else:
        shutil.copytree(SPECS["one"] / "ccc", target)
        shutil.copytree(SPECS["whole"] / "ccc" / "curation", target / "curation")
        doc = json.loads(METADATA.read_text(encoding="utf-8"))
        metadata = tmp / "one-operation" / METADATA.name  # the name goes into the headers
        metadata.parent.mkdir()
        metadata.write_text(json.dumps(one_operation_metadata(doc, OPERATION)), encoding="utf-8")
    command = [sys.executable, "-m", "cccgen", "import", str(metadata), "--into", str(target)]
    runs = [run_timed(command) for _ in range(RUNS[side])]
    committed = SPECS["whole"] / "ccc"
    names = ("*.yaml",) if side == "whole" else (f"{OPERATION}.yaml",)
    same = all(
        p.read_bytes() == (committed / p.relative_to(target)).read_bytes()
        for name in names
        for p in target.rglob(name)
    )
    what = "the result" if side == "whole" else f"the imported {OPERATION}.yaml"
    return runs, f"{what} {'has the same bytes as' if same else 'DIFFERS from'} spec/ccc's"


def measure_generation(side: str, out: Path) -> list[Timed]:
    spec = SPECS[side]
    command = [sys.executable, "-m", "cccgen", "generate", "--spec", "spec", "--out", str(out)]
    return [run_timed(command, cwd=spec.parent) for _ in range(RUNS[side])]


def measure_imports(result: Side, out: Path) -> None:
    env = env_for(out)
    command = [sys.executable, "-c", IMPORT]
    first = run_timed(command, env=env)  # compiles and writes the .pyc files
    result.first_import = float(first.stdout.split()[0])
    located = first.stdout.split()[3]
    if not located.startswith(str(out)):
        raise RuntimeError(f"imported ccc from {located}, not from {out}")
    for _ in range(IMPORT_RUNS):
        run = run_timed(command, env=env)
        took, modules, own, _ = run.stdout.split()
        result.imports.append(float(took))
        result.process_walls.append(run.wall)
        result.modules = (int(modules), int(own))
    traced = run_timed([sys.executable, "-X", "importtime", "-c", "import ccc"], env=env)
    result.importtime = parse_importtime(traced.stdout)


def measure_calls(result: Side, out: Path, url: str) -> None:
    start = page_record()["StartTime"]
    args = [url, KEY_ID, SECRET, page_record()["ContactId"], page_record()["InstanceId"]]
    args += [str(start - 60_000), str(start + 60_000)]
    for _ in range(CALL_RUNS):
        run = run_timed([sys.executable, "-c", FIRST_CALL, *args], env=env_for(out))
        result.calls.append(json.loads(run.stdout))


def load_line(label: str) -> tuple[str, bool]:
    """`uptime`'s output and whether the 1-minute load exceeds the number of CPUs."""
    text = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    loaded = os.getloadavg()[0] > (os.cpu_count() or 1)
    return f"{label}: `{text}`", loaded


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(sides: dict[str, Side], header: list[str]) -> str:
    whole, one = sides["whole"], sides["one"]

    def row(label: str, cells: dict[str, str]) -> str:
        ratio = cells.get("ratio", "")
        return f"| {label} | {cells['whole']} | {cells['one']} | {ratio} |"

    def pair(values: dict[str, float], fmt: Any = ms, ratio: bool = True) -> dict[str, str]:
        cells = {key: fmt(value) for key, value in values.items()}
        if ratio and values["one"]:
            cells["ratio"] = f"{values['whole'] / values['one']:,.1f}×"
        return cells

    lines = [
        "# The whole API (242 operations) beside one operation",
        "",
        "`python -m bench whole_api` (bench/whole_api_bench.py). Whole: spec/ccc as imported from "
        "Alibaba's metadata; one: tests/fixtures/one_op/ (the curated GetCallDetailRecord alone). "
        "Every command runs as a subprocess; CPU is the children's (the command and ruff).",
        "",
        *header,
        "",
        "| | whole API | one operation | whole / one |",
        "| --- | ---: | ---: | ---: |",
        row("operations", {"whole": str(whole.operations), "one": str(one.operations)}),
    ]
    if whole.import_runs and one.import_runs:
        best = {k: min(r.wall for r in s.import_runs) for k, s in sides.items()}
        cpu = {k: min(r.cpu for r in s.import_runs) for k, s in sides.items()}
        lines.append(row("`cccgen import` wall s", pair(best, lambda v: f"{v:.2f}")))
        lines.append(row("`cccgen import` CPU s", pair(cpu, lambda v: f"{v:.2f}")))
    else:
        lines.append(row("`cccgen import`", {"whole": whole.import_note, "one": one.import_note}))
    walls = {k: min(r.wall for r in s.generation_runs) for k, s in sides.items()}
    cpus = {k: min(r.cpu for r in s.generation_runs) for k, s in sides.items()}
    per_op = {
        k: f"{ms(walls[k] / s.operations)} / {ms(cpus[k] / s.operations)}" for k, s in sides.items()
    }
    lines += [
        row("`cccgen generate` wall s", pair(walls, lambda v: f"{v:.2f}")),
        row("`cccgen generate` CPU s", pair(cpus, lambda v: f"{v:.2f}")),
        row("generation ms per operation, wall / CPU", per_op),
        row("generated files", pair({k: s.size["all"][0] for k, s in sides.items()}, str)),
        row(
            "generated MB",
            pair({k: s.size["all"][1] / 1e6 for k, s in sides.items()}, lambda v: f"{v:.2f}"),
        ),
        row(
            "Python files / lines",
            {k: f"{s.size['python'][0]:,} / {s.size['python'][2]:,}" for k, s in sides.items()},
        ),
        row(
            "first `import ccc` ms (writes .pyc)",
            pair({k: s.first_import for k, s in sides.items()}),
        ),
        row("`import ccc` ms (median)", pair({k: median(s.imports) for k, s in sides.items()})),
        row(
            "`python -c 'import ccc'` wall ms (median)",
            pair({k: median(s.process_walls) for k, s in sides.items()}),
        ),
        row(
            "modules in sys.modules after `import ccc` (ccc's own)",
            {k: f"{s.modules[0]} ({s.modules[1]})" for k, s in sides.items()},
        ),
        row(
            "`-X importtime`: modules imported (ccc's own), `ccc` cumulative ms",
            {
                k: f"{s.importtime['modules']} ({s.importtime['ccc_modules']}), "
                f"{s.importtime['ccc_us'] / 1000:.1f}"
                for k, s in sides.items()
            },
        ),
    ]
    for key, label in (
        ("first", "first `get_call_detail_record` ms (median)"),
        ("second", "second `get_call_detail_record` ms (median)"),
    ):
        lines.append(
            row(label, pair({k: median([c[key] for c in s.calls]) for k, s in sides.items()}))
        )
    lines.append(
        row(
            "ccc modules loaded by the first call",
            {k: str(len(s.calls[0]["first_modules"])) for k, s in sides.items()},
        )
    )
    loaded = ", ".join(f"`{name}`" for name in whole.calls[0]["first_modules"])
    lines += ["", f"The first call loads (whole API): {loaded}."]
    listing = [c for c in whole.calls if "list_first" in c]
    if listing:
        lines += [
            "",
            "In the whole package, after those two calls (connection open): the first "
            f"`list_call_detail_records` took {ms(median([c['list_first'] for c in listing]))} ms "
            "(median; it loaded "
            + ", ".join(f"`{name}`" for name in listing[0]["list_modules"])
            + f"), the second {ms(median([c['list_second'] for c in listing]))} ms.",
        ]
    lines += [
        "",
        "ccc's own modules with the most self time in the `-X importtime` run (µs): "
        + "; ".join(
            f"{LABELS[k]}: " + ", ".join(f"`{n}` {us:,}" for n, us in s.importtime["heaviest"])
            for k, s in sides.items()
        )
        + ".",
        "",
        "Generated kilobytes by area (files):",
        "",
        "| area | whole API | one operation |",
        "| --- | ---: | ---: |",
    ]
    lines += [
        f"| {area} | {whole.size[area][1] / 1e3:,.0f} ({whole.size[area][0]}) "
        f"| {one.size[area][1] / 1e3:,.0f} ({one.size[area][0]}) |"
        for area in (*AREAS, "all")
    ]
    notes = [f"{LABELS[k]}: {s.import_note}" for k, s in sides.items() if s.import_note]
    lines += [
        "",
        f"Runs: `cccgen import` and `cccgen generate` best of {RUNS['whole']} (whole API) and "
        f"{RUNS['one']} (one operation); `import ccc` median of {IMPORT_RUNS} fresh interpreters "
        f"after the first; calls median of {CALL_RUNS} fresh interpreters. Checks: "
        + "; ".join([*notes, f"the whole API's generated tree has {whole.tree_note}"])
        + ".",
    ]
    return "\n".join(lines) + "\n"


def main() -> str:
    started = time.perf_counter()
    first_load, loaded_before = load_line("Load at start")
    where = machine()
    print(f"machine: {where}\n{first_load}", flush=True)
    sides = {"whole": Side(), "one": Side()}
    with tempfile.TemporaryDirectory(prefix="cccgen-whole-api-bench-") as name:
        tmp = Path(name)
        for key, side in sides.items():
            side.import_runs, side.import_note = measure_import(key, tmp / f"import-{key}", tmp)
            print(f"{key}: import {[round(r.wall, 2) for r in side.import_runs]} s", flush=True)
        for key, side in sides.items():
            out = tmp / f"out-{key}"
            side.generation_runs = measure_generation(key, out)
            side.size = tree_size(out)
            if key == "whole":
                side.tree_note = same_tree(out, REPO / "generated")
            side.operations = len(list((out / "ccc" / "models").glob("[!_]*.py")))
            print(
                f"{key}: generate {[round(r.wall, 2) for r in side.generation_runs]} s", flush=True
            )
            measure_imports(side, out)
            print(f"{key}: import ccc {ms(median(side.imports))} ms", flush=True)
        data = tmp / "records"
        data.mkdir()
        (data / "record.json").write_text(json.dumps(page_record()), encoding="utf-8")
        server = ServerProcess(data)
        try:
            for key, side in sides.items():
                measure_calls(side, tmp / f"out-{key}", server.url)
                print(
                    f"{key}: first call {ms(median([c['first'] for c in side.calls]))} ms",
                    flush=True,
                )
        finally:
            server.stop()
    last_load, loaded_after = load_line("Load at end")
    marked = (
        "**Measured under load** (the 1-minute load average exceeded the CPUs): compare the two "
        "columns, not these figures with another run's."
        if loaded_before or loaded_after
        else "Measured on a quiet machine (the 1-minute load stayed within the CPUs)."
    )
    header = [
        f"Machine: {where}.",
        "",
        f"{first_load}; {last_load}. {marked} The run took {time.perf_counter() - started:.0f} s.",
    ]
    return write_report("whole_api.md", report(sides, header))


if __name__ == "__main__":
    main()
