"""Tests for cccgen.runtime.signing: known answers, verification and tampering."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from cccgen.runtime.core import signing
from hypothesis import assume, given
from hypothesis import strategies as st

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

# One vector of each scheme copied from shared/signing-vectors.json, so these tests run even
# where the shared folder is absent.
EMBEDDED_V3: dict[str, Any] = {
    "method": "POST",
    "query": {"ContactId": "job 1/2+3*~é測試", "InstanceId": "ccc-test"},
    "headers": {
        "host": "ccc.cn-shanghai.aliyuncs.com",
        "x-acs-action": "GetCallDetailRecord",
        "x-acs-version": "2020-07-01",
        "x-acs-date": "2026-11-25T08:00:00Z",
        "x-acs-signature-nonce": "3ee8c1b883d344afa94f4e0ad82fd6cf",
        "x-acs-security-token": "sts-token-abc",
        "x-acs-content-sha256": EMPTY_SHA256,
    },
    "access_key_id": "LTAI5tExample",
    "access_key_secret": "s3cr3t/+=",
    "authorization": "ACS3-HMAC-SHA256 Credential=LTAI5tExample,SignedHeaders=host;"
    "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;"
    "x-acs-signature-nonce;x-acs-version,"
    "Signature=67f88524f87a905a2eebc7e39faa88b0a4e0e0b3c8f3d3f044d238b4ff27bdbf",
}
EMBEDDED_RPC: dict[str, Any] = {
    "method": "GET",
    "params": {
        "Timestamp": "2016-02-23T12:46:24Z",
        "Format": "XML",
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "Version": "2014-05-26",
        "SignatureVersion": "1.0",
    },
    "access_key_secret": "testsecret",
    "signature": "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
}


@pytest.fixture(scope="module")
def shared_vectors(shared_file: Callable[[str, str], Path]) -> dict[str, list[dict[str, Any]]]:
    """The official SDK's vectors, from ../shared/signing-vectors.json, by scheme."""
    path = shared_file("signing-vectors.json", "the official SDK's signing vectors")
    found: dict[str, list[dict[str, Any]]] = json.loads(path.read_text("utf-8"))
    for kind in ("v3_acs3_hmac_sha256", "rpc_v1_hmac_sha1"):
        assert found.get(kind), f"no {kind} vectors in {path}"
    return found


def _sign_v3_vector(vector: dict[str, Any]) -> str:
    return signing.sign_v3(
        vector["method"],
        "/",
        vector["query"],
        vector["headers"],
        b"",
        vector["access_key_id"],
        vector["access_key_secret"],
    )


# --------------------------------------------------------------------------- known answers


def test_v3_embedded_vector() -> None:
    assert _sign_v3_vector(EMBEDDED_V3) == EMBEDDED_V3["authorization"]


def test_rpc_embedded_vector() -> None:
    signature = signing.sign_rpc_v1(
        EMBEDDED_RPC["method"], EMBEDDED_RPC["params"], EMBEDDED_RPC["access_key_secret"]
    )
    assert signature == EMBEDDED_RPC["signature"]


def test_v3_shared_vectors(shared_vectors: dict[str, list[dict[str, Any]]]) -> None:
    for vector in shared_vectors["v3_acs3_hmac_sha256"]:
        assert _sign_v3_vector(vector) == vector["authorization"]
        assert signing.verify_v3(
            vector["method"],
            "/",
            vector["query"],
            vector["headers"],
            b"",
            vector["authorization"],
            vector["access_key_secret"],
        )


def test_rpc_shared_vectors(shared_vectors: dict[str, list[dict[str, Any]]]) -> None:
    for vector in shared_vectors["rpc_v1_hmac_sha1"]:
        secret = vector["access_key_secret"]
        assert (
            signing.sign_rpc_v1(vector["method"], vector["params"], secret) == vector["signature"]
        )
        signed = {**vector["params"], "Signature": vector["signature"]}
        assert signing.verify_rpc_v1(vector["method"], signed, secret)


def test_embedded_vectors_match_shared_file(
    shared_vectors: dict[str, list[dict[str, Any]]],
) -> None:
    v3 = shared_vectors["v3_acs3_hmac_sha256"]
    rpc = shared_vectors["rpc_v1_hmac_sha1"]
    assert EMBEDDED_V3 in v3
    assert EMBEDDED_RPC in rpc


# --------------------------------------------------------------------------- building blocks


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        ("AZaz09-_.~", "AZaz09-_.~"),
        ("a b", "a%20b"),
        ("*", "%2A"),
        ("+", "%2B"),
        ("/", "%2F"),
        ("=&?#%", "%3D%26%3F%23%25"),
        ("é", "%C3%A9"),
        ("測", "%E6%B8%AC"),
        ("😀", "%F0%9F%98%80"),
        ("", ""),
    ],
)
def test_percent_encode(raw: str, encoded: str) -> None:
    assert signing.percent_encode(raw) == encoded


def test_canonical_query_sorts_by_name_and_encodes_both_sides() -> None:
    query = {"b": "2", "a b": "x y", "A": "1", "a": "é"}
    assert signing.canonical_query_string(query) == "A=1&a=%C3%A9&a%20b=x%20y&b=2"
    assert signing.canonical_query_string({}) == ""


def test_canonical_request_v3_layout() -> None:
    headers = {
        "Host": "ccc.cn-shanghai.aliyuncs.com",
        "X-Acs-Date": " 2026-11-25T08:00:00Z\t",
        "x-acs-action": "GetCallDetailRecord",
        "accept": "application/json",
    }
    canonical = signing.canonical_request_v3(
        "post", "", {"InstanceId": "ccc-test", "ContactId": "c 1"}, headers, EMPTY_SHA256
    )
    assert canonical == (
        "POST\n/\nContactId=c%201&InstanceId=ccc-test\n"
        "host:ccc.cn-shanghai.aliyuncs.com\n"
        "x-acs-action:GetCallDetailRecord\n"
        "x-acs-date:2026-11-25T08:00:00Z\n"
        "\nhost;x-acs-action;x-acs-date\n" + EMPTY_SHA256
    )


def test_string_to_sign_and_signature_v3() -> None:
    sts = signing.string_to_sign_v3("abc")
    assert sts == (
        "ACS3-HMAC-SHA256\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    # RFC 4231 test case 2 for HMAC-SHA256.
    assert signing.signature_v3("what do ya want for nothing?", "Jefe") == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


def test_build_v3_headers_is_deterministic_with_injected_clock_and_nonce() -> None:
    tz = timezone(timedelta(hours=8))
    headers = signing.build_v3_headers(
        host="ccc.cn-shanghai.aliyuncs.com",
        action="GetCallDetailRecord",
        version="2020-07-01",
        security_token="sts-token-abc",
        clock=lambda: datetime(2026, 11, 25, 16, 0, 0, tzinfo=tz),
        nonce=lambda: "3ee8c1b883d344afa94f4e0ad82fd6cf",
    )
    assert headers == EMBEDDED_V3["headers"]
    authorization = signing.sign_v3(
        "POST", "/", EMBEDDED_V3["query"], headers, b"", "LTAI5tExample", "s3cr3t/+="
    )
    assert authorization == EMBEDDED_V3["authorization"]


def test_build_v3_headers_defaults_are_fresh() -> None:
    first = signing.build_v3_headers(host="h.example", action="A", version="1", body=b"{}")
    second = signing.build_v3_headers(host="h.example", action="A", version="1")
    assert first["x-acs-signature-nonce"] != second["x-acs-signature-nonce"]
    assert len(first["x-acs-signature-nonce"]) == 32
    assert "x-acs-security-token" not in first
    assert first["x-acs-content-sha256"] == (
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    )
    stamped = datetime.strptime(first["x-acs-date"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - stamped) < timedelta(minutes=1)


def test_build_signed_v3_headers_verifies() -> None:
    headers = signing.build_signed_v3_headers(
        method="POST",
        path="/",
        query={"ContactId": "job-1", "InstanceId": "ccc-test"},
        host="ccc.aliyuncs.com",
        action="GetCallDetailRecord",
        version="2020-07-01",
        access_key_id="id",
        access_key_secret="secret",
        content_type="application/json",
    )
    assert "content-type" in headers["authorization"].split("SignedHeaders=")[1]
    assert signing.verify_v3(
        "POST",
        "/",
        {"ContactId": "job-1", "InstanceId": "ccc-test"},
        headers,
        b"",
        headers["authorization"],
        "secret",
    )


def test_naive_clock_is_rejected() -> None:
    with pytest.raises(signing.SigningError, match="timezone-aware"):
        signing.build_v3_headers(
            host="h", action="A", version="1", clock=lambda: datetime(2026, 1, 1)
        )


def test_sign_v3_requires_host_and_matching_body_hash() -> None:
    headers = dict(EMBEDDED_V3["headers"])
    with pytest.raises(signing.SigningError, match="x-acs-content-sha256"):
        signing.sign_v3("POST", "/", {}, headers, b"not empty", "id", "secret")
    del headers["host"]
    with pytest.raises(signing.SigningError, match="host"):
        signing.sign_v3("POST", "/", {}, headers, b"", "id", "secret")


def test_duplicate_header_names_differing_in_case_are_rejected() -> None:
    with pytest.raises(signing.SigningError, match="more than once"):
        signing.canonical_headers({"Host": "a", "host": "b"})


def test_explicit_signed_header_list_must_exist_in_request() -> None:
    with pytest.raises(signing.SigningError, match="x-acs-date"):
        signing.canonical_headers({"host": "a"}, ["host", "x-acs-date"])


# --------------------------------------------------------------------------- V3 verification


def _verify_embedded(**changes: Any) -> bool:
    args: dict[str, Any] = {
        "method": "POST",
        "path": "/",
        "query": EMBEDDED_V3["query"],
        "headers": EMBEDDED_V3["headers"],
        "body": b"",
        "authorization": EMBEDDED_V3["authorization"],
        "access_key_secret": EMBEDDED_V3["access_key_secret"],
    }
    args.update(changes)
    return signing.verify_v3(**args)


def test_verify_v3_accepts_the_real_request_with_any_header_case() -> None:
    assert _verify_embedded()
    upper = {name.upper(): value for name, value in EMBEDDED_V3["headers"].items()}
    assert _verify_embedded(headers=upper)
    parsed = signing.parse_v3_authorization(EMBEDDED_V3["authorization"])
    assert _verify_embedded(authorization=parsed)


def test_verify_v3_rejects_tampering() -> None:
    headers = EMBEDDED_V3["headers"]
    assert not _verify_embedded(method="GET")
    assert not _verify_embedded(path="/other")
    assert not _verify_embedded(query={**EMBEDDED_V3["query"], "InstanceId": "ccc-prod"})
    assert not _verify_embedded(query={**EMBEDDED_V3["query"], "Extra": "1"})
    assert not _verify_embedded(headers={**headers, "x-acs-date": "2026-11-25T08:00:01Z"})
    assert not _verify_embedded(access_key_secret="s3cr3t/+")
    # A different body: the declared hash no longer matches, and neither would the signature.
    assert not _verify_embedded(body=b"{}")


def test_verify_v3_rejects_unsigned_or_missing_headers() -> None:
    headers = dict(EMBEDDED_V3["headers"])
    # An x-acs-* header the signature does not cover could have been injected in transit.
    assert not _verify_embedded(headers={**headers, "x-acs-extra": "1"})
    assert not _verify_embedded(headers={**headers, "content-type": "application/json"})
    # Unrelated headers (added by proxies or HTTP clients) are fine.
    assert _verify_embedded(headers={**headers, "user-agent": "x", "accept": "*/*"})
    del headers["x-acs-security-token"]
    assert not _verify_embedded(headers=headers)


def test_verify_v3_raises_on_malformed_authorization() -> None:
    with pytest.raises(signing.MalformedSignatureError):
        _verify_embedded(authorization="garbage")


# --------------------------------------------------------------------------- parsing


def test_parse_v3_authorization() -> None:
    parsed = signing.parse_v3_authorization(EMBEDDED_V3["authorization"])
    assert parsed == signing.ParsedAuthorization(
        algorithm="ACS3-HMAC-SHA256",
        access_key_id="LTAI5tExample",
        signed_headers=(
            "host",
            "x-acs-action",
            "x-acs-content-sha256",
            "x-acs-date",
            "x-acs-security-token",
            "x-acs-signature-nonce",
            "x-acs-version",
        ),
        signature="67f88524f87a905a2eebc7e39faa88b0a4e0e0b3c8f3d3f044d238b4ff27bdbf",
    )


def test_parse_v3_authorization_tolerates_spaces_after_commas() -> None:
    sig = "a" * 64
    value = f"ACS3-HMAC-SHA256 Credential=id, SignedHeaders=host, Signature={sig.upper()}"
    parsed = signing.parse_v3_authorization(value)
    assert parsed.signed_headers == ("host",)
    assert parsed.signature == sig


GOOD_SIG = "0" * 64


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("", "must start"),
        ("ACS3-HMAC-SHA1 Credential=a,SignedHeaders=host,Signature=" + GOOD_SIG, "must start"),
        ("Bearer abc", "must start"),
        ("ACS3-HMAC-SHA256", "Name=value"),
        ("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host", "lacks Signature"),
        ("ACS3-HMAC-SHA256 SignedHeaders=host,Signature=" + GOOD_SIG, "lacks Credential"),
        ("ACS3-HMAC-SHA256 Credential=a,Signature=" + GOOD_SIG, "lacks SignedHeaders"),
        ("ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=" + GOOD_SIG, "empty"),
        (
            "ACS3-HMAC-SHA256 Credential=a,Credential=b,SignedHeaders=host,Signature=" + GOOD_SIG,
            "repeated",
        ),
        ("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=xyz", "64 hex"),
        ("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=" + "0" * 63, "64 hex"),
        ("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host;;x,Signature=" + GOOD_SIG, "invalid"),
        ("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=Host,Signature=" + GOOD_SIG, "invalid"),
        ("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host;host,Signature=" + GOOD_SIG, "twice"),
        ("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=" + GOOD_SIG + ",X=1", "X"),
        ("ACS3-HMAC-SHA256 Credential=a b,SignedHeaders=host,Signature=" + GOOD_SIG, "space"),
    ],
)
def test_parse_v3_authorization_rejects_malformed(value: str, complaint: str) -> None:
    with pytest.raises(signing.MalformedSignatureError, match=complaint) as caught:
        signing.parse_v3_authorization(value)
    assert isinstance(caught.value, ValueError)


# --------------------------------------------------------------------------- RPC V1


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


# --------------------------------------------------------------------------- properties

# Realistic AccessKey secrets. HMAC pads short keys with zero bytes, so secrets that differ
# only by trailing NULs would be equivalent keys: keep NUL out of the alphabet.
secrets_strategy = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40
)
# Any unicode except lone surrogates, which cannot be UTF-8 encoded and cannot travel in HTTP.
values_strategy = st.text(st.characters(codec="utf-8"), max_size=30)


@st.composite
def changed_value(draw: st.DrawFn, value: str) -> str:
    """``value`` with exactly one character replaced (or one appended, if it is empty)."""
    replacement = draw(st.characters(codec="utf-8"))
    if not value:
        return replacement
    index = draw(st.integers(0, len(value) - 1))
    assume(replacement != value[index])
    return value[:index] + replacement + value[index + 1 :]


def _v3_headers() -> dict[str, str]:
    return signing.build_v3_headers(
        host="ccc.cn-shanghai.aliyuncs.com",
        action="GetCallDetailRecord",
        version="2020-07-01",
        clock=lambda: datetime(2026, 11, 25, 8, 0, 0, tzinfo=UTC),
        nonce=lambda: "0123456789abcdef0123456789abcdef",
    )


@given(
    contact_id=values_strategy,
    instance_id=values_strategy,
    secret=secrets_strategy,
    other_secret=secrets_strategy,
    data=st.data(),
)
def test_v3_sign_verify_round_trip_and_tamper(
    contact_id: str, instance_id: str, secret: str, other_secret: str, data: st.DataObject
) -> None:
    query = {"ContactId": contact_id, "InstanceId": instance_id}
    headers = _v3_headers()
    auth = signing.sign_v3("POST", "/", query, headers, b"", "LTAIkey", secret)
    assert signing.verify_v3("POST", "/", query, headers, b"", auth, secret)

    tampered = {**query, "ContactId": data.draw(changed_value(contact_id))}
    assert not signing.verify_v3("POST", "/", tampered, headers, b"", auth, secret)

    assume(other_secret != secret)
    assert not signing.verify_v3("POST", "/", query, headers, b"", auth, other_secret)


@given(
    value=values_strategy, secret=secrets_strategy, other_secret=secrets_strategy, data=st.data()
)
def test_rpc_sign_verify_round_trip_and_tamper(
    value: str, secret: str, other_secret: str, data: st.DataObject
) -> None:
    params = signing.build_rpc_v1_params(
        action="GetCallDetailRecord",
        version="2020-07-01",
        access_key_id="LTAIkey",
        api_params={"ContactId": value, "InstanceId": "ccc-test"},
    )
    params["Signature"] = signing.sign_rpc_v1("POST", params, secret)
    assert signing.verify_rpc_v1("POST", params, secret)

    tampered = {**params, "ContactId": data.draw(changed_value(value))}
    assert not signing.verify_rpc_v1("POST", tampered, secret)

    assume(other_secret != secret)
    assert not signing.verify_rpc_v1("POST", params, other_secret)


# --------------------------------------------------------------------------- secrecy

SECRET = "Sup3rS3cretValue"
TOKEN = "StsT0kenValue"


def _messages_of_signing_errors() -> list[str]:
    """Provoke every error path that has the secret or token in scope; collect messages."""
    messages: list[str] = []
    headers = {
        "host": "h",
        "x-acs-date": "2026-11-25T08:00:00Z",
        "x-acs-security-token": TOKEN,
        "x-acs-content-sha256": EMPTY_SHA256,
    }
    attempts: list[Callable[[], object]] = [
        lambda: signing.sign_v3("POST", "/", {}, {**headers, "HOST": "x"}, b"", "id", SECRET),
        lambda: signing.sign_v3("POST", "/", {}, headers, b"body", "id", SECRET),
        lambda: signing.sign_v3("POST", "/", {}, {"x-acs-date": "d"}, b"", "id", SECRET),
        lambda: signing.build_v3_headers(
            host="h", action="A", version="1", security_token=TOKEN, clock=lambda: datetime.now()
        ),
        lambda: signing.build_rpc_v1_params(
            action="A", version="1", access_key_id="id", api_params={"SecurityToken": TOKEN}
        ),
        lambda: signing.verify_rpc_v1("GET", {"SecurityToken": TOKEN}, SECRET),
        lambda: signing.verify_v3("POST", "/", {}, headers, b"", f"Bearer {SECRET}", SECRET),
    ]
    for attempt in attempts:
        with pytest.raises(ValueError) as caught:
            attempt()
        messages.append(str(caught.value))
    return messages


def test_error_messages_never_contain_secret_or_token() -> None:
    for message in _messages_of_signing_errors():
        assert SECRET not in message
        assert TOKEN not in message
