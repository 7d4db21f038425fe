# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/moments.py.
# Do not edit by hand: change the original and run `make generate`.
"""Moments on the command line: ISO 8601 or Unix milliseconds, to epoch milliseconds; and a
window ``T1/T2`` of two of them. Standard library only."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from ..core.errors import printable

__all__ = ["MomentError", "format_moment", "parse_moment", "parse_window"]

_DIGITS = re.compile(r"-?[0-9]{1,16}\Z")


class MomentError(ValueError):
    """A moment or window that cannot be read; the message says what was expected."""


def parse_moment(text: str) -> int:
    """Epoch milliseconds of ``text``: Unix milliseconds (digits), or an ISO 8601 date or
    date-time (``2026-12-01``, ``2026-12-01T08:00:00+08:00``, ``...Z``); a date-time
    without an offset is UTC."""
    value = text.strip()
    if _DIGITS.match(value):
        return int(value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise MomentError(
            f"'{printable(value, 60)}' is neither Unix milliseconds nor an ISO 8601 date-time"
            " (e.g. 2026-12-01T00:00:00+08:00)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def parse_window(text: str) -> tuple[int, int]:
    """``T1/T2`` as the half-open ``(start_ms, end_ms)``; the end must come after the start."""
    first, slash, second = text.partition("/")
    if not slash:
        raise MomentError("expected a window START/END (ISO 8601 or Unix milliseconds)")
    start, end = parse_moment(first), parse_moment(second)
    if end <= start:
        raise MomentError("the window's end must come after its start")
    return start, end


def format_moment(ms: int) -> str:
    """``ms`` as an ISO 8601 UTC date-time with milliseconds (for messages)."""
    try:
        moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    except (ValueError, OverflowError, OSError):  # beyond the years datetime knows
        return f"{ms} ms"
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
