# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/fake_server/answer.py.
# Do not edit by hand: change the original and run `make generate`.
"""One request in, one answer out: the gateway's checks, the queued faults, then what the
operation answers (:mod:`.respond`); every answer is recorded (:class:`ReceivedRequest`) and logged. Standard library
only."""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .fake_http import HttpRequest, Outcome, SerialLog, escape_text, log_line
from .faults import FaultQueue
from .gateway import Gateway, GatewayRequest, Reject, RequestAuth, blank_parameter, parse_request
from .respond import error_body, respond
from .store import RecordStore

__all__ = ["MAX_REQUESTS_KEPT", "Answerer", "ReceivedRequest"]

# `FakeServer.requests` keeps the most recent requests only, so a long `serve` run stays small.
MAX_REQUESTS_KEPT = 10_000
_MASKED = "***"
_SECRET_HEADERS = frozenset({"authorization", "x-acs-security-token"})
_SECRET_PARAMS = frozenset({"Signature", "SecurityToken"})


@dataclass(frozen=True, repr=False)
class ReceivedRequest:
    """What the server saw of one request, and how it answered.

    ``headers`` has lower-case names. ``auth`` is ``"V3"``, ``"RPC"`` or ``None`` (no
    signature); ``verified`` is true once the signature checked out. The fields hold what
    was sent; ``repr`` masks signatures and security tokens. ``status`` is 0 for a request
    whose connection was dropped on purpose (:meth:`FakeServer.drop`).
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    params: dict[str, str]
    action: str | None
    auth: str | None
    access_key_id: str | None
    verified: bool
    status: int
    code: str
    request_id: str

    def __repr__(self) -> str:
        headers = {k: (_MASKED if k in _SECRET_HEADERS else v) for k, v in self.headers.items()}
        params = {k: (_MASKED if k in _SECRET_PARAMS else v) for k, v in self.params.items()}
        return (
            f"ReceivedRequest(method={self.method!r}, path={self.path!r}, "
            f"action={self.action!r}, auth={self.auth!r}, "
            f"access_key_id={self.access_key_id!r}, verified={self.verified!r}, "
            f"status={self.status!r}, code={self.code!r}, request_id={self.request_id!r}, "
            f"params={params!r}, headers={headers!r}, body=<{len(self.body)} bytes>)"
        )


def _new_request_id() -> str:
    return str(uuid.uuid4()).upper()


class Answerer:
    """Answers requests from the gateway, the fault queue and the store; keeps the most
    recent :class:`ReceivedRequest` (safe from any thread). ``stopping`` ends a delay."""

    def __init__(
        self,
        *,
        gateway: Gateway,
        store: RecordStore,
        faults: FaultQueue,
        errors: Mapping[str, tuple[int, str]],
        stopping: threading.Event,
        log: Callable[[str], None] | None,
        clock: Callable[[], float],
    ) -> None:
        self._gateway = gateway
        self._clock = clock
        self._store = store
        self._faults = faults
        self._errors = errors
        self._stopping = stopping
        self._log = SerialLog(log) if log is not None else None
        self._lock = threading.Lock()
        self._received: deque[ReceivedRequest] = deque(maxlen=MAX_REQUESTS_KEPT)

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._lock:
            return list(self._received)

    def clear_requests(self) -> None:
        with self._lock:
            self._received.clear()

    def error(self, code: str, request_id: str, arg: str | None = None) -> Outcome:
        """The answer for a gateway error code (``arg``, from the request, is escaped)."""
        status, message = self._errors.get(code, (400, code))
        if "%s" in message:
            message = message.replace("%s", escape_text(arg, 120) if arg else "")
        return error_body(request_id, code, message, status)

    def answer(self, request: HttpRequest) -> Outcome:
        """Answer, record and log one HTTP request (the HTTP handler calls this)."""
        path, _, raw_query = request.target.partition("?")
        outcome, received = self.handle(
            request.method,
            path,
            raw_query,
            request.headers,
            request.body,
            refusal=request.refusal,
        )
        self._log_line(
            request.client,
            request.method,
            path,
            outcome.status,
            received.code,
            request.started,
            received.request_id,
            received,
        )
        return outcome

    def answer_unparsed(
        self, client: str, method: str, path: str, code: str, arg: str | None, started: float
    ) -> Outcome:
        """Answer and log a request that did not parse (not recorded in :attr:`requests`)."""
        request_id = _new_request_id()
        outcome = self.error(code, request_id, arg)
        outcome.headers["x-acs-request-id"] = request_id
        self._log_line(client, method, path, outcome.status, code, started, request_id)
        return outcome

    def handle(
        self,
        method: str,
        path: str,
        raw_query: str,
        headers: Mapping[str, str],
        body: bytes,
        *,
        refusal: tuple[str, str | None] | None = None,
    ) -> tuple[Outcome, ReceivedRequest]:
        """Answer and record one request; ``refusal`` (an HTTP-level error code and its
        argument) answers that error instead of going through the gateway's checks."""
        request_id = _new_request_id()
        lowered = {k.lower(): v for k, v in headers.items()}
        auth = RequestAuth()
        query: dict[str, str] = {}
        params: dict[str, str] = {}
        try:
            if refusal is not None:
                raise Reject(*refusal)
            query, params = parse_request(raw_query, lowered, body)
            request = GatewayRequest(method, path, query, params, lowered, body)
            outcome = self._answer(request, request_id, auth)
        except Reject as reject:
            outcome = self.error(reject.code, request_id, reject.arg)
        except Exception:  # noqa: BLE001 - any bug (or a broken clock) still answers: 500
            outcome = self.error("InternalError", request_id)
        outcome.headers.setdefault("x-acs-request-id", request_id)
        received = ReceivedRequest(
            method=method,
            path=path,
            query=query,
            headers=lowered,
            body=body,
            params=params,
            action=auth.action,
            auth=auth.auth,
            access_key_id=auth.access_key_id,
            verified=auth.verified,
            status=outcome.status,
            code=str(outcome.body.get("Code", "")),
            request_id=request_id,
        )
        with self._lock:
            self._received.append(received)
        return outcome, received

    def _answer(self, request: GatewayRequest, request_id: str, auth: RequestAuth) -> Outcome:
        op = self._gateway.admit(request, auth)
        params = request.params
        blank = blank_parameter(op, params)
        if blank is not None:
            message = op.blank_message.replace("%s", blank)
            return error_body(request_id, op.blank_code, message, op.blank_status)
        seconds = self._faults.take_delay()
        if seconds > 0:
            self._stopping.wait(seconds)
        fault = self._faults.take_fault()
        if fault is not None and fault.kind == "drop":
            return Outcome(0, {"Code": fault.code})
        if fault is not None:
            outcome = self.error(fault.code, request_id)
            outcome.status = fault.status
            outcome.body["HttpStatusCode"] = fault.status
            if fault.kind == "throttle":
                outcome.headers["x-acs-retry-after"] = str(fault.retry_after_ms)
            return outcome
        return respond(op, params, request_id, self._store, self._clock)

    def _log_line(
        self,
        client: str,
        method: str,
        path: str,
        status: int,
        code: str,
        started: float,
        request_id: str,
        received: ReceivedRequest | None = None,
    ) -> None:
        """One log line; ``received`` is ``None`` for a request that did not parse."""
        if self._log is None:
            return
        self._log(
            log_line(
                client=client,
                method=method,
                path=path,
                action=received.action if received else None,
                auth=received.auth if received else None,
                key=received.access_key_id if received else None,
                status=status,
                code=code,
                ms=(time.perf_counter() - started) * 1000,
                request_id=request_id,
            )
        )
