"""The fields a response JSON Schema declares, flattened for coverage (see `coverage`).

`field_specs(schema)` walks `properties`, `items`, `type` (a list with "null" is nullable),
`enum` (a `null` value is nullable too), `required`, and follows `$ref` (to `#/...`), `allOf`,
`anyOf` and `oneOf`, so hand-written schemas work as well as the generated ones (which are
inline). Paths are dotted with `[]` for the items of an array; a key that is not a plain name
is written JSON-quoted in brackets (`Data["a.b"]`), clipped when very long. A recursive schema
is followed a bounded number of levels. `response_schemas` loads the strict response schemas
a generated package ships. Standard library only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["KEY_LIMIT", "FieldSpec", "field_specs", "join_path", "response_schemas"]

KEY_LIMIT = 200  # characters of a key kept in a path
_REF_DEPTH = 32  # `$ref` chains and schema nesting followed at most this deep
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_$@-]+")


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
    if len(name) > KEY_LIMIT:
        name = name[:KEY_LIMIT] + "…"
    if _PLAIN_KEY.fullmatch(name):
        return name
    return "[" + json.dumps(name, ensure_ascii=False) + "]"


def join_path(parent: str, name: str) -> str:
    """The path of property `name` inside `parent`."""
    segment = _key(name)
    if not parent:
        return segment
    return parent + segment if segment.startswith("[") else f"{parent}.{segment}"


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
            child = self.add(sub, join_path(path, key), index, key in required_keys, depth + 1)
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
