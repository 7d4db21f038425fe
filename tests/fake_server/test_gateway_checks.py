"""Every check the fake server makes, in order, with the code and HTTP status it answers.

Requests are signed with runtime/signing.py and sent over real loopback HTTP with httpx.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

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
    TOKEN,
    VERSION,
    cdr,
    fixed_clock,
    make_server,
    rpc_params,
    rpc_send,
    v3_send,
)

CONTACT = "job-42"
PARAMS = {"ContactId": CONTACT, "InstanceId": INSTANCE}
NOW = datetime(2026, 11, 25, 8, 0, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    # The server's clock is fixed, so request dates are fully under the tests' control.
    with make_server(records=[cdr(CONTACT)], clock=lambda: NOW.timestamp()) as running:
        yield running


def at(delta: timedelta = timedelta()) -> dict[str, Any]:
    return {"clock": fixed_clock(NOW + delta)}


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"RequestId", "Code", "Message", "HttpStatusCode"}
    assert body["Code"] == code
    assert body["HttpStatusCode"] == status
    assert body["Message"]
    assert response.headers["x-acs-request-id"] == body["RequestId"]
    assert isinstance(body, dict)
    return body


def assert_ok(response: httpx.Response, contact: str = CONTACT) -> None:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["Code"] == "OK"
    assert body["HttpStatusCode"] == 200
    assert body["Data"] == cdr(contact)
    uuid.UUID(body["RequestId"])
    assert body["RequestId"] == body["RequestId"].upper()


# --------------------------------------------------------------------------- V3


def test_v3_signed_request_is_answered(server: FakeServer) -> None:
    assert_ok(v3_send(server, PARAMS, **at()))


def test_no_signature_at_all_is_missing_parameter(server: FakeServer) -> None:
    with httpx.Client(verify=shared_ssl_context()) as client:
        response = client.post(f"{server.url}/", params=PARAMS)
    body = assert_error(response, 400, "MissingParameter")
    assert body["Message"] == (
        'The input parameter "AccessKeyId" that is mandatory for processing this request'
        " is not supplied."
    )


def test_v3_headers_without_authorization_is_missing_parameter(server: FakeServer) -> None:
    response = v3_send(server, PARAMS, headers={"authorization": None}, **at())
    body = assert_error(response, 400, "MissingParameter")
    assert '"Authorization"' in str(body["Message"])


@pytest.mark.parametrize("header", ["x-acs-date", "x-acs-signature-nonce"])
def test_v3_without_date_or_nonce_is_missing_parameter(server: FakeServer, header: str) -> None:
    response = v3_send(server, PARAMS, headers={header: None}, **at())
    body = assert_error(response, 400, "MissingParameter")
    assert f'"{header}"' in str(body["Message"])


@pytest.mark.parametrize(
    "authorization",
    [
        "ACS3-HMAC-SHA256",
        "ACS3-HMAC-SHA256 Credential=" + KEY_ID,
        f"ACS3-HMAC-SHA256 Credential={KEY_ID},SignedHeaders=host,Signature=nothex",
        f"ACS3-HMAC-SHA256 Credential={KEY_ID},SignedHeaders=,Signature={'0' * 64}",
        f"HMAC-SHA1 Credential={KEY_ID},SignedHeaders=host,Signature={'0' * 64}",
        f"acs {KEY_ID}:c2lnbmF0dXJl",
        "",
    ],
    ids=["bare", "no-parts", "non-hex", "empty-part", "other-algorithm", "roa-style", "empty"],
)
def test_malformed_authorization_is_incomplete_signature(
    server: FakeServer, authorization: str
) -> None:
    response = v3_send(server, PARAMS, headers={"authorization": authorization}, **at())
    assert_error(response, 400, "IncompleteSignature")


def test_malformed_is_reported_before_an_unknown_key(server: FakeServer) -> None:
    response = v3_send(
        server,
        PARAMS,
        headers={"authorization": "ACS3-HMAC-SHA256 Credential=nobody"},
        **at(),
    )
    assert_error(response, 400, "IncompleteSignature")


def test_v3_unknown_key_id_is_404(server: FakeServer) -> None:
    response = v3_send(server, PARAMS, key_id="LTAIsomeoneelse", **at())
    assert_error(response, 404, "InvalidAccessKeyId.NotFound")


def test_unknown_key_is_reported_before_a_bad_signature(server: FakeServer) -> None:
    response = v3_send(server, PARAMS, key_id="LTAIsomeoneelse", secret="wrong", **at())
    assert_error(response, 404, "InvalidAccessKeyId.NotFound")


def test_v3_wrong_secret_is_signature_does_not_match(server: FakeServer) -> None:
    body = assert_error(
        v3_send(server, PARAMS, secret="wrong-secret", **at()),
        400,
        "SignatureDoesNotMatch",
    )
    assert body["Message"] == "Specified signature is not matched with our calculation."


def test_v3_tampered_query_is_signature_does_not_match(server: FakeServer) -> None:
    headers = signing.build_signed_v3_headers(
        method="POST",
        path="/",
        query=PARAMS,
        host=server.endpoint,
        action=ACTION,
        version=VERSION,
        access_key_id=KEY_ID,
        access_key_secret=SECRET,
        clock=fixed_clock(NOW),
    )
    with httpx.Client(verify=shared_ssl_context()) as client:
        response = client.post(
            f"{server.url}/", params={**PARAMS, "ContactId": "job-43"}, headers=headers
        )
    assert_error(response, 400, "SignatureDoesNotMatch")


def test_v3_unsigned_acs_header_is_signature_does_not_match(server: FakeServer) -> None:
    response = v3_send(server, PARAMS, headers={"x-acs-extra": "smuggled"}, **at())
    assert_error(response, 400, "SignatureDoesNotMatch")


def test_v3_body_not_matching_its_hash_is_signature_does_not_match(server: FakeServer) -> None:
    headers = signing.build_signed_v3_headers(
        method="POST",
        path="/",
        query=PARAMS,
        host=server.endpoint,
        action=ACTION,
        version=VERSION,
        access_key_id=KEY_ID,
        access_key_secret=SECRET,
        clock=fixed_clock(NOW),
        content_type="application/x-www-form-urlencoded",
    )
    url = f"{server.url}/?{signing.canonical_query_string(PARAMS)}"
    with httpx.Client(verify=shared_ssl_context()) as client:
        response = client.post(url, headers=headers, content=b"Extra=1")
    assert_error(response, 400, "SignatureDoesNotMatch")


def test_bad_signature_is_reported_before_an_expired_date(server: FakeServer) -> None:
    response = v3_send(server, PARAMS, secret="wrong", **at(timedelta(hours=-2)))
    assert_error(response, 400, "SignatureDoesNotMatch")


@pytest.mark.parametrize("minutes", [-16, 16, -60 * 24])
def test_v3_date_more_than_15_minutes_off_is_expired(server: FakeServer, minutes: int) -> None:
    response = v3_send(server, PARAMS, **at(timedelta(minutes=minutes)))
    assert_error(response, 400, "InvalidTimeStamp.Expired")


@pytest.mark.parametrize("minutes", [-14, 14])
def test_v3_date_within_15_minutes_is_accepted(server: FakeServer, minutes: int) -> None:
    assert_ok(v3_send(server, PARAMS, **at(timedelta(minutes=minutes))))


def test_v3_unparsable_date_is_invalid_timestamp_format(server: FakeServer) -> None:
    headers = signing.build_v3_headers(
        host=server.endpoint, action=ACTION, version=VERSION, clock=fixed_clock(NOW)
    )
    headers["x-acs-date"] = "Wed, 25 Nov 2026 08:00:00 GMT"
    headers["authorization"] = signing.sign_v3("POST", "/", PARAMS, headers, b"", KEY_ID, SECRET)
    url = f"{server.url}/?{signing.canonical_query_string(PARAMS)}"
    with httpx.Client(verify=shared_ssl_context()) as client:
        response = client.post(url, headers=headers)
    assert_error(response, 400, "InvalidTimeStamp.Format")


def test_v3_reused_nonce_is_rejected(server: FakeServer) -> None:
    nonce = uuid.uuid4().hex
    assert_ok(v3_send(server, PARAMS, nonce=nonce, **at()))
    again = v3_send(server, PARAMS, nonce=nonce, **at(timedelta(seconds=1)))
    body = assert_error(again, 400, "SignatureNonceUsed")
    assert body["Message"] == "Specified signature nonce was used already."


def test_expired_is_reported_before_a_reused_nonce(server: FakeServer) -> None:
    nonce = uuid.uuid4().hex
    assert_ok(v3_send(server, PARAMS, nonce=nonce, **at()))
    again = v3_send(server, PARAMS, nonce=nonce, **at(timedelta(minutes=-20)))
    assert_error(again, 400, "InvalidTimeStamp.Expired")


def test_a_forged_request_does_not_burn_the_nonce(server: FakeServer) -> None:
    nonce = uuid.uuid4().hex
    forged = v3_send(server, PARAMS, nonce=nonce, secret="guess", **at())
    assert_error(forged, 400, "SignatureDoesNotMatch")
    assert_ok(v3_send(server, PARAMS, nonce=nonce, **at()))


def test_a_nonce_is_remembered_for_the_whole_window() -> None:
    moments = [NOW.timestamp()]
    with make_server(records=[cdr(CONTACT)], clock=lambda: moments[0]) as server:
        nonce = "fixed-nonce"
        assert_ok(v3_send(server, PARAMS, nonce=nonce, **at()))
        moments[0] += 29 * 60  # still remembered (dates up to 15 minutes ahead are valid)
        late = v3_send(server, PARAMS, nonce=nonce, **at(timedelta(minutes=29)))
        assert_error(late, 400, "SignatureNonceUsed")


def test_security_token_sent_to_a_server_without_one_is_rejected(server: FakeServer) -> None:
    response = v3_send(server, PARAMS, token=TOKEN, **at())
    assert_error(response, 400, "InvalidSecurityToken.MismatchWithAccessKey")


def test_security_token_checks() -> None:
    with make_server(
        records=[cdr(CONTACT)], security_token=TOKEN, clock=lambda: NOW.timestamp()
    ) as sts:
        assert_ok(v3_send(sts, PARAMS, token=TOKEN, **at()))
        missing = assert_error(v3_send(sts, PARAMS, **at()), 400, "MissingParameter")
        assert '"SecurityToken"' in str(missing["Message"])
        assert_error(
            v3_send(sts, PARAMS, token=TOKEN + "x", **at()),
            400,
            "InvalidSecurityToken.MismatchWithAccessKey",
        )
        assert_ok(rpc_send(sts, rpc_params(PARAMS, token=TOKEN, **at())))
        assert_error(rpc_send(sts, rpc_params(PARAMS, **at())), 400, "MissingParameter")


def test_unknown_action_is_404(server: FakeServer) -> None:
    response = v3_send(server, PARAMS, action="DeleteEverything", **at())
    assert_error(response, 404, "InvalidAction.NotFound")


def test_other_api_version_is_rejected(server: FakeServer) -> None:
    response = v3_send(server, PARAMS, version="2017-07-05", **at())
    assert_error(response, 400, "InvalidVersion")


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"InstanceId": INSTANCE}, "ContactId"),
        ({"ContactId": "", "InstanceId": INSTANCE}, "ContactId"),
        ({"ContactId": " \t", "InstanceId": INSTANCE}, "ContactId"),
        ({"ContactId": CONTACT}, "InstanceId"),
        ({}, "ContactId"),
    ],
    ids=["missing", "empty", "whitespace", "missing-second", "none"],
)
def test_missing_or_blank_parameter_is_parameter_blank(
    server: FakeServer, params: dict[str, str], name: str
) -> None:
    body = assert_error(v3_send(server, params, **at()), 400, "Parameter.Blank")
    assert body["Message"] == f"The parameter {name} may not be null or blank."


def test_unknown_contact_is_404_not_exists(server: FakeServer) -> None:
    params = {"ContactId": "job-nope", "InstanceId": INSTANCE}
    body = assert_error(v3_send(server, params, **at()), 404, "NotExists.ContactId")
    assert body["Message"] == "The specified ContactId does not exist."


def test_v3_parameters_in_a_signed_form_body_are_accepted(server: FakeServer) -> None:
    body = signing.canonical_query_string(PARAMS).encode()
    response = v3_send(
        server,
        {},
        body=body,
        content_type="application/x-www-form-urlencoded",
        **at(),
    )
    assert_ok(response)


def test_a_body_that_is_not_a_form_is_415(server: FakeServer) -> None:
    response = v3_send(server, PARAMS, body=b'{"a": 1}', content_type="application/json", **at())
    assert_error(response, 415, "UnsupportedMediaType")


def test_a_parameter_given_twice_is_rejected(server: FakeServer) -> None:
    with httpx.Client(verify=shared_ssl_context()) as client:
        response = client.post(
            f"{server.url}/?ContactId=a&ContactId=b&InstanceId={INSTANCE}",
        )
    body = assert_error(response, 400, "InvalidParameter")
    assert "ContactId" in str(body["Message"])


# --------------------------------------------------------------------------- RPC V1


@pytest.mark.parametrize(("in_body", "method"), [(False, "POST"), (True, "POST"), (False, "GET")])
def test_rpc_v1_signed_request_is_answered(server: FakeServer, in_body: bool, method: str) -> None:
    full = rpc_params(PARAMS, method=method, **at())
    assert_ok(rpc_send(server, full, in_body=in_body, method=method))
    assert server.requests[-1].auth == "RPC"
    assert server.requests[-1].verified is True


def test_rpc_v1_wrong_secret(server: FakeServer) -> None:
    full = rpc_params(PARAMS, secret="wrong", **at())
    assert_error(rpc_send(server, full), 400, "SignatureDoesNotMatch")


def test_rpc_v1_tampered_parameter(server: FakeServer) -> None:
    full = {**rpc_params(PARAMS, **at()), "ContactId": "job-43"}
    assert_error(rpc_send(server, full), 400, "SignatureDoesNotMatch")


def test_rpc_v1_signed_for_get_sent_as_post(server: FakeServer) -> None:
    full = rpc_params(PARAMS, method="GET", **at())
    assert_error(rpc_send(server, full, method="POST"), 400, "SignatureDoesNotMatch")


@pytest.mark.parametrize("name", ["Signature", "AccessKeyId", "SignatureNonce", "Timestamp"])
def test_rpc_v1_missing_part_is_missing_parameter(server: FakeServer, name: str) -> None:
    full = rpc_params(PARAMS, **at())
    del full[name]
    body = assert_error(rpc_send(server, full), 400, "MissingParameter")
    assert f'"{name}"' in str(body["Message"])


@pytest.mark.parametrize(
    ("name", "value"), [("SignatureMethod", "HMAC-SHA256"), ("SignatureVersion", "2.0")]
)
def test_rpc_v1_other_scheme_is_incomplete_signature(
    server: FakeServer, name: str, value: str
) -> None:
    full = rpc_params(PARAMS, **at())
    full[name] = value
    full["Signature"] = signing.sign_rpc_v1("POST", full, SECRET)
    assert_error(rpc_send(server, full), 400, "IncompleteSignature")


def test_rpc_v1_unknown_key(server: FakeServer) -> None:
    full = rpc_params(PARAMS, key_id="LTAIsomeoneelse", **at())
    assert_error(rpc_send(server, full), 404, "InvalidAccessKeyId.NotFound")


def test_rpc_v1_expired_timestamp(server: FakeServer) -> None:
    full = rpc_params(PARAMS, **at(timedelta(minutes=-30)))
    assert_error(rpc_send(server, full), 400, "InvalidTimeStamp.Expired")


def test_rpc_v1_reused_nonce(server: FakeServer) -> None:
    nonce = str(uuid.uuid4())
    assert_ok(rpc_send(server, rpc_params(PARAMS, nonce=nonce, **at())))
    again = rpc_params(PARAMS, nonce=nonce, **at(timedelta(seconds=2)))
    assert_error(rpc_send(server, again), 400, "SignatureNonceUsed")


def test_rpc_v1_blank_parameter(server: FakeServer) -> None:
    full = rpc_params({"ContactId": "", "InstanceId": INSTANCE}, **at())
    body = assert_error(rpc_send(server, full), 400, "Parameter.Blank")
    assert body["Message"] == "The parameter ContactId may not be null or blank."


def test_undecodable_percent_encoding_is_invalid_parameter(server: FakeServer) -> None:
    with httpx.Client(verify=shared_ssl_context()) as client:
        response = client.post(f"{server.url}/?ContactId=%FF%FE&InstanceId={INSTANCE}")
    assert_error(response, 400, "InvalidParameter")


def test_an_oversized_body_is_413_and_the_server_keeps_serving(server: FakeServer) -> None:
    with httpx.Client(verify=shared_ssl_context()) as client:
        response = client.post(
            f"{server.url}/",
            content=b"a=" + b"x" * (1 << 20),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
    assert_error(response, 413, "RequestTooLarge")
    assert_ok(v3_send(server, PARAMS, **at()))
