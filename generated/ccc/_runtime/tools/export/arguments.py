# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/export/arguments.py.
# Do not edit by hand: change the original and run `make generate`.
"""The ``export-cdrs`` options and subcommand, apart from the tool (:mod:`.cli`), which loads only
when the command runs: ``--help`` and a usage error load neither it nor the client. ``cccgen
export-cdrs`` builds its parser from cccgen's copy of these options and runs the generated
package's own copy of :mod:`.cli`, so that the errors the tool catches are the classes the
package's client raises. Standard library only.
"""

from __future__ import annotations

import argparse

from ...core.errors import printable
from ..get_cli import _attempts, add_client_options

__all__ = ["EPILOG", "HELP", "add_arguments", "register"]

EPILOG = (
    "exit status: 0 written, every record fits the spec; 1 some window could not be fetched"
    " (FILE.part and FILE.checkpoint.json stay: run the same command again to resume); 2 bad"
    " usage, credentials, endpoint or a checkpoint of another export; 3 written, but some"
    " record departs from the spec (listed, with the drift summary, on stderr)."
)

HELP = "export every call record of a time window to a JSON Lines file (resumable)"


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {printable(text, 40)!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError("must be a positive number")
    return value


def _page_size(text: str) -> int:
    value = _attempts(text)
    if value > 100:
        raise argparse.ArgumentTypeError("must be at most 100")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``export-cdrs`` options."""
    parser.add_argument("--instance-id", required=True, help="the contact center instance")
    parser.add_argument(
        "--start", required=True, help="first moment (ISO 8601 or Unix ms), included"
    )
    parser.add_argument("--end", required=True, help="end of the window (excluded)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.jsonl")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--region", help="region id, e.g. cn-shanghai")
    where.add_argument("--endpoint", help="host, host:port or URL (http://host:port: plain HTTP)")
    parser.add_argument(
        "--details",
        action="store_true",
        help="also fetch each call's GetCallDetailRecord; each line is then that record",
    )
    parser.add_argument(
        "--responses",
        action="store_true",
        help="with --details: each line is the whole GetCallDetailRecord response as received"
        " (what validate and redact read)",
    )
    parser.add_argument(
        "--concurrency",
        type=_attempts,
        default=8,
        metavar="N",
        help="detail calls at once (default 8)",
    )
    parser.add_argument(
        "--max-rps", type=_rate, default=None, metavar="R", help="at most R calls a second"
    )
    parser.add_argument(
        "--page-size",
        type=_page_size,
        default=100,
        metavar="N",
        help="records a page, 1 to 100 (default 100; one query reaches 100 pages)",
    )
    add_client_options(parser, total_timeout=120.0, max_attempts=6)
    parser.add_argument(
        "--no-validate",
        dest="check",
        action="store_false",
        help="do not check the answers against the spec",
    )
    parser.add_argument(
        "--redact",
        action="store_true",
        help="replace the personal values (the spec's pii fields) before each answer is checked and"
        " written, as the redact command does, under the key of its environment variable",
    )
    parser.add_argument("--no-progress", dest="progress", action="store_false")
    parser.epilog = EPILOG


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], *, package: str, prog: str
) -> argparse.ArgumentParser:
    """Add ``export-cdrs`` to a command line with subparsers; the tool loads when it runs."""
    parser = sub.add_parser("export-cdrs", help=HELP, description=HELP + ".")
    add_arguments(parser)

    def go(args: argparse.Namespace) -> int:
        from .cli import run

        return run(args, package=package, prog=prog)

    parser.set_defaults(func=go)
    return parser
