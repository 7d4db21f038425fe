# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/fake_server/faults.py.
# Do not edit by hand: change the original and run `make generate`.
"""Faults queued on the fake server: throttle, fail and drop answers consumed in the order
they were queued, and delays held independently of them. Standard library only."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Literal

__all__ = ["Delay", "Fault", "FaultKind", "FaultQueue"]

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


class FaultQueue:
    """The queued faults and delays; every method is safe to call from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: deque[Fault] = deque()
        self._delays: deque[Delay] = deque()

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
                return None
            fault = self._faults[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.popleft()
            return fault

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
