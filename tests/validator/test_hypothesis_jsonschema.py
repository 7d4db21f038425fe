"""Payloads drawn by hypothesis-jsonschema from the generated schemas themselves.

Independent of the hand-written strategy in schema_strategy.py: hypothesis-jsonschema reads
the schema and draws instances of it (for the lenient schema these carry unknown fields and
free enum values), and each instance is checked under BOTH variants, so lenient draws are a
source of strict-invalid payloads too.

And the cache that makes these draws affordable (subschema_cache.py): the same payloads with it
and without it, and no patch, no failure, where hypothesis-jsonschema has no builder it fits.
"""

from __future__ import annotations

import types
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from validator.subschema_cache import NAME, SubschemaCache

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


# --- the strategy per subschema (subschema_cache.py) -----------------------------------------

CLOSED = {"additionalProperties": False}  # no arbitrary JSON to draw: quick
NESTED = {  # objects in an object and in an array: subschemas the cache is asked for again
    "type": "object",
    "required": ["a"],
    "properties": {
        "a": {"type": "object", "properties": {"b": {"type": ["integer", "null"]}}, **CLOSED},
        "c": {
            "type": "array",
            "items": {"type": "object", "properties": {"d": {"enum": [1, 2]}}, **CLOSED},
        },
    },
    **CLOSED,
}


def _draws(schema: dict[str, Any]) -> list[str]:
    """The payloads hypothesis-jsonschema draws from `schema`, derandomized, in order."""
    drawn: list[str] = []

    @settings(DRAWS, max_examples=20)
    @given(payload=from_schema(schema))
    def collect(payload: Any) -> None:
        drawn.append(repr(payload))

    collect()
    return drawn


def test_the_cache_draws_what_hypothesis_jsonschema_draws(subschema_cache: SubschemaCache) -> None:
    """The same payloads, in the same order, with the session's cache in place and without it
    (where the cache is not usable, both runs are uncached: the same too)."""
    cached = _draws(NESTED)
    with subschema_cache.removed():
        assert not subschema_cache.installed
        uncached = _draws(NESTED)
    assert subschema_cache.installed is subschema_cache.usable
    assert cached == uncached
    assert len(set(cached)) > 15  # payloads of many shapes, not one drawn again


def _other_builds(schema: Any, alphabet: Any = None) -> Any:
    return object()


@pytest.mark.parametrize(
    "namespace",
    [{}, {NAME: "not a function"}, {NAME: _other_builds}, {NAME: lambda *args, **kwargs: None}],
    ids=["no name", "not callable", "another signature", "no keywords"],
)
def test_without_the_private_builder_nothing_is_patched(namespace: dict[str, Any]) -> None:
    """Another hypothesis-jsonschema (the builder gone, renamed or with other parameters): the
    cache is not usable, and installing it changes nothing and fails nothing."""
    module = types.ModuleType("elsewhere")
    module.__dict__.update(namespace)
    before = dict(module.__dict__)
    cache = SubschemaCache(module)
    assert not cache.usable
    assert cache.install() is False
    cache.remove()
    with cache.removed():
        pass
    assert module.__dict__ == before
    for absent in (SubschemaCache(None), SubschemaCache.of_installed("no_such_module_here")):
        assert not absent.usable and absent.install() is False and not absent.installed
        absent.remove()


def test_the_cache_builds_each_subschema_once() -> None:
    """Where the builder is found: one call per (schema, alphabet, formats), its strategy
    reused; schemas that differ only by True and 1 apart; put back as found on removal."""
    built: list[Any] = []

    def builder(schema: Any, *, alphabet: Any, custom_formats: Any) -> Any:
        built.append(schema)
        return object()

    module = types.ModuleType("found")
    module.__dict__[NAME] = builder
    cache = SubschemaCache(module)
    assert cache.usable and cache.install() and cache.installed
    build = module.__dict__[NAME]
    alphabet = object()
    first = build({"enum": [1]}, alphabet=alphabet, custom_formats=None)
    assert build({"enum": [1]}, alphabet=alphabet, custom_formats=None) is first
    assert build({"enum": [True]}, alphabet=alphabet, custom_formats=None) is not first
    assert build({"enum": [1]}, alphabet=object(), custom_formats=None) is not first
    assert built == [{"enum": [1]}, {"enum": [True]}, {"enum": [1]}]
    cache.remove()
    assert module.__dict__[NAME] is builder and not cache.installed
