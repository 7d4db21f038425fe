# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/fake_server/serve_cli.py.
# Do not edit by hand: change the original and run `make generate`.
"""The ``serve`` command line of a fake server: options, the credentials from the environment
variables the spec names, and serving until a signal.

Used by ``python -m <pkg> serve`` (the generated ``__main__``) and by ``cccgen serve``; the
fake server itself is :mod:`.fake_server`. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping
from types import FrameType

from ...core.credentials import EnvironmentNames
from ..moments import MomentError, parse_window
from .fake_server import FakeServer, FakeServerError
from .synthetic import SyntheticOptions

SERVE_DESCRIPTION = (
    "Run a fake API endpoint on loopback for tests: it verifies V3 and RPC V1 signatures"
    " against the credentials given and serves the records (*.json, a record or a whole"
    " response per file) found under --data. Prints its URL on one line when ready, logs one"
    " line per request to stderr (never a secret, token or signature), stops on SIGINT or"
    " SIGTERM."
)

ServerFactory = Callable[..., FakeServer]


def add_serve_arguments(parser: argparse.ArgumentParser, env: EnvironmentNames | None) -> None:
    """The ``serve`` options, for any argparse parser or subparser; ``env`` names the
    variables the credentials default to (the spec's ``auth.environment``; None when the spec
    is read only once the command runs)."""
    key_id = f"${env.access_key_id}" if env else "the spec's auth.environment.access_key_id"
    secret = f"${env.access_key_secret}" if env else "the spec's auth.environment.access_key_secret"
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="directory searched recursively for *.json records (needed unless"
        " --synthetic-cdrs is given)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=0, help="port to bind (default 0: any free port)"
    )
    parser.add_argument(
        "--access-key-id",
        metavar="ID",
        help=f"the AccessKey id the server accepts (default: {key_id})",
    )
    parser.add_argument(
        "--access-key-secret",
        metavar="S",
        help=(
            f"the AccessKey secret the server checks signatures with (default:"
            f" {secret}; prefer the variable, a command line is visible to"
            " other users)"
        ),
    )
    parser.add_argument(
        "--security-token",
        metavar="TOKEN",
        help="require this STS security token on every request (default: none accepted)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log requests to stderr")
    add_synthetic_arguments(parser)
    parser.add_argument(
        "--no-record-check",
        dest="check_records",
        action="store_false",
        help="serve records even when they do not fit the response schema (by default the"
        " generated package's server refuses them, naming the file and the issues)",
    )


def add_synthetic_arguments(parser: argparse.ArgumentParser) -> None:
    """Synthetic records, throttling and random faults (for testing exporters at scale)."""
    group = parser.add_argument_group("synthetic load")
    group.add_argument(
        "--synthetic-cdrs",
        metavar="N",
        type=int,
        default=None,
        help="store N plausible call records generated from the spec (every enum value, events"
        " in order, an uneven day with a hot hour), deterministic for --seed",
    )
    group.add_argument(
        "--seed", type=int, default=0, help="seed of the synthetic records (default 0)"
    )
    group.add_argument(
        "--window",
        metavar="T1/T2",
        help="the records' StartTime lies in [T1, T2) (ISO 8601 or Unix ms; default: the last"
        " 24 hours)",
    )
    group.add_argument(
        "--instance-id",
        default="ccc-test",
        help="the synthetic records' instance (default ccc-test)",
    )
    group.add_argument(
        "--hot-share",
        type=float,
        default=0.22,
        metavar="F",
        help="share of the records in the window's hot hour (default 0.22)",
    )
    group.add_argument(
        "--max-rps",
        type=float,
        default=None,
        metavar="R",
        help="answer requests beyond R a second with Throttling.User and x-acs-retry-after (ms)",
    )
    group.add_argument(
        "--fault-rate",
        type=float,
        default=0.0,
        metavar="P",
        help="answer a share P (0 to 1) of the requests with a 503, drawn from --seed",
    )


def _load(server: FakeServer, args: argparse.Namespace, now_ms: int) -> str | None:
    """Synthetic records, rate limit and faults as asked; an error message, or None."""
    count = getattr(args, "synthetic_cdrs", None)
    try:
        if count is not None:
            window = args.window
            start, end = parse_window(window) if window else (now_ms - 86_400_000, now_ms)
            options = SyntheticOptions(
                count,
                seed=args.seed,
                start_ms=start,
                end_ms=end,
                instance_id=args.instance_id,
                hot_share=args.hot_share,
            )
            server.add_synthetic_records(options)
        if getattr(args, "max_rps", None) is not None:
            server.limit_rate(args.max_rps)
        if getattr(args, "fault_rate", 0.0):
            server.random_faults(args.fault_rate, seed=args.seed)
    except (MomentError, ValueError) as exc:
        return str(exc)
    return None


def run_serve(
    args: argparse.Namespace,
    *,
    factory: ServerFactory,
    env_names: EnvironmentNames,
    prog: str = "serve",
    environ: Mapping[str, str] | None = None,
) -> int:
    """Serve until SIGINT/SIGTERM; 0 on a clean stop, 2 on bad input (message on stderr)."""
    env = os.environ if environ is None else environ
    key_id = args.access_key_id or env.get(env_names.access_key_id, "")
    secret = args.access_key_secret or env.get(env_names.access_key_secret, "")
    if not key_id:
        print(f"{prog}: give --access-key-id or set ${env_names.access_key_id}", file=sys.stderr)
        return 2
    if not secret:
        print(
            f"{prog}: give --access-key-secret or set ${env_names.access_key_secret}",
            file=sys.stderr,
        )
        return 2
    if not 0 <= args.port <= 65535:
        print(f"{prog}: --port must be between 0 and 65535", file=sys.stderr)
        return 2
    if args.data is None and getattr(args, "synthetic_cdrs", None) is None:
        print(f"{prog}: give --data DIR or --synthetic-cdrs N", file=sys.stderr)
        return 2

    def log(line: str) -> None:
        # One write per line (print writes the text and its newline apart); FakeServer
        # already hands lines over one at a time.
        sys.stderr.write(line + "\n")
        sys.stderr.flush()

    try:
        server = factory(
            access_key_id=key_id,
            access_key_secret=secret,
            security_token=args.security_token,
            data_dir=args.data,
            host=args.host,
            port=args.port,
            log=None if args.quiet else log,
            validate_records=getattr(args, "check_records", True),
        )
        problem = _load(server, args, int(time.time() * 1000))
        if problem is not None:
            print(f"{prog}: {problem}", file=sys.stderr)
            return 2
        server.start()
    except FakeServerError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {
        signum: signal.signal(signum, on_signal) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        print(
            f"{prog}: {server.record_count} record(s)"
            f" from {args.data or 'the synthetic generator'}; Ctrl-C to stop",
            file=sys.stderr,
            flush=True,
        )
        print(server.url, flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    print(f"{prog}: stopped", file=sys.stderr, flush=True)
    return 0


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    factory: ServerFactory,
    env_names: EnvironmentNames,
    prog: str,
) -> argparse.ArgumentParser:
    """Add the ``serve`` subcommand, serving with ``factory``, to a parser with subparsers."""
    parser = sub.add_parser(
        "serve", help="run a fake API server on loopback for tests", description=SERVE_DESCRIPTION
    )
    add_serve_arguments(parser, env_names)

    def run(args: argparse.Namespace) -> int:
        return run_serve(args, factory=factory, env_names=env_names, prog=prog)

    parser.set_defaults(func=run)
    return parser
