"""The edits the diff scenarios apply to the one-operation fixture: builders of `Edit`s (a
function of the service and operation documents) and the paths and locations they name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from diff.specs import Doc

OP = "GetCallDetailRecord"

RESP = f"{OP}.response"
REQ = f"{OP}.request"


def request(operation: Doc) -> Doc:
    fields: Doc = operation["request"]["fields"]
    return fields


def response(operation: Doc) -> Doc:
    fields: Doc = operation["response"]["fields"]
    return fields


def on_op(edit: Callable[[Doc], Any]) -> Callable[[Doc, Doc], None]:
    def apply(service: Doc, operation: Doc) -> None:
        edit(operation)

    return apply


def on_service(edit: Callable[[Doc], Any]) -> Callable[[Doc, Doc], None]:
    def apply(service: Doc, operation: Doc) -> None:
        edit(service)

    return apply


def set_in(path: list[str], key: str, value: Any) -> Callable[[Doc], None]:
    """An edit that sets `key` on the field at `path` under response.fields (or request.)."""

    def edit(operation: Doc) -> None:
        node: Doc = operation
        for part in path:
            node = node[part]
        node[key] = value

    return edit


def retype(path: list[str], kind: str, example: Any) -> Callable[[Doc], None]:
    """An edit changing a field's type (and its example, which the loader checks)."""

    def edit(operation: Doc) -> None:
        set_in(path, "type", kind)(operation)
        set_in(path, "example", example)(operation)

    return edit


def remove_enum_value(enum: str, value: Any) -> Callable[[Doc], None]:
    def edit(operation: Doc) -> None:
        values = operation["enums"][enum]["values"]
        operation["enums"][enum]["values"] = [v for v in values if v["value"] != value]

    return edit


DATA = ["response", "fields", "Data", "fields"]
STEP_EVENT = [*DATA, "AgentEvents", "items", "fields", "EventSequence", "items", "fields", "Event"]
