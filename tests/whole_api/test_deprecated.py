"""A deprecated operation warns (DeprecationWarning), attributed to the caller's line."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from types import ModuleType

import pytest
from whole_api.recorder import RecordingServer


@pytest.fixture(scope="module")
def recorder() -> Iterator[RecordingServer]:
    with RecordingServer() as server:
        yield server


def _options(shop: ModuleType, server: RecordingServer) -> dict[str, object]:
    return {
        "access_key_id": "LTAI-shop",
        "access_key_secret": "shop-secret-not-real",
        "endpoint": server.url,
        "validate": "off",
    }


def test_a_deprecated_operation_warns_at_the_callers_line(
    shop: ModuleType, recorder: RecordingServer
) -> None:
    with shop.Client(**_options(shop, recorder)) as client:
        with pytest.warns(DeprecationWarning, match="GetLegacyOrder is deprecated") as caught:
            client.get_legacy_order(order_id="o-1")
        with pytest.warns(DeprecationWarning, match="GetLegacyOrder is deprecated") as twin:
            client.get_legacy_order_with_http_info(order_id="o-1")
    assert len(caught) == 1 and len(twin) == 1
    assert caught[0].filename == __file__ and twin[0].filename == __file__
    assert len(recorder.take()) == 2  # it warns, and still calls


def test_an_async_deprecated_operation_warns_too(
    shop: ModuleType, recorder: RecordingServer
) -> None:
    async def main() -> None:
        async with shop.AsyncClient(**_options(shop, recorder)) as client:
            await client.get_legacy_order(order_id="o-1")

    with pytest.warns(DeprecationWarning, match="GetLegacyOrder is deprecated") as caught:
        asyncio.run(main())
    assert len(caught) == 1 and caught[0].filename == __file__
    recorder.take()


def test_other_operations_do_not_warn(shop: ModuleType, recorder: RecordingServer) -> None:
    # pytest's filterwarnings = error turns any warning into a failure here.
    with shop.Client(**_options(shop, recorder)) as client:
        client.list_orders(instance_id="shop-1")
    recorder.take()


def test_the_docstring_says_so(shop: ModuleType) -> None:
    doc = shop.Client.get_legacy_order.__doc__ or ""
    assert "Deprecated: GetLegacyOrder is deprecated" in doc
    assert "Deprecated" not in (shop.Client.list_orders.__doc__ or "")
