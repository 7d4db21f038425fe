"""The text report (one line per finding, then the summary and the drift table; colour only
when the caller asks for it: a terminal and no `NO_COLOR`) and the github one (a workflow
command per finding, `::error file=...,line=...::message`, then the text summary)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ...core.escapes import github_data, github_property, visible
from .reports import DriftEntry, Finding, Reporter, Result, Summary

__all__ = ["GithubReporter", "TextReporter"]


class TextReporter(Reporter):
    wants_valid = False

    def __init__(self, out: TextIO, *, color: bool) -> None:
        super().__init__(out)
        self.color = color

    def _paint(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def result(self, result: Result) -> None:
        write = self.out.write
        name = visible(result.source.name)
        for level, code, findings in (
            ("error", "1;31", result.errors),
            ("warning", "1;33", result.warnings),
            ("note", "1;36", result.notes),
        ):
            for finding in findings:
                where = f"{name}:{finding.line}:{finding.column}" if finding.line else name
                write(f"{self._paint('1', where)}: {self._paint(code, level)}: {finding.text()}\n")

    def finish(self, summary: Summary, drift: Sequence[DriftEntry]) -> None:
        code = "1;31" if summary.exit_code else "1;32"
        lines = summary.lines()
        self.out.write(self._paint(code, lines[0]) + "\n")
        for line in lines[1:] + self.closing_lines(summary, drift):
            self.out.write(line + "\n")


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: an annotation per finding, on the file and line."""

    wants_valid = False

    def result(self, result: Result) -> None:
        for level, findings in (
            ("error", result.errors),
            ("warning", result.warnings),
            ("notice", result.notes),
        ):
            for finding in findings:
                props = []
                if result.source.path is not None:
                    props.append(f"file={github_property(result.source.name)}")
                    if finding.line:
                        props.append(f"line={finding.line}")
                        props.append(f"col={finding.column}")
                title = _title(result, finding)
                props.append(f"title={github_property(title)}")
                message = finding.text()
                if result.source.path is None and finding.line:
                    message = f"{result.source.name}:{finding.line}:{finding.column}: {message}"
                self.out.write(f"::{level} {','.join(props)}::{github_data(message)}\n")

    def finish(self, summary: Summary, drift: Sequence[DriftEntry]) -> None:
        level = "error" if summary.exit_code else "notice"
        lines = summary.lines()
        self.out.write(f"::{level} title=validate summary::{github_data(lines[0])}\n")
        for line in lines + self.closing_lines(summary, drift):
            # Plain lines in the log; a leading "::" would be read as a command.
            self.out.write(("  " + line if line.startswith("::") else line) + "\n")


def _title(result: Result, finding: Finding) -> str:
    if finding.issue is None:
        titles = {
            "io": "unreadable input",
            "json": "invalid JSON",
            "input": "input warning",
            "errorResponse": "error response",
        }
        return titles.get(finding.kind, "cannot validate")
    what = "drift" if finding.issue.is_drift else "invalid"
    return f"{result.operation or 'response'} {what}: {finding.pointer or '/'} ({finding.issue.keyword})"
