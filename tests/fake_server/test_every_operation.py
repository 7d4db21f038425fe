"""Every operation of the spec, checked against Alibaba's official SDK and our own models, in
one process with one server (never a subprocess per operation):

- the SDK (alibabacloud-ccc20200701, test-only), called with the spec's example parameters
  against the generated fake server (`ccc.testing`) over http on 127.0.0.1, parses the
  server's answer: every value its response model holds is the one on the wire;
- our pydantic models parse each operation's example response and dump it back to the same
  wire JSON (by_alias, exclude_unset).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ccc
import pytest
from alibabacloud_ccc20200701 import models as sdk_models
from alibabacloud_ccc20200701.client import Client
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_util import models as util_models
from ccc.testing import FakeCCCServer
from cccgen import model as m
from cccgen.spec.loader import load_service
from fake_server.helpers import SERVICE_FILE

SERVICE = load_service(SERVICE_FILE)
OPERATIONS = {op.name: op for op in SERVICE.operations}


_SUFFIX = "_with_options"
# The SDK's own snake case differs from ours on a few names (`save_web_rtcstats` for
# SaveWebRTCStats): its methods are matched without underscores or case.
SDK_METHODS = {
    name[: -len(_SUFFIX)].replace("_", "").lower(): name
    for name in dir(Client)
    if name.endswith(_SUFFIX) and not name.endswith("_async" + _SUFFIX)
}


def _sdk_method(op: m.Operation) -> str | None:
    if not hasattr(sdk_models, f"{op.name}Request"):
        return None
    return SDK_METHODS.get(op.name.lower())


BOTH = sorted(name for name, op in OPERATIONS.items() if _sdk_method(op) is not None)


@pytest.fixture(scope="session")
def fake() -> Iterator[FakeCCCServer]:
    with FakeCCCServer() as server:
        yield server


@pytest.fixture(scope="session")
def sdk(fake: FakeCCCServer) -> Client:
    config = open_api_models.Config(
        access_key_id=fake.credentials.access_key_id,
        access_key_secret=fake.credentials.access_key_secret,
        endpoint=fake.endpoint,
        protocol="http",
        read_timeout=10000,
        connect_timeout=5000,
    )
    return Client(config)


_PLACEHOLDERS: dict[str, Any] = {
    "int32": 1,
    "int64": 1,
    "number": 1,
    "boolean": True,
    "array": [],
    "object": {},
}


def _example_params(op: m.Operation) -> dict[str, Any]:
    """The spec's example of every request parameter that has one (required ones always)."""
    params: dict[str, Any] = {}
    for f in op.request.fields:
        if f.example is not None:
            params[f.wire_name] = f.example
        elif f.required:
            params[f.wire_name] = _PLACEHOLDERS.get(f.type.kind, "example")
    return params


def _held_as_on_the_wire(held: Any, wire: Any, path: str) -> None:
    """Every value the SDK's model holds is the wire's value at the same place."""
    if isinstance(held, dict):
        assert isinstance(wire, dict), path
        for key, value in held.items():
            assert key in wire, f"{path}/{key}: the SDK holds a field the answer lacks"
            _held_as_on_the_wire(value, wire[key], f"{path}/{key}")
    elif isinstance(held, list):
        assert isinstance(wire, list) and len(held) == len(wire), path
        for index, (a, b) in enumerate(zip(held, wire, strict=True)):
            _held_as_on_the_wire(a, b, f"{path}/{index}")
    else:
        assert held == wire, f"{path}: SDK holds {held!r}, the answer has {wire!r}"


@pytest.mark.parametrize("name", BOTH)
def test_the_sdk_parses_the_fake_servers_answer(
    name: str, fake: FakeCCCServer, sdk: Client
) -> None:
    op = OPERATIONS[name]
    request = getattr(sdk_models, f"{name}Request")().from_map(_example_params(op))
    method = getattr(sdk, str(_sdk_method(op)))
    response = method(request, util_models.RuntimeOptions(autoretry=False, max_attempts=1))
    assert response.status_code == 200
    received = fake.requests[-1]
    assert (received.action, received.verified, received.status) == (name, True, 200)
    held = response.body.to_map()
    assert held.get("RequestId") == received.request_id
    # The same request again, as plain HTTP: the answer on the wire (only RequestId differs).
    wire = _raw_answer(fake, received)
    wire["RequestId"] = received.request_id
    _held_as_on_the_wire(held, wire, "")
    if "Data" in wire and hasattr(response.body, "data"):
        assert "Data" in held, "the SDK's model dropped the answer's Data"


def _raw_answer(fake: FakeCCCServer, received: Any) -> dict[str, Any]:
    import httpx
    from ccc._runtime.core import signing

    body = received.body
    content_type = received.headers.get("content-type") if body else None
    headers = signing.build_signed_v3_headers(
        method="POST", path="/", query=received.query, host=fake.endpoint,
        action=received.action, version=fake.api_version,
        access_key_id=fake.credentials.access_key_id,
        access_key_secret=fake.credentials.access_key_secret,
        body=body, content_type=content_type,
    )  # fmt: skip
    url = f"{fake.url}/?{signing.canonical_query_string(received.query)}"
    answer = httpx.post(url, headers=headers, content=body, timeout=10)
    assert answer.status_code == 200, answer.text
    document: dict[str, Any] = answer.json()
    return document


EXAMPLES = [
    pytest.param(op.name, ex.response, id=f"{op.name}.{ex.name}")
    for op in SERVICE.operations
    for ex in op.examples
    if ex.response is not None
]


@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_our_models_round_trip_each_example(name: str, example: dict[str, Any]) -> None:
    model_class = getattr(ccc, OPERATIONS[name].response.name)
    parsed = model_class.model_validate(example)
    assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == example
