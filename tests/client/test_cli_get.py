"""`cccgen get` and `python -m ccc get` in real subprocesses against the fake server (which
runs in this process)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from typing import Any

import pytest
from ccc.testing import FakeCCCServer
from client.helpers import (
    DRIFT_CONTACT,
    INSTANCE,
    KEY_ID,
    ODD_CONTACT,
    PAGE_CONTACT,
    SECRET,
    TOKEN,
)

CLIS = {"cccgen": ["-m", "cccgen", "get"], "python -m ccc": ["-m", "ccc", "get"]}


@pytest.fixture(params=sorted(CLIS))
def cli(request: pytest.FixtureRequest) -> list[str]:
    return CLIS[request.param]


def run_get(
    cli: list[str], *args: str, env: dict[str, str] | None = None, credentials: bool = True
) -> subprocess.CompletedProcess[bytes]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    if credentials:
        environ["ALIBABA_CLOUD_ACCESS_KEY_ID"] = KEY_ID
        environ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = SECRET
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, *cli, *args],
        capture_output=True,
        env=environ,
        timeout=120,
        check=False,
    )


def target(server: FakeCCCServer, contact: str = PAGE_CONTACT) -> list[str]:
    return ["--contact-id", contact, "--instance-id", INSTANCE, "--endpoint", server.url]


def no_secrets(done: subprocess.CompletedProcess[bytes]) -> None:
    for secret in (SECRET, TOKEN):
        assert secret.encode() not in done.stdout
        assert secret.encode() not in done.stderr


def test_prints_the_body_exactly_as_received(
    cli: list[str], server: FakeCCCServer, page_example: Any
) -> None:
    done = run_get(cli, *target(server))
    assert done.returncode == 0, done.stderr
    (seen,) = server.requests
    payload = json.loads(done.stdout)
    assert payload["RequestId"] == seen.request_id
    assert payload["Data"] == page_example["Data"]
    # Raw: the server's own compact serialisation, not re-dumped.
    assert done.stdout == json.dumps(payload, ensure_ascii=False).encode() + b"\n"
    assert done.stderr == b""
    no_secrets(done)


def test_pretty_rpc_v1_with_sts_token_and_awkward_id(
    cli: list[str], sts_server: FakeCCCServer
) -> None:
    done = run_get(
        cli,
        *target(sts_server, ODD_CONTACT),
        "--signature",
        "rpc",
        "--pretty",
        "--verbose",
        env={"ALIBABA_CLOUD_SECURITY_TOKEN": TOKEN},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"{\n  ")
    assert json.loads(done.stdout)["Data"]["ContactId"] == ODD_CONTACT
    assert sts_server.requests[0].auth == "RPC"
    assert b"DEBUG" in done.stderr  # verbose logged the attempt ...
    no_secrets(done)  # ... and nothing secret


def test_warn_prints_the_record_and_the_drift(cli: list[str], server: FakeCCCServer) -> None:
    done = run_get(cli, *target(server, DRIFT_CONTACT))
    assert done.returncode == 0
    assert json.loads(done.stdout)["Data"]["ContactType"] == "TELEPATHIC"
    assert b"/Data/ContactType" in done.stderr and b"WARNING" in done.stderr


def test_strict_fails_on_drift_listing_the_issues(cli: list[str], server: FakeCCCServer) -> None:
    done = run_get(cli, *target(server, DRIFT_CONTACT), "--validate", "strict")
    assert done.returncode == 1
    assert done.stdout == b""
    assert b"/Data/ContactType" in done.stderr and b"BrandNewField" in done.stderr


def test_an_api_error_is_one_line_and_exit_1(cli: list[str], server: FakeCCCServer) -> None:
    done = run_get(cli, *target(server, "job-nobody"))
    assert done.returncode == 1
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(("cccgen get: ", "python -m ccc get: "))
    assert " get: GetCallDetailRecord failed: " in lines[0]
    assert server.requests[0].request_id in lines[0] and "HTTP 404" in lines[0]


def test_a_blank_parameter_is_a_usage_error(cli: list[str], server: FakeCCCServer) -> None:
    done = run_get(cli, "--contact-id", " ", "--instance-id", INSTANCE, "--endpoint", server.url)
    assert done.returncode == 2
    assert b"Parameter.Blank" in done.stderr and b"ContactId" in done.stderr
    assert server.requests == []


def test_missing_credentials_name_the_variables(cli: list[str], server: FakeCCCServer) -> None:
    done = run_get(cli, *target(server), credentials=False)
    assert done.returncode == 2
    assert b"ALIBABA_CLOUD_ACCESS_KEY_ID" in done.stderr
    assert b"Traceback" not in done.stderr
    assert server.requests == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--endpoint", "ftp://127.0.0.1:1"], b"scheme"),
        (["--region", "Not A Region"], b"invalid region"),
        (["--endpoint", "http://127.0.0.1:1", "--read-timeout", "0"], b"read-timeout"),
        ([], b"one of the arguments --region --endpoint is required"),
        (["--region", "cn-shanghai", "--endpoint", "127.0.0.1:1"], b"not allowed with"),
    ],
)
def test_bad_usage_is_exit_2_without_a_traceback(
    cli: list[str], args: list[str], message: bytes
) -> None:
    done = run_get(cli, "--contact-id", "c", "--instance-id", "i", *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert b"Traceback" not in done.stderr


def test_no_server_is_exit_1_after_retries(cli: list[str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    done = run_get(
        cli, "--contact-id", "c", "--instance-id", "i", "--endpoint", f"http://127.0.0.1:{port}"
    )
    assert done.returncode == 1
    assert b"cannot connect" in done.stderr and b"Traceback" not in done.stderr
