"""The pydantic models datamodel-code-generator produced: names, aliases, enums, forward compatibility."""

from __future__ import annotations

import copy
import json
from enum import Enum
from pathlib import Path
from typing import Any

import ccc
import pydantic
import pytest
from ccc import models
from ccc.models import get_call_detail_record as gcdr


def test_page_example_round_trips_byte_for_byte(page_example: dict[str, Any]) -> None:
    parsed = ccc.GetCallDetailRecordResponse.model_validate(page_example)
    dumped = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == page_example
    assert json.dumps(dumped, ensure_ascii=False, sort_keys=True) == json.dumps(
        page_example, ensure_ascii=False, sort_keys=True
    )


def test_round_trip_from_json_text(page_example: dict[str, Any]) -> None:
    text = json.dumps(page_example, ensure_ascii=False)
    parsed = ccc.GetCallDetailRecordResponse.model_validate_json(text)
    assert json.loads(parsed.model_dump_json(by_alias=True, exclude_unset=True)) == page_example


def test_snake_case_attributes_with_wire_aliases(page_example: dict[str, Any]) -> None:
    r = ccc.GetCallDetailRecordResponse.model_validate(page_example)
    assert r.http_status_code == 200
    assert r.request_id == "7BEEA660-A45A-45E3-98CC-AFC65E715C23"
    assert r.data.caller_location == " 山東省-淄博"  # kept verbatim, leading space included
    assert r.data.agent_events is not None
    assert r.data.agent_events[0].event_sequence is not None
    assert r.data.agent_events[0].event_sequence[0].duration == 3
    assert gcdr.CallDetailRecord.model_fields["established_time"].alias == "EstablishedTime"
    # populate by Python name works too
    assert ccc.GetCallDetailRecordRequest(contact_id="job-1", instance_id="ccc-test").model_dump(
        by_alias=True
    ) == {
        "ContactId": "job-1",
        "InstanceId": "ccc-test",
    }


def test_descriptions_come_from_the_spec() -> None:
    text = Path(gcdr.__file__).read_text(encoding="utf-8")
    assert "When the call was established, as a Unix timestamp in milliseconds" in text
    assert "通話建立的時間" in text
    assert (gcdr.ContactDisposition.__doc__ or "").strip().startswith("Why the call ended")


def test_spec_enums_are_python_enums() -> None:
    assert issubclass(ccc.ContactType, Enum)
    assert ccc.ContactType.BACK2_BACK.value == "BACK2BACK"
    assert ccc.QueueType.SKILL_GROUP.value == 1
    assert ccc.CustomerEventType.RELEASED.value == "released"
    assert ccc.CustomerEventType.RELEASED_CAPITALISED.value == "Released"
    assert {m.value for m in ccc.ReleaseInitiator} == {"agent", "customer"}


def test_known_enum_values_parse_to_members(page_example: dict[str, Any]) -> None:
    r = ccc.GetCallDetailRecordResponse.model_validate(page_example)
    assert r.data.contact_type is ccc.ContactType.OUTBOUND
    assert r.data.queue_events is not None
    assert r.data.queue_events[0].queue_type is ccc.QueueType.SKILL_GROUP


def test_unknown_enum_values_parse_as_plain_values(page_example: dict[str, Any]) -> None:
    page_example["Data"]["ContactType"] = "VIDEO_CALL"
    page_example["Data"]["QueueEvents"][0]["QueueType"] = 7
    r = ccc.GetCallDetailRecordResponse.model_validate(page_example)
    assert r.data.contact_type == "VIDEO_CALL" and not isinstance(r.data.contact_type, Enum)
    assert r.data.queue_events is not None and r.data.queue_events[0].queue_type == 7
    assert r.model_dump(mode="json", by_alias=True, exclude_unset=True) == page_example


def test_unknown_fields_are_kept_and_dumped_back(page_example: dict[str, Any]) -> None:
    page_example["Brand"] = {"New": True}
    page_example["Data"]["VideoDuration"] = 12
    page_example["Data"]["AgentEvents"][0]["EventSequence"][0]["Channel"] = "web"
    r = ccc.GetCallDetailRecordResponse.model_validate(page_example)
    assert r.model_extra == {"Brand": {"New": True}}
    assert r.data.model_extra == {"VideoDuration": 12}
    assert r.model_dump(mode="json", by_alias=True, exclude_unset=True) == page_example


def test_required_fields_are_required(page_example: dict[str, Any]) -> None:
    broken = copy.deepcopy(page_example)
    del broken["Data"]["ContactId"]
    with pytest.raises(pydantic.ValidationError) as info:
        ccc.GetCallDetailRecordResponse.model_validate(broken)
    assert info.value.errors()[0]["loc"] == ("Data", "ContactId")


def test_nullable_established_time(page_example: dict[str, Any]) -> None:
    page_example["Data"]["EstablishedTime"] = None
    r = ccc.GetCallDetailRecordResponse.model_validate(page_example)
    assert r.data.established_time is None
    assert (
        r.model_dump(mode="json", by_alias=True, exclude_unset=True)["Data"]["EstablishedTime"]
        is None
    )


def test_models_package_exports_every_class() -> None:
    for name in models.__all__:
        assert getattr(ccc, name) is getattr(models, name)
    assert "CallDetailRecord" in models.__all__ and "AnalyticsReport" in models.__all__
