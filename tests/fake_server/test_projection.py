"""A listing's items are projected by `Projection` (what `project` needs of the listing's fields
and enums worked out once, not once a record): it gives what `project` gives, record for
record, on synthetic CDRs and on the awkward cases."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from ccc._runtime.tools.fake_server.listing import ListingIndex, Projection, project
from ccc._runtime.tools.fake_server.synthetic import SyntheticOptions, synthetic_records
from ccc.testing import _description, _response_schema

FIELDS = {
    "Id": "string",
    "Count": "integer",
    "Ratio": "number",
    "Flag": "boolean",
    "Blob": "object",
    "Items": "array",
    "Free": "any",
    "Kind": "string",
    "Level": "string",
}
ENUMS = {"Kind": ["Outbound", "Inbound", "in_bound", "CALL_BACK"], "Level": []}
AWKWARD: list[dict[str, Any]] = [
    {},
    {"Id": None, "Count": None, "Kind": None},
    {"Id": 12, "Count": "34", "Ratio": 1.5, "Flag": True, "Blob": {}, "Items": [], "Free": None},
    {"Id": True, "Count": True, "Ratio": "1.5", "Flag": 1, "Blob": [], "Items": {}, "Free": 0},
    {"Id": "x", "Count": "12a", "Ratio": False, "Flag": "true", "Free": {"a": [1]}},
    {"Count": "-123456789012345678", "Other": "not a field"},
    {"Count": "1234567890123456789", "Ratio": 2},
    {"Kind": "OUTBOUND"},  # respelled: Outbound
    {"Kind": "INBOUND"},  # two known values spell it: the first one, Inbound
    {"Kind": "callback"},  # CALL_BACK
    {"Kind": "Outbound"},  # known as it is
    {"Kind": "SIDEWAYS"},  # unknown: kept
    {"Kind": 7},  # a number for a string field: its text, not an enum value
    {"Level": "ANY"},  # no known values
]


@pytest.mark.parametrize("record", AWKWARD)
def test_projection_is_project_on_awkward_records(record: dict[str, Any]) -> None:
    projected = Projection(FIELDS, ENUMS)(record)
    assert projected == project(record, FIELDS, ENUMS)
    assert [type(v) for v in projected.values()] == [
        type(v) for v in project(record, FIELDS, ENUMS).values()
    ]
    assert Projection(FIELDS)(record) == project(record, FIELDS)


def test_respelled_enum_values() -> None:
    projection = Projection(FIELDS, ENUMS)
    assert projection({"Kind": "OUTBOUND"}) == {"Kind": "Outbound"}
    assert projection({"Kind": "INBOUND"}) == {"Kind": "Inbound"}
    assert projection({"Kind": "callback"}) == {"Kind": "CALL_BACK"}
    assert projection({"Kind": "SIDEWAYS"}) == {"Kind": "SIDEWAYS"}


def test_projection_is_project_on_synthetic_cdrs() -> None:
    """The spec's listing (ListCallDetailRecords lists GetCallDetailRecord's CDRs, respelling
    enum values and turning integers to strings) over 3,000 synthetic records."""
    operations = _description()[0]
    listing = operations["ListCallDetailRecords"].listing
    assert listing is not None and listing.window is not None
    schema = _response_schema("GetCallDetailRecord")
    assert schema is not None
    record_schema = schema["properties"]["Data"]
    records = synthetic_records(
        record_schema,
        SyntheticOptions(3000, seed=5, start_ms=0, end_ms=86_400_000),
        time_field=listing.window.field,
        match=("ContactId", "InstanceId"),
    )
    projection = Projection(listing.fields, listing.enums)
    respelled = 0
    for record in records:
        item = projection(record)
        assert item == project(record, listing.fields, listing.enums)
        respelled += any(item.get(k) != record.get(k) for k in listing.enums if k in item)
    assert respelled > 0  # the enum respelling was exercised


SEEN: list[bool] = []


class _Probe(dict[str, Any]):
    """A record that notes in SEEN whether the cyclic collector is on each time it is read."""

    def get(self, key: str, default: Any = None) -> Any:
        SEEN.append(gc.isenabled())
        return super().get(key, default)


def test_the_collector_is_paused_while_the_listing_index_is_built_only() -> None:
    """The items of a listing are made with the cyclic collector paused (they form no cycles;
    beside 50,000 stored records, the collections their allocations set off were most of the
    build), and it is on again afterwards."""
    listing = _description()[0]["ListCallDetailRecords"].listing
    assert listing is not None
    SEEN.clear()
    assert gc.isenabled()
    index = ListingIndex(listing, [_Probe(ContactId="job-1", StartTime=5, InstanceId="i")])
    assert SEEN and not any(SEEN)
    assert gc.isenabled()
    assert [item["ContactId"] for item in index.items] == ["job-1"]
    assert index.moments == [5]
