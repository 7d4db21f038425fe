"""When to send a request again, and how long to wait first.

Retried: throttling, errors the spec marks retryable (5xx), connection failures and, for
read-only operations, timeouts. Never other 4xx. The wait is exponential backoff with full
jitter (a uniform draw in ``[0, min(max_delay, base_delay * 2**(retry - 1))]``), unless the
server named its own wait in ``x-acs-retry-after``: then exactly that wait, provided it is no
longer than ``max_retry_after``; a longer one ends the retries at once rather than hammering a
throttled API too early.

``x-acs-retry-after`` carries a positive whole number of milliseconds, as the official SDK
reads it (``alibabacloud_tea_openapi`` hands the value to a sleep that takes milliseconds).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Self

from .errors import ApiError, ConfigurationError, ConnectError, RequestTimeout

RETRY_AFTER_HEADER = "x-acs-retry-after"

Random = Callable[[], float]

_MAX_DIGITS = 15


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from ``x-acs-retry-after`` (milliseconds), or None when absent or unusable.

    Like the official SDK, only a positive integer counts; anything else is ignored. A number
    too long to be meant (over 15 digits, some 30,000 years) reads as 10**15 ms: a wait
    longer than any ``max_retry_after``, never a number too large to convert.
    """
    raw = headers.get(RETRY_AFTER_HEADER)
    if raw is None:
        raw = next((v for k, v in headers.items() if k.lower() == RETRY_AFTER_HEADER), None)
    if raw is None:
        return None
    text = raw.strip()
    if not text.isascii() or not text.isdigit():
        return None
    digits = text.lstrip("0") or "0"
    milliseconds = int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS
    if milliseconds <= 0:
        return None
    return milliseconds / 1000.0


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to try and how long to wait between tries. All times in seconds.

    ``max_attempts`` counts every try, the first included: 1 disables retries.
    """

    max_attempts: int = 3
    base_delay: float = 0.1
    max_delay: float = 5.0
    max_retry_after: float = 120.0
    retry_throttling: bool = True
    retry_server_errors: bool = True
    retry_connection_errors: bool = True
    retry_timeouts: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.max_attempts, bool) or not isinstance(self.max_attempts, int):
            raise ConfigurationError("max_attempts must be an integer")
        if self.max_attempts < 1:
            raise ConfigurationError("max_attempts must be at least 1")
        for name in ("base_delay", "max_delay", "max_retry_after"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value < 0
            ):
                raise ConfigurationError(f"{name} must be a finite number of seconds >= 0")

    @classmethod
    def disabled(cls) -> Self:
        """One attempt, no retries (an instance of the class it is called on: a subclass's
        `disabled()` is typed as that subclass, e.g. the generated package's `RetryPolicy`)."""
        return cls(max_attempts=1)

    def backoff(self, retry: int, random: Random) -> float:
        """The full-jitter wait before retry number ``retry`` (1 for the first retry)."""
        if retry < 1:
            raise ValueError("retry numbers start at 1")
        # The exponent is clamped so a huge retry number cannot overflow the float.
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** min(retry - 1, 64))
        fraction = random()
        if not 0.0 <= fraction <= 1.0:
            raise ValueError("random() must return a number within [0, 1]")
        return ceiling * fraction

    def is_retryable(self, error: Exception, *, idempotent: bool) -> bool:
        """Whether ``error`` is of a kind this policy retries."""
        if isinstance(error, ApiError):
            if error.throttling or error.retry_after is not None:
                return self.retry_throttling
            return error.retryable and self.retry_server_errors
        if isinstance(error, RequestTimeout):
            if error.phase == "total":
                return False  # the call's own deadline has passed: no time left to retry
            if error.phase in ("connect", "pool"):
                # Nothing reached the server: as safe to retry as a refused connection.
                return self.retry_connection_errors
            return idempotent and self.retry_timeouts
        if isinstance(error, ConnectError):
            # A connection lost mid-exchange may have delivered the request already.
            return self.retry_connection_errors and (idempotent or not error.maybe_sent)
        return False

    def next_delay(
        self, error: Exception, attempt: int, random: Random, *, idempotent: bool = True
    ) -> float | None:
        """Seconds to wait before the next try after ``attempt`` failed with ``error``,
        or None when there is to be no next try.

        ``attempt`` counts from 1 (the first try).
        """
        if attempt >= self.max_attempts or not self.is_retryable(error, idempotent=idempotent):
            return None
        if isinstance(error, ApiError) and error.retry_after is not None:
            if error.retry_after > self.max_retry_after:
                return None
            return error.retry_after
        return self.backoff(attempt, random)


__all__ = ["RETRY_AFTER_HEADER", "RetryPolicy", "parse_retry_after"]
