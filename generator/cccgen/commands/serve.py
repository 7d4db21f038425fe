"""`cccgen serve`: a fake API endpoint on loopback, built straight from the spec.

The server is `runtime/tools/fake_server/` (the same code the generated package ships as
`<pkg>.testing`); the spec decides which actions it answers, which parameters are required
and which select a record, and the gateway's error codes (see `emit/testing.py`).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Any

from cccgen.emit.testing import description, gateway_errors
from cccgen.pipeline import find_service_files
from cccgen.problems import SpecError
from cccgen.runtime.core.credentials import EnvironmentNames
from cccgen.runtime.tools.fake_server.description import operations_from_description
from cccgen.runtime.tools.fake_server.fake_server import FakeServer
from cccgen.runtime.tools.fake_server.serve_cli import (
    SERVE_DESCRIPTION,
    add_serve_arguments,
    run_serve,
)
from cccgen.schemas import response_schema
from cccgen.spec.loader import load_service


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `serve` subcommand to `sub`."""
    text = "run a fake API server on loopback for tests (verifies signatures, serves records)"
    parser = sub.add_parser("serve", help=text, description=SERVE_DESCRIPTION)
    add_serve_arguments(parser, None)  # the spec, read when the command runs, names them
    parser.add_argument(
        "--spec",
        type=Path,
        default=None,
        help="a service.yaml, or a directory holding exactly one */service.yaml (default: ./spec "
        "when it exists, else the installed generated package `ccc`)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve the spec's service with the fake API server on loopback; 2 on a bad spec."""
    if args.spec is None:
        if not Path("spec").is_dir():
            # Outside a checkout (cccgen installed as a tool): serve what the generated package
            # was built from, as `python -m ccc serve` does.
            return _serve_generated_package(args)
        args.spec = Path("spec")
    try:
        files = find_service_files([args.spec])
        if len(files) != 1:
            names = ", ".join(str(f) for f in files)
            print(
                f"cccgen serve: {args.spec} holds several services ({names}); name one with --spec",
                file=sys.stderr,
            )
            return 2
        service = load_service(files[0])
    except SpecError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("cccgen serve: the spec has problems; nothing was served", file=sys.stderr)
        return 2
    operations = operations_from_description(description(service))
    errors = gateway_errors(service)

    by_name = {op.name: op for op in service.operations}

    def schema_of(name: str) -> dict[str, Any] | None:
        op = by_name.get(name)
        return None if op is None else response_schema(op, strict=True)

    def factory(*, validate_records: bool = True, **options: Any) -> FakeServer:
        # No generated validator here: records are served as they are (`python -m ccc serve`
        # checks them against the response schema).
        del validate_records
        return FakeServer(
            operations=operations,
            errors=errors,
            api_version=service.api_version,
            response_schema=schema_of,
            **options,
        )

    auth = service.auth
    env_names = EnvironmentNames(
        auth.env_access_key_id, auth.env_access_key_secret, auth.env_security_token
    )
    return run_serve(args, factory=factory, env_names=env_names, prog="cccgen serve")


def _serve_generated_package(args: argparse.Namespace) -> int:
    try:
        command = importlib.import_module("ccc.__main__")
    except ImportError:
        print(
            "cccgen serve: no ./spec here and the generated package `ccc` is not installed; "
            "give --spec",
            file=sys.stderr,
        )
        return 2
    result: int = command.run_serve(args)
    return result
