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

Spec text never passes through the tool: every description and string enum value is handed to
it as a placeholder, and the placeholders in its output are replaced by text escaped with
`pysource` (`docstring_body` for docstrings, `py_literal` for values). The tool's own escaping
keeps carriage returns, ESC and U+2028 raw in the source, where Python turns a CR into a line
break and ruff rejects ESC; ours keeps the spec's exact text as the docstring's value.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
from collections.abc import Set as AbstractSet
from functools import cache
from pathlib import Path
from typing import Any

from cccgen import model as m
from cccgen.cache import cached_text
from cccgen.emit.json_schema import describe
from cccgen.emit.pysource import docstring_body, prose, py_literal


def _docstring_text(text: m.Text | None) -> str | None:
    """`describe` as a docstring shows it (`prose`: no trailing spaces on a line)."""
    found = describe(text)
    return None if found is None else prose(found)


def models_input_schema(op: m.Operation) -> tuple[dict[str, Any], dict[str, str]]:
    """The schema datamodel-code-generator reads for `op`, and its scoped alias map."""
    defs: dict[str, Any] = {}
    aliases: dict[str, str] = {}

    def field_type(t: m.Type, nullable: bool) -> dict[str, Any]:
        if t.kind == "any":
            return {}  # `Any`: null included
        if t.enum is not None:
            if t.enum.name not in defs:  # a shared enum (service.yaml)
                add_enum(t.enum)
            base = {"int32": "integer", "int64": "integer"}.get(t.enum.kind, "string")
            options: list[dict[str, Any]] = [{"$ref": f"#/$defs/{t.enum.name}"}, {"type": base}]
            if nullable:
                options.append({"type": "null"})
            return {"anyOf": options}
        if t.object is not None:
            add_object(t.object)
            ref: dict[str, Any] = {"$ref": f"#/$defs/{t.object.name}"}
            if nullable:
                # Not `anyOf: [ref, null]`: that gets `union_mode` too, which pydantic cannot
                # apply to `Model | None` (a nullable schema, not a union) at import time.
                return {"allOf": [ref], "type": ["object", "null"]}
            return ref
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
            "x-enum-descriptions": [prose(f"{v.en} ({v.zh})") for v in enum.values],
        }
        text = _docstring_text(enum.description)  # notes are for the docs, not docstrings
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
            text = _docstring_text(f.description)  # notes are for the docs, not docstrings
            if text:
                schema["description"] = text
            props[f.wire_name] = schema
            aliases[f"{obj.name}.{f.wire_name}"] = f.python_name
        body: dict[str, Any] = {"type": "object", "properties": props}
        required = [f.wire_name for f in obj.fields if f.required]
        if required:
            body["required"] = required
        text = _docstring_text(obj.description)
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


#: The module of the models and enums the operations share (`models:` in service.yaml).
SHARED_MODULE = "_shared"


def shared_models_operation(service: m.Service) -> m.Operation:
    """A stand-in operation whose response holds every shared model: what `render_models`
    turns into the shared module (its own request and response classes are then dropped)."""
    fields = tuple(
        m.Field(f"F{i}", f"f{i}", m.Type("object", object=obj), False, False, None, None, None)
        for i, obj in enumerate(service.models)
    )
    fields += tuple(
        m.Field(f"E{i}", f"e{i}", m.Type(enum.kind, enum=enum), False, False, None, None, None)
        for i, enum in enumerate(service.enums)
    )
    root = m.ObjectModel("CccgenSharedRoot", None, fields)
    request = m.ObjectModel("CccgenSharedRequest", None, ())
    none = m.Text("", "")
    return m.Operation(
        "Shared", "_shared", none, None, True, "POST", "/", request, root, (), (), (), ""
    )


def render_shared_models(service: m.Service, header: str) -> str:
    """Python source of the shared models module (not yet formatted)."""
    op = shared_models_operation(service)
    source = render_models(op, header)
    return drop_classes(source, {op.request.name, op.response.name}, None)


def render_models(op: m.Operation, header: str, shared: frozenset[str] = frozenset()) -> str:
    """Python source of `op`'s models (not yet formatted: the pipeline runs ruff over it);
    the classes named in `shared` are imported from the shared module instead of defined."""
    source = _generate(op, header)
    used = shared & {*(e.name for e in _enums(op)), *(o.name for o in op.objects())}
    return drop_classes(source, used, f".{SHARED_MODULE}") if used else source


def _enums(op: m.Operation) -> list[m.Enum]:
    found: dict[str, m.Enum] = {}
    for obj in (op.request, *op.objects()):
        for f in obj.fields:
            t = f.type
            while t.items is not None:
                t = t.items
            if t.enum is not None:
                found.setdefault(t.enum.name, t.enum)
    return list(found.values())


def drop_classes(source: str, names: AbstractSet[str], module: str | None) -> str:
    """`source` without the top-level classes in `names` (imported from `module` instead, if
    given), and without the imports nothing left uses."""
    tree = ast.parse(source)
    lines = source.split("\n")
    gone: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in names:
            gone.update(range(node.lineno - 1, node.end_lineno or node.lineno))
    rest = ast.parse("\n".join(line for i, line in enumerate(lines) if i not in gone))
    used = {n.id for n in ast.walk(rest) if isinstance(n, ast.Name)}
    imports = [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module != "__future__"]
    for node in imports:
        kept = [a.name for a in node.names if a.name in used]
        first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
        gone.update(range(first, last + 1))
        lines[last] = f"from {node.module} import {', '.join(kept)}" if kept else ""
        gone.discard(last)
    if module is not None and imports:
        last = (imports[-1].end_lineno or imports[-1].lineno) - 1
        lines[last] += f"\n\nfrom {module} import {', '.join(sorted(names & used))}"
    return "\n".join(line for i, line in enumerate(lines) if i not in gone)


#: How datamodel-code-generator is called (besides the input, the aliases and the header).
_OPTIONS: dict[str, Any] = {
    "input_file_type": "jsonschema",
    "output_model_type": "pydantic_v2.BaseModel",
    "target_python_version": "3.11",
    "extra_fields": "allow",
    "allow_population_by_field_name": True,
    "use_annotated": True,
    "use_field_description": True,
    "use_schema_description": True,
    "use_standard_collections": True,
    "use_union_operator": True,
    "use_subclass_enum": True,
    "union_mode": "left_to_right",
    "disable_timestamp": True,
    "formatters": [],
}


def _generate(op: m.Operation, header: str) -> str:
    schema, aliases = models_input_schema(op)
    placeholders = Placeholders()
    source = json.dumps(placeholders.take(schema), ensure_ascii=False)
    # The tool's output depends on its input, its options and the versions that run it: the
    # same call in an earlier run is read back from cccgen's cache (`cccgen.cache`), and a
    # run that needs no new call never imports the tool (half a second of start-up).
    key = (
        *_tool_key(),
        json.dumps(aliases, ensure_ascii=False),
        header,
        source,
    )
    result = cached_text("models", key, lambda: run_tool(source, aliases, header))
    return placeholders.restore(result)


@cache
def _tool_key() -> tuple[str, ...]:
    """What the tool's output depends on besides its input: versions and options. The tool's
    version is its own `_version.py`, and pydantic's its `version.py`, both read without
    importing them (importing pydantic costs a run 85 ms of start-up, importlib.metadata 50 ms);
    installed metadata where there is no such file."""
    return (
        f"datamodel-code-generator {_version_text('datamodel_code_generator', '_version.py')}",
        f"pydantic {_version_text('pydantic', 'version.py')}",
        json.dumps(_OPTIONS, sort_keys=True),
    )


def _version_text(package: str, version_file: str) -> str:
    """The text of `package`'s version module (it names the version), found without importing
    the package; the installed distribution's version where the file is not there."""
    found = importlib.util.find_spec(package)
    places = found.submodule_search_locations if found else None
    path = Path(next(iter(places)), version_file) if places else None
    if path is not None and path.is_file():
        return path.read_text(encoding="utf-8").strip()
    from importlib import metadata  # pragma: no cover - a layout without the file

    return metadata.version(package.replace("_", "-"))  # pragma: no cover


def run_tool(source: str, aliases: dict[str, str], header: str) -> str:
    """datamodel-code-generator's module for the input schema `source` (placeholders in)."""
    from datamodel_code_generator import InputFileType, PythonVersion, generate
    from datamodel_code_generator.enums import DataModelType, UnionMode

    options = {
        **_OPTIONS,
        "input_file_type": InputFileType(_OPTIONS["input_file_type"]),
        "output_model_type": DataModelType(_OPTIONS["output_model_type"]),
        "target_python_version": PythonVersion(_OPTIONS["target_python_version"]),
        "union_mode": UnionMode(_OPTIONS["union_mode"]),
    }
    result = generate(source, aliases=aliases, custom_file_header=header, **options)
    if not isinstance(result, str):  # pragma: no cover - one input gives one module
        raise TypeError("datamodel-code-generator returned several modules")
    return result


class Placeholders:
    """Swaps spec text for inert tokens on the way into the tool and back on the way out.

    Tokens use `@`, which no identifier, wire name or model name can hold, so only the
    tool's copies of the tokens are ever replaced.
    """

    _TOKEN = re.compile(r"@@cccgen-(text|value)-(\d+)@@")
    # A docstring line holding only a text token, or a quoted value token. One pass over the
    # tool's output: spec text put back is never scanned again, so a spec string that looks
    # like a token stays what it is.
    _SLOT = re.compile(
        r"^(?P<indent>[ \t]*)@@cccgen-text-(?P<text>\d+)@@$"
        r"|(?P<quote>[\"'])@@cccgen-value-(?P<value>\d+)@@(?P=quote)",
        re.MULTILINE,
    )

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.values: list[str] = []

    def _text(self, text: str) -> str:
        self.texts.append(text.strip())
        return f"@@cccgen-text-{len(self.texts) - 1}@@"

    def _value(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        self.values.append(value)
        return f"@@cccgen-value-{len(self.values) - 1}@@"

    def take(self, node: Any) -> Any:
        """A copy of the input schema with every description and string enum value swapped."""
        if isinstance(node, list):
            return [self.take(item) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                out[key] = self._text(value)
            elif key == "x-enum-descriptions":
                out[key] = [self._text(v) for v in value]
            elif key == "enum":
                out[key] = [self._value(v) for v in value]
            elif key in ("properties", "$defs"):
                out[key] = {name: self.take(sub) for name, sub in value.items()}
            else:
                out[key] = self.take(value)
        return out

    def restore(self, source: str) -> str:
        """The tool's output with the spec's text back, escaped for where each token stands."""
        left = self._TOKEN.search(self._SLOT.sub("", source))
        if left:  # pragma: no cover - a new place the tool puts text would land here
            line = source.count("\n", 0, source.find(left.group(0))) + 1
            raise ValueError(
                "datamodel-code-generator put spec text where cccgen cannot escape it "
                f"(line {line}): {left.group(0)}"
            )

        def slot(match: re.Match[str]) -> str:
            if match.group("value") is not None:
                return py_literal(self.values[int(match.group("value"))])
            indent = match.group("indent")
            text = self.texts[int(match.group("text"))]
            # Leading spaces stay spaces when a line starts flush (relative indentation).
            flush = any(line[:1] not in ("", " ", "\t") for line in text.split("\n"))
            body = docstring_body(text, keep_spaces=flush)
            first, *rest = body.split("\n")
            return "\n".join([indent + first, *((indent + line) if line else "" for line in rest)])

        return self._SLOT.sub(slot, source)
