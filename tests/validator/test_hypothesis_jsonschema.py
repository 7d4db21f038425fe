"""Payloads drawn by hypothesis-jsonschema from the generated schemas themselves.

Independent of the hand-written strategy in schema_strategy.py: hypothesis-jsonschema reads
the schema and draws instances of it (for the lenient schema these carry unknown fields and
free enum values), and each instance is checked under BOTH variants, so lenient draws are a
source of strict-invalid payloads too.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

DRAWS = settings(
    max_examples=250,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("variant", ["strict", "lenient"])
def test_hypothesis_jsonschema_payloads_agree(
    variant: str, schemas: dict[str, dict[str, Any]], agreement: Any
) -> None:
    strategy: st.SearchStrategy[Any] = from_schema(schemas[variant])
    before = dict(agreement.invalid)

    @DRAWS
    @given(payload=strategy)
    def check(payload: Any) -> None:
        assert agreement.references[variant].is_valid(payload)
        agreement(payload)  # both variants: verdict and (path, keyword) set as jsonschema

    check()
    if variant == "lenient":
        # Drawn from the lenient schema, some payloads must be invalid under the strict one.
        assert agreement.invalid["strict"] > before["strict"]
