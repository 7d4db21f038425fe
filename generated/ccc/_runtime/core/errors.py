# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/errors.py.
# Do not edit by hand: change the original and run `make generate`.
"""The generic error classes of every generated client, under one root, :class:`ServiceError`.

::

    ServiceError
    ├── ConfigurationError        bad credentials, endpoint or options (also a ValueError)
    ├── ApiError                  the service answered with an error: code, message, request id
    │   ├── ClientError           4xx (and local required-parameter checks)
    │   │   └── ThrottlingError   throttled: retry later (``retry_after`` when the server said)
    │   └── ServerError           5xx
    ├── TransportError            no HTTP answer at all
    │   ├── ConnectError          could not connect (refused, DNS, TLS, reset)
    │   └── RequestTimeout        a connect, read, write, pool or total timeout (also a TimeoutError)
    ├── InvalidResponseError      an answer that is not what the operation returns (``content``)
    │   ├── ResponseValidationError   the answer departs from the spec (``issues``)
    │   └── ResponseTooLargeError     the body grew past ``max_response_bytes`` (``limit``)
    └── PageLimitError            a paged query holds more than one query can reach

Nothing here names a service. The generated ``errors`` module defines the service's own root
(``class CCCError(ServiceError)`` for CCC), a subclass of it for each class above, with the
same name (``ccc.ConnectError`` is both a ``ccc.CCCError`` and this ``ConnectError``), and one
class per error code the spec declares. The client turns each generic error the runtime
raises into the service's subclass of the same name (see :mod:`.error_table`), so catching
the service's root catches everything its client raises. No message built here ever holds an
AccessKey secret or a security token, and text from the server (code, message, request id)
reaches ``str()`` with its control characters escaped, so it cannot rewrite a terminal or
forge a log line.
"""

from __future__ import annotations

import builtins
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from .issues import Issue

# Categories escaped for display: controls (C0, C1, DEL), format characters (bidi overrides,
# zero-width), and the Unicode line and paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp"})
_SHOWN = 500  # characters of server text shown in a message


def printable(text: str, limit: int = _SHOWN) -> str:
    """``text`` safe for one line of a terminal or log: control and format characters become
    ``\\xNN``/``\\uNNNN`` escapes, and past ``limit`` characters it is cut with an ellipsis."""
    cut = len(text) > limit
    shown = text[:limit]
    if not shown.isprintable():
        shown = "".join(_escape(ch) for ch in shown)
    return shown + "…" if cut else shown


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if unicodedata.category(ch) not in _HIDDEN:
        return ch
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


class ServiceError(Exception):
    """Root of every exception a generated client raises (the generic one: each generated
    package has its own root under it)."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt without calling __init__ (whose keyword-only arguments the default
        # pickling cannot replay), so errors cross process boundaries intact.
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(cls: type[ServiceError], args: tuple[Any, ...], state: dict[str, Any]) -> ServiceError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class ConfigurationError(ServiceError, ValueError):
    """Credentials, endpoint or client options that cannot be used."""


class ApiError(ServiceError):
    """The service answered with an error.

    ``code`` and ``message`` come from the response body (``None`` when the body had none),
    ``request_id`` from the body or the ``x-acs-request-id`` header, ``http_status`` from the
    status line. ``retry_after`` is the wait in seconds the server asked for (from
    ``x-acs-retry-after``), if any. ``body`` is the parsed error body, when it was a JSON object.
    For an error detected locally, before anything was sent, ``request_id`` and ``http_status``
    are ``None``.
    """

    #: The error code a subclass stands for (``None`` on the generic classes).
    error_code: ClassVar[str | None] = None
    #: Whether the same request may succeed if sent again.
    retryable: ClassVar[bool] = False
    #: Whether this error means the caller was throttled.
    throttling: ClassVar[bool] = False
    #: The HTTP status the spec gives this error code (``None`` on the generic classes).
    default_http_status: ClassVar[int | None] = None

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        request_id: str | None = None,
        http_status: int | None = None,
        retry_after: float | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> None:
        self.code = code if code is not None else self.error_code
        self.message = message
        self.request_id = request_id
        self.http_status = http_status
        self.retry_after = retry_after
        self.body = dict(body) if body is not None else None
        #: Tries made before this error was raised (set by the transport).
        self.attempts = 1
        super().__init__(self._describe())

    @property
    def is_local(self) -> bool:
        """True when the error was detected before any request was sent."""
        return self.http_status is None

    def _describe(self) -> str:
        # Code, message and request id come from the server: escaped, and cut when long.
        code = printable(self.code, 100) if self.code else None
        message = printable(self.message) if self.message else self.message
        head = f"{code}: {message}" if code else (message or "API error")
        facts = []
        if self.http_status is not None:
            facts.append(f"HTTP {self.http_status}")
        else:
            facts.append("not sent")
        if self.request_id:
            facts.append(f"request id {printable(self.request_id, 100)}")
        if self.retry_after is not None:
            facts.append(f"retry after {self.retry_after:g} s")
        return f"{head} ({', '.join(facts)})"

    def __str__(self) -> str:
        return self._describe()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, message={self.message!r}, "
            f"request_id={self.request_id!r}, http_status={self.http_status!r})"
        )


class ClientError(ApiError):
    """A 4xx answer: the request itself was wrong. Sending it again will not help."""


class ThrottlingError(ClientError):
    """The caller was throttled; ``retry_after`` holds the server's wait, when it gave one."""

    retryable = True
    throttling = True


class ServerError(ApiError):
    """A 5xx answer: the service failed. Usually worth retrying."""

    retryable = True


class TransportError(ServiceError):
    """No HTTP answer was received. ``attempts`` counts the tries made."""

    def __init__(self, message: str, *, attempts: int = 1) -> None:
        self.attempts = attempts
        super().__init__(message)


class ConnectError(TransportError):
    """The connection could not be made or was lost (refused, DNS, TLS, reset).

    ``maybe_sent`` is True when the connection broke after the request may have gone out.
    """

    def __init__(self, message: str, *, maybe_sent: bool = False, attempts: int = 1) -> None:
        self.maybe_sent = maybe_sent
        super().__init__(message, attempts=attempts)


class RequestTimeout(TransportError, builtins.TimeoutError):
    """A timeout; ``phase`` is ``connect``, ``read``, ``write``, ``pool``, or ``total`` when
    the whole call (retries and waits included) outlasted the client's ``total_timeout``."""

    def __init__(self, message: str, *, phase: str, attempts: int = 1) -> None:
        self.phase = phase
        super().__init__(message, attempts=attempts)


class InvalidResponseError(ServiceError):
    """The answer cannot be what the operation returns (not JSON, wrong shape, bad status).

    ``content`` is the body exactly as received (``None`` when none was read); ``text`` the
    same decoded as UTF-8. Neither appears in ``str()`` or ``repr()``.
    """

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        request_id: str | None = None,
        content: bytes | None = None,
    ) -> None:
        self.http_status = http_status
        self.request_id = request_id
        self.content = content
        super().__init__(message)

    @property
    def text(self) -> str | None:
        """The body decoded as UTF-8 (undecodable bytes replaced), or None without a body."""
        return None if self.content is None else self.content.decode("utf-8", "replace")


class ResponseValidationError(InvalidResponseError):
    """The answer departs from the spec; ``issues`` lists every departure found."""

    def __init__(
        self,
        operation: str,
        issues: Sequence[Issue],
        *,
        http_status: int | None = None,
        request_id: str | None = None,
        content: bytes | None = None,
    ) -> None:
        self.operation = operation
        self.issues = list(issues)
        count = len(self.issues)
        lines = [f"{operation}: the response has {count} issue{'s' if count != 1 else ''}"]
        lines += [f"  {describe_issue(issue)}" for issue in issues]
        super().__init__(
            "\n".join(lines), http_status=http_status, request_id=request_id, content=content
        )


class ResponseTooLargeError(InvalidResponseError):
    """The body, decompressed, grew past ``limit`` bytes (the client's ``max_response_bytes``);
    reading stopped there, so ``content`` is None."""

    def __init__(self, limit: int, *, http_status: int | None = None) -> None:
        self.limit = limit
        super().__init__(
            f"the response body is larger than max_response_bytes ({limit} bytes)",
            http_status=http_status,
        )


class PageLimitError(ServiceError):
    """A paged query holds more items than one query can reach (``max_pages`` pages of the
    page size: ``reachable``). ``total`` is page 1's TotalCount (``None`` when the answer had
    none and the last reachable page was full). Narrow the query (a shorter time window, a
    filter) so that it fits."""

    def __init__(self, operation: str, *, total: int | None, reachable: int) -> None:
        self.operation = operation
        self.total = total
        self.reachable = reachable
        held = f"holds {total} items" if total is not None else "holds more items"
        super().__init__(
            f"{operation}: the query {held}, more than one query can page through "
            f"({reachable}); narrow it (a shorter time window or a filter) and query again"
        )


def describe_issue(issue: Issue) -> str:
    """One line for an issue: its path (from the payload's keys, so escaped), message, keyword."""
    return f"{printable(issue.path or '/', 200)}: {printable(issue.message)} [{issue.keyword}]"


__all__ = [
    "ApiError",
    "ClientError",
    "ConfigurationError",
    "ConnectError",
    "InvalidResponseError",
    "PageLimitError",
    "RequestTimeout",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ServerError",
    "ServiceError",
    "ThrottlingError",
    "TransportError",
]
