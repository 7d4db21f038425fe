"""`cccgen generate` and `cccgen check`: build `generated/` from `spec/`, or prove it is current."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cccgen.commands.spec_source import SpecChoice, choose
from cccgen.pipeline import FormatError, GeneratorBugError, build_all, find_service_files
from cccgen.problems import SpecError
from cccgen.spec.structure import published_copy_problem
from cccgen.writer import UnsafeTargetError, compare_tree, write_tree


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `generate` and `check` subcommands to `sub`."""
    for name, func, text in (
        ("generate", run_generate, "rebuild the generated tree from the spec"),
        ("check", run_check, "exit 1 when the generated tree differs from what the spec produces"),
    ):
        parser = sub.add_parser(name, help=text, description=text)
        parser.add_argument(
            "--spec",
            type=Path,
            action="append",
            help="a service.yaml, or a directory searched for */service.yaml (default: ./spec, "
            "else the spec bundled with cccgen)",
        )
        parser.add_argument(
            "--out",
            type=Path,
            default=Path("generated"),
            help="output directory (default: generated)",
        )
        parser.set_defaults(func=func)


def _build(args: argparse.Namespace) -> tuple[dict[str, str], SpecChoice] | None:
    spec = choose(args.spec, "cccgen")
    if spec is None:
        return None
    try:
        return build_all(find_service_files(spec.paths)), spec
    except SpecError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(
            f"cccgen: {count} problem{'s' if count != 1 else ''} in the spec; nothing was written",
            file=sys.stderr,
        )
    except (FormatError, GeneratorBugError) as exc:
        print(f"cccgen: {exc}", file=sys.stderr)
    return None


def run_generate(args: argparse.Namespace) -> int:
    """Write the generated tree from the spec; 2 when the spec or the target is unusable."""
    built = _build(args)
    if built is None:
        return 2
    files, spec = built
    try:
        write_tree(args.out, files)
    except UnsafeTargetError as exc:
        print(f"cccgen: {exc}; nothing was written", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"cccgen: cannot write {args.out}: {exc}", file=sys.stderr)
        return 2
    print(f"cccgen: wrote {len(files)} files to {args.out} from {spec.label}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """1 when the generated tree on disk differs from what the spec produces."""
    built = _build(args)
    if built is None:
        return 2
    files, spec = built
    # The spec directories' published meta-schema must be the one in use (see spec/README.md).
    dirs = dict.fromkeys(path if path.is_dir() else path.parent.parent for path in spec.paths)
    copies = [problem for d in dirs if (problem := published_copy_problem(d))]
    for problem in copies:
        print(f"cccgen: {problem}", file=sys.stderr)
    stale = compare_tree(args.out, files)
    if stale:
        print(
            f"cccgen: {args.out} is stale against {spec.label}; run `make generate`:",
            file=sys.stderr,
        )
        for line in stale.lines():
            print(f"  {line}", file=sys.stderr)
        return 1
    if copies:
        return 1
    print(f"cccgen: {args.out} is up to date with {spec.label} ({len(files)} files)")
    return 0
