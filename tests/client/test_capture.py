"""A response that does not fit the model is never lost: "warn" and "off" return it (typed
where it parses, built leniently where it does not), "strict" raises with the raw body."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable

import ccc
import pytest
from ccc.testing import FakeCCCServer
from client.helpers import (
    BROKEN_CONTACT,
    INSTANCE,
    KEY_ID,
    PAGE_CONTACT,
    SECRET,
    TYPED_DRIFT_CONTACT,
)
from client.loopback import ScriptedServer, answer

MakeClient = Callable[..., ccc.Client]


def test_warn_returns_a_type_drifted_body_with_its_issues(
    make_client: MakeClient, server: FakeCCCServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="ccc")
    client = make_client(validate="warn")
    response = client.get_call_detail_record_with_http_info(
        contact_id=TYPED_DRIFT_CONTACT, instance_id=INSTANCE
    )
    assert json.loads(response.content)["Data"]["CallDuration"] == "long"
    assert response.text == response.content.decode("utf-8")
    assert [(i.path, i.keyword) for i in response.issues] == [("/Data/CallDuration", "type")]
    assert response.lenient
    record = response.data
    # Leniently built: the typed model class, nested models typed, the odd value as received.
    assert isinstance(record, ccc.GetCallDetailRecordResponse)
    assert isinstance(record.data, ccc.CallDetailRecord)
    duration: object = record.data.call_duration  # lenient: the value as received
    assert duration == "long"
    assert record.data.contact_id == TYPED_DRIFT_CONTACT
    assert record.data.contact_type is ccc.ContactType.OUTBOUND  # fields that fit are typed
    assert record.data.agent_events is not None
    assert isinstance(record.data.agent_events[0], ccc.AgentEvent)
    assert "/Data/CallDuration" in caplog.text
    # The plain method returns the same model instead of raising.
    again = client.get_call_detail_record(contact_id=TYPED_DRIFT_CONTACT, instance_id=INSTANCE)
    again_duration: object = again.data.call_duration
    assert again_duration == "long"


def test_off_returns_a_type_drifted_body_without_checking(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    response = make_client(validate="off").get_call_detail_record_with_http_info(
        contact_id=TYPED_DRIFT_CONTACT, instance_id=INSTANCE
    )
    assert response.issues == () and response.lenient
    duration: object = response.data.data.call_duration  # lenient: the value as received
    assert duration == "long"


def test_a_fitting_body_is_not_lenient(make_client: MakeClient, server: FakeCCCServer) -> None:
    response = make_client().get_call_detail_record_with_http_info(
        contact_id=PAGE_CONTACT, instance_id=INSTANCE
    )
    assert not response.lenient and response.issues == ()
    assert response.data.data.call_duration == 50


@pytest.mark.parametrize("mode", ["off", "warn"])
def test_a_missing_required_field_comes_back_as_none(
    make_client: MakeClient, server: FakeCCCServer, mode: str
) -> None:
    response = make_client(validate=mode).get_call_detail_record_with_http_info(
        contact_id=BROKEN_CONTACT, instance_id=INSTANCE
    )
    events = response.data.data.agent_events
    assert events is not None and events[0].event_sequence is not None
    step = events[0].event_sequence[0]
    assert step.event is None and step.event_time is not None
    assert response.lenient
    assert mode == "off" or any(i.keyword == "required" for i in response.issues)


def test_strict_raises_carrying_the_raw_body(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    with pytest.raises(ccc.ResponseValidationError) as caught:
        make_client(validate="strict").get_call_detail_record(
            contact_id=TYPED_DRIFT_CONTACT, instance_id=INSTANCE
        )
    error = caught.value
    assert isinstance(error, ccc.InvalidResponseError)
    assert error.content is not None
    assert json.loads(error.content)["Data"]["CallDuration"] == "long"
    assert error.text == error.content.decode()
    assert [i.path for i in error.issues] == ["/Data/CallDuration"]
    assert "long" not in repr(error)[:0] and len(repr(error)) < 400  # the body stays out


@pytest.mark.parametrize("body", [b"<html>busy</html>", b"[1, 2]", b"", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_raised_with_the_raw_body(body: bytes) -> None:
    with ScriptedServer(answer(200, body, {"Content-Type": "text/html"})) as server:
        for mode in ("off", "warn"):
            with (
                ccc.Client(
                    endpoint=server.url,
                    access_key_id=KEY_ID,
                    access_key_secret=SECRET,
                    validate=mode,
                ) as client,
                pytest.raises(ccc.InvalidResponseError) as caught,
            ):
                client.get_call_detail_record(contact_id="c", instance_id=INSTANCE)
            assert caught.value.content == body
            assert caught.value.http_status == 200


def test_async_warn_returns_a_type_drifted_body(server: FakeCCCServer) -> None:
    async def run() -> ccc.ApiResponse[ccc.GetCallDetailRecordResponse]:
        async with ccc.AsyncClient(
            endpoint=server.url, access_key_id=KEY_ID, access_key_secret=SECRET
        ) as client:
            return await client.get_call_detail_record_with_http_info(
                contact_id=TYPED_DRIFT_CONTACT, instance_id=INSTANCE
            )

    response = asyncio.run(run())
    duration: object = response.data.data.call_duration  # lenient: the value as received
    assert response.lenient and duration == "long"
    assert response.issues[0].path == "/Data/CallDuration"
