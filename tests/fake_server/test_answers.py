"""What the fake server answers once a request passed the gateway: a response registered for
the operation, its stored records, a paged listing of another operation's records (time
window, filters, pages as the real API has them), else its example with the request's
identifiers written in. Built from a description in the shape the generator writes."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from cccgen.runtime.core import signing
from cccgen.runtime.tools.fake_server.description import operations_from_description
from cccgen.runtime.tools.fake_server.fake_server import FakeServer, FakeServerError
from fake_server.helpers import KEY_ID, REPO, SECRET, VERSION, cdr, v3_send

DESCRIPTION = REPO / "generated" / "ccc" / "testing_operations.json"

NOW = datetime(2026, 12, 2, 6, 0, 0, tzinfo=UTC)  # 14:00 in UTC+8
NOW_MS = int(NOW.timestamp() * 1000)
HOUR_MS = 3_600_000

LIST_EXAMPLE: dict[str, Any] = {
    "Code": "OK",
    "HttpStatusCode": 200,
    "Message": "無",
    "RequestId": "EEEE671A-3E24-4A04-81E6-6C4F5B39DF75",
    "Data": {
        "PageNumber": 1,
        "PageSize": 10,
        "TotalCount": 11,
        "List": [{"ContactId": "job-x", "InstanceId": "ccc-test", "CallDuration": "30"}],
    },
}


def _entry(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "required": ["InstanceId"],
        "match": {},
        "blank": {"code": "Parameter.Blank", "status": 400, "message": "The parameter %s may not be null or blank."},
        "not_found": {"code": "NotExists.InstanceId", "status": 404, "message": "The specified instance %s does not exist."},
        "record_field": "Data",
        "envelope": {"Code": "OK", "HttpStatusCode": 200},
        "echo": [],
        "errors": {},
        "examples": {},
    }  # fmt: skip
    entry.update(overrides)
    return entry


@functools.cache
def _cdr_entry() -> str:
    """GetCallDetailRecord's entry in the generated description (JSON text, read once)."""
    document = json.loads(DESCRIPTION.read_text("utf-8"))
    return json.dumps(document["operations"]["GetCallDetailRecord"])


def _description() -> dict[str, Any]:
    """GetCallDetailRecord as generated, beside hand-written operations."""
    operations: dict[str, Any] = {"GetCallDetailRecord": json.loads(_cdr_entry())}
    document = {"operations": operations}
    operations["ListCallDetailRecords"] = _entry(
        required=["PageNumber", "PageSize", "InstanceId"],
        examples={"page": LIST_EXAMPLE},
        echo=["InstanceId"],
        listing={
            "records_of": "GetCallDetailRecord",
            "page_number": "PageNumber",
            "page_size": "PageSize",
            "items": ["Data", "List"],
            "total": ["Data", "TotalCount"],
            "max_page_size": 100,
            "max_pages": 100,
            "window": {"start": "StartTime", "end": "EndTime", "field": "StartTime"},
            "filters": {"InstanceId": "InstanceId", "ContactType": "ContactType"},
            "order": "SortOrder",
            "fields": {"ContactId": "string", "InstanceId": "string", "StartTime": "integer",
                       "CallDuration": "string", "ContactType": "string"},
            "enums": {"ContactType": ["Outbound", "Inbound", "PrivacyDial"]},
        },
    )  # fmt: skip
    operations["GetInstance"] = _entry(
        echo=["InstanceId"],
        examples={
            "instance": {
                "RequestId": "R",
                "Code": "OK",
                "Data": {"InstanceId": "ccc-test", "Owner": {"InstanceId": "ccc-test", "Seats": 5}},
                "Params": [{"InstanceId": "ccc-test"}],
            }
        },
    )
    return document


def _server(**options: Any) -> FakeServer:
    return FakeServer(
        operations=operations_from_description(_description()),
        errors={},
        access_key_id=KEY_ID,
        access_key_secret=SECRET,
        api_version=VERSION,
        clock=lambda: NOW.timestamp(),
        **options,
    )


def _call(server: FakeServer, action: str, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
    answer = v3_send(server, params, action=action, clock=lambda: NOW)
    body: dict[str, Any] = answer.json()
    return answer.status_code, body


def _cdr(
    number: int, start_ms: int, instance: str = "ccc-test", kind: str = "OUTBOUND"
) -> dict[str, Any]:
    record = cdr(f"job-{number:05d}", instance)
    record["StartTime"] = start_ms
    record["ContactType"] = kind
    return record


@pytest.fixture
def listing_server() -> Iterator[FakeServer]:
    records = [_cdr(n, NOW_MS - (n + 1) * 60_000) for n in range(250)]
    records.append(_cdr(900, NOW_MS - 40 * HOUR_MS))  # before today's window
    records.append(_cdr(901, NOW_MS - 3 * 60_000, instance="ccc-other"))
    records.append(_cdr(902, NOW_MS - 5 * 60_000, kind="INBOUND"))
    with _server(records=records) as server:
        yield server


def _page(server: FakeServer, number: int, size: int, **extra: str) -> tuple[int, dict[str, Any]]:
    params = {"InstanceId": "ccc-test", "PageNumber": str(number), "PageSize": str(size), **extra}
    return _call(server, "ListCallDetailRecords", params)


def test_listing_pages_the_records_of_today_newest_first(listing_server: FakeServer) -> None:
    window = {"StartTime": str(NOW_MS - 10 * HOUR_MS), "EndTime": str(NOW_MS)}
    status, first = _page(listing_server, 1, 100, **window)
    assert status == 200
    data = first["Data"]
    assert (data["PageNumber"], data["PageSize"], data["TotalCount"]) == (1, 100, 251)
    starts = [item["StartTime"] for item in data["List"]]
    assert starts == sorted(starts, reverse=True) and len(starts) == 100
    assert {item["InstanceId"] for item in data["List"]} == {"ccc-test"}
    # Only the listed item's fields, converted: CallDuration is a string in the listing.
    assert set(data["List"][0]) == {
        "ContactId",
        "InstanceId",
        "StartTime",
        "CallDuration",
        "ContactType",
    }
    assert isinstance(data["List"][0]["CallDuration"], str)
    assert data["List"][0]["ContactType"] == "Outbound"  # the CDR's OUTBOUND, as listed
    assert first["RequestId"] != LIST_EXAMPLE["RequestId"]
    _, third = _page(listing_server, 3, 100, **window)
    assert third["Data"]["TotalCount"] == 0  # real on page 1 only
    assert len(third["Data"]["List"]) == 51 and third["Data"]["PageNumber"] == 3
    _, beyond = _page(listing_server, 4, 100, **window)
    assert beyond["Data"]["List"] == []
    every = [
        i["ContactId"]
        for n in (1, 2, 3)
        for i in _page(listing_server, n, 100, **window)[1]["Data"]["List"]
    ]
    assert len(every) == len(set(every)) == 251
    assert "job-00900" not in every and "job-00901" not in every


def test_listing_window_defaults_to_today_and_filters(listing_server: FakeServer) -> None:
    _, default = _page(listing_server, 1, 100)
    # Today began at 16:00 UTC yesterday (00:00 UTC+8): 14 hours ago; job-00900 is older.
    assert default["Data"]["TotalCount"] == 251
    _, narrow = _page(
        listing_server, 1, 10, StartTime=str(NOW_MS - 5 * 60_000), EndTime=str(NOW_MS - 3 * 60_000)
    )
    assert [i["ContactId"] for i in narrow["Data"]["List"]] == [
        "job-00002",
        "job-00003",
        "job-00004",
        "job-00902",
    ]
    _, ascending = _page(listing_server, 1, 2, SortOrder="ASC")
    assert [i["ContactId"] for i in ascending["Data"]["List"]] == ["job-00249", "job-00248"]
    # Filtered as listed: the CDR's INBOUND is the listing's Inbound.
    _, inbound = _page(listing_server, 1, 10, ContactType="Inbound")
    assert [i["ContactId"] for i in inbound["Data"]["List"]] == ["job-00902"]
    _, other = _call(
        listing_server,
        "ListCallDetailRecords",
        {"InstanceId": "ccc-other", "PageNumber": "1", "PageSize": "5"},
    )
    assert [i["ContactId"] for i in other["Data"]["List"]] == ["job-00901"]
    assert other["Data"]["TotalCount"] == 1


@pytest.mark.parametrize(
    ("number", "size", "code", "message"),
    [
        (
            "0",
            "10",
            "Parameter.Minimum",
            "The parameter PageNumber must be greater than or equal to 1.",
        ),
        (
            "101",
            "10",
            "Parameter.Maximum",
            "The parameter PageNumber must be less than or equal to 100.",
        ),
        (
            "1",
            "101",
            "Parameter.Maximum",
            "The parameter PageSize must be less than or equal to 100.",
        ),
        ("x", "10", "Parameter.Format", "The format of parameter PageNumber is invalid."),
    ],
)
def test_pages_beyond_the_real_bounds_are_refused(
    listing_server: FakeServer, number: str, size: str, code: str, message: str
) -> None:
    params = {"InstanceId": "ccc-test", "PageNumber": number, "PageSize": size}
    status, body = _call(listing_server, "ListCallDetailRecords", params)
    assert (status, body["Code"], body["Message"]) == (400, code, message)


def test_stored_records_are_found_by_their_operation(listing_server: FakeServer) -> None:
    status, body = _call(
        listing_server, "GetCallDetailRecord", {"ContactId": "job-00007", "InstanceId": "ccc-test"}
    )
    assert status == 200 and body["Data"]["ContactId"] == "job-00007"
    assert isinstance(body["Data"]["CallDuration"], int)
    status, body = _call(
        listing_server, "GetCallDetailRecord", {"ContactId": "job-nope", "InstanceId": "ccc-test"}
    )
    assert (status, body["Code"]) == (404, "NotExists.ContactId")


def test_without_records_the_example_answers_with_the_request_ids() -> None:
    with _server() as server:
        status, body = _call(server, "GetInstance", {"InstanceId": "ccc-acme"})
        assert status == 200
        assert body["Data"] == {
            "InstanceId": "ccc-acme",
            "Owner": {"InstanceId": "ccc-acme", "Seats": 5},
        }
        assert body["Params"] == [{"InstanceId": "ccc-acme"}]
        assert body["RequestId"] == server.requests[-1].request_id
        status, cdr_body = _call(
            server, "GetCallDetailRecord", {"ContactId": "job-9", "InstanceId": "ccc-acme"}
        )
        assert status == 200
        assert (cdr_body["Data"]["ContactId"], cdr_body["Data"]["InstanceId"]) == (
            "job-9",
            "ccc-acme",
        )
        _, listed = _call(
            server,
            "ListCallDetailRecords",
            {"InstanceId": "ccc-acme", "PageNumber": "1", "PageSize": "5"},
        )
        assert listed["Data"]["List"][0]["InstanceId"] == "ccc-acme"
        assert listed["Data"]["TotalCount"] == 11  # the example's, untouched


def test_a_registered_response_wins_and_the_form_body_is_read() -> None:
    registered = copy.deepcopy(LIST_EXAMPLE)
    registered["Data"]["TotalCount"] = 1
    with _server(records=[_cdr(1, NOW_MS - 60_000)]) as server:
        server.add_response("ListCallDetailRecords", registered)
        form = signing.canonical_query_string(
            {"InstanceId": "ccc-test", "PageNumber": "1", "PageSize": "5"}
        )
        answer = v3_send(
            server, {}, action="ListCallDetailRecords", clock=lambda: NOW, body=form.encode(),
            content_type="application/x-www-form-urlencoded",
        )  # fmt: skip
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["Data"] == registered["Data"]
        assert body["RequestId"] == server.requests[-1].request_id
        assert server.requests[-1].params["PageSize"] == "5"
        # A required parameter missing from the form is still Parameter.Blank.
        form = signing.canonical_query_string({"InstanceId": "ccc-test", "PageNumber": "1"})
        answer = v3_send(
            server, {}, action="ListCallDetailRecords", clock=lambda: NOW, body=form.encode(),
            content_type="application/x-www-form-urlencoded",
        )  # fmt: skip
        assert answer.json()["Code"] == "Parameter.Blank"
        with pytest.raises(FakeServerError, match="no operation 'Nope'"):
            server.add_response("Nope", registered)


def test_a_record_goes_to_the_operation_selecting_it_by_the_most_fields() -> None:
    document = _description()
    document["operations"]["GetSeat"] = _entry(match={"InstanceId": "InstanceId"})
    document["operations"]["GetOther"] = _entry(match={"InstanceId": "InstanceId"})
    server = FakeServer(
        operations=operations_from_description(document), errors={},
        access_key_id=KEY_ID, access_key_secret=SECRET,
    )  # fmt: skip
    server.add_record(cdr("job-1"))  # ContactId + InstanceId: GetCallDetailRecord
    assert server.record_count == 1
    with pytest.raises(FakeServerError, match="could be for GetSeat, GetOther: name its operation"):
        server.add_record({"InstanceId": "ccc-test"})
    server.add_record({"InstanceId": "ccc-test"}, operation="GetSeat")
    with pytest.raises(FakeServerError, match="'GetInstance' stores no records"):
        server.add_record({"InstanceId": "ccc-test"}, operation="GetInstance")
    assert server.record_count == 2


def test_records_in_a_folder_named_after_an_operation_are_its(tmp_path: Any) -> None:
    document = _description()
    document["operations"]["GetSeat"] = _entry(match={"InstanceId": "InstanceId"})
    (tmp_path / "GetSeat").mkdir()
    (tmp_path / "GetSeat" / "s.json").write_text(json.dumps({"InstanceId": "ccc-seat"}), "utf-8")
    (tmp_path / "cdr.json").write_text(json.dumps(cdr("job-1")), "utf-8")
    server = FakeServer(
        operations=operations_from_description(document), errors={},
        access_key_id=KEY_ID, access_key_secret=SECRET, data_dir=tmp_path,
        clock=lambda: NOW.timestamp(),
    )  # fmt: skip
    with server:
        status, body = _call(server, "GetSeat", {"InstanceId": "ccc-seat"})
    assert (status, body["Data"]) == (200, {"InstanceId": "ccc-seat"})


def test_a_bad_description_is_a_located_error() -> None:
    with pytest.raises(FakeServerError, match=r"operations\.X\.required: expected a list of names"):
        operations_from_description({"operations": {"X": _entry(required="InstanceId")}})
    bad_listing = _entry(listing={"records_of": "Nope", "items": ["Data"], "page_number": "P",
                                  "page_size": "S", "max_page_size": 100, "max_pages": 100})  # fmt: skip
    with pytest.raises(FakeServerError, match="lists the records of 'Nope', which stores none"):
        FakeServer(
            operations=operations_from_description({"operations": {"X": bad_listing}}),
            errors={}, access_key_id=KEY_ID, access_key_secret=SECRET,
        )  # fmt: skip
