"""What the generated ``Client`` and ``AsyncClient`` share: configuration and result handling.

The generated classes add one method per operation; everything that does not vary with the
spec lives here: resolving credentials and the endpoint, building the transport, checking
required parameters, validating the answer and building the typed model.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Self, TypedDict, TypeVar, Unpack

import httpx
from pydantic import BaseModel, ValidationError

from .client_options import (
    DEFAULT_MAX_RESPONSE_BYTES,
    ProtocolName,
    SignatureName,
    ValidateMode,
)
from .credentials import Credentials, CredentialsError, EnvironmentNames, missing_variables
from .endpoints import EndpointError, resolve_endpoint
from .error_table import ErrorTable, rehoming
from .errors import (
    ApiError,
    ConfigurationError,
    InvalidResponseError,
    ResponseValidationError,
    describe_issue,
    printable,
)
from .issues import Issue
from .lenient import construct, model_issues
from .responses import ApiResponse, RawResponse
from .retry import Random, RetryPolicy
from .signer import SIGNATURE_V3, RequestSigner, signature_method
from .transport import (
    AsyncSleep,
    AsyncTransport,
    Sleep,
    SyncTransport,
    Timeouts,
    check_max_response_bytes,
)

logger = logging.getLogger(__name__)

VALIDATE_MODES: tuple[ValidateMode, ...] = ("off", "warn", "strict")
Validator = Callable[..., list[Issue]]
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


@dataclass(frozen=True)
class ServiceInfo:
    """The spec's facts a client needs: API version, endpoint rule, environment variable names."""

    product: str
    api_version: str
    host_pattern: str
    central_host: str | None
    central_regions: frozenset[str]
    env_access_key_id: str
    env_access_key_secret: str
    env_security_token: str
    user_agent: str = "cccgen"
    #: Explicit hosts by region (the spec's ``endpoints``), tried before ``host_pattern``.
    regional_hosts: Mapping[str, str] = field(default_factory=dict)

    @property
    def environment(self) -> EnvironmentNames:
        return EnvironmentNames(
            self.env_access_key_id, self.env_access_key_secret, self.env_security_token
        )


def resolve_credentials(
    service: ServiceInfo,
    *,
    credentials: Credentials | None,
    access_key_id: str | None,
    access_key_secret: str | None,
    security_token: str | None,
    environ: Mapping[str, str] | None = None,
) -> Credentials:
    """Explicit credentials win; with none given, read the environment variables."""
    try:
        if credentials is not None:
            if access_key_id is not None or access_key_secret is not None:
                raise ConfigurationError(
                    "pass either credentials or access_key_id/secret, not both"
                )
            if not isinstance(credentials, Credentials):
                raise ConfigurationError("credentials must be a Credentials instance")
            return credentials
        if access_key_id is not None or access_key_secret is not None:
            if access_key_id is None or access_key_secret is None:
                raise ConfigurationError("access_key_id and access_key_secret go together")
            return Credentials(access_key_id, access_key_secret, security_token)
        env = os.environ if environ is None else environ
        missing = missing_variables(service.environment, env)
        if missing:
            raise ConfigurationError(
                "no credentials given and environment variable(s) not set or blank: "
                + ", ".join(missing)
            )
        found = Credentials.from_env(service.environment, env)
        if security_token is not None:
            return Credentials(found.access_key_id, found.access_key_secret, security_token)
        return found
    except CredentialsError as exc:
        raise ConfigurationError(str(exc)) from None


def required_text(value: object, wire_name: str, error: type[ApiError], message: str) -> str:
    """Check a required string parameter locally, as the server would.

    ``None``, an empty string or one made only of whitespace raises ``error`` with the spec's
    message (``%s`` replaced by the parameter's wire name), before anything is sent. A value
    of another type raises :class:`ConfigurationError`.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise error(message.replace("%s", wire_name), code=error.error_code or "Parameter.Blank")
    if not isinstance(value, str):
        raise ConfigurationError(f"{wire_name} must be a string, not {type(value).__name__}")
    return value


def required_value(value: T, wire_name: str, error: type[ApiError], message: str) -> T:
    """A required parameter of another type than string: ``None`` raises ``error`` with the
    spec's message, as :func:`required_text` does, before anything is sent."""
    if value is None:
        raise error(message.replace("%s", wire_name), code=error.error_code or "Parameter.Blank")
    return value


def _check_validate(mode: object) -> ValidateMode:
    for known in VALIDATE_MODES:
        if mode == known:
            return known
    raise ConfigurationError(f"validate must be one of {', '.join(VALIDATE_MODES)}, not {mode!r}")


class ClientOptions(TypedDict, total=False):
    """Keyword options every client takes (see :class:`ClientCore`)."""

    credentials: Credentials | None
    access_key_id: str | None
    access_key_secret: str | None
    security_token: str | None
    region: str | None
    endpoint: str | None
    protocol: ProtocolName
    signature: SignatureName
    connect_timeout: float | None
    read_timeout: float | None
    total_timeout: float | None
    max_response_bytes: int
    retry: RetryPolicy | None
    validate: ValidateMode
    user_agent: str | None


class ClientCore:
    """Configuration and result handling shared by the sync and async clients.

    Credentials: ``credentials``, or ``access_key_id`` + ``access_key_secret`` (+ the STS
    ``security_token``), else the environment variables the spec names. Endpoint: an explicit
    ``endpoint`` (``host``, ``host:port`` or a URL) wins over ``region``; HTTPS unless
    ``protocol="http"`` or an ``http://`` URL asks otherwise. ``signature`` is
    ``ACS3-HMAC-SHA256`` (V3, default) or ``HMAC-SHA1`` (RPC V1). Timeouts are in seconds
    (``None`` waits forever): ``connect_timeout`` and ``read_timeout`` bound each connect and
    each read, ``total_timeout`` a whole call, retries and waits included (past it:
    :class:`RequestTimeout` with ``phase="total"``). ``max_response_bytes`` caps a body once
    decompressed (past it: :class:`ResponseTooLargeError`). ``retry`` is a
    :class:`RetryPolicy`. ``validate``: ``off`` (no check), ``warn`` (log departures from the
    spec, list them in ``issues``, still return the model) or ``strict`` (raise
    :class:`ResponseValidationError`, which carries the body). In ``off`` and ``warn`` a body
    the model cannot hold still comes back: built leniently (``lenient=True``, see
    :func:`.lenient.construct`).
    """

    SERVICE: ServiceInfo
    #: The service's error classes: by code, and its own subclass of each generic class.
    ERRORS_BY_CODE: Mapping[str, type[ApiError]] = ErrorTable({}, {})

    @property
    def _errors(self) -> ErrorTable:
        return rehoming(self.ERRORS_BY_CODE)

    def _required_text(
        self, value: object, wire_name: str, error: type[ApiError], message: str
    ) -> str:
        """:func:`required_text`, raising the service's own classes."""
        with self._errors.rehoming():
            return required_text(value, wire_name, error, message)

    def _required_value(
        self, value: T, wire_name: str, error: type[ApiError], message: str
    ) -> T:
        """:func:`required_value`, raising the service's own classes."""
        with self._errors.rehoming():
            return required_value(value, wire_name, error, message)

    def _encode(self, encode: Callable[[object, str], str], value: object, wire_name: str) -> str:
        """``encode(value, wire_name)``: a function of :mod:`.parameters` turning an argument
        into the text sent, raising the service's own ConfigurationError for a wrong type."""
        with self._errors.rehoming():
            return encode(value, wire_name)

    def __init__(
        self,
        *,
        credentials: Credentials | None = None,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        security_token: str | None = None,
        region: str | None = None,
        endpoint: str | None = None,
        protocol: ProtocolName = "https",
        signature: SignatureName = SIGNATURE_V3,
        connect_timeout: float | None = 5.0,
        read_timeout: float | None = 10.0,
        total_timeout: float | None = 60.0,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        retry: RetryPolicy | None = None,
        validate: ValidateMode = "warn",
        user_agent: str | None = None,
    ) -> None:
        with self._errors.rehoming():
            service = self.SERVICE
            creds = resolve_credentials(
                service,
                credentials=credentials,
                access_key_id=access_key_id,
                access_key_secret=access_key_secret,
                security_token=security_token,
            )
            try:
                where = resolve_endpoint(
                    region=region,
                    endpoint=endpoint,
                    product_host_pattern=service.host_pattern,
                    central_host=service.central_host or service.host_pattern,
                    central_regions=service.central_regions,
                    scheme=protocol,
                    regional_hosts=service.regional_hosts,
                )
            except EndpointError as exc:
                raise ConfigurationError(str(exc)) from None
            if retry is not None and not isinstance(retry, RetryPolicy):
                raise ConfigurationError("retry must be a RetryPolicy")
            self.validate: ValidateMode = _check_validate(validate)
            self.timeouts = Timeouts(
                connect=connect_timeout, read=read_timeout, total=total_timeout
            )
            self.max_response_bytes = check_max_response_bytes(max_response_bytes)
            self.retry = retry if retry is not None else RetryPolicy()
            self.signer = RequestSigner(
                credentials=creds,
                endpoint=where,
                version=service.api_version,
                signature=signature_method(signature),
                user_agent=user_agent or service.user_agent,
            )

    @property
    def endpoint(self) -> str:
        """``scheme://host[:port]`` requests go to."""
        return self.signer.endpoint.base_url

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(endpoint={self.endpoint!r}, "
            f"access_key_id={self.signer.credentials.access_key_id!r}, "
            f"signature={self.signer.signature!r}, validate={self.validate!r})"
        )

    def _validator(self) -> Validator:
        raise NotImplementedError  # the generated client returns its package's validator

    def _finish(self, operation: str, raw: RawResponse, model: type[M]) -> ApiResponse[M]:
        """Validate the payload per ``validate`` and build the typed model (leniently when
        the body does not fit it, unless ``strict``)."""
        issues: list[Issue] = []
        if self.validate != "off":
            issues = list(self._validator()(operation, raw.payload, strict=True))
        data: M | None = None
        lenient = False
        try:
            data = model.model_validate(raw.payload)
        except ValidationError as exc:
            if self.validate != "off" and not issues:
                issues = model_issues(exc)  # the model is stricter than the schema here
        if issues and self.validate == "strict":
            raise ResponseValidationError(
                operation,
                issues,
                http_status=raw.status_code,
                request_id=raw.request_id,
                content=raw.content,
            )
        if issues:
            logger.warning(
                "%s: response (request id %s) departs from the spec in %d place(s):\n%s",
                operation,
                printable(raw.request_id or "none", 100),
                len(issues),
                "\n".join(f"  {describe_issue(i)}" for i in issues),
            )
        if data is None:
            try:
                data = construct(model, raw.payload)
            except RecursionError:  # a recursive model and a body nested deeper than Python goes
                raise InvalidResponseError(
                    f"{operation}: the response is nested too deeply to build {model.__name__}",
                    http_status=raw.status_code,
                    request_id=raw.request_id,
                    content=raw.content,
                ) from None
            lenient = True
        return ApiResponse(
            data=data,
            status_code=raw.status_code,
            request_id=raw.request_id,
            headers=raw.headers,
            payload=raw.payload,
            content=raw.content,
            attempts=raw.attempts,
            issues=tuple(issues),
            lenient=lenient,
        )


class SyncClientCore(ClientCore):
    """The blocking client's plumbing; use it as a context manager or call :meth:`close`."""

    def __init__(
        self,
        *,
        http_client: httpx.Client | None = None,
        sleep: Sleep | None = None,
        random: Random | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        """See :class:`ClientCore` for ``options``. ``http_client`` replaces the connection
        pool (its transport, proxies and event hooks apply; its timeouts and default headers
        do not, since every request carries its own); ``sleep`` and ``random`` replace
        the waits and the jitter source between retries (for tests and custom schedulers)."""
        super().__init__(**options)
        with self._errors.rehoming():
            self._transport = SyncTransport(
                self.signer,
                error_classes=self.ERRORS_BY_CODE,
                retry=self.retry,
                timeouts=self.timeouts,
                http_client=http_client,
                sleep=sleep,
                random=random,
                max_response_bytes=self.max_response_bytes,
            )

    def _call(
        self,
        operation: str,
        params: Mapping[str, str],
        model: type[M],
        *,
        idempotent: bool,
        method: str = "POST",
        path: str = "/",
        body: Mapping[str, str] | None = None,
    ) -> ApiResponse[M]:
        with self._errors.rehoming():
            raw = self._transport.send(
                operation, params, idempotent=idempotent, method=method, path=path, body=body
            )
            return self._finish(operation, raw, model)

    def close(self) -> None:
        """Close the connection pool (unless an ``http_client`` was passed in)."""
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClientCore(ClientCore):
    """The async client's plumbing; use it with ``async with`` or await :meth:`aclose`."""

    def __init__(
        self,
        *,
        http_client: httpx.AsyncClient | None = None,
        sleep: AsyncSleep | None = None,
        random: Random | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        """See :class:`SyncClientCore`; ``sleep`` here is a coroutine function."""
        super().__init__(**options)
        with self._errors.rehoming():
            self._transport = AsyncTransport(
                self.signer,
                error_classes=self.ERRORS_BY_CODE,
                retry=self.retry,
                timeouts=self.timeouts,
                http_client=http_client,
                sleep=sleep,
                random=random,
                max_response_bytes=self.max_response_bytes,
            )

    async def _call(
        self,
        operation: str,
        params: Mapping[str, str],
        model: type[M],
        *,
        idempotent: bool,
        method: str = "POST",
        path: str = "/",
        body: Mapping[str, str] | None = None,
    ) -> ApiResponse[M]:
        with self._errors.rehoming():
            raw = await self._transport.send(
                operation, params, idempotent=idempotent, method=method, path=path, body=body
            )
            return self._finish(operation, raw, model)

    async def aclose(self) -> None:
        """Close the connection pool (unless an ``http_client`` was passed in)."""
        await self._transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


__all__ = [
    "VALIDATE_MODES",
    "AsyncClientCore",
    "ClientCore",
    "ClientOptions",
    "ServiceInfo",
    "SyncClientCore",
    "ValidateMode",
    "required_text",
    "required_value",
    "resolve_credentials",
]
