# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/get_cli.py.
# Do not edit by hand: change the original and run `make generate`.
"""The ``get`` command: call one read operation with the generated client, print the JSON.

Meant for capturing real responses for the validator: a successful answer's body is printed
exactly as the API sent it (``--pretty`` re-indents it), whatever validation says, since
capture is how drift reaches CI. Credentials come from the environment only, so they never
appear on a command line. Standard library only at import: the client (httpx, pydantic) is
imported when the command runs. Text from the server reaches stderr with its control
characters escaped.

Exit status (:data:`EXIT_STATUS`): 0 printed and fits the spec; 1 an API error or no complete
answer; 2 bad usage, credentials, endpoint or a blank parameter; 3 printed, but it drifts.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from dataclasses import dataclass
from typing import Any

from ..core.errors import printable

EXIT_FITS, EXIT_FAILED, EXIT_USAGE, EXIT_DRIFT = 0, 1, 2, 3

EXIT_STATUS = (
    "exit status: 0 the body was printed and fits the spec (with --validate off: printed, not "
    "checked); 1 the API answered an error, or no complete answer came (connection, timeouts, "
    "a body over --max-response-bytes); 2 bad usage, credentials, endpoint or a blank "
    "parameter; 3 the body was printed but drifts from the spec (the departures are listed on "
    "stderr, with --validate warn or strict) or is not a JSON object."
)


@dataclass(frozen=True)
class GetCommand:
    """What the command calls: ``package.Client().<method>(**params)``.

    ``params`` holds ``(wire name, Python name, help)`` per required string parameter; each
    becomes an option ``--python-name``.
    """

    package: str
    operation: str
    method: str
    params: tuple[tuple[str, str, str], ...]
    # The spec's auth.environment (named only for the help text: the client reads them).
    env_access_key_id: str
    env_access_key_secret: str
    env_security_token: str

    @property
    def credentials_help(self) -> str:
        return (
            f"Credentials come from {self.env_access_key_id}, {self.env_access_key_secret} and, "
            f"for STS, {self.env_security_token}."
        )


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
        raise argparse.ArgumentTypeError(f"not a whole number: {printable(text, 40)!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_arguments(parser: argparse.ArgumentParser, command: GetCommand) -> None:
    """The ``get`` options, for any argparse parser or subparser."""
    for _wire, python, text in command.params:
        option = f"--{python.replace('_', '-')}"
        # argparse %-formats help text; spec text may hold a percent sign.
        parser.add_argument(option, dest=python, required=True, help=text.replace("%", "%%"))
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--region", help="region id, e.g. cn-shanghai (endpoint from the spec's rule)"
    )
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
    add_client_options(parser, total_timeout=60.0, max_attempts=3)
    parser.add_argument("--pretty", action="store_true", help="indent the JSON instead of raw")
    parser.add_argument("--verbose", "-v", action="store_true", help="log each attempt to stderr")
    parser.epilog = EXIT_STATUS


def add_client_options(
    parser: argparse.ArgumentParser, *, total_timeout: float, max_attempts: int
) -> None:
    """The options `build_client` reads (signature, timeouts, answer size, attempts), with the
    command's own defaults for the whole call's time and the tries: `get` and `export-cdrs`."""
    parser.add_argument(
        "--signature",
        choices=("v3", "rpc"),
        default="v3",
        help="ACS3-HMAC-SHA256 (v3, default) or HMAC-SHA1 (rpc)",
    )
    parser.add_argument("--connect-timeout", type=_seconds, default=5.0, metavar="SECONDS")
    parser.add_argument("--read-timeout", type=_seconds, default=10.0, metavar="SECONDS")
    parser.add_argument(
        "--total-timeout",
        type=_seconds,
        default=total_timeout,
        metavar="SECONDS",
        help=f"the whole call, retries included (default {total_timeout:g})",
    )
    parser.add_argument(
        "--max-response-bytes",
        type=_attempts,
        default=10 * 1024 * 1024,
        metavar="N",
        help="refuse an answer larger than this once decompressed (default 10 MiB)",
    )
    parser.add_argument(
        "--max-attempts",
        type=_attempts,
        default=max_attempts,
        metavar="N",
        help=f"tries per call, in all (default {max_attempts})",
    )


def _configure_logging(package: str, prog: str, verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"{prog}: %(levelname)s: %(message)s"))
    package_logger = logging.getLogger(package)
    package_logger.addHandler(handler)
    package_logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    package_logger.propagate = False


def build_client(client_module: Any, args: argparse.Namespace, *, validate: str) -> Any:
    """The generated ``Client`` from the connection options (``get`` and ``export-cdrs``)."""
    return client_module.Client(
        region=args.region,
        endpoint=args.endpoint,
        signature=args.signature,
        connect_timeout=args.connect_timeout,
        read_timeout=args.read_timeout,
        total_timeout=args.total_timeout,
        max_response_bytes=args.max_response_bytes,
        retry=client_module.RetryPolicy(max_attempts=args.max_attempts),
        validate=validate,
    )


def run(args: argparse.Namespace, command: GetCommand, *, prog: str) -> int:
    """Run the command from parsed arguments; returns the exit status."""

    def fail(message: str, status: int) -> int:
        # Every line escaped: server text must not rewrite the terminal or forge a log line.
        lines = (printable(line, 2000) for line in message.split("\n"))
        print(f"{prog}: " + "\n".join(lines), file=sys.stderr)
        return status

    try:
        client_module = importlib.import_module(f"{command.package}.client")
        errors = importlib.import_module(f"{command.package}.errors")
    except ImportError as exc:
        return fail(f"cannot import the generated package {command.package!r}: {exc}", 2)
    _configure_logging(command.package, prog, args.verbose)
    try:
        client = build_client(client_module, args, validate=args.validate)
    except errors.ConfigurationError as exc:
        return fail(str(exc), EXIT_USAGE)
    with client:
        call = getattr(client, command.method)
        try:
            response = call(**{python: getattr(args, python) for _, python, _ in command.params})
        except errors.InvalidResponseError as exc:
            # A 2xx body that drifts (strict) or is not JSON: printed all the same.
            status = exc.http_status
            if exc.content is None or status is None or not 200 <= status < 300:
                return fail(f"{command.operation} failed: {exc}", EXIT_FAILED)
            _print_body(exc.content, pretty=args.pretty)
            return fail(str(exc), EXIT_DRIFT)
        except errors.ConfigurationError as exc:
            return fail(str(exc), EXIT_USAGE)
        except errors.ApiError as exc:
            return fail(f"{command.operation} failed: {exc}", 2 if exc.is_local else 1)
        except errors.ServiceError as exc:
            return fail(f"{command.operation} failed: {exc}", EXIT_FAILED)
    _print_body(response.content, pretty=args.pretty)
    # "warn" has logged the departures on stderr; "off" checked nothing.
    return EXIT_DRIFT if response.issues else EXIT_FITS


def _print_body(content: bytes, *, pretty: bool) -> None:
    if pretty:
        try:
            shown = json.dumps(json.loads(content), ensure_ascii=False, indent=2) + "\n"
        except (ValueError, RecursionError):
            pass  # not JSON: printed as received
        else:
            sys.stdout.write(shown)
            sys.stdout.flush()
            return
    if _isatty():
        # A terminal, not a capture: the server's bytes must not drive it (escape sequences,
        # bidi overrides). Line breaks stay; redirected, the bytes go out exactly.
        text = content.decode("utf-8", "replace")
        sys.stdout.write("\n".join(printable(line, len(line)) for line in text.split("\n")))
        sys.stdout.write("" if text.endswith("\n") else "\n")
        sys.stdout.flush()
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(content if content.endswith(b"\n") else content + b"\n")
    sys.stdout.buffer.flush()


def _isatty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError, OSError):
        return False
