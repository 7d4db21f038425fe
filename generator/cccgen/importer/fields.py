"""One metadata schema (a parameter's, or a response property's) as a spec field: its type,
texts, example, bounds and enum, every quirk of the metadata stated in the field's `note`."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from cccgen import model as m
from cccgen.naming import constant_case, identifier_problem, pascal_case, snake_case

_INT_FORMATS = {"int32": "int32", "int64": "int64", "": "int64"}


@dataclass
class Names:
    """Class names (models and enums) taken across the whole service: each is unique."""

    taken: set[str] = field(default_factory=set)

    def claim(self, wanted: str) -> str:
        name, n = wanted, 2
        while name in self.taken:
            name, n = f"{wanted}{n}", n + 1
        self.taken.add(name)
        return name


def spec_kind(schema: dict[str, Any]) -> str:
    """The spec type of a metadata schema (`integer` + `int32` → `int32`)."""
    kind = schema["type"]
    if kind == "integer":
        return _INT_FORMATS[schema.get("format", "")]
    if kind == "object" and (
        not schema.get("properties") or isinstance(schema.get("additionalProperties"), dict)
    ):
        return "any"  # a map, or an object the metadata says nothing about: see the note
    return str(kind)


def text(zh: Any) -> dict[str, str] | None:
    """`{zh, en}` from a Chinese text; English is left empty (the metadata has none)."""
    if not isinstance(zh, str) or not zh.strip():
        return None
    return {"zh": zh.strip(), "en": ""}


def convert_scalar(kind: str, raw: Any) -> tuple[bool, Any]:
    """`raw` (the metadata writes every example as a string) as a value of `kind`:
    (True, value), or (False, None) when it is not one."""
    if kind == "string":
        if isinstance(raw, str):
            return True, raw
        if isinstance(raw, (bool, int, float)) and not (
            isinstance(raw, float) and not math.isfinite(raw)
        ):
            return True, json.dumps(raw)
        return False, None
    if kind == "boolean":
        if isinstance(raw, bool):
            return True, raw
        if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
            return True, raw.strip().lower() == "true"
        return False, None
    if kind in m.INT_BOUNDS:
        value: Any = raw
        if isinstance(raw, str):
            try:
                value = int(raw.strip())
            except ValueError:
                return False, None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            return False, None
        low, high = m.INT_BOUNDS[kind]
        return (True, value) if low <= value <= high else (False, None)
    if kind == "number":
        if isinstance(raw, bool):
            return False, None
        if isinstance(raw, (int, float)):
            return (True, raw) if math.isfinite(raw) else (False, None)
        if isinstance(raw, str):
            try:
                number = float(raw.strip())
            except ValueError:
                return False, None
            if not math.isfinite(number):
                return False, None
            try:
                return True, int(raw.strip())
            except ValueError:
                return True, number
    return False, None


def name_fields(fields: dict[str, Any], avoid: frozenset[str] = frozenset()) -> None:
    """Set `python_name` where the derived attribute will not do, at every depth."""
    taken: set[str] = set()
    for wire, spec in fields.items():
        spec.pop("python_name", None)
        chosen = python_name(wire, taken, avoid)
        if chosen:
            spec["python_name"] = chosen
        inner = spec
        while inner.get("type") == "array":
            inner = inner["items"]
        if inner.get("type") == "object":
            name_fields(inner["fields"])


def python_name(wire: str, taken: set[str], avoid: frozenset[str] = frozenset()) -> str | None:
    """The attribute for `wire` when the derived snake_case name will not do (a keyword, a
    pydantic or client name, a clash in the same object), else None; `taken` grows."""
    derived = snake_case(wire) or "field"
    name = derived
    while identifier_problem(name) or name in avoid or name in taken:
        name += "_"
    taken.add(name)
    return None if name == snake_case(wire) else name


class FieldBuilder:
    """Builds spec fields of one operation; enums go to `enums`, notes explain every quirk."""

    def __init__(self, names: Names, enums: dict[str, Any]) -> None:
        self.names = names
        self.enums = enums
        self.example_conversions = 0
        # Where a field's own example contradicts its schema, "Model.Field: what was decided".
        self.decisions: list[str] = []
        self._where = ""

    def field(
        self, schema: dict[str, Any], wire: str, owner: str, *, parameter: bool = False
    ) -> dict[str, Any]:
        kind = spec_kind(schema)
        notes: list[str] = []
        spec: dict[str, Any] = {"type": kind}
        described = text(schema.get("description")) or text(schema.get("title"))
        if described:
            spec["description"] = described
        if schema["type"] == "object" and kind == "any":
            if isinstance(schema.get("additionalProperties"), dict):
                notes.append(
                    "The metadata declares a map of names to objects (additionalProperties); "
                    "the spec format has no maps, so any JSON value is accepted."
                )
            else:
                notes.append(
                    "The metadata declares an object without properties; any JSON value is accepted."
                )
        if kind == "object":
            model = self.names.claim(owner + pascal_case(wire))
            spec["model"] = model
            spec["fields"] = self.fields(schema["properties"], model, parameter=False)
        elif kind == "array":
            item_schema = schema["items"]
            item = self.field(item_schema, "Item", owner + pascal_case(wire), parameter=False)
            for key in ("example", "python_name"):
                item.pop(key, None)
            spec["items"] = item
        elif kind != "any":
            self._scalar(schema, kind, spec, notes, wire, owner)
        if schema.get("deprecated") is True:
            notes.append("Deprecated in the metadata.")
        if notes:
            spec["note"] = " ".join(notes)
        return spec

    def fields(self, properties: dict[str, Any], model: str, *, parameter: bool) -> dict[str, Any]:
        return {
            wire: self.field(schema, wire, model, parameter=parameter)
            for wire, schema in properties.items()
        }

    def _scalar(
        self,
        schema: dict[str, Any],
        kind: str,
        spec: dict[str, Any],
        notes: list[str],
        wire: str,
        owner: str,
    ) -> None:
        self._where = f"{owner}.{wire}"
        if "example" in schema:
            raw = schema["example"]
            ok, value = convert_scalar(kind, raw)
            if ok:
                spec["example"] = value
                if value != raw:
                    self.example_conversions += 1
            else:
                notes.append(f"The metadata's example {_shown(raw)} is not a {kind}; left out.")
                self.decisions.append(f"{self._where}: field example {_shown(raw)} left out")
        self._bounds(schema, kind, spec, notes)
        for key, what in (("default", "Default"),):
            if key in schema:
                notes.append(f"{what} (per the metadata): {_shown(schema[key])}.")
        if "minLength" in schema or "maxLength" in schema:
            notes.append(
                f"Length {schema.get('minLength', 0)}-{schema.get('maxLength', '')} characters "
                "per the metadata (not checked)."
            )
        titles = schema.get("enumValueTitles") or {}
        listed = schema.get("enum") or []
        if titles or listed:
            self._enum(kind, titles, listed, spec, notes, owner + pascal_case(wire))

    def _bounds(
        self, schema: dict[str, Any], kind: str, spec: dict[str, Any], notes: list[str]
    ) -> None:
        found: dict[str, Any] = {}
        for key in ("minimum", "maximum"):
            if key not in schema:
                continue
            ok, value = convert_scalar(kind if kind in m.NUMBER_KINDS else "number", schema[key])
            if kind in m.NUMBER_KINDS and ok:
                found[key] = value
        if len(found) == 2 and found["minimum"] > found["maximum"]:
            found = {}
        ignored = [k for k in ("minimum", "maximum") if k in schema and k not in found]
        if ignored:
            shown = ", ".join(f"{k} {_shown(schema[k])}" for k in ignored)
            notes.append(f"The metadata's {shown} does not fit a {kind}; ignored.")
        spec.update(found)
        if "example" in spec and found:
            low, high = found.get("minimum"), found.get("maximum")
            example = spec["example"]
            if (low is not None and example < low) or (high is not None and example > high):
                notes.append(
                    f"The metadata's example {_shown(example)} is out of its own bounds; left out."
                )
                self.decisions.append(f"{self._where}: field example out of bounds, left out")
                del spec["example"]

    def _enum(
        self,
        kind: str,
        titles: dict[str, str],
        listed: list[str],
        spec: dict[str, Any],
        notes: list[str],
        wanted: str,
    ) -> None:
        raw_keys = list(dict.fromkeys([*titles, *listed]))
        labels: dict[str, str] = {}
        for key in raw_keys:
            labels.setdefault(key.strip(), titles.get(key, "").strip())
        spaced = [k for k in raw_keys if k != k.strip()]
        labels.pop("", None)
        if kind not in ("string", "int32", "int64"):
            listing = "; ".join(f"{k}: {v}" if v else k for k, v in labels.items())
            notes.append(f"Values (per the metadata, not an enum for a {kind}): {listing}.")
            return
        example = spec.get("example")
        if isinstance(example, str) and example.lstrip().startswith("["):
            listing = "; ".join(f"{k}: {v}" if v else k for k, v in labels.items())
            notes.append(
                f"Holds several of these values as JSON text (its example is {_shown(example)}), "
                f"so it is not restricted to one of them: {listing}."
            )
            self.decisions.append(f"{self._where}: a list of enum values, not an enum")
            return
        values: list[Any] = []
        for key in labels:
            ok, value = convert_scalar(kind, key)
            if not ok:
                listing = ", ".join(_shown(k) for k in labels)
                notes.append(
                    f"The metadata lists values {listing}, not all of them {kind}s; not an enum."
                )
                return
            values.append(value)
        name = self.names.claim(wanted)
        items: list[dict[str, Any]] = []
        members: set[str] = set()
        for value, label in zip(values, labels.values(), strict=True):
            item: dict[str, Any] = {"value": value}
            member = constant_case(value) if isinstance(value, str) else ""
            if (
                not (member and member.isidentifier() and member[0].isalpha() and member.isascii())
                or member in members
            ):
                member = fallback_member(value, members)
                item["name"] = member
            members.add(member)
            item["zh"] = label
            item["en"] = ""
            items.append(item)
        enum: dict[str, Any] = {"type": kind, "values": items}
        if spaced:
            enum["note"] = (
                "The metadata's keys carry white space ("
                + ", ".join(_shown(k) for k in spaced)
                + "); the wire values have none."
            )
        if example is not None and example not in values:
            shown = _shown(example)
            if example == "无":  # Alibaba's placeholder for "none": no wire value
                notes.append(
                    f"The metadata's example {shown} (none) is no value of the enum; left out."
                )
                self.decisions.append(f"{self._where}: placeholder example left out")
                del spec["example"]
            else:
                items.append(
                    {
                        "value": example,
                        "name": fallback_member(example, members),
                        "zh": "",
                        "en": "",
                    }
                )
                enum["note"] = (enum.get("note", "") + " " if "note" in enum else "") + (
                    f"The metadata's example {shown} is not among its values; added."
                )
                self.decisions.append(
                    f"{self._where}: enum value {shown} added from the field example"
                )
        self.enums[name] = enum
        spec["enum"] = name


def fallback_member(value: Any, members: set[str]) -> str:
    """An explicit enum member name for a value whose CONSTANT_CASE will not do."""
    base = (
        "VALUE_"
        + "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in str(value)).upper()
    )
    base = base.replace("-", "MINUS_")
    name, n = base, 2
    while name in members:
        name, n = f"{base}_{n}", n + 1
    return name


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
