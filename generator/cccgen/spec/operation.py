"""Build one operation's model from its YAML document (checked for structure first): its
request and response objects, enums, examples, paging and errors, every node located; shared
models and enums come from the service's `Library`. Problems of meaning are reported, not
raised: the loader gathers them all."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cccgen import model as m
from cccgen import schemas
from cccgen.naming import constant_case, identifier_problem, pascal_case, snake_case
from cccgen.problems import Problem
from cccgen.spec import paging as paging_spec
from cccgen.spec.meta_check import SchemaErrors
from cccgen.spec.parameters import Role, any_keys, bounds, field_keys, pii_kind
from cccgen.spec.yaml_source import Located, PathKey

if TYPE_CHECKING:
    from cccgen.spec.library import Library


class OperationBuilder:
    """Turns one checked-for-structure operation document into `model.Operation`."""

    def __init__(
        self, doc: Located, problems: list[Problem], source: str, library: Library | None = None
    ) -> None:
        self.doc = doc
        self.source = source
        self.problems = problems
        self.data: dict[str, Any] = doc.data
        self.enums: dict[str, m.Enum] = {}
        self.used_enums: set[str] = set()
        self.models: dict[str, PathKey] = {}
        self.library = library

    def report(self, path: PathKey, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def build(self) -> m.Operation | None:
        before = len(self.problems)
        for name, spec in self.data.get("enums", {}).items():
            self.enums[name] = self._enum(name, spec, ("enums", name))
            line = self.library.declared_at(name, "enum") if self.library else None
            if line is not None:
                self.report(
                    ("enums", name),
                    f"enum {name!r} is already declared in service.yaml (line {line}); "
                    "remove this copy to use the shared one",
                )
        request = self._object(self.data["request"], ("request",))
        response = self._object(self.data["response"], ("response",))
        for name in self.enums:
            if name not in self.used_enums:
                self.report(("enums", name), f"enum {name!r} is declared but no field uses it")
        paging = paging_spec.paging(self.data.get("paging"), request, response, self.report)
        errors = errors_of(self.doc)
        examples = tuple(
            m.Example(
                name=name,
                summary=spec["summary"],
                response=spec.get("response"),
                error=spec.get("error"),
                status=spec.get("status", 200),
                location=self.doc.location(("examples", name)),
            )
            for name, spec in self.data.get("examples", {}).items()
        )
        if len(self.problems) != before:
            return None
        op = m.Operation(
            name=self.data["name"],
            python_name=snake_case(self.data["name"]),
            summary=text_of(self.data["summary"]) or m.Text("", ""),
            description=text_of(self.data.get("description")),
            read_only=bool(self.data.get("read_only", False)),
            method=self.data["http"]["method"],
            path=self.data["http"]["path"],
            request=request,
            response=response,
            enums=tuple(self.enums.values()),
            errors=errors,
            examples=examples,
            source=self.source,
            deprecated=bool(self.data.get("deprecated", False)),
            note=self.data.get("note"),
            paging=paging,
            location=self.doc.location(("name",)),
        )
        self._check_examples(op)
        return op if len(self.problems) == before else None

    def _enum(self, name: str, spec: dict[str, Any], path: PathKey) -> m.Enum:
        kind = spec["type"]
        if kind not in ("string", "int32", "int64"):
            self.report((*path, "type"), f"unknown enum type {kind!r}; use string, int32 or int64")
        seen_values: dict[Any, int] = {}
        seen_names: dict[str, int] = {}
        values: list[m.EnumValue] = []
        for i, item in enumerate(spec["values"]):
            value = item["value"]
            vpath = (*path, "values", i)
            wants_int = kind in ("int32", "int64")
            is_int = isinstance(value, int) and not isinstance(value, bool)
            # Not just "is it an int": the meta-schema's "integer" also admits 1.0.
            if not (is_int if wants_int else isinstance(value, str)):
                self.report((*vpath, "value"), f"value {value!r} is not of the enum's type {kind}")
            elif wants_int and not m.INT_BOUNDS[kind][0] <= value <= m.INT_BOUNDS[kind][1]:
                self.report((*vpath, "value"), f"value {value} is out of range for {kind}")
            key = (type(value).__name__, value)
            if key in seen_values:
                self.report(
                    (*vpath, "value"),
                    f"duplicate enum value {value!r} (also item {seen_values[key]})",
                )
            seen_values.setdefault(key, i)
            member = item.get("name") or (constant_case(value) if isinstance(value, str) else "")
            if not member or not member.isidentifier():
                self.report(vpath, f"value {value!r} needs a `name:` to be a Python enum member")
                member = member or f"VALUE_{i}"
            elif member in seen_names:
                self.report(
                    vpath,
                    f"member name {member!r} collides with item {seen_names[member]} once converted "
                    "to a Python identifier; give one of them an explicit `name:`",
                )
            seen_names.setdefault(member, i)
            values.append(
                m.EnumValue(
                    value=value,
                    name=member,
                    zh=item["zh"],
                    en=item["en"],
                    location=self.doc.location(vpath),
                )
            )
        return m.Enum(
            name=name,
            kind=kind if kind in ("string", "int32", "int64") else "string",
            description=text_of(spec.get("description")),
            note=spec.get("note"),
            values=tuple(values),
            location=self.doc.location(path),
        )

    def _object(
        self, spec: dict[str, Any], path: PathKey, name_at: PathKey | None = None
    ) -> m.ObjectModel:
        name = spec["model"]
        name_at = name_at or (*path, "model")
        shared_line = None
        if self.library is not None and self.library.builder is not self:
            shared_line = self.library.declared_at(name, "model")
        if shared_line is not None:
            self.report(
                name_at,
                f"model {name!r} is already declared in service.yaml (line {shared_line}); "
                f"to use it, write `model: {name}` without `fields`",
            )
        elif name in self.models or name in self.enums:
            first = self.doc.where(self.models.get(name, ("enums", name)))[0]
            self.report(name_at, f"model name {name!r} is already used (line {first})")
        self.models.setdefault(name, name_at)
        fields: list[m.Field] = []
        python_names: dict[str, str] = {}
        for wire, fspec in spec["fields"].items():
            fpath = (*path, "fields", wire)
            python_name = fspec.get("python_name") or snake_case(wire)
            problem = identifier_problem(python_name)
            if problem:
                self.report(fpath, f"field {wire!r}: the attribute {problem}; set `python_name:`")
            elif python_name in python_names:
                self.report(
                    fpath,
                    f"field {wire!r} collides with field {python_names[python_name]!r}: both become "
                    f"Python attribute {python_name!r}; set `python_name:` on one of them",
                )
            python_names.setdefault(python_name, wire)
            role: Role = (
                "response" if path[0] != "request" else "parameter" if len(path) == 1 else "request"
            )
            in_, style = field_keys(fspec, fspec["type"], role, fpath, self.report)
            fields.append(
                m.Field(
                    wire_name=wire,
                    python_name=python_name,
                    type=self._type(fspec, fpath),
                    required=bool(fspec.get("required", False)),
                    nullable=bool(fspec.get("nullable", False)),
                    description=text_of(fspec.get("description")),
                    note=fspec.get("note"),
                    example=fspec.get("example"),
                    in_=in_,
                    style=style,
                    location=self.doc.location(fpath),
                )
            )
        return m.ObjectModel(
            name=name,
            description=text_of(spec.get("description")),
            fields=tuple(fields),
            location=self.doc.location(name_at),
        )

    def _type(self, spec: dict[str, Any], path: PathKey) -> m.Type:
        at = self.doc.location((*path, "type"))
        kind = spec["type"]
        if kind not in m.ALL_KINDS:
            self.report(
                (*path, "type"), f"unknown type {kind!r}; known types: {', '.join(m.ALL_KINDS)}"
            )
            return m.Type(kind="string")
        for key, allowed in (("fields", "object"), ("model", "object"), ("items", "array")):
            if key in spec and kind != allowed:
                self.report((*path, key), f"`{key}` is only allowed on type {allowed}")
        if kind == "any":
            any_keys(spec, path[0] == "request", path, self.report)
            pii_kind(spec, kind, path, self.report)
            if "enum" in spec:
                self.used_enums.add(spec["enum"])  # reported above, not again as unused
            return m.Type(kind="any", location=at)
        enum = None
        if "enum" in spec:
            enum_name = spec["enum"]
            enum = self.enums.get(enum_name)
            self.used_enums.add(enum_name)
            if enum is None and self.library is not None:
                enum = self.library.enum(enum_name)
            if enum is None:
                known = ", ".join(sorted(self.enums)) or "none declared"
                self.report((*path, "enum"), f"undefined enum {enum_name!r} (known: {known})")
            elif enum.kind != kind:
                self.report(
                    (*path, "enum"), f"enum {enum_name!r} is {enum.kind} but the field is {kind}"
                )
        low, high = bounds(spec, kind, path, self.report)
        pii = pii_kind(spec, kind, path, self.report)
        if kind == "object":
            if "model" in spec and "fields" not in spec:
                return self._reference(spec, path, at)
            if "model" not in spec or "fields" not in spec:
                self.report(path, "an object needs `model` (its class name) and `fields`")
                return m.Type(kind="object", object=m.ObjectModel("Invalid", None, ()))
            obj = self._object(
                {
                    "model": spec["model"],
                    "fields": spec["fields"],
                    "description": spec.get("description"),
                },
                path,
            )
            return m.Type(kind="object", object=obj, location=at)
        if kind == "array":
            if "items" not in spec:
                self.report(path, "an array needs `items`")
                return m.Type(kind="array", items=m.Type(kind="string"))
            return m.Type(
                kind="array", items=self._type(spec["items"], (*path, "items")), location=at
            )
        return m.Type(kind=kind, enum=enum, minimum=low, maximum=high, pii=pii, location=at)

    def _reference(self, spec: dict[str, Any], path: PathKey, at: m.Location) -> m.Type:
        """`{type: object, model: Name}` without `fields`: the shared model `Name`."""
        name = spec["model"]
        found = self.library.model(name, self, path) if self.library else None
        if found is None:
            if self.library is None or name not in self.library.specs:
                known = ", ".join(sorted(self.library.specs)) if self.library else ""
                self.report(
                    (*path, "model"),
                    f"unknown model {name!r}: an object without `fields` names a model under "
                    f"`models:` in service.yaml (declared: {known or 'none'})",
                )
            return m.Type(kind="object", object=m.ObjectModel("Invalid", None, ()))
        return m.Type(kind="object", object=found, location=at)

    def _check_examples(self, op: m.Operation) -> None:
        errors = SchemaErrors(schemas.response_schema(op, strict=True))
        for ex in op.examples:
            if ex.response is None:
                continue
            for error in errors(ex.response):
                inner = tuple(error.absolute_path)
                self.report(
                    ("examples", ex.name, "response", *inner),
                    f"example does not validate against the response schema: {error.message}",
                )
        self._check_field_examples(op.response, ("response",))

    def _check_field_examples(self, obj: m.ObjectModel, path: PathKey) -> None:
        for f in obj.fields:
            fpath = (*path, "fields", f.wire_name)
            if f.example is not None:
                schema = schemas.type_schema(f.type, nullable=f.nullable, strict=True)
                for error in SchemaErrors(schema)(f.example):
                    self.report(
                        (*fpath, "example"), f"example does not fit the field: {error.message}"
                    )
            t = f.type
            while t.items is not None:
                t = t.items
            if t.object is not None:
                self._check_field_examples(
                    t.object, (*fpath, "items") if f.type.kind == "array" else fpath
                )


def text_of(spec: dict[str, str] | None) -> m.Text | None:
    """The `{zh, en}` text of a spec node, or None where there is none."""
    return m.Text(zh=spec["zh"], en=spec["en"]) if spec else None


def errors_of(doc: Located) -> tuple[m.ErrorCode, ...]:
    """The `errors:` section of a service or operation document, each located."""
    out: list[m.ErrorCode] = []
    for code, item in doc.data.get("errors", {}).items():
        base = pascal_case(code)
        # `InternalError` stays `InternalError`, not `InternalErrorError`.
        class_name = item.get("python_name") or (base if base.endswith("Error") else base + "Error")
        out.append(
            m.ErrorCode(
                code=code,
                class_name=class_name,
                http_status=item["http_status"],
                message=item["message"],
                description=text_of(item["description"]) or m.Text("", ""),
                retryable=bool(item.get("retryable", False)),
                throttling=bool(item.get("throttling", False)),
                # Where the class name was decided: a clash is fixed there.
                location=doc.location(
                    ("errors", code, "python_name") if "python_name" in item else ("errors", code)
                ),
            )
        )
    return tuple(out)
