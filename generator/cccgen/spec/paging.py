"""An operation's `paging` and the service's `groups`, checked against what they name: paging
parameters among the request's fields, `items` an array and `total` an integer in the success
response; groups naming operations of the service, each at most once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cccgen import model as m
from cccgen.spec.yaml_source import PathKey

Report = Callable[[PathKey, str], None]


def paging(
    spec: dict[str, Any] | None, request: m.ObjectModel, response: m.ObjectModel, report: Report
) -> m.Paging | None:
    """The operation's paging, or None when it has none or it names what is not there."""
    if spec is None:
        return None
    ok = True
    params = {f.wire_name: f for f in request.fields}
    for key in ("page_number", "page_size"):
        found = params.get(spec[key])
        if found is None or found.type.kind not in ("int32", "int64", "string"):
            report(
                ("paging", key),
                f"{spec[key]!r} is not a request parameter of type int32, int64 or string",
            )
            ok = False
    for key, kinds, what in (
        ("items", ("array",), "an array"),
        ("total", ("int32", "int64"), "an integer"),
    ):
        found_type = _resolve(response, spec[key])
        if found_type is None or found_type.kind not in kinds:
            shown = ".".join(spec[key])
            report(("paging", key), f"{shown!r} is not {what} field of the success response")
            ok = False
    if not ok:
        return None
    return m.Paging(
        page_number=spec["page_number"],
        page_size=spec["page_size"],
        items=tuple(spec["items"]),
        total=tuple(spec["total"]),
        max_page_size=spec.get("max_page_size", 100),
        max_pages=spec.get("max_pages", 100),
    )


def _resolve(obj: m.ObjectModel, path: list[str]) -> m.Type | None:
    """The type at a wire-name path through objects, or None."""
    current: m.ObjectModel | None = obj
    found: m.Type | None = None
    for name in path:
        if current is None:
            return None
        field = next((f for f in current.fields if f.wire_name == name), None)
        if field is None:
            return None
        found = field.type
        current = found.object
    return found


def groups(spec: list[dict[str, Any]], operations: set[str], report: Report) -> tuple[m.Group, ...]:
    """The service's groups; an operation unknown or listed twice is reported at its item."""
    seen: dict[str, int] = {}
    out: list[m.Group] = []
    for index, group in enumerate(spec):
        for position, name in enumerate(group["operations"]):
            where: PathKey = ("groups", index, "operations", position)
            if name not in operations:
                report(where, f"{name!r} is not an operation of the service")
            elif name in seen:
                report(where, f"{name!r} is already in group {seen[name]}")
            seen.setdefault(name, index)
        title = group["title"]
        out.append(m.Group(m.Text(title["zh"], title["en"]), tuple(group["operations"])))
    return tuple(out)
