"""`cccgen vendor`: write a renamed copy of a generated package into another project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cccgen.commands.spec_source import choose
from cccgen.pipeline import FormatError, GeneratorBugError, find_service_files
from cccgen.problems import SpecError
from cccgen.vendor import VendorError, package_name_problem, vendor


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `vendor` subcommand to `sub`."""
    text = (
        "write a renamed copy of a generated package into another project (e.g. acme._vendor.ccc)"
    )
    parser = sub.add_parser("vendor", help=text, description=text)
    parser.add_argument(
        "--into", type=Path, required=True, help="the other project's source root (must exist)"
    )
    parser.add_argument(
        "--package", required=True, help="dotted name of the copy, e.g. acme._vendor.ccc"
    )
    parser.add_argument(
        "--spec",
        type=Path,
        action="append",
        help="a service.yaml, or a directory searched for */service.yaml (default: ./spec, "
        "else the spec bundled with cccgen)",
    )
    parser.add_argument("--service", help="which service to vendor when the spec has several")
    parser.add_argument(
        "--operations",
        metavar="A,B,...",
        help="vendor only these operations (comma-separated), with the models they need",
    )
    parser.set_defaults(func=run_vendor)


def run_vendor(args: argparse.Namespace) -> int:
    """Write a renamed copy of a generated package; 2 when nothing could be written."""
    problem = package_name_problem(args.package)
    if problem:
        print(f"cccgen: invalid --package {args.package!r}: {problem}", file=sys.stderr)
        return 2
    operations = None
    if args.operations is not None:
        operations = list(dict.fromkeys(n.strip() for n in args.operations.split(",") if n.strip()))
        if not operations:
            print("cccgen: --operations names no operation; nothing was written", file=sys.stderr)
            return 2
    spec = choose(args.spec, "cccgen")
    if spec is None:
        return 2
    try:
        done = vendor(
            find_service_files(spec.paths), args.into, args.package, args.service, operations
        )
    except SpecError as exc:
        for item in exc.problems:
            print(item, file=sys.stderr)
        count = len(exc.problems)
        plural = "s" if count != 1 else ""
        print(f"cccgen: {count} problem{plural} in the spec; nothing was written", file=sys.stderr)
        return 2
    except VendorError as exc:
        print(f"cccgen: {exc}; nothing was written", file=sys.stderr)
        return 2
    except (FormatError, GeneratorBugError) as exc:
        print(f"cccgen: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"cccgen: cannot write into {args.into}: {exc}", file=sys.stderr)
        return 2
    print(
        f"cccgen: vendored {done.service} as {done.package} into {done.target} ({done.files} files) "
        f"from {spec.label}"
    )
    for init in done.created_parents:
        print(f"cccgen: created {init}")
    return 0
