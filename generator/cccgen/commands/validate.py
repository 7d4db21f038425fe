"""`cccgen validate PATH...`: check captured responses against the spec.

The work is done by the generated package (`python -m ccc validate` runs the same code): this
command only parses the same options, imports the package, and hands the arguments over. The
options come from `cccgen.runtime.tools.validate.arguments`, so building `cccgen`'s parser never
imports the generated package (which may not exist yet when `cccgen generate` runs).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from cccgen.runtime.tools.validate.arguments import EPILOG, add_arguments


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `validate` subcommand to `sub`."""
    parser = sub.add_parser(
        "validate",
        help="check captured responses against the spec (as `python -m ccc validate`)",
        description="Check captured responses against the spec; report every difference.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser, None)
    parser.add_argument(
        "--package",
        default="ccc",
        help="the generated package whose validators to use (default: ccc)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Hand the arguments to the generated package's validator CLI."""
    try:
        entry = importlib.import_module(f"{args.package}.__main__")
    except Exception as exc:  # noqa: BLE001 - missing or broken: say so, no traceback
        print(
            f"cccgen validate: cannot import the generated package {args.package!r} "
            f"({type(exc).__name__}: {exc}); install it (pip install ./generated) or run "
            "`cccgen generate` first",
            file=sys.stderr,
        )
        return 2
    run_validate = getattr(entry, "run_validate", None)
    if run_validate is None:
        print(
            f"cccgen validate: {args.package} has no validate command; regenerate it",
            file=sys.stderr,
        )
        return 2
    code: int = run_validate(args)
    return code
