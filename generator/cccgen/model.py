"""The in-memory model of an API: what every emitter reads. Built only by `spec.loader`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Scalar = Literal["string", "int32", "int64", "number", "boolean"]
Kind = Literal["string", "int32", "int64", "number", "boolean", "object", "array", "any"]
SCALAR_KINDS: tuple[str, ...] = ("string", "int32", "int64", "number", "boolean")
# `any`: any JSON value (response fields only): `Any` in models, `{}` in JSON Schema.
ALL_KINDS: tuple[str, ...] = (*SCALAR_KINDS, "object", "array", "any")
NUMBER_KINDS: tuple[str, ...] = ("int32", "int64", "number")
INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
# `pii: <kind>` on a string field: what personal data it holds, so `redact` knows how to replace
# it (runtime/tools/redact/standins.py has one rule per kind; spec/README.md lists them).
PII_KINDS: tuple[str, ...] = ("phone_number", "person_name", "location", "email", "free_text")


@dataclass(frozen=True)
class Location:
    """Where a node was written: `file:line:column` and the dotted path inside the document.

    The check stage locates its problems from these alone; diffing compares what nodes mean,
    so every node's `location` is left out of its equality and hash."""

    file: str = ""
    line: int = 0  # 1-based; 0 when unknown (a node built outside the loader)
    column: int = 0
    path: str = ""


NOWHERE = Location()


@dataclass(frozen=True)
class Text:
    zh: str
    en: str


@dataclass(frozen=True)
class EnumValue:
    value: str | int
    name: str  # Python member name
    zh: str
    en: str
    # The item in `values`.
    location: Location = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Enum:
    name: str
    kind: Scalar
    description: Text | None
    note: str | None
    values: tuple[EnumValue, ...]
    # The enum's key under `enums`.
    location: Location = field(default=NOWHERE, compare=False, repr=False)
    shared: bool = False  # declared in service.yaml, usable by every operation


@dataclass(frozen=True)
class Type:
    kind: Kind
    enum: Enum | None = None
    object: ObjectModel | None = None
    items: Type | None = None
    # The field's own `minimum` / `maximum` (int32, int64 and number only), within INT_BOUNDS.
    minimum: int | float | None = None
    maximum: int | float | None = None
    # The field's `pii:` kind (string fields and string items only), one of PII_KINDS.
    pii: str | None = None
    # The `type:` key.
    location: Location = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Field:
    wire_name: str
    python_name: str
    type: Type
    required: bool
    nullable: bool
    description: Text | None
    note: str | None
    example: Any
    # Request parameters: where the value travels (`query` string or form `body`), and
    # `style="json"` when it travels as one parameter holding its JSON text.
    in_: Literal["query", "body"] = "query"
    style: Literal["json"] | None = None
    # The field's key under `fields`.
    location: Location = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class ObjectModel:
    name: str
    description: Text | None
    fields: tuple[Field, ...]
    # Its `model:` key (a shared model: its key under `models`).
    location: Location = field(default=NOWHERE, compare=False, repr=False)
    # Declared under `models:` in service.yaml and referenced (`model:` without `fields`) by
    # any number of operations: emitted once, not per operation.
    shared: bool = False


@dataclass(frozen=True)
class ErrorCode:
    code: str
    class_name: str  # Python exception class name
    http_status: int
    message: str
    description: Text
    retryable: bool
    throttling: bool
    # Its `python_name:`, else its code's key.
    location: Location = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Example:
    name: str
    summary: str
    response: dict[str, Any] | None
    error: dict[str, Any] | None
    status: int
    # Its key under `examples`.
    location: Location = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Paging:
    """How an operation pages: request parameters, and wire-name paths into the success
    response to the page's items and to the total (only real on page 1)."""

    page_number: str
    page_size: str
    items: tuple[str, ...]
    total: tuple[str, ...]
    max_page_size: int = 100
    max_pages: int = 100


@dataclass(frozen=True)
class Operation:
    name: str
    python_name: str  # method / module name, e.g. get_call_detail_record
    summary: Text
    description: Text | None
    read_only: bool
    method: str
    path: str
    request: ObjectModel
    response: ObjectModel
    enums: tuple[Enum, ...]
    errors: tuple[ErrorCode, ...]
    examples: tuple[Example, ...]
    source: str  # spec file, relative to the spec root
    deprecated: bool = False
    note: str | None = None
    paging: Paging | None = None
    # Its `name:`.
    location: Location = field(default=NOWHERE, compare=False, repr=False)

    def objects(self) -> list[ObjectModel]:
        """Every object model of the response, outermost first, each once."""
        return list(walk_objects(self.response))


@dataclass(frozen=True)
class Endpoint:
    host_pattern: str
    central_host: str | None
    central_regions: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """One group of the documentation's grouping of operations."""

    title: Text
    operations: tuple[str, ...]


@dataclass(frozen=True)
class Auth:
    signature: str
    alternatives: tuple[str, ...]
    env_access_key_id: str
    env_access_key_secret: str
    env_security_token: str


@dataclass(frozen=True)
class ErrorEnvelope:
    """The body of every error answer, and how a captured one is told from a success response."""

    body: ObjectModel
    code_field: str  # the string field holding the error code
    status_field: str | None  # the integer field holding the HTTP status, if any
    success_code: str  # the code of a successful answer: never an error response

    def markers(self, op: Operation) -> tuple[str, ...]:
        """Fields every success response of `op` has and the envelope does not declare: a body
        with the error code and none of these is an error response."""
        declared = {f.wire_name for f in self.body.fields}
        return tuple(
            f.wire_name for f in op.response.fields if f.required and f.wire_name not in declared
        )


@dataclass(frozen=True)
class Service:
    name: str  # generated package name
    product: str
    title: Text
    api_version: str
    style: str
    endpoint: Endpoint
    auth: Auth
    errors: tuple[ErrorCode, ...]
    operations: tuple[Operation, ...]
    source: str
    error_response: ErrorEnvelope | None = None
    # `models:` and `enums:` of service.yaml, shared by the operations (`shared=True` on each).
    models: tuple[ObjectModel, ...] = ()
    enums: tuple[Enum, ...] = ()
    # Explicit regional hosts (region, host), tried before `endpoint.host_pattern`.
    endpoints: tuple[tuple[str, str], ...] = ()
    groups: tuple[Group, ...] = ()
    # Its `name:`.
    location: Location = field(default=NOWHERE, compare=False, repr=False)

    def all_errors(self) -> list[ErrorCode]:
        """Gateway errors then every operation's own, each code once."""
        seen: dict[str, ErrorCode] = {e.code: e for e in self.errors}
        for op in self.operations:
            for e in op.errors:
                seen.setdefault(e.code, e)
        return list(seen.values())


def walk_objects(root: ObjectModel) -> list[ObjectModel]:
    """Every object model reachable from `root`, each once, `root` first."""
    found: dict[str, ObjectModel] = {}

    def visit_type(t: Type) -> None:
        if t.object is not None:
            visit(t.object)
        if t.items is not None:
            visit_type(t.items)

    def visit(obj: ObjectModel) -> None:
        if obj.name in found:
            return
        found[obj.name] = obj
        for f in obj.fields:
            visit_type(f.type)

    visit(root)
    return list(found.values())
