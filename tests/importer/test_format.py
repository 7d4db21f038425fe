"""The issue-10 format additions (notes/I10-FORMAT.md): loaded into the model, and every misuse
reported at the key that says it."""

from __future__ import annotations

import copy
import types
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cccgen import model as m
from cccgen import schemas
from cccgen.emit.models import render_models
from cccgen.emit.validator import plan_modules, render_module
from cccgen.emit.validator.plan import Unit
from cccgen.problems import SpecError
from cccgen.spec.loader import load_service
from importer.specs import OPERATION, operation, write_spec


def problems_of(tmp_path: Path, op: dict[str, Any] | None = None, **service: Any) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_service(write_spec(tmp_path, op, **service))
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


def test_additions_load_into_the_model(tmp_path: Path) -> None:
    op = operation(
        deprecated=True,
        note="Kept for old callers.",
        paging={
            "page_number": "PageNumber",
            "page_size": "PageSize",
            "items": ["Data", "List"],
            "total": ["Data", "TotalCount"],
        },
    )
    op["request"]["fields"]["Filter"] = {
        "type": "object",
        "model": "ListThingsFilter",
        "style": "json",
        "in": "body",
        "fields": {"Name": {"type": "string"}},
    }
    op["request"]["fields"]["Ids"] = {"type": "array", "style": "json", "items": {"type": "string"}}
    op["response"]["fields"]["Extra"] = {"type": "any", "example": {"free": [1, None]}}
    service = load_service(
        write_spec(
            tmp_path,
            op,
            endpoints={"cn-shanghai": "tiny.cn-shanghai.example.com"},
            groups=[{"title": {"zh": "东西", "en": ""}, "operations": ["ListThings"]}],
        )
    )
    assert service.endpoints == (("cn-shanghai", "tiny.cn-shanghai.example.com"),)
    assert service.groups == (m.Group(m.Text("东西", ""), ("ListThings",)),)
    loaded = service.operations[0]
    assert loaded.deprecated and loaded.note == "Kept for old callers."
    assert loaded.paging == m.Paging(
        "PageNumber", "PageSize", ("Data", "List"), ("Data", "TotalCount")
    )
    fields = {f.wire_name: f for f in loaded.request.fields}
    assert (fields["Filter"].in_, fields["Filter"].style) == ("body", "json")
    assert (fields["PageNumber"].in_, fields["PageNumber"].style) == ("query", None)
    assert (fields["PageSize"].type.minimum, fields["PageSize"].type.maximum) == (1, 100)
    extra = next(f for f in loaded.response.fields if f.wire_name == "Extra")
    assert extra.type.kind == "any"


def test_any_is_the_empty_schema_and_bounds_narrow_the_type(tmp_path: Path) -> None:
    loaded = load_service(write_spec(tmp_path)).operations[0]
    size = next(f for f in loaded.request.fields if f.wire_name == "PageSize")
    schema = schemas.type_schema(size.type, nullable=False, strict=True)
    assert (schema["minimum"], schema["maximum"]) == (1, 100)
    assert schemas.type_schema(m.Type(kind="any"), nullable=True, strict=True) == {}
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid(0) and validator.is_valid(100) and not validator.is_valid(101)


@pytest.mark.parametrize(
    ("where", "spec", "expected"),
    [
        (
            "response",
            {"type": "string", "in": "body"},
            "response.fields.X.in: `in` is only allowed on request parameters",
        ),
        (
            "response",
            {"type": "string", "style": "json"},
            "response.fields.X.style: `style` is only allowed on request parameters",
        ),
        (
            "request",
            {"type": "array", "items": {"type": "string"}},
            "request.fields.X.type: a request parameter of type array needs `style: json`",
        ),
        (
            "request",
            {"type": "any", "style": "json"},
            "request.fields.X.type: type any is only allowed in responses",
        ),
        (
            "response",
            {"type": "string", "minimum": 1},
            "response.fields.X.minimum: `minimum` is only allowed on int32, int64 and number, not string",
        ),
        (
            "response",
            {"type": "int32", "maximum": 2**31},
            "response.fields.X.maximum: 2147483648 is out of range for int32",
        ),
        (
            "response",
            {"type": "int64", "minimum": 1.5},
            "response.fields.X.minimum: 1.5 is not an integer, as int64 values are",
        ),
        (
            "response",
            {"type": "number", "minimum": 2, "maximum": 1},
            "response.fields.X.minimum: minimum 2 is above maximum 1",
        ),
        (
            "response",
            {"type": "int32", "minimum": 5, "example": 4},
            "response.fields.X.example: example does not fit the field: 4 is less than the minimum of 5",
        ),
        (
            "response",
            {"type": "wobbly"},
            "response.fields.X.type: unknown type 'wobbly'; known types: string, int32, int64, number, boolean, object, array, any",
        ),
    ],
)
def test_misuse_is_reported_at_its_key(
    tmp_path: Path, where: str, spec: dict[str, Any], expected: str
) -> None:
    op = copy.deepcopy(OPERATION)
    op[where]["fields"]["X"] = spec
    found = problems_of(tmp_path, op)
    assert any(p.startswith(expected) for p in found), found


def test_paging_must_name_what_is_there(tmp_path: Path) -> None:
    op = operation(
        paging={
            "page_number": "Page",
            "page_size": "PageSize",
            "items": ["Data", "TotalCount"],
            "total": ["Data", "Nothing"],
        }
    )
    found = problems_of(tmp_path, op)
    assert (
        "paging.page_number: 'Page' is not a request parameter of type int32, int64 or string"
        in found
    )
    assert "paging.items: 'Data.TotalCount' is not an array field of the success response" in found
    assert "paging.total: 'Data.Nothing' is not an integer field of the success response" in found


def test_groups_name_operations_of_the_service_once(tmp_path: Path) -> None:
    groups = [
        {"title": {"zh": "一", "en": ""}, "operations": ["ListThings", "Nope"]},
        {"title": {"zh": "二", "en": ""}, "operations": ["ListThings"]},
    ]
    found = problems_of(tmp_path, groups=groups)
    assert "groups[0].operations[1]: 'Nope' is not an operation of the service" in found
    assert "groups[1].operations[0]: 'ListThings' is already in group 0" in found


def test_endpoints_structure_is_checked(tmp_path: Path) -> None:
    found = problems_of(tmp_path, endpoints={"cn-shanghai": "not a host"})
    assert any(p.startswith("endpoints.cn-shanghai:") for p in found)


ANY_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "free": {"description": "any value"},
        "opt": {},
        "list": {"type": "array", "items": {}},
        "n": {"type": "integer", "minimum": 1, "maximum": 100},
        "s": {"type": "string"},
        "t": {"type": "string"},
    },
    "required": ["free"],
    "additionalProperties": False,
}


def _compile(schema: dict[str, Any]) -> types.ModuleType:
    lenient = {k: v for k, v in schema.items() if k != "additionalProperties"}
    (plan,) = plan_modules([Unit("anyfields", "AnyFields", schema, lenient)])
    source = render_module(plan, "# test module", runtime="ccc._runtime.core")
    module = types.ModuleType("anyfields_validator")
    exec(compile(source, module.__name__, "exec"), module.__dict__)  # noqa: S102 - our own output
    return module


@pytest.mark.parametrize(
    "payload",
    [
        {"free": None},
        {"free": {"a": [1, "x"]}, "opt": 3, "list": [None, {}, "s"], "n": 1, "s": "", "t": ""},
        {"opt": 1},
        {"free": 1, "n": 0},
        {"free": 1, "n": 101},
        {"free": 1, "list": {}},
        {"free": 1, "extra": 2},
        {"free": 1, "opt": 2, "list": [], "n": 5, "s": "a", "t": 1},
    ],
)
def test_the_validator_accepts_any_value_for_any_and_checks_bounds(payload: Any) -> None:
    module = _compile(ANY_SCHEMA)
    reference = jsonschema.Draft202012Validator(ANY_SCHEMA)
    expected = {
        ("".join(f"/{p}" for p in e.absolute_path), e.validator)
        for e in reference.iter_errors(payload)
    }
    assert {(i.path, i.keyword) for i in module.validate(payload)} == expected
    assert module.is_valid(payload) is (not expected)


def test_an_any_field_is_typed_any_in_the_models(tmp_path: Path) -> None:
    op = operation()
    op["response"]["fields"]["Extra"] = {"type": "any", "description": {"zh": "任意", "en": ""}}
    loaded = load_service(write_spec(tmp_path, op)).operations[0]
    source = render_models(loaded, "# test module\n")
    namespace: dict[str, Any] = {}
    exec(compile(source, "models", "exec"), namespace)  # noqa: S102 - our own output
    model = namespace["ListThingsResponse"]
    for name in ("ListThingsData", "ListThingsResponse"):
        namespace[name].model_rebuild(_types_namespace=namespace)
    for value in (None, 1, "x", [1, {"a": None}], {"k": [True]}):
        parsed = model.model_validate({"RequestId": "r", "Extra": value})
        assert parsed.extra == value
        assert parsed.model_dump(by_alias=True, exclude_unset=True)["Extra"] == value
