"""The type of values seen in captures, unioned over every capture, as a spec field.

Integers are int32 while every one seen fits, else int64; integers and other numbers together
are `number`; any other mix (a string here, an object there) is `any`. Objects keep every field
seen in any of them, arrays the union of their items. Nothing is `required`: one capture
lacking a field says nothing about the next, and a required field added later only breaks.
Nesting deeper than `MAX_DEPTH` becomes `any`, so the spec stays well within its own limits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cccgen import model as m
from cccgen.importer.fields import python_name
from cccgen.naming import pascal_case

__all__ = ["MAX_DEPTH", "WIRE_NAME", "Shape", "fields_of", "kind_of", "unify"]

MAX_DEPTH = 12  # objects and arrays inside an unknown field, before `any`
MAX_FIELDS = 500  # fields one learned object may get; more are reported, not learned
WIRE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def kind_of(value: object) -> str:
    """The spec type of one non-null JSON value (integers: the narrowest that holds them)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        low, high = m.INT_BOUNDS["int32"]
        return "int32" if low <= value <= high else "int64"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "any"


def unify(kinds: set[str]) -> str:
    """One spec type that holds values of every kind in `kinds`."""
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds <= {"int32", "int64"}:
        return "int64"
    if kinds <= {"int32", "int64", "number"}:
        return "number"
    return "any"


@dataclass
class Shape:
    """What was seen at one place of the captures."""

    kinds: set[str] = field(default_factory=set)
    nulls: int = 0
    fields: dict[str, Shape] = field(default_factory=dict)
    items: Shape | None = None
    dropped: list[str] = field(default_factory=list)  # names that cannot be wire names

    def add(self, value: object, depth: int = 0) -> None:
        """Take one more value into account."""
        if value is None:
            self.nulls += 1
            return
        kind = kind_of(value)
        if depth >= MAX_DEPTH and kind in ("object", "array"):
            kind = "any"
        self.kinds.add(kind)
        if kind == "object":
            assert isinstance(value, dict)
            for key, inner in value.items():
                child = self.fields.get(key)
                if child is None:
                    if not WIRE_NAME.fullmatch(key) or len(self.fields) >= MAX_FIELDS:
                        if len(self.dropped) < 20:
                            self.dropped.append(key)
                        continue
                    child = self.fields[key] = Shape()
                child.add(inner, depth + 1)
        elif kind == "array":
            assert isinstance(value, list)
            if self.items is None:
                self.items = Shape()
            for inner in value:
                self.items.add(inner, depth + 1)

    def refused(self, where: str = "") -> list[str]:
        """Dotted names of the fields left out at any depth (see `dropped`)."""
        out = [f"{where}{name}" for name in self.dropped]
        for name, child in self.fields.items():
            out.extend(child.refused(f"{where}{name}."))
        if self.items is not None:
            out.extend(self.items.refused(f"{where}[]."))
        return out

    def kind(self) -> str:
        """The spec type of everything seen (`any` when only nulls were)."""
        return unify(self.kinds) if self.kinds else "any"

    def to_field(self, model: str, claim: Callable[[str], str], *, item: bool = False) -> Any:
        """This shape as a spec field (`item`: an array's items, which cannot be nullable; a
        null among them makes them `any`). `model` names the class of an object; `claim`
        makes a class name unique across the service."""
        kind = self.kind()
        if item and self.nulls:
            kind = "any"
        if kind == "object" and not self.fields:
            kind = "any"  # only empty objects seen: nothing to say about their fields
        spec: dict[str, Any] = {"type": kind}
        if self.nulls and kind != "any":
            spec["nullable"] = True
        if kind == "object":
            spec["model"] = claim(model)
            spec["fields"] = fields_of(self.fields, spec["model"], claim, set())
        elif kind == "array":
            items = self.items if self.items is not None else Shape()
            spec["items"] = items.to_field(model + "Item", claim, item=True)
        return spec


def fields_of(
    shapes: dict[str, Shape], model: str, claim: Callable[[str], str], taken: set[str]
) -> dict[str, Any]:
    """The spec fields of an object of class `model`; `taken`: its attributes already used."""
    out: dict[str, Any] = {}
    for wire, shape in shapes.items():
        spec = shape.to_field(model + pascal_case(wire), claim)
        chosen = python_name(wire, taken)
        if chosen:
            spec["python_name"] = chosen
        out[wire] = spec
    return out
