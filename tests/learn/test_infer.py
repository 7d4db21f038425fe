"""Types inferred from the values seen, unioned over every capture."""

from __future__ import annotations

from typing import Any

from cccgen.learn.infer import MAX_DEPTH, Shape


def inferred(*values: Any) -> Any:
    shape = Shape()
    for value in values:
        shape.add(value)
    names: list[str] = []

    def claim(name: str) -> str:
        names.append(name)
        return name

    return shape.to_field("Model", claim)


def test_integers_are_int32_until_one_does_not_fit() -> None:
    assert inferred(1, -(2**31), 2**31 - 1) == {"type": "int32"}
    assert inferred(1, 2**31) == {"type": "int64"}
    assert inferred(-(2**31) - 1) == {"type": "int64"}


def test_scalars_and_their_unions() -> None:
    assert inferred("a") == {"type": "string"}
    assert inferred(True, False) == {"type": "boolean"}
    assert inferred(1.5) == {"type": "number"}
    assert inferred(1, 2.5) == {"type": "number"}
    assert inferred(2**40, 0.5) == {"type": "number"}
    assert inferred("1", 1) == {"type": "any"}
    assert inferred(True, 1) == {"type": "any"}  # a boolean is no integer


def test_nulls_make_a_field_nullable_and_only_nulls_say_nothing() -> None:
    assert inferred("a", None) == {"type": "string", "nullable": True}
    assert inferred(None, None) == {"type": "any"}


def test_objects_keep_every_field_of_every_capture_recursively() -> None:
    assert inferred({"A": 1, "B": {"C": "x"}}, {"A": 2**40, "B": {"D": None, "C": "y"}}) == {
        "type": "object",
        "model": "Model",
        "fields": {
            "A": {"type": "int64"},
            "B": {
                "type": "object",
                "model": "ModelB",
                "fields": {"C": {"type": "string"}, "D": {"type": "any"}},
            },
        },
    }


def test_arrays_union_their_items() -> None:
    assert inferred([1, 2], [3.5]) == {"type": "array", "items": {"type": "number"}}
    assert inferred([{"X": 1}], [{"Y": True}]) == {
        "type": "array",
        "items": {
            "type": "object",
            "model": "ModelItem",
            "fields": {"X": {"type": "int32"}, "Y": {"type": "boolean"}},
        },
    }
    assert inferred([]) == {"type": "array", "items": {"type": "any"}}
    assert inferred(["a", None]) == {"type": "array", "items": {"type": "any"}}


def test_python_names_are_set_where_the_derived_one_will_not_do() -> None:
    spec = inferred({"From": 1, "FooBar": 2, "Foo_Bar": 3})
    assert spec["fields"]["From"]["python_name"] == "from_"
    assert "python_name" not in spec["fields"]["FooBar"]
    assert spec["fields"]["Foo_Bar"]["python_name"] == "foo_bar_"


def test_names_the_spec_format_refuses_are_left_out_and_deep_nesting_is_any() -> None:
    shape = Shape()
    shape.add({"ok": 1, "bad name": 2, "\x1b[31m": 3})
    assert list(shape.fields) == ["ok"]
    assert shape.dropped == ["bad name", "\x1b[31m"]
    deep: Any = 1
    for _ in range(MAX_DEPTH + 5):
        deep = {"A": deep}
    spec = inferred(deep)
    depth = 0
    while spec["type"] == "object":
        spec, depth = spec["fields"]["A"], depth + 1
    assert spec == {"type": "any"} and depth == MAX_DEPTH
