"""`cccgen get`: fetch one call detail record with the generated client and print its JSON.

Meant for capturing real responses for the validator: the body is printed exactly as the API
sent it (``--pretty`` re-indents it). Credentials come from the environment only
(``ALIBABA_CLOUD_ACCESS_KEY_ID``, ``ALIBABA_CLOUD_ACCESS_KEY_SECRET`` and, for STS,
``ALIBABA_CLOUD_SECURITY_TOKEN``), so they never appear on a command line.

Exit status: 0 the record was printed; 1 the API answered an error, no answer came, or the
answer failed ``--validate strict``; 2 bad usage, credentials or endpoint.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from types import ModuleType
from typing import Any

PROG = "cccgen get"
PACKAGE = "ccc"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = "fetch one call detail record (GetCallDetailRecord) and print the JSON received"
    parser = sub.add_parser("get", help=text, description=text + ". " + _CREDENTIALS_HELP)
    add_arguments(parser)
    parser.set_defaults(func=run)


_CREDENTIALS_HELP = (
    "Credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and, "
    "for STS, ALIBABA_CLOUD_SECURITY_TOKEN."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--contact-id", required=True, help="ID of the call (ContactId)")
    parser.add_argument("--instance-id", required=True, help="ID of the instance (InstanceId)")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--region", help="region id, e.g. cn-shanghai (endpoint from the spec's rule)")
    where.add_argument(
        "--endpoint",
        help="host, host:port or URL; HTTPS unless given as http://host:port (e.g. a fake server)",
    )
    parser.add_argument(
        "--validate",
        choices=("off", "warn", "strict"),
        default="warn",
        help="check the answer against the spec: warn prints departures to stderr (default), "
        "strict fails on any",
    )
    parser.add_argument(
        "--signature",
        choices=("v3", "rpc"),
        default="v3",
        help="ACS3-HMAC-SHA256 (v3, default) or HMAC-SHA1 (rpc)",
    )
    parser.add_argument("--connect-timeout", type=_seconds, default=5.0, metavar="SECONDS")
    parser.add_argument("--read-timeout", type=_seconds, default=10.0, metavar="SECONDS")
    parser.add_argument(
        "--max-attempts", type=_attempts, default=3, metavar="N", help="tries in all (default 3)"
    )
    parser.add_argument("--pretty", action="store_true", help="indent the JSON instead of raw")
    parser.add_argument("--verbose", "-v", action="store_true", help="log each attempt to stderr")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be a number of seconds > 0")
    return value


def _attempts(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _fail(message: str, status: int) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return status


def _load_package() -> ModuleType | None:
    try:
        return importlib.import_module(PACKAGE)
    except ImportError:
        return None


def _configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"{PROG}: %(levelname)s: %(message)s"))
    package_logger = logging.getLogger(PACKAGE)
    package_logger.addHandler(handler)
    package_logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    package_logger.propagate = False


def run(args: argparse.Namespace) -> int:
    pkg = _load_package()
    if pkg is None:
        return _fail(f"the generated package {PACKAGE!r} is not importable; run `cccgen generate`", 2)
    _configure_logging(args.verbose)
    try:
        client = pkg.Client(
            region=args.region,
            endpoint=args.endpoint,
            signature=args.signature,
            connect_timeout=args.connect_timeout,
            read_timeout=args.read_timeout,
            retry=pkg.RetryPolicy(max_attempts=args.max_attempts),
            validate=args.validate,
        )
    except pkg.ConfigurationError as exc:
        return _fail(str(exc), 2)
    with client:
        try:
            response = client.get_call_detail_record_with_http_info(
                contact_id=args.contact_id, instance_id=args.instance_id
            )
        except pkg.ResponseValidationError as exc:
            return _fail(str(exc), 1)
        except pkg.ApiError as exc:
            return _fail(f"GetCallDetailRecord failed: {exc}", 2 if exc.is_local else 1)
        except pkg.CCCError as exc:
            return _fail(f"GetCallDetailRecord failed: {exc}", 1)
    _print_body(response, pretty=args.pretty)
    return 0


def _print_body(response: Any, *, pretty: bool) -> None:
    if pretty:
        sys.stdout.write(json.dumps(response.payload, ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()
        return
    content: bytes = response.content
    sys.stdout.flush()
    sys.stdout.buffer.write(content if content.endswith(b"\n") else content + b"\n")
    sys.stdout.buffer.flush()
