# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/responses.py.
# Do not edit by hand: change the original and run `make generate`.
"""Read an HTTP answer: a successful JSON payload, or the typed error it stands for."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .error_table import service_class
from .errors import ApiError, ClientError, InvalidResponseError, ServerError, ThrottlingError
from .issues import Issue
from .retry import parse_retry_after

REQUEST_ID_HEADER = "x-acs-request-id"

T = TypeVar("T")


@dataclass(frozen=True)
class RawResponse:
    """A successful answer as received: status, headers (lower-case names), body and its JSON."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes = field(repr=False)
    payload: dict[str, Any] = field(repr=False)
    request_id: str | None
    attempts: int = 1


@dataclass(frozen=True)
class ApiResponse(Generic[T]):
    """The typed result of a call plus what the HTTP exchange said about it.

    ``data`` is the response model; ``payload`` the JSON object it was built from and
    ``content`` (``text``) the body exactly as received; ``attempts`` counts the tries it
    took; ``issues`` holds what the response validator found (empty when validation is off).
    ``lenient`` is True when the body does not fit the model: ``data`` was then built
    without validation (see :mod:`.lenient`), so a field may hold a value of another type.
    """

    data: T
    status_code: int
    request_id: str | None
    headers: Mapping[str, str] = field(repr=False)
    payload: dict[str, Any] = field(repr=False)
    content: bytes = field(repr=False)
    attempts: int = 1
    issues: tuple[Issue, ...] = ()
    lenient: bool = False

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.content.decode("utf-8", "replace")


def parse_json_object(content: bytes) -> dict[str, Any] | None:
    """The body as a JSON object, or None when it is not one (empty, HTML, an array...)."""
    if not content:
        return None
    try:
        value = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def request_id_of(body: Mapping[str, Any] | None, headers: Mapping[str, str]) -> str | None:
    """The request id from the body's ``RequestId``, else the ``x-acs-request-id`` header."""
    if body is not None:
        found = _text(body.get("RequestId")) or _text(body.get("requestId"))
        if found:
            return found
    return headers.get(REQUEST_ID_HEADER) or None


def error_from_response(
    status_code: int,
    headers: Mapping[str, str],
    content: bytes,
    error_classes: Mapping[str, type[ApiError]],
) -> ApiError:
    """The exception for a 4xx/5xx answer.

    The class is the one registered for the body's ``Code``; for an unknown code it is
    :class:`ThrottlingError` when ``x-acs-retry-after`` holds a positive wait (as the
    official SDK decides), else :class:`ClientError` for 4xx and :class:`ServerError` for 5xx
    (the service's own subclasses when ``error_classes`` is an ``ErrorTable``).
    """
    body = parse_json_object(content)
    code = message = None
    if body is not None:
        code = _text(body.get("Code")) or _text(body.get("code"))
        message = _text(body.get("Message")) or _text(body.get("message"))
    if message is None and body is None:
        message = f"HTTP {status_code} with a body that is not a JSON object"
    retry_after = parse_retry_after(headers)
    cls: type[ApiError]
    if code is not None and code in error_classes:
        cls = error_classes[code]
    elif retry_after is not None:
        cls = service_class(error_classes, ThrottlingError)
    elif status_code >= 500:
        cls = service_class(error_classes, ServerError)
    else:
        cls = service_class(error_classes, ClientError)
    return cls(
        message,
        code=code,
        request_id=request_id_of(body, headers),
        http_status=status_code,
        retry_after=retry_after,
        body=body,
    )


def success_from_response(
    status_code: int, headers: Mapping[str, str], content: bytes, attempts: int = 1
) -> RawResponse:
    """A 2xx answer whose body must be a JSON object; anything else is an InvalidResponseError."""
    body = parse_json_object(content)
    request_id = request_id_of(body, headers)
    if body is None:
        raise InvalidResponseError(
            f"HTTP {status_code} answer is not a JSON object",
            http_status=status_code,
            request_id=request_id,
            content=content,
        )
    return RawResponse(status_code, headers, content, body, request_id, attempts)
