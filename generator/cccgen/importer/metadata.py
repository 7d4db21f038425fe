"""Read OpenMeta metadata (`api-docs.json`) and check its shape before anything is converted:
every problem is reported with its JSON path (`$.apis.ListAgents.parameters[3].schema.type`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: Types a metadata schema may declare, and the formats each may carry.
TYPES: dict[str, tuple[str, ...]] = {
    "string": ("",),
    "integer": ("", "int32", "int64"),
    "number": ("", "float", "double"),
    "boolean": ("",),
    "array": ("",),
    "object": ("",),
    "any": ("",),
}
PARAMETER_PLACES = ("query", "formData")
MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 40
MAX_PROBLEMS = 50


class MetadataError(Exception):
    """The metadata cannot be imported; `problems` are `$.json.path: message` lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def json_path(path: tuple[str | int, ...]) -> str:
    """`("apis", "ListAgents", "parameters", 3)` → `$.apis.ListAgents.parameters[3]`; a key
    that is not a plain name is quoted (`$.apis["a b"]`)."""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("_", "a").isalnum() and part.isascii():
            out += f".{part}"
        else:
            out += "[" + json.dumps(part, ensure_ascii=True) + "]"
    return out


def read_metadata(path: Path) -> dict[str, Any]:
    """The metadata document at `path`, its shape checked; raises MetadataError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MetadataError([f"{path}: cannot read: {exc.strerror}"]) from None
    if len(raw) > MAX_BYTES:
        raise MetadataError([f"{path}: larger than {MAX_BYTES} bytes; not read"])
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise MetadataError([f"{path}: not UTF-8 (byte {exc.start})"]) from None
    except json.JSONDecodeError as exc:
        raise MetadataError([f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}"]) from None
    except RecursionError:
        raise MetadataError([f"{path}: nested too deeply"]) from None
    problems = Shape().document(doc)
    if problems:
        raise MetadataError(problems)
    return doc  # type: ignore[no-any-return]


class Shape:
    """Collects every way a document departs from the OpenMeta shape the importer reads."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def report(self, path: tuple[str | int, ...], message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{json_path(path)}: {message}")

    def expect(
        self, value: Any, kind: type | tuple[type, ...], path: tuple[str | int, ...]
    ) -> bool:
        names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds):
            return True
        wanted = " or ".join(names.get(k, k.__name__) for k in kinds)
        self.report(path, f"expected {wanted}, found {_json_kind(value)}")
        return False

    def document(self, doc: Any) -> list[str]:
        if not self.expect(doc, dict, ()):
            return self.problems
        info = doc.get("info")
        if self.expect(info, dict, ("info",)):
            for key in ("product", "version", "style"):
                ok = self.expect(info.get(key), str, ("info", key))
                if ok and key == "style" and info["style"] != "RPC":
                    self.report(
                        ("info", "style"), f"style {info['style']!r}: only RPC is supported"
                    )
        apis = doc.get("apis")
        if self.expect(apis, dict, ("apis",)):
            if not apis:
                self.report(("apis",), "no operations")
            for name, api in apis.items():
                if not (name.isascii() and name.isalnum() and name[:1].isalpha()):
                    self.report(("apis", name), "an operation name must be letters and digits")
                self.api(api, ("apis", name))
        directories = doc.get("directories", [])
        if self.expect(directories, list, ("directories",)):
            self.directories(directories, ("directories",))
        endpoints = doc.get("endpoints", [])
        if self.expect(endpoints, list, ("endpoints",)):
            for i, item in enumerate(endpoints):
                if self.expect(item, dict, ("endpoints", i)):
                    for key in ("regionId", "endpoint"):
                        self.expect(item.get(key), str, ("endpoints", i, key))
        return self.problems

    def directories(self, items: list[Any], path: tuple[str | int, ...]) -> None:
        for i, item in enumerate(items):
            if isinstance(item, str):
                continue
            if self.expect(item, (dict, str), (*path, i)):
                self.expect(item.get("title"), str, (*path, i, "title"))
                children = item.get("children", [])
                if self.expect(children, list, (*path, i, "children")):
                    self.directories(children, (*path, i, "children"))

    def api(self, api: Any, path: tuple[str | int, ...]) -> None:
        if not self.expect(api, dict, path):
            return
        for key in ("title", "summary", "description", "responseDemo"):
            if key in api:
                self.expect(api[key], str, (*path, key))
        if "deprecated" in api:
            self.expect(api["deprecated"], bool, (*path, "deprecated"))
        methods = api.get("methods", ["post"])
        if self.expect(methods, list, (*path, "methods")):
            for i, method in enumerate(methods):
                if method not in ("get", "post"):
                    self.report(
                        (*path, "methods", i), f"unknown method {method!r}; known: get, post"
                    )
        parameters = api.get("parameters", [])
        if self.expect(parameters, list, (*path, "parameters")):
            for i, parameter in enumerate(parameters):
                self.parameter(parameter, (*path, "parameters", i))
        responses = api.get("responses")
        if self.expect(responses, dict, (*path, "responses")):
            ok = responses.get("200")
            if self.expect(ok, dict, (*path, "responses", "200")):
                self.schema(ok.get("schema"), (*path, "responses", "200", "schema"), 0)
        errors = api.get("errorCodes", {})
        if self.expect(errors, dict, (*path, "errorCodes")):
            for status, items in errors.items():
                where = (*path, "errorCodes", status)
                if not (status.isdigit() and 400 <= int(status) <= 599):
                    self.report(where, "an HTTP error status (400-599) was expected")
                if self.expect(items, list, where):
                    for j, item in enumerate(items):
                        if self.expect(item, dict, (*where, j)):
                            self.expect(item.get("errorCode"), str, (*where, j, "errorCode"))
                            self.expect(
                                item.get("errorMessage", ""), str, (*where, j, "errorMessage")
                            )

    def parameter(self, parameter: Any, path: tuple[str | int, ...]) -> None:
        if not self.expect(parameter, dict, path):
            return
        self.expect(parameter.get("name"), str, (*path, "name"))
        place = parameter.get("in")
        if place not in PARAMETER_PLACES:
            self.report(
                (*path, "in"), f"unknown place {place!r}; known: {', '.join(PARAMETER_PLACES)}"
            )
        style = parameter.get("style")
        if style not in (None, "json", "simple", "flat", "repeatList"):
            self.report((*path, "style"), f"unknown style {style!r}")
        self.schema(parameter.get("schema"), (*path, "schema"), 0)

    def schema(self, schema: Any, path: tuple[str | int, ...], depth: int) -> None:
        if not self.expect(schema, dict, path):
            return
        if depth > MAX_DEPTH:
            self.report(path, f"nested deeper than {MAX_DEPTH} levels")
            return
        kind = schema.get("type")
        if kind not in TYPES:
            self.report((*path, "type"), f"unknown type {kind!r}; known: {', '.join(TYPES)}")
            return
        fmt = schema.get("format", "")
        if fmt not in TYPES[kind]:
            self.report((*path, "format"), f"unknown format {fmt!r} for type {kind}")
        for key in ("description", "title"):
            if key in schema:
                self.expect(schema[key], str, (*path, key))
        titles = schema.get("enumValueTitles", {})
        if self.expect(titles, dict, (*path, "enumValueTitles")):
            for key, title in titles.items():
                self.expect(title, str, (*path, "enumValueTitles", key))
        if "enum" in schema and self.expect(schema["enum"], list, (*path, "enum")):
            for i, value in enumerate(schema["enum"]):
                self.expect(value, str, (*path, "enum", i))
        for key in ("minimum", "maximum"):
            if key in schema:
                self.expect(schema[key], (str, int, float), (*path, key))
        properties = schema.get("properties", {})
        if self.expect(properties, dict, (*path, "properties")):
            for name, sub in properties.items():
                self.schema(sub, (*path, "properties", name), depth + 1)
        if "items" in schema:
            self.schema(schema["items"], (*path, "items"), depth + 1)
        elif kind == "array":
            self.report(path, "an array needs `items`")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            self.schema(extra, (*path, "additionalProperties"), depth + 1)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
