"""Spec coverage by captures: which fields of the spec the validated responses really carry.

A `Coverage` is built from each operation's response JSON Schema (the strict one, which holds
the enums) and fed every validated response with `add(operation, payload)`. It counts, for
every field the schema declares (a dotted path, `[]` for the items of an array, e.g.
`Data.AgentEvents[].EventList[].Event`):

* `present`, `null`, `absent`: counted once per occurrence of the object that holds the field.
  A top-level field is counted once per response whose body is an object; a field of the items
  of an array once per item that is an object, so `Data.AgentEvents[].AgentId` with two
  responses of three agent events each counts six occurrences. An object of the wrong type (a
  string where `Data` should be) holds nothing: its fields are not counted at all. The items of
  an array (`X[]`) are counted once per item: present or null, never absent.
* `responses`: in how many responses the field was present (not null) at least once.
* `wrong_type`: present values whose JSON type the schema does not allow (not descended into).
* enums: how often each spec value was seen (values never seen are listed), and the values
  outside the spec. These are bounded: the `UNKNOWN_VALUES_LIMIT` smallest by their JSON text
  are counted each, the rest together in `unknown_other`; keeping the smallest (not the first)
  keeps merging exact whatever the order. Values longer than `VALUE_LIMIT` characters are
  counted by their beginning.
* numbers: the smallest and largest seen; strings: the longest, in characters; booleans: how
  often true and false; arrays: the most items seen.
* unknown fields (drift): dotted paths of the keys the spec does not declare, counted; only the
  first unknown key of a path (its content is unknown by implication). Bounded like enum
  values: `UNKNOWN_FIELDS_LIMIT` paths per operation, the rest counted in `unknown_fields_other`.

`unconfirmed` lists the declared fields no response ever carried a value for (only ever absent
or null). Keys that are not plain names are written JSON-quoted in brackets: `Data["a.b"]`
(`spec_fields` flattens the schema and names the paths).

Everything is plain data (picklable, no schema kept after construction): worker processes send
their `Coverage` back and `merge` adds it exactly; merging is associative and commutative, and
`to_dict` is deterministic (spec order, then sorted), so any split of the responses into parts,
merged in any order, gives the same figures. Memory is O(fields of the spec) plus the bounds
above, whatever the number of responses. Standard library only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .spec_fields import FieldSpec, field_specs, join_path, response_schemas

__all__ = [
    "UNKNOWN_FIELDS_LIMIT",
    "UNKNOWN_VALUES_LIMIT",
    "Coverage",
    "FieldSpec",
    "OperationCoverage",
    "field_specs",
    "merged",
    "response_schemas",
]

UNKNOWN_VALUES_LIMIT = 20  # unknown values of one enum field counted one by one
UNKNOWN_FIELDS_LIMIT = 1000  # unknown field paths of one operation counted one by one
VALUE_LIMIT = 200  # characters of an unknown value kept
_MISSING = object()


def _value_text(value: object) -> str:
    """An enum value as JSON text (how it is counted and shown), clipped."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 1.0 and 1 are the same JSON number
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= VALUE_LIMIT else text[:VALUE_LIMIT] + "…"


@dataclass(slots=True)
class _Stats:
    """What was seen of one field; every figure merges by a sum, a min or a max."""

    present: int = 0
    null: int = 0
    absent: int = 0
    responses: int = 0
    wrong_type: int = 0
    low: int | float | None = None
    high: int | float | None = None
    longest: int | None = None  # characters of a string, items of an array
    true: int = 0
    false: int = 0
    values: list[int] | None = None  # counts of the spec's enum values, in spec order
    unknown: dict[str, int] | None = None  # the smallest unknown values' JSON texts: counts
    unknown_other: int = 0
    stamp: int = 0  # the last response this field was present in (not a figure)

    def merge(self, other: _Stats) -> None:
        self.present += other.present
        self.null += other.null
        self.absent += other.absent
        self.responses += other.responses
        self.wrong_type += other.wrong_type
        self.low = _pick(min, self.low, other.low)
        self.high = _pick(max, self.high, other.high)
        self.longest = _pick(max, self.longest, other.longest)
        self.true += other.true
        self.false += other.false
        if self.values is not None and other.values is not None:
            self.values = [a + b for a, b in zip(self.values, other.values, strict=True)]
        if other.unknown:
            mine = self.unknown if self.unknown is not None else {}
            for text, count in other.unknown.items():
                mine[text] = mine.get(text, 0) + count
            self.unknown = mine
            self.unknown_other += _keep_smallest(mine, UNKNOWN_VALUES_LIMIT)
        self.unknown_other += other.unknown_other


def _pick(choose: Any, a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    return choose(a, b)


def _keep_smallest(counts: dict[str, int], limit: int) -> int:
    """Drop all but the `limit` smallest keys; return the sum of the counts dropped."""
    if len(counts) <= limit:
        return 0
    dropped = 0
    for key in sorted(counts)[limit:]:
        dropped += counts.pop(key)
    return dropped


_JSON_TYPE = {str: "string", bool: "boolean", int: "integer", float: "number", dict: "object"}


def _json_type(value: object) -> str:
    kind = _JSON_TYPE.get(type(value))
    if kind is not None:
        return kind
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object" if isinstance(value, Mapping) else "unknown"


def _allowed(kind: str, value: object, types: tuple[str, ...]) -> bool:
    if not types or kind in types:
        return True
    if kind == "integer":
        return "number" in types
    # A float with an integral value is a JSON Schema integer.
    return kind == "number" and "integer" in types and float(value).is_integer()  # type: ignore[arg-type]


@dataclass(slots=True)
class OperationCoverage:
    """The coverage of one operation's responses; see the module's docstring."""

    fields: tuple[FieldSpec, ...]
    stats: list[_Stats] = field(default_factory=list)
    responses: int = 0
    not_object: int = 0  # responses whose body is not a JSON object
    unknown_fields: dict[str, int] = field(default_factory=dict)
    unknown_fields_other: int = 0
    _enum_index: list[dict[str, int] | None] = field(default_factory=list)
    _enum_strings: list[dict[str, int] | None] = field(default_factory=list)  # fast path

    def __post_init__(self) -> None:
        if not self.stats:
            self.stats = [
                _Stats(values=None if f.enum is None else [0] * len(f.enum)) for f in self.fields
            ]
        self._enum_index = [
            None if f.enum is None else {_value_text(v): i for i, v in enumerate(f.enum)}
            for f in self.fields
        ]
        self._enum_strings = [
            None if f.enum is None else {v: i for i, v in enumerate(f.enum) if isinstance(v, str)}
            for f in self.fields
        ]

    @classmethod
    def from_schema(cls, schema: Mapping[str, Any]) -> OperationCoverage:
        return cls(field_specs(schema))

    def add(self, payload: object) -> None:
        self.responses += 1
        if isinstance(payload, dict):
            self._value(0, payload)
        else:
            self.not_object += 1

    def _value(self, index: int, value: object) -> None:
        stats = self.stats[index]
        if value is None:
            stats.null += 1
            return
        stats.present += 1
        if stats.stamp != self.responses:
            stats.stamp = self.responses
            stats.responses += 1
        spec = self.fields[index]
        kind = _JSON_TYPE.get(type(value)) or _json_type(value)
        if spec.types and kind not in spec.types and not _allowed(kind, value, spec.types):
            stats.wrong_type += 1
            return
        if kind == "string":
            length = len(value)  # type: ignore[arg-type]
            if stats.longest is None or length > stats.longest:
                stats.longest = length
        elif kind in ("integer", "number"):
            if stats.low is None or value < stats.low:  # type: ignore[operator]
                stats.low = value  # type: ignore[assignment]
            if stats.high is None or value > stats.high:  # type: ignore[operator]
                stats.high = value  # type: ignore[assignment]
        elif kind == "boolean":
            if value:
                stats.true += 1
            else:
                stats.false += 1
        elif kind == "object":
            if spec.properties is not None:
                self._object(index, spec, value)  # type: ignore[arg-type]
            return
        elif kind == "array":
            items: list[object] = value  # type: ignore[assignment]
            if stats.longest is None or len(items) > stats.longest:
                stats.longest = len(items)
            if spec.items is not None:
                for item in items:
                    self._value(spec.items, item)
            return
        known = self._enum_index[index]
        if known is not None:
            strings = self._enum_strings[index]
            position = strings.get(value) if strings and isinstance(value, str) else None
            if position is not None:
                stats.values[position] += 1  # type: ignore[index]
                return
            text = _value_text(value)
            position = known.get(text)
            if position is not None:
                stats.values[position] += 1  # type: ignore[index]
            else:
                unknown = stats.unknown if stats.unknown is not None else {}
                unknown[text] = unknown.get(text, 0) + 1
                stats.unknown = unknown
                stats.unknown_other += _keep_smallest(unknown, UNKNOWN_VALUES_LIMIT)

    def _object(self, index: int, spec: FieldSpec, value: dict[str, object]) -> None:
        assert spec.properties is not None
        found = 0
        for key, child in spec.properties:
            item = value.get(key, _MISSING)
            if item is _MISSING:
                self.stats[child].absent += 1
            else:
                found += 1
                self._value(child, item)
        if len(value) > found:
            declared = {key for key, _ in spec.properties}
            unknown = self.unknown_fields
            for key in value:
                if key not in declared:
                    path = join_path(spec.path, key)
                    unknown[path] = unknown.get(path, 0) + 1
            self.unknown_fields_other += _keep_smallest(unknown, UNKNOWN_FIELDS_LIMIT)

    def merge(self, other: OperationCoverage) -> None:
        if other.fields != self.fields:
            raise ValueError("cannot merge the coverage of different schemas")
        self.responses += other.responses
        self.not_object += other.not_object
        for mine, theirs in zip(self.stats, other.stats, strict=True):
            mine.merge(theirs)
        for path, count in other.unknown_fields.items():
            self.unknown_fields[path] = self.unknown_fields.get(path, 0) + count
        self.unknown_fields_other += other.unknown_fields_other
        self.unknown_fields_other += _keep_smallest(self.unknown_fields, UNKNOWN_FIELDS_LIMIT)

    def unconfirmed(self) -> list[str]:
        """Declared fields no response carried a value for, in spec order."""
        return [
            f.path for f, s in zip(self.fields[1:], self.stats[1:], strict=True) if not s.present
        ]

    def field_dicts(self) -> list[dict[str, Any]]:
        return [_field_dict(f, s) for f, s in zip(self.fields[1:], self.stats[1:], strict=True)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "responses": self.responses,
            "not_object": self.not_object,
            "fields": self.field_dicts(),
            "unconfirmed": self.unconfirmed(),
            "unknown_fields": [
                {"path": path, "count": count}
                for path, count in sorted(self.unknown_fields.items())
            ],
            "unknown_fields_other": self.unknown_fields_other,
        }


def _field_dict(spec: FieldSpec, stats: _Stats) -> dict[str, Any]:
    data: dict[str, Any] = {
        "path": spec.path,
        "types": list(spec.types),
        "nullable": spec.nullable,
        "required": spec.required,
        "present": stats.present,
        "null": stats.null,
        "absent": stats.absent,
        "responses": stats.responses,
        "wrong_type": stats.wrong_type,
    }
    if spec.enum is not None and stats.values is not None:
        data["enum"] = {
            "values": [
                {"value": v, "count": c} for v, c in zip(spec.enum, stats.values, strict=True)
            ],
            "never_seen": [v for v, c in zip(spec.enum, stats.values, strict=True) if not c],
            "unknown": [
                {"value": text, "count": count}
                for text, count in sorted((stats.unknown or {}).items())
            ],
            "unknown_other": stats.unknown_other,
        }
    kinds = set(spec.types)
    if kinds & {"integer", "number"}:
        data["range"] = {"min": stats.low, "max": stats.high}
    if "string" in kinds:
        data["longest"] = stats.longest if "array" not in kinds else None
    if "boolean" in kinds:
        data["booleans"] = {"true": stats.true, "false": stats.false}
    if "array" in kinds:
        data["most_items"] = stats.longest if "string" not in kinds else None
    return data


class Coverage:
    """Coverage of every operation; `schemas` maps an operation to its strict response schema.

    Operations are compiled when first seen, so a run over one operation of many pays for one.
    """

    __slots__ = ("operations", "schemas")

    def __init__(self, schemas: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.schemas: dict[str, Mapping[str, Any]] = dict(schemas or {})
        self.operations: dict[str, OperationCoverage] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"operations": self.operations}  # the schemas stay behind: plain data travels

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.schemas = {}
        self.operations = state["operations"]

    def add(self, operation: str, payload: object) -> None:
        cover = self.operations.get(operation)
        if cover is None:
            schema = self.schemas.get(operation)
            if schema is None:
                raise KeyError(f"no response schema for operation {operation!r}")
            cover = self.operations[operation] = OperationCoverage.from_schema(schema)
        cover.add(payload)

    def merge(self, other: Coverage) -> None:
        for name, theirs in other.operations.items():
            mine = self.operations.get(name)
            if mine is None:
                mine = self.operations[name] = OperationCoverage(theirs.fields)
            mine.merge(theirs)

    def to_dict(self) -> dict[str, Any]:
        return {name: self.operations[name].to_dict() for name in sorted(self.operations)}


def merged(parts: Iterable[Coverage]) -> Coverage:
    """One `Coverage` holding the sum of `parts` (which are left as they were)."""
    total = Coverage()
    for part in parts:
        total.merge(part)
    return total
