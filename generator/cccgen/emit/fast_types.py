"""`<pkg>/validators/_fast_types.py`: per operation, the types that decide the fast path of
`validate_json` (`runtime/core/fast_json.py` builds msgspec types from them when msgspec is
installed, the `fast` extra).

The description is translated from the generated strict JSON Schema (through the validator
compiler's `Node` tree, so it reads exactly the schema the validator reads), and only where the
translation is exact or stricter: whatever the msgspec types accept, jsonschema accepts. What
they reject goes to the standard-library path, which reports the issues, so a stricter type
(an integer field refusing `1.0`, a bounded number taking integers only) costs speed on rare
payloads, never a verdict. A schema with something that has no such translation gets no fast
path at all (`None`): never a looser one.

A type is a tuple: `("str",)`, `("int", low, high)` (bounds or None), `("float",)`,
`("bool",)`, `("null",)`, `("any",)`, `("dict",)` (an object with no keywords),
`("list", item)`, `("model", name)`, `("enum", values, base)` (the strict type is a `Literal`
of `values`; the lenient one is `base`) and `("union", members)`. A model is
`(closed, ((wire name, required, type), ...))`; the lenient variant opens every model.
"""

from __future__ import annotations

import math
from typing import Any

from cccgen import model as m
from cccgen.emit import json_schema
from cccgen.emit.header import python_header
from cccgen.emit.pysource import docstring
from cccgen.emit.validator.schema import Node, UnsupportedSchemaError, compile_schema

__all__ = ["FAST_TYPES_MODULE", "NoFastPath", "describe", "emit_fast_types"]

FAST_TYPES_MODULE = "_fast_types"
Type = tuple[Any, ...]
Model = tuple[bool, tuple[tuple[str, bool, Type], ...]]
Description = tuple[Type, dict[str, Model]]


class NoFastPath(ValueError):
    """The schema has something the fast path cannot decide exactly (or more strictly)."""


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _int_bounds(node: Node) -> tuple[int | None, int | None]:
    """The bounds of an integer as integers: `minimum: 1.5` means at least 2."""
    low = None if node.minimum is None else math.ceil(node.minimum)
    high = None if node.maximum is None else math.floor(node.maximum)
    return low, high


def _passes(node: Node, value: object) -> bool:
    """Whether an enum value passes the node's type and bounds, as jsonschema checks them."""
    fits = (
        (value is None and "null" in node.types)
        or (isinstance(value, str) and "string" in node.types)
        or (isinstance(value, bool) and "boolean" in node.types)
        or (
            _is_number(value)
            and (
                "number" in node.types or ("integer" in node.types and float(value).is_integer())  # type: ignore[arg-type]
            )
        )
    )
    if not fits or not _is_number(value):
        return fits
    number: float = value  # type: ignore[assignment]
    return (node.minimum is None or number >= node.minimum) and (
        node.maximum is None or number <= node.maximum
    )


class _Translator:
    def __init__(self) -> None:
        self.models: dict[str, Model] = {}
        self.shapes: dict[str, tuple[object, ...]] = {}

    def node(self, node: Node, where: str) -> Type:
        base = self._types(node, where)
        if node.enum is None:
            return base
        values: list[object] = []
        for value in node.enum:
            if not _passes(node, value):
                continue  # jsonschema rejects it by its type or bounds anyway
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise NoFastPath(f"{where}: enum value {value!r} has no Literal form")
            literal = int(value) if isinstance(value, float) else value
            if literal not in values:
                values.append(literal)
        if not values:
            raise NoFastPath(f"{where}: no enum value passes the type")
        return ("enum", tuple(values), base)

    def _types(self, node: Node, where: str) -> Type:
        members = tuple(self._one(node, t, where) for t in node.types)
        return members[0] if len(members) == 1 else ("union", members)

    def _one(self, node: Node, json_type: str, where: str) -> Type:
        if json_type == "string":
            return ("str",)
        if json_type == "boolean":
            return ("bool",)
        if json_type == "null":
            return ("null",)
        if json_type == "integer":
            return ("int", *_int_bounds(node))
        if json_type == "number":
            if node.minimum is None and node.maximum is None:
                return ("float",)
            # Stricter: integers only, compared exactly (a float bound rounds no integer).
            return ("int", *_int_bounds(node))
        if json_type == "array":
            item = ("any",) if node.items is None else self.node(node.items, f"{where}[]")
            return ("list", item)
        assert json_type == "object"
        if not node.object_keywords:
            return ("dict",)
        return ("model", self._model(node, where))

    def _model(self, node: Node, where: str) -> str:
        name = node.title or where.rsplit(".", 1)[-1] or "Root"
        shape = node.shape()
        taken, candidate, n = self.shapes.get(name), name, 1
        while taken is not None and taken != shape:
            n += 1
            candidate = f"{name}{n}"
            taken = self.shapes.get(candidate)
        if taken is not None:
            return candidate
        self.shapes[candidate] = shape
        declared = dict(node.properties)
        fields = [
            (wire, wire in node.required, self.node(child, f"{where}.{wire}"))
            for wire, child in node.properties
        ]
        # A required name without a property: present with any value, where unknown names are
        # allowed; in a closed model it can never be (jsonschema rejects both ways).
        ghosts = [wire for wire in node.required if wire not in declared]
        if ghosts and not node.additional:
            raise NoFastPath(f"{where}: {ghosts[0]!r} is required but not allowed")
        fields += [(wire, True, ("any",)) for wire in ghosts]
        self.models[candidate] = (not node.additional, tuple(fields))
        return candidate


def describe(schema: object) -> Description:
    """The fast-path description of a strict response schema; raises NoFastPath."""
    try:
        root = compile_schema(schema)
    except UnsupportedSchemaError as exc:
        raise NoFastPath(str(exc)) from None
    translator = _Translator()
    top = translator.node(root, "")
    return top, translator.models


def _render(descriptions: dict[str, Description | str]) -> str:
    lines = []
    for operation, description in descriptions.items():
        if isinstance(description, str):
            lines.append(f"    # no fast path: {description}\n    {operation!r}: None,")
            continue
        top, models = description
        body = "".join(f"            {name!r}: {model!r},\n" for name, model in models.items())
        lines.append(
            f"    {operation!r}: (\n        {top!r},\n        {{\n{body}        }},\n    ),"
        )
    return "\n".join(lines)


def emit_fast_types(service: m.Service) -> dict[str, str]:
    """The descriptions of every operation's strict response schema, as data."""
    descriptions: dict[str, Description | str] = {}
    for op in service.operations:
        try:
            descriptions[op.name] = describe(
                json_schema.response_schema(op, strict=True, service=service)
            )
        except NoFastPath as exc:
            descriptions[op.name] = str(exc).replace("\n", " ")
    text = (
        python_header(service.source)
        + "\n"
        + docstring(
            "Per operation, the types of the fast path of `validate_json` (msgspec, the `fast`\n"
            "extra), translated from the strict response schema where the translation is exact\n"
            "or stricter; `None`: no fast path. Read by `_runtime/core/fast_json.py`; the format\n"
            "is in cccgen's `emit/fast_types.py`."
        )
        + "\n\nfrom __future__ import annotations\n\nfrom typing import Any, Final\n\n"
        + "TYPES: Final[dict[str, Any]] = {\n"
        + _render(descriptions)
        + "\n}\n"
    )
    return {f"{service.name}/validators/{FAST_TYPES_MODULE}.py": text}
