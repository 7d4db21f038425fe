"""Fixtures for the validator tests: the generated schemas, jsonschema's verdicts, and a way to
compile a validator module from any schema for the compiler's own tests."""

from __future__ import annotations

import json
import pickle
import types
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cccgen.emit.validator import plan_modules, render_module
from cccgen.emit.validator.plan import Unit
from validator.subschema_cache import SubschemaCache

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "generated" / "ccc" / "schemas"
OPERATION = "GetCallDetailRecord"


@pytest.fixture(scope="session", autouse=True)
def subschema_cache() -> Iterator[SubschemaCache]:
    """hypothesis-jsonschema's strategy per subschema built once for the session, not on every
    draw (subschema_cache.py: why, and why through a private function). Where the installed
    hypothesis-jsonschema has no such function with the signature the cache is written for,
    nothing is patched and nothing fails: the same payloads are drawn, uncached (slower)."""
    cache = SubschemaCache.of_installed()
    cache.install()
    yield cache
    cache.remove()


ErrorSet = set[tuple[str, str]]
_PROTOCOL = 5  # fixed: the memo's keys do not depend on the interpreter's default


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


# An error jsonschema found in a value, with its path and schema path relative to that value.
_Noted = tuple[jsonschema.ValidationError, tuple[Any, ...], tuple[Any, ...]]


class _Memo:
    """The values a memoised reference has met, per subschema: the valid ones (kept) and the
    errors of the others (only the latest `FAULTS`: a mutated value seldom comes back in
    another payload, and a few hundred thousand kept errors made each of Python's full garbage
    collections slow)."""

    FAULTS = 4096
    TEXT = 4096  # a value whose pickle is longer is validated afresh: bounded memory

    def __init__(self) -> None:
        self.valid: set[tuple[int, bytes]] = set()
        self.faults: dict[tuple[int, bytes], list[_Noted]] = {}


class _Descent:
    """What jsonschema's `properties` and `items` keywords use of their validator (`is_type`,
    `descend`), with `descend` remembered: see `memoised_reference`."""

    __slots__ = ("_memo", "_validator")

    def __init__(self, validator: Any, memo: _Memo) -> None:
        self._validator = validator
        self._memo = memo

    def __getattr__(self, name: str) -> Any:
        return getattr(self._validator, name)

    def is_type(self, instance: Any, type: str) -> bool:
        return bool(self._validator.is_type(instance, type))

    def descend(
        self,
        instance: Any,
        schema: Any,
        path: Any = None,
        schema_path: Any = None,
        resolver: Any = None,
    ) -> Iterator[jsonschema.ValidationError]:
        memo = self._memo
        try:
            # pickle, not repr (three to six times its cost on these payloads): the bytes give
            # the value back, so equal bytes are equal values (1, 1.0, True, -0.0 and the order
            # of keys stay apart); an equal value shared otherwise only gets bytes of its own.
            text = pickle.dumps(instance, _PROTOCOL)
        except RecursionError:  # nested too deep for pickle: not remembered
            text = b""
        key = (id(schema), text) if text and len(text) <= memo.TEXT else None
        if key is not None and key in memo.valid:
            return
        known = memo.faults.get(key) if key is not None else None
        if known is None:  # jsonschema decides: its errors pass on, their paths noted first
            found: list[_Noted] = []
            for error in self._validator.descend(instance, schema, resolver=resolver):
                found.append((error, tuple(error.path), tuple(error.schema_path)))
                if path is not None:  # prefixed in place, as jsonschema's descend does
                    error.path.appendleft(path)
                if schema_path is not None:
                    error.schema_path.appendleft(schema_path)
                yield error
            if key is not None and not found:  # here once all were met (not if a caller stopped)
                memo.valid.add(key)
            elif key is not None:
                if len(memo.faults) >= memo.FAULTS:
                    memo.faults.clear()
                memo.faults[key] = found
            return
        for error, relative, schema_relative in known:
            # A copy of the error met before (its paths as they were here), on the instance
            # validated now: an equal value, maybe not the same one.
            kind: Any = error.__class__
            copied = kind.__new__(kind)
            copied.__dict__.update(error.__dict__)
            copied.path = copied.relative_path = deque(relative)
            copied.schema_path = copied.relative_schema_path = deque(schema_relative)
            here = instance
            for part in relative:
                here = here[part]
            copied.instance = here
            if path is not None:
                copied.path.appendleft(path)
            if schema_path is not None:
                copied.schema_path.appendleft(schema_path)
            yield copied


def memoised_reference(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    """jsonschema's Draft 2020-12 validator for `schema`, remembering the errors of each
    (subschema, value) it descends into through `properties` and `items`.

    jsonschema's errors for a value under a subschema depend on nothing else (these schemas
    have no `$ref`), and the differential tests meet the same values again and again: a mutant
    differs from its example in one to four places, and the large example repeats one agent
    event twenty times. jsonschema still decides every value it has not met under that
    subschema; a value met before (equal pickle) gets a copy of its errors, on its own instance.
    `test_the_memoised_reference_is_jsonschema` checks the two agree."""
    draft = jsonschema.Draft202012Validator
    memo = _Memo()

    def remembering(keyword: str) -> Callable[..., Any]:
        original = draft.VALIDATORS[keyword]

        def run(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
            return original(_Descent(validator, memo), value, instance, schema)

        return run

    extend: Callable[..., Any] = jsonschema.validators.extend  # untyped in jsonschema
    cls = extend(draft, {"properties": remembering("properties"), "items": remembering("items")})
    validator: jsonschema.protocols.Validator = cls(schema)
    return validator


@pytest.fixture(scope="session")
def references(schemas: dict[str, dict[str, Any]]) -> dict[str, jsonschema.protocols.Validator]:
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    return {variant: memoised_reference(s) for variant, s in schemas.items()}


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


DRIFT = frozenset({"enum", "additionalProperties"})  # what a lenient schema leaves out
_VALIDATING = DRIFT | {"type", "minimum", "maximum", "properties", "required", "items"}
_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "examples"})


def _checks(schema: dict[str, Any], drift: bool) -> dict[str, Any]:
    """The validating keywords of `schema`, recursively (its annotations left out, and its
    drift keywords too unless `drift`); any keyword of another kind fails."""
    assert isinstance(schema, dict), schema
    unknown = set(schema) - _VALIDATING - _ANNOTATIONS
    assert not unknown, f"keywords the lenient rows are not derived for: {sorted(unknown)}"
    assert schema.get("additionalProperties", False) is False, "only additionalProperties: false"
    kept: dict[str, Any] = {}
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS or (keyword in DRIFT and not drift):
            continue
        if keyword == "properties":
            value = {name: _checks(child, drift) for name, child in value.items()}
        elif keyword == "items":
            value = _checks(value, drift)
        kept[keyword] = value
    return kept


def assert_lenient_is_strict_without_drift(strict: Any, lenient: Any) -> None:
    """`lenient` checks what `strict` checks but `enum` and `additionalProperties` (false),
    with no keyword but type, bounds, enum, properties, required, additionalProperties and
    items: no applicator (anyOf, oneOf, not, if), no `$ref`, nothing unevaluated.

    Then jsonschema's errors under `lenient` are exactly its errors under `strict` but those
    of `enum` and `additionalProperties` (see `lenient_rows`): each of these keywords yields
    errors for its own value and instance alone, `properties` and `items` descend whatever
    their siblings find, and `additionalProperties: false` descends into nothing."""
    assert _checks(lenient, drift=True) == _checks(strict, drift=False), (
        "the lenient schema is not the strict one without enum and additionalProperties"
    )


def lenient_rows(strict_rows: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """jsonschema's rows under the lenient schema, from its rows under the strict one (see
    `assert_lenient_is_strict_without_drift`; `test_the_lenient_rows_are_jsonschemas_own`
    compares them with jsonschema's own run of the lenient schema)."""
    return {row for row in strict_rows if row[1] not in DRIFT}


class Agreement:
    """Runs the generated validator and jsonschema on a payload and insists they agree.

    jsonschema runs once per payload, under the strict schema: its verdict under the lenient
    one is derived from that run (`lenient_rows`), the lenient schema being checked here to
    be the strict one without the drift keywords."""

    def __init__(self, references: dict[str, jsonschema.protocols.Validator]) -> None:
        import ccc
        from ccc.validators import get_call_detail_record as module

        self.references = references
        assert_lenient_is_strict_without_drift(
            references["strict"].schema, references["lenient"].schema
        )
        self.ccc = ccc
        # (fast path, exact decision, collecting path) per variant; lenient derives from strict
        self.fast = {"strict": module.STRICT[0], "lenient": module.LENIENT[0]}
        self.decide = {"strict": module.STRICT[1], "lenient": module.LENIENT[1]}
        self.checked = 0
        self.invalid = {"strict": 0, "lenient": 0}
        # A captured error answer is checked against the error envelope instead (by design).
        envelopes = {
            variant: json.loads((SCHEMAS / f"ErrorResponse{suffix}.schema.json").read_text("utf-8"))
            for variant, suffix in (("strict", ""), ("lenient", ".lenient"))
        }
        assert_lenient_is_strict_without_drift(envelopes["strict"], envelopes["lenient"])
        self.envelope = memoised_reference(envelopes["strict"])
        self.is_error: Callable[[Any], bool] = lambda p: (
            ccc.validators.ERROR_ENVELOPE.code(p, ("Data",)) is not None
        )

    def __call__(self, payload: Any) -> None:
        success = detailed_reference(self.references["strict"], payload)  # strict rows
        envelope = None
        if self.is_error(payload):
            envelope = detailed_reference(self.envelope, payload) | {("", "errorResponse", "")}
        for variant in ("strict", "lenient"):
            strict = variant == "strict"
            # The success schema's verdict, and the rows expected (the envelope's if it is one).
            valid = not (success if strict else lenient_rows(success))
            expected = success if envelope is None else envelope
            if not strict:
                expected = lenient_rows(expected)
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
            assert self.ccc.is_valid_response(OPERATION, payload, strict=strict) is valid
            assert self.decide[variant](payload) is valid, f"{variant}: exact decision differs"
            if self.fast[variant](payload):
                assert valid, f"{variant}: the fast path accepted an invalid payload"
            self.invalid[variant] += not valid
        self.checked += 1


@pytest.fixture(scope="session")
def agreement(references: dict[str, jsonschema.protocols.Validator]) -> Agreement:
    return Agreement(references)
