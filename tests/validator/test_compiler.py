"""The schema → validator compiler: what it refuses, what it emits, and, on synthetic schemas
using every keyword and type it implements, agreement with jsonschema."""

from __future__ import annotations

import ast
import copy
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
    path_expression,
    plan_module,
)
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
        ({"title": "no type"}, "", "must declare `type`"),
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
    assert path_expression([]) == '""'
    assert eval(path_expression([("name", "a/b"), ("name", "c~d")])) == "/a~1b/c~0d"
    i0, i1 = 3, 0
    source = path_expression([("name", "Data"), ("index", "i0"), ("name", "x"), ("index", "i1")])
    assert eval(source, {"i0": i0, "i1": i1}) == "/Data/3/x/0"


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
        repo_root / "generator" / "cccgen" / "runtime" / "validation.py",
        repo_root / "generator" / "cccgen" / "runtime" / "error_responses.py",
    ]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: the package's own runtime and siblings only
                    assert node.module in (
                        None,
                        "_runtime.issues",
                        "_runtime.validation",
                        "_runtime.error_responses",
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


@settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(payload=synthetic_payloads | synthetic_values)
def test_synthetic_schemas_agree_with_jsonschema(synthetic: Any, payload: Any) -> None:
    for variant, schema in (("strict", SYNTHETIC), ("lenient", lenient(SYNTHETIC))):
        reference = jsonschema.Draft202012Validator(schema)
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
        fast = synthetic._valid_strict if strict else synthetic._valid_lenient
        assert not fast(payload) or valid


def test_plan_names_constants_once(operation: m.Operation, service: m.Service) -> None:
    schemas = {
        "strict": json_schema.response_schema(operation, strict=True, service=service),
        "lenient": json_schema.response_schema(operation, strict=False, service=service),
    }
    plan = plan_module(operation.name, operation.python_name, schemas)
    names = [name for name, _ in plan.constants]
    sources = [source for _, source in plan.constants]
    assert len(set(names)) == len(names) and len(set(sources)) == len(sources)
    main = [f.name for f in plan.functions if not f.name.startswith("_fast_")]
    assert main == [
        "_valid_strict",
        "_decide_strict",
        "_collect_strict",
        "_valid_lenient",
        "_decide_lenient",
        "_collect_lenient",
    ]
    # One fast function per container subschema, for the collecting path's shortcuts; the
    # top-level fast path inlines everything and calls none of them.
    helpers = [f.name for f in plan.functions if f.name.startswith("_fast_")]
    assert helpers and all(re.fullmatch(r"_fast_(strict|lenient)_\d+", n) for n in helpers)
    assert not any(name in line for line in plan.functions[0].lines for name in helpers)
    fast = "\n".join(plan.functions[0].lines)
    assert "append" not in fast and "isinstance" not in fast  # straight-line exact checks only
