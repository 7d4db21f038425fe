# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/fake_server/server.py.
# Do not edit by hand: change the original and run `make generate`.
"""The :class:`FakeServer`: configuration, lifecycle (start, stop, address) and the calls a
test makes (records, faults, requests seen). The work is done by :mod:`.gateway`,
:mod:`.store`, :mod:`.faults` and :mod:`.answer`; :mod:`.fake_http` speaks HTTP. Standard
library only."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from ...core.collector import collector_paused
from ...core.credentials import Credentials, CredentialsError
from .answer import Answerer, ReceivedRequest
from .fake_http import HttpRequest, Outcome, QuietThreadingHTTPServer, make_handler
from .faults import FaultQueue
from .gateway import Gateway
from .operations import DEFAULT_ERRORS, FakeOperation, FakeServerError, checked_operations
from .store import RecordCheck, RecordStore
from .synthetic import SyntheticOptions, synthetic_records

#: ``operation -> its response's JSON Schema`` (None when unknown): what synthetic records fit.
SchemaLookup = Callable[[str], Mapping[str, Any] | None]

__all__ = ["FakeServer"]


class FakeServer:
    """A fake RPC endpoint on loopback; a context manager (``with FakeServer(...) as s``).

    ``operations`` maps action names to :class:`FakeOperation`; ``errors`` maps gateway
    error codes to ``(http_status, message)`` (the spec's, overriding :data:`DEFAULT_ERRORS`).
    Records come from ``records`` and from ``*.json`` files under ``data_dir``.
    ``clock`` (epoch seconds) checks request dates; inject one to test expiry.
    ``log`` receives one line per answer (never a secret, token or signature), one call at a
    time, in the shape :mod:`.fake_server` documents. ``record_check`` (operation, the
    success body a record would be served in) returns the ways that body departs from the
    spec; a record with any is refused with :class:`RecordValidationError`.
    """

    def __init__(
        self,
        *,
        operations: Mapping[str, FakeOperation],
        errors: Mapping[str, tuple[int, str]],
        access_key_id: str,
        access_key_secret: str,
        security_token: str | None = None,
        records: Iterable[Mapping[str, Any]] = (),
        data_dir: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        api_version: str = "2020-07-01",
        clock: Callable[[], float] | None = None,
        log: Callable[[str], None] | None = None,
        record_check: RecordCheck | None = None,
        response_schema: SchemaLookup | None = None,
    ) -> None:
        self._response_schema = response_schema
        try:
            self._credentials = Credentials(access_key_id, access_key_secret, security_token)
        except CredentialsError as exc:
            raise FakeServerError(str(exc)) from None
        checked = checked_operations(operations)
        self._errors: dict[str, tuple[int, str]] = {**DEFAULT_ERRORS, **errors}
        self._host = host
        self._port = port
        self._api_version = api_version
        self._store = RecordStore(checked, record_check)
        self._faults = FaultQueue()
        self._stopping = threading.Event()
        gateway = Gateway(self._credentials, checked, api_version, clock or time.time)
        self._answerer = Answerer(
            gateway=gateway,
            store=self._store,
            faults=self._faults,
            errors=self._errors,
            stopping=self._stopping,
            log=log,
            clock=clock or time.time,
        )
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        for record in records:
            self.add_record(record)
        if data_dir is not None:
            self._store.load_dir(Path(data_dir))

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        """Bind and serve in a background thread; returns ``self``. Idempotent."""
        if self._httpd is not None:
            return self
        try:
            httpd = QuietThreadingHTTPServer(
                (self._host, self._port), make_handler(), self._answerer
            )
        except OSError as exc:
            raise FakeServerError(
                f"cannot listen on {self._host}:{self._port}: {exc.strerror or exc}"
            ) from None
        self._stopping.clear()
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.name = f"FakeServer-{self.endpoint}"
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket; requests waiting in a delay end at once."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.server_close()
        if thread is not None:
            thread.join()
        self._httpd = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self._httpd is not None else "stopped"
        return (
            f"{type(self).__name__}({where}, access_key_id={self._credentials.access_key_id!r},"
            f" records={self.record_count})"
        )

    # ------------------------------------------------------------------ addresses

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise FakeServerError("the server is not started")
        return int(self._httpd.server_address[1])

    @property
    def endpoint(self) -> str:
        """``HOST:PORT``, the form Alibaba's SDK takes as ``endpoint``."""
        return f"{self._host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}"

    @property
    def credentials(self) -> Credentials:
        """The credentials the server accepts (masked in ``repr``)."""
        return self._credentials

    @property
    def api_version(self) -> str:
        return self._api_version

    # ------------------------------------------------------------------ records

    def add_record(self, record: Mapping[str, Any], operation: str | None = None) -> None:
        """Store a record (a CDR, or a whole envelope whose ``Data`` is used) for
        ``operation``, by default the operation whose match fields the record has (the most
        of them; a tie is refused). Operations that list that operation's records (for CCC,
        ListCallDetailRecords lists GetCallDetailRecord's) serve it too.

        A record replaces an earlier one with the same match values. Raises
        :class:`FakeServerError` when no operation can find it (a match field is missing
        or not a string).
        """
        self._store.add(record, operation)

    def add_response(self, operation: str, body: Mapping[str, Any]) -> None:
        """Answer every call of ``operation`` that passes the gateway with ``body`` (a whole
        success response; its ``RequestId`` is the request's), instead of its records or
        example. Checked like a record."""
        self._store.add_response(operation, body)

    def add_synthetic_records(self, options: SyntheticOptions) -> int:
        """Store ``options.count`` plausible records generated from the response schema of the
        operation a time-windowed listing lists (for CCC GetCallDetailRecord's, listed by
        ListCallDetailRecords); see :mod:`.synthetic`. Returns how many were stored."""
        listed = [op for op in self._store.operations.values() if op.listing and op.listing.window]
        if not listed:
            raise FakeServerError("no operation lists records by a time window")
        listing = listed[0].listing
        assert listing is not None and listing.window is not None
        source = self._store.operations[listing.records_of]
        schema = self._response_schema(source.name) if self._response_schema else None
        properties = (schema or {}).get("properties") or {}
        record_schema = properties.get(source.record_field)
        if not isinstance(record_schema, Mapping):
            raise FakeServerError(f"no response schema of {source.name} to generate records from")
        with collector_paused():  # the store's checks of each record: as many again
            records = synthetic_records(
                record_schema,
                options,
                time_field=listing.window.field,
                match=tuple(source.match.values()),
            )
            self._store.add_many(records, source.name, plain_json=True)
        return len(records)

    def stored_records(self, operation: str) -> list[dict[str, Any]]:
        """The records stored for ``operation``, in the order they were first given."""
        return self._store.records(operation)

    @property
    def record_count(self) -> int:
        return self._store.count()

    # ------------------------------------------------------------------ fault injection

    def throttle(
        self, count: int, *, retry_after: float = 1.0, code: str = "Throttling.User"
    ) -> None:
        """Answer the next ``count`` requests with a throttling error.

        ``retry_after`` is in seconds; the ``x-acs-retry-after`` header carries it in whole
        milliseconds (at least 1), which is how the official SDK reads the header.
        """
        status = self._errors.get(code, (400, ""))[0]
        self._faults.throttle(count, retry_after=retry_after, status=status, code=code)

    def fail(self, count: int, *, status: int = 503, code: str = "ServiceUnavailable") -> None:
        """Answer the next ``count`` requests with a server error (default 503)."""
        self._faults.fail(count, status=status, code=code)

    def drop(self, count: int = 1) -> None:
        """Close the connection of the next ``count`` requests without answering them."""
        self._faults.drop(count)

    def delay(self, seconds: float, count: int = 1) -> None:
        """Hold the answer to the next ``count`` requests for ``seconds`` before sending it."""
        self._faults.delay(seconds, count)

    def limit_rate(self, rate: float | None, *, code: str = "Throttling.User") -> None:
        """Answer requests beyond ``rate`` a second (a token bucket with a burst of ``rate``)
        with a throttling error whose ``x-acs-retry-after`` says, in milliseconds, when the
        next one will pass; ``None`` lifts the limit. Queued faults come first."""
        status = self._errors.get(code, (400, ""))[0]
        self._faults.limit_rate(rate, status=status, code=code)

    def random_faults(self, rate: float, *, seed: int = 0) -> None:
        """Answer a share ``rate`` (0 to 1) of the requests that pass the gateway and the rate
        limit with ``ServiceUnavailable`` (503), drawn from a generator seeded with ``seed``."""
        self._faults.random_faults(rate, seed=seed)

    def clear_faults(self) -> None:
        """Forget every queued throttle, failure and delay."""
        self._faults.clear()

    # ------------------------------------------------------------------ inspection

    @property
    def requests(self) -> list[ReceivedRequest]:
        """Every request answered so far, oldest first (a snapshot): refusals included, but
        not requests whose request line or headers did not parse."""
        return self._answerer.requests

    def clear_requests(self) -> None:
        self._answerer.clear_requests()

    # ------------------------------------------------------------------ answering

    def answer(self, request: HttpRequest) -> Outcome:
        """Answer, record and log one HTTP request."""
        return self._answerer.answer(request)

    def answer_unparsed(
        self, client: str, method: str, path: str, code: str, arg: str | None, started: float
    ) -> Outcome:
        """Answer and log a request that did not parse (not recorded in :attr:`requests`)."""
        return self._answerer.answer_unparsed(client, method, path, code, arg, started)

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
        """Answer one request without HTTP (also what :meth:`answer` does): ``refusal`` (an
        HTTP-level error code and its argument) answers that error instead of the checks."""
        return self._answerer.handle(method, path, raw_query, headers, body, refusal=refusal)
