"""The hypothesis side of the differential tests: the settings they draw with, arbitrary JSON,
and a strategy for instances of a generated response schema.

The schema strategy is our own, small and only for the keywords the generated schemas use,
independent of hypothesis-jsonschema (which test_hypothesis_jsonschema.py draws from); shared
by test_differential_hypothesis.py and tests/fast_path/test_differential.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

HYPOTHESIS = settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


def _not_in(names: frozenset[str]) -> Callable[[str], bool]:
    """A filter bound to this schema's property names (not to a loop variable)."""
    return lambda key: key not in names


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Instances of a generated response schema (type, enum, bounds, properties, required,
    additionalProperties, items), with unknown properties where the schema allows them."""
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    options: list[st.SearchStrategy[Any]] = []
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for json_type in types:
        if json_type == "null":
            options.append(st.none())
        elif json_type == "string":
            options.append(st.text(max_size=12))
        elif json_type == "boolean":
            options.append(st.booleans())
        elif json_type in ("integer", "number"):
            # JSON bounds from the schema: every integer field of the generated schemas has both.
            low: Any = schema.get("minimum")
            high: Any = schema.get("maximum")
            options.append(st.integers(min_value=low, max_value=high))
            options.append(
                st.integers(min_value=max(low, -(2**53)), max_value=min(high, 2**53)).map(float)
            )
        elif json_type == "array":
            options.append(st.lists(from_schema(schema["items"]), max_size=3))
        elif json_type == "object":
            properties = schema.get("properties", {})
            required = schema.get("required", [])
            fixed = st.fixed_dictionaries(
                {name: from_schema(properties[name]) for name in required},
                optional={n: from_schema(s) for n, s in properties.items() if n not in required},
            )
            if schema.get("additionalProperties", True) is False:
                options.append(fixed)
            else:
                names = frozenset(properties)
                extra: st.SearchStrategy[dict[str, Any]] = st.dictionaries(
                    st.text(max_size=8).filter(_not_in(names)),
                    json_values,
                    max_size=2,
                )
                options.append(st.builds(lambda a, b: {**b, **a}, fixed, extra))
    return st.one_of(options)
