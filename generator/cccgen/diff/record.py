"""A change found by the diff, and the recorder that gives it its severity from the rules."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from cccgen import model as m
from cccgen.diff.rules import Rule, Severity, Side, rule_for

RENAME_HINT = "a rename shows as a removal plus an addition"


@dataclass(frozen=True)
class Change:
    kind: str  # e.g. "field-removed", "enum-value-added"
    severity: Severity
    operation: str | None  # None for service-level changes
    location: str  # dotted path: GetCallDetailRecord.response.Data.AgentEvents[].AgentId
    old: Any
    new: Any
    message: str
    rule: Rule = field(compare=False, repr=False)  # the table row that gave the severity

    def to_dict(self) -> dict[str, Any]:
        shown = asdict(self)
        del shown["rule"]
        return shown


class Recorder:
    """Collects changes in the order they are found; the operation being compared is context."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.operation: str | None = None

    def add(
        self,
        kind: str,
        location: str,
        old: Any,
        new: Any,
        message: str,
        *,
        side: Side = "any",
        what: str | None = None,
    ) -> None:
        rule = rule_for(kind, side, what)
        self.changes.append(
            Change(kind, rule.severity, self.operation, location, old, new, message, rule)
        )

    def add_description(
        self, at: str, old: m.Text | None, new: m.Text | None, message: str = "description changed"
    ) -> None:
        if old != new:
            self.add("description-changed", at, text(old), text(new), message)


def text(value: m.Text | None) -> dict[str, str] | None:
    """A bilingual text as the plain value a change carries."""
    return None if value is None else {"zh": value.zh, "en": value.en}
