"""How the generated client sends each kind of parameter (the `shop` fixture), checked on a
recording server on 127.0.0.1: query or form body, JSON text for `style: json`, booleans,
integers, numbers; wrong types and missing required values refused before sending."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any, Literal

import pytest
from cccgen.runtime.core.signing import verify_rpc_v1, verify_v3
from whole_api.recorder import Recorded, RecordingServer

SECRET = "shop-secret-not-real"


@pytest.fixture(scope="module")
def recorder() -> Iterator[RecordingServer]:
    with RecordingServer() as server:
        yield server


def client(
    shop: ModuleType, server: RecordingServer, signature: Literal["v3", "rpc"] = "v3"
) -> Any:
    return shop.Client(
        access_key_id="LTAI-shop",
        access_key_secret=SECRET,
        endpoint=server.url,
        signature=signature,
        validate="off",
        retry=shop.RetryPolicy(max_attempts=1),
    )


def one(server: RecordingServer) -> Recorded:
    (request,) = server.take()
    return request


def test_query_parameters_of_every_kind(shop: ModuleType, recorder: RecordingServer) -> None:
    with client(shop, recorder) as c:
        c.list_orders(
            instance_id="shop-1",
            page_number=2,
            page_size=5,
            since=1700000000000,
            min_total=9.5,
            paid=True,
            tags=["gift", "加急"],
            filter={"Region": "north", "Express": False},
        )
    sent = one(recorder)
    assert sent.method == "POST" and sent.path == "/"
    assert dict(sent.query) == {
        "InstanceId": "shop-1",
        "PageNumber": "2",
        "PageSize": "5",
        "Since": "1700000000000",
        "MinTotal": "9.5",
        "Paid": "True",  # str(True), as the official Python SDK sends it
        "Tags": '["gift","加急"]',  # compact JSON, not ASCII-escaped
        "Filter": '{"Region":"north","Express":false}',
    }
    assert sent.body == b""
    assert "content-type" not in sent.headers


def test_false_and_zero_are_sent_not_dropped(shop: ModuleType, recorder: RecordingServer) -> None:
    with client(shop, recorder) as c:
        c.list_orders(instance_id="shop-1", paid=False, since=0, min_total=0.0, tags=[])
    assert dict(one(recorder).query) == {
        "InstanceId": "shop-1",
        "Paid": "False",
        "Since": "0",
        "MinTotal": "0.0",
        "Tags": "[]",
    }


@pytest.mark.parametrize("signature", ["v3", "rpc"])
def test_body_parameters_travel_form_encoded_and_signed(
    shop: ModuleType, recorder: RecordingServer, signature: Literal["v3", "rpc"]
) -> None:
    with client(shop, recorder, signature) as c:
        c.update_order(
            instance_id="shop-1",
            order_id="o-1",
            note="leave at the door & ring",
            quantity=3,
            gift=False,
            lines=[{"Sku": "sku-1", "Count": 2}],
        )
    sent = one(recorder)
    query = dict(sent.query)
    assert query["InstanceId"] == "shop-1"
    assert not {"OrderId", "Note", "Quantity", "Gift", "Lines"} & query.keys()
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    # Keys sorted, urlencode's quoting (a space is +), as the official SDK builds it.
    assert sent.body == (
        b"Gift=False&Lines=%5B%7B%22Sku%22%3A%22sku-1%22%2C%22Count%22%3A2%7D%5D"
        b"&Note=leave+at+the+door+%26+ring&OrderId=o-1&Quantity=3"
    )
    if signature == "v3":
        assert sent.headers["x-acs-content-sha256"] == hashlib.sha256(sent.body).hexdigest()
        assert verify_v3(
            sent.method,
            sent.path,
            query,
            sent.headers,
            sent.body,
            sent.headers["authorization"],
            SECRET,
        )
    else:
        assert verify_rpc_v1(sent.method, sent.params, SECRET)
        # The body's parameters are signed too: changing one breaks the signature.
        assert not verify_rpc_v1(sent.method, {**sent.params, "Quantity": "4"}, SECRET)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"page_size": "5"}, "PageSize must be an integer, not str"),
        ({"page_size": True}, "PageSize must be an integer, not bool"),
        ({"paid": "yes"}, "Paid must be a bool, not str"),
        ({"min_total": float("nan")}, "MinTotal must be a finite number"),
        ({"tags": "gift"}, "Tags must be a list, not str"),
        ({"tags": [object()]}, "Tags must be JSON data"),
        ({"filter": ["north"]}, "Filter must be a dict, not list"),
        ({"instance_id": 7}, "InstanceId must be a string, not int"),
    ],
)
def test_a_wrong_type_is_refused_before_sending(
    shop: ModuleType, recorder: RecordingServer, arguments: dict[str, Any], message: str
) -> None:
    with client(shop, recorder) as c, pytest.raises(shop.ConfigurationError, match=message):
        c.list_orders(**{"instance_id": "shop-1", **arguments})
    assert recorder.take() == []


def test_a_missing_required_integer_is_parameter_blank(
    shop: ModuleType, recorder: RecordingServer
) -> None:
    with client(shop, recorder) as c, pytest.raises(shop.errors.ParameterBlankError) as caught:
        c.update_order(instance_id="shop-1", order_id="o-1", quantity=None)
    assert str(caught.value.message) == "The parameter Quantity may not be null or blank."
    assert recorder.take() == []


def test_parameters_are_typed_keyword_only(shop: ModuleType) -> None:
    import inspect

    signature = inspect.signature(shop.Client.list_orders)
    kinds = {p.kind for name, p in signature.parameters.items() if name != "self"}
    assert kinds == {inspect.Parameter.KEYWORD_ONLY}
    annotations = {name: p.annotation for name, p in signature.parameters.items()}
    assert annotations["page_size"] == "int | None"
    assert annotations["min_total"] == "float | None"
    assert annotations["paid"] == "bool | None"
    assert annotations["tags"] == "Sequence[str] | None"
    assert annotations["filter"] == "Mapping[str, Any] | None"
    assert annotations["instance_id"] == "str"
