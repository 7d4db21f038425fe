"""The top of a package's command line (`python -m <package> COMMAND ...`): the root parser
and the dispatch to the chosen subcommand. Standard library only, and nothing else of the
runtime: a run of one command loads that command's modules alone (`get` never loads the
validate tool)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["build_root_parser", "dispatch"]


def build_root_parser(prog: str, description: str, version: str) -> argparse.ArgumentParser:
    """The command line's top-level parser, with `--version`."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--version", action="version", version=version)
    return parser


def dispatch(parser: argparse.ArgumentParser, argv: Sequence[str] | None = None) -> int:
    """Parse and run the chosen subcommand's `func`; interruptions are not tracebacks."""
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        print(f"{parser.prog}: interrupted", file=sys.stderr)
        return 130
    return code
