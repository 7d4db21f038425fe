# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/report_options.py.
# Do not edit by hand: change the original and run `make generate`.
"""What `validate` gathers beyond the results, and the reports that show it.

* `--coverage` (any format) measures which fields of the spec the responses carry; the html
  report always shows it (its field tree is the point of the page), markdown only with
  `--coverage` (it walks every response: CI runs stay fast without it).
* failures by path and keyword are gathered for the markdown and html reports, and for the job
  summary that `--format github` appends to when `$GITHUB_STEP_SUMMARY` is set.
* a job summary that cannot be written is a warning: the exit status stays the verdict on the
  responses.

Kept apart from `cli` (which runs the checks) so that each stays small. Standard
library only.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from ...core.escapes import visible
from .failures import Failures
from .reports import FORMATS, DriftEntry, Reporter, Summary
from .text_report import GithubReporter, TextReporter

if TYPE_CHECKING:  # loaded only with --coverage (`new_coverage`)
    from .coverage import Coverage

# The other formats' writers are imported when chosen: a run of the default text report (the
# usual CI run, and every worker) never pays for them at start-up.

__all__ = [
    "attach",
    "make_report",
    "new_coverage",
    "report_step_summary",
    "wants_coverage",
    "wants_failures",
]


def wants_coverage(args: argparse.Namespace) -> bool:
    """Whether the report includes field coverage."""
    return bool(getattr(args, "coverage", False)) or args.format == "html"


def wants_failures(args: argparse.Namespace) -> bool:
    """Whether the failures are kept for a report table."""
    if args.format in ("markdown", "html"):
        return True
    if args.format != "github":
        return False
    from .report_writers import step_summary_path

    return step_summary_path() is not None


def new_coverage(operations: Sequence[str], operation: str | None = None) -> Coverage:
    """An empty `Coverage` over the response schemas the generated package ships (this module
    is its `_runtime`, whatever the package is called): `operation`'s alone when named (every
    response is checked against it: `--operation`), else every one of `operations`. `OSError`,
    `ValueError`: one of them is missing or broken."""
    from .coverage import Coverage, response_schemas  # only with --coverage

    package = (__package__ or "").rsplit(".", 3)[0]  # <package>._runtime.tools.validate
    return Coverage(response_schemas(package, operations if operation is None else [operation]))


def make_report(fmt: str, out: TextIO, *, color: bool) -> Reporter:
    """The reporter of `--format fmt`."""
    if fmt == "text":
        return TextReporter(out, color=color)
    if fmt == "github":
        return GithubReporter(out)
    if fmt == "json":
        from .json_report import JsonReporter

        return JsonReporter(out)
    if fmt == "junit":
        from .junit_report import JunitReporter

        return JunitReporter(out)
    if fmt in ("markdown", "html"):
        from .report_writers import HtmlReporter, MarkdownReporter

        return MarkdownReporter(out) if fmt == "markdown" else HtmlReporter(out)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def attach(reporter: Reporter, failures: Failures | None, coverage: Coverage | None) -> None:
    """Give the reporter what the run gathered; call before its `finish`."""
    attach_gathered = getattr(reporter, "attach", None)  # the markdown and html reporters
    if attach_gathered is not None:
        attach_gathered(failures, coverage)
    reporter.coverage = coverage


def report_step_summary(
    args: argparse.Namespace,
    summary: Summary,
    drift: Sequence[DriftEntry],
    failures: Failures | None,
    coverage: Coverage | None,
    stderr: TextIO,
) -> None:
    """With `--format github` in GitHub Actions: the Markdown report appended to the job summary."""
    if args.format != "github":
        return
    from .report_tables import ReportData
    from .report_writers import append_step_summary, step_summary_path

    path = step_summary_path()
    if path is None:
        return
    problem = append_step_summary(ReportData(summary, drift, failures, coverage), path)
    if problem:
        print(f"validate: warning: {visible(problem)}", file=stderr)
