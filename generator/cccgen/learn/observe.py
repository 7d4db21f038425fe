"""Walk each capture against the spec and collect what differs, with its evidence: fields the
spec does not know, enum values it does not list, values of another type, nulls where the field
is not nullable. Sites are `(file, path)`: the spec file (relative to the service folder) and
the path inside it where the change belongs (shared models and enums live in service.yaml).
Error responses (the service's error envelope) are skipped: they answer no operation's schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cccgen import model as m
from cccgen.learn.captures import Capture
from cccgen.learn.infer import WIRE_NAME, Shape, kind_of
from cccgen.problems import _escaped
from cccgen.runtime.core.jsontext import Locator, line_column
from cccgen.spec.yaml_source import PathKey

__all__ = ["SERVICE_FILE", "Evidence", "Findings", "Observer", "Site"]

SERVICE_FILE = "service.yaml"
Site = tuple[str, PathKey]


@dataclass
class Evidence:
    """How many captures showed a finding, and where the first one did (`file:line:column`)."""

    captures: int = 0
    first: str = ""
    last: int = 0  # the serial number of the capture counted last: each counts once

    def text(self) -> str:
        plural = "s" if self.captures != 1 else ""
        return f"seen in {self.captures} capture{plural}, first at {self.first}"


@dataclass
class NewField:
    parent: m.ObjectModel
    shape: Shape = field(default_factory=Shape)
    evidence: Evidence = field(default_factory=Evidence)


@dataclass
class NewEnumValues:
    enum: m.Enum
    values: dict[tuple[str, Any], tuple[Any, Evidence]] = field(default_factory=dict)


@dataclass
class TypeMismatch:
    type: m.Type
    kinds: set[str] = field(default_factory=set)
    evidence: Evidence = field(default_factory=Evidence)


@dataclass
class Findings:
    new_fields: dict[Site, NewField] = field(default_factory=dict)
    enum_values: dict[Site, NewEnumValues] = field(default_factory=dict)
    nullable: dict[Site, Evidence] = field(default_factory=dict)
    types: dict[Site, TypeMismatch] = field(default_factory=dict)
    unlearnable: dict[str, str] = field(default_factory=dict)  # what, escaped → first location
    captures: int = 0
    error_responses: int = 0

    def __bool__(self) -> bool:
        return bool(self.new_fields or self.enum_values or self.nullable or self.types)


def _pointer(parent: str, key: str | int) -> str:
    return f"{parent}/{str(key).replace('~', '~0').replace('/', '~1')}"


def matches(kind: str, value: object) -> bool:
    """Whether a non-null `value` is of the spec type `kind`."""
    if kind == "any":
        return True
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind in m.INT_BOUNDS:
        if isinstance(value, bool) or not isinstance(value, int):
            return False
        low, high = m.INT_BOUNDS[kind]
        return low <= value <= high
    return kind_of(value) == kind


class Observer:
    """Collects findings capture by capture into `findings`."""

    def __init__(self, service: m.Service, files: dict[str, str]) -> None:
        self.service = service
        self.operations = {op.name: op for op in service.operations}
        self.files = files  # operation name → its spec file, relative to the service folder
        self.findings = Findings()
        self._fields: dict[int, dict[str, m.Field]] = {}
        self._enums: dict[int, set[tuple[str, Any]]] = {}
        self._markers: dict[str, tuple[str, ...]] = {}
        self._capture: Capture | None = None
        self._serial = 0
        self._locator: Locator | None = None

    def observe(self, capture: Capture) -> str | None:
        """Take one capture into account; a problem (located, escaped) when it cannot be."""
        payload = capture.record.payload
        record = capture.record
        if not isinstance(payload, dict):
            return _escaped(
                f"{record.source.name}:{record.line}:1: not a JSON object, so no response of "
                f"{capture.operation}; not learned from"
            )
        op = self.operations[capture.operation]
        self.findings.captures += 1
        if self._is_error(op, payload):
            self.findings.error_responses += 1
            return None
        self._capture, self._locator = capture, None
        self._serial += 1
        self._object(op.response, payload, (self.files[op.name], ("response",)), "")
        return None

    def _is_error(self, op: m.Operation, payload: dict[str, Any]) -> bool:
        envelope = self.service.error_response
        if envelope is None:
            return False
        code = payload.get(envelope.code_field)
        if not isinstance(code, str) or code == envelope.success_code:
            return False
        markers = self._markers.get(op.name)
        if markers is None:
            markers = self._markers[op.name] = envelope.markers(op)
        return not any(name in payload for name in markers)

    def _where(self, pointer: str, member: str | None = None) -> str:
        assert self._capture is not None
        record = self._capture.record
        if self._locator is None:
            self._locator = Locator(record.text)
        offset = self._locator.locate(pointer, member=member)
        line, column = line_column(record.text, offset, record.line)
        return _escaped(f"{record.source.name}:{line}:{column}")

    def _saw(self, evidence: Evidence, pointer: str, member: str | None = None) -> None:
        if evidence.last != self._serial:
            evidence.last = self._serial
            evidence.captures += 1
        if not evidence.first:
            evidence.first = self._where(pointer, member)

    def _object(self, obj: m.ObjectModel, value: dict[str, Any], site: Site, pointer: str) -> None:
        file, path = (SERVICE_FILE, ("models", obj.name)) if obj.shared else site
        known = self._fields.get(id(obj))
        if known is None:
            known = self._fields[id(obj)] = {f.wire_name: f for f in obj.fields}
        for key, inner in value.items():
            child: Site = (file, (*path, "fields", key))
            spec = known.get(key)
            if spec is not None:
                self._field(spec, inner, child, _pointer(pointer, key))
            elif not WIRE_NAME.fullmatch(key):
                what = _escaped(f"field {key!r} of {obj.name}: not a name the spec format allows")
                if what not in self.findings.unlearnable:  # located once: the first place
                    self.findings.unlearnable[what] = self._where(pointer, key)
            else:
                found = self.findings.new_fields.get(child)
                if found is None:
                    found = self.findings.new_fields[child] = NewField(obj)
                found.shape.add(inner)
                self._saw(found.evidence, pointer, key)

    def _field(self, spec: m.Field, value: object, site: Site, pointer: str) -> None:
        if value is None:
            if spec.type.kind != "any" and not spec.nullable:
                evidence = self.findings.nullable.setdefault(site, Evidence())
                self._saw(evidence, pointer)
            return
        self._type(spec.type, value, site, pointer)

    def _type(self, spec: m.Type, value: object, site: Site, pointer: str) -> None:
        if value is None or not matches(spec.kind, value):
            found = self.findings.types.get(site)
            if found is None:
                found = self.findings.types[site] = TypeMismatch(spec)
            found.kinds.add("null" if value is None else kind_of(value))
            self._saw(found.evidence, pointer)
            return
        if spec.enum is not None:
            self._enum(spec.enum, value, site[0], pointer)
        if spec.kind == "object" and spec.object is not None:
            assert isinstance(value, dict)
            self._object(spec.object, value, site, pointer)
        elif spec.kind == "array" and spec.items is not None:
            assert isinstance(value, list)
            items: Site = (site[0], (*site[1], "items"))
            for index, item in enumerate(value):
                self._type(spec.items, item, items, _pointer(pointer, index))

    def _enum(self, enum: m.Enum, value: Any, file: str, pointer: str) -> None:
        known = self._enums.get(id(enum))
        if known is None:
            known = self._enums[id(enum)] = {(type(v.value).__name__, v.value) for v in enum.values}
        key = (type(value).__name__, value)
        if key in known:
            return
        if isinstance(value, str) and _escaped(value) != value:
            what = _escaped(f"value {value!r} of enum {enum.name}: holds control characters")
            if what not in self.findings.unlearnable:
                self.findings.unlearnable[what] = self._where(pointer)
            return
        site: Site = (SERVICE_FILE if enum.shared else file, ("enums", enum.name))
        found = self.findings.enum_values.get(site)
        if found is None:
            found = self.findings.enum_values[site] = NewEnumValues(enum)
        seen = found.values.get(key)
        if seen is None:
            seen = found.values[key] = (value, Evidence())
        self._saw(seen[1], pointer)
