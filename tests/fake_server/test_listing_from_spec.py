"""The listing the generator derives from the spec (emit/listing.py), on the committed spec
(ListCallDetailRecords as `cccgen import` writes it): ListCallDetailRecords lists
GetCallDetailRecord's CDRs, and what the server lists fits ListCallDetailRecords' strict schema."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import jsonschema
import pytest
from cccgen import model as m
from cccgen.emit.json_schema import response_schema
from cccgen.emit.listing import listing_of
from cccgen.emit.testing import description, fake_operation, gateway_errors
from cccgen.runtime.tools.fake_server.description import operations_from_description
from cccgen.runtime.tools.fake_server.fake_server import FakeServer
from fake_server.helpers import KEY_ID, SECRET, cdr, v3_send

NOW = datetime(2026, 12, 2, 6, 0, 0, tzinfo=UTC)
NOW_MS = int(NOW.timestamp() * 1000)


@pytest.fixture(scope="module")
def family(service: m.Service) -> m.Service:
    """The committed spec: ListCallDetailRecords as `cccgen import` writes it."""
    return service


def _op(service: m.Service, name: str) -> m.Operation:
    return next(op for op in service.operations if op.name == name)


def test_the_listing_is_derived_from_the_spec(family: m.Service) -> None:
    listing = description(family)["operations"]["ListCallDetailRecords"]["listing"]
    assert listing["records_of"] == "GetCallDetailRecord"
    assert (listing["items"], listing["total"]) == (["Data", "List"], ["Data", "TotalCount"])
    assert (listing["max_page_size"], listing["max_pages"]) == (100, 100)
    assert listing["window"] == {"start": "StartTime", "end": "EndTime", "field": "StartTime"}
    assert {"InstanceId", "ContactType", "ContactId"} <= set(listing["filters"])
    assert not {"PageNumber", "PageSize", "StartTime", "SortOrder"} & set(listing["filters"])
    assert listing["order"] == "SortOrder"
    assert listing["fields"]["CallDuration"] == "string"  # an integer in the CDR
    assert "Outbound" in listing["enums"]["ContactType"]
    # A paged operation never selects a record, even though its Data has PageNumber.
    assert fake_operation(_op(family, "ListCallDetailRecords")).match == {}


def test_no_listing_without_the_get_list_pair(family: m.Service) -> None:
    tables = {t.name: t for t in map(fake_operation, family.operations)}
    listing_op = _op(family, "ListCallDetailRecords")
    assert listing_of(dataclasses.replace(listing_op, name="ListCalls"), tables) is None
    assert listing_of(dataclasses.replace(listing_op, paging=None), tables) is None
    unmatched = {
        **tables,
        "GetCallDetailRecord": dataclasses.replace(tables["GetCallDetailRecord"], match={}),
    }
    assert listing_of(listing_op, unmatched) is None


@pytest.fixture(scope="module")
def server(family: m.Service) -> Iterator[FakeServer]:
    records = []
    for number in range(7):
        record = cdr(f"job-{number}")
        record["StartTime"] = NOW_MS - number * 60_000
        records.append(record)
    with FakeServer(
        operations=operations_from_description(description(family)),
        errors=gateway_errors(family), access_key_id=KEY_ID, access_key_secret=SECRET,
        records=records, clock=NOW.timestamp,
    ) as running:  # fmt: skip
        yield running


def test_what_is_listed_fits_the_listings_strict_schema(
    family: m.Service, server: FakeServer
) -> None:
    params = {"InstanceId": "ccc-test", "PageNumber": "2", "PageSize": "3"}
    answer = v3_send(server, params, action="ListCallDetailRecords", clock=lambda: NOW)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    schema = response_schema(_op(family, "ListCallDetailRecords"), strict=True, service=family)
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(body)]
    assert errors == []
    data = body["Data"]
    assert [item["ContactId"] for item in data["List"]] == ["job-3", "job-4", "job-5"]
    assert (data["PageNumber"], data["PageSize"], data["TotalCount"]) == (2, 3, 0)
    assert {item["ContactType"] for item in data["List"]} == {"Outbound"}
    first = v3_send(
        server, {**params, "PageNumber": "1"}, action="ListCallDetailRecords", clock=lambda: NOW
    )
    assert first.json()["Data"]["TotalCount"] == 7


def test_the_cdr_operation_still_answers_its_records(server: FakeServer) -> None:
    params = {"ContactId": "job-2", "InstanceId": "ccc-test"}
    body = v3_send(server, params, action="GetCallDetailRecord", clock=lambda: NOW).json()
    expected = copy.deepcopy(cdr("job-2"))
    expected["StartTime"] = NOW_MS - 2 * 60_000
    assert body["Data"] == expected
