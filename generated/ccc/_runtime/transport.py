# Copied by cccgen 0.1.0 from generator/cccgen/runtime/transport.py.
# Do not edit by hand: change the original and run `make generate`.
"""Send signed requests over httpx, sync and async, with retries and typed errors.

One attempt: sign afresh (new nonce and date), send, read the answer, turn a 4xx/5xx into
the typed error its code names. Between attempts: the :class:`~.retry.RetryPolicy` decides
whether and how long to wait. Log records (logger ``<package>._runtime.transport``) carry
the operation, attempt, status, request id and timings; never a header, a query or a secret.
"""

from __future__ import annotations

import asyncio
import logging
import random as _random
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Self

import httpx

from .errors import (
    ApiError,
    ConfigurationError,
    ConnectError,
    InvalidResponseError,
    RequestTimeout,
    TransportError,
)
from .responses import RawResponse, error_from_response, success_from_response
from .retry import Random, RetryPolicy
from .signer import PreparedRequest, RequestSigner

logger = logging.getLogger(__name__)

Sleep = Callable[[float], None]
AsyncSleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait to connect and for each read; write uses ``read``, pool ``connect``."""

    connect: float | None = 5.0
    read: float | None = 10.0

    def __post_init__(self) -> None:
        for name in ("connect", "read"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ConfigurationError(f"{name} timeout must be a number of seconds > 0 or None")

    def to_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect, read=self.read, write=self.read, pool=self.connect
        )


# ----------------------------------------------------------------------- log redaction

# httpx logs every request URL at INFO; with RPC V1 signing the URL carries the security
# token. This filter, installed once on the "httpx" logger, masks such query values.
_SECRET_QUERY = re.compile(r"((?:^|[?&])(?:SecurityToken|Signature|AccessKeySecret)=)[^&\s\"']*")


def redact_url(text: str) -> str:
    """Mask the values of ``SecurityToken``/``Signature`` query parameters in ``text``."""
    return _SECRET_QUERY.sub(r"\1***", text)


class _RedactQuerySecrets(logging.Filter):
    marker = "cccgen-redact-query-secrets"

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                redact_url(str(arg)) if isinstance(arg, httpx.URL | str) else arg
                for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = redact_url(record.msg)
        return True


def install_log_redaction() -> None:
    """Mask secrets in the httpx logger's records (idempotent, across package copies)."""
    httpx_logger = logging.getLogger("httpx")
    if not any(
        getattr(f, "marker", None) == _RedactQuerySecrets.marker for f in httpx_logger.filters
    ):
        httpx_logger.addFilter(_RedactQuerySecrets())


# ----------------------------------------------------------------------- one attempt


def _lower_headers(headers: httpx.Headers) -> dict[str, str]:
    # From the raw bytes: httpx.Headers.items() re-detects the encoding for every item.
    lowered: dict[str, str] = {}
    for name, value in headers.raw:
        key = name.decode("latin-1").lower()
        text = value.decode("latin-1")
        lowered[key] = f"{lowered[key]}, {text}" if key in lowered else text
    return lowered


def _interpret(
    status: int,
    headers: dict[str, str],
    content: bytes,
    attempt: int,
    error_classes: Mapping[str, type[ApiError]],
) -> RawResponse:
    if 200 <= status < 300:
        return success_from_response(status, headers, content, attempt)
    if status >= 400:
        raise error_from_response(status, headers, content, error_classes)
    raise InvalidResponseError(f"unexpected HTTP status {status}", http_status=status)


_TIMEOUT_PHASES: tuple[tuple[type[httpx.TimeoutException], str], ...] = (
    (httpx.ConnectTimeout, "connect"),
    (httpx.ReadTimeout, "read"),
    (httpx.WriteTimeout, "write"),
    (httpx.PoolTimeout, "pool"),
)


def _transport_error(exc: httpx.TransportError, target: str) -> TransportError:
    """Our error for an httpx failure. The httpx exception is not chained: its request
    holds the signed URL, and with RPC V1 signing that URL carries the security token."""
    detail = redact_url(str(exc)) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        phase = next((p for cls, p in _TIMEOUT_PHASES if isinstance(exc, cls)), "read")
        return RequestTimeout(f"{phase} timeout talking to {target}: {detail}", phase=phase)
    if isinstance(exc, httpx.ConnectError):
        return ConnectError(f"cannot connect to {target}: {detail}")
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        return ConnectError(f"connection to {target} failed: {detail}", maybe_sent=True)
    if isinstance(exc, httpx.ProxyError | httpx.UnsupportedProtocol):
        return ConnectError(f"cannot reach {target}: {detail}")
    return ConnectError(f"request to {target} failed: {detail}", maybe_sent=True)


class _Base:
    def __init__(
        self,
        signer: RequestSigner,
        *,
        error_classes: Mapping[str, type[ApiError]],
        retry: RetryPolicy | None = None,
        timeouts: Timeouts | None = None,
        random: Random | None = None,
    ) -> None:
        self.signer = signer
        self.error_classes = dict(error_classes)
        self.retry = retry if retry is not None else RetryPolicy()
        self.timeouts = timeouts if timeouts is not None else Timeouts()
        self._random: Random = random if random is not None else _random.random
        self._target = signer.endpoint.base_url
        self._timeout_extension = self.timeouts.to_httpx().as_dict()
        install_log_redaction()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(signer={self.signer!r}, retry={self.retry!r}, "
            f"timeouts={self.timeouts!r})"
        )

    def _httpx_request(self, request: PreparedRequest) -> httpx.Request:
        # Built directly rather than through Client.request(): no URL or header merging with
        # client defaults (the signed headers are the whole set), no cookies attached.
        return httpx.Request(
            request.method,
            request.url,
            headers=request.headers,
            extensions={"timeout": self._timeout_extension},
        )

    def _after_failure(
        self, action: str, error: Exception, attempt: int, idempotent: bool
    ) -> float | None:
        """Log a failed attempt; the wait before the next one, or None to give up."""
        delay = self.retry.next_delay(error, attempt, self._random, idempotent=idempotent)
        limit = self.retry.max_attempts
        if delay is None:
            logger.debug(
                "%s: attempt %d/%d failed, not retrying: %s", action, attempt, limit, error
            )
            if isinstance(error, TransportError | ApiError):
                error.attempts = attempt
            return None
        logger.info(
            "%s: attempt %d/%d failed (%s); retrying in %.3f s",
            action,
            attempt,
            limit,
            error,
            delay,
        )
        return delay

    def _log_success(self, action: str, raw: RawResponse, started: float) -> None:
        logger.debug(
            "%s: HTTP %d, request id %s, %d attempt(s), %.1f ms",
            action,
            raw.status_code,
            raw.request_id,
            raw.attempts,
            (time.perf_counter() - started) * 1000,
        )


class SyncTransport(_Base):
    """Blocking transport over an ``httpx.Client`` (one connection pool per transport)."""

    def __init__(
        self,
        signer: RequestSigner,
        *,
        error_classes: Mapping[str, type[ApiError]],
        retry: RetryPolicy | None = None,
        timeouts: Timeouts | None = None,
        http_client: httpx.Client | None = None,
        sleep: Sleep | None = None,
        random: Random | None = None,
    ) -> None:
        super().__init__(
            signer, error_classes=error_classes, retry=retry, timeouts=timeouts, random=random
        )
        self._owns_client = http_client is None
        self._http = (
            http_client
            if http_client is not None
            else httpx.Client(timeout=self.timeouts.to_httpx(), follow_redirects=False)
        )
        self._sleep: Sleep = sleep if sleep is not None else time.sleep

    def send(
        self,
        action: str,
        params: Mapping[str, str],
        *,
        idempotent: bool = False,
        method: str = "POST",
        path: str = "/",
    ) -> RawResponse:
        """Call ``action``; retries per the policy. Raises ApiError, TransportError or
        InvalidResponseError (all CCCError)."""
        started = time.perf_counter()
        attempt = 0
        while True:
            attempt += 1
            request = self.signer.prepare(action, params, method=method, path=path)
            logger.debug("%s: attempt %d %s %s", action, attempt, request.method, self._target)
            try:
                response = self._http.send(self._httpx_request(request))
                raw = _interpret(
                    response.status_code,
                    _lower_headers(response.headers),
                    response.content,
                    attempt,
                    self.error_classes,
                )
            except httpx.TransportError as exc:
                error: Exception = _transport_error(exc, self._target)
            except (ApiError, InvalidResponseError) as exc:
                error = exc
            else:
                self._log_success(action, raw, started)
                return raw
            delay = self._after_failure(action, error, attempt, idempotent)
            if delay is None:
                raise error
            if delay > 0:
                self._sleep(delay)

    def close(self) -> None:
        if self._owns_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


async def _asyncio_sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)


class AsyncTransport(_Base):
    """Async transport over an ``httpx.AsyncClient``."""

    def __init__(
        self,
        signer: RequestSigner,
        *,
        error_classes: Mapping[str, type[ApiError]],
        retry: RetryPolicy | None = None,
        timeouts: Timeouts | None = None,
        http_client: httpx.AsyncClient | None = None,
        sleep: AsyncSleep | None = None,
        random: Random | None = None,
    ) -> None:
        super().__init__(
            signer, error_classes=error_classes, retry=retry, timeouts=timeouts, random=random
        )
        self._owns_client = http_client is None
        self._http = (
            http_client
            if http_client is not None
            else httpx.AsyncClient(timeout=self.timeouts.to_httpx(), follow_redirects=False)
        )
        self._sleep: AsyncSleep = sleep if sleep is not None else _asyncio_sleep

    async def send(
        self,
        action: str,
        params: Mapping[str, str],
        *,
        idempotent: bool = False,
        method: str = "POST",
        path: str = "/",
    ) -> RawResponse:
        """Async :meth:`SyncTransport.send`."""
        started = time.perf_counter()
        attempt = 0
        while True:
            attempt += 1
            request = self.signer.prepare(action, params, method=method, path=path)
            logger.debug("%s: attempt %d %s %s", action, attempt, request.method, self._target)
            try:
                response = await self._http.send(self._httpx_request(request))
                raw = _interpret(
                    response.status_code,
                    _lower_headers(response.headers),
                    response.content,
                    attempt,
                    self.error_classes,
                )
            except httpx.TransportError as exc:
                error: Exception = _transport_error(exc, self._target)
            except (ApiError, InvalidResponseError) as exc:
                error = exc
            else:
                self._log_success(action, raw, started)
                return raw
            delay = self._after_failure(action, error, attempt, idempotent)
            if delay is None:
                raise error
            if delay > 0:
                await self._sleep(delay)

    async def aclose(self) -> None:
        if self._owns_client:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
