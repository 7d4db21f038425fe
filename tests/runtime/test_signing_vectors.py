"""cccgen.runtime.signing against known answers: the embedded vectors and the official SDK's
shared vectors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cccgen.runtime.core import signing
from runtime.helpers import EMBEDDED_RPC, EMBEDDED_V3


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
