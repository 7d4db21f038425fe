"""`cccgen get`: fetch one call detail record with the generated client and print its JSON.

The command itself is `runtime/tools/get_cli.py`, which the generated package also ships as
`python -m ccc get`; this module only names the operation. The parser comes from cccgen's copy
(standard library only), the run from the package's own (`ccc._runtime.tools.get_cli`), so that
the errors it tells apart are the classes the package's client raises (see `package_tool`).
Credentials come from the environment (`ALIBABA_CLOUD_ACCESS_KEY_ID`,
`ALIBABA_CLOUD_ACCESS_KEY_SECRET`, and for STS `ALIBABA_CLOUD_SECURITY_TOKEN`). Exit status: see
`runtime/tools/get_cli.py` (0 printed and fits, 1 API error or no answer, 2 bad usage,
credentials or endpoint, 3 printed but drifts).
"""

from __future__ import annotations

import argparse

from cccgen.commands.package_tool import package_tool
from cccgen.runtime.tools.get_cli import GetCommand, add_arguments

PROG = "cccgen get"

COMMAND = GetCommand(
    package="ccc",
    operation="GetCallDetailRecord",
    method="get_call_detail_record_with_http_info",
    params=(
        ("ContactId", "contact_id", "ID of the call (ContactId)"),
        ("InstanceId", "instance_id", "ID of the contact center instance (InstanceId)"),
    ),
    env_access_key_id="ALIBABA_CLOUD_ACCESS_KEY_ID",
    env_access_key_secret="ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    env_security_token="ALIBABA_CLOUD_SECURITY_TOKEN",
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `get` subcommand to `sub`."""
    text = "fetch one call detail record (GetCallDetailRecord) and print the JSON received"
    parser = sub.add_parser("get", help=text, description=f"{text}. {COMMAND.credentials_help}")
    add_arguments(parser, COMMAND)
    parser.set_defaults(func=run_get)


def run_get(args: argparse.Namespace) -> int:
    """Fetch one call detail record with the package's own `get` and print the JSON received."""
    tool = package_tool(COMMAND.package, "get_cli", PROG)
    if tool is None:
        return 2
    status: int = tool.run(args, COMMAND, prog=PROG)
    return status
