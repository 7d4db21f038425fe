"""The generated client refuses blank or mistyped required parameters locally, without a
request, with the class the fake CCC server's own answer maps to."""

from __future__ import annotations

from typing import Any

import ccc
import pytest
from ccc import errors
from ccc.testing import FakeCCCServer
from client.helpers import (
    INSTANCE,
    PAGE_CONTACT,
    MakeClient,
    transport,
)


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
