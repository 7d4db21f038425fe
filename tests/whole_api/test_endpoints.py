"""The spec's explicit regional hosts (`endpoints`) are tried before the host pattern."""

from __future__ import annotations

from types import ModuleType

import pytest

KEYS = {"access_key_id": "LTAI-shop", "access_key_secret": "shop-secret-not-real"}


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("cn-shanghai", "https://shop-east.example.invalid"),  # named in `endpoints`
        ("cn-beijing", "https://shop.cn-beijing.example.invalid"),  # the pattern
    ],
)
def test_a_named_region_goes_to_its_host(shop: ModuleType, region: str, expected: str) -> None:
    with shop.Client(region=region, **KEYS) as client:
        assert client.endpoint == expected


def test_an_explicit_endpoint_still_wins(shop: ModuleType) -> None:
    with shop.Client(region="cn-shanghai", endpoint="http://127.0.0.1:9", **KEYS) as client:
        assert client.endpoint == "http://127.0.0.1:9"
