"""`cccgen export-cdrs`: every call record of a time window into a JSON Lines file, with the
generated package's client: the same command as `python -m ccc export-cdrs`, run by the same
code, the package's own copy of the tool (`<package>._runtime.tools.export`, from
`runtime/tools/export/`).

Only the options come from cccgen's copy (`runtime/tools/export/arguments.py`, standard library
only, so that building the parser loads neither the tool nor the package). The tool itself must
be the package's: it tells the errors of the package's client apart by class (a
ConfigurationError is the command's, exit 2, not a window's failure), and cccgen's copy of those
classes is not the package's, so cccgen's copy of the tool would take the one for the other.
"""

from __future__ import annotations

import argparse

from cccgen.commands.package_tool import package_tool
from cccgen.runtime.tools.export.arguments import HELP, add_arguments

PROG = "cccgen export-cdrs"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `export-cdrs` subcommand to `sub`."""
    parser = sub.add_parser("export-cdrs", help=HELP, description=HELP + ".")
    add_arguments(parser)
    parser.add_argument(
        "--package", default="ccc", help="the generated package whose client to use (default ccc)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the package's own `export-cdrs` with the parsed arguments; 2 without the package."""
    tool = package_tool(args.package, "export.cli", PROG)
    if tool is None:
        return 2
    status: int = tool.run(args, package=args.package, prog=PROG)
    return status
