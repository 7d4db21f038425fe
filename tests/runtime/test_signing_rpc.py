"""cccgen.runtime.signing's RPC V1 (HMAC-SHA1) scheme: parameters, string to sign,
signature and verification."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cccgen.runtime.core import signing
from runtime.helpers import EMBEDDED_RPC


def test_build_rpc_v1_params_then_sign_matches_shared_ccc_vector() -> None:
    params = signing.build_rpc_v1_params(
        action="GetCallDetailRecord",
        version="2020-07-01",
        access_key_id="testid",
        api_params={"ContactId": "job-10963442671187", "InstanceId": "ccc-test"},
        clock=lambda: datetime(2026, 11, 25, 8, 0, 0, tzinfo=UTC),
        nonce=lambda: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    )
    assert params == {
        "Timestamp": "2026-11-25T08:00:00Z",
        "Format": "JSON",
        "AccessKeyId": "testid",
        "Action": "GetCallDetailRecord",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "Version": "2020-07-01",
        "SignatureVersion": "1.0",
        "ContactId": "job-10963442671187",
        "InstanceId": "ccc-test",
    }
    # The second RPC vector in shared/signing-vectors.json.
    assert signing.sign_rpc_v1("POST", params, "testsecret") == "6ZCCJSFHfCRJVt9CqaTdV4GjdBo="


def test_build_rpc_v1_params_security_token_and_fresh_nonce() -> None:
    a = signing.build_rpc_v1_params(action="A", version="1", access_key_id="id", security_token="t")
    b = signing.build_rpc_v1_params(action="A", version="1", access_key_id="id")
    assert a["SecurityToken"] == "t"
    assert "SecurityToken" not in b
    assert a["SignatureNonce"] != b["SignatureNonce"]


def test_build_rpc_v1_params_rejects_clashing_names() -> None:
    with pytest.raises(signing.SigningError, match="Action"):
        signing.build_rpc_v1_params(
            action="A", version="1", access_key_id="id", api_params={"Action": "B"}
        )


def test_string_to_sign_rpc_v1_ignores_signature_and_double_encodes() -> None:
    sts = signing.string_to_sign_rpc_v1("get", {"b": "x y", "a": "/", "Signature": "zzz"})
    assert sts == "GET&%2F&a%3D%252F%26b%3Dx%2520y"


def test_verify_rpc_v1_rejects_tampering_and_bad_shape() -> None:
    params = {**EMBEDDED_RPC["params"], "Signature": EMBEDDED_RPC["signature"]}
    secret = EMBEDDED_RPC["access_key_secret"]
    assert signing.verify_rpc_v1("GET", params, secret)
    assert not signing.verify_rpc_v1("POST", params, secret)
    assert not signing.verify_rpc_v1("GET", params, secret + "x")
    assert not signing.verify_rpc_v1("GET", {**params, "Action": "DeleteAll"}, secret)
    assert not signing.verify_rpc_v1("GET", {**params, "Signature": "é" * 28}, secret)
    with pytest.raises(signing.MalformedSignatureError, match="no Signature"):
        signing.verify_rpc_v1("GET", EMBEDDED_RPC["params"], secret)
    with pytest.raises(signing.MalformedSignatureError, match="SignatureMethod"):
        signing.verify_rpc_v1("GET", {**params, "SignatureMethod": "HMAC-SHA256"}, secret)
    with pytest.raises(signing.MalformedSignatureError, match="SignatureVersion"):
        signing.verify_rpc_v1("GET", {**params, "SignatureVersion": "2.0"}, secret)
