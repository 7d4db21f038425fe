"""Typed pydantic v2 models, produced by datamodel-code-generator from a schema built for it.

The public JSON Schema describes the wire; the schema handed to datamodel-code-generator
describes the Python we want, through its documented extension points:
- `$defs` named after the spec's models and enums, so every class has the spec's name;
- `x-enum-varnames`, so enum members carry the spec's member names;
- `anyOf: [enum, base type]` with `union_mode='left_to_right'`, so an enum value the spec does
  not know still parses, kept as its plain value (open enums, as Speakeasy and Fern do);
- scoped `aliases` (`Class.WireName → python_name`), so attribute names follow `cccgen.naming`
  exactly, not the tool's own snake-casing;
- `extra_fields=allow`, so response data the spec does not know is kept on the model.
"""

from __future__ import annotations

import json
from typing import Any

from datamodel_code_generator import (
    DataModelType,
    InputFileType,
    PythonVersion,
    generate,
)

from cccgen import model as m
from cccgen.emit.json_schema import describe


def models_input_schema(op: m.Operation) -> tuple[dict[str, Any], dict[str, str]]:
    """The schema datamodel-code-generator reads for `op`, and its scoped alias map."""
    defs: dict[str, Any] = {}
    aliases: dict[str, str] = {}

    def field_type(t: m.Type, nullable: bool) -> dict[str, Any]:
        if t.enum is not None:
            base = {"int32": "integer", "int64": "integer"}.get(t.enum.kind, "string")
            options: list[dict[str, Any]] = [{"$ref": f"#/$defs/{t.enum.name}"}, {"type": base}]
            if nullable:
                options.append({"type": "null"})
            return {"anyOf": options}
        if t.object is not None:
            add_object(t.object)
            ref: dict[str, Any] = {"$ref": f"#/$defs/{t.object.name}"}
            return {"anyOf": [ref, {"type": "null"}]} if nullable else ref
        if t.items is not None:
            schema: dict[str, Any] = {"type": "array", "items": field_type(t.items, False)}
        else:
            json_type = {"int32": "integer", "int64": "integer"}.get(t.kind, t.kind)
            schema = {"type": json_type}
        if nullable:
            schema["type"] = [schema["type"], "null"]
        return schema

    def add_enum(enum: m.Enum) -> None:
        base = "string" if enum.kind == "string" else "integer"
        schema: dict[str, Any] = {
            "type": base,
            "enum": [v.value for v in enum.values],
            "x-enum-varnames": [v.name for v in enum.values],
            "x-enum-descriptions": [f"{v.en} ({v.zh})" for v in enum.values],
        }
        text = describe(enum.description, enum.note)
        if text:
            schema["description"] = text
        defs[enum.name] = schema

    def add_object(obj: m.ObjectModel) -> None:
        if obj.name in defs:
            return
        defs[obj.name] = {}  # reserve the name first: objects may nest
        props: dict[str, Any] = {}
        for f in obj.fields:
            schema = field_type(f.type, f.nullable)
            text = describe(f.description, f.note)
            if text:
                schema["description"] = text
            props[f.wire_name] = schema
            aliases[f"{obj.name}.{f.wire_name}"] = f.python_name
        body: dict[str, Any] = {"type": "object", "properties": props}
        required = [f.wire_name for f in obj.fields if f.required]
        if required:
            body["required"] = required
        text = describe(obj.description)
        if text:
            body["description"] = text
        defs[obj.name] = body

    for enum in op.enums:
        add_enum(enum)
    add_object(op.request)
    add_object(op.response)
    # The response is the root (its class keeps its name through `title`); the request and
    # everything nested stay under $defs, which the tool turns into classes of their own.
    root = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": op.response.name,
        **defs.pop(op.response.name),
        "$defs": defs,
    }
    return root, aliases


def render_models(op: m.Operation, header: str) -> str:
    """Python source of `op`'s models (not yet formatted: the pipeline runs ruff over it)."""
    schema, aliases = models_input_schema(op)
    result = generate(
        json.dumps(schema, ensure_ascii=False),
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        aliases=aliases,
        extra_fields="allow",
        allow_population_by_field_name=True,
        use_annotated=True,
        use_field_description=True,
        use_schema_description=True,
        use_standard_collections=True,
        use_union_operator=True,
        use_subclass_enum=True,
        union_mode="left_to_right",
        disable_timestamp=True,
        custom_file_header=header,
        formatters=[],
    )
    if not isinstance(result, str):  # pragma: no cover - one input gives one module
        raise TypeError("datamodel-code-generator returned several modules")
    return result
