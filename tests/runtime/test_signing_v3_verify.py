"""cccgen.runtime.signing's V3 verification (tampering, unsigned headers) and the parsing of
the Authorization header."""

from __future__ import annotations

from typing import Any

import pytest
from cccgen.runtime.core import signing
from runtime.helpers import EMBEDDED_V3


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
