"""Shared pieces for the export tests: a fake server holding synthetic records, a client for it,
what the server holds as listed items, the command line in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ccc
from ccc._runtime.core.collector import collector_paused
from ccc._runtime.tools.fake_server.listing import Projection
from ccc._runtime.tools.fake_server.synthetic import SyntheticOptions
from ccc.testing import FakeCCCServer

START = 1_764_518_400_000  # 2025-11-30T16:00:00Z, 00:00 in UTC+8
HOUR = 3_600_000
DAY = 24 * HOUR
INSTANCE = "ccc-test"


def server_with(
    count: int,
    *,
    seed: int = 1,
    start: int = START,
    end: int = START + DAY,
    hot_share: float = 0.22,
    **options: Any,
) -> FakeCCCServer:
    """A started fake server holding ``count`` synthetic records."""
    server = FakeCCCServer(**options)
    server.add_synthetic_records(
        SyntheticOptions(count, seed=seed, start_ms=start, end_ms=end, hot_share=hot_share)
    )
    return server.start()


def client_for(server: FakeCCCServer, **options: Any) -> ccc.Client:
    settings: dict[str, Any] = {
        "retry": ccc.RetryPolicy(max_attempts=8, base_delay=0.001, max_delay=0.01),
        "validate": "off",
        **options,
    }
    return ccc.Client(
        endpoint=server.url,
        access_key_id=server.credentials.access_key_id,
        access_key_secret=server.credentials.access_key_secret,
        **settings,
    )


def _listing() -> Any:
    from ccc.testing import _description

    operation = _description()[0]["ListCallDetailRecords"]
    return operation.listing


def listed(server: FakeCCCServer, start: int, end: int) -> dict[str, dict[str, Any]]:
    """What the server holds in ``[start, end)``, as ListCallDetailRecords lists it, by id
    (projected as the server projects them: `Projection`, which tests/fake_server/
    test_projection.py checks against `project`)."""
    listing = _listing()
    projection = Projection(listing.fields, listing.enums)
    found = {}
    with collector_paused():  # 50,000 new dicts beside the server's records: no cycles
        for record in server.stored_records("GetCallDetailRecord"):
            if start <= record["StartTime"] < end and record["InstanceId"] == INSTANCE:
                found[record["ContactId"]] = projection(record)
    return found


def stored(server: FakeCCCServer, start: int, end: int) -> dict[str, dict[str, Any]]:
    """The CDRs the server holds in ``[start, end)``, by id."""
    return {
        r["ContactId"]: r
        for r in server.stored_records("GetCallDetailRecord")
        if start <= r["StartTime"] < end
    }


def read_lines(path: Path) -> list[dict[str, Any]]:
    with collector_paused():  # a dict a line (50,000 in the end-to-end test): no cycles
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def by_id(lines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    ids = [line["ContactId"] for line in lines]
    assert len(ids) == len(set(ids)), "a call is written twice"
    return {line["ContactId"]: line for line in lines}


def env_for(server: FakeCCCServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = server.credentials.access_key_id
    env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = server.credentials.access_key_secret
    return env


def export_command(
    server: FakeCCCServer,
    output: Path,
    start: int | str,
    end: int | str,
    *extra: str,
    command: tuple[str, ...] = ("-m", "ccc"),
) -> list[str]:
    return [
        sys.executable,
        *command,
        "export-cdrs",
        "--instance-id",
        INSTANCE,
        "--start",
        str(start),
        "--end",
        str(end),
        "-o",
        str(output),
        "--endpoint",
        server.url,
        *extra,
    ]


def run_export(
    server: FakeCCCServer,
    output: Path,
    start: int | str,
    end: int | str,
    *extra: str,
    command: tuple[str, ...] = ("-m", "ccc"),
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        export_command(server, output, start, end, *extra, command=command),
        env=env_for(server),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def same(mapping: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    return json.dumps(mapping, sort_keys=True) == json.dumps(other, sort_keys=True)
