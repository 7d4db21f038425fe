"""Conditions of the emitted code as data: small typed nodes rendered to Python source.

Negation is structural (`negate`), so no emitted text is ever parsed back; `uses` counts how
often a condition reads its subject (a value read once may be read in place, `x["A"]`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TypeIs:
    """`type(x) is int` (exact type: no bool for int, no subclass)."""

    subject: str
    python_type: str
    negated: bool = False


@dataclass(frozen=True)
class IsNone:
    subject: str
    negated: bool = False


@dataclass(frozen=True)
class Flag:
    """A boolean variable, e.g. `strict`."""

    name: str
    negated: bool = False


@dataclass(frozen=True)
class InSet:
    """`x in _ENUM_CONTACT_TYPE`, `"Data" in x`: membership."""

    subject: str
    constant: str
    negated: bool = False


@dataclass(frozen=True)
class Between:
    """`low <= x <= high`, either bound optional (both literals, already rendered)."""

    subject: str
    low: str | None
    high: str | None


@dataclass(frozen=True)
class Calls:
    """`_valid_agent_event(x)`, `accepts(x, _RULE_INT64)`: a check of its own."""

    function: str
    subject: str
    arguments: tuple[str, ...] = ()


@dataclass(frozen=True)
class And:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    inner: Condition


Condition = TypeIs | IsNone | Flag | InSet | Between | Calls | And | Or | Not


def all_of(parts: list[Condition]) -> Condition:
    """The condition that every part holds (the part itself when alone)."""
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def any_of(parts: list[Condition]) -> Condition:
    """The condition that some part holds (the part itself when alone)."""
    return parts[0] if len(parts) == 1 else Or(tuple(parts))


def negate(condition: Condition) -> Condition:
    """The negation of `condition`, pushed inward so the code stays flat."""
    if isinstance(condition, (TypeIs, IsNone, InSet, Flag)):
        return _flip(condition)
    if isinstance(condition, Not):
        return condition.inner
    return Not(condition)


def _flip(atom: TypeIs | IsNone | InSet | Flag) -> Condition:
    if isinstance(atom, Flag):
        return Flag(atom.name, not atom.negated)
    if isinstance(atom, TypeIs):
        return TypeIs(atom.subject, atom.python_type, not atom.negated)
    if isinstance(atom, IsNone):
        return IsNone(atom.subject, not atom.negated)
    return InSet(atom.subject, atom.constant, not atom.negated)


def uses(condition: Condition) -> int:
    """How many times the rendered condition reads its subject."""
    if isinstance(condition, Flag):
        return 0
    if isinstance(condition, (And, Or)):
        return sum(uses(p) for p in condition.parts)
    if isinstance(condition, Not):
        return uses(condition.inner)
    return 1


def on(condition: Condition, subject: str) -> Condition:
    """The same condition on another subject (e.g. `x["A"]` in place of `v0`)."""
    if isinstance(condition, And):
        return And(tuple(on(p, subject) for p in condition.parts))
    if isinstance(condition, Or):
        return Or(tuple(on(p, subject) for p in condition.parts))
    if isinstance(condition, Not):
        return Not(on(condition.inner, subject))
    if isinstance(condition, TypeIs):
        return TypeIs(subject, condition.python_type, condition.negated)
    if isinstance(condition, IsNone):
        return IsNone(subject, condition.negated)
    if isinstance(condition, InSet):
        return InSet(subject, condition.constant, condition.negated)
    if isinstance(condition, Between):
        return Between(subject, condition.low, condition.high)
    if isinstance(condition, Flag):
        return condition
    return Calls(condition.function, subject, condition.arguments)


def render(condition: Condition) -> str:
    """Python source; `and`/`or` operands that are themselves compound get parentheses."""
    if isinstance(condition, TypeIs):
        return f"type({condition.subject}) is {'not ' if condition.negated else ''}{condition.python_type}"
    if isinstance(condition, IsNone):
        return f"{condition.subject} is {'not ' if condition.negated else ''}None"
    if isinstance(condition, Flag):
        return f"{'not ' if condition.negated else ''}{condition.name}"
    if isinstance(condition, InSet):
        return f"{condition.subject} {'not in' if condition.negated else 'in'} {condition.constant}"
    if isinstance(condition, Between):
        parts = [condition.low, condition.subject, condition.high]
        return " <= ".join(p for p in parts if p is not None)
    if isinstance(condition, Calls):
        return f"{condition.function}({', '.join((condition.subject, *condition.arguments))})"
    if isinstance(condition, Not):
        inner = render(condition.inner)
        return f"not {inner}" if isinstance(condition.inner, Calls) else f"not ({inner})"
    joiner = " and " if isinstance(condition, And) else " or "
    return joiner.join(
        f"({render(p)})" if isinstance(p, (And, Or)) else render(p) for p in condition.parts
    )
