"""The ``export-cdrs`` command: every call record of a time window into a JSON Lines file
(:mod:`.api` does the work). Endpoint, region, signature, timeouts and attempts as ``get``
takes them; credentials from the environment only. Standard library only at import: the
client loads when the command runs.

Exit status: 0 the file is written and every record fits the spec; 1 some window could not
be fetched (each is named; ``FILE.part`` and the checkpoint stay, and running the same command
again asks only what is missing); 2 bad usage, credentials, endpoint, or a checkpoint of
another export; 3 the file is written but some record departs from the spec.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from ...core.errors import printable
from ..get_cli import build_client
from ..moments import MomentError, parse_moment
from ..validate.reports import count_of, drift_lines
from .api import CdrOperations, ExportReport, export_cdrs
from .checkpoint import CheckpointError

__all__ = ["run"]

EXIT_DONE, EXIT_FAILED, EXIT_USAGE, EXIT_DRIFT = 0, 1, 2, 3


class TerminalProgress:
    """One line redrawn on a terminal: records, rate, time left."""

    def __init__(self, out: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.out = out
        self.clock = clock
        self.began = clock()
        self.first: int | None = None
        self.drawn = False

    def __call__(self, records: int, expected: int | None) -> None:
        elapsed = max(self.clock() - self.began, 1e-6)
        if self.first is None:  # the first call tells what a resumed run already had
            self.first = records
            self.began = self.clock()
            return
        rate = (records - self.first) / elapsed
        left = ""
        if expected and rate > 0 and expected > records:
            seconds = int((expected - records) / rate)
            left = f", {seconds // 60}:{seconds % 60:02d} left"
        of = f" of {expected:,}" if expected else ""
        self.out.write(f"\r{records:,}{of} records, {rate:,.0f}/s{left}\x1b[K")
        self.out.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.out.write("\n")
            self.out.flush()


def _print_report(report: ExportReport, prog: str, seconds: float) -> None:
    err = sys.stderr
    for finding in report.findings:
        print(finding, file=err)
    checked = report.valid + report.invalid
    if checked:
        print(
            f"{count_of(checked, 'record')} checked (strict):"
            f" {report.valid} valid, {report.invalid} invalid",
            file=err,
        )
        for line in drift_lines(report.drift, 0):
            print(line, file=err)
    if report.duplicates:
        print(f"{prog}: {count_of(report.duplicates, 'call')} listed twice, written once", file=err)
    rate = report.records / seconds if seconds > 0 else 0.0
    resumed = " (resumed)" if report.resumed else ""
    if report.complete:
        print(
            f"{prog}: {count_of(report.records, 'call record')} written to"
            f" {printable(str(report.output), 300)}{resumed} in {seconds:.1f} s ({rate:,.0f}/s)",
            file=err,
        )
        return
    for failure in report.failures:
        print(f"{prog}: failed: {printable(failure.describe(), 2000)}", file=err)
    print(
        f"{prog}: {count_of(len(report.failures), 'window')} failed;"
        f" {count_of(report.records, 'call record')} kept in the .part file: run the same"
        " command again to fetch what is missing",
        file=err,
    )


def run(args: argparse.Namespace, *, package: str, prog: str) -> int:
    """Run the command from parsed arguments; returns the exit status."""

    def fail(message: str, status: int) -> int:
        print(f"{prog}: {printable(message, 2000)}", file=sys.stderr)
        return status

    if args.responses and not args.details:
        return fail("--responses needs --details", EXIT_USAGE)
    try:
        start, end = parse_moment(args.start), parse_moment(args.end)
    except MomentError as exc:
        return fail(str(exc), EXIT_USAGE)
    if end <= start:
        return fail("--end must come after --start", EXIT_USAGE)
    try:
        client_module = importlib.import_module(f"{package}.client")
        errors = importlib.import_module(f"{package}.errors")
        validators = importlib.import_module(f"{package}.validators")
    except ImportError as exc:
        return fail(f"cannot import the generated package {package!r}: {exc}", EXIT_USAGE)
    redactor = None
    if args.redact:
        try:
            redactor = _redactor(package)
        except ValueError as exc:
            return fail(str(exc), EXIT_USAGE)

    try:
        client = build_client(client_module, args, validate="off")
    except errors.ConfigurationError as exc:
        return fail(str(exc), EXIT_USAGE)

    def validate(operation: str, body: object) -> Any:
        return validators.validate_response(operation, body, strict=True)

    progress = TerminalProgress(sys.stderr) if args.progress and _isatty() else None
    began = time.monotonic()
    try:
        with client:
            report = export_cdrs(
                client,
                instance_id=args.instance_id,
                start_ms=start,
                end_ms=end,
                output=args.output,
                details=args.details,
                responses=args.responses,
                concurrency=args.concurrency,
                max_rps=args.max_rps,
                validate=validate if args.check else None,
                failure_types=(errors.ServiceError,),
                operations=CdrOperations(page_size=args.page_size),
                progress=progress,
                transform=None if redactor is None else redactor.record,
                transform_identity=None
                if redactor is None
                else f"redacted under the key {redactor.fingerprint}",
            )
    except errors.ConfigurationError as exc:
        return fail(str(exc), EXIT_USAGE)
    except CheckpointError as exc:
        return fail(str(exc), EXIT_USAGE)
    except OSError as exc:
        return fail(f"cannot write {args.output}: {exc.strerror or exc}", EXIT_USAGE)
    finally:
        if progress is not None:
            progress.close()
    _print_report(report, prog, time.monotonic() - began)
    if redactor is not None:
        print(f"{prog}: personal values replaced (--redact):", file=sys.stderr)
        for line in redactor.report_lines():
            print(line, file=sys.stderr)
    if not report.complete:
        return EXIT_FAILED
    return EXIT_DRIFT if report.invalid else EXIT_DONE


def _redactor(package: str) -> Any:
    """The generated package's redactor under the key of its environment variable, or
    ValueError saying what is missing (never the key)."""
    try:
        redact = importlib.import_module(f"{package}.redact")
    except ImportError as exc:
        raise ValueError(f"cannot import {package}.redact for --redact: {exc}") from None
    try:
        return redact.redactor()
    except redact.RedactKeyError as exc:
        raise ValueError(str(exc)) from None


def _isatty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):
        return False
