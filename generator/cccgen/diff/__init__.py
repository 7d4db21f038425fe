"""Changes between two versions of a service spec, each marked breaking, compatible or info.

The principle: a change is **breaking** when something that worked with the old spec can fail
with the new one. Two things can fail:

1. data the spec judges: a request built, or a response captured, under the old spec that the
   new spec's validator (strict JSON Schema) would reject;
2. code written against the old generated package: a Python name that is gone or means
   something else, or a guarantee typed code relied on (a field always present, never null, of
   a given type).

So requests, an input contract, break only when they narrow what is accepted; widening them is
compatible. Responses are both a validation rule (narrowing breaks captured data) and a
guarantee (widening breaks consumers), so a change of a response field's presence, nullability
or type breaks in either direction. Generated enums are open, so an added enum value is
compatible on both sides. Text-only changes are **info**. A rename shows as a removal plus an
addition (the diff compares names).

The rules themselves, change by change and side by side, are one table: `cccgen.diff.rules`.
It decides each change's severity and is rendered as `cccgen diff --help` and spec/README.md.
Each module here detects one family of changes: service facts, errors, operations, fields and
types, enums.
"""

from __future__ import annotations

from cccgen import model as m
from cccgen.diff.errors import compare_errors
from cccgen.diff.fields import type_text
from cccgen.diff.operations import compare_operations
from cccgen.diff.record import RENAME_HINT, Change, Recorder
from cccgen.diff.rules import RULES, SEVERITIES, Rule, Severity
from cccgen.diff.service import compare_service_facts

__all__ = [
    "RENAME_HINT",
    "RULES",
    "SEVERITIES",
    "Change",
    "Rule",
    "Severity",
    "diff_services",
    "is_breaking",
    "type_text",
]


def diff_services(old: m.Service, new: m.Service) -> list[Change]:
    """Every change from `old` to `new`, in spec order (service, then each operation)."""
    rec = Recorder()
    compare_service_facts(rec, old, new)
    compare_errors(rec, f"{old.name}.errors", old.errors, new.errors)
    compare_operations(rec, old.operations, new.operations)
    return rec.changes


def is_breaking(changes: list[Change]) -> bool:
    """Whether any change would break existing callers."""
    return any(c.severity == "breaking" for c in changes)
