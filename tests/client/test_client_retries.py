"""The generated client's retries against the fake CCC server over real loopback HTTP: the
server's wait, jittered backoff, dropped connections, read timeouts, the default timeouts."""

from __future__ import annotations

import socket

import ccc
import pytest
from ccc import errors
from ccc.testing import FakeCCCServer
from client.helpers import (
    INSTANCE,
    PAGE_CONTACT,
    MakeClient,
    settle,
)


class Recorder:
    """Records the waits the client asks for, and waits for real (briefly)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def test_throttling_is_retried_after_exactly_the_servers_wait(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    sleep = Recorder()
    server.throttle(2, retry_after=1.25, code="Throttling.User")
    response = make_client(sleep=sleep).get_call_detail_record_with_http_info(
        contact_id=PAGE_CONTACT, instance_id=INSTANCE
    )
    assert response.attempts == 3 and response.status_code == 200
    assert sleep.waits == [1.25, 1.25]
    nonces = {r.headers["x-acs-signature-nonce"] for r in server.requests}
    assert len(nonces) == 3  # every attempt signed afresh


def test_a_wait_longer_than_allowed_ends_the_retries(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    sleep = Recorder()
    server.throttle(1, retry_after=30.0)
    retry = ccc.RetryPolicy(max_attempts=5, max_retry_after=10.0)
    with pytest.raises(errors.ThrottlingUserError):
        make_client(sleep=sleep, retry=retry).get_call_detail_record(
            contact_id=PAGE_CONTACT, instance_id=INSTANCE
        )
    assert sleep.waits == [] and len(server.requests) == 1


def test_5xx_is_retried_with_bounded_jittered_backoff(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    sleep = Recorder()
    server.fail(3, status=503)
    retry = ccc.RetryPolicy(max_attempts=4, base_delay=0.5, max_delay=0.8)
    response = make_client(
        sleep=sleep, retry=retry, random=lambda: 1.0
    ).get_call_detail_record_with_http_info(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
    assert response.attempts == 4
    assert sleep.waits == [0.5, 0.8, 0.8]  # 0.5, min(0.8, 1.0), min(0.8, 2.0)


def test_retries_can_be_disabled(make_client: MakeClient, server: FakeCCCServer) -> None:
    server.fail(1, status=503)
    with pytest.raises(errors.ServiceUnavailableError):
        make_client(retry=ccc.RetryPolicy.disabled()).get_call_detail_record(
            contact_id=PAGE_CONTACT, instance_id=INSTANCE
        )
    assert len(server.requests) == 1


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused_is_retried_then_raised(make_client: MakeClient) -> None:
    sleep = Recorder()
    client = make_client(endpoint=f"http://127.0.0.1:{closed_port()}", sleep=sleep)
    with pytest.raises(ccc.ConnectError) as caught:
        client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
    assert caught.value.attempts == 3 and len(sleep.waits) == 2
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_a_dropped_connection_is_retried_for_a_read_only_operation(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    server.drop(1)
    response = make_client().get_call_detail_record_with_http_info(
        contact_id=PAGE_CONTACT, instance_id=INSTANCE
    )
    assert response.attempts == 2 and response.status_code == 200


def test_a_dropped_connection_without_retries_is_a_connect_error(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    server.drop(1)
    with pytest.raises(ccc.ConnectError) as caught:
        make_client(retry=ccc.RetryPolicy.disabled()).get_call_detail_record(
            contact_id=PAGE_CONTACT, instance_id=INSTANCE
        )
    assert caught.value.maybe_sent and caught.value.attempts == 1


def test_a_read_timeout_raises_request_timeout(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    server.delay(1.0, count=1)
    client = make_client(read_timeout=0.2, retry=ccc.RetryPolicy.disabled())
    with pytest.raises(ccc.RequestTimeout) as caught:
        client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
    assert caught.value.phase == "read"
    assert isinstance(caught.value, TimeoutError)
    settle(server, 1)


def test_a_read_timeout_is_retried_for_a_read_only_operation(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    server.delay(1.0, count=1)
    response = make_client(read_timeout=0.2).get_call_detail_record_with_http_info(
        contact_id=PAGE_CONTACT, instance_id=INSTANCE
    )
    assert response.attempts == 2
    settle(server, 2)


def test_timeouts_default_to_5s_connect_and_10s_read() -> None:
    client = ccc.Client(region="cn-shanghai", access_key_id="a", access_key_secret="b")
    assert (client.timeouts.connect, client.timeouts.read) == (5.0, 10.0)
    client.close()
