"""Step 1 of the validator compiler: a JSON Schema read into a tree of `Node`s.

Every keyword the compiler does not implement is refused here, with the JSON Pointer of the
subschema (a schema the validator would only half understand is a generator bug, reported at
generation time, never a silently weaker check at run time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from cccgen.emit import json_schema

JSON_TYPES = ("string", "integer", "number", "boolean", "null", "object", "array")
KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "enum",
        "items",
        "minimum",
        "maximum",
    }
)
ANNOTATIONS = frozenset({"title", "description", "examples"})
ROOT_ONLY = frozenset({"$schema", "$id"})
SUPPORTED_DRAFT = json_schema.DRAFT


class UnsupportedSchemaError(ValueError):
    """The schema uses something this compiler does not implement; `pointer` says where."""

    def __init__(self, pointer: str, message: str) -> None:
        self.pointer = pointer
        self.reason = message
        super().__init__(f"schema#{pointer}: {message}")


@dataclass(frozen=True)
class Node:
    """One subschema, reduced to the keywords that validate."""

    types: tuple[str, ...]
    enum: tuple[Any, ...] | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    properties: tuple[tuple[str, Node], ...] = ()
    required: tuple[str, ...] = ()
    additional: bool = True
    items: Node | None = None
    description: str | None = None
    title: str | None = None  # an object's model name (json_schema writes it): one function

    @property
    def object_keywords(self) -> bool:
        return bool(self.properties or self.required or not self.additional)

    @property
    def is_any(self) -> bool:
        """The empty schema: any JSON value passes, nothing is checked."""
        return not self.types

    @property
    def is_scalar(self) -> bool:
        return bool(self.types) and "object" not in self.types and "array" not in self.types

    @property
    def is_model(self) -> bool:
        """An object with keywords of its own: compiled into functions of its own."""
        return "object" in self.types and self.object_keywords

    def shape(self) -> tuple[object, ...]:
        """What a model's functions check (not its type list or its text at a use site)."""
        return (self.properties, self.required, self.additional)

    def max_depth(self) -> int | None:
        """How deeply arrays and objects can nest in a value this schema accepts (a scalar is
        0, an object of scalars 1); None when unbounded (an untyped value, an object open to
        unknown members, an array with no `items`)."""
        if self.is_any:
            return None
        depth = 0
        if "object" in self.types:
            if self.additional:
                return None
            inner = [child.max_depth() for _, child in self.properties]
            if None in inner:
                return None
            depth = 1 + max((d for d in inner if d is not None), default=0)
        if "array" in self.types:
            below = None if self.items is None else self.items.max_depth()
            if below is None:
                return None
            depth = max(depth, 1 + below)
        return depth

    def without_drift(self) -> Node:
        """The node with neither `enum` nor `additionalProperties: false`, at any depth: what
        the lenient schema is (but for its root's description)."""
        return replace(
            self,
            enum=None,
            additional=True,
            properties=tuple((n, c.without_drift()) for n, c in self.properties),
            items=None if self.items is None else self.items.without_drift(),
        )


def is_number(value: object) -> bool:
    """Whether `value` is a JSON number (bools are not)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def token(name: str) -> str:
    """`name` escaped as a JSON Pointer reference token."""
    return name.replace("~", "~0").replace("/", "~1")


def compile_schema(schema: object, pointer: str = "") -> Node:
    """The Node tree of `schema`; raises UnsupportedSchemaError for anything not implemented."""
    if not isinstance(schema, dict):
        raise UnsupportedSchemaError(
            pointer, f"a subschema must be an object, not {type(schema).__name__}"
        )
    allowed = KEYWORDS | ANNOTATIONS | (ROOT_ONLY if pointer == "" else frozenset())
    unknown = sorted(k for k in schema if k not in allowed)
    if unknown:
        raise UnsupportedSchemaError(
            pointer, f"keyword {unknown[0]!r} is not implemented by the validator compiler"
        )
    if pointer == "" and "$schema" in schema and schema["$schema"] != SUPPORTED_DRAFT:
        raise UnsupportedSchemaError("/$schema", f"only {SUPPORTED_DRAFT} is supported")
    description = schema.get("description")
    if description is not None and not isinstance(description, str):
        raise UnsupportedSchemaError(f"{pointer}/description", "must be a string")

    if "type" not in schema:
        validating = sorted(k for k in schema if k in KEYWORDS)
        if validating:
            raise UnsupportedSchemaError(
                pointer, f"`{validating[0]}` without `type`: every such subschema must declare one"
            )
        # `{}` (annotations at most): any JSON value, a spec field of type `any`.
        return Node(types=(), description=description)
    raw_type = schema["type"]
    types = (raw_type,) if isinstance(raw_type, str) else raw_type
    if (
        not isinstance(types, (list, tuple))
        or not types
        or any(t not in JSON_TYPES for t in types)
        or len(set(types)) != len(types)
    ):
        raise UnsupportedSchemaError(
            f"{pointer}/type", f"must be one of {list(JSON_TYPES)} or a list of distinct ones"
        )

    enum: tuple[Any, ...] | None = None
    if "enum" in schema:
        values = schema["enum"]
        if not isinstance(values, list) or not values:
            raise UnsupportedSchemaError(f"{pointer}/enum", "must be a non-empty list")
        for i, value in enumerate(values):
            if not (value is None or isinstance(value, (str, bool)) or is_number(value)):
                raise UnsupportedSchemaError(
                    f"{pointer}/enum/{i}",
                    "only string, number, boolean and null values are implemented",
                )
            if isinstance(value, float) and not math.isfinite(value):
                raise UnsupportedSchemaError(f"{pointer}/enum/{i}", "must be a finite number")
        enum = tuple(values)

    bounds: dict[str, int | float | None] = {}
    for keyword in ("minimum", "maximum"):
        value = schema.get(keyword)
        if value is not None and not (is_number(value) and math.isfinite(value)):
            raise UnsupportedSchemaError(f"{pointer}/{keyword}", "must be a finite number")
        bounds[keyword] = value

    properties: list[tuple[str, Node]] = []
    raw_properties = schema.get("properties", {})
    if not isinstance(raw_properties, dict):
        raise UnsupportedSchemaError(f"{pointer}/properties", "must be an object")
    for name, subschema in raw_properties.items():
        properties.append((name, compile_schema(subschema, f"{pointer}/properties/{token(name)}")))

    required = schema.get("required", [])
    if (
        not isinstance(required, list)
        or any(not isinstance(r, str) for r in required)
        or len(set(required)) != len(required)
    ):
        raise UnsupportedSchemaError(f"{pointer}/required", "must be a list of distinct strings")

    additional = schema.get("additionalProperties", True)
    if not isinstance(additional, bool):
        raise UnsupportedSchemaError(
            f"{pointer}/additionalProperties", "only true or false is implemented (not a subschema)"
        )

    items: Node | None = None
    if "items" in schema:
        items = compile_schema(schema["items"], f"{pointer}/items")

    return Node(
        types=tuple(types),
        enum=enum,
        minimum=bounds["minimum"],
        maximum=bounds["maximum"],
        properties=tuple(properties),
        required=tuple(required),
        additional=additional,
        items=items,
        description=description,
        title=schema.get("title") if isinstance(schema.get("title"), str) else None,
    )
