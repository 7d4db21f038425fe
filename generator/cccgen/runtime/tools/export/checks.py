"""Each answer an export receives, checked against the spec as it arrives: the issues of each
record counted and located at its line of the output, the unknown fields and enum values
gathered into the drift summary that ``validate`` prints. Standard library only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ...core.escapes import visible
from ...core.issues import Issue
from ..validate.drift import DriftCollector
from ..validate.failures import pointer_pattern
from ..validate.reports import DriftEntry, clip

__all__ = ["AnswerChecks", "Validate"]

Validate = Callable[[str, object], Sequence[Issue]]
"""``validate(operation, body)``: every issue, strict (unknown fields and values included)."""
_SHOWN = 20  # invalid records listed one by one; the rest are only counted


@dataclass
class AnswerChecks:
    """Counts valid and invalid records; keeps the first findings and the drift."""

    validate: Validate | None
    output_name: str
    valid: int = 0
    invalid: int = 0
    findings: list[str] = field(default_factory=list)
    drift: DriftCollector = field(default_factory=DriftCollector)

    def check(self, operation: str, body: object, prefix: str, lines: Sequence[int | None]) -> None:
        """Check one answer whose records lie at ``prefix<i>`` (a prefix ending in ``/``), or
        whose one record is ``prefix``, and will be written at output ``lines`` (1-based; None
        for a record not written, a call listed twice: neither counted nor reported)."""
        written = [i for i, line in enumerate(lines) if line is not None]
        if self.validate is None or not written:
            return
        issues = self.validate(operation, body)
        by_record: dict[int, list[Issue]] = {}
        for issue in issues:
            index = self._record_of(issue.path, prefix, len(lines))
            # An issue of the envelope (-1) is told at the answer's first written record.
            index = written[0] if index < 0 else index
            if lines[index] is not None:
                by_record.setdefault(index, []).append(issue)
        self.invalid += len(by_record)
        self.valid += len(written) - len(by_record)
        mistyped = {i.path for i in issues if i.keyword == "type"}
        for index, found in sorted(by_record.items()):
            line = lines[index]
            assert line is not None
            where = (self.output_name, line, 1)
            for issue in found:
                pattern = pointer_pattern(body, issue.path)
                if issue.keyword == "additionalProperties" and isinstance(issue.actual, str):
                    escaped = issue.actual.replace("~", "~0").replace("/", "~1")
                    self.drift.add(
                        "unknown field", operation, f"{pattern}/{escaped}", issue.actual, where
                    )
                elif issue.keyword == "enum" and issue.path not in mistyped:
                    self.drift.add("unknown enum value", operation, pattern, issue.actual, where)
                if len(self.findings) < _SHOWN:
                    self.findings.append(
                        f"{visible(self.output_name)}:{line}: error: "
                        + visible(f"{issue.path or '/'}: {issue.keyword}: {clip(issue.message)}")
                    )

    @staticmethod
    def _record_of(path: str, prefix: str, count: int) -> int:
        if not prefix.endswith("/"):
            return 0  # one record per answer
        if not path.startswith(prefix):
            return -1
        index = path[len(prefix) :].split("/", 1)[0]
        return int(index) if index.isdigit() and int(index) < count else -1

    def drift_entries(self) -> list[DriftEntry]:
        return list(self.drift.entries.values())
