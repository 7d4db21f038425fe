# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/redact/api.py.
# Do not edit by hand: change the original and run `make generate`.
"""The Python side of `redact`, for the CLI and for any tool that writes captures (a future
`export-cdrs --redact` calls `Redactor.record` on each record before writing it).

    redactor = Redactor(key_from_environment("CCC_REDACT_KEY"), PII_FIELDS)
    safe = redactor.record("GetCallDetailRecord", payload)

Standard library only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from ...core.escapes import visible
from .keys import RedactKey
from .records import FieldPaths, PiiField, Redaction
from .standins import Standins

__all__ = ["PiiFields", "Redactor"]

PiiFields = Mapping[str, tuple[PiiField, ...]]
"""Operation name -> its personal fields, `((path, kind), ...)`."""


class Redactor:
    """Redacts records of any operation of `pii_fields` under one key; counts what it replaced."""

    def __init__(self, key: RedactKey | str | bytes, pii_fields: PiiFields) -> None:
        chosen = key if isinstance(key, RedactKey) else RedactKey(key)
        self.fingerprint = chosen.fingerprint()
        self._standins = Standins(chosen)
        self._paths = {op: FieldPaths(fields) for op, fields in pii_fields.items()}
        self._redactions: dict[str, Redaction] = {}

    def __repr__(self) -> str:
        return f"Redactor(<key>, {len(self._paths)} operations)"

    def fields(self, operation: str) -> FieldPaths:
        """The personal fields of `operation` (none for an operation without any)."""
        return self._paths.get(operation) or FieldPaths(())

    def record(self, operation: str, payload: Any) -> Any:
        """A copy of `payload` (a response of `operation`) with its personal values replaced."""
        redaction = self._redactions.get(operation)
        if redaction is None:
            redaction = self._redactions[operation] = Redaction(self._standins)
        return redaction.record(self.fields(operation), payload)

    def counts(self) -> dict[str, Counter[str]]:
        """Per operation, per dotted field path: how many values were replaced so far."""
        return {op: r.counts for op, r in self._redactions.items() if r.counts}

    def kind(self, operation: str, name: str) -> str:
        """The pii kind of the field `name` (dotted) of `operation`."""
        return self.fields(operation).kinds.get(name, "")

    def report_lines(self) -> list[str]:
        """Which fields were redacted so far and how many values of each, one line each (an
        operation, then its fields indented)."""
        lines: list[str] = []
        for operation, counts in sorted(self.counts().items()):
            lines.append(f"  {visible(operation)}")
            for name, count in sorted(counts.items()):
                kind = self.kind(operation, name)
                lines.append(f"    {visible(name)} ({kind}): {count} value(s)")
        return lines
