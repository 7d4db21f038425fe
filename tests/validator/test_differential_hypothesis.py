"""The generated validator against jsonschema (Draft 2020-12) on payloads hypothesis draws:
instances of the generated strict and lenient schemas (valid in the schema drawn from), the same
with one value anywhere in them replaced by arbitrary JSON, and arbitrary JSON as the whole
payload. Each schema payload is checked under both schemas (conftest's `agreement`: the same
verdict and set of (path, keyword) errors as jsonschema), 300 examples a test, derandomized so a
run is repeatable.

The strategies are schema_strategy.py's, our own; test_hypothesis_jsonschema.py draws from
hypothesis-jsonschema instead.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from validator.mutants import _get, _paths
from validator.schema_strategy import HYPOTHESIS, from_schema, json_values


@pytest.fixture(scope="module")
def strategies(schemas: dict[str, dict[str, Any]]) -> dict[str, st.SearchStrategy[Any]]:
    return {variant: from_schema(schema) for variant, schema in schemas.items()}


@pytest.mark.parametrize("variant", ["strict", "lenient"])
def test_hypothesis_schema_payloads(variant: str, strategies: Any, agreement: Any) -> None:
    """Payloads hypothesis-jsonschema draws from each schema: valid in it, and in the other?"""

    @HYPOTHESIS
    @given(payload=strategies[variant])
    def check(payload: Any) -> None:
        assert agreement.references[variant].is_valid(payload)
        agreement(payload)

    check()


@pytest.mark.parametrize("variant", ["strict", "lenient"])
def test_hypothesis_mutations(variant: str, strategies: Any, agreement: Any) -> None:
    """A schema payload with one value anywhere in it replaced by arbitrary JSON."""

    @HYPOTHESIS
    @given(payload=strategies[variant], data=st.data())
    def check(payload: Any, data: st.DataObject) -> None:
        paths = [p for p in _paths(payload) if p]
        if paths:
            path = data.draw(st.sampled_from(paths))
            _get(payload, path[:-1])[path[-1]] = data.draw(json_values)
        agreement(payload)

    check()


@HYPOTHESIS
@given(payload=json_values)
def test_hypothesis_arbitrary_json(payload: Any) -> None:
    """Any JSON at all as the whole payload: mostly `type` at "", never a crash."""
    import ccc

    issues = ccc.validate_response("GetCallDetailRecord", payload)
    if not isinstance(payload, dict):
        assert [(i.path, i.keyword) for i in issues] == [("", "type")]
