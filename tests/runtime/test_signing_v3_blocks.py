"""cccgen.runtime.signing's V3 building blocks: percent-encoding, canonical query, headers and
request, string to sign, and the headers a signed request carries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from cccgen.runtime.core import signing
from runtime.helpers import EMBEDDED_V3, EMPTY_SHA256


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
