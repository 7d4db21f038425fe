"""The fake server's description of one service (`testing_operations.json`), and the
`testing.py` module that reads it.

The fake server itself (`runtime/tools/fake_server/`) knows nothing of the spec. What varies with
the spec is which actions it answers, which request parameters are required, which of them
select a stored record (those that are also fields of the response's record object), the
message for a blank parameter, each operation's example and the identifiers echoed into it,
which paged operations list which records (`emit/listing.py`), and the gateway's error codes.
This module works that out from the API model; `templates/testing.py.jinja` only lays it out.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from cccgen import model as m
from cccgen.emit.header import python_header
from cccgen.emit.listing import listing_of
from cccgen.emit.templating import render

BLANK_CODE = "Parameter.Blank"
DEFAULT_BLANK_MESSAGE = "The parameter %s may not be null or blank."
# When the spec names no 404 error for the operation (CCC's page names none for an unknown
# contact id), the fake server answers `NotExists.<first match parameter>` with HTTP 404:
# the fake server's own choice.
NOT_FOUND_STATUS = 404


@dataclass(frozen=True)
class FakeOperationTable:
    """Everything the fake server knows of one operation, as plain data."""

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
    examples: dict[str, dict[str, Any]] = field(default_factory=dict)
    echo: tuple[str, ...] = ()
    errors: dict[str, tuple[int, str]] = field(default_factory=dict)
    listing: dict[str, Any] | None = None

    def as_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of `FakeOperation(...)` that are plain values."""
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

    def as_description(self) -> dict[str, Any]:
        """The operation's entry in the generated description (`testing_operations.json`)."""
        entry: dict[str, Any] = {
            "required": list(self.required),
            "match": dict(self.match),
            "blank": {
                "code": self.blank_code,
                "status": self.blank_status,
                "message": self.blank_message,
            },
            "not_found": {
                "code": self.not_found_code,
                "status": self.not_found_status,
                "message": self.not_found_message,
                "from_spec": self.not_found_from_spec,
            },
            "record_field": self.record_field,
            "envelope": dict(self.envelope),
            "echo": list(self.echo),
            "errors": {code: list(pair) for code, pair in sorted(self.errors.items())},
            # Every success example of the spec; the server answers the first.
            "examples": dict(self.examples),
        }
        if self.listing is not None:
            entry["listing"] = self.listing
        return entry


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


def _response_names(root: m.ObjectModel) -> set[str]:
    """The wire name of every field of the response, at any depth."""
    return {f.wire_name for model in m.walk_objects(root) for f in model.fields}


def _echoed(op: m.Operation) -> tuple[str, ...]:
    """Identifier parameters (`...Id`) the response carries a field of the same name for:
    an answer made from the example says what the request asked about."""
    names = _response_names(op.response)
    return tuple(
        f.wire_name
        for f in op.request.fields
        if f.wire_name.endswith("Id") and f.type.kind == "string" and f.wire_name in names
    )


def _first_example(op: m.Operation) -> dict[str, Any] | None:
    return next((ex.response for ex in op.examples if ex.response is not None), None)


def fake_operation(op: m.Operation) -> FakeOperationTable:
    """The fake server's table for `op`; `match` (the required identifier parameters that are
    fields of the response's record) is empty when none selects a record: the operation then
    answers from what is registered for it, else its example."""
    holder = record_field(op)
    record_names = (
        {f.wire_name for f in holder.type.object.fields}
        if holder is not None and holder.type.object is not None
        else set()
    )
    required = tuple(f.wire_name for f in op.request.fields if f.required)
    # Identifiers only (`...Id`), and never for a paged operation: a listing's Data also
    # carries PageNumber and PageSize, and a change's may echo a mode or a name.
    match = {
        f.wire_name: f.wire_name
        for f in op.request.fields
        if f.required and f.wire_name in record_names and f.wire_name.endswith("Id")
    }
    if op.paging is not None:
        match = {}
    blank = next((e for e in op.errors if e.code == BLANK_CODE), None)
    first = next(iter(match), None) or "resource"
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
        record_field=holder.wire_name if holder is not None else "Data",
        envelope=success_envelope(op, holder) if holder is not None else {},
        not_found_from_spec=not_found is not None,
        examples={ex.name: ex.response for ex in op.examples if ex.response is not None},
        echo=_echoed(op),
        errors={e.code: (e.http_status, e.message) for e in op.errors},
    )


def success_envelope(op: m.Operation, holder: m.Field) -> dict[str, Any]:
    """The constant fields of a success answer besides RequestId and the record: each other
    required response field, valued as in the spec's first success example (else the field's
    own example). For CCC: {"Code": "OK", "HttpStatusCode": 200}."""
    example = _first_example(op) or {}
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
    """The fake server's tables, one per operation, listings in place."""
    tables = [fake_operation(op) for op in service.operations]
    by_name = {t.name: t for t in tables}
    return [
        dataclasses.replace(t, listing=listing_of(op, by_name))
        if listing_of(op, by_name) is not None
        else t
        for op, t in zip(service.operations, tables, strict=True)
    ]


def description(service: m.Service) -> dict[str, Any]:
    """The generated description the fake server reads: every operation's table."""
    return {
        "service": service.name,
        "api_version": service.api_version,
        "errors": {code: list(pair) for code, pair in gateway_errors(service).items()},
        "operations": {t.name: t.as_description() for t in fake_operations(service)},
    }


def gateway_errors(service: m.Service) -> dict[str, tuple[int, str]]:
    """The spec's gateway error codes as `{code: (http_status, message)}`."""
    return {e.code: (e.http_status, e.message) for e in service.errors}


def server_class_name(service: m.Service) -> str:
    """The name of the service's fake server class."""
    return f"Fake{service.product}Server"


def example_record(service: m.Service) -> dict[str, Any]:
    """A minimal record the operation selecting records by the most parameters would find,
    from the spec's examples."""
    tables = [t for t in fake_operations(service) if t.match]
    if not tables:
        return {}
    table = max(tables, key=lambda t: len(t.match))
    op = next(op for op in service.operations if op.name == table.name)
    examples = {f.wire_name: f.example for f in op.request.fields}
    return {
        record: examples.get(param) if isinstance(examples.get(param), str) else "example"
        for param, record in table.match.items()
    }


DESCRIPTION_FILE = "testing_operations.json"


def render_testing(service: m.Service) -> str:
    """The generated `testing.py` (the fake server for users' tests)."""
    return render(
        "testing.py.jinja",
        service=service,
        header=python_header(service.source),
        example=example_record(service),
        class_name=server_class_name(service),
        description_file=DESCRIPTION_FILE,
    )


def emit_testing(service: m.Service) -> dict[str, str]:
    """The generated `testing.py` and the description of every operation it reads."""
    text = json.dumps(description(service), ensure_ascii=False, indent=2, sort_keys=False)
    return {
        f"{service.name}/testing.py": render_testing(service),
        f"{service.name}/{DESCRIPTION_FILE}": text + "\n",
    }
