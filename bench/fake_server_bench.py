"""Fake server benchmark: how fast `ccc.testing.FakeCCCServer` answers signed requests.

Two figures:

1. Server cost per request, in process: `FakeServer.handle()` (verify the signature, the date,
   the nonce, the parameters, look the record up, build the answer) for V3 and RPC V1 requests
   signed beforehand, so no signing or I/O is counted.
2. Over HTTP on loopback: the server runs in a child process (`python -m ccc serve --quiet`),
   and this process sends pre-signed V3 requests with httpx, sequentially over one keep-alive
   connection, then from 10 threads with a connection each. Median of the rounds.

    python -m bench.fake_server_bench [--requests N] [--rounds R] [--out bench/results/fake_server.md]

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
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "results" / "fake_server.md"
KEY_ID = "BENCHKEYID"
SECRET = "bench-secret-not-real"
PARAMS = {"ContactId": "job-bench-1", "InstanceId": "ccc-test"}
ACTION = "GetCallDetailRecord"
VERSION = "2020-07-01"


def record() -> dict[str, object]:
    return {**PARAMS, "CallDuration": 50, "ContactType": "OUTBOUND"}


def signed_v3(endpoint: str, count: int) -> list[dict[str, str]]:
    from ccc._runtime.core import signing

    return [
        signing.build_signed_v3_headers(
            method="POST",
            path="/",
            query=PARAMS,
            host=endpoint,
            action=ACTION,
            version=VERSION,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
        )
        for _ in range(count)
    ]


def signed_rpc(count: int) -> list[dict[str, str]]:
    from ccc._runtime.core import signing

    out = []
    for _ in range(count):
        full = signing.build_rpc_v1_params(
            action=ACTION, version=VERSION, access_key_id=KEY_ID, api_params=PARAMS
        )
        full["Signature"] = signing.sign_rpc_v1("POST", full, SECRET)
        out.append(full)
    return out


def in_process(requests: int, rounds: int) -> dict[str, float]:
    from ccc._runtime.core import signing
    from ccc.testing import FakeCCCServer

    server = FakeCCCServer(access_key_id=KEY_ID, access_key_secret=SECRET, records=[record()])
    query = signing.canonical_query_string(PARAMS)
    v3_us: list[float] = []
    rpc_us: list[float] = []
    for _ in range(rounds):
        batch = signed_v3("127.0.0.1:1", requests)
        started = time.perf_counter()
        for headers in batch:
            outcome, _ = server.handle("POST", "/", query, headers, b"")
            assert outcome.status == 200
        v3_us.append((time.perf_counter() - started) / requests * 1e6)
        rpc_queries = [signing.canonical_query_string(full) for full in signed_rpc(requests)]
        started = time.perf_counter()
        for rpc_query in rpc_queries:
            outcome, _ = server.handle("POST", "/", rpc_query, {}, b"")
            assert outcome.status == 200
        rpc_us.append((time.perf_counter() - started) / requests * 1e6)
    return {"v3_us": statistics.median(v3_us), "rpc_us": statistics.median(rpc_us)}


def send(target: str, client: httpx.Client, headers: dict[str, str]) -> int:
    return client.post(target, headers=headers).status_code


def over_http(requests: int, rounds: int) -> dict[str, float]:
    from ccc._runtime.core import signing

    with tempfile.TemporaryDirectory(prefix="fake-server-bench-") as tmp:
        (Path(tmp) / "r.json").write_text(json.dumps(record()), encoding="utf-8")
        env = {**os.environ, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET}
        command = [sys.executable, "-m", "ccc", "serve", "--quiet", "--data", tmp]
        command += ["--access-key-id", KEY_ID]
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip()
            endpoint = url.removeprefix("http://")
            target = f"{url}/?{signing.canonical_query_string(PARAMS)}"
            sequential: list[float] = []
            threaded: list[float] = []
            for _ in range(rounds):
                batch = signed_v3(endpoint, requests)
                with httpx.Client() as client:
                    client.post(target, headers=signed_v3(endpoint, 1)[0])  # connect first
                    started = time.perf_counter()
                    for headers in batch:
                        assert client.post(target, headers=headers).status_code == 200
                    sequential.append(requests / (time.perf_counter() - started))
                batch = signed_v3(endpoint, requests)
                clients = [httpx.Client() for _ in range(10)]
                try:
                    jobs = [(clients[i % 10], headers) for i, headers in enumerate(batch)]
                    started = time.perf_counter()
                    with ThreadPoolExecutor(max_workers=10) as pool:
                        statuses = list(pool.map(lambda job: send(target, *job), jobs))
                    threaded.append(requests / (time.perf_counter() - started))
                    assert statuses == [200] * requests
                finally:
                    for client in clients:
                        client.close()
        finally:
            process.terminate()
            process.wait(timeout=30)
    return {
        "sequential_rps": statistics.median(sequential),
        "threaded_rps": statistics.median(threaded),
    }


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(prog="python -m bench.fake_server_bench")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    local = in_process(args.requests, args.rounds)
    http = over_http(args.requests, args.rounds)
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}"
    report = "\n".join(
        [
            (
                f"Fake CCC server, {args.requests} requests x {args.rounds} rounds (median),"
                f" {machine}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC."
                " Command: `python -m bench.fake_server_bench`."
            ),
            "",
            "| measure | figure |",
            "| --- | --- |",
            f"| server work per V3 request, in process (`handle()`) | {local['v3_us']:.0f} µs |",
            f"| server work per RPC V1 request, in process | {local['rpc_us']:.0f} µs |",
            f"| HTTP, one keep-alive connection, sequential | {http['sequential_rps']:.0f} req/s |",
            f"| HTTP, 10 threads, a connection each | {http['threaded_rps']:.0f} req/s |",
            "",
            "The server runs in a child process for the HTTP rows; requests are signed beforehand.",
            "Shared machine: figures vary with other load.",
        ]
    )
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
