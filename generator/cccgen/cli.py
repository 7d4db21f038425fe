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

# Each module defines `register(subparsers)`, which adds its subcommand(s) and sets `func`.
COMMAND_MODULES = {
    "generate": "cccgen.commands.generate",
    "check": "cccgen.commands.generate",
    "vendor": "cccgen.commands.vendor",
    "serve": "cccgen.commands.serve",
    "diff": "cccgen.commands.diff",
    "get": "cccgen.commands.get",
    "validate": "cccgen.commands.validate",
    "import": "cccgen.commands.import_",
    "export-cdrs": "cccgen.commands.export",
    "learn": "cccgen.commands.learn",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `cccgen` argument parser, with one subcommand per command module. For a known
    `command` only its module is imported: `cccgen get` never loads the generator's emitters,
    `cccgen generate` never loads the fake server (start-up time of every run)."""
    parser = argparse.ArgumentParser(
        prog="cccgen",
        description="Schema-first code generator and validator for Alibaba Cloud Contact Center APIs.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"cccgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    wanted = COMMAND_MODULES.get(command or "")
    for name in dict.fromkeys(COMMAND_MODULES.values()):
        if wanted in (None, name):
            importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `cccgen` with `argv` (default: the command line); returns the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words[0] if words and not words[0].startswith("-") else None)
    args = parser.parse_args(words)
    try:
        result: int = args.func(args)
    except KeyboardInterrupt:
        print("cccgen: interrupted", file=sys.stderr)
        return 130
    return result


if __name__ == "__main__":
    raise SystemExit(main())
