# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/validation.py.
# Do not edit by hand: change the original and run `make generate`.
"""What the generated response validators share: JSON Schema's type and equality rules, and
the `Issue` each failed keyword produces.

The generated validators decide everything they can with exact-type checks inlined in the
module; these helpers are for the collecting path only, where the payload is already known to
be invalid (or unusual, like `1.0` where an integer belongs) and clarity beats speed.

The rules follow JSON Schema draft 2020-12 as the `jsonschema` library applies it:
- `true`/`false` are neither integers nor numbers, though Python's `bool` is an `int`;
- a float with an integral value (`1.0`) is an integer; NaN and the infinities are not;
- `enum` compares as JSON does: `1 == 1.0`, but `true != 1` and `false != 0`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Number
from typing import Any

from .issues import Issue

_PREVIEW = 60  # characters of a value shown in a message


def is_integer(value: object) -> bool:
    """JSON Schema `integer`: an int that is not a bool, or a float with an integral value."""
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int)


def is_number(value: object) -> bool:
    """JSON Schema `number`: any number but a bool (NaN and the infinities included)."""
    kind = type(value)
    if kind is int or kind is float:
        return True
    if kind is str or kind is bool or value is None:
        return False  # the usual wrong types answered without the (slow) ABC check
    return isinstance(value, Number)


def json_equal(one: object, two: object) -> bool:
    """Equality as JSON Schema's `enum` and `const` mean it: no bool/int confusion, at any depth."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(json_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and json_equal(value, two[key]) for key, value in one.items()
        )
    if isinstance(one, bool) or isinstance(two, bool):
        return False  # `one is two` already matched equal booleans
    return bool(one == two)


def enum_has(values: tuple[Any, ...], value: object) -> bool:
    """Whether `value` equals one of `values` in the sense of `json_equal`."""
    return any(json_equal(each, value) for each in values)


def escape_token(token: str) -> str:
    """One reference token of a JSON Pointer (RFC 6901): `~` becomes `~0`, `/` becomes `~1`."""
    return token.replace("~", "~0").replace("/", "~1")


def preview(value: object) -> str:
    """A short, safe rendering of any payload value for a message.

    Never recurses into containers (a deeply nested value cannot blow the stack) and never
    prints more than a line's worth of a long string.
    """
    if isinstance(value, dict):
        count = len(value)
        return f"an object with {count} propert{'y' if count == 1 else 'ies'}"
    if isinstance(value, list):
        count = len(value)
        return f"an array of {count} item{'' if count == 1 else 's'}"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        text = repr(value[: _PREVIEW + 1])
        return text if len(value) <= _PREVIEW else text[:-1] + "…" + text[-1]
    if isinstance(value, int) and value.bit_length() > 3 * _PREVIEW:
        # repr of a huge int is slow, and refused beyond sys.get_int_max_str_digits()
        return f"an integer of {value.bit_length()} bits"
    if isinstance(value, (int, float)):
        text = repr(value)
        return text if len(text) <= _PREVIEW else text[:_PREVIEW] + "…"
    return f"a {type(value).__name__}"


def _expected_types(expected: str | tuple[str, ...]) -> str:
    names = (expected,) if isinstance(expected, str) else expected
    return " or ".join(names)


def type_issue(
    path: str, expected: str | tuple[str, ...], value: object, description: str | None
) -> Issue:
    """The issue for a value of the wrong JSON type."""
    message = f"{preview(value)} is not of type {_expected_types(expected)}"
    return Issue(path, "type", message, expected, value, description)


def enum_issue(
    path: str,
    expected: tuple[Any, ...],
    value: object,
    description: str | None,
    shown: str | None = None,
) -> Issue:
    """`shown`: the values as the message lists them, when already known (`Rule.shown`)."""
    if shown is None:
        shown = ", ".join(preview(each) for each in expected)
    message = f"{preview(value)} is not one of the known values: {shown}"
    return Issue(path, "enum", message, expected, value, description)


def minimum_issue(path: str, minimum: float, value: object, description: str | None) -> Issue:
    """The issue for a number below its minimum."""
    message = f"{preview(value)} is less than the minimum of {minimum!r}"
    return Issue(path, "minimum", message, minimum, value, description)


def maximum_issue(path: str, maximum: float, value: object, description: str | None) -> Issue:
    """The issue for a number above its maximum."""
    message = f"{preview(value)} is greater than the maximum of {maximum!r}"
    return Issue(path, "maximum", message, maximum, value, description)


def required_issue(
    path: str, required: tuple[str, ...], name: str, description: str | None
) -> Issue:
    """The issue for a missing required property."""
    message = f"required property {name!r} is missing"
    return Issue(path, "required", message, required, name, description)


def has_required(x: dict[str, Any], required: tuple[str, ...]) -> bool:
    """Whether `x` has every name in `required` (one call instead of a test per name)."""
    for name in required:  # noqa: SIM110 - a plain loop: all() over a generator is slower
        if name not in x:
            return False
    return True


def required_issues(
    issues: list[Issue],
    path: str,
    x: dict[str, Any],
    required: tuple[str, ...],
    descriptions: tuple[str | None, ...],
) -> None:
    """Append the issue of every name in `required` that `x` lacks, in order; `descriptions`
    holds each name's field description."""
    for name, description in zip(required, descriptions, strict=True):
        if name not in x:
            issues.append(required_issue(path, required, name, description))


def additional_issue(path: str, name: object, description: str | None) -> Issue:
    """The issue for a property the schema does not allow."""
    message = f"unknown property {preview(name)} is not allowed"
    return Issue(path, "additionalProperties", message, False, name, description)


# --- what the compiled collecting paths call ------------------------------------------------

_TYPE_TESTS: dict[str, Callable[[object], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": is_integer,
    "number": is_number,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


@dataclass(frozen=True, slots=True)
class Rule:
    """A value's own keywords: its type(s), enum and bounds (properties and items are compiled)."""

    expected: str | tuple[str, ...]
    enum: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    # Worked out once, not per value: the type tests, and the enum as a message lists it.
    tests: tuple[Callable[[object], bool], ...] = field(default=(), init=False, compare=False)
    shown: str | None = field(default=None, init=False, compare=False)

    def __post_init__(self) -> None:
        types = (self.expected,) if isinstance(self.expected, str) else self.expected
        object.__setattr__(self, "tests", tuple(_TYPE_TESTS[t] for t in types))
        if self.enum is not None:
            object.__setattr__(self, "shown", ", ".join(preview(each) for each in self.enum))


def check_value(
    issues: list[Issue],
    path: str,
    value: object,
    rule: Rule,
    description: str | None,
    strict: bool = True,
) -> None:
    """Append an Issue per keyword of `rule` that `value` fails, in jsonschema's order.
    `strict=False`: the lenient schema's keywords (no `enum`)."""
    for test in rule.tests:
        if test(value):
            break
    else:
        issues.append(type_issue(path, rule.expected, value, description))
    enum = rule.enum
    if (
        strict
        and enum is not None
        and not (value in enum if type(value) is str else enum_has(enum, value))
    ):
        issues.append(enum_issue(path, enum, value, description, rule.shown))
    if (rule.minimum is not None or rule.maximum is not None) and is_number(value):
        if rule.minimum is not None and value < rule.minimum:  # type: ignore[operator]
            issues.append(minimum_issue(path, rule.minimum, value, description))
        if rule.maximum is not None and value > rule.maximum:  # type: ignore[operator]
            issues.append(maximum_issue(path, rule.maximum, value, description))


def accepts(value: object, rule: Rule, strict: bool = True) -> bool:
    """Whether `value` passes every keyword of `rule` (`check_value` would append nothing).
    The deciding path's yes or no: no Issue (and message) is built only to be dropped."""
    for test in rule.tests:  # a plain loop: any() over a generator costs a frame more
        if test(value):
            break
    else:
        return False
    enum = rule.enum
    if (
        strict
        and enum is not None
        and not (value in enum if type(value) is str else enum_has(enum, value))
    ):
        return False
    if is_number(value):
        if rule.minimum is not None and value < rule.minimum:  # type: ignore[operator]
            return False
        if rule.maximum is not None and value > rule.maximum:  # type: ignore[operator]
            return False
    return True


Checks = tuple[Callable[[Any], bool], Callable[[Any], bool], Callable[[Any, list[Issue]], None]]
"""A compiled schema's (fast path, exact decision, collecting path)."""


def variants(
    valid: Callable[[Any], bool],
    decide: Callable[[Any, bool], bool],
    collect: Callable[[Any, list[Issue], str | None, bool], None],
    descriptions: tuple[str | None, str | None],
    valid_lenient: Callable[[Any], bool],
) -> tuple[Checks, Checks]:
    """The strict and the lenient checks of one compiled strict schema.

    The lenient schema is the strict one without `enum` and `additionalProperties`: its
    deciding and collecting paths are the strict ones with `strict=False`, which leaves
    those keywords out. `descriptions`: each schema's root description (the one thing besides
    them that differs); `valid_lenient`: the lenient fast path (drift passes it).
    """
    strict_text, lenient_text = descriptions

    def decide_strict(payload: Any) -> bool:
        return decide(payload, True)

    def decide_lenient(payload: Any) -> bool:
        return decide(payload, False)

    def collect_strict(payload: Any, issues: list[Issue]) -> None:
        collect(payload, issues, strict_text, True)

    def collect_lenient(payload: Any, issues: list[Issue]) -> None:
        collect(payload, issues, lenient_text, False)

    return (valid, decide_strict, collect_strict), (valid_lenient, decide_lenient, collect_lenient)
