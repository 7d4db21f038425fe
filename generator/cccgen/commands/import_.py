"""`cccgen import`: write a service's spec from Alibaba Cloud's OpenMeta metadata."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cccgen.importer.metadata import MetadataError
from cccgen.importer.run import import_metadata
from cccgen.problems import SpecError, _escaped
from cccgen.writer import UnsafeTargetError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `import` subcommand to `sub`."""
    text = "write a service's spec from Alibaba Cloud's API metadata (api-docs.json)"
    parser = sub.add_parser("import", help=text, description=text)
    parser.add_argument("metadata", type=Path, help="the metadata file (OpenMeta api-docs.json)")
    parser.add_argument(
        "--into",
        type=Path,
        required=True,
        help="the spec directory to write (e.g. spec/ccc); its curation/ files are kept and applied",
    )
    parser.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    """Import; 2 with every problem listed when the metadata, curation or result is bad."""
    try:
        result = import_metadata(args.metadata, args.into)
    except MetadataError as exc:
        for line in exc.problems:
            print(_escaped(line), file=sys.stderr)
        print(
            f"cccgen: cannot import {_escaped(str(args.metadata))}; nothing was written",
            file=sys.stderr,
        )
        return 2
    except SpecError as exc:
        for item in exc.problems:
            print(item, file=sys.stderr)
        count = len(exc.problems)
        print(
            f"cccgen: {count} problem{'s' if count != 1 else ''} in the imported spec; nothing was written",
            file=sys.stderr,
        )
        return 2
    except (UnsafeTargetError, OSError) as exc:
        print(
            f"cccgen: cannot write {_escaped(str(args.into))}: {_escaped(str(exc))}",
            file=sys.stderr,
        )
        return 2
    decided = len(result.decisions)
    print(
        f"cccgen: imported {result.operations} operations into {_escaped(str(args.into))}"
        f" ({len(result.curated)} file(s) curated; {decided} operation(s) whose example needed a decision)"
    )
    return 0
