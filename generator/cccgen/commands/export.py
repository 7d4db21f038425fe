"""`cccgen export-cdrs`: every call record of a time window into a JSON Lines file, with the
generated package's client (the same command as `python -m ccc export-cdrs`; the work is
`runtime/tools/export/`)."""

from __future__ import annotations

import argparse

from cccgen.runtime.tools.export.cli import add_arguments, run

PROG = "cccgen export-cdrs"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `export-cdrs` subcommand to `sub`."""
    text = "export every call record of a time window to a JSON Lines file (resumable)"
    parser = sub.add_parser("export-cdrs", help=text, description=text + ".")
    add_arguments(parser)
    parser.add_argument(
        "--package", default="ccc", help="the generated package whose client to use (default ccc)"
    )
    parser.set_defaults(func=lambda args: run(args, package=args.package, prog=PROG))
