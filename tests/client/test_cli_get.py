"""`cccgen get` and `python -m ccc get` in real subprocesses against the fake server (which
runs in this process)."""

from __future__ import annotations

import json
import os
import pty
import socket
import subprocess
import sys
from collections.abc import Iterator
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
    TYPED_DRIFT_CONTACT,
)
from client.loopback import ScriptedServer, Step, answer, http_head, json_answer

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


def test_warn_prints_the_record_and_the_drift_exit_3(cli: list[str], server: FakeCCCServer) -> None:
    done = run_get(cli, *target(server, DRIFT_CONTACT))
    assert done.returncode == 3
    assert json.loads(done.stdout)["Data"]["ContactType"] == "TELEPATHIC"
    assert b"/Data/ContactType" in done.stderr and b"WARNING" in done.stderr


@pytest.mark.parametrize("mode", ["off", "warn", "strict"])
def test_a_type_drifted_body_is_printed_exactly_whatever_validate_says(
    cli: list[str], server: FakeCCCServer, mode: str
) -> None:
    done = run_get(cli, *target(server, TYPED_DRIFT_CONTACT), "--validate", mode)
    payload = json.loads(done.stdout)
    assert payload["Data"]["CallDuration"] == "long"
    assert done.stdout == json.dumps(payload, ensure_ascii=False).encode() + b"\n"
    if mode == "off":  # nothing checked: printed is success
        assert done.returncode == 0 and done.stderr == b""
    else:  # printed, and the status says it drifts
        assert done.returncode == 3
        assert b"/Data/CallDuration" in done.stderr and b"Traceback" not in done.stderr


def test_strict_prints_the_body_and_lists_the_issues_exit_3(
    cli: list[str], server: FakeCCCServer
) -> None:
    done = run_get(cli, *target(server, DRIFT_CONTACT), "--validate", "strict")
    assert done.returncode == 3
    assert json.loads(done.stdout)["Data"]["ContactType"] == "TELEPATHIC"
    assert b"/Data/ContactType" in done.stderr and b"BrandNewField" in done.stderr


def test_a_body_that_is_not_json_is_printed_exit_3(cli: list[str]) -> None:
    body = b"<html>maintenance</html>"
    with ScriptedServer(answer(200, body, {"Content-Type": "text/html"})) as scripted:
        done = run_get(cli, "--contact-id", "c", "--instance-id", "i", "--endpoint", scripted.url)
    assert done.returncode == 3
    assert done.stdout == body + b"\n"
    assert b"not a JSON object" in done.stderr


def test_code_and_message_from_the_server_are_escaped(cli: list[str]) -> None:
    body = {
        "RequestId": "req\x1b]0;pwned\x07",
        "Code": "Bad\x1b[31mCode",
        "Message": "first line\ncccgen get: forged\u202eline\x9b",
    }
    with ScriptedServer(json_answer(400, body)) as scripted:
        done = run_get(cli, "--contact-id", "c", "--instance-id", "i", "--endpoint", scripted.url)
    assert done.returncode == 1
    text = done.stderr.decode()
    assert len(text.splitlines()) == 1, text
    assert not any(ch in text for ch in "\x1b\x07\x9b\u202e")
    assert "Bad\\x1b[31mCode" in text and "first line\\ncccgen" in text and "\\u202e" in text


def test_help_documents_the_exit_codes(cli: list[str]) -> None:
    done = run_get(cli, "--help")
    assert done.returncode == 0
    text = b" ".join(done.stdout.split())
    for status in (b"0 ", b"1 ", b"2 ", b"3 "):
        assert status in text
    assert b"drift" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--max-response-bytes", "100"], b"larger than"),
        (["--total-timeout", "0.5", "--read-timeout", "5"], b"total"),
    ],
)
def test_size_cap_and_deadline_are_exit_1(cli: list[str], extra: list[str], message: bytes) -> None:
    def drip(_request: bytes) -> Iterator[Step]:
        yield http_head(200, {"Content-Length": "300"})
        for _ in range(60):
            yield b" " * 5
            yield 0.1

    with ScriptedServer(drip) as scripted:
        done = run_get(
            cli, "--contact-id", "c", "--instance-id", "i", "--endpoint", scripted.url, *extra
        )
    assert done.returncode == 1, done.stderr
    assert done.stdout == b""
    assert message in done.stderr and b"Traceback" not in done.stderr


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


def test_on_a_terminal_the_body_is_shown_escaped(cli: list[str]) -> None:
    body = '{"RequestId": "r", "Data": {"Note": "\u202eevil\x9b"}}\n'.encode()
    controller, terminal = pty.openpty()
    try:
        with ScriptedServer(answer(200, body)) as scripted:
            environ = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
            environ |= {
                "ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID,
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET,
            }
            done = subprocess.run(
                [
                    *(sys.executable, *cli, "--contact-id", "c", "--instance-id", "i"),
                    *("--endpoint", scripted.url, "--validate", "off"),
                ],
                stdout=terminal,
                stderr=subprocess.PIPE,
                env=environ,
                timeout=120,
                check=False,
            )
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the terminal's other side is closed and drained
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert done.returncode == 0, done.stderr
    text = shown.decode()
    assert "\u202e" not in text and "\x9b" not in text
    assert "\\u202eevil\\x9b" in text
