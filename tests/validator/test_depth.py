"""How deeply a valid payload can nest (`Node.max_depth`, each module's DEPTH), and the standard
library path of `validate_json` that relies on it instead of measuring a valid payload."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cccgen.emit.validator import compile_schema

STRING = {"type": "string"}


def closed(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "additionalProperties": False}


@pytest.mark.parametrize(
    ("schema", "depth"),
    [
        (STRING, 0),
        ({"type": ["string", "null"]}, 0),
        (closed(), 1),
        (closed(a=STRING), 1),
        (closed(a=closed(b={"type": "array", "items": STRING})), 3),
        ({"type": ["array", "object"], "items": closed(a=STRING), "additionalProperties": False}, 2),
        ({}, None),  # any value
        ({"type": "object"}, None),  # open to unknown members
        (closed(a={"type": "object", "properties": {}}), None),
        ({"type": "array"}, None),  # items of any kind
        (closed(a={"type": "array", "items": {}}), None),
    ],
)
def test_max_depth(schema: dict[str, Any], depth: int | None) -> None:
    assert compile_schema(schema).max_depth() == depth


def depth_of(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    return 0


def test_the_modules_state_their_depth(page_example: dict[str, Any]) -> None:
    from ccc.validators import get_call_detail_record as module

    strict, lenient = module.DEPTH
    assert strict is not None and depth_of(page_example) <= strict
    assert lenient is None  # the lenient schema takes unknown members of any depth


def test_the_standard_library_path_skips_measuring_only_where_the_schema_bounds_depth(
    page_example: dict[str, Any],
) -> None:
    import ccc
    from ccc.validators import _JSON

    stdlib = _JSON.without_msgspec()
    assert stdlib.accepter("GetCallDetailRecord") is None
    assert stdlib._plan("GetCallDetailRecord", True)[1] is not None
    assert stdlib._plan("GetCallDetailRecord", False)[1] is None
    data = json.dumps(page_example).encode()
    assert stdlib.validate("GetCallDetailRecord", data) == []
    # Nested past the parser's limit inside a valid shape: still refused, located.
    deep = dict(page_example, Data=dict(page_example["Data"], Extra="[" * 600 + "]" * 600))
    text = json.dumps(deep).replace('"' + "[" * 600 + "]" * 600 + '"', "[" * 600 + "]" * 600)
    for strict in (True, False):
        with pytest.raises(ccc.InvalidJSONError, match="nested too deeply"):
            stdlib.validate("GetCallDetailRecord", text, strict)
        assert not stdlib.is_valid("GetCallDetailRecord", text, strict)
