"""Fault injection (throttle, fail, delay) and many requests at once."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from cccgen.runtime.core import signing
from cccgen.runtime.core.tls import shared_ssl_context
from cccgen.runtime.tools.fake_server.fake_server import FakeServer
from fake_server.helpers import (
    ACTION,
    INSTANCE,
    KEY_ID,
    SECRET,
    VERSION,
    cdr,
    make_server,
    rpc_params,
    rpc_send,
    v3_send,
)

CONTACT = "job-7"
PARAMS = {"ContactId": CONTACT, "InstanceId": INSTANCE}


def codes(server: FakeServer) -> list[str]:
    return [r.code for r in server.requests]


def test_throttle_answers_with_retry_after_for_count_requests() -> None:
    with make_server(records=[cdr(CONTACT)]) as server:
        server.throttle(2, retry_after=1.5, code="Throttling.Api")
        first, second, third = (v3_send(server, PARAMS) for _ in range(3))
    for response in (first, second):
        assert response.status_code == 400
        assert response.json()["Code"] == "Throttling.Api"
        assert response.json()["Message"] == "Request was denied due to api flow control."
        assert response.headers["x-acs-retry-after"] == "1500"
    assert third.status_code == 200
    assert "x-acs-retry-after" not in third.headers


def test_retry_after_is_a_positive_whole_number_of_milliseconds() -> None:
    with make_server(records=[cdr(CONTACT)]) as server:
        server.throttle(1, retry_after=0.0001)
        response = v3_send(server, PARAMS)
    assert response.headers["x-acs-retry-after"] == "1"


def test_fail_answers_5xx_for_count_requests() -> None:
    with make_server(records=[cdr(CONTACT)]) as server:
        server.fail(1)
        server.fail(1, status=500, code="InternalError")
        responses = [v3_send(server, PARAMS) for _ in range(3)]
    assert [r.status_code for r in responses] == [503, 500, 200]
    assert responses[0].json() == {
        "RequestId": responses[0].json()["RequestId"],
        "Code": "ServiceUnavailable",
        "Message": "The request has failed due to a temporary failure of the server.",
        "HttpStatusCode": 503,
    }
    assert responses[1].json()["Code"] == "InternalError"
    assert responses[1].json()["HttpStatusCode"] == 500


def test_faults_apply_in_the_order_queued_and_only_to_valid_requests() -> None:
    with make_server(records=[cdr(CONTACT)]) as server:
        server.throttle(1)
        server.fail(1)
        # A request rejected by the gateway checks consumes no fault.
        assert v3_send(server, PARAMS, secret="wrong").json()["Code"] == "SignatureDoesNotMatch"
        assert v3_send(server, {"InstanceId": INSTANCE}).json()["Code"] == "Parameter.Blank"
        for _ in range(3):
            rpc_send(server, rpc_params(PARAMS))
        assert codes(server)[2:] == ["Throttling.User", "ServiceUnavailable", "OK"]


def test_delay_holds_the_answer_past_a_client_timeout() -> None:
    """The delayed answer misses a short client timeout; the next request is not delayed.
    No timing is asserted beyond the timeout firing, with a wide margin (30 s vs 0.3 s)."""
    with make_server(records=[cdr(CONTACT)]) as server:
        server.delay(30, count=1)
        with pytest.raises(httpx.ReadTimeout):
            v3_send(server, PARAMS, timeout=0.3)
        assert v3_send(server, PARAMS).status_code == 200
    # stop() released the waiting handler; the context exit did not wait 30 s for it.


def test_delay_then_answer_normally() -> None:
    with make_server(records=[cdr(CONTACT)]) as server:
        server.delay(0.01, count=2)
        server.throttle(1)
        responses = [v3_send(server, PARAMS) for _ in range(3)]
    assert [r.status_code for r in responses] == [400, 200, 200]


def test_clear_faults() -> None:
    with make_server(records=[cdr(CONTACT)]) as server:
        server.fail(5)
        server.delay(30, count=5)
        server.clear_faults()
        assert v3_send(server, PARAMS).status_code == 200


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.throttle(0), "count"),
        (lambda s: s.throttle(1, retry_after=0), "retry_after"),
        (lambda s: s.fail(0), "count"),
        (lambda s: s.fail(1, status=200), "status"),
        (lambda s: s.delay(-1), "seconds"),
        (lambda s: s.delay(1, count=0), "count"),
        (lambda s: s.drop(0), "count"),
    ],
)
def test_fault_arguments_are_checked(call: object, message: str) -> None:
    server = make_server()
    with pytest.raises(ValueError, match=message):
        call(server)  # type: ignore[operator]


def test_fifty_requests_from_ten_threads_all_get_their_own_record() -> None:
    contacts = [f"job-{i}" for i in range(50)]
    with make_server(records=[cdr(c) for c in contacts]) as server:

        def fetch(contact: str) -> tuple[str, int, str]:
            params = {"ContactId": contact, "InstanceId": INSTANCE}
            if int(contact.split("-")[1]) % 2:
                response = v3_send(server, params)
            else:
                response = rpc_send(server, rpc_params(params))
            body = response.json()
            return contact, response.status_code, body["Data"]["ContactId"]

        with ThreadPoolExecutor(max_workers=10) as pool:
            results = list(pool.map(fetch, contacts))
        seen = server.requests
    assert all(status == 200 for _, status, _ in results)
    assert [got for _, _, got in results] == contacts
    assert len(seen) == 50
    assert len({r.request_id for r in seen}) == 50
    assert all(r.verified for r in seen)


def test_concurrent_reuse_of_one_nonce_is_accepted_exactly_once() -> None:
    nonce = uuid.uuid4().hex
    barrier = threading.Barrier(10)
    with make_server(records=[cdr(CONTACT)]) as server:

        def attempt(_: int) -> int:
            barrier.wait()
            return v3_send(server, PARAMS, nonce=nonce).status_code

        with ThreadPoolExecutor(max_workers=10) as pool:
            statuses = sorted(pool.map(attempt, range(10)))
    assert statuses == [200] + [400] * 9


def test_a_throttle_count_is_exact_under_concurrency() -> None:
    with make_server(records=[cdr(CONTACT)]) as server:
        server.throttle(7)
        with ThreadPoolExecutor(max_workers=10) as pool:
            statuses = list(pool.map(lambda _: v3_send(server, PARAMS).status_code, range(30)))
    assert statuses.count(400) == 7
    assert statuses.count(200) == 23


def test_keep_alive_connection_serves_many_requests() -> None:
    with (
        make_server(records=[cdr(CONTACT)]) as server,
        httpx.Client(verify=shared_ssl_context()) as client,
    ):
        for _ in range(5):
            headers = signing.build_signed_v3_headers(
                method="POST",
                path="/",
                query=PARAMS,
                host=server.endpoint,
                action=ACTION,
                version=VERSION,
                access_key_id=KEY_ID,
                access_key_secret=SECRET,
            )
            url = f"{server.url}/?{signing.canonical_query_string(PARAMS)}"
            assert client.post(url, headers=headers).status_code == 200


def test_drop_closes_the_connection_without_an_answer() -> None:
    with make_server(records=[cdr(CONTACT)]) as server:
        server.drop(1)
        with pytest.raises(httpx.RemoteProtocolError):
            v3_send(server, PARAMS)
        assert v3_send(server, PARAMS).status_code == 200
        assert [(r.status, r.code) for r in server.requests] == [(0, "(dropped)"), (200, "OK")]


def test_an_unexpected_failure_inside_the_server_answers_500() -> None:
    def broken_clock() -> float:
        raise RuntimeError("clock is broken")

    with make_server(records=[cdr(CONTACT)], clock=broken_clock) as server:
        response = v3_send(server, PARAMS)
    assert response.status_code == 500
    assert response.json()["Code"] == "InternalError"
    assert "clock is broken" not in response.text
