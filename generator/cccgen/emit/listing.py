"""Which paged operation lists which operation's records, for the fake server.

A paged operation (`paging` in its spec) `List<Noun>s` lists the records of `Get<Noun>` when
`Get<Noun>` selects records by its parameters and every field it selects by is a field of a
listed item: ListCallDetailRecords lists GetCallDetailRecord's CDRs. Of the listing request,
`StartTime`/`EndTime` parameters (epoch ms) make a time window over the items' `StartTime`,
`SortOrder` orders it, and every other string parameter named like an item field filters by
equality (on the record as listed: fields converted to the item's types, enum values to its
spelling). Everything here is read from the API model; nothing names an operation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cccgen import model as m

if TYPE_CHECKING:
    from cccgen.emit.testing import FakeOperationTable

_WINDOW = ("StartTime", "EndTime")


def _json_kind(kind: str) -> str:
    """The JSON kind of a spec type (the fake server converts listed values between them)."""
    return "integer" if kind in m.INT_BOUNDS else kind


_ORDER = "SortOrder"


def paging_of(op: m.Operation) -> dict[str, Any] | None:
    """The operation's paging as plain data, or None when it is not paged."""
    paging = op.paging
    if paging is None:
        return None
    return {
        "page_number": paging.page_number,
        "page_size": paging.page_size,
        "items": list(paging.items),
        "total": list(paging.total) if paging.total else None,
        "max_page_size": paging.max_page_size,
        "max_pages": paging.max_pages,
    }


def _field_at(root: m.ObjectModel, path: list[str]) -> m.Field | None:
    model: m.ObjectModel | None = root
    found: m.Field | None = None
    for name in path:
        if model is None:
            return None
        found = next((f for f in model.fields if f.wire_name == name), None)
        if found is None:
            return None
        model = found.type.object
    return found


def _item_model(op: m.Operation, items: list[str]) -> m.ObjectModel | None:
    holder = _field_at(op.response, items)
    if holder is None or holder.type.items is None:
        return None
    return holder.type.items.object


def listing_of(op: m.Operation, tables: dict[str, FakeOperationTable]) -> dict[str, Any] | None:
    """How `op` lists stored records (the fake server's `Listing`), or None."""
    paging = paging_of(op)
    if paging is None or not op.name.startswith("List") or not op.name.endswith("s"):
        return None
    source = tables.get("Get" + op.name[len("List") : -1])
    item = _item_model(op, paging["items"])
    if source is None or not source.match or item is None:
        return None
    kinds = {f.wire_name: _json_kind(f.type.kind) for f in item.fields}
    if not set(source.match.values()) <= set(kinds):
        return None
    params = {f.wire_name: f for f in op.request.fields}
    paging_params = {paging["page_number"], paging["page_size"]}
    window = None
    if all(name in params for name in _WINDOW) and kinds.get(_WINDOW[0]) == "integer":
        window = {"start": _WINDOW[0], "end": _WINDOW[1], "field": _WINDOW[0]}
    skip = paging_params | set(_WINDOW if window else ()) | {_ORDER}
    filters = {
        name: name
        for name, f in params.items()
        if name not in skip and f.type.kind == "string" and kinds.get(name) == "string"
    }
    return {
        "records_of": source.name,
        **paging,
        "window": window,
        "filters": filters,
        "order": _ORDER if _ORDER in params else None,
        "fields": kinds,
        "enums": {
            f.wire_name: [str(v.value) for v in f.type.enum.values]
            for f in item.fields
            if f.type.enum is not None and f.type.kind == "string"
        },
    }
