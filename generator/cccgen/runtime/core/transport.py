"""Send signed requests over httpx, sync and async, with retries and typed errors.

One attempt: sign afresh (new nonce and date), send, read the answer (at most
``max_response_bytes`` once decompressed, see :mod:`.body`), turn a 4xx/5xx into the typed
error its code names. Between attempts: the :class:`~.retry.RetryPolicy` decides whether and
how long to wait. The whole call, retries and waits included, ends by ``total_timeout``
(see :mod:`.deadline`). Log records (logger ``<package>._runtime.core.transport``) carry
the operation, attempt, status, request id and timings; never a header, a query or a secret.
"""

from __future__ import annotations

import contextvars
import logging
import math
import random as _random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Self

import httpx

from .body import BoundedBody
from .client_options import DEFAULT_MAX_RESPONSE_BYTES
from .deadline import DEADLINE, enforce_deadlines
from .errors import (
    ApiError,
    ConfigurationError,
    ConnectError,
    InvalidResponseError,
    RequestTimeout,
    TransportError,
)
from .log_redaction import install_log_redaction, redact_url
from .responses import RawResponse, error_from_response, success_from_response
from .retry import Random, RetryPolicy
from .signer import PreparedRequest, RequestSigner
from .tls import pool_ssl_context

logger = logging.getLogger(__name__)

Sleep = Callable[[float], None]
AsyncSleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait to connect and for each read (write uses ``read``, pool ``connect``),
    and ``total`` for a whole call, retries and waits included."""

    connect: float | None = 5.0
    read: float | None = 10.0
    total: float | None = 60.0

    def __post_init__(self) -> None:
        for name in ("connect", "read", "total"):
            value = getattr(self, name)
            if value is None:
                continue
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or not value > 0
            ):
                label = "total_timeout" if name == "total" else f"{name} timeout"
                raise ConfigurationError(f"{label} must be a number of seconds > 0 or None")

    def to_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect, read=self.read, write=self.read, pool=self.connect
        )


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
    raise InvalidResponseError(
        f"unexpected HTTP status {status}", http_status=status, content=content
    )


_TIMEOUT_PHASES: tuple[tuple[type[httpx.TimeoutException], str], ...] = (
    (httpx.ConnectTimeout, "connect"),
    (httpx.ReadTimeout, "read"),
    (httpx.WriteTimeout, "write"),
    (httpx.PoolTimeout, "pool"),
)


def _past_deadline() -> bool:
    deadline = DEADLINE.get()
    return deadline is not None and time.monotonic() >= deadline - 0.001


def _transport_error(exc: httpx.TransportError, target: str, total: float | None) -> TransportError:
    """Our error for an httpx failure. The httpx exception is not chained: its request
    holds the signed URL, and with RPC V1 signing that URL carries the security token."""
    detail = redact_url(str(exc)) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException) and _past_deadline():
        return _total_timeout(target, total)
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


def _total_timeout(target: str, total: float | None) -> RequestTimeout:
    return RequestTimeout(
        f"the call took longer than its total_timeout ({total or 0:g} s) talking to {target}",
        phase="total",
    )


def _unreadable(exc: httpx.HTTPError, target: str) -> InvalidResponseError:
    # DecodingError and the like: not chained either (the request's URL is signed).
    detail = redact_url(str(exc)) or type(exc).__name__
    return InvalidResponseError(f"cannot read the answer from {target}: {detail}")


def check_max_response_bytes(value: object) -> int:
    """`value` if it is a whole number of bytes >= 1, else a ConfigurationError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError("max_response_bytes must be a whole number of bytes >= 1")
    return value


class _Base:
    def __init__(
        self,
        signer: RequestSigner,
        *,
        error_classes: Mapping[str, type[ApiError]],
        retry: RetryPolicy | None = None,
        timeouts: Timeouts | None = None,
        random: Random | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.signer = signer
        self.error_classes = dict(error_classes)
        self.retry = retry if retry is not None else RetryPolicy()
        self.timeouts = timeouts if timeouts is not None else Timeouts()
        self.max_response_bytes = check_max_response_bytes(max_response_bytes)
        self._random: Random = random if random is not None else _random.random
        self._target = signer.endpoint.base_url
        self._timeout_extension = self.timeouts.to_httpx().as_dict()
        install_log_redaction()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(signer={self.signer!r}, retry={self.retry!r}, "
            f"timeouts={self.timeouts!r})"
        )

    def _httpx_request(self, action: str, request: PreparedRequest) -> httpx.Request:
        # Built directly rather than through Client.request(): no URL or header merging with
        # client defaults (the signed headers are the whole set), no cookies attached.
        try:
            return httpx.Request(
                request.method,
                request.url,
                headers=request.headers,
                content=request.body or None,
                extensions={"timeout": self._timeout_extension},
            )
        except httpx.InvalidURL as exc:
            # A parameter too long for a URL (httpx stops at 64 KiB). Not chained, not quoted:
            # the URL is signed and may carry the security token.
            raise ConfigurationError(
                f"{action}: the request cannot be sent: {redact_url(str(exc))[:200]}"
                " (a parameter too long?)"
            ) from None

    def _start_deadline(self) -> contextvars.Token[float | None]:
        total = self.timeouts.total
        return DEADLINE.set(None if total is None else time.monotonic() + total)

    def _body(self, response: httpx.Response) -> BoundedBody:
        encoding = response.headers.get("content-encoding")
        return BoundedBody(encoding, self.max_response_bytes, response.status_code)

    def _check_deadline(self) -> None:
        """Between reads of a body: the check that also holds with a caller's http_client."""
        if _past_deadline():
            raise _total_timeout(self._target, self.timeouts.total)

    def _attempt_failed(self, exc: Exception) -> Exception:
        """The error to retry or raise for what one attempt raised."""
        if isinstance(exc, httpx.TransportError):
            return _transport_error(exc, self._target, self.timeouts.total)
        if isinstance(exc, httpx.HTTPError):
            return _unreadable(exc, self._target)
        if isinstance(exc, RequestTimeout) and exc.phase == "total":
            return _total_timeout(self._target, self.timeouts.total)  # named with the target
        return exc

    def _after_failure(
        self, action: str, error: Exception, attempt: int, idempotent: bool
    ) -> float | None:
        """Log a failed attempt; the wait before the next one, or None to give up."""
        delay = self.retry.next_delay(error, attempt, self._random, idempotent=idempotent)
        deadline = DEADLINE.get()
        if delay is not None and deadline is not None and time.monotonic() + delay >= deadline:
            delay = None  # the wait would outlast total_timeout: give up now
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
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(
            signer,
            error_classes=error_classes,
            retry=retry,
            timeouts=timeouts,
            random=random,
            max_response_bytes=max_response_bytes,
        )
        self._owns_client = http_client is None
        if http_client is None:
            pool = httpx.HTTPTransport(verify=pool_ssl_context(signer.endpoint.scheme))
            enforce_deadlines(pool)
            http_client = httpx.Client(
                timeout=self.timeouts.to_httpx(), follow_redirects=False, transport=pool
            )
        self._http = http_client
        self._sleep: Sleep = sleep if sleep is not None else time.sleep

    def send(
        self,
        action: str,
        params: Mapping[str, str],
        *,
        idempotent: bool = False,
        method: str = "POST",
        path: str = "/",
        body: Mapping[str, str] | None = None,
    ) -> RawResponse:
        """Call ``action`` (``body``: the form body's parameters, see
        :meth:`RequestSigner.prepare`); retries per the policy. Raises ApiError, TransportError,
        InvalidResponseError or ConfigurationError (all ServiceError)."""
        started = time.perf_counter()
        token = self._start_deadline()
        try:
            attempt = 0
            while True:
                attempt += 1
                try:
                    raw = self._attempt(action, params, attempt, method, path, body)
                except (httpx.HTTPError, ApiError, InvalidResponseError, RequestTimeout) as exc:
                    error = self._attempt_failed(exc)
                else:
                    self._log_success(action, raw, started)
                    return raw
                delay = self._after_failure(action, error, attempt, idempotent)
                if delay is None:
                    raise error
                if delay > 0:
                    self._sleep(delay)
        finally:
            DEADLINE.reset(token)

    def _attempt(
        self,
        action: str,
        params: Mapping[str, str],
        attempt: int,
        method: str,
        path: str,
        form: Mapping[str, str] | None,
    ) -> RawResponse:
        request = self.signer.prepare(action, params, method=method, path=path, body=form)
        outgoing = self._httpx_request(action, request)
        logger.debug("%s: attempt %d %s %s", action, attempt, request.method, self._target)
        response = self._http.send(outgoing, stream=True)
        try:
            body = self._body(response)
            for chunk in response.iter_raw():
                body.feed(chunk)
                self._check_deadline()
            content = body.finish()
        finally:
            response.close()
        headers = _lower_headers(response.headers)
        return _interpret(response.status_code, headers, content, attempt, self.error_classes)

    def close(self) -> None:
        if self._owns_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


async def _asyncio_sleep(seconds: float) -> None:
    # Imported here: asyncio is already loaded wherever this runs, and a program using only
    # the blocking client (`python -m ccc get`, export) need not load it (~10-40 ms of CPU).
    import asyncio

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
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(
            signer,
            error_classes=error_classes,
            retry=retry,
            timeouts=timeouts,
            random=random,
            max_response_bytes=max_response_bytes,
        )
        self._owns_client = http_client is None
        if http_client is None:
            pool = httpx.AsyncHTTPTransport(verify=pool_ssl_context(signer.endpoint.scheme))
            enforce_deadlines(pool)
            http_client = httpx.AsyncClient(
                timeout=self.timeouts.to_httpx(), follow_redirects=False, transport=pool
            )
        self._http = http_client
        self._sleep: AsyncSleep = sleep if sleep is not None else _asyncio_sleep

    async def send(
        self,
        action: str,
        params: Mapping[str, str],
        *,
        idempotent: bool = False,
        method: str = "POST",
        path: str = "/",
        body: Mapping[str, str] | None = None,
    ) -> RawResponse:
        """Async :meth:`SyncTransport.send`."""
        started = time.perf_counter()
        token = self._start_deadline()
        try:
            attempt = 0
            while True:
                attempt += 1
                try:
                    raw = await self._attempt(action, params, attempt, method, path, body)
                except (httpx.HTTPError, ApiError, InvalidResponseError, RequestTimeout) as exc:
                    error = self._attempt_failed(exc)
                else:
                    self._log_success(action, raw, started)
                    return raw
                delay = self._after_failure(action, error, attempt, idempotent)
                if delay is None:
                    raise error
                if delay > 0:
                    await self._sleep(delay)
        finally:
            DEADLINE.reset(token)

    async def _attempt(
        self,
        action: str,
        params: Mapping[str, str],
        attempt: int,
        method: str,
        path: str,
        form: Mapping[str, str] | None,
    ) -> RawResponse:
        request = self.signer.prepare(action, params, method=method, path=path, body=form)
        outgoing = self._httpx_request(action, request)
        logger.debug("%s: attempt %d %s %s", action, attempt, request.method, self._target)
        response = await self._http.send(outgoing, stream=True)
        try:
            body = self._body(response)
            async for chunk in response.aiter_raw():
                body.feed(chunk)
                self._check_deadline()
            content = body.finish()
        finally:
            await response.aclose()
        headers = _lower_headers(response.headers)
        return _interpret(response.status_code, headers, content, attempt, self.error_classes)

    async def aclose(self) -> None:
        if self._owns_client:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
