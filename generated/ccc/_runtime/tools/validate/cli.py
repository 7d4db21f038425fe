# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/cli.py.
# Do not edit by hand: change the original and run `make generate`.
"""`validate`: check captured responses against the spec, for people and for CI.

Spec-independent: the generated package passes in its validator and operation names, so this
runs the same in `cccgen validate`, in `python -m <package> validate`, and in a vendored copy of
the package under any name. Standard library only.

Exit status (also in `--help`): 2 when an input could not be read at all (missing or unreadable
file) or nothing was found to validate, else 1 when a response is invalid (a capture that is not
JSON is an invalid one, as check-jsonschema has it), else 0. A usage error exits 2 before
anything is read.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import BinaryIO, TextIO, cast

from ...core.escapes import visible
from ..root_command import build_root_parser, dispatch
from .arguments import EPILOG, add_arguments
from .checker import Checker, FastLookup, Validate
from .files import DOCUMENT_LIMIT
from .outputs import OutputError, ReportOutput
from .pool import Run, jobs
from .progress import Progress
from .report_options import (
    attach,
    make_report,
    new_coverage,
    report_step_summary,
    wants_coverage,
    wants_failures,
)
from .reports import Reporter, Summary
from .sources import Source, Unreadable, expand
from .terminal import ClearsProgress, isatty, use_color

__all__ = ["build_root_parser", "dispatch", "register", "run"]


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    validate: Validate,
    operations: Sequence[str],
    fast: FastLookup | None = None,
) -> argparse.ArgumentParser:
    """Add the `validate` subcommand to a command line built with subparsers. `fast`: the
    validators' reading check (valid responses decided from their bytes: with msgspec where
    installed, else by the standard library's parse and the compiled fast path)."""
    parser = sub.add_parser(
        "validate",
        help="check captured responses against the spec",
        description="Check captured responses against the spec; report every difference.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser, operations)

    def func(args: argparse.Namespace) -> int:
        return run(args, validate=validate, operations=operations, fast=fast)

    parser.set_defaults(func=func)
    return parser


def run(
    args: argparse.Namespace,
    *,
    validate: Validate,
    operations: Sequence[str],
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    fast: FastLookup | None = None,
) -> int:
    """Validate every input named in `args`; the report goes to `args.output` or `stdout`."""
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    prog = "validate"
    if args.operation is not None and args.operation not in operations:
        known = ", ".join(operations)
        print(f"{prog}: unknown operation {args.operation!r}; known: {known}", file=stderr)
        return 2
    if not operations:
        print(f"{prog}: this package defines no operation to validate against", file=stderr)
        return 2
    try:
        output = ReportOutput(args.output or None, stdout)
    except OutputError as exc:
        print(f"{prog}: {visible(str(exc))}", file=stderr)
        return 2
    color = args.color == "always" if args.output else use_color(args.color, stdout)
    try:
        coverage = new_coverage(operations, args.operation) if wants_coverage(args) else None
    except (OSError, ValueError) as exc:
        output.discard()
        print(f"{prog}: cannot read the response schemas: {visible(str(exc))}", file=stderr)
        return 2
    try:
        checker = Checker(
            validate,
            operations,
            operation=args.operation,
            strict=args.strict,
            fail_on_error_responses=getattr(args, "fail_on_error_responses", False),
            collect_failures=wants_failures(args),
            coverage=coverage,
            fast=fast,
        )
        reporter = make_report(args.format, output.stream, color=color)
        summary = _run(args, checker, reporter, stdin, stderr)
        output.commit()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly; nothing more can be reported.
        return 2
    except OutputError as exc:  # a full disk, a file size limit: the report is not whole
        print(f"{prog}: {visible(str(exc))}", file=stderr)
        return 2
    except OSError as exc:  # e.g. no room for the temporary files of a JUnit report
        print(f"{prog}: {visible(exc.strerror or str(exc))}", file=stderr)
        return 2
    finally:
        output.discard()
    report_step_summary(
        args, summary, checker.drift_entries(), checker.failures, checker.coverage, stderr
    )
    if args.format in ("json", "junit", "markdown", "html") or args.output:
        # The report is for machines (or in a file): one line for the person reading the log.
        print(summary.lines()[0], file=stderr)
    return summary.exit_code


def _run(
    args: argparse.Namespace,
    checker: Checker,
    reporter: Reporter,
    stdin: BinaryIO | None,
    stderr: TextIO,
) -> Summary:
    started = time.perf_counter()
    show_progress = args.progress and Progress.wanted(stderr)
    summary = checker.summary

    def start(inputs: Sequence[Source | Unreadable]) -> Progress:
        summary.inputs = len(inputs)
        total = sum(s.size for s in inputs if isinstance(s, Source))
        progress = Progress(stderr, total, len(inputs), enabled=show_progress)
        if show_progress and isatty(reporter.out):
            # The report and the bar share the terminal: erase the bar before each report line.
            reporter.out = cast(TextIO, ClearsProgress(reporter.out, progress))
        return progress

    if getattr(args, "dask", None):
        from .dask_runner import run_on_dask  # the optional extra: imported only when asked for

        progress, inputs = run_on_dask(args, checker, reporter, stdin, start)
    else:
        # Sizes cost a system call per file: only for the progress bar (and big JSON Lines).
        inputs = expand(args.paths, jsonl=args.jsonl, sizes=show_progress)
        progress = start(inputs)
        limit = getattr(args, "max_document_size", DOCUMENT_LIMIT)
        Run(checker, reporter, progress, jobs(args.jobs), stdin, limit).all(inputs)
    progress.close(sum(s.size for s in inputs if isinstance(s, Source)), summary.responses)
    summary.seconds = time.perf_counter() - started
    summary.drift_kinds_dropped = len(checker.drift.dropped)
    attach(reporter, checker.failures, checker.coverage)
    reporter.finish(summary, checker.drift_entries())
    return summary
