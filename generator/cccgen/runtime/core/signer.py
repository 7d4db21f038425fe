"""Turn an operation call into a signed HTTP request, afresh for every attempt.

Each call to :meth:`RequestSigner.prepare` draws a new nonce and reads the clock again, so
a retried request is never refused as a replay (``SignatureNonceUsed``) or as stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .credentials import Credentials
from .endpoints import Endpoint
from .errors import ConfigurationError
from .parameters import FORM_CONTENT_TYPE, form_body
from .signing import (
    Clock,
    NonceFactory,
    build_rpc_v1_params,
    build_signed_v3_headers,
    canonical_query_string,
    sign_rpc_v1,
)

SignatureMethod = Literal["ACS3-HMAC-SHA256", "HMAC-SHA1"]
SIGNATURE_V3: SignatureMethod = "ACS3-HMAC-SHA256"
SIGNATURE_RPC_V1: SignatureMethod = "HMAC-SHA1"
SIGNATURE_METHODS: tuple[SignatureMethod, ...] = (SIGNATURE_V3, SIGNATURE_RPC_V1)
_ALIASES: dict[str, SignatureMethod] = {
    "acs3-hmac-sha256": SIGNATURE_V3,
    "v3": SIGNATURE_V3,
    "hmac-sha1": SIGNATURE_RPC_V1,
    "rpc": SIGNATURE_RPC_V1,
    "v1": SIGNATURE_RPC_V1,
}


def signature_method(value: str) -> SignatureMethod:
    """``ACS3-HMAC-SHA256`` (alias ``v3``) or ``HMAC-SHA1`` (aliases ``rpc``, ``v1``)."""
    chosen = _ALIASES.get(value.strip().lower()) if isinstance(value, str) else None
    if chosen is None:
        raise ConfigurationError(
            f"signature must be one of {', '.join(SIGNATURE_METHODS)} (or v3, rpc), not {value!r}"
        )
    return chosen


@dataclass(frozen=True, repr=False)
class PreparedRequest:
    """A signed request, ready to send. ``url`` already carries the encoded query; ``body``
    is the form-encoded body (empty for an operation without body parameters).

    Its repr names the parameters and headers but shows none of their values, since the
    query or headers may hold a security token.
    """

    method: str
    url: str
    headers: dict[str, str]
    query: dict[str, str]
    body: bytes = b""

    def __repr__(self) -> str:
        base = self.url.split("?", 1)[0]
        return (
            f"PreparedRequest(method={self.method!r}, url={base!r}, "
            f"query={sorted(self.query)!r}, headers={sorted(self.headers)!r})"
        )


@dataclass(frozen=True, repr=False)
class RequestSigner:
    """Signs requests for one product version, with one set of credentials, to one endpoint."""

    credentials: Credentials
    endpoint: Endpoint
    version: str
    signature: SignatureMethod = SIGNATURE_V3
    user_agent: str | None = None
    # RPC V1's Format parameter: the official SDK sends "json" (the API reference spells it
    # JSON; the answer is JSON either way).
    response_format: str = "json"
    clock: Clock | None = field(default=None, compare=False)
    nonce: NonceFactory | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        signature_method(self.signature)

    def __repr__(self) -> str:
        return (
            f"RequestSigner(credentials={self.credentials!r}, "
            f"endpoint={self.endpoint.base_url!r}, version={self.version!r}, "
            f"signature={self.signature!r})"
        )

    def prepare(
        self,
        action: str,
        params: Mapping[str, str],
        *,
        method: str = "POST",
        path: str = "/",
        body: Mapping[str, str] | None = None,
    ) -> PreparedRequest:
        """Sign one attempt at calling ``action`` with the API parameters ``params`` (query)
        and ``body`` (form body).

        As the official SDK does for RPC-style APIs: query parameters in the query string;
        with ``body`` (an operation that declares body parameters, even if none is set) a
        form-encoded body and its ``content-type``, else an empty body and none. V3 signs
        the body's hash; RPC V1 signs the body's parameters with the query's.
        """
        creds = self.credentials
        host = self.endpoint.host_header
        headers: dict[str, str] = {"accept": "application/json"}
        if self.user_agent:
            headers["user-agent"] = self.user_agent
        content = b"" if body is None else form_body(body)
        content_type = None if body is None else FORM_CONTENT_TYPE
        if self.signature == SIGNATURE_V3:
            query = dict(params)
            headers.update(
                build_signed_v3_headers(
                    method=method,
                    path=path,
                    query=query,
                    host=host,
                    action=action,
                    version=self.version,
                    access_key_id=creds.access_key_id,
                    access_key_secret=creds.access_key_secret,
                    body=content,
                    security_token=creds.security_token,
                    content_type=content_type,
                    clock=self.clock,
                    nonce=self.nonce,
                )
            )
        else:
            query = build_rpc_v1_params(
                action=action,
                version=self.version,
                access_key_id=creds.access_key_id,
                api_params=params,
                security_token=creds.security_token,
                response_format=self.response_format,
                clock=self.clock,
                nonce=self.nonce,
            )
            signed = {**query, **(body or {})}
            query["Signature"] = sign_rpc_v1(method, signed, creds.access_key_secret)
            # Unsigned here, but sent as the SDK sends them, so gateways and logs see the action.
            headers.update({"host": host, "x-acs-action": action, "x-acs-version": self.version})
            if content_type is not None:
                headers["content-type"] = content_type
        url = f"{self.endpoint.base_url}{path}"
        if query:
            # The query goes out exactly as it was signed: RFC 3986, sorted.
            url = f"{url}?{canonical_query_string(query)}"
        return PreparedRequest(method.upper(), url, headers, query, content)
