"""`client.iter_<operation>(...)` walks every page over real HTTP (the `shop` fixture: pages
of at most 5, at most 3 pages per query), sync and async.

The server below pages like the real API: `TotalCount` is real on page 1 only (later pages
say 0), and it can leave the total out or never run out of items.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from whole_api.recorder import Recorded, RecordingServer


class Orders:
    """The answer function: ``count`` orders (``None``: endless), paged by the request."""

    def __init__(self) -> None:
        self.count: int | None = 0
        self.with_total = True

    def __call__(self, request: Recorded) -> tuple[int, dict[str, Any]]:
        params = request.params
        number, size = int(params["PageNumber"]), int(params["PageSize"])
        start = (number - 1) * size
        end = start + size if self.count is None else min(start + size, self.count)
        data: dict[str, Any] = {
            "PageNumber": number,
            "PageSize": size,
            "List": [{"OrderId": f"o-{i}", "Total": float(i)} for i in range(start, end)],
        }
        if self.with_total:
            data["TotalCount"] = (self.count or 0) if number == 1 else 0
        return 200, {"RequestId": f"r-{number}", "Code": "OK", "Data": data}


@pytest.fixture(scope="module")
def _served() -> Iterator[tuple[RecordingServer, Orders]]:
    orders = Orders()
    with RecordingServer(orders) as server:
        yield server, orders


@pytest.fixture
def served(_served: tuple[RecordingServer, Orders]) -> Iterator[tuple[RecordingServer, Orders]]:
    server, orders = _served
    server.take()
    orders.count, orders.with_total = 0, True
    yield server, orders


def options(server: RecordingServer) -> dict[str, Any]:
    return {
        "access_key_id": "LTAI-shop",
        "access_key_secret": "shop-secret-not-real",
        "endpoint": server.url,
        "validate": "strict",
    }


def pages_asked(server: RecordingServer) -> list[tuple[str, str]]:
    return [(r.params["PageNumber"], r.params["PageSize"]) for r in server.take()]


def test_every_item_of_every_page_in_order(shop: ModuleType, served: Any) -> None:
    server, orders = served
    orders.count = 12  # pages of 5, 5, 2; later pages say TotalCount 0
    with shop.Client(**options(server)) as client:
        items = list(client.iter_list_orders(instance_id="shop-1", paid=True))
    assert [item.order_id for item in items] == [f"o-{i}" for i in range(12)]
    assert all(isinstance(item, shop.models.Order) for item in items)
    requests = server.take()
    assert [(r.params["PageNumber"], r.params["PageSize"]) for r in requests] == [
        ("1", "5"),
        ("2", "5"),
        ("3", "5"),
    ]
    # The other parameters go with every page.
    assert all(r.params["Paid"] == "True" and r.params["InstanceId"] == "shop-1" for r in requests)


def test_page_ones_total_ends_the_walk_without_an_empty_page(shop: ModuleType, served: Any) -> None:
    server, orders = served
    orders.count = 10  # exactly two full pages: page 1's total says there is no third
    with shop.Client(**options(server)) as client:
        assert len(list(client.iter_list_orders(instance_id="shop-1"))) == 10
    assert pages_asked(server) == [("1", "5"), ("2", "5")]


def test_a_short_page_ends_the_walk_without_a_total(shop: ModuleType, served: Any) -> None:
    server, orders = served
    orders.count, orders.with_total = 7, False
    with shop.Client(**options(server)) as client:
        assert len(list(client.iter_list_orders(instance_id="shop-1", page_size=3))) == 7
    assert pages_asked(server) == [("1", "3"), ("2", "3"), ("3", "3")]


def test_an_empty_result_is_one_request(shop: ModuleType, served: Any) -> None:
    server, _orders = served
    with shop.Client(**options(server)) as client:
        assert list(client.iter_list_orders(instance_id="shop-1")) == []
    assert pages_asked(server) == [("1", "5")]


def test_pages_carry_number_items_page_ones_total_and_response(
    shop: ModuleType, served: Any
) -> None:
    server, orders = served
    orders.count = 7
    with shop.Client(**options(server)) as client:
        pages = list(client.iter_list_orders(instance_id="shop-1").pages())
    assert [(p.number, len(p.items), p.total) for p in pages] == [(1, 5, 7), (2, 2, 7)]
    assert [p.response.request_id for p in pages] == ["r-1", "r-2"]
    assert pages[1].response.data.data.total_count == 0  # what page 2 itself said


def test_more_than_one_query_reaches_raises_before_yielding(shop: ModuleType, served: Any) -> None:
    server, orders = served
    orders.count = 16  # 3 pages of 5 reach 15
    with shop.Client(**options(server)) as client:
        walk = iter(client.iter_list_orders(instance_id="shop-1"))
        with pytest.raises(shop.PageLimitError) as caught:
            next(walk)
    assert isinstance(caught.value, shop.ShopError)
    assert (caught.value.total, caught.value.reachable) == (16, 15)
    assert "narrow it" in str(caught.value)
    assert pages_asked(server) == [("1", "5")]


def test_without_a_total_the_page_limit_stops_a_walk_that_never_ends(
    shop: ModuleType, served: Any
) -> None:
    server, orders = served
    orders.count, orders.with_total = None, False
    seen: list[str] = []
    with shop.Client(**options(server)) as client, pytest.raises(shop.PageLimitError) as caught:
        for item in client.iter_list_orders(instance_id="shop-1"):
            seen.append(item.order_id)
    assert len(seen) == 15 and caught.value.total is None
    assert pages_asked(server) == [("1", "5"), ("2", "5"), ("3", "5")]


@pytest.mark.parametrize("size", [0, 6, True])
def test_a_page_size_out_of_range_is_refused(shop: ModuleType, served: Any, size: Any) -> None:
    server, _orders = served
    with shop.Client(**options(server)) as client, pytest.raises(shop.ConfigurationError):
        client.iter_list_orders(instance_id="shop-1", page_size=size)
    assert pages_asked(server) == []


def test_the_iterator_takes_no_page_number(shop: ModuleType) -> None:
    import inspect

    names = set(inspect.signature(shop.Client.iter_list_orders).parameters)
    assert "page_number" not in names and {"page_size", "instance_id", "tags"} <= names
    assert not hasattr(shop.Client, "iter_update_order")


def test_async_walks_every_page(shop: ModuleType, served: Any) -> None:
    server, orders = served
    orders.count = 12

    async def main() -> tuple[list[str], list[tuple[int, int | None]]]:
        async with shop.AsyncClient(**options(server)) as client:
            items = [item.order_id async for item in client.iter_list_orders(instance_id="s")]
            pages = [
                (p.number, p.total) async for p in client.iter_list_orders(instance_id="s").pages()
            ]
        return items, pages

    items, pages = asyncio.run(main())
    assert items == [f"o-{i}" for i in range(12)]
    assert pages == [(1, 12), (2, 12), (3, 12)]
    assert len(server.take()) == 6


def test_async_page_limit(shop: ModuleType, served: Any) -> None:
    server, orders = served
    orders.count = 100

    async def main() -> None:
        async with shop.AsyncClient(**options(server)) as client:
            async for _item in client.iter_list_orders(instance_id="s"):
                raise AssertionError("nothing is yielded past the limit")

    with pytest.raises(shop.PageLimitError):
        asyncio.run(main())
    assert pages_asked(server) == [("1", "5")]
