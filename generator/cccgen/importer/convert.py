"""Metadata (checked by `metadata.read_metadata`) to spec documents: one per operation plus
`service.yaml`, as plain data in the spec format, deterministic for the same input."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from cccgen import reserved
from cccgen.importer.demo import Reconciler, parse_demo
from cccgen.importer.fields import FieldBuilder, Names, name_fields, spec_kind, text
from cccgen.naming import pascal_case

#: Names a request parameter's attribute may not take (the client method's own).
PARAMETER_AVOID = frozenset(reserved.CLIENT_METHOD_LOCALS | reserved.CLIENT_NAMES)
CONVERTED_EXAMPLES = (
    "The metadata writes every example as a string; those of number and boolean fields were "
    "converted to their type."
)


@dataclass
class Imported:
    """The spec documents of one import, by file name, and the decisions taken on examples."""

    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    decisions: dict[str, list[str]] = field(default_factory=dict)  # operation → what was decided


def convert(doc: dict[str, Any]) -> Imported:
    """Every operation of `doc` (sorted by name) and the service document."""
    names = Names()
    out = Imported()
    apis: dict[str, Any] = doc["apis"]
    for name in sorted(apis):
        names.claim(f"{name}Request")
        names.claim(f"{name}Response")
    for name in sorted(apis):
        spec, decisions = _operation(name, apis[name], names)
        out.files[f"{name}.yaml"] = spec
        if decisions:
            out.decisions[name] = decisions
    _note_type_conflicts(out.files)
    out.files["service.yaml"] = _service(doc, sorted(apis))
    return out


def _operation(name: str, api: dict[str, Any], names: Names) -> tuple[dict[str, Any], list[str]]:
    enums: dict[str, Any] = {}
    builder = FieldBuilder(names, enums)
    notes: list[str] = []
    params: dict[str, Any] = {}
    for parameter in api.get("parameters", []):
        schema = parameter["schema"]
        spec = builder.field(schema, parameter["name"], f"{name}Request", parameter=True)
        if schema.get("required") is True:
            spec = {"type": spec.pop("type"), "required": True, **spec}
        if parameter["in"] == "formData":
            spec["in"] = "body"
        if parameter.get("style") == "json" or spec["type"] in ("array", "object"):
            spec["style"] = "json"
            if parameter.get("style") != "json":
                _note(
                    spec,
                    "The metadata gives no style for this structured value; sent as JSON text.",
                )
        params[parameter["name"]] = spec
    name_fields(params, PARAMETER_AVOID)
    schema = api["responses"]["200"]["schema"]
    response_fields = (
        builder.fields(schema.get("properties", {}), f"{name}Response", parameter=False)
        if spec_kind(schema) == "object"
        else {}
    )
    request_id = response_fields.get("RequestId")
    if request_id is not None and request_id["type"] == "string":
        response_fields["RequestId"] = {
            "type": "string",
            "required": True,
            **{k: v for k, v in request_id.items() if k != "type"},
        }
        _note(
            response_fields["RequestId"],
            "Every answer carries it (the gateway adds it); the metadata marks no response field required.",
        )
    example, missing = parse_demo(api.get("responseDemo"))
    reconciler = Reconciler(enums)
    if example is not None:
        example = reconciler.object(response_fields, example, "")
        if "RequestId" in response_fields and "RequestId" not in example:
            response_fields["RequestId"].pop("required", None)
    name_fields(response_fields)
    if builder.example_conversions:
        notes.append(CONVERTED_EXAMPLES)
    if missing:
        notes.append(missing)
    doc: dict[str, Any] = {"cccgen_spec": 1, "kind": "operation", "name": name}
    doc["summary"] = text(api.get("title")) or text(name) or {"zh": name, "en": ""}
    description = "\n\n".join(
        t.strip()
        for t in (api.get("summary"), api.get("description"))
        if isinstance(t, str) and t.strip()
    )
    if description:
        doc["description"] = {"zh": description, "en": ""}
    if api.get("operationType") == "read":
        doc["read_only"] = True
    if api.get("deprecated") is True:
        doc["deprecated"] = True
        instead = [
            s.rsplit("::", 1)[-1]
            for s in api.get("staticInfo", {}).get("substitutions", [])
            if isinstance(s, str)
        ]
        notes.append(
            "Deprecated in the metadata"
            + (f"; use {', '.join(instead)} instead." if instead else ".")
        )
    if notes:
        doc["note"] = " ".join(notes)
    methods = api.get("methods", ["post"])
    doc["http"] = {"method": "POST" if "post" in methods else "GET", "path": "/"}
    paging = _paging(params, response_fields)
    if paging:
        doc["paging"] = paging
    doc["request"] = {"model": f"{name}Request", "fields": params}
    doc["response"] = {"model": f"{name}Response", "fields": response_fields}
    if enums:
        doc["enums"] = dict(sorted(enums.items()))
    errors = _errors(api.get("errorCodes", {}))
    if errors:
        doc["errors"] = errors
    if example is not None:
        doc["examples"] = {
            "metadata": {
                "summary": "The metadata's example answer (responseDemo), made to fit the schema where the notes say.",
                "response": example,
            }
        }
    return doc, builder.decisions + reconciler.decisions


def _paging(params: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any] | None:
    """PageNumber/PageSize parameters and an object of the response holding TotalCount and
    exactly one array: the items."""
    if not {"PageNumber", "PageSize"} <= params.keys():
        return None
    queue: list[tuple[list[str], dict[str, Any]]] = [([], fields)]
    while queue:
        path, current = queue.pop(0)
        total = current.get("TotalCount")
        arrays = [k for k, v in current.items() if v["type"] == "array"]
        if total is not None and total["type"] in ("int32", "int64") and len(arrays) == 1:
            return {
                "page_number": "PageNumber",
                "page_size": "PageSize",
                "items": [*path, arrays[0]],
                "total": [*path, "TotalCount"],
                "max_page_size": 100,
                "max_pages": 100,
            }
        queue.extend(([*path, k], v["fields"]) for k, v in current.items() if v["type"] == "object")
    return None


def _errors(codes: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for status in sorted(codes, key=int):
        for item in codes[status]:
            out.setdefault(
                item["errorCode"],
                {
                    "http_status": int(status),
                    "message": item.get("errorMessage", ""),
                    "description": {"zh": "", "en": ""},
                },
            )
    return dict(sorted(out.items()))


def _note_type_conflicts(files: dict[str, dict[str, Any]]) -> None:
    """A scalar field typed differently in different operations (CallDuration: int64 in
    GetCallDetailRecord, string in ListCallDetailRecords) keeps each operation's type; the
    note on each names the others."""
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    places: list[tuple[str, dict[str, Any]]] = []

    def walk(op: str, fields: dict[str, Any]) -> None:
        for wire, spec in fields.items():
            inner = spec
            while inner["type"] == "array":
                inner = inner["items"]
            if inner["type"] == "object":
                walk(op, inner["fields"])
            elif inner["type"] in ("string", "int32", "int64", "number", "boolean"):
                kind = "integer" if inner["type"] in ("int32", "int64") else inner["type"]
                seen[wire][kind].add(op)
                places.append((wire, spec))

    for op_doc in files.values():
        walk(op_doc["name"], op_doc["response"]["fields"])
    for wire, spec in places:
        kinds = seen[wire]
        if len(kinds) < 2:
            continue
        own = "integer" if spec["type"] in ("int32", "int64") else spec["type"]
        others = "; ".join(
            f"{kind} in {', '.join(sorted(ops)[:3])}{' and others' if len(ops) > 3 else ''}"
            for kind, ops in sorted(kinds.items())
            if kind != own
        )
        if others and spec["type"] != "array":
            _note(spec, f"Typed {own} here as the metadata says; {wire} is {others}.")


def _service(doc: dict[str, Any], operations: list[str]) -> dict[str, Any]:
    info = doc["info"]
    product = info["product"]
    endpoints = {e["regionId"]: e["endpoint"] for e in doc.get("endpoints", [])}
    pattern = f"{product.lower()}.{{region}}.aliyuncs.com"
    for region, host in sorted(endpoints.items()):
        if f".{region}." in host:
            pattern = host.replace(f".{region}.", ".{region}.", 1)
            break
    service: dict[str, Any] = {
        "cccgen_spec": 1,
        "kind": "service",
        "name": "".join(ch for ch in product.lower() if ch.isalnum() or ch == "_"),
        "product": pascal_case(product) if not product.isalnum() else product,
        "title": {"zh": product, "en": ""},
        "api_version": info["version"],
        "style": "RPC",
        "endpoint": {"host_pattern": pattern},
    }
    if endpoints:
        service["endpoints"] = dict(sorted(endpoints.items()))
    service["auth"] = {"signature": "ACS3-HMAC-SHA256"}
    groups = _groups(doc.get("directories", []), set(operations))
    if groups:
        service["groups"] = groups
    service["operations"] = [f"{name}.yaml" for name in operations]
    return service


def _groups(directories: list[Any], operations: set[str]) -> list[dict[str, Any]]:
    """One group per directory holding operations, in the metadata's order (nested titles
    joined with " / "); an operation listed again later stays in its first group."""
    placed: set[str] = set()
    out: list[dict[str, Any]] = []

    def visit(items: list[Any], prefix: str) -> None:
        for item in items:
            if not isinstance(item, dict):
                continue
            title = f"{prefix}{item.get('title', '')}".strip()
            names: list[str] = []
            for child in item.get("children", []):
                if isinstance(child, str) and child in operations and child not in placed:
                    placed.add(child)
                    names.append(child)
            if names:
                out.append({"title": {"zh": title, "en": ""}, "operations": names})
            visit([c for c in item.get("children", []) if isinstance(c, dict)], f"{title} / ")

    visit(directories, "")
    return out


def _note(spec: dict[str, Any], note: str) -> None:
    spec["note"] = f"{spec['note']} {note}" if spec.get("note") else note
