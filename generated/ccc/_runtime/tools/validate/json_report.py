# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/json_report.py.
# Do not edit by hand: change the original and run `make generate`.
"""The json report: one document `{"results": [...], "summary": {...}, "drift": [...]}`,
written as it goes (results first) so that memory stays flat on long runs."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, TextIO

from .reports import DriftEntry, Finding, Reporter, Result, Summary, clip, jsonable
from .sources import Source

__all__ = ["JsonReporter"]


def _finding_dict(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {"line": finding.line, "column": finding.column}
    issue = finding.issue
    if issue is None:
        data.update(kind=finding.kind, message=clip(finding.message))
        return data
    data.update(
        kind="schema",
        path=issue.path,
        pointer=finding.pointer,
        keyword=issue.keyword,
        message=clip(issue.message),
        expected=jsonable(issue.expected),
        actual=jsonable(issue.actual),
        drift=issue.is_drift,
    )
    return data


# JSON leaves DEL, C1 controls and the Unicode line separators raw in strings: escaped here too.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")
_INDEX = re.compile(r"/\d+(?=/|$)")


def _json(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False)
    if _JSON_RAW.search(text) is None:
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class JsonReporter(Reporter):
    """Streams `{"results": [...], "summary": ..., "drift": [...], "descriptions": {...}}`.

    The spec's description of a field is given once, in `descriptions[operation][field]` (the
    field is an error's `path` with array indexes as `*`), not with every error: the report
    stays proportional to the number of issues, however long the descriptions.
    """

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self.first = True
        self.descriptions: dict[str, dict[str, str]] = {}
        out.write('{"results": [')

    def _item(self, data: dict[str, Any]) -> None:
        self.out.write(("\n  " if self.first else ",\n  ") + _json(data))
        self.first = False

    def _describe(self, operation: str | None, findings: Sequence[Finding]) -> None:
        for finding in findings:
            issue = finding.issue
            if issue is None or issue.description is None:
                continue
            fields = self.descriptions.setdefault(operation or "", {})
            fields.setdefault(_INDEX.sub("/*", issue.path), issue.description)

    def valid(self, source: Source, line: int, operation: str) -> None:
        self._item(
            {
                "file": source.name,
                "line": line,
                "operation": operation,
                "status": "valid",
                "errors": [],
                "warnings": [],
                "notes": [],
            }
        )

    def result(self, result: Result) -> None:
        self._describe(result.operation, result.errors)
        self._describe(result.operation, result.warnings)
        self._item(
            {
                "file": result.source.name,
                "line": result.line,
                "operation": result.operation,
                "status": result.status,
                "errors": [_finding_dict(f) for f in result.errors],
                "warnings": [_finding_dict(f) for f in result.warnings],
                "notes": [_finding_dict(f) for f in result.notes],
            }
        )

    def finish(self, summary: Summary, drift: Sequence[DriftEntry]) -> None:
        summary_text = _json(summary.to_dict())
        drift_text = ",\n  ".join(_json(d.to_dict()) for d in drift)
        drift_block = f"[\n  {drift_text}\n]" if drift else "[]"
        described = _json(self.descriptions)
        coverage = (
            "" if self.coverage is None else f',\n"coverage": {_json(self.coverage.to_dict())}'
        )
        self.out.write(
            f'\n],\n"summary": {summary_text},\n"drift": {drift_block},\n'
            f'"descriptions": {described}{coverage}}}\n'
        )
