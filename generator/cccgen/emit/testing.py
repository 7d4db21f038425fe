"""The fake server's tables for one service, and the `testing.py` module that carries them.

The fake server itself (`runtime/tools/fake_server/`) knows nothing of the spec. What varies with
the spec is which actions it answers, which request parameters are required, which of them
select a stored record (those that are also fields of the response's record object), the
message for a blank parameter, and the gateway's error codes. This module works that out from
the API model; `templates/testing.py.jinja` only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cccgen import model as m
from cccgen.emit.header import python_header
from cccgen.emit.templating import render

BLANK_CODE = "Parameter.Blank"
DEFAULT_BLANK_MESSAGE = "The parameter %s may not be null or blank."
# When the spec names no 404 error for the operation (CCC's page names none for an unknown
# contact id), the fake server answers `NotExists.<first match parameter>` with HTTP 404:
# the fake server's own choice.
NOT_FOUND_STATUS = 404


@dataclass(frozen=True)
class FakeOperationTable:
    """Everything `FakeOperation(...)` takes for one operation, as plain data."""

    name: str
    required: tuple[str, ...]
    match: dict[str, str]
    blank_code: str
    blank_status: int
    blank_message: str
    not_found_code: str
    not_found_status: int
    not_found_message: str
    record_field: str
    envelope: dict[str, Any]
    not_found_from_spec: bool

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "required": list(self.required),
            "match": dict(self.match),
            "blank_code": self.blank_code,
            "blank_status": self.blank_status,
            "blank_message": self.blank_message,
            "not_found_code": self.not_found_code,
            "not_found_status": self.not_found_status,
            "not_found_message": self.not_found_message,
            "record_field": self.record_field,
            "envelope": dict(self.envelope),
        }


def record_field(op: m.Operation) -> m.Field | None:
    """The response field that holds the record: `Data` if it is an object, else the only
    object-typed field of the envelope, else None."""
    objects = [
        f for f in op.response.fields if f.type.kind == "object" and f.type.object is not None
    ]
    for f in objects:
        if f.wire_name == "Data":
            return f
    return objects[0] if len(objects) == 1 else None


def fake_operation(op: m.Operation) -> FakeOperationTable | None:
    """The fake server's table for `op`, or None when no request parameter selects a record."""
    holder = record_field(op)
    if holder is None or holder.type.object is None:
        return None
    record_names = {f.wire_name for f in holder.type.object.fields}
    required = tuple(f.wire_name for f in op.request.fields if f.required)
    match = {
        f.wire_name: f.wire_name
        for f in op.request.fields
        if f.required and f.wire_name in record_names
    }
    if not match:
        return None
    blank = next((e for e in op.errors if e.code == BLANK_CODE), None)
    first = next(iter(match))
    not_found = next((e for e in op.errors if e.http_status == 404 and e.code != BLANK_CODE), None)
    return FakeOperationTable(
        name=op.name,
        required=required,
        match=match,
        blank_code=BLANK_CODE,
        blank_status=blank.http_status if blank is not None else 400,
        blank_message=blank.message if blank is not None else DEFAULT_BLANK_MESSAGE,
        not_found_code=not_found.code if not_found else f"NotExists.{first}",
        not_found_status=not_found.http_status if not_found else NOT_FOUND_STATUS,
        not_found_message=not_found.message
        if not_found
        else f"The specified {first} does not exist.",
        record_field=holder.wire_name,
        envelope=success_envelope(op, holder),
        not_found_from_spec=not_found is not None,
    )


def success_envelope(op: m.Operation, holder: m.Field) -> dict[str, Any]:
    """The constant fields of a success answer besides RequestId and the record: each other
    required response field, valued as in the spec's first success example (else the field's
    own example). For CCC: {"Code": "OK", "HttpStatusCode": 200}."""
    example = next((ex.response for ex in op.examples if ex.response is not None), None) or {}
    envelope: dict[str, Any] = {}
    for f in op.response.fields:
        if not f.required or f.wire_name in ("RequestId", holder.wire_name):
            continue
        if f.type.kind not in m.SCALAR_KINDS:
            continue
        if f.wire_name in example:
            envelope[f.wire_name] = example[f.wire_name]
        elif f.example is not None:
            envelope[f.wire_name] = f.example
    return envelope


def fake_operations(service: m.Service) -> list[FakeOperationTable]:
    """The fake server's tables, one per operation it can answer."""
    return [t for t in (fake_operation(op) for op in service.operations) if t is not None]


def gateway_errors(service: m.Service) -> dict[str, tuple[int, str]]:
    """The spec's gateway error codes as `{code: (http_status, message)}`."""
    return {e.code: (e.http_status, e.message) for e in service.errors}


def server_class_name(service: m.Service) -> str:
    """The name of the service's fake server class."""
    return f"Fake{service.product}Server"


def example_record(service: m.Service) -> dict[str, Any]:
    """A minimal record the first served operation would find, from the spec's examples."""
    for op in service.operations:
        table = fake_operation(op)
        if table is None:
            continue
        examples = {f.wire_name: f.example for f in op.request.fields}
        return {
            record: examples.get(param) if isinstance(examples.get(param), str) else "example"
            for param, record in table.match.items()
        }
    return {}


def render_testing(service: m.Service) -> str:
    """The generated `testing.py` (the fake server for users' tests)."""
    tables = fake_operations(service)
    return render(
        "testing.py.jinja",
        service=service,
        header=python_header(service.source),
        example=example_record(service),
        class_name=server_class_name(service),
        operations=[
            {**t.as_kwargs(), "not_found_from_spec": t.not_found_from_spec} for t in tables
        ],
        skipped=[op.name for op in service.operations if op.name not in {t.name for t in tables}],
        errors={code: list(pair) for code, pair in gateway_errors(service).items()},
    )


def emit_testing(service: m.Service) -> dict[str, str]:
    """The generated `testing.py`, keyed by its path."""
    return {f"{service.name}/testing.py": render_testing(service)}
