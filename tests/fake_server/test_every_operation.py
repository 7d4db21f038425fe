"""Every operation of the spec, checked against Alibaba's official SDK and our own models, in
one process with one server (never a subprocess per operation):

- the SDK (alibabacloud-ccc20200701, test-only), called with the spec's example parameters
  against the generated fake server (`ccc.testing`) over http on 127.0.0.1, parses the
  server's answer: every value its response model holds is the one on the wire;
- our pydantic models parse each operation's example response and dump it back to the same
  wire JSON (by_alias, exclude_unset).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import ccc
import pytest
from alibabacloud_ccc20200701 import models as sdk_models
from alibabacloud_ccc20200701.client import Client
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_util import models as util_models
from ccc.testing import FakeCCCServer
from fake_server.helpers import REPO

# Read from the generated package, not the spec: loading the 242-operation spec would cost
# every test process (each xdist worker collects this file) half a minute.
PACKAGE = REPO / "generated" / "ccc"
DESCRIBED: dict[str, Any] = json.loads((PACKAGE / "testing_operations.json").read_text("utf-8"))
NAMES = sorted(DESCRIBED["operations"])

_SUFFIX = "_with_options"
# The SDK's own snake case differs from ours on a few names (`save_web_rtcstats` for
# SaveWebRTCStats): its methods are matched without underscores or case.
SDK_METHODS = {
    name[: -len(_SUFFIX)].replace("_", "").lower(): name
    for name in dir(Client)
    if name.endswith(_SUFFIX) and not name.endswith("_async" + _SUFFIX)
}


def _sdk_method(name: str) -> str | None:
    if not hasattr(sdk_models, f"{name}Request"):
        return None
    return SDK_METHODS.get(name.lower())


BOTH = [name for name in NAMES if _sdk_method(name) is not None]
# Found by this file's first run over the imported spec; kept so that a change is seen.
ONLY_OURS = ["ListCallDetailRecordsV2", "SaveRTCStatsV2"]
ONLY_SDK = [
    "bridge_rtc_call", "check_business_hours", "claim_call", "get_access_channel_of_staging",
    "get_data_channel_credentials", "get_video", "list_feedbacks", "list_function_metas",
    "list_legacy_appraise_logs", "list_notification_records",
    "process_ali_me_callback_of_staging", "send_notification", "update_subscription",
]  # fmt: skip


def test_the_operations_on_one_side_only() -> None:
    assert [name for name in NAMES if _sdk_method(name) is None] == ONLY_OURS
    ours = {name.lower() for name in NAMES}
    assert sorted(n for key, n in SDK_METHODS.items() if key not in ours) == [
        f"{name}{_SUFFIX}" for name in ONLY_SDK
    ]


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
    "integer": 1,
    "number": 1,
    "boolean": True,
    "array": [],
    "object": {},
}


def _example_params(name: str) -> dict[str, Any]:
    """The spec's example of every request parameter that has one (as the generated request
    schema carries it), a placeholder for a required one without."""
    schema = json.loads((PACKAGE / "schemas" / f"{name}.request.schema.json").read_text("utf-8"))
    required = set(schema.get("required", ()))
    params: dict[str, Any] = {}
    for wire, prop in schema.get("properties", {}).items():
        if prop.get("examples"):
            params[wire] = prop["examples"][0]
        elif wire in required:
            kind = prop.get("type")
            params[wire] = _PLACEHOLDERS.get(kind if isinstance(kind, str) else "", "example")
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
    request = getattr(sdk_models, f"{name}Request")().from_map(_example_params(name))
    method = getattr(sdk, str(_sdk_method(name)))
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
    from ccc._runtime.core.tls import shared_ssl_context

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
    # The process's one SSL context: a context of its own per call cost ~20 ms of CPU.
    answer = httpx.post(url, headers=headers, content=body, timeout=10, verify=shared_ssl_context())
    assert answer.status_code == 200, answer.text
    document: dict[str, Any] = answer.json()
    return document


EXAMPLES = [
    pytest.param(name, example, id=f"{name}.{key}")
    for name in NAMES
    for key, example in DESCRIBED["operations"][name]["examples"].items()
]


def test_every_operation_has_an_example() -> None:
    assert [name for name in NAMES if not DESCRIBED["operations"][name]["examples"]] == []


@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_our_models_round_trip_each_example(name: str, example: dict[str, Any]) -> None:
    model_class = getattr(ccc, f"{name}Response")
    parsed = model_class.model_validate(example)
    assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == example
