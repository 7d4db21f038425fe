# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/deadline.py.
# Do not edit by hand: change the original and run `make generate`.
"""A deadline for a whole call, enforced on every socket operation.

httpx's timeouts bound each read, so a server dripping a byte every half second keeps a
request alive forever. The client's own connection pools get a network backend whose
streams cap every connect, read and write timeout at the time left before the deadline of the
call in progress (held in a context variable, so it follows the calling thread or task).
Once the deadline passes, the next socket operation times out at once. With an
``http_client`` of the caller's the pools are left alone, and the transport checks the
deadline between reads of the body instead.
"""

from __future__ import annotations

import contextvars
import ssl
import time
from collections.abc import Iterable
from typing import Any

import httpx

from .errors import RequestTimeout

#: ``time.monotonic()`` by which the call in progress must end (None: no deadline).
DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "cccgen_deadline", default=None
)


def time_left(timeout: float | None) -> float | None:
    """``timeout`` capped at the time left before the deadline.

    Once the deadline has passed, raises :class:`RequestTimeout` itself: httpcore closes the
    connection and httpx lets an exception that is not httpcore's pass through unchanged.
    An operation cut short by the capped timeout raises httpx's own timeout, which the
    transport recognises as the deadline's by the clock.
    """
    deadline = DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise RequestTimeout("the call outlasted its total_timeout", phase="total")
    return left if timeout is None else min(timeout, left)


# The wrappers below follow httpcore's NetworkBackend/NetworkStream interfaces by duck typing
# (httpcore is httpx's dependency, not the package's).


class _Stream:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data: bytes = self._inner.read(max_bytes, time_left(timeout))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, time_left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> Any:
        left = time_left(timeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> Any:
        left = time_left(timeout)
        return _Stream(self._inner.connect_tcp(host, port, left, local_address, socket_options))

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> Any:
        left = time_left(timeout)
        return _Stream(self._inner.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _AsyncStream:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data: bytes = await self._inner.read(max_bytes, time_left(timeout))
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, time_left(timeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> Any:
        left = time_left(timeout)
        return _AsyncStream(await self._inner.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _AsyncBackend:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> Any:
        left = time_left(timeout)
        stream = await self._inner.connect_tcp(host, port, left, local_address, socket_options)
        return _AsyncStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> Any:
        left = time_left(timeout)
        return _AsyncStream(await self._inner.connect_unix_socket(path, left, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _pool_of(transport: object) -> Any:
    # httpx keeps its httpcore pool in `_pool` and the pool its backend in `_network_backend`
    # (httpx 0.28, httpcore 1.0). If either moves, the deadline falls back to body reads.
    pool = getattr(transport, "_pool", None)
    return pool if hasattr(pool, "_network_backend") else None


def enforce_deadlines(transport: httpx.HTTPTransport | httpx.AsyncHTTPTransport) -> bool:
    """Give ``transport``'s pool the deadline-aware backend; False when it cannot be done."""
    pool = _pool_of(transport)
    if pool is None:
        return False
    inner = pool._network_backend
    if isinstance(transport, httpx.AsyncHTTPTransport):
        if not isinstance(inner, _AsyncBackend):
            pool._network_backend = _AsyncBackend(inner)
    elif not isinstance(inner, _Backend):
        pool._network_backend = _Backend(inner)
    return True
