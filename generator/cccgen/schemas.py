"""JSON Schema (draft 2020-12) of the model's types, objects and responses.

Neutral ground: the loader checks examples against these schemas, and the schema emitter
(`emit/json_schema.py`) writes them out, so neither layer imports the other.

Objects and enums are written inline (with their model name as `title`) rather than under
`$defs`: nullability then stays a plain `type` list, and each schema reads top to bottom like
the response it describes.
"""

from __future__ import annotations

from typing import Any

from cccgen import model as m

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_JSON_TYPES = {
    "string": "string",
    "int32": "integer",
    "int64": "integer",
    "number": "number",
    "boolean": "boolean",
    "object": "object",
    "array": "array",
}


def describe(text: m.Text | None, note: str | None = None) -> str | None:
    """English first, then Chinese, then the spec's note on a decision, one per line."""
    parts = [p for p in ((text.en, text.zh) if text else ()) if p]
    if note:
        parts.append(f"Note: {note}")
    return "\n".join(parts) if parts else None


def type_schema(t: m.Type, *, nullable: bool, strict: bool) -> dict[str, Any]:
    """The JSON Schema of one type (bounds, enum and items included)."""
    if t.kind == "any":
        return {}  # any JSON value, null included
    json_type = _JSON_TYPES[t.kind]
    schema: dict[str, Any] = {"type": [json_type, "null"] if nullable else json_type}
    if t.kind in m.INT_BOUNDS:
        low, high = m.INT_BOUNDS[t.kind]
        schema["minimum"] = low
        schema["maximum"] = high
    # The field's own bounds narrow the type's (the loader keeps them within it).
    if t.minimum is not None:
        schema["minimum"] = t.minimum
    if t.maximum is not None:
        schema["maximum"] = t.maximum
    if t.enum is not None:
        schema["title"] = t.enum.name
        labels = "; ".join(f"{v.value!s}: {v.en} ({v.zh})" for v in t.enum.values)
        schema["description"] = "\n".join(
            p for p in (describe(t.enum.description, t.enum.note), f"Known values: {labels}") if p
        )
        if strict:
            schema["enum"] = [v.value for v in t.enum.values] + ([None] if nullable else [])
    if t.object is not None:
        schema.update(object_schema(t.object, strict=strict))
        if nullable:
            schema["type"] = ["object", "null"]
    if t.items is not None:
        schema["items"] = type_schema(t.items, nullable=False, strict=strict)
    return schema


def field_schema(f: m.Field, *, strict: bool) -> dict[str, Any]:
    """The JSON Schema of one field: its type plus its description."""
    schema = type_schema(f.type, nullable=f.nullable, strict=strict)
    own = describe(f.description, f.note)
    if own:
        # The field's own text wins; an enum's or object's text stays on its title's definition.
        schema["description"] = own
    if f.example is not None:
        schema["examples"] = [f.example]
    return schema


def object_schema(obj: m.ObjectModel, *, strict: bool) -> dict[str, Any]:
    """The JSON Schema of an object model (closed when `strict`)."""
    schema: dict[str, Any] = {"title": obj.name, "type": "object"}
    text = describe(obj.description)
    if text:
        schema["description"] = text
    schema["properties"] = {f.wire_name: field_schema(f, strict=strict) for f in obj.fields}
    required = [f.wire_name for f in obj.fields if f.required]
    if required:
        schema["required"] = required
    if strict:
        schema["additionalProperties"] = False
    return schema


def response_schema(
    op: m.Operation, *, strict: bool, service: m.Service | None = None
) -> dict[str, Any]:
    """The strict or lenient JSON Schema of an operation's response body."""
    body = object_schema(op.response, strict=strict)
    variant = "strict" if strict else "lenient"
    head: dict[str, Any] = {"$schema": DRAFT}
    if service is not None:
        head["$id"] = (
            f"urn:cccgen:{service.name}:{service.api_version}:{op.name}:response:{variant}"
        )
    head["title"] = body.pop("title")
    lead = f"Response of {op.name} ({variant}: " + (
        "unknown fields and enum values are errors)."
        if strict
        else "unknown fields and enum values are allowed)."
    )
    body["description"] = "\n".join(
        p for p in (lead, describe(op.summary), body.get("description")) if p
    )
    return {**head, **body}
