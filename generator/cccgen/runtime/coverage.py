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
or null). Keys that are not plain names are written JSON-quoted in brackets: `Data["a.b"]`.

Everything is plain data (picklable, no schema kept after construction): worker processes send
their `Coverage` back and `merge` adds it exactly; merging is associative and commutative, and
`to_dict` is deterministic (spec order, then sorted), so any split of the responses into parts,
merged in any order, gives the same figures. Memory is O(fields of the spec) plus the bounds
above, whatever the number of responses. Standard library only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

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
VALUE_LIMIT = 200  # characters of an unknown value or key kept
_REF_DEPTH = 32  # `$ref` chains and schema nesting followed at most this deep
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_$@-]+")
_MISSING = object()


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field the schema declares; `parent` is the index of its object (-1: the body)."""

    path: str
    types: tuple[str, ...]  # JSON types allowed, "null" excluded; () for any
    nullable: bool
    required: bool
    enum: tuple[object, ...] | None  # the spec's values, null excluded
    parent: int
    properties: tuple[tuple[str, int], ...] | None = None  # an object's fields: (key, index)
    items: int | None = None  # an array's items: their index


def _key(name: str) -> str:
    """A key as a path segment: plain names as they are, anything else JSON-quoted."""
    if len(name) > VALUE_LIMIT:
        name = name[:VALUE_LIMIT] + "…"
    if _PLAIN_KEY.fullmatch(name):
        return name
    return "[" + json.dumps(name, ensure_ascii=False) + "]"


def _join(parent: str, name: str) -> str:
    segment = _key(name)
    if not parent:
        return segment
    return parent + segment if segment.startswith("[") else f"{parent}.{segment}"


def _value_text(value: object) -> str:
    """An enum value as JSON text (how it is counted and shown), clipped."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 1.0 and 1 are the same JSON number
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= VALUE_LIMIT else text[:VALUE_LIMIT] + "…"


class _Compiler:
    """Flattens a response schema into `FieldSpec`s, in schema order (depth first)."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.fields: list[FieldSpec] = []

    def resolve(self, schema: object, seen: tuple[str, ...]) -> list[Mapping[str, Any]]:
        """`schema` and what it pulls in by `$ref`, `allOf`, `anyOf` and `oneOf`, flattened."""
        if not isinstance(schema, Mapping) or len(seen) > _REF_DEPTH:
            return []
        parts: list[Mapping[str, Any]] = [schema]
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/") and ref not in seen:
            target: object = self.root
            for segment in ref[2:].split("/"):
                segment = segment.replace("~1", "/").replace("~0", "~")
                target = target.get(segment) if isinstance(target, Mapping) else None
            parts += self.resolve(target, (*seen, ref))
        for keyword in ("allOf", "anyOf", "oneOf"):
            branches = schema.get(keyword)
            if isinstance(branches, list):
                for branch in branches:
                    parts += self.resolve(branch, (*seen, keyword))
        return parts

    def add(self, schema: object, path: str, parent: int, required: bool, depth: int) -> int | None:
        parts = self.resolve(schema, ())
        types: list[str] = []
        enum: list[object] | None = None
        properties: dict[str, object] = {}
        required_keys: set[str] = set()
        items: object = None
        closed = False  # the schema names the object's keys: any other key is unknown
        for part in parts:
            declared = part.get("type")
            for t in [declared] if isinstance(declared, str) else declared or ():
                if isinstance(t, str) and t not in types:
                    types.append(t)
            if isinstance(part.get("enum"), list):
                enum = (enum or []) + [v for v in part["enum"] if v not in (enum or [])]
            if (
                isinstance(part.get("properties"), Mapping)
                or part.get("additionalProperties") is False
            ):
                closed = True
            if isinstance(part.get("properties"), Mapping):
                for key, sub in part["properties"].items():
                    properties.setdefault(str(key), sub)
            if isinstance(part.get("required"), list):
                required_keys.update(k for k in part["required"] if isinstance(k, str))
            if isinstance(part.get("items"), Mapping) and items is None:
                items = part["items"]
        nullable = "null" in types or (enum is not None and None in enum)
        index = len(self.fields)
        self.fields.append(
            FieldSpec(
                path,
                tuple(t for t in types if t != "null"),
                nullable,
                required,
                None if enum is None else tuple(v for v in enum if v is not None),
                parent,
            )
        )
        if depth > _REF_DEPTH:
            return index  # a recursive schema: deeper levels are not followed
        props: list[tuple[str, int]] = []
        for key, sub in properties.items():
            child = self.add(sub, _join(path, key), index, key in required_keys, depth + 1)
            if child is not None:
                props.append((key, child))
        item_index = None
        if items is not None:
            item_index = self.add(items, path + "[]", index, False, depth + 1)
        if closed or item_index is not None:
            spec = self.fields[index]
            self.fields[index] = FieldSpec(
                spec.path,
                spec.types,
                spec.nullable,
                spec.required,
                spec.enum,
                spec.parent,
                tuple(props) if closed else None,
                item_index,
            )
        return index


def field_specs(schema: Mapping[str, Any]) -> tuple[FieldSpec, ...]:
    """Every field of a response schema; index 0 is the body itself (path "")."""
    compiler = _Compiler(schema)
    compiler.add(schema, "", -1, True, 0)
    return tuple(compiler.fields)


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
                    path = _join(spec.path, key)
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


def response_schemas(package: str, operations: Iterable[str]) -> dict[str, Mapping[str, Any]]:
    """The strict response schemas a generated `package` ships (`schemas/<Op>.response...`).

    Raises `OSError` or `ValueError` (naming the file) when one is missing or broken.
    """
    from importlib import resources

    folder = resources.files(package) / "schemas"
    schemas: dict[str, Mapping[str, Any]] = {}
    for name in operations:
        resource = folder / f"{name}.response.schema.json"
        try:
            schema = json.loads(resource.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{resource}: not JSON ({exc})") from None
        if not isinstance(schema, dict):
            raise ValueError(f"{resource}: not a JSON Schema object")  # noqa: TRY004 - bad data
        schemas[name] = schema
    return schemas
