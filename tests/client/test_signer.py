"""Building signed requests: a fresh signature per attempt, verifiable by the server's rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from ccc._runtime.core.credentials import Credentials
from ccc._runtime.core.endpoints import Endpoint
from ccc._runtime.core.errors import ConfigurationError
from ccc._runtime.core.signer import RequestSigner, signature_method
from ccc._runtime.core.signing import verify_rpc_v1, verify_v3

SECRET = "sign-secret-xyz"
TOKEN = "sign-token-abc"
PARAMS = {"ContactId": "job-ü/+ &=?*~%20中文", "InstanceId": "ccc test"}


def signer(signature: str, token: str | None = None, **extra: object) -> RequestSigner:
    return RequestSigner(
        credentials=Credentials("AKID", SECRET, token),
        endpoint=Endpoint("http", "127.0.0.1", 8080),
        version="2020-07-01",
        signature=signature_method(signature),
        **extra,  # type: ignore[arg-type]
    )


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def test_v3_request_verifies_with_awkward_characters() -> None:
    request = signer("ACS3-HMAC-SHA256", TOKEN).prepare("GetCallDetailRecord", PARAMS)
    assert request.method == "POST"
    assert query_of(request.url) == PARAMS  # the query decodes back to exactly the parameters
    assert request.headers["host"] == "127.0.0.1:8080"
    assert request.headers["x-acs-action"] == "GetCallDetailRecord"
    assert request.headers["x-acs-version"] == "2020-07-01"
    assert request.headers["x-acs-security-token"] == TOKEN
    assert verify_v3(
        "POST", "/", PARAMS, request.headers, b"", request.headers["authorization"], SECRET
    )
    assert not verify_v3(
        "POST", "/", PARAMS, request.headers, b"", request.headers["authorization"], "other"
    )


def test_rpc_v1_request_verifies_with_awkward_characters() -> None:
    request = signer("HMAC-SHA1", TOKEN).prepare("GetCallDetailRecord", PARAMS)
    query = query_of(request.url)
    assert query["ContactId"] == PARAMS["ContactId"]
    assert query["SecurityToken"] == TOKEN
    assert query["Action"] == "GetCallDetailRecord" and query["Version"] == "2020-07-01"
    assert verify_rpc_v1("POST", query, SECRET)
    assert not verify_rpc_v1("POST", {**query, "InstanceId": "other"}, SECRET)


def test_the_query_is_sent_in_rfc3986_form() -> None:
    request = signer("v3").prepare("A", {"K": "a b*~"})
    assert urlsplit(request.url).query == "K=a%20b%2A~"


@pytest.mark.parametrize("signature", ["v3", "rpc"])
def test_every_attempt_gets_a_fresh_nonce(signature: str) -> None:
    s = signer(signature)
    first, second = (s.prepare("A", {"K": "v"}) for _ in range(2))
    if signature == "v3":
        assert first.headers["x-acs-signature-nonce"] != second.headers["x-acs-signature-nonce"]
        assert first.headers["authorization"] != second.headers["authorization"]
    else:
        assert query_of(first.url)["SignatureNonce"] != query_of(second.url)["SignatureNonce"]


def test_clock_and_nonce_are_injectable() -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    s = signer("v3", clock=lambda: moment, nonce=lambda: "n-1")
    request = s.prepare("A", {})
    assert request.headers["x-acs-date"] == "2026-01-02T03:04:05Z"
    assert request.headers["x-acs-signature-nonce"] == "n-1"
    assert request.url == "http://127.0.0.1:8080/"


def test_reprs_show_no_secret_token_or_signature() -> None:
    for name in ("v3", "rpc"):
        s = signer(name, TOKEN)
        request = s.prepare("A", {"K": "v"})
        signature = request.headers.get("authorization") or query_of(request.url)["Signature"]
        for text in (repr(s), str(s), repr(request), str(request)):
            assert SECRET not in text and TOKEN not in text and signature not in text


@pytest.mark.parametrize("alias", ["v3", "V3", "ACS3-HMAC-SHA256", "rpc", "v1", "hmac-sha1"])
def test_signature_names_and_aliases(alias: str) -> None:
    assert signature_method(alias) in ("ACS3-HMAC-SHA256", "HMAC-SHA1")


def test_an_unknown_signature_method_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="signature must be one of"):
        signature_method("HMAC-SHA256")


@pytest.fixture(scope="module")
def vectors(shared_file: Callable[[str, str], Path]) -> dict[str, list[dict[str, Any]]]:
    """The official SDK's vectors, from ../shared/signing-vectors.json, by scheme."""
    path = shared_file("signing-vectors.json", "the official SDK's signing vectors")
    found: dict[str, list[dict[str, Any]]] = json.loads(path.read_text(encoding="utf-8"))
    return found


def at(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def test_what_the_client_sends_with_v3_matches_the_official_vectors(
    vectors: dict[str, list[dict[str, Any]]],
) -> None:
    """The signer as the client uses it (region endpoint, its own header set) reproduces the
    official SDK's Authorization for every V3 vector, given the vector's date and nonce."""
    for vector in vectors["v3_acs3_hmac_sha256"]:
        headers = vector["headers"]
        s = RequestSigner(
            credentials=Credentials(
                vector["access_key_id"],
                vector["access_key_secret"],
                headers.get("x-acs-security-token"),
            ),
            endpoint=Endpoint("https", headers["host"]),
            version=headers["x-acs-version"],
            clock=lambda stamp=headers["x-acs-date"]: at(stamp),  # type: ignore[misc]
            nonce=lambda n=headers["x-acs-signature-nonce"]: n,  # type: ignore[misc]
        )
        request = s.prepare(headers["x-acs-action"], vector["query"], method=vector["method"])
        assert request.headers["authorization"] == vector["authorization"]
        assert query_of(request.url) == vector["query"]


def test_what_the_client_sends_with_rpc_v1_matches_the_official_vectors(
    vectors: dict[str, list[dict[str, Any]]],
) -> None:
    matching = [
        v
        for v in vectors["rpc_v1_hmac_sha1"]
        if v["params"].get("Format") == "JSON" and "SecurityToken" not in v["params"]
    ]
    assert matching, "no RPC vector in the client's own shape (Format=JSON)"
    for vector in matching:
        params = vector["params"]
        common = {
            "Action", "Version", "Format", "AccessKeyId", "SignatureMethod",
            "SignatureVersion", "SignatureNonce", "Timestamp",
        }  # fmt: skip
        s = RequestSigner(
            credentials=Credentials(params["AccessKeyId"], vector["access_key_secret"]),
            endpoint=Endpoint("https", "ccc.cn-shanghai.aliyuncs.com"),
            version=params["Version"],
            signature="HMAC-SHA1",
            response_format=params["Format"],
            clock=lambda stamp=params["Timestamp"]: at(stamp),  # type: ignore[misc]
            nonce=lambda n=params["SignatureNonce"]: n,  # type: ignore[misc]
        )
        own = {k: v for k, v in params.items() if k not in common}
        request = s.prepare(params["Action"], own, method=vector["method"])
        sent = query_of(request.url)
        assert sent["Signature"] == vector["signature"]
        assert {k: v for k, v in sent.items() if k != "Signature"} == params
