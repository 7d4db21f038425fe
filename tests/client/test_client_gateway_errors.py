"""The gateway's errors (signature, key, nonce, clock, throttling, 5xx) from the fake CCC server
raise their typed classes in the generated client, over real loopback HTTP."""

from __future__ import annotations

import ccc
import httpx
import pytest
from ccc import errors
from ccc._runtime.core.tls import shared_ssl_context
from ccc.testing import FakeCCCServer
from client.helpers import (
    FAST_RETRY,
    INSTANCE,
    KEY_ID,
    PAGE_CONTACT,
    SECRET,
    MakeClient,
    transport,
)


def test_wrong_secret_is_signature_does_not_match(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    client = make_client(access_key_secret="not-the-secret")
    with pytest.raises(errors.SignatureDoesNotMatchError) as caught:
        client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
    assert caught.value.http_status == 400 and caught.value.request_id
    assert len(server.requests) == 1  # a 4xx is never retried


def test_unknown_key_is_invalid_access_key_id(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    with pytest.raises(errors.InvalidAccessKeyIdNotFoundError) as caught:
        make_client(access_key_id="LTAI-nobody").get_call_detail_record(
            contact_id=PAGE_CONTACT, instance_id=INSTANCE
        )
    assert caught.value.http_status == 404


def test_reused_nonce_is_signature_nonce_used(server: FakeCCCServer) -> None:
    with transport(server, nonce=lambda: "the-same-nonce-every-time") as t:
        params = {"ContactId": PAGE_CONTACT, "InstanceId": INSTANCE}
        t.send("GetCallDetailRecord", params)
        with pytest.raises(errors.SignatureNonceUsedError):
            t.send("GetCallDetailRecord", params)


def test_stale_clock_is_invalid_timestamp_expired(server: FakeCCCServer) -> None:
    from datetime import UTC, datetime

    with (
        transport(server, clock=lambda: datetime(2020, 1, 1, tzinfo=UTC)) as t,
        pytest.raises(errors.InvalidTimeStampExpiredError),
    ):
        t.send("GetCallDetailRecord", {"ContactId": PAGE_CONTACT, "InstanceId": INSTANCE})


def test_mangled_authorization_is_incomplete_signature(server: FakeCCCServer) -> None:
    def mangle(request: httpx.Request) -> None:
        request.headers["authorization"] = "ACS3-HMAC-SHA256 garbage"

    http = httpx.Client(event_hooks={"request": [mangle]}, verify=shared_ssl_context())
    with (
        ccc.Client(
            endpoint=server.url, access_key_id=KEY_ID, access_key_secret=SECRET, http_client=http
        ) as client,
        pytest.raises(errors.IncompleteSignatureError),
    ):
        client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
    http.close()


def test_unknown_record_is_a_plain_client_error(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    with pytest.raises(ccc.ClientError) as caught:
        make_client().get_call_detail_record(contact_id="job-nobody", instance_id=INSTANCE)
    assert type(caught.value) is ccc.ClientError  # a code the spec does not declare
    assert caught.value.http_status == 404 and caught.value.code
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("Throttling", ccc.ThrottlingError),
        ("Throttling.User", errors.ThrottlingUserError),
        ("Throttling.Api", errors.ThrottlingApiError),
    ],
)
def test_throttling_codes_raise_their_classes_once_retries_run_out(
    make_client: MakeClient, server: FakeCCCServer, code: str, cls: type[ccc.ApiError]
) -> None:
    server.throttle(5, retry_after=0.002, code=code)
    with pytest.raises(cls) as caught:
        make_client().get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
    assert isinstance(caught.value, ccc.ThrottlingError)
    assert caught.value.code == code and caught.value.retry_after == 0.002
    assert len(server.requests) == FAST_RETRY.max_attempts


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (503, "ServiceUnavailable", errors.ServiceUnavailableError),
        (500, "InternalError", errors.InternalError),
        (502, "BadGateway", ccc.ServerError),
    ],
)
def test_server_errors_raise_their_classes_once_retries_run_out(
    make_client: MakeClient, server: FakeCCCServer, status: int, code: str, cls: type[ccc.ApiError]
) -> None:
    server.fail(10, status=status, code=code)
    with pytest.raises(cls) as caught:
        make_client().get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
    assert type(caught.value) is cls and caught.value.http_status == status
    assert len(server.requests) == 3 == caught.value.attempts
