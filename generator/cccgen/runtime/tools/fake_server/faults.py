"""Faults queued on the fake server: throttle, fail and drop answers consumed in the order
they were queued, and delays held independently of them; then the standing ones: a rate limit
(throttling with a retry-after) and random 503s. Standard library only."""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Chaos", "Delay", "Fault", "FaultKind", "FaultQueue", "RateLimit"]

FaultKind = Literal["throttle", "fail", "drop"]


@dataclass
class Fault:
    """The next ``remaining`` requests get this answer instead of the record."""

    kind: FaultKind
    remaining: int
    status: int
    code: str
    retry_after_ms: int = 0


@dataclass
class Delay:
    """The next ``remaining`` answers are held ``seconds`` before being sent."""

    seconds: float
    remaining: int


def _check_count(count: int) -> None:
    if count < 1:
        raise ValueError("count must be at least 1")


class RateLimit:
    """A token bucket of ``rate`` requests a second (a burst of ``rate``, at least 1): a request
    without a token waits for the next one, which :meth:`take` returns in milliseconds."""

    def __init__(self, rate: float, clock: Callable[[], float]) -> None:
        if not rate > 0:
            raise ValueError("the rate limit must be positive")
        self.rate = rate
        self.capacity = max(1.0, rate)
        self.tokens = self.capacity
        self.clock = clock
        self.stamp = clock()

    def take(self) -> int:
        """0 when the request may pass (a token used), else the milliseconds to wait."""
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0
        return max(1, int((1.0 - self.tokens) / self.rate * 1000 + 0.999))


@dataclass
class Chaos:
    """Standing faults: a rate limit answering throttling errors, and random server errors
    (``rate`` of the requests, drawn from a seeded generator)."""

    limit: RateLimit | None = None
    throttle_status: int = 400
    throttle_code: str = "Throttling.User"
    fault_rate: float = 0.0
    fault_random: random.Random | None = None


class FaultQueue:
    """The queued faults and delays; every method is safe to call from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: deque[Fault] = deque()
        self._delays: deque[Delay] = deque()
        self._chaos = Chaos()

    def limit_rate(
        self,
        rate: float | None,
        *,
        status: int,
        code: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Answer requests beyond ``rate`` a second with ``code`` and a retry-after (None: no limit)."""
        with self._lock:
            self._chaos.limit = None if rate is None else RateLimit(rate, clock)
            self._chaos.throttle_status = status
            self._chaos.throttle_code = code

    def random_faults(self, rate: float, *, seed: int) -> None:
        """Answer a share ``rate`` (0 to 1) of the requests with a 503, drawn from ``seed``."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError("the fault rate must lie between 0 and 1")
        with self._lock:
            self._chaos.fault_rate = rate
            self._chaos.fault_random = random.Random(seed)

    def throttle(self, count: int, *, retry_after: float, status: int, code: str) -> None:
        """``retry_after`` in seconds, sent in whole milliseconds (at least 1)."""
        _check_count(count)
        if retry_after <= 0:
            raise ValueError("retry_after must be positive")
        retry_after_ms = max(1, round(retry_after * 1000))
        self._queue(Fault("throttle", count, status, code, retry_after_ms))

    def fail(self, count: int, *, status: int, code: str) -> None:
        _check_count(count)
        if not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        self._queue(Fault("fail", count, status, code))

    def drop(self, count: int) -> None:
        _check_count(count)
        self._queue(Fault("drop", count, 0, "(dropped)"))

    def delay(self, seconds: float, count: int) -> None:
        _check_count(count)
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        with self._lock:
            self._delays.append(Delay(seconds, count))

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._delays.clear()

    def _queue(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take_fault(self) -> Fault | None:
        """The fault the next answer gets, if any (counting it as used)."""
        with self._lock:
            if not self._faults:
                return self._standing()
            fault = self._faults[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.popleft()
            return fault

    def _standing(self) -> Fault | None:
        """The rate limit's throttling, else a random failure, else None (lock held)."""
        chaos = self._chaos
        if chaos.limit is not None:
            wait_ms = chaos.limit.take()
            if wait_ms:
                return Fault("throttle", 1, chaos.throttle_status, chaos.throttle_code, wait_ms)
        if chaos.fault_random is not None and chaos.fault_random.random() < chaos.fault_rate:
            return Fault("fail", 1, 503, "ServiceUnavailable")
        return None

    def take_delay(self) -> float:
        """Seconds to hold the next answer (0 when no delay is queued)."""
        with self._lock:
            if not self._delays:
                return 0.0
            delay = self._delays[0]
            delay.remaining -= 1
            if delay.remaining <= 0:
                self._delays.popleft()
            return delay.seconds
