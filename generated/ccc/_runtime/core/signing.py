# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/signing.py.
# Do not edit by hand: change the original and run `make generate`.
"""Alibaba Cloud request signing: V3 (``ACS3-HMAC-SHA256``) and RPC V1 (``HMAC-SHA1``).

Both schemes share one canonical query string: parameters sorted by name, names and
values percent-encoded per RFC 3986 over their UTF-8 bytes, joined as ``k=v`` with ``&``.

The module signs (for a client) and verifies (for a fake server). Nothing here ever puts
a secret, a security token or a signature key into an exception message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

V3_ALGORITHM = "ACS3-HMAC-SHA256"
RPC_V1_SIGNATURE_METHOD = "HMAC-SHA1"
RPC_V1_SIGNATURE_VERSION = "1.0"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()

# The server expects these always to be covered by a V3 signature when they are sent.
_ALWAYS_SIGNED_HEADERS = frozenset({"host", "content-type"})
_ACS_HEADER_PREFIX = "x-acs-"

# RFC 7230 token characters, lower-case only: what a canonical header name may hold.
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9a-z-]+")
_HEX_SHA256 = re.compile(r"[0-9a-f]{64}")
_HTTP_WHITESPACE = " \t"

Clock = Callable[[], datetime]
NonceFactory = Callable[[], str]


class SigningError(ValueError):
    """Inputs that cannot be signed or verified as given."""


class MalformedSignatureError(SigningError):
    """A signature, or the Authorization header carrying it, is missing parts or malformed."""


# --------------------------------------------------------------------------- shared pieces


def percent_encode(value: str) -> str:
    """Percent-encode ``value`` per RFC 3986: only ``A-Z a-z 0-9 - _ . ~`` stay literal.

    Spaces become ``%20`` (never ``+``) and ``*`` becomes ``%2A``, as both schemes require.
    """
    # quote() with no safe characters keeps exactly the RFC 3986 unreserved set.
    return quote(value, safe="", encoding="utf-8", errors="strict")


def canonical_query_string(query: Mapping[str, str]) -> str:
    """Sort parameters by name (code point order, the same as UTF-8 byte order), encode, join."""
    return "&".join(
        f"{percent_encode(name)}={percent_encode(query[name])}" for name in sorted(query)
    )


def hash_body(body: bytes) -> str:
    """Hex SHA-256 of the request body, the value of ``x-acs-content-sha256``."""
    return hashlib.sha256(body).hexdigest()


def format_timestamp(moment: datetime) -> str:
    """Format an aware datetime as the UTC ``YYYY-MM-DDTHH:MM:SSZ`` both schemes use."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A naive time could be local or UTC; guessing would skew the signature's clock.
        raise SigningError("timestamp must be a timezone-aware datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _hex_nonce() -> str:
    return secrets.token_hex(16)


def _uuid_nonce() -> str:
    return str(uuid.uuid4())


def _lower_header_map(headers: Mapping[str, str]) -> dict[str, str]:
    """Lower-case header names; two names differing only by case are ambiguous."""
    lowered: dict[str, str] = {}
    for name, value in headers.items():
        key = name.strip().lower()
        if key in lowered:
            raise SigningError(f"header {key!r} is given more than once")
        lowered[key] = value
    return lowered


# --------------------------------------------------------------------------- V3


def default_signed_header_names(headers: Mapping[str, str]) -> list[str]:
    """Names a V3 client signs by default: ``host``, ``content-type`` and every ``x-acs-*``."""
    names = _lower_header_map(headers)
    return sorted(
        n for n in names if n in _ALWAYS_SIGNED_HEADERS or n.startswith(_ACS_HEADER_PREFIX)
    )


def canonical_headers(
    headers: Mapping[str, str], signed_header_names: Iterable[str] | None = None
) -> tuple[str, str]:
    """Return ``(canonical_headers, signed_headers)`` for a V3 canonical request.

    ``canonical_headers`` is ``name:value\\n`` per signed header (names lower-cased, values
    trimmed, sorted by name) and ``signed_headers`` the names joined with ``;``. Without
    ``signed_header_names`` the defaults of :func:`default_signed_header_names` are used.
    """
    lowered = _lower_header_map(headers)
    if signed_header_names is None:
        names = default_signed_header_names(headers)
    else:
        names = sorted({name.strip().lower() for name in signed_header_names})
    if not names:
        raise SigningError("no headers to sign")
    lines: list[str] = []
    for name in names:
        if not _HEADER_NAME.fullmatch(name):
            raise SigningError(f"invalid header name {name!r}")
        if name not in lowered:
            raise SigningError(f"header {name!r} is to be signed but is not in the request")
        # Only spaces and tabs are HTTP whitespace; a value cannot carry line breaks.
        lines.append(f"{name}:{lowered[name].strip(_HTTP_WHITESPACE)}\n")
    return "".join(lines), ";".join(names)


def canonical_request_v3(
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    body_sha256: str,
    signed_header_names: Iterable[str] | None = None,
) -> str:
    """Build the V3 canonical request.

    ``METHOD\\nPATH\\nQUERY\\nHEADERS\\nSIGNED_HEADERS\\nBODY_SHA256``, where HEADERS already
    ends in a newline, so a blank line separates it from the signed-header list.
    """
    header_block, signed = canonical_headers(headers, signed_header_names)
    return "\n".join(
        [
            method.upper(),
            path or "/",
            canonical_query_string(query),
            header_block,
            signed,
            body_sha256,
        ]
    )


def string_to_sign_v3(canonical_request: str) -> str:
    """``ACS3-HMAC-SHA256\\n`` followed by the hex SHA-256 of the canonical request."""
    digest = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    return f"{V3_ALGORITHM}\n{digest}"


def signature_v3(string_to_sign: str, access_key_secret: str) -> str:
    """Hex HMAC-SHA256 of the string to sign, keyed with the AccessKey secret."""
    return hmac.new(
        access_key_secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def authorization_v3(access_key_id: str, signed_headers: str, signature: str) -> str:
    """Assemble the V3 ``Authorization`` header value."""
    return (
        f"{V3_ALGORITHM} Credential={access_key_id},"
        f"SignedHeaders={signed_headers},Signature={signature}"
    )


def sign_v3(
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    body: bytes,
    access_key_id: str,
    access_key_secret: str,
    *,
    signed_header_names: Iterable[str] | None = None,
) -> str:
    """Sign a request with ``ACS3-HMAC-SHA256`` and return the ``Authorization`` value.

    ``headers`` must hold ``host`` and the ``x-acs-*`` headers (see :func:`build_v3_headers`).
    """
    lowered = _lower_header_map(headers)
    if "host" not in lowered:
        raise SigningError("the 'host' header is required for V3 signing")
    body_sha256 = hash_body(body)
    declared = lowered.get("x-acs-content-sha256")
    if declared is not None and declared.strip().lower() != body_sha256:
        raise SigningError("x-acs-content-sha256 does not match the SHA-256 of the body")
    canonical = canonical_request_v3(method, path, query, headers, body_sha256, signed_header_names)
    _, signed = canonical_headers(headers, signed_header_names)
    signature = signature_v3(string_to_sign_v3(canonical), access_key_secret)
    return authorization_v3(access_key_id, signed, signature)


def build_v3_headers(
    *,
    host: str,
    action: str,
    version: str,
    body: bytes = b"",
    security_token: str | None = None,
    content_type: str | None = None,
    clock: Clock | None = None,
    nonce: NonceFactory | None = None,
) -> dict[str, str]:
    """The headers a V3 request signs: ``host`` plus every ``x-acs-*`` header.

    ``clock`` (returning an aware datetime) and ``nonce`` default to the current UTC time and
    32 random hex digits; inject them to make requests reproducible in tests.
    """
    headers = {
        "host": host,
        "x-acs-action": action,
        "x-acs-version": version,
        "x-acs-date": format_timestamp((clock or _utc_now)()),
        "x-acs-signature-nonce": (nonce or _hex_nonce)(),
        "x-acs-content-sha256": hash_body(body),
    }
    if security_token is not None:
        headers["x-acs-security-token"] = security_token
    if content_type is not None:
        headers["content-type"] = content_type
    return headers


def build_signed_v3_headers(
    *,
    method: str,
    path: str,
    query: Mapping[str, str],
    host: str,
    action: str,
    version: str,
    access_key_id: str,
    access_key_secret: str,
    body: bytes = b"",
    security_token: str | None = None,
    content_type: str | None = None,
    clock: Clock | None = None,
    nonce: NonceFactory | None = None,
) -> dict[str, str]:
    """:func:`build_v3_headers` plus the matching ``Authorization`` header, ready to send."""
    headers = build_v3_headers(
        host=host,
        action=action,
        version=version,
        body=body,
        security_token=security_token,
        content_type=content_type,
        clock=clock,
        nonce=nonce,
    )
    headers["authorization"] = sign_v3(
        method, path, query, headers, body, access_key_id, access_key_secret
    )
    return headers


@dataclass(frozen=True)
class ParsedAuthorization:
    """The parts of a V3 ``Authorization`` header."""

    algorithm: str
    access_key_id: str
    signed_headers: tuple[str, ...]
    signature: str


def parse_v3_authorization(value: str) -> ParsedAuthorization:
    """Parse ``ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..``.

    Raises :class:`MalformedSignatureError` on any other shape: the wrong algorithm, a
    missing, empty or repeated part, a bad header name, or a signature that is not hex.
    """
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != V3_ALGORITHM:
        raise MalformedSignatureError(f"Authorization must start with {V3_ALGORITHM!r}")
    parts: dict[str, str] = {}
    for item in rest.split(","):
        key, sep, part = item.strip().partition("=")
        if not sep:
            raise MalformedSignatureError("Authorization parts must look like Name=value")
        if key not in ("Credential", "SignedHeaders", "Signature"):
            raise MalformedSignatureError(f"unknown Authorization part {key!r}")
        if key in parts:
            raise MalformedSignatureError(f"Authorization part {key!r} is repeated")
        if not part:
            raise MalformedSignatureError(f"Authorization part {key!r} is empty")
        parts[key] = part
    for required in ("Credential", "SignedHeaders", "Signature"):
        if required not in parts:
            raise MalformedSignatureError(f"Authorization lacks {required}")

    access_key_id = parts["Credential"]
    if any(ch.isspace() for ch in access_key_id):
        raise MalformedSignatureError("Credential must not contain whitespace")
    names = tuple(parts["SignedHeaders"].split(";"))
    for name in names:
        if not _HEADER_NAME.fullmatch(name):
            raise MalformedSignatureError("SignedHeaders holds an empty or invalid header name")
    if len(set(names)) != len(names):
        raise MalformedSignatureError("SignedHeaders names a header twice")
    signature = parts["Signature"].lower()
    if not _HEX_SHA256.fullmatch(signature):
        raise MalformedSignatureError("Signature must be 64 hex digits")
    return ParsedAuthorization(V3_ALGORITHM, access_key_id, names, signature)


def verify_v3(
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    body: bytes,
    authorization: str | ParsedAuthorization,
    access_key_secret: str,
) -> bool:
    """Check a V3-signed request as a server would; ``True`` only if the signature matches.

    Also ``False`` when a signed header is absent, when ``host``, ``content-type`` or an
    ``x-acs-*`` header was sent but left unsigned (it could be changed in transit), or when
    ``x-acs-content-sha256`` disagrees with the body. A malformed ``authorization`` string
    raises :class:`MalformedSignatureError`, so a server can tell it from a wrong signature.
    The access key id is not checked here: look the secret up by ``access_key_id`` first.
    """
    parsed = (
        authorization
        if isinstance(authorization, ParsedAuthorization)
        else parse_v3_authorization(authorization)
    )
    lowered = _lower_header_map(headers)
    signed = set(parsed.signed_headers)
    if not signed.issubset(lowered):
        return False
    must_sign = {
        n for n in lowered if n in _ALWAYS_SIGNED_HEADERS or n.startswith(_ACS_HEADER_PREFIX)
    }
    if "host" not in lowered or not must_sign.issubset(signed):
        return False
    body_sha256 = hash_body(body)
    declared = lowered.get("x-acs-content-sha256")
    if declared is not None and declared.strip().lower() != body_sha256:
        return False
    canonical = canonical_request_v3(method, path, query, headers, body_sha256, signed)
    expected = signature_v3(string_to_sign_v3(canonical), access_key_secret)
    # Bytes, not str: compare_digest refuses non-ASCII str, which a client could send.
    return hmac.compare_digest(expected.encode("ascii"), parsed.signature.encode("utf-8"))


# --------------------------------------------------------------------------- RPC V1


def string_to_sign_rpc_v1(method: str, params: Mapping[str, str]) -> str:
    """``METHOD&%2F&`` + the canonical query (without ``Signature``) percent-encoded again."""
    unsigned = {name: value for name, value in params.items() if name != "Signature"}
    return (
        f"{method.upper()}&{percent_encode('/')}&{percent_encode(canonical_query_string(unsigned))}"
    )


def sign_rpc_v1(method: str, params: Mapping[str, str], access_key_secret: str) -> str:
    """Base64 HMAC-SHA1 of the RPC string to sign, keyed with ``<secret>&``.

    A ``Signature`` entry in ``params`` is ignored, so a full request can be re-signed.
    """
    digest = hmac.new(
        f"{access_key_secret}&".encode(),
        string_to_sign_rpc_v1(method, params).encode("utf-8"),
        hashlib.sha1,
    ).digest()
    return base64.b64encode(digest).decode("ascii")


_RPC_COMMON_PARAMS = frozenset(
    {
        "Action",
        "Version",
        "Format",
        "AccessKeyId",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureNonce",
        "Timestamp",
        "SecurityToken",
        "Signature",
    }
)


def build_rpc_v1_params(
    *,
    action: str,
    version: str,
    access_key_id: str,
    api_params: Mapping[str, str] | None = None,
    security_token: str | None = None,
    response_format: str = "JSON",
    clock: Clock | None = None,
    nonce: NonceFactory | None = None,
) -> dict[str, str]:
    """The API's own parameters plus the RPC common ones, ready for :func:`sign_rpc_v1`.

    ``clock`` and ``nonce`` default to the current UTC time and a random UUID; inject them
    for reproducible tests. The result has no ``Signature``: add ``sign_rpc_v1(...)``.
    """
    own = dict(api_params or {})
    clashes = sorted(_RPC_COMMON_PARAMS.intersection(own))
    if clashes:
        raise SigningError(f"API parameters clash with common RPC parameters: {clashes}")
    params = {
        **own,
        "Action": action,
        "Version": version,
        "Format": response_format,
        "AccessKeyId": access_key_id,
        "SignatureMethod": RPC_V1_SIGNATURE_METHOD,
        "SignatureVersion": RPC_V1_SIGNATURE_VERSION,
        "SignatureNonce": (nonce or _uuid_nonce)(),
        "Timestamp": format_timestamp((clock or _utc_now)()),
    }
    if security_token is not None:
        params["SecurityToken"] = security_token
    return params


def verify_rpc_v1(method: str, params: Mapping[str, str], access_key_secret: str) -> bool:
    """Check the ``Signature`` carried in ``params``; ``True`` only if it matches.

    Raises :class:`MalformedSignatureError` when ``Signature`` is missing or empty, or when
    ``SignatureMethod`` / ``SignatureVersion`` name a scheme other than HMAC-SHA1 1.0.
    """
    given = params.get("Signature")
    if not given:
        raise MalformedSignatureError("request carries no Signature parameter")
    if params.get("SignatureMethod", RPC_V1_SIGNATURE_METHOD) != RPC_V1_SIGNATURE_METHOD:
        raise MalformedSignatureError(f"SignatureMethod must be {RPC_V1_SIGNATURE_METHOD!r}")
    if params.get("SignatureVersion", RPC_V1_SIGNATURE_VERSION) != RPC_V1_SIGNATURE_VERSION:
        raise MalformedSignatureError(f"SignatureVersion must be {RPC_V1_SIGNATURE_VERSION!r}")
    expected = sign_rpc_v1(method, params, access_key_secret)
    return hmac.compare_digest(expected.encode("ascii"), given.encode("utf-8"))
