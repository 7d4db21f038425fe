"""Client benchmark: this package's `ccc.Client` vs Alibaba's official SDK, same fake server.

One fake CCC server runs in a child process (`python -m ccc serve`), so its CPU is not counted.
Each contender makes N sequential GetCallDetailRecord calls over HTTP/1.1 keep-alive on
loopback; we report requests per second (wall clock) and client CPU per request
(`time.process_time` of this process). Contenders run in interleaved rounds and the median
round is reported, so drift on a shared machine hits all of them alike. Signing cost per
request is measured on its own (building one signed request, no I/O).

    python -m bench.client_bench [--requests N] [--rounds R] [--out bench/results/client.md]

Part of `make bench` (`python -m bench` runs every `bench/*_bench.py`'s `main()`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "results" / "client.md"
KEY_ID = "BENCHKEYID"
SECRET = "bench-secret-not-real"
CONTACT = "job-10963442671187****"
INSTANCE = "ccc-test"


@dataclass
class Result:
    name: str
    rps: list[float]
    cpu_us: list[float]

    @property
    def median_rps(self) -> float:
        return statistics.median(self.rps)

    @property
    def median_cpu_us(self) -> float:
        return statistics.median(self.cpu_us)

    @property
    def best_cpu_us(self) -> float:
        return min(self.cpu_us)


def page_record() -> dict[str, Any]:
    spec = yaml.safe_load((REPO / "spec/ccc/GetCallDetailRecord.yaml").read_text("utf-8"))
    record: dict[str, Any] = spec["examples"]["page_success"]["response"]["Data"]
    return record


class ServerProcess:
    """The fake server in a child process; `url` once it is listening."""

    def __init__(self, data_dir: Path) -> None:
        env = dict(
            os.environ,
            ALIBABA_CLOUD_ACCESS_KEY_ID=KEY_ID,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET,
        )
        code = 'import sys; from ccc.__main__ import main; sys.exit(main(["serve", *sys.argv[1:]]))'
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, "--data", str(data_dir), "--quiet"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("http://"):
            self.process.kill()
            raise RuntimeError(f"the fake server did not start (said {line!r})")
        self.url = line
        self.endpoint = line.removeprefix("http://")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


Call = Callable[[], Any]


def ours(url: str, signature: str, validate: str) -> tuple[Call, Callable[[], None]]:
    import ccc

    client = ccc.Client(
        endpoint=url,
        access_key_id=KEY_ID,
        access_key_secret=SECRET,
        signature=signature,  # type: ignore[arg-type]
        validate=validate,  # type: ignore[arg-type]
        retry=ccc.RetryPolicy.disabled(),
    )

    def call() -> Any:
        record = client.get_call_detail_record(contact_id=CONTACT, instance_id=INSTANCE)
        assert record.data.contact_id == CONTACT
        return record

    return call, client.close


def official(endpoint: str, algorithm: str | None) -> tuple[Call, Callable[[], None]]:
    from alibabacloud_ccc20200701 import models as ccc_models
    from alibabacloud_ccc20200701.client import Client
    from alibabacloud_tea_openapi import models as open_api_models
    from alibabacloud_tea_util import models as util_models

    config = open_api_models.Config(
        access_key_id=KEY_ID,
        access_key_secret=SECRET,
        endpoint=endpoint,
        protocol="http",
        read_timeout=10000,
        connect_timeout=5000,
    )
    if algorithm is not None:
        config.signature_algorithm = algorithm
    client = Client(config)
    runtime = util_models.RuntimeOptions(autoretry=False)

    def call() -> Any:
        request = ccc_models.GetCallDetailRecordRequest(contact_id=CONTACT, instance_id=INSTANCE)
        response = client.get_call_detail_record_with_options(request, runtime)
        assert response.body.data.contact_id == CONTACT
        return response

    return call, lambda: None


def measure(call: Call, n: int) -> tuple[float, float]:
    """(requests per second, client CPU microseconds per request) over n calls."""
    wall = time.perf_counter()
    cpu = time.process_time()
    for _ in range(n):
        call()
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    return n / wall, cpu / n * 1e6


def signing_cost(n: int) -> dict[str, float]:
    """Microseconds of CPU to build one signed request (no I/O), per scheme."""
    from ccc._runtime.core.credentials import Credentials
    from ccc._runtime.core.endpoints import Endpoint
    from ccc._runtime.core.signer import RequestSigner

    params = {"ContactId": CONTACT, "InstanceId": INSTANCE}
    costs: dict[str, float] = {}
    for label, signature in (
        ("V3 ACS3-HMAC-SHA256", "ACS3-HMAC-SHA256"),
        ("RPC V1 HMAC-SHA1", "HMAC-SHA1"),
    ):
        signer = RequestSigner(
            credentials=Credentials(KEY_ID, SECRET),
            endpoint=Endpoint("http", "127.0.0.1", 8080),
            version="2020-07-01",
            signature=signature,  # type: ignore[arg-type]
        )
        for _ in range(200):
            signer.prepare("GetCallDetailRecord", params)
        samples = []
        for _ in range(5):
            start = time.process_time()
            for _ in range(n):
                signer.prepare("GetCallDetailRecord", params)
            samples.append((time.process_time() - start) / n * 1e6)
        costs[label] = statistics.median(samples)
    return costs


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} logical CPUs (shared with other work), "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def render(results: list[Result], signing: dict[str, float], n: int, rounds: int) -> str:
    base = next(r for r in results if r.name.startswith("official SDK (V3"))
    lines = [
        "# Client benchmark",
        "",
        (
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M UTC} with "
            f"`python -m bench.client_bench --requests {n} --rounds {rounds}` (part of `make bench`)."
        ),
        "",
        f"Machine: {machine()}.",
        (
            f"Versions: httpx {version('httpx')}, pydantic {version('pydantic')}, "
            f"alibabacloud-ccc20200701 {version('alibabacloud-ccc20200701')}, "
            f"alibabacloud-tea-openapi {version('alibabacloud-tea-openapi')}."
        ),
        "",
        "Same fake CCC server for every contender, in a child process (its CPU is not counted),",
        "HTTP/1.1 on loopback. Each contender makes N sequential GetCallDetailRecord calls for the",
        "page's record; rounds are interleaved and the median round is shown. CPU is this",
        "process's `time.process_time` per request: signing, HTTP, JSON, model (and validation);",
        "'best round' is the lowest round, the least disturbed by other work on a shared machine.",
        "",
        "| client | requests/s | client CPU per request | best round | CPU vs official SDK (V3) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        ratio = r.median_cpu_us / base.median_cpu_us
        lines.append(
            f"| {r.name} | {r.median_rps:,.0f} | {r.median_cpu_us:,.0f} µs "
            f"| {r.best_cpu_us:,.0f} µs | {ratio:.2f}× |"
        )
    lines += [
        "",
        "Signing cost per request (build one signed request: canonical query, headers, HMAC;",
        "no I/O), median of 5 runs:",
        "",
        "| scheme | CPU per request |",
        "| --- | ---: |",
    ]
    lines += [f"| {label} | {cost:.1f} µs |" for label, cost in signing.items()]
    lines += [
        "",
        "Requests/s on loopback is bounded by the fake server (Python `http.server`, one",
        "thread per connection) as much as by the client; the CPU column is the client's own.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    """Run the benchmark, write the Markdown report and return it."""
    parser = argparse.ArgumentParser(prog="python -m bench.client_bench", description=__doc__)
    parser.add_argument("--requests", type=int, default=300, help="calls per round (300)")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (7)")
    parser.add_argument("--signing", type=int, default=20000, help="signatures per sample")
    parser.add_argument("--out", type=Path, default=OUT, help=f"Markdown report ({OUT})")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ccc-bench-") as tmp:
        (Path(tmp) / "record.json").write_text(json.dumps(page_record()), encoding="utf-8")
        server = ServerProcess(Path(tmp))
        try:
            contenders = {
                "ccc.Client (V3, validate=off)": ours(server.url, "ACS3-HMAC-SHA256", "off"),
                "ccc.Client (V3, validate=warn, the default)": ours(
                    server.url, "ACS3-HMAC-SHA256", "warn"
                ),
                "ccc.Client (RPC V1, validate=off)": ours(server.url, "HMAC-SHA1", "off"),
                "official SDK (V3, its default)": official(server.endpoint, None),
                "official SDK (RPC V1)": official(server.endpoint, "v2"),
            }
            results = {name: Result(name, [], []) for name in contenders}
            for call, _ in contenders.values():
                for _ in range(50):  # warm up: connections, imports, caches
                    call()
            for round_no in range(args.rounds):
                for name, (call, _) in contenders.items():
                    rps, cpu = measure(call, args.requests)
                    results[name].rps.append(rps)
                    results[name].cpu_us.append(cpu)
                    print(
                        f"round {round_no + 1}: {name}: {rps:,.0f} req/s, {cpu:,.0f} µs CPU/req",
                        file=sys.stderr,
                    )
            for _, close in contenders.values():
                close()
        finally:
            server.stop()
    signing = signing_cost(args.signing)
    report = render(list(results.values()), signing, args.requests, args.rounds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return report


if __name__ == "__main__":
    main()
