"""The API gateway's checks, in the order the gateway makes them: signature present and well
formed, AccessKey id known, signature matching, date within 15 minutes, nonce unused,
security token, action and version, required parameters. A failing check raises
:class:`Reject` with the gateway's error code. Standard library only."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import parse_qsl

from ...core.credentials import Credentials
from ...core.signing import (
    RPC_V1_SIGNATURE_METHOD,
    RPC_V1_SIGNATURE_VERSION,
    MalformedSignatureError,
    SigningError,
    parse_v3_authorization,
    verify_rpc_v1,
    verify_v3,
)
from .operations import FakeOperation

__all__ = [
    "MAX_CLOCK_SKEW_SECONDS",
    "NONCE_MEMORY_SECONDS",
    "Gateway",
    "GatewayRequest",
    "Reject",
    "RequestAuth",
    "blank_parameter",
    "parse_request",
]

MAX_CLOCK_SKEW_SECONDS = 15 * 60
NONCE_MEMORY_SECONDS = 2 * MAX_CLOCK_SKEW_SECONDS
_NONCES_BEFORE_PRUNING = 4096
_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_RPC_AUTH_PARAMS = ("AccessKeyId", "Signature", "SignatureNonce", "SignatureMethod", "Timestamp")

AuthKind = Literal["V3", "RPC"]


class Reject(Exception):
    """Answer the request with this gateway error (``arg`` fills the message's ``%s``)."""

    def __init__(self, code: str, arg: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.arg = arg


@dataclass
class RequestAuth:
    """What the checks learned of a request so far: kept when a later check refuses it, so
    that the request is recorded and logged with its action, signature kind and key."""

    action: str | None = None
    auth: AuthKind | None = None
    access_key_id: str | None = None
    verified: bool = False


@dataclass(frozen=True)
class GatewayRequest:
    """One request as the checks see it: header names lower-case, query and form merged
    into ``params``."""

    method: str
    path: str
    query: dict[str, str]
    params: dict[str, str]
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class _Signed:
    """What a verified signature vouches for."""

    access_key_id: str
    action: str | None
    version: str | None
    nonce: str
    token: str | None


def _parse_params(text: str) -> dict[str, str]:
    """Query or form parameters; a name given twice is refused (``InvalidParameter``)."""
    params: dict[str, str] = {}
    try:
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise Reject("InvalidParameter", "(undecodable)") from None
    for name, value in pairs:
        if name in params:
            raise Reject("InvalidParameter", name)
        params[name] = value
    return params


def parse_request(
    raw_query: str, headers: Mapping[str, str], body: bytes
) -> tuple[dict[str, str], dict[str, str]]:
    """``(query, params)``: the query string's parameters, and those with the form body's
    (a form body only; a name given in both is refused). ``headers`` are lower-case."""
    query = _parse_params(raw_query)
    params = dict(query)
    if body:
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            raise Reject("UnsupportedMediaType")
        try:
            form = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Reject("UnsupportedMediaType") from None
        for name, value in _parse_params(form).items():
            if name in params:
                raise Reject("InvalidParameter", name)
            params[name] = value
    return query, params


def blank_parameter(op: FakeOperation, params: Mapping[str, str]) -> str | None:
    """The first required parameter missing or blank, if any."""
    for name in op.required:
        if not params.get(name, "").strip():
            return name
    return None


class Gateway:
    """Checks requests against one AccessKey, one API version and the operations given;
    remembers nonces (safe from any thread)."""

    def __init__(
        self,
        credentials: Credentials,
        operations: Mapping[str, FakeOperation],
        api_version: str,
        clock: Callable[[], float],
    ) -> None:
        self._credentials = credentials
        self._operations = operations
        self._api_version = api_version
        self._clock = clock
        self._lock = threading.Lock()
        self._nonces: dict[tuple[str, str], float] = {}

    def admit(self, request: GatewayRequest, auth: RequestAuth) -> FakeOperation:
        """The operation a well signed request calls, else :class:`Reject`; ``auth`` is
        filled in as the checks go."""
        headers, params = request.headers, request.params
        auth.action = headers.get("x-acs-action") or params.get("Action")
        authorization = headers.get("authorization")
        if authorization is not None:
            auth.auth = "V3"
            signed = self._check_v3(request, authorization, auth)
        elif any(name in params for name in _RPC_AUTH_PARAMS):
            auth.auth = "RPC"
            signed = self._check_rpc(request, auth)
        else:
            missing = "Authorization" if any(h.startswith("x-acs-") for h in headers) else None
            raise Reject("MissingParameter", missing or "AccessKeyId")
        action = auth.action = signed.action
        self._check_nonce(signed.access_key_id, signed.nonce)
        self._check_token(signed.token)
        if request.path != "/" or not action or action not in self._operations:
            raise Reject("InvalidAction.NotFound")
        if signed.version != self._api_version:
            raise Reject("InvalidVersion")
        return self._operations[action]

    def _check_v3(self, request: GatewayRequest, authorization: str, auth: RequestAuth) -> _Signed:
        headers = request.headers
        for name in ("x-acs-date", "x-acs-signature-nonce"):
            if not headers.get(name, "").strip():
                raise Reject("MissingParameter", name)
        try:
            parsed = parse_v3_authorization(authorization)
        except MalformedSignatureError:
            raise Reject("IncompleteSignature") from None
        auth.access_key_id = parsed.access_key_id
        self._check_key(parsed.access_key_id)
        secret = self._credentials.access_key_secret
        try:
            good = verify_v3(
                request.method, request.path, request.query, headers, request.body, parsed, secret
            )
        except SigningError:
            good = False
        if not good:
            raise Reject("SignatureDoesNotMatch")
        auth.verified = True
        self._check_time(headers["x-acs-date"])
        return _Signed(
            parsed.access_key_id,
            headers.get("x-acs-action"),
            headers.get("x-acs-version"),
            headers["x-acs-signature-nonce"],
            headers.get("x-acs-security-token"),
        )

    def _check_rpc(self, request: GatewayRequest, auth: RequestAuth) -> _Signed:
        params = request.params
        for name in ("AccessKeyId", "Signature", "SignatureNonce", "Timestamp"):
            if not params.get(name, "").strip():
                raise Reject("MissingParameter", name)
        if params.get("SignatureMethod", RPC_V1_SIGNATURE_METHOD) != RPC_V1_SIGNATURE_METHOD:
            raise Reject("IncompleteSignature")
        if params.get("SignatureVersion", RPC_V1_SIGNATURE_VERSION) != RPC_V1_SIGNATURE_VERSION:
            raise Reject("IncompleteSignature")
        key = auth.access_key_id = params["AccessKeyId"]
        self._check_key(key)
        try:
            good = verify_rpc_v1(request.method, params, self._credentials.access_key_secret)
        except MalformedSignatureError:
            raise Reject("IncompleteSignature") from None
        if not good:
            raise Reject("SignatureDoesNotMatch")
        auth.verified = True
        self._check_time(params["Timestamp"])
        return _Signed(
            key,
            params.get("Action"),
            params.get("Version"),
            params["SignatureNonce"],
            params.get("SecurityToken"),
        )

    def _check_key(self, access_key_id: str) -> None:
        if access_key_id != self._credentials.access_key_id:
            raise Reject("InvalidAccessKeyId.NotFound")

    def _check_time(self, value: str) -> None:
        try:
            moment = datetime.strptime(value.strip(), _TIMESTAMP_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            raise Reject("InvalidTimeStamp.Format") from None
        if abs(moment.timestamp() - self._clock()) > MAX_CLOCK_SKEW_SECONDS:
            raise Reject("InvalidTimeStamp.Expired")

    def _check_nonce(self, access_key_id: str, nonce: str) -> None:
        # Called only once the signature and date checked out: a forged request burns none.
        now = self._clock()
        with self._lock:
            if len(self._nonces) > _NONCES_BEFORE_PRUNING:
                cutoff = now - NONCE_MEMORY_SECONDS
                self._nonces = {k: t for k, t in self._nonces.items() if t >= cutoff}
            key = (access_key_id, nonce)
            seen = self._nonces.get(key)
            if seen is not None and now - seen <= NONCE_MEMORY_SECONDS:
                raise Reject("SignatureNonceUsed")
            self._nonces[key] = now

    def _check_token(self, token: str | None) -> None:
        expected = self._credentials.security_token
        if expected is None:
            if token:
                raise Reject("InvalidSecurityToken.MismatchWithAccessKey")
            return
        if not token:
            raise Reject("MissingParameter", "SecurityToken")
        if not hmac.compare_digest(token.encode("utf-8"), expected.encode("utf-8")):
            raise Reject("InvalidSecurityToken.MismatchWithAccessKey")
