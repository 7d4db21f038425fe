"""Shared pieces for the fake server tests: credentials, records, signed requests."""

from __future__ import annotations

import copy
import functools
import json
import re
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import yaml
from cccgen.runtime.core import signing
from cccgen.runtime.core.tls import shared_ssl_context
from cccgen.runtime.tools.fake_server.description import load_description
from cccgen.runtime.tools.fake_server.fake_server import FakeOperation, FakeServer

REPO = Path(__file__).resolve().parents[2]
SERVICE_FILE = REPO / "spec" / "ccc" / "service.yaml"
OPERATION_FILE = REPO / "spec" / "ccc" / "GetCallDetailRecord.yaml"

KEY_ID = "LTAI5tFakeServerTestId"
# Distinctive values, so a leak into any output is easy to spot.
SECRET = "sEcReT-5f1d9c0e7b2a-never-print-me"
TOKEN = "sts-ToKeN-8d7c6b5a4f3e-never-print-me"
ACTION = "GetCallDetailRecord"
VERSION = "2020-07-01"
INSTANCE = "ccc-test"


@functools.cache
def _tables() -> tuple[dict[str, FakeOperation], dict[str, tuple[int, str]]]:
    # The generated description (what `ccc.testing` reads): loading the 242-operation spec
    # would cost each test process half a minute.
    return load_description(REPO / "generated" / "ccc" / "testing_operations.json")


@functools.cache
def _page_data() -> dict[str, Any]:
    spec = yaml.safe_load(OPERATION_FILE.read_text(encoding="utf-8"))
    data: dict[str, Any] = spec["examples"]["page_success"]["response"]["Data"]
    return data


def cdr(contact_id: str, instance_id: str = INSTANCE) -> dict[str, Any]:
    """The page's example CDR with the given ids."""
    record = copy.deepcopy(_page_data())
    record["ContactId"] = contact_id
    record["InstanceId"] = instance_id
    return record


def make_server(**options: Any) -> FakeServer:
    """A FakeServer for the real spec (not started); options override the test defaults."""
    operations, errors = _tables()
    settings: dict[str, Any] = {
        "operations": operations,
        "errors": errors,
        "access_key_id": KEY_ID,
        "access_key_secret": SECRET,
    }
    settings.update(options)
    return FakeServer(**settings)


def fixed_clock(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def v3_send(
    server: FakeServer,
    params: Mapping[str, str],
    *,
    key_id: str = KEY_ID,
    secret: str = SECRET,
    token: str | None = None,
    action: str = ACTION,
    version: str = VERSION,
    clock: Callable[[], datetime] | None = None,
    nonce: str | None = None,
    body: bytes = b"",
    content_type: str | None = None,
    headers: Mapping[str, str | None] | None = None,
    method: str = "POST",
    timeout: float = 10,
) -> httpx.Response:
    """Sign with runtime/signing.py (V3) and send; `headers` overrides after signing
    (a None value removes a header)."""
    built = signing.build_signed_v3_headers(
        method=method,
        path="/",
        query=params,
        host=server.endpoint,
        action=action,
        version=version,
        access_key_id=key_id,
        access_key_secret=secret,
        body=body,
        security_token=token,
        content_type=content_type,
        clock=clock,
        nonce=(lambda: nonce) if nonce is not None else None,
    )
    for name, value in (headers or {}).items():
        if value is None:
            built.pop(name, None)
        else:
            built[name] = value
    url = f"{server.url}/?{signing.canonical_query_string(params)}"
    with httpx.Client(timeout=timeout, verify=shared_ssl_context()) as client:
        return client.request(method, url, headers=built, content=body)


def rpc_params(
    params: Mapping[str, str],
    *,
    key_id: str = KEY_ID,
    secret: str = SECRET,
    token: str | None = None,
    action: str = ACTION,
    version: str = VERSION,
    clock: Callable[[], datetime] | None = None,
    nonce: str | None = None,
    method: str = "POST",
) -> dict[str, str]:
    """The full, signed RPC V1 parameter set."""
    full = signing.build_rpc_v1_params(
        action=action,
        version=version,
        access_key_id=key_id,
        api_params=params,
        security_token=token,
        clock=clock,
        nonce=(lambda: nonce) if nonce is not None else None,
    )
    full["Signature"] = signing.sign_rpc_v1(method, full, secret)
    return full


def rpc_send(
    server: FakeServer, full: Mapping[str, str], *, in_body: bool = False, method: str = "POST"
) -> httpx.Response:
    """Send already-signed RPC V1 parameters in the query string or as a form body."""
    encoded = signing.canonical_query_string(full)
    with httpx.Client(timeout=10, verify=shared_ssl_context()) as client:
        if in_body:
            return client.request(
                method,
                f"{server.url}/",
                content=encoded.encode(),
                headers={"content-type": "application/x-www-form-urlencoded"},
            )
        return client.request(method, f"{server.url}/?{encoded}")


def now() -> datetime:
    return datetime.now(UTC)


# The documented shape of a log line (README, "A fake CCC server for your tests").
LOG_LINE = re.compile(
    r"(?P<client>\S+) (?P<method>\S+) (?P<path>\S+) action=(?P<action>\S+)"
    r" auth=(?P<auth>V3|RPC|-) key=(?P<key>\S+) -> (?P<status>[0-9]{1,3}) (?P<code>\S+)"
    r" \([0-9]+\.[0-9] ms\) id=(?P<id>[0-9A-F-]{36})"
)


@dataclass(frozen=True)
class RawAnswer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def raw_exchange(server: FakeServer, request: bytes, *, timeout: float = 10) -> RawAnswer:
    """Send raw bytes on a fresh loopback connection and read until the server closes it.

    The socket timeout is the hang guard: a server that waits for more input raises
    TimeoutError here instead of hanging the test run.
    """
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(request)
        received = bytearray()
        while chunk := sock.recv(1 << 16):
            received += chunk
    head, separator, body = bytes(received).partition(b"\r\n\r\n")
    assert separator, bytes(received[:300])
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return RawAnswer(int(status_line.split(" ")[1]), headers, body)


def assert_json_error(answer: RawAnswer, status: int, code: str) -> dict[str, Any]:
    """A gateway-like JSON error: the envelope, its status, code and request id header."""
    assert answer.status == status, (answer.status, answer.body[:300])
    assert answer.headers["content-type"].startswith("application/json"), answer.headers
    assert int(answer.headers["content-length"]) == len(answer.body)
    body = answer.json()
    assert set(body) == {"RequestId", "Code", "Message", "HttpStatusCode"}, body
    assert (body["Code"], body["HttpStatusCode"]) == (code, status), body
    assert body["Message"]
    assert answer.headers["x-acs-request-id"] == body["RequestId"]
    return dict(body)
