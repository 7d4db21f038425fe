"""The metadata's `responseDemo` as the operation's example, made to validate strictly.

Where Alibaba's example contradicts its own schema, one side is taken and a `note` says which
and why:
- a field in the example but not in the schema: the example wins (the live API sends it; a
  strict validator would reject real answers): the field is added, typed from the example;
- `null` where the schema has a value: the example wins: the field becomes nullable;
- a value outside the field's enum: the example wins: the value is added to the enum (but the
  placeholder 无, "none", is left out of the example: it is no wire value);
- a value of another type than the schema's: the schema wins (it is what the official SDK is
  generated from): the example's value is converted when it can be (`"50"` → `50`), else left
  out of the example.
"""

from __future__ import annotations

import json
from typing import Any

from cccgen import model as m
from cccgen.importer.fields import convert_scalar, fallback_member
from cccgen.naming import constant_case


def parse_demo(raw: Any) -> tuple[dict[str, Any] | None, str | None]:
    """The JSON example answer inside `responseDemo` (a JSON list of `{type, example}`), or
    (None, why) when there is none usable."""
    if not isinstance(raw, str) or not raw.strip():
        return None, "The metadata has no example answer (responseDemo)."
    try:
        entries = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        return None, "The metadata's responseDemo is not JSON; no example."
    if not isinstance(entries, list):
        return None, "The metadata's responseDemo is not a list; no example."
    for entry in entries:
        if (
            isinstance(entry, dict)
            and entry.get("type") == "json"
            and isinstance(entry.get("example"), str)
        ):
            try:
                example = json.loads(entry["example"])
            except (json.JSONDecodeError, RecursionError):
                return None, "The metadata's JSON example answer is not valid JSON; no example."
            if not isinstance(example, dict):
                return None, "The metadata's JSON example answer is not an object; no example."
            return example, None
    return None, "The metadata's responseDemo has no JSON example; no example."


#: Alibaba's examples write 无 ("none") where a value would go.
PLACEHOLDER = "无"


class Reconciler:
    """Walks an example against spec fields (dicts, mutated in place) and records decisions."""

    def __init__(self, enums: dict[str, Any]) -> None:
        self.enums = enums
        self.decisions: list[str] = []

    def object(self, fields: dict[str, Any], value: dict[str, Any], where: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, item in value.items():
            path = f"{where}.{key}" if where else key
            spec = fields.get(key)
            if spec is None:
                fields[key] = spec = _typed_from(item)
                _note(
                    spec, "In the metadata's example but not in its schema; typed from the example."
                )
                self.decisions.append(f"{path}: added from the example")
                out[key] = item
                continue
            keep, converted = self.value(spec, item, path)
            if keep:
                out[key] = converted
        return out

    def value(self, spec: dict[str, Any], item: Any, path: str) -> tuple[bool, Any]:
        kind = spec["type"]
        if kind == "any":
            return True, item
        if item is None:
            if not spec.get("nullable"):
                spec["nullable"] = True
                _note(spec, "The metadata's example carries null here; nullable.")
                self.decisions.append(f"{path}: null in the example, made nullable")
            return True, None
        if kind == "object" and isinstance(item, dict):
            return True, self.object(spec["fields"], item, path)
        if kind == "array" and isinstance(item, list):
            out = []
            for i, element in enumerate(item):
                keep, converted = self.value(spec["items"], element, f"{path}[{i}]")
                if keep:
                    out.append(converted)
            return True, out
        if kind in m.SCALAR_KINDS:
            fits, converted = _fits(kind, item)
            if not fits:
                ok, converted = (
                    (False, None) if isinstance(item, (dict, list)) else convert_scalar(kind, item)
                )
                shown = json.dumps(item, ensure_ascii=False)[:60]
                if ok:
                    _note(
                        spec,
                        f"The metadata's example gives {shown}; the schema's {kind} is kept and the example converted.",
                    )
                    self.decisions.append(f"{path}: example {shown} converted to {kind}")
                else:
                    _note(
                        spec,
                        f"The metadata's example gives {shown}, not a {kind}; the schema's type is kept and the value left out of the example.",
                    )
                    self.decisions.append(f"{path}: example {shown} left out (schema {kind})")
                    return False, None
            if "enum" in spec:
                if converted == PLACEHOLDER and not self._known(spec["enum"], converted):
                    _note(
                        spec,
                        f"The metadata's example gives the placeholder {PLACEHOLDER!r} (none), which is no value of the enum; left out of the example.",
                    )
                    self.decisions.append(
                        f"{path}: placeholder {PLACEHOLDER!r} left out of the example"
                    )
                    return False, None
                self._enum_value(spec["enum"], converted, path)
            low, high = spec.get("minimum"), spec.get("maximum")
            if (low is not None and converted < low) or (high is not None and converted > high):
                spec.pop("minimum", None)
                spec.pop("maximum", None)
                _note(
                    spec,
                    f"The metadata's example {converted} is outside the schema's bounds; the bounds are dropped.",
                )
                self.decisions.append(f"{path}: bounds dropped for the example")
            return True, converted
        shown = json.dumps(item, ensure_ascii=False)[:60]
        _note(
            spec,
            f"The metadata's example gives {shown}, not an {kind}; the schema's type is kept and the value left out of the example.",
        )
        self.decisions.append(f"{path}: example {shown} left out (schema {kind})")
        return False, None

    def _known(self, name: str, value: Any) -> bool:
        values = self.enums[name]["values"]
        return any(type(v["value"]) is type(value) and v["value"] == value for v in values)

    def _enum_value(self, name: str, value: Any, path: str) -> None:
        enum = self.enums[name]
        if self._known(name, value):
            return
        item: dict[str, Any] = {"value": value, "zh": "", "en": ""}
        member = constant_case(value) if isinstance(value, str) else ""
        members = {
            v.get("name") or constant_case(v["value"])
            for v in enum["values"]
            if isinstance(v["value"], str) or "name" in v
        }
        if (
            not (member and member.isidentifier() and member.isascii() and member[0].isalpha())
            or member in members
        ):
            item = {"value": value, "name": fallback_member(value, members), "zh": "", "en": ""}
        enum["values"].append(item)
        shown = json.dumps(value, ensure_ascii=False)
        enum["note"] = (enum.get("note", "") + " " if enum.get("note") else "") + (
            f"The metadata's example carries {shown}, which its list of values lacks; added."
        )
        self.decisions.append(f"{path}: enum value {shown} added from the example")


def _fits(kind: str, value: Any) -> tuple[bool, Any]:
    if kind == "string":
        return isinstance(value, str), value
    if kind == "boolean":
        return isinstance(value, bool), value
    if isinstance(value, bool):
        return False, value
    if kind in m.INT_BOUNDS:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        low, high = m.INT_BOUNDS[kind]
        return isinstance(value, int) and low <= value <= high, value
    return isinstance(value, (int, float)), value


def _typed_from(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int) and m.INT_BOUNDS["int64"][0] <= value <= m.INT_BOUNDS["int64"][1]:
        return {"type": "int64"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, str):
        return {"type": "string"}
    return {"type": "any"}


def _note(spec: dict[str, Any], note: str) -> None:
    spec["note"] = f"{spec['note']} {note}" if spec.get("note") else note
