"""The generated docs index follows the service's `groups`, in order."""

from __future__ import annotations

from pathlib import Path

from cccgen import model as m
from cccgen.emit.docs import render_index


def test_the_index_lists_operations_by_group_in_the_groups_order(shop_out: Path) -> None:
    index = (shop_out / "docs" / "README.md").read_text(encoding="utf-8")
    body = index[index.index("## Shop") :]
    assert body.splitlines()[2:] == [
        "API version `2024-06-01`, Python package `shop`.",
        "",
        "### Managing orders (订单管理)",
        "",
        "- [`UpdateOrder`](UpdateOrder.md): Update an order (修改订单)",
        "- [`ListOrders`](ListOrders.md): List orders (列出订单)",
        "",
        "### 旧接口",
        "",
        "- [`GetLegacyOrder`](GetLegacyOrder.md): Get an order (old) (查询订单（旧）) **Deprecated.**",
    ]


def test_operations_no_group_names_come_last(shop_service: m.Service) -> None:
    service = m.Service(
        **{
            **shop_service.__dict__,
            "groups": (m.Group(m.Text(zh="订单", en="Orders"), ("ListOrders",)),),
        }
    )
    index = render_index([service])
    orders, other = index.index("### Orders (订单)"), index.index("### Other operations")
    assert orders < index.index("[`ListOrders`]") < other
    assert other < index.index("[`UpdateOrder`]") < index.index("[`GetLegacyOrder`]")


def test_without_groups_one_list_in_file_order(shop_service: m.Service) -> None:
    service = m.Service(**{**shop_service.__dict__, "groups": ()})
    index = render_index([service])
    assert "###" not in index
    assert (
        index.index("[`ListOrders`]")
        < index.index("[`UpdateOrder`]")
        < index.index("[`GetLegacyOrder`]")
    )


def test_operation_pages_say_deprecated_paged_and_form_body(shop_out: Path) -> None:
    docs = shop_out / "docs"
    legacy = (docs / "GetLegacyOrder.md").read_text(encoding="utf-8")
    listing = (docs / "ListOrders.md").read_text(encoding="utf-8")
    update = (docs / "UpdateOrder.md").read_text(encoding="utf-8")
    assert "- **Deprecated** by the service: calling it warns (DeprecationWarning)" in legacy
    assert "- Paged: `shop.Client.iter_list_orders()` yields the items of every page" in listing
    assert "(at most 3 pages of 5 per query)" in listing
    assert (
        "- Form body (`application/x-www-form-urlencoded`): "
        "`OrderId`, `Note`, `Quantity`, `Gift`, `Lines`" in update
    )
    assert "Deprecated" not in listing + update and "Form body" not in listing
