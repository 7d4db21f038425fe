"""The retry policy on its own: which errors are retried, how long it waits, its bounds."""

from __future__ import annotations

import pytest
from ccc import (
    ClientError,
    ConfigurationError,
    ConnectError,
    InvalidResponseError,
    RequestTimeout,
    RetryPolicy,
    ServerError,
    ThrottlingError,
)
from ccc._runtime.core.retry import parse_retry_after
from ccc.errors import (
    InternalError,
    ParameterBlankError,
    ServiceUnavailableError,
    SignatureDoesNotMatchError,
    ThrottlingUserError,
)
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1500", 1.5),
        ("1", 0.001),
        (" 250 ", 0.25),
        ("0", None),
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        ("١٢", None),  # Unicode digits are not an HTTP header number
        ("000", None),
        ("0002000", 2.0),
        ("9" * 15, 999_999_999_999.999),
        ("9" * 5000, 1e12),  # beyond int()'s 4,300 digits: read as 10**15 ms, not a ValueError
        ("0" * 5000 + "7", 0.007),
    ],
)
def test_retry_after_header_is_positive_whole_milliseconds(
    value: str, seconds: float | None
) -> None:
    assert parse_retry_after({"x-acs-retry-after": value}) == seconds


def test_retry_after_header_name_is_case_insensitive_and_optional() -> None:
    assert parse_retry_after({"X-Acs-Retry-After": "2000"}) == 2.0
    assert parse_retry_after({}) is None


def test_backoff_is_full_jitter_under_an_exponential_ceiling() -> None:
    policy = RetryPolicy(base_delay=0.1, max_delay=1.0)
    assert [policy.backoff(n, lambda: 1.0) for n in (1, 2, 3, 4, 5, 6)] == [
        0.1,
        0.2,
        0.4,
        0.8,
        1.0,
        1.0,
    ]
    assert policy.backoff(3, lambda: 0.0) == 0.0
    assert policy.backoff(3, lambda: 0.5) == pytest.approx(0.2)
    assert policy.backoff(10_000, lambda: 1.0) == 1.0  # no overflow for huge retry numbers


@given(
    retry=st.integers(min_value=1, max_value=200),
    fraction=st.floats(min_value=0.0, max_value=1.0),
    base=st.floats(min_value=0.0, max_value=10.0),
    cap=st.floats(min_value=0.0, max_value=60.0),
)
def test_backoff_never_leaves_its_bounds(
    retry: int, fraction: float, base: float, cap: float
) -> None:
    delay = RetryPolicy(base_delay=base, max_delay=cap).backoff(retry, lambda: fraction)
    assert 0.0 <= delay <= min(cap, base * 2 ** min(retry - 1, 64)) + 1e-12


def test_a_random_source_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        RetryPolicy().backoff(1, lambda: 1.5)


def throttled(retry_after: float | None = None) -> ThrottlingUserError:
    return ThrottlingUserError("slow down", http_status=400, retry_after=retry_after)


@pytest.mark.parametrize(
    "error",
    [
        throttled(),
        ThrottlingError("unknown throttling code", code="Flow.Limited", http_status=429),
        ServiceUnavailableError("down", http_status=503),
        InternalError("oops", http_status=500),
        ServerError("unknown 5xx", code="Weird", http_status=502),
        ConnectError("refused"),
        RequestTimeout("slow", phase="read"),
        RequestTimeout("slow", phase="connect"),
    ],
    ids=lambda e: type(e).__name__ + getattr(e, "phase", ""),
)
def test_throttling_5xx_connection_errors_and_timeouts_are_retried(error: Exception) -> None:
    assert RetryPolicy().next_delay(error, 1, lambda: 1.0) is not None


@pytest.mark.parametrize(
    "error",
    [
        SignatureDoesNotMatchError("bad signature", http_status=400),
        ParameterBlankError("blank", http_status=400),
        ClientError("unknown 4xx", code="Forbidden.RAM", http_status=403),
        InvalidResponseError("not JSON", http_status=200),
        ValueError("not ours"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_other_4xx_and_bad_answers_are_never_retried(error: Exception) -> None:
    assert RetryPolicy(max_attempts=10).next_delay(error, 1, lambda: 1.0) is None


def test_attempts_are_bounded() -> None:
    policy = RetryPolicy(max_attempts=3)
    error = ServiceUnavailableError("down", http_status=503)
    assert policy.next_delay(error, 1, lambda: 1.0) is not None
    assert policy.next_delay(error, 2, lambda: 1.0) is not None
    assert policy.next_delay(error, 3, lambda: 1.0) is None
    assert RetryPolicy.disabled().next_delay(error, 1, lambda: 1.0) is None


def test_the_servers_wait_is_honoured_exactly_unless_too_long() -> None:
    policy = RetryPolicy(max_retry_after=10.0, max_delay=0.001)
    assert policy.next_delay(throttled(2.5), 1, lambda: 0.0) == 2.5
    # A wait beyond max_retry_after ends the retries: sooner would only be throttled again.
    assert policy.next_delay(throttled(11.0), 1, lambda: 0.0) is None
    # A retry-after on a 503 is honoured too.
    unavailable = ServiceUnavailableError("down", http_status=503, retry_after=0.3)
    assert policy.next_delay(unavailable, 1, lambda: 0.0) == 0.3


def test_each_kind_of_retry_can_be_switched_off() -> None:
    assert RetryPolicy(retry_throttling=False).next_delay(throttled(), 1, lambda: 1) is None
    five_xx = ServiceUnavailableError("down", http_status=503)
    assert RetryPolicy(retry_server_errors=False).next_delay(five_xx, 1, lambda: 1) is None
    refused = ConnectError("refused")
    assert RetryPolicy(retry_connection_errors=False).next_delay(refused, 1, lambda: 1) is None
    read = RequestTimeout("slow", phase="read")
    assert RetryPolicy(retry_timeouts=False).next_delay(read, 1, lambda: 1) is None


def test_work_that_may_have_reached_the_server_is_retried_only_when_idempotent() -> None:
    policy = RetryPolicy()
    read = RequestTimeout("slow", phase="read")
    lost = ConnectError("reset", maybe_sent=True)
    assert policy.next_delay(read, 1, lambda: 1, idempotent=False) is None
    assert policy.next_delay(lost, 1, lambda: 1, idempotent=False) is None
    # Nothing was sent when the connection was never made.
    assert policy.next_delay(ConnectError("refused"), 1, lambda: 1, idempotent=False) is not None
    connect = RequestTimeout("slow", phase="connect")
    assert policy.next_delay(connect, 1, lambda: 1, idempotent=False) is not None


@pytest.mark.parametrize(
    "options",
    [
        {"max_attempts": 0},
        {"max_attempts": 2.5},
        {"max_attempts": True},
        {"base_delay": -1},
        {"max_delay": float("nan")},
        {"max_retry_after": float("inf")},
        {"base_delay": "1"},
    ],
)
def test_nonsense_settings_are_refused_clearly(options: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        RetryPolicy(**options)  # type: ignore[arg-type]
