"""The committed `ccc` package pages as the API does: 100 pages of at most 100 items per query
(ListCallDetailRecords, over real HTTP on 127.0.0.1)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import ccc
import pytest
from whole_api.recorder import Recorded, RecordingServer


class Records:
    """``count`` call records, paged by the request; TotalCount real on page 1 only."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, request: Recorded) -> tuple[int, dict[str, Any]]:
        params = request.params
        number, size = int(params["PageNumber"]), int(params["PageSize"])
        start = (number - 1) * size
        records = [
            {"ContactId": f"job-{i}", "InstanceId": params["InstanceId"]}
            for i in range(start, min(start + size, self.count))
        ]
        data = {
            "PageNumber": number,
            "PageSize": size,
            "TotalCount": self.count if number == 1 else 0,
            "List": records,
        }
        return 200, {"RequestId": f"r-{number}", "Code": "OK", "HttpStatusCode": 200, "Data": data}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[RecordingServer, Records]]:
    records = Records()
    with RecordingServer(records) as server:
        yield server, records


def client(server: RecordingServer) -> ccc.Client:
    return ccc.Client(
        access_key_id="LTAI-paging",
        access_key_secret="not-real",
        endpoint=server.url,
        validate="off",
    )


def test_pages_of_100_until_page_ones_total(served: tuple[RecordingServer, Records]) -> None:
    server, records = served
    server.take()
    records.count = 250
    with client(server) as c:
        ids = [r.contact_id for r in c.iter_list_call_detail_records(instance_id="ccc-test")]
    assert ids == [f"job-{i}" for i in range(250)]
    asked = [(r.params["PageNumber"], r.params["PageSize"]) for r in server.take()]
    assert asked == [("1", "100"), ("2", "100"), ("3", "100")]


def test_more_than_10000_records_is_a_page_limit_error_at_once(
    served: tuple[RecordingServer, Records],
) -> None:
    server, records = served
    server.take()
    records.count = 10_001
    with client(server) as c, pytest.raises(ccc.PageLimitError) as caught:
        next(iter(c.iter_list_call_detail_records(instance_id="ccc-test")))
    assert (caught.value.total, caught.value.reachable) == (10_001, 10_000)
    assert isinstance(caught.value, ccc.CCCError)
    assert len(server.take()) == 1


def test_async_pages_too(served: tuple[RecordingServer, Records]) -> None:
    server, records = served
    server.take()
    records.count = 101

    async def main() -> list[int]:
        async with ccc.AsyncClient(
            access_key_id="LTAI-paging", access_key_secret="not-real", endpoint=server.url
        ) as c:
            pager = c.iter_list_call_detail_records(instance_id="ccc-test", page_size=50)
            return [len(page.items) async for page in pager.pages()]

    assert asyncio.run(main()) == [50, 50, 1]
    assert len(server.take()) == 3
