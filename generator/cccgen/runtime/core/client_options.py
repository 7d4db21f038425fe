"""The options every generated client takes, in one table.

``ClientCore.__init__`` spells them out by hand; the generated ``Client`` and ``AsyncClient``
repeat them from :data:`CLIENT_OPTIONS` (the generator reads this table), so that
``inspect.signature`` and an IDE show each option with its type. A test keeps the three equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ValidateMode = Literal["off", "warn", "strict"]
ProtocolName = Literal["https", "http"]
#: The canonical names, and the short aliases the command lines use.
SignatureName = Literal["ACS3-HMAC-SHA256", "HMAC-SHA1", "v3", "rpc", "v1"]

DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Option:
    """One keyword option: its name, its annotation as written in generated source, its
    default value, and one line of documentation (``{env_*}`` filled in from the spec)."""

    name: str
    annotation: str
    default: object
    doc: str


CLIENT_OPTIONS: tuple[Option, ...] = (
    Option(
        "credentials",
        "Credentials | None",
        None,
        "a Credentials object (instead of the three keys below).",
    ),
    Option(
        "access_key_id",
        "str | None",
        None,
        "AccessKey id (default: ${env_access_key_id}).",
    ),
    Option(
        "access_key_secret",
        "str | None",
        None,
        "AccessKey secret (default: ${env_access_key_secret}).",
    ),
    Option(
        "security_token",
        "str | None",
        None,
        "STS token (default: ${env_security_token}, if set).",
    ),
    Option("region", "str | None", None, "region id, e.g. cn-shanghai (endpoint from the spec)."),
    Option(
        "endpoint",
        "str | None",
        None,
        "host, host:port or URL; wins over region.",
    ),
    Option("protocol", 'Literal["https", "http"]', "https", "scheme for a bare host or region."),
    Option(
        "signature",
        'Literal["ACS3-HMAC-SHA256", "HMAC-SHA1", "v3", "rpc", "v1"]',
        "ACS3-HMAC-SHA256",
        "V3 (ACS3-HMAC-SHA256, alias v3) or RPC V1 (HMAC-SHA1, aliases rpc, v1).",
    ),
    Option("connect_timeout", "float | None", 5.0, "seconds per connect (None: no limit)."),
    Option("read_timeout", "float | None", 10.0, "seconds per read (None: no limit)."),
    Option(
        "total_timeout",
        "float | None",
        60.0,
        "seconds for a whole call, retries and waits included.",
    ),
    Option(
        "max_response_bytes",
        "int",
        DEFAULT_MAX_RESPONSE_BYTES,
        "cap on a body once decompressed (ResponseTooLargeError).",
    ),
    Option("retry", "RetryPolicy | None", None, "a RetryPolicy (default: RetryPolicy())."),
    Option(
        "validate",
        'Literal["off", "warn", "strict"]',
        "warn",
        "off, warn (log departures, list them in issues) or strict.",
    ),
    Option("user_agent", "str | None", None, "User-Agent header (default: the package's)."),
)


__all__ = [
    "CLIENT_OPTIONS",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "Option",
    "ProtocolName",
    "SignatureName",
    "ValidateMode",
]
