"""The generated clients' calls end to end against the fake CCC server, over real loopback HTTP:
typed records, both signatures, STS and environment credentials, methods from the spec."""

from __future__ import annotations

import inspect

import ccc
import pytest
from ccc import errors
from ccc.testing import FakeCCCServer
from client.helpers import (
    INSTANCE,
    KEY_ID,
    ODD_CONTACT,
    PAGE_CONTACT,
    SECRET,
    TOKEN,
    MakeClient,
)


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
