"""The schema → validator compiler: what it refuses, what it emits, and, on synthetic schemas
using every keyword and type it implements, agreement with jsonschema."""

from __future__ import annotations

import ast
import copy
import functools
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cccgen import model as m
from cccgen.emit import json_schema
from cccgen.emit.validator import (
    UnsupportedSchemaError,
    compile_schema,
    emit_validators,
    fast_default,
    plan_modules,
)
from cccgen.emit.validator import conditions as c
from cccgen.emit.validator.collect import path_source
from cccgen.emit.validator.plan import Unit
from cccgen.problems import SpecError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DRAFT = "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(
    ("schema", "where", "what"),
    [
        ({"type": "string", "pattern": "x"}, "", "'pattern'"),
        ({"type": "object", "properties": {"a": {"$ref": "#"}}}, "/properties/a", "'$ref'"),
        (
            {"type": "object", "properties": {"a/b": {"type": "string", "format": "date"}}},
            "/properties/a~1b",
            "'format'",
        ),
        ({"anyOf": [{"type": "string"}]}, "", "'anyOf'"),
        ({"type": "string", "const": "x"}, "", "'const'"),
        ({"type": "string", "minLength": 1}, "", "'minLength'"),
        ({"type": "integer", "exclusiveMaximum": 3}, "", "'exclusiveMaximum'"),
        (
            {"type": "object", "additionalProperties": {"type": "string"}},
            "/additionalProperties",
            "true or false",
        ),
        ({"type": "object", "patternProperties": {}}, "", "'patternProperties'"),
        ({"type": "array", "items": [{"type": "string"}]}, "/items", "must be an object"),
        ({"type": "array", "items": True}, "/items", "must be an object"),
        ({"type": "array", "prefixItems": []}, "", "'prefixItems'"),
        ({"type": "string", "enum": [["a"]]}, "/enum/0", "only string"),
        ({"type": "string", "enum": []}, "/enum", "non-empty"),
        ({"type": "integer", "minimum": math.inf}, "/minimum", "finite"),
        ({"type": "integer", "maximum": True}, "/maximum", "finite"),
        ({"type": "text"}, "/type", "must be one of"),
        ({"type": ["string", "string"]}, "/type", "distinct"),
        ({"type": []}, "/type", "must be one of"),
        ({"minimum": 1}, "", "`minimum` without `type`"),
        (
            {"type": "object", "properties": {"a": {"type": "string", "$id": "x"}}},
            "/properties/a",
            "'$id'",
        ),
        ({"type": "object", "required": "a"}, "/required", "distinct strings"),
        ({"type": "object", "x-custom": 1}, "", "'x-custom'"),
        (
            {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"},
            "/$schema",
            "2020-12",
        ),
    ],
)
def test_every_unimplemented_keyword_is_refused(
    schema: dict[str, Any], where: str, what: str
) -> None:
    with pytest.raises(UnsupportedSchemaError) as caught:
        compile_schema(schema)
    assert caught.value.pointer == where
    assert what in str(caught.value)
    assert str(caught.value).startswith(f"schema#{where}: ")


def test_generation_reports_a_refused_schema_as_a_located_problem(
    service: m.Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A schema emitter adding a keyword the compiler lacks stops generation with a clear problem
    (which the CLI prints before exiting 2), never a half-checking validator."""
    real = json_schema.response_schema

    def with_pattern(
        op: m.Operation, *, strict: bool, service: m.Service | None = None
    ) -> dict[str, Any]:
        schema = real(op, strict=strict, service=service)
        if op.name == "GetCallDetailRecord":  # the problem is located at that operation
            schema["properties"]["Code"]["pattern"] = "^OK$"
        return schema

    monkeypatch.setattr(json_schema, "response_schema", with_pattern)
    with pytest.raises(SpecError) as caught:
        emit_validators(service)
    (problem,) = caught.value.problems
    assert problem.file.endswith("GetCallDetailRecord.yaml")
    assert "schema#/properties/Code: keyword 'pattern' is not implemented" in problem.message


def test_the_real_schemas_compile(service: m.Service) -> None:
    for op in service.operations:
        for strict in (True, False):
            root = compile_schema(json_schema.response_schema(op, strict=strict, service=service))
            assert root.types == ("object",)
            assert root.additional is (not strict)


def test_path_expressions_escape_names_and_use_loop_indexes() -> None:
    assert eval(path_source('""', [])) == ""
    assert eval(path_source('""', [("name", "a/b"), ("name", "c~d")])) == "/a~1b/c~0d"
    source = path_source(
        "where", [("name", "Data"), ("index", "i0"), ("name", "x"), ("index", "i1")]
    )
    assert eval(source, {"where": "/R", "i0": 3, "i1": 0}) == "/R/Data/3/x/0"


def test_defaults_for_missing_optional_fields_pass_their_own_fast_check() -> None:
    cases = [
        ({"type": "string"}, ""),
        ({"type": "integer", "minimum": 5, "maximum": 9}, 5),
        ({"type": "integer", "minimum": -9, "maximum": -5}, -9),
        ({"type": ["integer", "null"]}, 0),
        ({"type": "integer", "enum": [7, 8]}, 7),
        ({"type": "string", "enum": ["b", "a"]}, "b"),
        ({"type": "boolean", "enum": [True]}, True),
        ({"type": "null"}, None),
    ]
    for schema, expected in cases:
        default = fast_default(compile_schema(schema))
        assert (
            default is not None
            and eval(default) == expected
            and type(eval(default)) is type(expected)
        )
    assert fast_default(compile_schema({"type": "object"})) is None
    assert fast_default(compile_schema({"type": "integer", "enum": [1.5]})) is None


def test_the_generated_module_imports_only_the_standard_library(repo_root: Path) -> None:
    import sys

    for path in [
        repo_root / "generated" / "ccc" / "validators" / "get_call_detail_record.py",
        repo_root / "generated" / "ccc" / "validators" / "__init__.py",
        repo_root / "generated" / "ccc" / "validators" / "_error_response.py",
        repo_root / "generator" / "cccgen" / "runtime" / "core" / "validation.py",
        repo_root / "generator" / "cccgen" / "runtime" / "core" / "error_responses.py",
    ]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: the package's own runtime and siblings only
                    assert node.module in (
                        None,
                        "_runtime.core.issues",
                        "_runtime.core.validation",
                        "_runtime.core.error_responses",
                        # validate_json: stdlib, msgspec only lazily (tests/generated_quality)
                        "_runtime.core.validation_json",
                        "issues",
                        "validation",
                    ), node.module
                    continue
                roots = [(node.module or "").split(".")[0]]
            else:
                continue
            for root in roots:
                assert root in sys.stdlib_module_names or root == "__future__", (path.name, root)


# --- synthetic schemas: everything the compiler implements, against jsonschema ----------------

NASTY = "q\"'\n}{ #~/\\x"  # a property name that must stay data in the generated source

SYNTHETIC: dict[str, Any] = {
    "$schema": DRAFT,
    "type": "object",
    "description": 'Root """ description with quotes\\ and a newline\nsecond line',
    "properties": {
        "n": {"type": "number", "minimum": -1.5, "maximum": 1e3},
        "lo": {"type": "integer", "minimum": 0},
        "hi": {"type": ["integer", "null"], "maximum": 10},
        "b": {"type": "boolean", "enum": [True]},
        "mixed": {
            "type": ["string", "integer", "boolean", "null"],
            "enum": [1, "1", False, None, 2.0],
        },
        "s": {"type": ["string", "null"], "enum": ["a", "b"]},
        "multi": {
            "type": ["string", "array", "object"],
            "items": {"type": "integer"},
            "properties": {"k": {"type": "string"}},
        },
        "nested": {
            "type": ["object", "null"],
            "properties": {
                "deep": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "number", "maximum": 0}},
                }
            },
            "required": ["deep", "ghost"],
            "additionalProperties": False,
        },
        NASTY: {"type": "string", "description": 'the """ nasty one'},
        "a/b~c": {"type": "integer", "enum": [1, 2, 3]},
    },
    "required": ["n", NASTY],
    "additionalProperties": False,
}


def lenient(schema: dict[str, Any]) -> dict[str, Any]:
    """The lenient variant, as emit/json_schema.py makes it: no additionalProperties, no enum."""
    out = {k: v for k, v in schema.items() if k not in ("additionalProperties", "enum")}
    if "properties" in schema:
        out["properties"] = {n: lenient(s) for n, s in schema["properties"].items()}
    if "items" in schema:
        out["items"] = lenient(schema["items"])
    return out


@pytest.fixture(scope="module")
def synthetic(compile_module: Callable[..., Any]) -> Any:
    return compile_module({"strict": SYNTHETIC, "lenient": lenient(SYNTHETIC)})


def test_synthetic_module_keeps_spec_strings_as_data(synthetic: Any) -> None:
    source = synthetic.__source__
    ast.parse(source)
    payload = {"n": 1, NASTY: "x", "a/b~c": 9}
    issues = synthetic.validate(payload)
    assert [(i.path, i.keyword, i.actual) for i in issues] == [("/a~1b~0c", "enum", 9)]
    issues = synthetic.validate({"n": 1})
    assert [(i.path, i.keyword, i.actual, i.description) for i in issues] == [
        ("", "required", NASTY, 'the """ nasty one')
    ]


synthetic_values = st.recursive(
    st.none()
    | st.booleans()
    | st.sampled_from(
        [0, 1, 2, 3, 9, 10, 11, -1, -2, 1000, 1001, 2.0, 1.0, 0.0, -1.5, -1.6, 1e3, 1e308, 1.5]
    )
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(["", "1", "a", "b", "c", "k"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["k", "deep", "ghost", "z", NASTY]), children, max_size=3)
    ),
    max_leaves=10,
)
synthetic_payloads = st.fixed_dictionaries(
    {},
    optional={name: synthetic_values for name in [*SYNTHETIC["properties"], "extra"]},
)


@functools.cache
def _synthetic_references() -> dict[str, jsonschema.Draft202012Validator]:
    """jsonschema's validators of the synthetic schemas, built once (not for each example: a
    validator keeps nothing of what it validated)."""
    return {
        variant: jsonschema.Draft202012Validator(schema)
        for variant, schema in (("strict", SYNTHETIC), ("lenient", lenient(SYNTHETIC)))
    }


@settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(payload=synthetic_payloads | synthetic_values)
def test_synthetic_schemas_agree_with_jsonschema(synthetic: Any, payload: Any) -> None:
    for variant, reference in _synthetic_references().items():
        expected = {
            (
                "".join(
                    "/" + str(p).replace("~", "~0").replace("/", "~1") for p in e.absolute_path
                ),
                e.validator,
            )
            for e in reference.iter_errors(payload)
        }
        strict = variant == "strict"
        issues = synthetic.validate(copy.deepcopy(payload), strict=strict)
        assert {(i.path, i.keyword) for i in issues} == expected, variant
        valid = not expected
        assert synthetic.is_valid(payload, strict=strict) is valid
        fast = (synthetic.STRICT if strict else synthetic.LENIENT)[0]
        assert not fast(payload) or valid


def _plan(operation: m.Operation, service: m.Service) -> Any:
    unit = Unit(
        operation.python_name,
        operation.name,
        json_schema.response_schema(operation, strict=True, service=service),
        json_schema.response_schema(operation, strict=False, service=service),
    )
    (plan,) = plan_modules([unit])
    return plan


def test_plan_names_constants_after_what_they_check(
    operation: m.Operation, service: m.Service
) -> None:
    plan = _plan(operation, service)
    names = [name for name, _ in plan.constants]
    assert len(set(names)) == len(names)
    checks = [(n, src) for n, src in plan.constants if not n.startswith("_DESC_")]
    assert len({src for _, src in checks}) == len(checks)  # each checked value defined once
    assert not [n for n in names if re.fullmatch(r"_[A-Z]+_\d+", n)]  # no `_SET_5`
    assert "_ENUM_CONTACT_TYPE" in names and "_RULE_CONTACT_TYPE" in names
    assert "_PROPERTIES_CALL_DETAIL_RECORD" in names and "_RULE_INT64" in names


def test_one_function_set_per_model_and_a_strict_schema_only(
    operation: m.Operation, service: m.Service
) -> None:
    plan = _plan(operation, service)
    functions = [f.name for f in plan.functions]
    # The entry points: a fast path per variant, the strict deciding and collecting paths.
    assert functions[:4] == ["_valid", "_valid_lenient", "_decide", "_collect"]
    # Every model here is used once: decided in place by its caller; the root one is also
    # collected in place (its fast path failed already), the others have a collecting function
    # and a fast one (the collecting path's skip).
    root = f"{operation.name}Response"
    for obj in operation.objects():
        ident = re.sub(r"(?<!^)(?=[A-Z][a-z])", "_", obj.name).lower()
        assert functions.count(f"_collect_{ident}") == (obj.name != root), obj.name
        assert functions.count(f"_decide_{ident}") == 0, obj.name
        assert functions.count(f"_valid_{ident}") == (obj.name != root), obj.name
    assert root in [obj.name for obj in operation.objects()]
    assert len(functions) == 4 + 2 * (len(operation.objects()) - 1)
    assert not any("strict" in n or "lenient" in n for n in functions[2:])
    # The fast path inlines every model used once (a call per object would cost more).
    fast = "\n".join(plan.functions[0].lines)
    assert "append" not in fast and "isinstance" not in fast and "_valid_" not in fast


def test_a_lenient_schema_that_is_not_the_strict_one_minus_drift_is_refused() -> None:
    strict = {"type": "object", "properties": {"a": {"type": "integer"}}}
    lenient = {"type": "object", "properties": {"a": {"type": "string"}}}
    with pytest.raises(UnsupportedSchemaError, match="without enum and additionalProperties"):
        plan_modules([Unit("x", "X", strict, lenient)])
    drifted = {"type": "object", "properties": {"a": {"type": "integer", "enum": [1]}}}
    plan_modules([Unit("x", "X", {**drifted, "additionalProperties": False}, strict)])


def test_negation_is_structural() -> None:
    x = "v0"
    exact = c.TypeIs(x, "str")
    assert c.render(c.negate(exact)) == "type(v0) is not str"
    assert c.render(c.negate(c.InSet(x, "_ENUM_A"))) == "v0 not in _ENUM_A"
    assert c.render(c.negate(c.IsNone(x))) == "v0 is not None"
    both = c.And((exact, c.InSet(x, "_ENUM_A")))
    assert c.render(c.negate(both)) == "not (type(v0) is str and v0 in _ENUM_A)"
    assert c.negate(c.negate(both)) == both
    either = c.Or((c.IsNone(x), both))
    assert c.render(either) == "v0 is None or (type(v0) is str and v0 in _ENUM_A)"
    assert c.render(c.on(either, 'x["A"]')).count('x["A"]') == c.uses(either) == 3
    assert (
        c.render(c.Not(c.Calls("accepts", x, ("_RULE_INT64",)))) == "not accepts(v0, _RULE_INT64)"
    )
