"""Fixtures for the validator tests: the generated schemas, jsonschema's verdicts, and a way to
compile a validator module from any schema for the compiler's own tests."""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cccgen.emit.validator import plan_modules, render_module
from cccgen.emit.validator.plan import Unit

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "generated" / "ccc" / "schemas"
OPERATION = "GetCallDetailRecord"


@pytest.fixture(scope="session", autouse=True)
def _strategy_per_subschema() -> Iterator[None]:
    """hypothesis-jsonschema rebuilds the strategy of every object subschema on every draw
    (canonicalising it each time): some 90% of the differential tests' CPU went there, not into
    either validator. A subschema's strategy depends only on the subschema, the alphabet and the
    custom formats, so one per key draws exactly the same payloads, built once."""
    from hypothesis_jsonschema import _from_schema
    from hypothesis_jsonschema._encode import encode_canonical_json

    original = _from_schema.__dict__["__from_schema"]
    built: dict[tuple[str, int, int], tuple[Any, Any, Any]] = {}

    def cached(schema: Any, *, alphabet: Any, custom_formats: Any) -> Any:
        key = (encode_canonical_json(schema), id(alphabet), id(custom_formats))
        if key not in built:  # alphabet and formats are kept alive: their ids stay theirs
            strategy = original(schema, alphabet=alphabet, custom_formats=custom_formats)
            built[key] = (strategy, alphabet, custom_formats)
        return built[key][0]

    _from_schema.__dict__["__from_schema"] = cached
    yield
    _from_schema.__dict__["__from_schema"] = original


ErrorSet = set[tuple[str, str]]


def pointer(parts: Any) -> str:
    """jsonschema's `absolute_path` as a JSON Pointer (RFC 6901)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def reference_errors(validator: jsonschema.protocols.Validator, payload: Any) -> ErrorSet:
    return {(pointer(e.absolute_path), str(e.validator)) for e in validator.iter_errors(payload)}


@pytest.fixture(scope="session")
def schemas() -> dict[str, dict[str, Any]]:
    """The generated strict and lenient response schemas, as shipped in the package."""
    return {
        "strict": json.loads((SCHEMAS / f"{OPERATION}.response.schema.json").read_text("utf-8")),
        "lenient": json.loads(
            (SCHEMAS / f"{OPERATION}.response.lenient.schema.json").read_text("utf-8")
        ),
    }


@pytest.fixture(scope="session")
def references(schemas: dict[str, dict[str, Any]]) -> dict[str, jsonschema.Draft202012Validator]:
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    return {variant: jsonschema.Draft202012Validator(s) for variant, s in schemas.items()}


@pytest.fixture(scope="session")
def compile_module() -> Callable[..., types.ModuleType]:
    """Compile a validator module from schemas ({"strict": ..., "lenient": ...}) and import it."""
    counter = iter(range(1_000_000))

    def build(variants: dict[str, dict[str, Any]]) -> types.ModuleType:
        unit = Unit("synthetic", "Synthetic", variants["strict"], variants["lenient"])
        (plan,) = plan_modules([unit])
        source = render_module(plan, "# test module", runtime="ccc._runtime.core")
        module = types.ModuleType(f"synthetic_validator_{next(counter)}")
        module.__dict__["__source__"] = source
        exec(compile(source, module.__name__, "exec"), module.__dict__)  # noqa: S102 - our own output
        return module

    return build


def detailed_reference(
    validator: jsonschema.protocols.Validator, payload: Any
) -> set[tuple[str, str, str]]:
    """(path, keyword, name) per error; one row per unknown or missing property, like Issue."""
    rows: set[tuple[str, str, str]] = set()
    for e in validator.iter_errors(payload):
        path, keyword = pointer(e.absolute_path), str(e.validator)
        # The failing JSON: set for both keywords read here (jsonschema types them maybe-unset).
        schema: Any = e.schema
        instance: Any = e.instance
        expected: Any = e.validator_value
        if keyword == "additionalProperties":
            known = schema.get("properties", {})
            rows.update((path, keyword, repr(k)) for k in instance if k not in known)
        elif keyword == "required":
            rows.update((path, keyword, repr(r)) for r in expected if r not in instance)
        else:
            rows.add((path, keyword, ""))
    return rows


class Agreement:
    """Runs the generated validator and jsonschema on a payload and insists they agree."""

    def __init__(self, references: dict[str, jsonschema.Draft202012Validator]) -> None:
        import ccc
        from ccc.validators import get_call_detail_record as module

        self.references = references
        self.ccc = ccc
        # (fast path, exact decision, collecting path) per variant; lenient derives from strict
        self.fast = {"strict": module.STRICT[0], "lenient": module.LENIENT[0]}
        self.decide = {"strict": module.STRICT[1], "lenient": module.LENIENT[1]}
        self.checked = 0
        self.invalid = {"strict": 0, "lenient": 0}
        # A captured error answer is checked against the error envelope instead (by design).
        self.envelopes = {
            variant: jsonschema.Draft202012Validator(
                json.loads((SCHEMAS / f"ErrorResponse{suffix}.schema.json").read_text("utf-8"))
            )
            for variant, suffix in (("strict", ""), ("lenient", ".lenient"))
        }
        self.is_error: Callable[[Any], bool] = lambda p: (
            ccc.validators.ERROR_ENVELOPE.code(p, ("Data",)) is not None
        )

    def __call__(self, payload: Any) -> None:
        for variant, reference in self.references.items():
            strict = variant == "strict"
            expected = detailed_reference(reference, payload)
            success_valid = not expected
            if self.is_error(payload):
                expected = detailed_reference(self.envelopes[variant], payload)
                expected.add(("", "errorResponse", ""))
            issues = self.ccc.validate_response(OPERATION, payload, strict=strict)
            got = {
                (
                    i.path,
                    i.keyword,
                    repr(i.actual) if i.keyword in ("additionalProperties", "required") else "",
                )
                for i in issues
            }
            assert got == expected, (
                f"{variant}: validator {sorted(got)} != jsonschema {sorted(expected)}"
            )
            assert len(issues) == len(got), f"{variant}: duplicate issues {issues}"
            valid = success_valid
            assert self.ccc.is_valid_response(OPERATION, payload, strict=strict) is valid
            assert self.decide[variant](payload) is valid, f"{variant}: exact decision differs"
            if self.fast[variant](payload):
                assert valid, f"{variant}: the fast path accepted an invalid payload"
            self.invalid[variant] += not valid
        self.checked += 1


@pytest.fixture(scope="session")
def agreement(references: dict[str, jsonschema.Draft202012Validator]) -> Agreement:
    return Agreement(references)
