"""The generated clients end to end against the fake CCC server, over real loopback HTTP."""

from __future__ import annotations

import asyncio
import inspect
import logging
import socket
from collections.abc import Callable
from typing import Any

import ccc
import httpx
import pytest
from ccc import errors
from ccc._runtime.core.signer import RequestSigner
from ccc._runtime.core.tls import shared_ssl_context
from ccc._runtime.core.transport import SyncTransport
from ccc.testing import FakeCCCServer
from client.helpers import (
    BROKEN_CONTACT,
    DRIFT_CONTACT,
    FAST_RETRY,
    INSTANCE,
    KEY_ID,
    ODD_CONTACT,
    PAGE_CONTACT,
    SECRET,
    TOKEN,
    settle,
)

MakeClient = Callable[..., ccc.Client]


# ------------------------------------------------------------------------------ happy path


@pytest.mark.parametrize("signature", ["ACS3-HMAC-SHA256", "HMAC-SHA1"])
def test_returns_the_typed_record(
    make_client: MakeClient, server: FakeCCCServer, signature: str
) -> None:
    client = make_client(signature=signature)
    record = client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
    assert isinstance(record, ccc.GetCallDetailRecordResponse)
    assert record.code == "OK"
    assert record.data.contact_id == PAGE_CONTACT
    assert record.data.contact_type is ccc.ContactType.OUTBOUND
    (seen,) = server.requests
    assert seen.verified and seen.status == 200
    assert seen.auth == ("V3" if signature.startswith("ACS3") else "RPC")
    assert seen.method == "POST" and seen.path == "/" and seen.body == b""
    assert seen.params["ContactId"] == PAGE_CONTACT


def test_with_http_info_exposes_status_headers_and_request_id(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    response = make_client().get_call_detail_record_with_http_info(
        contact_id=PAGE_CONTACT, instance_id=INSTANCE
    )
    (seen,) = server.requests
    assert response.status_code == 200
    assert response.request_id == seen.request_id == response.data.request_id
    assert response.headers["x-acs-request-id"] == seen.request_id
    assert response.attempts == 1
    assert response.payload["Data"]["ContactId"] == PAGE_CONTACT
    assert response.content.startswith(b"{")
    assert response.issues == ()


@pytest.mark.parametrize("signature", ["v3", "rpc"])
def test_non_ascii_and_reserved_characters_sign_correctly(
    make_client: MakeClient, server: FakeCCCServer, signature: str
) -> None:
    record = make_client(signature=signature).get_call_detail_record(
        contact_id=ODD_CONTACT, instance_id=INSTANCE
    )
    assert record.data.contact_id == ODD_CONTACT
    assert server.requests[0].verified


@pytest.mark.parametrize("signature", ["v3", "rpc"])
def test_sts_credentials_send_the_security_token(
    make_client: MakeClient, sts_server: FakeCCCServer, signature: str
) -> None:
    client = make_client(server=sts_server, signature=signature, security_token=TOKEN)
    assert client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE).data
    # Without the token the same server refuses the request.
    bare = make_client(server=sts_server, signature=signature)
    with pytest.raises(errors.MissingParameterError, match="SecurityToken"):
        bare.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)


def test_credentials_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, server: FakeCCCServer
) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
    monkeypatch.delenv("ALIBABA_CLOUD_SECURITY_TOKEN", raising=False)
    with ccc.Client(endpoint=server.url) as client:
        assert client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE).data


def test_methods_come_from_the_spec() -> None:
    for cls in (ccc.Client, ccc.AsyncClient):
        for name in ("get_call_detail_record", "get_call_detail_record_with_http_info"):
            method = getattr(cls, name)
            params = list(inspect.signature(method).parameters.values())[1:]
            assert [p.name for p in params] == ["contact_id", "instance_id"]
            assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params)
            assert inspect.iscoroutinefunction(method) is (cls is ccc.AsyncClient)
        doc = cls.get_call_detail_record.__doc__ or ""
        assert "Get the detail record of one call" in doc and "ID of the call (contact)." in doc


# ------------------------------------------------------------------------ local checks


@pytest.mark.parametrize("blank", ["", "   ", "\t\n", None])
def test_a_blank_required_parameter_fails_locally_without_a_request(
    make_client: MakeClient, server: FakeCCCServer, blank: Any
) -> None:
    client = make_client()
    with pytest.raises(errors.ParameterBlankError) as caught:
        client.get_call_detail_record(contact_id=blank, instance_id=INSTANCE)
    error = caught.value
    assert error.code == "Parameter.Blank"
    assert error.message == "The parameter ContactId may not be null or blank."
    assert error.is_local and error.http_status is None and error.request_id is None
    with pytest.raises(errors.ParameterBlankError, match="InstanceId"):
        client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=blank)
    assert server.requests == []


def test_the_servers_parameter_blank_is_the_same_class(server: FakeCCCServer) -> None:
    """Bypass the local check: the server's own answer maps onto the same class."""
    with transport(server) as t, pytest.raises(errors.ParameterBlankError) as caught:
        t.send("GetCallDetailRecord", {"ContactId": " ", "InstanceId": INSTANCE})
    assert caught.value.message == "The parameter ContactId may not be null or blank."
    assert caught.value.http_status == 400 and caught.value.request_id


def test_a_parameter_of_the_wrong_type_is_refused_locally(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    with pytest.raises(ccc.ConfigurationError, match="ContactId must be a string"):
        make_client().get_call_detail_record(contact_id=42, instance_id=INSTANCE)  # type: ignore[arg-type]
    assert server.requests == []


# ----------------------------------------------------------------------- typed errors


def transport(server: FakeCCCServer, **signer_options: Any) -> SyncTransport:
    """A bare transport (no local checks) aimed at the server, to provoke gateway errors."""
    base = ccc.Client(endpoint=server.url, access_key_id=KEY_ID, access_key_secret=SECRET)
    base.close()
    signer = RequestSigner(
        credentials=base.signer.credentials,
        endpoint=base.signer.endpoint,
        version="2020-07-01",
        **signer_options,
    )
    return SyncTransport(signer, error_classes=errors.ERRORS_BY_CODE, retry=FAST_RETRY)


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


# ----------------------------------------------------------------------------- retries


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


# ---------------------------------------------------------------------------- validate


def test_warn_logs_drift_and_still_returns_the_model(
    make_client: MakeClient, server: FakeCCCServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="ccc")
    response = make_client(validate="warn").get_call_detail_record_with_http_info(
        contact_id=DRIFT_CONTACT, instance_id=INSTANCE
    )
    assert response.data.data.contact_type == "TELEPATHIC"  # open enum keeps the value
    keywords = {i.keyword for i in response.issues}
    assert keywords == {"additionalProperties", "enum"}
    (record,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    text = record.getMessage()
    assert "GetCallDetailRecord" in text and "/Data/ContactType" in text
    assert response.request_id is not None and response.request_id in text


def test_strict_raises_listing_the_issues(make_client: MakeClient, server: FakeCCCServer) -> None:
    with pytest.raises(ccc.ResponseValidationError) as caught:
        make_client(validate="strict").get_call_detail_record(
            contact_id=DRIFT_CONTACT, instance_id=INSTANCE
        )
    paths = {i.path for i in caught.value.issues}
    assert "/Data/ContactType" in paths
    assert caught.value.http_status == 200 and caught.value.request_id
    assert "/Data/ContactType" in str(caught.value)


def test_strict_passes_a_clean_record(make_client: MakeClient, server: FakeCCCServer) -> None:
    response = make_client(validate="strict").get_call_detail_record_with_http_info(
        contact_id=PAGE_CONTACT, instance_id=INSTANCE
    )
    assert response.issues == ()


def test_off_skips_validation(
    make_client: MakeClient, server: FakeCCCServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="ccc")
    response = make_client(validate="off").get_call_detail_record_with_http_info(
        contact_id=DRIFT_CONTACT, instance_id=INSTANCE
    )
    assert response.issues == () and not caplog.records


def test_strict_raises_on_a_record_the_model_cannot_hold(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    with pytest.raises(ccc.ResponseValidationError) as caught:
        make_client(validate="strict").get_call_detail_record(
            contact_id=BROKEN_CONTACT, instance_id=INSTANCE
        )
    assert "AgentEvents" in str(caught.value)


# ------------------------------------------------------------------------------- async


def test_async_client_end_to_end(server: FakeCCCServer) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def scenario() -> None:
        async with ccc.AsyncClient(
            endpoint=server.url,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
            retry=FAST_RETRY,
            sleep=sleep,
        ) as client:
            record = await client.get_call_detail_record(
                contact_id=PAGE_CONTACT, instance_id=INSTANCE
            )
            assert record.data.contact_id == PAGE_CONTACT
            server.throttle(1, retry_after=0.5)
            response = await client.get_call_detail_record_with_http_info(
                contact_id=PAGE_CONTACT, instance_id=INSTANCE
            )
            assert response.attempts == 2 and waits == [0.5]
            with pytest.raises(errors.ParameterBlankError):
                await client.get_call_detail_record(contact_id="", instance_id=INSTANCE)
            with pytest.raises(ccc.ClientError):
                await client.get_call_detail_record(contact_id="job-nobody", instance_id=INSTANCE)
            results = await asyncio.gather(
                *(
                    client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
                    for _ in range(5)
                )
            )
            assert {r.data.contact_id for r in results} == {PAGE_CONTACT}

    asyncio.run(scenario())


def test_async_client_rpc_v1_with_token_and_timeout(sts_server: FakeCCCServer) -> None:
    async def scenario() -> None:
        async with ccc.AsyncClient(
            endpoint=sts_server.url,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
            security_token=TOKEN,
            signature="HMAC-SHA1",
            read_timeout=0.2,
            retry=ccc.RetryPolicy.disabled(),
        ) as client:
            record = await client.get_call_detail_record(
                contact_id=ODD_CONTACT, instance_id=INSTANCE
            )
            assert record.data.contact_id == ODD_CONTACT
            sts_server.delay(1.0, count=1)
            with pytest.raises(ccc.RequestTimeout):
                await client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)

    asyncio.run(scenario())
    settle(sts_server, 2)
    assert sts_server.requests[0].auth == "RPC" and sts_server.requests[0].verified


# ---------------------------------------------------------------------- configuration


def test_endpoint_from_region_by_the_spec_rule() -> None:
    options: dict[str, Any] = {"access_key_id": "a", "access_key_secret": "b"}
    cases = {
        "cn-shanghai": "https://ccc.cn-shanghai.aliyuncs.com",
        "cn-hangzhou": "https://ccc.cn-hangzhou.aliyuncs.com",
        "cn-beijing": "https://ccc.aliyuncs.com",
        "ap-southeast-1": "https://ccc.aliyuncs.com",
    }
    for region, url in cases.items():
        with ccc.Client(region=region, **options) as client:
            assert client.endpoint == url
    explicit = {
        "ccc.example.com": "https://ccc.example.com",
        "127.0.0.1:8443": "https://127.0.0.1:8443",
        "http://127.0.0.1:8080": "http://127.0.0.1:8080",
        "https://ccc.example.com:443/": "https://ccc.example.com",
    }
    for endpoint, url in explicit.items():
        with ccc.Client(region="cn-shanghai", endpoint=endpoint, **options) as client:
            assert client.endpoint == url
    with ccc.Client(endpoint="127.0.0.1:8080", protocol="http", **options) as client:
        assert client.endpoint == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "either a region or an explicit endpoint"),
        ({"region": "CN_Shanghai"}, "invalid region"),
        ({"endpoint": "ftp://x"}, "scheme"),
        ({"region": "cn-shanghai", "validate": "loud"}, "validate must be one of"),
        ({"region": "cn-shanghai", "signature": "md5"}, "signature must be one of"),
        ({"region": "cn-shanghai", "read_timeout": 0}, "read timeout"),
        ({"region": "cn-shanghai", "access_key_secret": None}, "go together"),
        ({"region": "cn-shanghai", "access_key_secret": " padded "}, "whitespace"),
    ],
)
def test_bad_configuration_is_a_clear_configuration_error(
    options: dict[str, Any], message: str
) -> None:
    settings = {"access_key_id": "a", "access_key_secret": "b", **options}
    with pytest.raises(ccc.ConfigurationError, match=message):
        ccc.Client(**settings)


def test_missing_environment_credentials_name_the_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("ID", "SECRET", "SECURITY_TOKEN"):
        monkeypatch.delenv(f"ALIBABA_CLOUD_ACCESS_KEY_{name}", raising=False)
    monkeypatch.delenv("ALIBABA_CLOUD_SECURITY_TOKEN", raising=False)
    with pytest.raises(ccc.ConfigurationError, match="ALIBABA_CLOUD_ACCESS_KEY_ID") as caught:
        ccc.Client(region="cn-shanghai")
    assert "ALIBABA_CLOUD_ACCESS_KEY_SECRET" in str(caught.value)
