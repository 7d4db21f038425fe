"""The generated client's response validation modes (warn, strict, off) on drifted records from
the fake CCC server."""

from __future__ import annotations

import logging

import ccc
import pytest
from ccc.testing import FakeCCCServer
from client.helpers import (
    BROKEN_CONTACT,
    DRIFT_CONTACT,
    INSTANCE,
    PAGE_CONTACT,
    MakeClient,
)


def test_warn_logs_drift_and_still_returns_the_model(
    make_client: MakeClient, server: FakeCCCServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="ccc")
    response = make_client(validate="warn").get_call_detail_record_with_http_info(
        contact_id=DRIFT_CONTACT, instance_id=INSTANCE
    )
    assert response.data.data.contact_type == "TELEPATHIC"  # open enum keeps the value
    keywords = {i.keyword for i in response.issues}
    assert keywords == {"additionalProperties", "enum"}
    (record,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    text = record.getMessage()
    assert "GetCallDetailRecord" in text and "/Data/ContactType" in text
    assert response.request_id is not None and response.request_id in text


def test_strict_raises_listing_the_issues(make_client: MakeClient, server: FakeCCCServer) -> None:
    with pytest.raises(ccc.ResponseValidationError) as caught:
        make_client(validate="strict").get_call_detail_record(
            contact_id=DRIFT_CONTACT, instance_id=INSTANCE
        )
    paths = {i.path for i in caught.value.issues}
    assert "/Data/ContactType" in paths
    assert caught.value.http_status == 200 and caught.value.request_id
    assert "/Data/ContactType" in str(caught.value)


def test_strict_passes_a_clean_record(make_client: MakeClient, server: FakeCCCServer) -> None:
    response = make_client(validate="strict").get_call_detail_record_with_http_info(
        contact_id=PAGE_CONTACT, instance_id=INSTANCE
    )
    assert response.issues == ()


def test_off_skips_validation(
    make_client: MakeClient, server: FakeCCCServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="ccc")
    response = make_client(validate="off").get_call_detail_record_with_http_info(
        contact_id=DRIFT_CONTACT, instance_id=INSTANCE
    )
    assert response.issues == () and not caplog.records


def test_strict_raises_on_a_record_the_model_cannot_hold(
    make_client: MakeClient, server: FakeCCCServer
) -> None:
    with pytest.raises(ccc.ResponseValidationError) as caught:
        make_client(validate="strict").get_call_detail_record(
            contact_id=BROKEN_CONTACT, instance_id=INSTANCE
        )
    assert "AgentEvents" in str(caught.value)
