"""JSON Schema files (draft 2020-12) for requests, responses and the error envelope, strict and
lenient. The schema of a type, an object and a response is built in `cccgen.schemas` (the loader
checks examples with it too); this module adds what only the written files need.
"""

from __future__ import annotations

from typing import Any

from cccgen import model as m
from cccgen.schemas import (
    DRAFT,
    describe,
    field_schema,
    object_schema,
    response_schema,
    type_schema,
)

__all__ = [
    "DRAFT",
    "describe",
    "error_response_schema",
    "field_schema",
    "object_schema",
    "request_schema",
    "response_schema",
    "type_schema",
]


def request_schema(op: m.Operation, *, service: m.Service | None = None) -> dict[str, Any]:
    """The JSON Schema of an operation's request parameters."""
    body = object_schema(op.request, strict=True)
    for f in op.request.fields:
        if f.required and f.type.kind == "string":
            # Parameter.Blank: a required parameter may be neither empty nor only white space.
            body["properties"][f.wire_name]["pattern"] = "\\S"
    head: dict[str, Any] = {"$schema": DRAFT}
    if service is not None:
        head["$id"] = f"urn:cccgen:{service.name}:{service.api_version}:{op.name}:request"
    head["title"] = body.pop("title")
    body["description"] = "\n".join(
        p
        for p in (
            f"Request parameters of {op.name}.",
            describe(op.summary),
            body.get("description"),
        )
        if p
    )
    return {**head, **body}


def error_response_schema(service: m.Service, *, strict: bool) -> dict[str, Any]:
    """The error envelope (`error_response` in service.yaml); the service must declare one."""
    envelope = service.error_response
    assert envelope is not None
    body = object_schema(envelope.body, strict=strict)
    variant = "strict" if strict else "lenient"
    head: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"urn:cccgen:{service.name}:{service.api_version}:{body['title']}:{variant}",
        "title": body.pop("title"),
    }
    lead = f"The body of an error answer of any {service.product} operation ({variant}: " + (
        "unknown fields are errors)." if strict else "unknown fields are allowed)."
    )
    body["description"] = "\n".join(p for p in (lead, body.get("description")) if p)
    return {**head, **body}
