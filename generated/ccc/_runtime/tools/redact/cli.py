# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/redact/cli.py.
# Do not edit by hand: change the original and run `make generate`.
"""`redact INPUTS... -o DIR`: write a redacted copy of each capture under DIR.

Inputs are found and read as `validate` finds and reads them (files, folders searched for
`*.json`, `*.jsonl`, `*.ndjson`, glob patterns; JSON documents and JSON Lines), and each is
attributed to its operation the same way (`--operation`, else its file or folder name). Each
copy keeps the input's relative name under DIR and is written atomically. The key comes from
the environment only.

Exit status: 0 everything redacted; 1 a capture could not be redacted (not JSON: reported at
its line and column, the rest of its file still written; or no operation to attribute it to:
not written); 2 no usable key, a usage error, or an input that could not be read or written.
Standard library only.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ...core.escapes import visible
from ..validate.attribution import UNATTRIBUTED, operation_of
from ..validate.files import DOCUMENT_LIMIT
from ..validate.inputs import Record, read_source
from ..validate.sources import Source, Unreadable, expand
from .api import PiiFields, Redactor
from .keys import RedactKeyError, key_from_environment
from .output import AtomicFile, dump, target_name

__all__ = ["register", "run"]

EPILOG = """\
The key is read from the environment variable {variable} only (at least 16 characters; keep it
secret and keep it: the same key gives the same stand-ins, so later captures still join).

exit status: 0 everything redacted; 1 a capture that is not JSON (reported at its line and
column; the rest of its file is still written) or that no operation can be attributed to (not
written); 2 no usable key, a usage error, an input that could not be read or written
"""


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    pii_fields: PiiFields,
    operations: Sequence[str],
    key_variable: str,
) -> argparse.ArgumentParser:
    """Add the `redact` subcommand."""
    parser = sub.add_parser(
        "redact",
        help="replace personal values in captures with keyed stand-ins",
        description="Write a redacted copy of each capture under DIR: every value of a field "
        "the spec marks as personal (pii) is replaced by a deterministic stand-in of the same "
        "shape, keyed by a secret.",
        epilog=EPILOG.format(variable=key_variable),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="INPUT", help="files, folders or patterns")
    parser.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder for the redacted copies"
    )
    parser.add_argument(
        "--operation",
        choices=list(operations),
        metavar="OPERATION",
        help="the operation every capture answers (default: from file and folder names)",
    )

    parser.add_argument("--key", nargs="?", action=_RefuseKey, help=argparse.SUPPRESS)

    def func(args: argparse.Namespace) -> int:
        return run(args, pii_fields=pii_fields, operations=operations, key_variable=key_variable)

    parser.set_defaults(func=func)
    return parser


class _RefuseKey(argparse.Action):
    """`--key`: refused without echoing its value (argparse would print an unknown option's
    arguments, putting the key in a CI log)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        parser.error(
            "the key is never taken from the command line (other users and shell histories "
            "see it there): set the environment variable instead"
        )


class _Run:
    def __init__(self, redactor: Redactor, out: Path, operations: Sequence[str]) -> None:
        self.redactor = redactor
        self.out = out
        self.operations = operations
        self.status = 0
        self.records = 0
        self.written = 0
        self.targets: set[Path] = set()

    def problem(self, where: str, message: str, status: int, stderr: TextIO) -> None:
        print(f"{visible(where)}: {visible(message)}", file=stderr)
        self.status = max(self.status, status)

    def source(self, source: Source, operation: str | None, stderr: TextIO) -> None:
        if source.path is None:
            self.problem(source.name, "redact reads files: name them", 2, stderr)
            return
        if operation is None:
            self.problem(source.name, UNATTRIBUTED + "; not written", 1, stderr)
            return
        target = self.out / target_name(source.name)
        if target in self.targets or os.path.realpath(target) == os.path.realpath(source.path):
            why = "another input" if target in self.targets else "the input itself"
            self.problem(
                source.name, f"its copy {target} would replace {why}; not written", 2, stderr
            )
            return
        self.targets.add(target)
        lines = bool(source.jsonl)
        try:
            writer = AtomicFile(target)
            with writer as stream:
                count, whole_input_failed = 0, False
                for item in read_source(source, limit=DOCUMENT_LIMIT):
                    if isinstance(item, Unreadable):
                        whole_input_failed |= item.line == 0
                        where = (
                            f"{source.name}:{item.line}:{item.column}" if item.line else source.name
                        )
                        self.problem(where, item.message, 1 if item.kind == "json" else 2, stderr)
                        continue
                    assert isinstance(item, Record)
                    payload = self.redactor.record(operation, item.payload)
                    stream.write(dump(payload, indent=None if lines else 2) + "\n")
                    count += 1
                if count == 0 and (whole_input_failed or not lines):
                    writer.discard()  # nothing readable: no copy rather than an empty one
        except OSError as exc:
            self.problem(str(target), f"cannot write: {exc.strerror or exc}", 2, stderr)
            return
        self.records += count
        self.written += 1 if count or (lines and not whole_input_failed) else 0


def run(
    args: argparse.Namespace,
    *,
    pii_fields: PiiFields,
    operations: Sequence[str],
    key_variable: str,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Redact every input named in `args` into `args.output`; the report goes to `stdout`."""
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    try:
        redactor = Redactor(key_from_environment(key_variable), pii_fields)
    except RedactKeyError as exc:
        print(f"redact: {exc}", file=stderr)
        return 2
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        print(f"redact: {visible(str(out))}: not a directory", file=stderr)
        return 2
    state = _Run(redactor, out, operations)
    for source in expand(args.paths, sizes=False):
        if isinstance(source, Unreadable):
            state.problem(source.source.name, source.message, 2, stderr)
            continue
        operation = args.operation or operation_of(source.name, operations)
        state.source(source, operation, stderr)
    _report(state, stdout)
    return state.status


def _report(state: _Run, stdout: TextIO) -> None:
    """Which fields were redacted, and how many values of each."""
    print(
        f"redact: {state.records} record(s) redacted into {visible(str(state.out))} "
        f"({state.written} file(s))",
        file=stdout,
    )
    for line in state.redactor.report_lines():
        print(line, file=stdout)
