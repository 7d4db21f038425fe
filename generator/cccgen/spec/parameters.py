"""The field keys that depend on where a field is: request parameters (`in`, `style`, arrays and
objects sent as JSON text), bounds (`minimum`, `maximum`), `pii` and `type: any`. Each problem is
reported at the key that says it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from cccgen import model as m
from cccgen.spec.yaml_source import PathKey

Report = Callable[[PathKey, str], None]
Role = Literal["parameter", "request", "response"]  # a top-level request field, nested, or not


def field_keys(
    spec: dict[str, Any], kind: str, role: Role, path: PathKey, report: Report
) -> tuple[Literal["query", "body"], Literal["json"] | None]:
    """Check `in` and `style` (request parameters only; arrays and objects need `style: json`);
    return the field's `in` and `style`."""
    for key in ("in", "style"):
        if key in spec and role != "parameter":
            report((*path, key), f"`{key}` is only allowed on request parameters (request.fields)")
    in_: Literal["query", "body"] = "body" if spec.get("in") == "body" else "query"
    style: Literal["json"] | None = "json" if spec.get("style") == "json" else None
    if role == "parameter" and kind in ("object", "array") and style is None:
        report(
            (*path, "type"),
            f"a request parameter of type {kind} needs `style: json` (it travels as one "
            "parameter holding its JSON text)",
        )
    return in_, style


def any_keys(spec: dict[str, Any], in_request: bool, path: PathKey, report: Report) -> None:
    """`type: any` (any JSON value): response fields only, and no enum."""
    if in_request:
        report((*path, "type"), "type any is only allowed in responses")
    if "enum" in spec:
        report((*path, "enum"), "an enum needs a typed field, not any")


def bounds(
    spec: dict[str, Any], kind: str, path: PathKey, report: Report
) -> tuple[int | float | None, int | float | None]:
    """The field's own `minimum` and `maximum`: numbers only, integers on integer types, within
    the type's range, minimum not above maximum. (None, None) when absent or wrong."""
    found: dict[str, int | float | None] = {"minimum": None, "maximum": None}
    for key in found:
        if key not in spec:
            continue
        value = spec[key]
        if kind not in m.NUMBER_KINDS:
            report((*path, key), f"`{key}` is only allowed on int32, int64 and number, not {kind}")
            continue
        if kind in m.INT_BOUNDS:
            low, high = m.INT_BOUNDS[kind]
            if isinstance(value, float) and not value.is_integer():
                report((*path, key), f"{value!r} is not an integer, as {kind} values are")
                continue
            value = int(value)
            if not low <= value <= high:
                report((*path, key), f"{value} is out of range for {kind}")
                continue
        found[key] = value
    low_value, high_value = found["minimum"], found["maximum"]
    if low_value is not None and high_value is not None and low_value > high_value:
        report((*path, "minimum"), f"minimum {low_value} is above maximum {high_value}")
        return None, None
    return low_value, high_value


def pii_kind(spec: dict[str, Any], kind: str, path: PathKey, report: Report) -> str | None:
    """The field's `pii:` kind: one of `model.PII_KINDS`, on a string field (or string items)
    only, so that `redact` can always put a string of the same kind in its place."""
    if "pii" not in spec:
        return None
    value = spec["pii"]
    if kind != "string":
        where = "its `items`" if kind == "array" else "a string field"
        report(
            (*path, "pii"), f"`pii` is only allowed on string fields, not {kind}; put it on {where}"
        )
        return None
    if value not in m.PII_KINDS:
        report((*path, "pii"), f"unknown pii kind {value!r}; known kinds: {', '.join(m.PII_KINDS)}")
        return None
    return str(value)
