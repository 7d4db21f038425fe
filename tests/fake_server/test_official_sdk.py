"""Alibaba's official SDK (alibabacloud-ccc20200701) against the fake server over real HTTP.

The SDK is a test-only dependency: nothing in cccgen or the generated package imports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from alibabacloud_ccc20200701 import models as ccc_models
from alibabacloud_ccc20200701.client import Client
from alibabacloud_tea_openapi import exceptions as sdk_errors
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_util import models as util_models
from cccgen.runtime.tools.fake_server.fake_server import FakeServer
from fake_server.helpers import INSTANCE, KEY_ID, SECRET, TOKEN, cdr, make_server

CONTACT = "job-10963442671187****"
OTHER = "job-2 with spaces/é測試+*~"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    with make_server(records=[cdr(CONTACT), cdr(OTHER)]) as running:
        yield running


@pytest.fixture(scope="module")
def sts_server() -> Iterator[FakeServer]:
    with make_server(records=[cdr(CONTACT)], security_token=TOKEN) as running:
        yield running


def sdk(
    server: FakeServer,
    *,
    secret: str = SECRET,
    key_id: str = KEY_ID,
    token: str | None = None,
    algorithm: str | None = None,
    retry_options: Any = None,
) -> Client:
    config = open_api_models.Config(
        access_key_id=key_id,
        access_key_secret=secret,
        security_token=token,
        endpoint=server.endpoint,
        protocol="http",
        read_timeout=10000,
        connect_timeout=5000,
        retry_options=retry_options,
    )
    if algorithm is not None:
        config.signature_algorithm = algorithm
    return Client(config)


def call(client: Client, contact_id: str, instance_id: str = INSTANCE) -> Any:
    request = ccc_models.GetCallDetailRecordRequest(contact_id=contact_id, instance_id=instance_id)
    return client.get_call_detail_record_with_options(
        request, util_models.RuntimeOptions(autoretry=False)
    )


def last_request_for(server: FakeServer, request_id: str) -> Any:
    matching = [r for r in server.requests if r.request_id == request_id]
    assert len(matching) == 1
    return matching[0]


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["V3-default", "RPC-V1"])
def test_sdk_gets_a_verified_200_and_the_right_record(
    server: FakeServer, algorithm: str | None
) -> None:
    response = call(sdk(server, algorithm=algorithm), CONTACT)
    assert response.status_code == 200
    body = response.body.to_map()
    assert body["Code"] == "OK"
    assert body["HttpStatusCode"] == 200
    assert body["Data"]["ContactId"] == CONTACT
    assert body["Data"]["InstanceId"] == INSTANCE
    assert body["Data"]["CallDuration"] == cdr(CONTACT)["CallDuration"]
    assert response.body.data.contact_id == CONTACT
    seen = last_request_for(server, body["RequestId"])
    assert seen.verified is True
    assert seen.auth == ("V3" if algorithm is None else "RPC")
    assert seen.action == "GetCallDetailRecord"
    assert seen.status == 200


def test_sdk_reads_the_whole_record_unchanged(server: FakeServer) -> None:
    response = call(sdk(server), CONTACT)
    assert response.body.to_map()["Data"] == {
        **cdr(CONTACT),
        # The SDK's own model fills these absent lists in as empty lists on to_map().
        **{k: v for k, v in response.body.to_map()["Data"].items() if k not in cdr(CONTACT)},
    }
    assert response.headers["x-acs-request-id"] == response.body.request_id


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["V3-default", "RPC-V1"])
def test_sdk_with_reserved_characters_in_the_id(server: FakeServer, algorithm: str | None) -> None:
    response = call(sdk(server, algorithm=algorithm), OTHER)
    assert response.body.data.contact_id == OTHER


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["V3-default", "RPC-V1"])
def test_sdk_with_a_wrong_secret_gets_signature_does_not_match(
    server: FakeServer, algorithm: str | None
) -> None:
    with pytest.raises(sdk_errors.ClientException) as caught:
        call(sdk(server, secret="not-the-secret", algorithm=algorithm), CONTACT)
    assert caught.value.code == "SignatureDoesNotMatch"
    assert caught.value.status_code == 400
    seen = last_request_for(server, caught.value.request_id)
    assert seen.verified is False and seen.code == "SignatureDoesNotMatch"


def test_sdk_with_an_unknown_key_id(server: FakeServer) -> None:
    with pytest.raises(sdk_errors.ClientException) as caught:
        call(sdk(server, key_id="LTAIsomebodyelse"), CONTACT)
    assert caught.value.code == "InvalidAccessKeyId.NotFound"
    assert caught.value.status_code == 404


def test_sdk_unknown_contact_gets_the_not_found_error(server: FakeServer) -> None:
    with pytest.raises(sdk_errors.ClientException) as caught:
        call(sdk(server), "job-unknown")
    assert caught.value.code == "NotExists.ContactId"
    assert caught.value.status_code == 404
    assert caught.value.data["HttpStatusCode"] == 404


def test_sdk_record_in_another_instance_is_not_found(server: FakeServer) -> None:
    with pytest.raises(sdk_errors.ClientException) as caught:
        call(sdk(server), CONTACT, instance_id="ccc-other")
    assert caught.value.code == "NotExists.ContactId"


def test_sdk_blank_parameter_gets_parameter_blank(server: FakeServer) -> None:
    with pytest.raises(sdk_errors.ClientException) as caught:
        call(sdk(server), "   ")
    assert caught.value.code == "Parameter.Blank"
    assert caught.value.status_code == 400
    assert caught.value.data["Message"] == "The parameter ContactId may not be null or blank."


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["V3-default", "RPC-V1"])
def test_sdk_with_sts_credentials(sts_server: FakeServer, algorithm: str | None) -> None:
    response = call(sdk(sts_server, token=TOKEN, algorithm=algorithm), CONTACT)
    assert response.body.data.contact_id == CONTACT
    with pytest.raises(sdk_errors.ClientException) as caught:
        call(sdk(sts_server, token="sts-wrong-token", algorithm=algorithm), CONTACT)
    assert caught.value.code == "InvalidSecurityToken.MismatchWithAccessKey"
    with pytest.raises(sdk_errors.ClientException) as caught:
        call(sdk(sts_server, algorithm=algorithm), CONTACT)
    assert caught.value.code == "MissingParameter"
    assert "SecurityToken" in caught.value.data["Message"]


def test_sdk_sees_throttling_with_retry_after_in_milliseconds() -> None:
    with make_server(records=[cdr(CONTACT)]) as server:
        server.throttle(1, retry_after=2.5)
        with pytest.raises(sdk_errors.ThrottlingException) as caught:
            call(sdk(server), CONTACT)
        assert caught.value.code == "Throttling.User"
        assert caught.value.retry_after == 2500  # the SDK sleeps this many milliseconds
        assert call(sdk(server), CONTACT).body.data.contact_id == CONTACT


def test_sdk_sees_a_server_error_on_injected_503() -> None:
    with make_server(records=[cdr(CONTACT)]) as server:
        server.fail(1)
        with pytest.raises(sdk_errors.ServerException) as caught:
            call(sdk(server), CONTACT)
        assert caught.value.code == "ServiceUnavailable"
        assert caught.value.status_code == 503
        assert call(sdk(server), CONTACT).body.data.contact_id == CONTACT


def test_sdk_retries_through_a_throttle_when_asked() -> None:
    """With a retry condition for Throttling.User, the SDK waits x-acs-retry-after
    (milliseconds) and succeeds on the next try."""
    from darabonba.policy.retry import RetryOptions

    with make_server(records=[cdr(CONTACT)]) as server:
        server.throttle(1, retry_after=0.01)
        retry = RetryOptions(
            {
                "retryable": True,
                "retryCondition": [
                    {"maxAttempts": 3, "errorCode": ["Throttling.User"], "maxDelay": 5000}
                ],
            }
        )
        client = sdk(server, retry_options=retry)
        assert call(client, CONTACT).body.data.contact_id == CONTACT
        seen = server.requests
    assert [r.code for r in seen] == ["Throttling.User", "OK"]
    # The SDK reports the wait it took from our header, in milliseconds.
    assert seen[1].headers["x-acs-retry-delay"] == "10"
