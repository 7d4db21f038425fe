# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/report_writers.py.
# Do not edit by hand: change the original and run `make generate`.
"""`validate --format markdown|html`, and the GitHub job summary that `--format github` adds to.

Both are `Reporter`s that show aggregates only: they ignore the results one by one (the checker
gathers failures and coverage, with the payloads at hand, and merges them across worker
processes) and write the whole report in `finish`, once `attach` has given them the failures
and the coverage. Standard library only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TextIO

from .coverage import Coverage
from .failures import Failures
from .html_report import render_html
from .markdown_report import DEFAULT_BUDGET, render_markdown
from .report_tables import ReportData
from .reports import DriftEntry, Reporter, Result, Summary

__all__ = [
    "STEP_SUMMARY_ROOM",
    "HtmlReporter",
    "MarkdownReporter",
    "append_step_summary",
    "step_summary_path",
]

STEP_SUMMARY_ROOM = 4000  # bytes: with less room left in the job summary, nothing is added


class _AggregateReporter(Reporter):
    wants_valid = False

    def __init__(self, out: TextIO, *, title: str = "validate report") -> None:
        super().__init__(out)
        self.title = title
        self.failures: Failures | None = None
        self.coverage: Coverage | None = None

    def attach(self, failures: Failures | None, coverage: Coverage | None) -> None:
        """What the run gathered; call before `finish` (None: not gathered, not shown)."""
        self.failures = failures
        self.coverage = coverage

    def result(self, result: Result) -> None:
        """Nothing to write per result: the checker aggregates them."""

    def data(self, summary: Summary, drift: Sequence[DriftEntry]) -> ReportData:
        return ReportData(summary, drift, self.failures, self.coverage)


class MarkdownReporter(_AggregateReporter):
    def __init__(
        self, out: TextIO, *, title: str = "validate report", budget: int = DEFAULT_BUDGET
    ) -> None:
        super().__init__(out, title=title)
        self.budget = budget

    def finish(self, summary: Summary, drift: Sequence[DriftEntry]) -> None:
        self.out.write(
            render_markdown(self.data(summary, drift), budget=self.budget, title=self.title)
        )


class HtmlReporter(_AggregateReporter):
    def finish(self, summary: Summary, drift: Sequence[DriftEntry]) -> None:
        self.out.write(render_html(self.data(summary, drift), title=self.title))


def step_summary_path(environ: Mapping[str, str] | None = None) -> str | None:
    """GitHub's job summary file for this step, when running in GitHub Actions."""
    path = (os.environ if environ is None else environ).get("GITHUB_STEP_SUMMARY", "")
    return path or None


def append_step_summary(
    data: ReportData,
    path: str,
    *,
    budget: int = DEFAULT_BUDGET,
    title: str = "validate report",
) -> str | None:
    """Append the Markdown report to the job summary at `path`, within what is left of `budget`
    (the file may already hold other steps' text). None when done, else why not (for a warning:
    a summary that cannot be written must not fail the run)."""
    try:
        used = os.path.getsize(path)
    except FileNotFoundError:
        used = 0
    except OSError as exc:
        return f"cannot read the job summary {path}: {exc.strerror or exc}"
    room = budget - used - (1 if used else 0)  # a blank line between steps' texts
    if room < STEP_SUMMARY_ROOM:
        return f"the job summary {path} is full ({used} bytes); the report was not added"
    text = render_markdown(data, budget=room, title=title)
    try:
        with open(path, "a", encoding="utf-8", errors="backslashreplace", newline="\n") as out:
            out.write(text if not used else "\n" + text)
    except OSError as exc:
        return f"cannot write the job summary {path}: {exc.strerror or exc}"
    return None
