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

VERSION_FLAGS = ("-V", "--version")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `cccgen` argument parser, with one subcommand per command module. For a known
    `command` only its module is imported: `cccgen get` never loads the generator's emitters,
    `cccgen generate` never loads the fake server (start-up time of every run)."""
    parser = argparse.ArgumentParser(
        prog="cccgen",
        description="Schema-first code generator and validator for Alibaba Cloud Contact Center APIs.",
    )
    parser.add_argument(*VERSION_FLAGS, action="version", version=f"cccgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _modules_for(command):
        importlib.import_module(name).register(sub)
    return parser


def _modules_for(command: str | None) -> list[str]:
    """The command modules the parser needs: a known command's own, none to print the version,
    every one otherwise (`--help` lists them, a wrong command is told the choices)."""
    if command in COMMAND_MODULES:
        return [COMMAND_MODULES[command]]
    if command in VERSION_FLAGS:
        return []
    return list(dict.fromkeys(COMMAND_MODULES.values()))


def main(argv: Sequence[str] | None = None) -> int:
    """Run `cccgen` with `argv` (default: the command line); returns the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    first = words[0] if words else None
    parser = build_parser(first if first in (*COMMAND_MODULES, *VERSION_FLAGS) else None)
    args = parser.parse_args(words)
    try:
        result: int = args.func(args)
    except KeyboardInterrupt:
        print("cccgen: interrupted", file=sys.stderr)
        return 130
    return result


if __name__ == "__main__":
    raise SystemExit(main())
