"""`cccgen` command line: one subcommand per module in `cccgen.commands`.

Exit status: 0 success, 1 a finding (stale tree, invalid response, breaking change),
2 bad input or usage (a broken spec, a missing file). Never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from cccgen import __version__

# Each module defines `register(subparsers)`, which adds its subcommand and sets `func`.
COMMAND_MODULES = [
    "cccgen.commands.generate",
    "cccgen.commands.vendor",
    "cccgen.commands.serve",
    "cccgen.commands.diff",
    "cccgen.commands.get",
    "cccgen.commands.validate",
    "cccgen.commands.import_",
]


def build_parser() -> argparse.ArgumentParser:
    """The `cccgen` argument parser, with one subcommand per command module."""
    parser = argparse.ArgumentParser(
        prog="cccgen",
        description="Schema-first code generator and validator for Alibaba Cloud Contact Center APIs.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"cccgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `cccgen` with `argv` (default: the command line); returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
    except KeyboardInterrupt:
        print("cccgen: interrupted", file=sys.stderr)
        return 130
    return result


if __name__ == "__main__":
    raise SystemExit(main())
